import type { ChangeCounts } from '../../lib/emulation';

/**
 * The items of an emulated Google account (Drive files, Calendar events) with the change history
 * Google's incremental APIs read: every change gets the next sequence number, and a token (Drive's
 * start page token, Calendar's sync token) is a sequence number: "the changes after it". Items are
 * never forgotten: a deleted one stays as a tombstone so the change feed can report it.
 *
 * It also answers what the hub's next sync must count (`POST /_sandbox/<id>/mutate`): the changes
 * since the newest token the emulation handed out (where the hub's previous sync ended), netted per
 * item the way a change feed reports them (one entry per item, its latest state).
 */

interface Entry<T> {
  item: T;
  /** Whether a full listing shows it (not trashed, not deleted). */
  visible: boolean;
  /** Sequence numbers of its changes with the visibility each left; the first is its creation. */
  readonly history: { seq: number; visible: boolean }[];
}

export class ChangeLedger<T> {
  private readonly entries = new Map<string, Entry<T>>();
  /** Ids in creation order: the stable order listings page through. */
  private readonly order: string[] = [];
  private clock = 0;
  private issued = 0;

  /** The newest sequence number (0 before any change: the start-up data). */
  get seq(): number {
    return this.clock;
  }

  /** Where the hub's previous sync ended: the newest token handed out (0 until one is). */
  get lastIssued(): number {
    return this.issued;
  }

  get size(): number {
    return this.order.length;
  }

  /** Start-up data: present before any token (sequence 0). */
  seed(id: string, item: T, visible: boolean): void {
    if (this.entries.has(id)) throw new Error(`Duplicate id ${id}`);
    this.entries.set(id, { item, visible, history: [{ seq: 0, visible }] });
    this.order.push(id);
  }

  /** Adds or changes an item: its change gets the next sequence number, which is returned. */
  record(id: string, item: T, visible: boolean): number {
    const seq = ++this.clock;
    const entry = this.entries.get(id);
    if (entry) {
      entry.item = item;
      entry.visible = visible;
      entry.history.push({ seq, visible });
    } else {
      this.entries.set(id, { item, visible, history: [{ seq, visible }] });
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

  /** Every item in creation order, from position `from` on, with its position. */
  *inOrder(from = 0): Iterable<{ position: number; id: string; item: T; visible: boolean }> {
    for (let position = Math.max(0, from); position < this.order.length; position++) {
      const id = this.order[position];
      const entry = this.entries.get(id) as Entry<T>;
      yield { position, id, item: entry.item, visible: entry.visible };
    }
  }

  /** Items changed after `seq`, once each (their latest state), oldest change first. */
  changedSince(seq: number): { id: string; item: T; visible: boolean; seq: number }[] {
    const changed: { id: string; item: T; visible: boolean; seq: number }[] = [];
    for (const [id, entry] of this.entries) {
      const last = entry.history[entry.history.length - 1].seq;
      if (last > seq) changed.push({ id, item: entry.item, visible: entry.visible, seq: last });
    }
    return changed.sort((a, b) => a.seq - b.seq);
  }

  /** Visible items unchanged since `seq` (what a mutation may edit or delete without netting). */
  unchangedSince(seq: number, filter: (item: T) => boolean = () => true): { id: string; item: T }[] {
    const out: { id: string; item: T }[] = [];
    for (const id of this.order) {
      const entry = this.entries.get(id) as Entry<T>;
      if (entry.visible && entry.history[entry.history.length - 1].seq <= seq && filter(entry.item)) {
        out.push({ id, item: entry.item });
      }
    }
    return out;
  }

  /**
   * What a sync from `seq` counts: items visible then and now and changed since (updated), visible
   * now only (added), visible then only (deleted). An item created and deleted in between counts
   * nowhere: the hub never had it.
   */
  countsSince(seq: number): ChangeCounts {
    const counts = { added: 0, updated: 0, deleted: 0 };
    for (const entry of this.entries.values()) {
      if (entry.history[entry.history.length - 1].seq <= seq) continue;
      const before = visibleAt(entry, seq);
      if (before && entry.visible) counts.updated++;
      else if (!before && entry.visible) counts.added++;
      else if (before && !entry.visible) counts.deleted++;
    }
    return counts;
  }
}

function visibleAt<T>(entry: Entry<T>, seq: number): boolean {
  let visible = false;
  for (const step of entry.history) {
    if (step.seq > seq) break;
    visible = step.visible;
  }
  return visible;
}
