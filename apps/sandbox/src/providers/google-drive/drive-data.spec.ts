import { SANDBOX_ACCOUNT } from '../../lib/provider-definition';
import { DRIVE_FOLDER, DRIVE_MAX_FILES, DriveDataset, type DriveFile } from './drive-data';

const make = (options: Partial<{ files: number; trashed: number; seed: number }> = {}) =>
  new DriveDataset({ files: 150, trashed: 6, seed: 1, ...options }, SANDBOX_ACCOUNT);
const all = (data: DriveDataset) => data.listFiles(0, 100_000, () => true).files;
const listed = (data: DriveDataset) => data.listFiles(0, 100_000, (f) => !f.trashed).files;

describe('DriveDataset start-up data', () => {
  it('should be the same for the same seed, and another for another seed', () => {
    expect(all(make())).toEqual(all(make()));
    expect(make().about()).toEqual(make().about());
    expect(all(make({ seed: 2 }))[0].id).not.toBe(all(make())[0].id);
  });

  it('should hold 150 listed files and folders and 6 trashed files, with unique Drive-like ids', () => {
    const data = make();
    const files = all(data);
    expect(listed(data)).toHaveLength(150);
    expect(files.filter((f) => f.trashed)).toHaveLength(6);
    expect(files.filter((f) => f.trashed).every((f) => f.mimeType !== DRIVE_FOLDER && f.explicitlyTrashed)).toBe(true);
    expect(new Set(files.map((f) => f.id)).size).toBe(156);
    for (const file of files) expect(file.id).toMatch(/^1[A-Za-z0-9_-]{32}$/);
    expect(data.rootId).toMatch(/^0A[A-Za-z0-9]{17}Uk9PVA$/);
    expect(data.state()).toEqual({ files: 150, folders: 16, trashed: 6, removed: 0, changes: 0, seed: 1 });
  });

  it('should shape files as Drive does: folders without size, int64 strings, parents that exist, links by kind', () => {
    const data = make();
    const files = all(data);
    const folders = new Set(files.filter((f) => f.mimeType === DRIVE_FOLDER).map((f) => f.id));
    for (const file of files) {
      expect(file.kind).toBe('drive#file');
      expect(Date.parse(file.modifiedTime)).toBeGreaterThanOrEqual(Date.parse(file.createdTime));
      expect(Date.parse(file.modifiedTime)).toBeLessThanOrEqual(Date.UTC(2025, 5, 1, 12));
      if (file.mimeType === DRIVE_FOLDER) {
        expect(file.size).toBeUndefined();
        expect(file.webViewLink).toBe(`https://drive.google.com/drive/folders/${file.id}`);
      } else {
        expect(file.size).toMatch(/^\d+$/);
      }
      if (file.mimeType === 'application/vnd.google-apps.document') {
        expect(file.webViewLink).toBe(`https://docs.google.com/document/d/${file.id}/edit?usp=drivesdk`);
      }
      if (file.parents) {
        expect(file.parents).toHaveLength(1);
        expect(file.parents[0] === data.rootId || folders.has(file.parents[0])).toBe(true);
      }
    }
  });

  it('should have files colleagues shared with the person: not in My Drive (no parents), not owned, no quota used', () => {
    const shared = all(make()).filter((f) => !f.ownedByMe);
    expect(shared.length).toBeGreaterThan(5);
    for (const file of shared) {
      expect(file.parents).toBeUndefined();
      expect(file.shared).toBe(true);
      expect(file.quotaBytesUsed).toBe('0');
      expect(file.owners[0].emailAddress).not.toBe(SANDBOX_ACCOUNT.email);
    }
  });

  it('should describe the person in about: permission id, email, and a quota that counts their own files', () => {
    const data = make();
    const about = data.about() as { user: Record<string, unknown>; storageQuota: Record<string, string> };
    expect(about.user).toMatchObject({
      kind: 'drive#user',
      me: true,
      displayName: SANDBOX_ACCOUNT.name,
      emailAddress: SANDBOX_ACCOUNT.email,
      permissionId: expect.stringMatching(/^\d{20}$/),
    });
    const own = all(data)
      .filter((f) => f.ownedByMe)
      .reduce((sum, f) => sum + Number(f.quotaBytesUsed), 0);
    expect(about.storageQuota['usageInDrive']).toBe(String(own));
    expect(Number(about.storageQuota['limit'])).toBeGreaterThan(Number(about.storageQuota['usage']));
  });

  it('should refuse sizes out of range', () => {
    expect(() => make({ files: -1 })).toThrow(RangeError);
    expect(() => make({ files: DRIVE_MAX_FILES + 1 })).toThrow(RangeError);
    expect(() => make({ trashed: 1.5 })).toThrow(RangeError);
    expect(listed(make({ files: 0, trashed: 0 }))).toEqual([]);
  });
});

describe('DriveDataset listing', () => {
  it('should page by position in a stable order, and `next` resumes exactly after the page', () => {
    const data = make();
    const keep = (f: DriveFile) => !f.trashed;
    const first = data.listFiles(0, 100, keep);
    const second = data.listFiles(first.next as number, 100, keep);
    expect(first.files).toHaveLength(100);
    expect(second).toEqual({ files: listed(data).slice(100), next: null });
  });
});

