import { DeltaLedger, type DeltaRound } from './delta-ledger';

/** a, b, c at start-up (b not visible: a tombstone from before). */
function ledger(): DeltaLedger<string> {
  const l = new DeltaLedger<string>();
  l.seed('a', 'a0', true, 1_000);
  l.seed('b', 'b0', false, 2_000);
  l.seed('c', 'c0', true, 3_000);
  return l;
}

const all = (l: DeltaLedger<string>, round: DeltaRound, options: { excludeDerived?: boolean } = {}) =>
  l.page(round, -1, 100, options).items.map((i) => i.id);

describe('DeltaLedger rounds', () => {
  it('should enumerate what is visible at the start of a round, in creation order', () => {
    const l = ledger();
    expect(all(l, { kind: 'start', upTo: l.seq })).toEqual(['a', 'c']);
  });

  it('should list the items changed after a sequence once each, with their latest state', () => {
    const l = ledger();
    const from = l.seq;
    l.record('c', 'c1', true, 4_000);
    l.record('d', 'd1', true, 5_000);
    l.record('c', 'c2', true, 6_000);
    const page = l.page({ kind: 'seq', after: from, upTo: l.seq }, -1, 100);
    expect(page.items.map((i) => [i.id, i.item])).toEqual([
      ['c', 'c2'],
      ['d', 'd1'],
    ]);
    expect(page.next).toBeNull();
    expect(all(l, { kind: 'time', after: 4_500, upTo: l.seq })).toEqual(['c', 'd']);
    expect(all(l, { kind: 'time', after: 1_500, upTo: l.seq })).toEqual(['b', 'c', 'd']);
  });

  it('should page by position, next naming where to go on, null at the end; a page of 0 goes nowhere', () => {
    const l = ledger();
    for (let i = 0; i < 5; i++) l.record(`n${i}`, 'x', true, 10_000 + i);
    const round: DeltaRound = { kind: 'start', upTo: l.seq };
    const first = l.page(round, -1, 3);
    expect(first.items.map((i) => i.id)).toEqual(['a', 'c', 'n0']);
    const second = l.page(round, first.next as number, 3);
    expect(second.items.map((i) => i.id)).toEqual(['n1', 'n2', 'n3']);
    const third = l.page(round, second.next as number, 3);
    expect(third).toEqual({ items: [expect.objectContaining({ id: 'n4' })], next: null });
    expect(l.page(round, -1, 0)).toEqual({ items: [], next: -1 });
    // Exactly a page's worth left: the page ends the round.
    expect(l.page(round, second.next as number, 1).next).toBeNull();
  });

  it('should keep a round’s members while items change, leaving newer items to the next round', () => {
    const l = ledger();
    const round: DeltaRound = { kind: 'start', upTo: l.seq };
    l.record('a', 'a1', false, 7_000);
    l.record('e', 'e1', true, 8_000);
    expect(l.page(round, -1, 100).items.map((i) => [i.id, i.visible])).toEqual([
      ['a', false],
      ['c', true],
    ]);
  });

  it('should leave out derived changes when asked, keeping the items changed themselves', () => {
    const l = ledger();
    const from = l.seq;
    l.record('a', 'a1', true, 4_000, true);
    l.record('c', 'c1', true, 4_000);
    const round: DeltaRound = { kind: 'seq', after: from, upTo: l.seq };
    expect(all(l, round)).toEqual(['a', 'c']);
    expect(all(l, round, { excludeDerived: true })).toEqual(['c']);
  });
});

describe('DeltaLedger counts', () => {
  it('should count by visibility then and now, netting items created and deleted in between', () => {
    const l = ledger();
    const from = l.issue(l.seq);
    l.record('a', 'a1', true, 1); // updated
    l.record('c', 'c1', false, 2); // deleted
    l.record('d', 'd1', true, 3); // added
    l.record('e', 'e1', true, 4);
    l.record('e', 'e2', false, 5); // never seen
    l.record('b', 'b1', true, 6); // back from a tombstone: added
    expect(l.countsSince(from)).toEqual({ added: 2, updated: 1, deleted: 1 });
    expect(l.countsSince(from, (id) => id !== 'a')).toEqual({ added: 2, updated: 0, deleted: 1 });
  });

  it('should keep the newest token handed out, and pick unchanged visible items only', () => {
    const l = ledger();
    l.record('a', 'a1', true, 1);
    expect(l.issue(l.seq)).toBe(1);
    l.issue(0);
    expect(l.lastIssued).toBe(1);
    l.record('c', 'c1', true, 2);
    expect(l.unchangedSince(l.lastIssued).map((i) => i.id)).toEqual(['a']);
    expect(() => l.seed('a', 'again', true, 0)).toThrow('Duplicate id a');
  });
});
