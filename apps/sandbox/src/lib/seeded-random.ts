/**
 * The emulations' one source of generated data: the same seed gives the same data on every start, on
 * every machine. Two forms of it: a stream (mulberry32, 32-bit state) for data generated in order, and
 * a hash of (seed, position…) for data generated on demand (a million Dub links cost nothing until a
 * page of them is asked for). Each emulation's starting state is pinned by its data tests: changing
 * one changes every generated item.
 */
export class SeededRandom {
  private state: number;

  /** A stream from `seeds`, mixed one after the other (FNV-1a over their 32-bit halves). */
  constructor(...seeds: readonly number[]) {
    let h = 0x811c9dc5;
    for (const seed of seeds) {
      h = Math.imul(h ^ (seed | 0), 0x01000193) >>> 0;
      h = Math.imul(h ^ Math.floor(seed / 2 ** 32), 0x01000193) >>> 0;
    }
    this.state = h;
  }

  /** A stream from this exact 32-bit state, for datasets that mix their seed themselves. */
  static fromState(state: number): SeededRandom {
    const random = new SeededRandom();
    random.state = state >>> 0;
    return random;
  }

  /** A uniform number in [0, 1). An arrow, so `random.next` can be handed on as a function. */
  readonly next = (): number => {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };

  /** A whole number in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('Cannot pick from an empty list');
    return items[Math.floor(this.next() * items.length)];
  }

  /** `count` distinct items of `items` (all of them when there are fewer), in random order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const pool = [...items];
    this.shuffle(pool);
    return pool.slice(0, Math.max(0, count));
  }

  /** Shuffles `items` in place (Fisher–Yates). */
  shuffle<T>(items: T[]): void {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j], items[i]];
    }
  }

  /** `length` characters of `alphabet`. */
  chars(length: number, alphabet: string): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }
}

/** A uniform number in [0, 1) from (seed, a, b, c): the same inputs, the same number, in any order of calls. */
export function seededHash(seed: number, a: number, b = 0, c = 0): number {
  return finalize(
    Math.imul(seed, 0x9e3779b1) ^ Math.imul(a, 0x85ebca77) ^ Math.imul(b, 0xc2b2ae3d) ^ Math.imul(c, 0x27d4eb2f),
  );
}

/** A uniform number in [0, 1) from (seed, key), for data named by text (a property and a date). */
export function seededHashOf(seed: number, key: string): number {
  let h = Math.imul(seed ^ 0x9e3779b1, 0x85ebca77) >>> 0;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193) >>> 0;
  return finalize(h);
}

/** murmur3's 32-bit finaliser, as a number in [0, 1). */
function finalize(hash: number): number {
  let h = hash >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) / 2 ** 32;
}