describe('DriveDataset changes and mutate', () => {
  const ids = (changes: { fileId: string }[]) => changes.map((c) => c.fileId).sort();

  it('should answer no changes, and the same token again, when nothing changed', () => {
    const data = make();
    const start = data.startPageToken();
    expect(data.changes(start, 100, true)).toEqual({ changes: [], newStartPageToken: start });
  });

  it('should know only tokens of its own log', () => {
    const data = make();
    const start = data.startPageToken();
    expect(data.knowsToken(start)).toBe(true);
    expect(data.knowsToken(String(Number(start) + 1))).toBe(false);
    expect(data.knowsToken(String(Number(start) - 1))).toBe(false);
    for (const token of ['', 'abc', '12a', '-5', '1'.repeat(20)]) expect(data.knowsToken(token)).toBe(false);
    data.mutate({ added: 1, updated: 0, deleted: 0 });
    expect(data.knowsToken(String(Number(start) + 1))).toBe(true);
  });

  it('should add, edit, trashes and removes files, and report each once from the start page token', () => {
    const data = make();
    const before = new Map(all(data).map((f) => [f.id, f]));
    const start = data.startPageToken();
    expect(data.mutate({ added: 2, updated: 1, deleted: 2 })).toEqual({ added: 2, updated: 1, deleted: 2 });
    const { changes, newStartPageToken } = data.changes(start, 100, true);
    expect(changes).toHaveLength(5);
    expect(Number(newStartPageToken)).toBe(Number(start) + 5);
    const added = changes.filter((c) => !before.has(c.fileId));
    expect(added).toHaveLength(2);
    expect(added.every((c) => c.file && !c.file.trashed && c.file.createdTime === c.time)).toBe(true);
    const edited = changes.filter((c) => before.has(c.fileId) && c.file && !c.file.trashed);
    expect(edited).toHaveLength(1);
    const old = before.get(edited[0].fileId) as DriveFile;
    expect(Date.parse(edited[0].file?.modifiedTime ?? '')).toBeGreaterThan(Date.parse(old.modifiedTime));
    expect(Number(edited[0].file?.version)).toBeGreaterThan(Number(old.version));
    // One moved to the trash (still a file), one deleted for good (removed, no file).
    expect(changes.filter((c) => c.file?.trashed)).toHaveLength(1);
    expect(changes.filter((c) => c.removed && c.file === undefined)).toHaveLength(1);
    expect(listed(data)).toHaveLength(150 + 2 - 2);
    expect(data.file(changes.find((c) => c.removed)?.fileId ?? '')).toBeUndefined();
    // includeRemoved=false leaves the removal out.
    expect(data.changes(start, 100, false).changes).toHaveLength(4);
  });

  it('should page the change log: nextPageToken until the last page, which carries newStartPageToken', () => {
    const data = make();
    const start = data.startPageToken();
    data.mutate({ added: 3, updated: 2, deleted: 0 });
    const first = data.changes(start, 2, true);
    expect(first.newStartPageToken).toBeUndefined();
    const second = data.changes(first.nextPageToken as string, 2, true);
    const third = data.changes(second.nextPageToken as string, 2, true);
    expect([first, second, third].map((p) => p.changes.length)).toEqual([2, 2, 1]);
    expect(ids([...first.changes, ...second.changes, ...third.changes])).toEqual(
      ids(data.changes(start, 100, true).changes),
    );
    expect(third.newStartPageToken).toBe(String(Number(start) + 5));
  });

  it('should expect what the next sync counts: since the newest token handed out, netted across mutations', () => {
    const data = make();
    const start = data.startPageToken();
    data.mutate({ added: 2, updated: 1, deleted: 1 });
    // Without a sync in between, a second mutation adds up (and edits other files than the first).
    expect(data.mutate({ added: 1, updated: 1, deleted: 1 })).toEqual({ added: 3, updated: 2, deleted: 2 });
    // A sync reads the change feed to its end: the next mutation counts from there.
    const feed = data.changes(start, 100, true);
    expect(feed.changes).toHaveLength(7);
    expect(data.expected()).toEqual({ added: 0, updated: 0, deleted: 0 });
    expect(data.mutate({ added: 0, updated: 2, deleted: 0 })).toEqual({ added: 0, updated: 2, deleted: 0 });
  });

  it('should edit or deletes no more files than there are', () => {
    const data = make({ files: 10, trashed: 0 });
    data.startPageToken();
    expect(data.mutate({ added: 0, updated: 500, deleted: 500 })).toEqual({ added: 0, updated: 9, deleted: 0 });
    expect(() => data.mutate({ added: 1001, updated: 0, deleted: 0 })).toThrow(RangeError);
  });

  it('should go back to the start-up data on reset', () => {
    const data = make();
    const original = all(data);
    data.startPageToken();
    data.mutate({ added: 5, updated: 5, deleted: 5 });
    data.reset();
    expect(all(data)).toEqual(original);
    expect(data.state()).toMatchObject({ files: 150, changes: 0 });
    expect(data.expected()).toEqual({ added: 0, updated: 0, deleted: 0 });
  });
});
