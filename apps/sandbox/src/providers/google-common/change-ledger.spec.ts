import { ChangeLedger } from './change-ledger';

describe('ChangeLedger', () => {
  const ledger = () => {
    const l = new ChangeLedger<string>();
    for (const id of ['a', 'b', 'c', 'd']) l.seed(id, `${id}0`, true);
    l.seed('hidden', 'h0', false);
    return l;
  };

  it('should number changes, list each changed item once in its latest state, oldest change first', () => {
    const l = ledger();
    expect(l.seq).toBe(0);
    expect(l.record('a', 'a1', true)).toBe(1);
    expect(l.record('e', 'e1', true)).toBe(2);
    expect(l.record('a', 'a2', true)).toBe(3);
    expect(l.changedSince(0)).toEqual([
      { id: 'e', item: 'e1', visible: true, seq: 2 },
      { id: 'a', item: 'a2', visible: true, seq: 3 },
    ]);
    expect(l.changedSince(2).map((c) => c.id)).toEqual(['a']);
    expect(l.changedSince(3)).toEqual([]);
    expect([...l.inOrder()].map((e) => e.id)).toEqual(['a', 'b', 'c', 'd', 'hidden', 'e']);
    expect([...l.inOrder(4)].map((e) => e.position)).toEqual([4, 5]);
  });

  it('should count what a sync from a sequence sees: added, updated, deleted, netted per item', () => {
    const l = ledger();
    l.record('a', 'a1', true); // updated
    l.record('b', 'b1', false); // deleted
    l.record('e', 'e1', true); // added
    l.record('f', 'f1', true);
    l.record('f', 'f2', false); // added then deleted: the hub never had it
    l.record('hidden', 'h1', true); // was not listed: added
    l.record('c', 'c1', false);
    l.record('c', 'c2', true); // deleted then restored: updated
    expect(l.countsSince(0)).toEqual({ added: 2, updated: 2, deleted: 1 });
    expect(l.countsSince(l.seq)).toEqual({ added: 0, updated: 0, deleted: 0 });
    expect(l.countsSince(3)).toEqual({ added: 1, updated: 1, deleted: 0 });
  });

  it('should remember the newest token handed out, never an older one', () => {
    const l = ledger();
    expect(l.lastIssued).toBe(0);
    l.record('a', 'a1', true);
    expect(l.issue(1)).toBe(1);
    l.issue(0);
    expect(l.lastIssued).toBe(1);
  });

  it('should offer for editing only visible items unchanged since a sequence', () => {
    const l = ledger();
    l.record('a', 'a1', true);
    expect(l.unchangedSince(0).map((e) => e.id)).toEqual(['b', 'c', 'd']);
    expect(l.unchangedSince(1).map((e) => e.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(l.unchangedSince(1, (item) => item !== 'c0').map((e) => e.id)).toEqual(['a', 'b', 'd']);
  });

  it('should refuse a second seed of the same id', () => {
    expect(() => ledger().seed('a', 'again', true)).toThrow('Duplicate id a');
  });
});
