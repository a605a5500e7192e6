import { GoogleDriveProvider } from '@hub/server/integrations/google-drive';
import { type RunningSandbox, startSandbox } from '../../start-sandbox';
import { expectedProjectErrorOutcomes, projectErrorOutcomes } from '../google-common/inject-google-error';
import { apiRequests, baseUrls, connectAs, mutate, syncPages } from '../../testing/emulation-harness';

/**
 * The hub's real GoogleDriveProvider, unchanged, against the sandbox: a token from the consent flow
 * as the manifest asks for it, "connected as", a full sync of the 150 files, the changes `mutate`
 * makes read from the sync token in exactly the counts it announces, and the failures the hub acts on.
 */
let sandbox: RunningSandbox;
const provider = () => new GoogleDriveProvider(baseUrls(sandbox, 'google-drive'));

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, only: ['google-drive'] });
});
afterAll(() => sandbox.close());

/** Connects as the hub does: the manifest's scopes and authorization parameters, PKCE, client auth. */
const connect = async () => ({ accessToken: (await connectAs(sandbox, provider())).access_token });

const sync = (credentials: { accessToken: string }, cursor: string | null) =>
  syncPages(provider(), { credentials, resource: 'files', cursor });

const requests = () => apiRequests(sandbox, 'google-drive');

it('should connect, describe the Drive user, sync all files, then exactly the changes mutate announces', async () => {
  const credentials = await connect();

  expect(await provider().getAccountInfo({ credentials })).toEqual({
    externalAccountId: expect.stringMatching(/^\d{20}$/),
    displayName: 'Sandbox User',
    email: 'sandbox@example.com',
    url: 'https://drive.google.com/drive/my-drive',
    details: { storageUsedBytes: expect.any(Number), storageLimitBytes: 16106127360 },
  });

  const full = await sync(credentials, null);
  expect(full.map((p) => p.records.length)).toEqual([100, 50]);
  expect(full.map((p) => p.nextCursor === null)).toEqual([false, true]);
  const records = full.flatMap((p) => p.records);
  const ids = new Set(records.map((r) => r.externalId));
  expect(ids.size).toBe(150);
  expect(records.every((r) => r.data['trashed'] === false)).toBe(true);
  const folder = records.find((r) => r.data['mimeType'] === 'application/vnd.google-apps.folder');
  expect(folder?.data).not.toHaveProperty('size');
  expect(records.find((r) => typeof r.data['size'] === 'number')?.data).toEqual({
    name: expect.any(String),
    mimeType: expect.any(String),
    parents: expect.any(Array),
    owners: [{ emailAddress: expect.any(String), displayName: expect.any(String) }],
    size: expect.any(Number),
    createdTime: expect.any(String),
    modifiedTime: expect.any(String),
    webViewLink: expect.stringMatching(/^https:\/\/(docs|drive)\.google\.com\//),
    trashed: false,
    starred: expect.any(Boolean),
    shared: expect.any(Boolean),
  });
  const syncToken = full.at(-1)?.syncToken as string;
  expect(syncToken).toEqual(expect.any(String));

  // Resuming the full pass from the first page's cursor fetches the second page only.
  const before = await requests();
  const resumed = await sync(credentials, full[0].nextCursor);
  expect(resumed.flatMap((p) => p.records)).toEqual(full[1].records);
  expect((await requests()) - before).toBe(1);

  const { expected } = await mutate(sandbox, 'google-drive', { added: 2, updated: 1, deleted: 1 });
  expect(expected).toEqual({ files: { added: 2, updated: 1, deleted: 1 } });

  const changes = await sync(credentials, syncToken);
  const changed = changes.flatMap((p) => p.records.map((r) => r.externalId));
  const deleted = changes.flatMap((p) => p.deletedIds ?? []);
  expect({
    added: changed.filter((id) => !ids.has(id)).length,
    updated: changed.filter((id) => ids.has(id)).length,
    deleted: deleted.filter((id) => ids.has(id)).length,
  }).toEqual(expected.files);
  expect(deleted).toHaveLength(1);
  const next = changes.at(-1)?.syncToken as string;
  expect(next).not.toBe(syncToken);

  // Nothing changed since: no records, the same token again.
  const quiet = await sync(credentials, next);
  expect(quiet).toEqual([{ records: [], deletedIds: [], nextCursor: null, syncToken: next }]);
});

it('should start over (CURSOR_INVALID) from a start page token Drive does not know, and reconnects (AUTH_REVOKED) on an expired token', async () => {
  let credentials = await connect();
  const full = await sync(credentials, null);
  await fetch(`${sandbox.url}/_sandbox/google-drive/mutate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ added: 3 }),
  });
  const afterChanges = (await sync(credentials, full.at(-1)?.syncToken as string)).at(-1)?.syncToken as string;
  // A reset forgets the change log (and the grants): the newer start page token is one Drive never issued.
  await fetch(`${sandbox.url}/_sandbox/reset`, { method: 'POST' });
  credentials = await connect();
  const stale = await sync(credentials, afterChanges).catch((e: unknown) => e);
  expect(provider().toIntegrationError(stale).code).toBe('CURSOR_INVALID');

  await fetch(`${sandbox.url}/_sandbox/google-drive/expire-access-tokens`, { method: 'POST' });
  const expired = await provider()
    .getAccountInfo({ credentials })
    .catch((e: unknown) => e);
  expect(provider().toIntegrationError(expired).code).toBe('AUTH_REVOKED');
});

it('should back off (RATE_LIMITED) on Drive’s 403 rate limits, and name drive.googleapis.com to enable on SERVICE_DISABLED', async () => {
  const credentials = await connect();
  const outcomes = await projectErrorOutcomes(
    sandbox,
    'google-drive',
    () => sync(credentials, null),
    (e) => provider().toIntegrationError(e),
  );
  expect(outcomes).toEqual(expectedProjectErrorOutcomes('drive.googleapis.com'));
  // Once answered, the errors are gone: the next sync goes through.
  expect((await sync(credentials, null)).flatMap((p) => p.records)).toHaveLength(150);
});
