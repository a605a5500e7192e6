import type { ChangeCounts } from '../../lib/emulation';

/**
 * The items of an emulated Microsoft 365 account (drive items, messages, events…) with the history a
 * Graph delta query reads (https://learn.microsoft.com/en-us/graph/delta-query-overview). Every change
 * gets the next sequence number; a delta token is "the changes after sequence s". Deleted items stay
 * as tombstones so the next round can report them.
 *
 * Unlike google-common's ChangeLedger, a delta *round* (a full enumeration, or the changes since a
 * token) is paged by position with the round's membership fixed when it starts (`upTo`): items changed
 * while a client pages through a round neither shift the pages nor get skipped, they show their latest
 * state and come again in the next round ("The same entity may appear several times"). A change can be
 * `derived` (a folder whose descendant changed), which a round may leave out (OneDrive's
 * `deltaExcludeParent`).
 *
 * It also answers what the hub's next incremental sync counts (`POST /_sandbox/<id>/mutate`): the
 * changes since the newest token handed out, one per item, netted the way a delta feed reports them.
 */

interface Entry<T> {
  item: T;
  visible: boolean;
  readonly position: number;
  /** When it came to be (0: start-up data). */
  readonly createdSeq: number;
  lastSeq: number;
  /** Epoch ms of its latest change (start-up data: when it last changed before start-up). */
  lastAt: number;
  /** Its latest change of its own, not derived from a descendant's. */
  lastOwnSeq: number;
  lastOwnAt: number;
  /** Its changes with the visibility each left; the first is its creation. */
  readonly history: { seq: number; visible: boolean }[];
}

/**
 * One delta round: every item visible at `upTo` (`start`, the initial enumeration), or the items
 * changed after sequence `after` or after epoch ms `after` (`time`, OneDrive for Business' timestamp
 * tokens). Items created after `upTo` belong to the next round.
 */
export type DeltaRound =
  | { readonly kind: 'start'; readonly upTo: number }
  | { readonly kind: 'seq'; readonly after: number; readonly upTo: number }
  | { readonly kind: 'time'; readonly after: number; readonly upTo: number };

export interface LedgerItem<T> {
  readonly id: string;
  readonly item: T;
  readonly visible: boolean;
  readonly position: number;
}

export class DeltaLedger<T> {
  private readonly entries = new Map<string, Entry<T>>();
  /** Ids in creation order: the order rounds page through. */
  private readonly order: string[] = [];
  private clock = 0;
  private issued = 0;

  /** The newest sequence number (0 before any change). */
  get seq(): number {
    return this.clock;
  }

  /** The newest sequence a token was handed out for (0 until one is): where the hub's last sync ended. */
  get lastIssued(): number {
    return this.issued;
  }

  get size(): number {
    return this.order.length;
  }

  /** Start-up data (sequence 0), last changed at epoch ms `at`. */
  seed(id: string, item: T, visible: boolean, at: number): void {
    if (this.entries.has(id)) throw new Error(`Duplicate id ${id}`);
    this.entries.set(id, {
      item,
      visible,
      position: this.order.length,
      createdSeq: 0,
      lastSeq: 0,
      lastAt: at,
      lastOwnSeq: 0,
      lastOwnAt: at,
      history: [{ seq: 0, visible }],
    });
    this.order.push(id);
  }

  /**
   * Adds or changes an item at epoch ms `at`; `derived` marks a change that only reflects a
   * descendant's (a folder's size). Returns the change's sequence number.
   */
  record(id: string, item: T, visible: boolean, at: number, derived = false): number {
    const seq = ++this.clock;
    const entry = this.entries.get(id);
    if (entry) {
      entry.item = item;
      entry.visible = visible;
      entry.lastSeq = seq;
      entry.lastAt = at;
      if (!derived) {
        entry.lastOwnSeq = seq;
        entry.lastOwnAt = at;
      }
      entry.history.push({ seq, visible });
    } else {
      this.entries.set(id, {
        item,
        visible,
        position: this.order.length,
        createdSeq: seq,
        lastSeq: seq,
        lastAt: at,
        lastOwnSeq: seq,
        lastOwnAt: at,
        history: [{ seq, visible }],
      });
      this.order.push(id);
    }
    return seq;
  }

  /** Notes a token handed out for sequence `seq` (a later one replaces an earlier one). */
  issue(seq: number): number {
    if (seq > this.issued) this.issued = seq;
    return seq;
  }

  get(id: string): T | undefined {
    return this.entries.get(id)?.item;
  }

  isVisible(id: string): boolean {
    return this.entries.get(id)?.visible ?? false;
  }

  /** Every item in creation order, tombstones included. */
  *inOrder(): Iterable<LedgerItem<T>> {
    for (const id of this.order) {
      const entry = this.entries.get(id) as Entry<T>;
      yield { id, item: entry.item, visible: entry.visible, position: entry.position };
    }
  }

  /**
   * The round's members after position `after` (-1: from the first), at most `limit`, in creation
   * order; `next` is the position to go on after, or null when the round is done.
   */
  page(
    round: DeltaRound,
    after: number,
    limit: number,
    options: { excludeDerived?: boolean } = {},
  ): { items: LedgerItem<T>[]; next: number | null } {
    const items: LedgerItem<T>[] = [];
    for (let position = Math.max(0, after + 1); position < this.order.length; position++) {
      const id = this.order[position];
      const entry = this.entries.get(id) as Entry<T>;
      if (!isMember(entry, round, options.excludeDerived ?? false)) continue;
      if (items.length === limit) return { items, next: items.length > 0 ? items[items.length - 1].position : after };
      items.push({ id, item: entry.item, visible: entry.visible, position });
    }
    return { items, next: null };
  }

  /** Visible items unchanged since `seq` (what a mutation may edit or delete without netting). */
  unchangedSince(seq: number, filter: (item: T) => boolean = () => true): LedgerItem<T>[] {
    const out: LedgerItem<T>[] = [];
    for (const item of this.inOrder()) {
      const entry = this.entries.get(item.id) as Entry<T>;
      if (entry.visible && entry.lastSeq <= seq && filter(entry.item)) out.push(item);
    }
    return out;
  }

  /**
   * What a delta round from `seq` shows a client that keeps items by id, for the items `counted`
   * accepts: visible then and now and changed since (updated), visible now only (added), visible then
   * only (deleted). An item created and deleted in between counts nowhere: the client never had it.
   */
  countsSince(seq: number, counted: (id: string, item: T) => boolean = () => true): ChangeCounts {
    const counts = { added: 0, updated: 0, deleted: 0 };
    for (const [id, entry] of this.entries) {
      if (entry.lastSeq <= seq || !counted(id, entry.item)) continue;
      const before = visibleAt(entry, seq);
      if (before && entry.visible) counts.updated++;
      else if (!before && entry.visible) counts.added++;
      else if (before && !entry.visible) counts.deleted++;
    }
    return counts;
  }
}

function isMember<T>(entry: Entry<T>, round: DeltaRound, excludeDerived: boolean): boolean {
  if (entry.createdSeq > round.upTo) return false;
  if (round.kind === 'start') return visibleAt(entry, round.upTo);
  if (round.kind === 'seq') return (excludeDerived ? entry.lastOwnSeq : entry.lastSeq) > round.after;
  return (excludeDerived ? entry.lastOwnAt : entry.lastAt) > round.after;
}

function visibleAt<T>(entry: Entry<T>, seq: number): boolean {
  let visible = false;
  for (const step of entry.history) {
    if (step.seq > seq) break;
    visible = step.visible;
  }
  return visible;
}
