import type { ChangeCounts } from '../../lib/emulation';
import type { DeltaRound } from '../microsoft-common/delta-ledger';
import { MICROSOFT_PERSONAS } from '../microsoft-common/personas';
import { type DriveNode, type DriveView, ONEDRIVE_MAX_ITEMS, OneDriveDataset, quotaState } from './onedrive-data';

const make = (options: Partial<{ items: number; seed: number }> = {}) =>
  new OneDriveDataset({ items: 300, seed: 1, ...options });
const business = (data: OneDriveDataset) => data.view(MICROSOFT_PERSONAS.member);
const personal = (data: OneDriveDataset) => data.view(MICROSOFT_PERSONAS.personal);

/** Every page of one round, as a client pages through it, and the sequence its deltaLink names. */
function round(data: OneDriveDataset, kind: 'start' | number, pageSize = 200, excludeParents = false) {
  const upTo = data.seq;
  const spec: DeltaRound = kind === 'start' ? { kind: 'start', upTo } : { kind: 'seq', after: kind, upTo };
  const items: DriveNode[] = [];
  const pages: number[] = [];
  let after = -1;
  for (;;) {
    const page = data.deltaPage(spec, after, pageSize, excludeParents);
    items.push(...page.items);
    pages.push(page.items.length);
    if (page.next === null) break;
    after = page.next;
  }
  data.issue(upTo);
  return { items, pages, upTo };
}

/** A client that keeps the items under the root by id, with what it last saw of each. */
class Client {
  readonly held = new Map<string, string>();
  private at = 0;

  constructor(
    private readonly data: OneDriveDataset,
    private readonly view: DriveView,
  ) {}

  full(): void {
    const { items, upTo } = round(this.data, 'start');
    for (const node of items) if (node.kind !== 'root') this.held.set(this.id(node), this.json(node));
    this.at = upTo;
  }

  /** Applies the next round; counts by id (`byId`) and by content (`byHash`, as the hub's record writer). */
  sync(excludeParents = false): { byId: ChangeCounts; byHash: ChangeCounts & { unchanged: number } } {
    const { items, upTo } = round(this.data, this.at, 200, excludeParents);
    this.at = upTo;
    const byId = { added: 0, updated: 0, deleted: 0 };
    const byHash = { added: 0, updated: 0, deleted: 0, unchanged: 0 };
    for (const node of items) {
      if (node.kind === 'root') continue;
      const id = this.id(node);
      if (node.deleted) {
        if (this.held.delete(id)) {
          byId.deleted++;
          byHash.deleted++;
        }
        continue;
      }
      const before = this.held.get(id);
      const json = this.json(node);
      if (before === undefined) {
        byId.added++;
        byHash.added++;
      } else {
        byId.updated++;
        if (before === json) byHash.unchanged++;
        else byHash.updated++;
      }
      this.held.set(id, json);
    }
    return { byId, byHash };
  }

  private id(node: DriveNode): string {
    return this.data.idOf(node, this.view);
  }

  private json(node: DriveNode): string {
    return JSON.stringify(this.data.render(node, this.view, true));
  }
}

