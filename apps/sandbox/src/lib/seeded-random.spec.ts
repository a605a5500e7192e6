import { SeededRandom, seededHash, seededHashOf } from './seeded-random';

describe('SeededRandom', () => {
  it('should repeat for the same seeds and differ for others', () => {
    const sequence = (...seeds: number[]) => {
      const random = new SeededRandom(...seeds);
      return Array.from({ length: 5 }, () => random.next());
    };
    expect(sequence(1, 2)).toEqual(sequence(1, 2));
    expect(sequence(1, 2)).not.toEqual(sequence(2, 1));
    expect(sequence(1, 2).every((n) => n >= 0 && n < 1)).toBe(true);
  });

  it('should pick, sample without repeats, and draw whole numbers in range', () => {
    const random = new SeededRandom(42);
    const sample = random.sample([1, 2, 3, 4, 5], 3);
    expect(new Set(sample).size).toBe(3);
    expect(random.sample([1, 2], 5).sort()).toEqual([1, 2]);
    for (let i = 0; i < 100; i++) expect(random.int(3, 5)).toBeGreaterThanOrEqual(3);
    expect(() => random.pick([])).toThrow(RangeError);
    expect(random.chars(8, 'ab')).toMatch(/^[ab]{8}$/);
  });
});

describe('seededHash', () => {
  it('should give the same number for the same inputs, in [0, 1), whatever was asked before', () => {
    const first = seededHash(1, 2, 3, 4);
    expect(seededHash(9, 9)).not.toBe(first);
    expect(seededHash(1, 2, 3, 4)).toBe(first);
    expect(first).toBeGreaterThanOrEqual(0);
    expect(first).toBeLessThan(1);
    // Trailing parts default to 0: Dub's (seed, index, salt) is Slack's (seed, a, b, 0).
    expect(seededHash(1, 2, 3)).toBe(seededHash(1, 2, 3, 0));
    expect(seededHashOf(1, 'a|b')).toBe(seededHashOf(1, 'a|b'));
    expect(seededHashOf(1, 'a|b')).not.toBe(seededHashOf(2, 'a|b'));
  });

  it('should keep the numbers the emulations were generated from', () => {
    expect(seededHash(1, 0, 1)).toBe(0.6176280113868415);
    expect(seededHashOf(1, 'properties/1|2025-01-01|0')).toBe(0.23220248171128333);
    expect(Array.from({ length: 3 }, SeededRandom.fromState(12345).next)).toEqual([
      0.9797282677609473, 0.3067522644996643, 0.484205421525985,
    ]);
    const stream = new SeededRandom(1, 2);
    expect(Array.from({ length: 3 }, () => stream.next())).toEqual([
      0.8277621418237686, 0.5490177508909255, 0.6622880105860531,
    ]);
  });
});
