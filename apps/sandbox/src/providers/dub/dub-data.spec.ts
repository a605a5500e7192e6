import { DUB_MAX_LINKS, DUB_MAX_REVISION, DubDataset } from './dub-data';

describe('DubDataset', () => {
  it('should generate the same links for the same seed, other links for another', () => {
    expect(new DubDataset(250).linkAt(17)).toEqual(new DubDataset(250).linkAt(17));
    expect(new DubDataset(250, 2).linkAt(17).key).not.toBe(new DubDataset(250, 1).linkAt(17).key);
  });

  it('should give unique ids and keys, newest first, in Dub’s link shape', () => {
    const data = new DubDataset(5_000);
    const links = Array.from({ length: data.size }, (_, i) => data.linkAt(i));
    expect(new Set(links.map((l) => l.id)).size).toBe(5_000);
    expect(new Set(links.map((l) => l.key)).size).toBe(5_000);
    const created = links.map((l) => Date.parse(l.createdAt));
    expect(created.every((t, i) => i === 0 || t < created[i - 1])).toBe(true);
    for (const link of links.slice(0, 50)) {
      expect(link.shortLink).toBe(`https://${link.domain}/${link.key}`);
      expect(Date.parse(link.updatedAt)).toBeGreaterThanOrEqual(Date.parse(link.createdAt));
      expect(link).toMatchObject({ workspaceId: data.workspace.id, password: null, disabledAt: null, conversions: 0 });
    }
  });

  it('should hold up to a million links, built only when asked for', () => {
    const data = new DubDataset(DUB_MAX_LINKS);
    expect(data.linkAt(DUB_MAX_LINKS - 1).id).toMatch(/^link_/);
    expect(() => data.linkAt(DUB_MAX_LINKS)).toThrow(RangeError);
    expect(() => new DubDataset(DUB_MAX_LINKS + 1)).toThrow(RangeError);
    expect(() => new DubDataset(-1)).toThrow(RangeError);
  });
});

describe('DubDataset as GET /links lists it', () => {
  const everything = (data: DubDataset) => Array.from({ length: data.size }, (_, i) => data.linkAt(i));

  it('should keep a quarter of the links in folders and a few archived, listed only when asked for', () => {
    const data = new DubDataset(4_000);
    const all = everything(data);
    const inFolders = all.filter((l) => l.folderId !== null);
    expect(inFolders.length / all.length).toBeGreaterThan(0.2);
    expect(inFolders.length / all.length).toBeLessThan(0.3);
    expect(new Set(inFolders.map((l) => l.folderId))).toEqual(new Set(data.folders.map((f) => f.id)));
    const archived = all.filter((l) => l.archived);
    expect(archived.length).toBeGreaterThan(80);
    expect(archived.length).toBeLessThan(240);

    const plain = { folderId: null, showArchived: false };
    expect(data.count(plain)).toBe(all.filter((l) => l.folderId === null && !l.archived).length);
    const scopes = [null, ...data.folders.map((f) => f.id)].map((folderId) => ({ folderId, showArchived: true }));
    expect(scopes.reduce((sum, filter) => sum + data.count(filter), 0)).toBe(all.length);
  });

  it('should page by cursor in newest-first order, unshifted by a deletion before the cursor', () => {
    const data = new DubDataset(1_000);
    const filter = { folderId: null, showArchived: true };
    const first = data.page(filter, { skip: 0 }, 100);
    const after = data.indexOfId(first[99].id);
    expect(after).toBeDefined();
    const second = data.page(filter, { startingAfter: after ?? -1 }, 100);
    expect(second[0].id).toBe(data.page(filter, { skip: 100 }, 1)[0].id);
    data.mutate({ added: 0, updated: 0, deleted: 5 });
    // Offset pages shift by the five deleted newest links; the cursor's page does not.
    expect(data.page(filter, { startingAfter: after ?? -1 }, 100)).toEqual(second);
    expect(data.page(filter, { skip: 100 }, 1)[0].id).not.toBe(second[0].id);
    const before = data.page(filter, { endingBefore: data.indexOfId(second[0].id) ?? -1 }, 3);
    expect(before.map((l) => l.id)).toEqual(
      first
        .filter((l) => data.indexOfId(l.id) !== undefined)
        .slice(-3)
        .map((l) => l.id),
    );
  });

  it('should know only the ids of its own links', () => {
    const data = new DubDataset(10);
    expect(data.indexOfId(data.linkAt(3).id)).toBe(3);
    expect(data.indexOfId('link_1JSBX00000003AAAAAAAAAAAA')).toBeUndefined();
    expect(data.indexOfId('not-a-link')).toBeUndefined();
    expect(data.indexOfId(new DubDataset(20).linkAt(15).id)).toBeUndefined();
  });
});

describe('DubDataset changes', () => {
  const all = (data: DubDataset) => Array.from({ length: data.size }, (_, i) => data.linkAt(i));

  it('should keep each remaining link as it was when it grows or shrinks (at the oldest end)', () => {
    const data = new DubDataset(100);
    const before = all(data);
    data.resize(150);
    const grown = all(data);
    expect(grown.slice(0, 100)).toEqual(before);
    expect(Date.parse(grown[100].createdAt)).toBeLessThan(Date.parse(before[99].createdAt));
    expect(data.workspace['linksUsage']).toBe(150);
    data.resize(40);
    expect(all(data)).toEqual(before.slice(0, 40));
    expect(() => data.linkAt(40)).toThrow(RangeError);
    expect(() => data.resize(DUB_MAX_LINKS + 1)).toThrow(RangeError);
  });

  it('should edit about 10 % of the links per revision: more clicks, later updatedAt; revision 0 is the original', () => {
    const data = new DubDataset(2_000, 7);
    const original = all(data);
    data.setRevision(1);
    const first = all(data);
    const changed = first.flatMap((link, i) => (JSON.stringify(link) === JSON.stringify(original[i]) ? [] : [i]));
    expect(changed.length).toBeGreaterThan(150);
    expect(changed.length).toBeLessThan(250);
    expect(first.every((link, i) => link.id === original[i].id && link.createdAt === original[i].createdAt)).toBe(true);
    const moved = changed.filter(
      (i) =>
        first[i].clicks > original[i].clicks &&
        Date.parse(first[i].updatedAt) > Date.parse(original[i].updatedAt) &&
        first[i].lastClicked === first[i].updatedAt,
    );
    expect(moved).toEqual(changed);
    // Revisions add up: nothing goes back, and another 10 % or so moves again.
    data.setRevision(2);
    const second = all(data);
    expect(second.filter((link, i) => link.updatedAt !== first[i].updatedAt).length).toBeGreaterThan(150);
    const back = second.filter(
      (link, i) => link.clicks < first[i].clicks || Date.parse(link.updatedAt) < Date.parse(first[i].updatedAt),
    );
    expect(back).toEqual([]);
    // Deterministic: the same revision gives the same links, from another instance too.
    const other = new DubDataset(2_000, 7);
    other.setRevision(2);
    expect(all(other)).toEqual(second);
    data.setRevision(0);
    expect(all(data)).toEqual(original);
    expect(() => data.setRevision(DUB_MAX_REVISION + 1)).toThrow(RangeError);
    expect(() => data.setRevision(-1)).toThrow(RangeError);
  });
});