describe('OneDriveDataset start-up data', () => {
  it('should be the same for the same seed, and another for another seed', () => {
    const ids = (data: OneDriveDataset) => round(data, 'start').items.map((n) => n.key);
    expect(round(make(), 'start').items).toEqual(round(make(), 'start').items);
    expect(make().drive(business(make()), 'http://x')).toEqual(make().drive(business(make()), 'http://x'));
    expect(ids(make({ seed: 2 }))).not.toEqual(ids(make()));
  });

  it('should hold 300 items under the root, 30 of them folders, with OneDrive-like ids in both drive kinds', () => {
    const data = make();
    expect(data.state()).toEqual({
      items: 300,
      folders: 30,
      files: 270,
      deleted: 0,
      recycleBinBytes: 0,
      changes: 0,
      seed: 1,
    });
    const { items } = round(data, 'start');
    expect(items).toHaveLength(301);
    expect(new Set(items.map((n) => n.key)).size).toBe(301);
    for (const node of items) expect(node.key).toMatch(/^01[A-Z2-7]{32}$/);
    const view = personal(data);
    expect(view.driveId).toMatch(/^[0-9a-f]{16}$/);
    expect(data.idOf(items[0], view)).toBe(`${view.driveId.toUpperCase()}!101`);
    expect(new Set(items.map((n) => data.idOf(n, view))).size).toBe(301);
    expect(business(data).driveId).toMatch(/^b![A-Za-z0-9_-]{64}$/);
  });

  it('should list the root first and every folder before what it holds', () => {
    const { items } = round(make(), 'start');
    expect(items[0]).toMatchObject({ kind: 'root', parent: null });
    const seen = new Set<string>();
    for (const node of items) {
      if (node.parent !== null) expect(seen.has(node.parent)).toBe(true);
      seen.add(node.key);
    }
  });

  it('should derive each folder’s size, childCount and lastModifiedDateTime from what it holds', () => {
    const { items } = round(make(), 'start');
    for (const folder of items.filter((n) => n.kind !== 'file')) {
      const children = items.filter((n) => n.parent === folder.key);
      expect(folder.childCount).toBe(children.length);
      expect(folder.size).toBe(children.reduce((sum, child) => sum + child.size, 0));
      for (const child of children) expect(folder.lastModifiedDateTime >= child.lastModifiedDateTime).toBe(true);
    }
    const names = new Map<string, Set<string>>();
    for (const node of items.filter((n) => n.parent !== null)) {
      const taken = names.get(node.parent as string) ?? new Set();
      expect(taken.has(node.name.toLowerCase())).toBe(false);
      taken.add(node.name.toLowerCase());
      names.set(node.parent as string, taken);
    }
  });

  it('should refuse sizes out of range, and hold just the root with no items', () => {
    expect(() => make({ items: -1 })).toThrow(RangeError);
    expect(() => make({ items: ONEDRIVE_MAX_ITEMS + 1 })).toThrow(RangeError);
    expect(() => make({ items: 1.5 })).toThrow(RangeError);
    expect(round(make({ items: 0 }), 'start').items.map((n) => n.kind)).toEqual(['root']);
  });
});

describe('OneDriveDataset rendering', () => {
  it('should shape a OneDrive for Business item: no cTag in delta, path outside it, hashes, owner by email', () => {
    const data = make();
    const view = business(data);
    const file = round(data, 'start').items.find((n) => n.kind === 'file') as DriveNode;
    const inDelta = data.render(file, view, true);
    expect(inDelta).not.toHaveProperty('cTag');
    expect(inDelta['parentReference']).toEqual({
      driveType: 'business',
      driveId: view.driveId,
      id: expect.any(String),
    });
    expect(inDelta['file']).toEqual({ mimeType: file.mimeType, hashes: { quickXorHash: expect.any(String) } });
    expect(inDelta['eTag']).toMatch(/^"\{[0-9A-F-]{36}\},\d+"$/);
    expect(inDelta['webUrl']).toMatch(
      /^https:\/\/contososandbox-my\.sharepoint\.com\/personal\/megan_bowen_contoso-sandbox_example\/Documents\//,
    );
    const outside = data.render(file, view, false);
    expect(outside['cTag']).toMatch(/^"c:\{[0-9A-F-]{36}\},\d+"$/);
    expect((outside['parentReference'] as { path: string }).path).toMatch(/^\/drive\/root:/);
    const root = data.render(data.root(), view, true);
    expect(root).toMatchObject({ name: 'root', root: {}, folder: { childCount: expect.any(Number) } });
    expect(root).not.toHaveProperty('cTag');
    expect(root['parentReference']).toEqual({ driveType: 'business', driveId: view.driveId });
  });

  it('should shape a consumer item: cTag on folders and files, SHA hashes, the owner without email', () => {
    const data = make();
    const view = personal(data);
    const file = round(data, 'start').items.find((n) => n.kind === 'file') as DriveNode;
    const item = data.render(file, view, true);
    expect(item['cTag']).toEqual(expect.any(String));
    expect(item['createdBy']).toEqual({ user: { displayName: 'Sam Sandbox', id: view.driveId } });
    expect(item['file']).toMatchObject({
      hashes: { quickXorHash: expect.any(String), sha1Hash: expect.stringMatching(/^[0-9A-F]{40}$/) },
    });
    expect(data.render(data.root(), view, true)['cTag']).toEqual(expect.any(String));
  });

  it('should answer the drive with its quota: business 1 TB, personal 5 GB, used = the root’s size', () => {
    const data = make();
    const work = data.drive(business(data), 'http://sandbox/onedrive/api');
    expect(work).toMatchObject({
      '@odata.context': 'http://sandbox/onedrive/api/$metadata#drives/$entity',
      driveType: 'business',
      owner: { user: { displayName: 'Megan Bowen', email: 'megan.bowen@contoso-sandbox.example' } },
      quota: { total: 1024 ** 4, used: data.root().size, deleted: 0, state: 'normal' },
    });
    const home = data.drive(personal(data), 'http://sandbox/onedrive/api');
    expect(home).toMatchObject({ driveType: 'personal', quota: { total: 5 * 1024 ** 3 } });
    const quota = home['quota'] as Record<string, number>;
    expect(quota['remaining']).toBe(quota['total'] - quota['used']);
  });

  it('should tell the quota state by what is left', () => {
    expect(quotaState(50, 100)).toBe('normal');
    expect(quotaState(9, 100)).toBe('nearing');
    expect(quotaState(0.5, 100)).toBe('critical');
    expect(quotaState(0, 100)).toBe('exceeded');
  });
});

