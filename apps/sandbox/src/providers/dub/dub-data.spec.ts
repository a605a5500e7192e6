import { DUB_MAX_LINKS, DubDataset } from './dub-data';

describe('DubDataset', () => {
  it('generates the same links for the same seed, other links for another', () => {
    expect(new DubDataset(250).linkAt(17)).toEqual(new DubDataset(250).linkAt(17));
    expect(new DubDataset(250, 2).linkAt(17).key).not.toBe(new DubDataset(250, 1).linkAt(17).key);
  });

  it('gives unique ids and keys, newest first, in Dub’s link shape', () => {
    const data = new DubDataset(5_000);
    const links = Array.from({ length: data.size }, (_, i) => data.linkAt(i));
    expect(new Set(links.map((l) => l.id)).size).toBe(5_000);
    expect(new Set(links.map((l) => l.key)).size).toBe(5_000);
    const created = links.map((l) => Date.parse(l.createdAt));
    expect(created.every((t, i) => i === 0 || t < created[i - 1])).toBe(true);
    for (const link of links.slice(0, 50)) {
      expect(link.shortLink).toBe(`https://${link.domain}/${link.key}`);
      expect(Date.parse(link.updatedAt)).toBeGreaterThanOrEqual(Date.parse(link.createdAt));
      expect(link).toMatchObject({ workspaceId: data.workspace.id, archived: false, password: null });
    }
  });

  it('holds up to a million links, built only when asked for', () => {
    const data = new DubDataset(DUB_MAX_LINKS);
    expect(data.linkAt(DUB_MAX_LINKS - 1).id).toMatch(/^link_/);
    expect(() => data.linkAt(DUB_MAX_LINKS)).toThrow(RangeError);
    expect(() => new DubDataset(DUB_MAX_LINKS + 1)).toThrow(RangeError);
    expect(() => new DubDataset(-1)).toThrow(RangeError);
  });
});