describe('OneDriveDataset deltas and mutate', () => {
  it('should show nothing changed in the next round when nothing changed', () => {
    const data = make();
    round(data, 'start');
    expect(round(data, 0).items).toEqual([]);
    expect(data.expected()).toEqual({ added: 0, updated: 0, deleted: 0 });
  });

  it.each([
    [{ added: 3, updated: 0, deleted: 0 }, 1],
    [{ added: 0, updated: 4, deleted: 0 }, 1],
    [{ added: 0, updated: 0, deleted: 3 }, 1],
    [{ added: 2, updated: 3, deleted: 2 }, 1],
    [{ added: 10, updated: 25, deleted: 10 }, 7],
    [{ added: 1, updated: 1, deleted: 1 }, 42],
  ])(
    'should answer %j (seed %i) exactly as a client keeping items by id, or by content, counts the next round',
    (request, seed) => {
      for (const view of [business, personal]) {
        const data = make({ seed });
        const client = new Client(data, view(data));
        client.full();
        const expected = data.mutate(request);
        const { byId, byHash } = client.sync();
        expect(byId).toEqual(expected);
        // Every folder above a change changed too (size, lastModifiedDateTime), so content agrees with ids.
        expect(byHash).toEqual({ ...expected, unchanged: 0 });
        expect(expected.added).toBe(request.added);
        expect(expected.deleted).toBe(request.deleted);
        // The files edited, plus the folders above the changes.
        expect(expected.updated).toBeGreaterThanOrEqual(request.updated);
        if (request.added + request.updated + request.deleted > 0)
          expect(expected.updated).toBeGreaterThan(request.updated);
      }
    },
  );

  it('should add up mutations between syncs, each item once, and count from the next round after a sync', () => {
    const data = make();
    const client = new Client(data, business(data));
    client.full();
    data.mutate({ added: 2, updated: 2, deleted: 1 });
    const both = data.mutate({ added: 1, updated: 2, deleted: 2 });
    expect(both).toMatchObject({ added: 3, deleted: 3 });
    expect(client.sync().byId).toEqual(both);
    expect(data.expected()).toEqual({ added: 0, updated: 0, deleted: 0 });
    const next = data.mutate({ added: 0, updated: 1, deleted: 0 });
    expect(client.sync().byId).toEqual(next);
  });

  it('should keep the tree consistent through mutations: sizes, child counts and the recycle bin', () => {
    const data = make();
    round(data, 'start');
    for (let i = 0; i < 5; i++) data.mutate({ added: 7, updated: 9, deleted: 5 });
    const live = round(make(), 'start').items.length; // a fresh copy's count, for comparison
    const { items } = round(data, 'start');
    const visible = items.filter((n) => !n.deleted);
    expect(visible).toHaveLength(live + 5 * 7 - 5 * 5);
    for (const folder of visible.filter((n) => n.kind !== 'file')) {
      const children = visible.filter((n) => n.parent === folder.key);
      expect({ key: folder.key, childCount: folder.childCount, size: folder.size }).toEqual({
        key: folder.key,
        childCount: children.length,
        size: children.reduce((sum, child) => sum + child.size, 0),
      });
    }
    expect(data.state()).toMatchObject({ items: 300 + 35 - 25, deleted: 25 });
    expect(data.drive(business(data), 'x')['quota']).toMatchObject({ deleted: data.state()['recycleBinBytes'] });
  });

  it('should render deleted items as OneDrive does: business without name and cTag, consumer without size', () => {
    const data = make();
    round(data, 'start');
    data.mutate({ added: 0, updated: 0, deleted: 1 });
    const deleted = round(data, 0).items.find((n) => n.deleted) as DriveNode;
    const work = data.render(deleted, business(data), true);
    expect(work).toMatchObject({ id: deleted.key, deleted: {}, size: expect.any(Number), file: expect.any(Object) });
    expect(work).not.toHaveProperty('name');
    expect(work).not.toHaveProperty('cTag');
    expect(work['parentReference']).toMatchObject({ id: expect.any(String) });
    const home = data.render(deleted, personal(data), true);
    expect(home).toMatchObject({ name: deleted.name, deleted: {} });
    expect(home).not.toHaveProperty('size');
    expect(home).not.toHaveProperty('cTag');
  });

  it('should leave out the folders above the changes when the round excludes parents', () => {
    const data = make();
    const client = new Client(data, business(data));
    client.full();
    const expected = data.mutate({ added: 2, updated: 3, deleted: 1 });
    const { byId } = client.sync(true);
    expect(byId).toEqual({ added: 2, updated: 3, deleted: 1 });
    expect(byId.updated).toBeLessThan(expected.updated);
  });

  it('should keep a round’s pages stable while the drive changes between them', () => {
    const data = make();
    const upTo = data.seq;
    const spec: DeltaRound = { kind: 'start', upTo };
    const first = data.deltaPage(spec, -1, 100, false);
    data.mutate({ added: 20, updated: 20, deleted: 20 });
    const rest: DriveNode[] = [];
    for (let after = first.next; after !== null;) {
      const page = data.deltaPage(spec, after, 100, false);
      rest.push(...page.items);
      after = page.next;
    }
    const keys = [...first.items, ...rest].map((n) => n.key);
    // Every item that was there when the round began, once; none of those added since.
    expect(keys).toHaveLength(301);
    expect(new Set(keys).size).toBe(301);
  });

  it('should edit and delete no more files than there are, and refuse bad counts', () => {
    const data = make({ items: 10 });
    round(data, 'start');
    const answer = data.mutate({ added: 0, updated: 500, deleted: 500 });
    expect(answer.deleted).toBe(0);
    expect(answer.updated).toBeGreaterThanOrEqual(9);
    expect(() => data.mutate({ added: 1001, updated: 0, deleted: 0 })).toThrow(RangeError);
    expect(() => data.mutate({ added: -1, updated: 0, deleted: 0 })).toThrow(RangeError);
  });

  it('should go back to the start-up data on reset', () => {
    const data = make();
    const original = round(data, 'start').items;
    data.mutate({ added: 5, updated: 5, deleted: 5 });
    data.reset();
    expect(round(data, 'start').items).toEqual(original);
    expect(data.state()).toMatchObject({ items: 300, changes: 0, recycleBinBytes: 0 });
    expect(data.expected()).toEqual({ added: 0, updated: 0, deleted: 0 });
  });
});
