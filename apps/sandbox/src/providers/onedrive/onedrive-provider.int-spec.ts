import { OneDriveProvider } from '@hub/server/integrations/onedrive';
import { type RunningSandbox, startSandbox } from '../../start-sandbox';
import { apiRequests, baseUrls, connectAs, mutate, RecordStore, syncPages } from '../../testing/emulation-harness';

/**
 * The hub's real OneDriveProvider, unchanged, against the emulated Graph: a token from the consent
 * flow as the manifest asks for it, "connected as", a full sync of the drive over several delta pages,
 * the changes `mutate` makes read from the deltaLink in exactly the counts it announces, and the
 * failures the hub acts on (an expired delta token, throttling, an expired access token).
 */
let sandbox: RunningSandbox;
const provider = () => new OneDriveProvider(baseUrls(sandbox, 'onedrive'));

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, only: ['onedrive'] });
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  await fetch(`${sandbox.url}/_sandbox/reset`, { method: 'POST' });
});

/** Connects as the hub does; the credentials the hub keeps (the ID token says who connected). */
const connect = async () => {
  const body = (await connectAs(sandbox, provider())) as { access_token: string; id_token?: string };
  return { accessToken: body.access_token, ...(body.id_token ? { idToken: body.id_token } : {}) };
};
type Credentials = Awaited<ReturnType<typeof connect>>;

const sync = (credentials: Credentials, cursor: string | null) =>
  syncPages(provider(), { credentials, resource: 'files', cursor });

const control = (path: string, body: unknown) =>
  fetch(`${sandbox.url}/_sandbox/onedrive${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

it('should sync every item under the root over several pages, then exactly the changes mutate announces', async () => {
  const credentials = await connect();
  const full = await sync(credentials, null);
  // Pages of 200 (the provider's $top), the root (no record) on the first.
  expect(full.map((p) => p.records.length)).toEqual([199, 101]);
  expect(full.map((p) => p.nextCursor === null)).toEqual([false, true]);
  const records = full.flatMap((p) => p.records);
  const ids = new Set(records.map((r) => r.externalId));
  expect(ids.size).toBe(300);
  expect(records.filter((r) => r.data['type'] === 'folder')).toHaveLength(30);
  expect(records.find((r) => r.data['type'] === 'file')?.data).toEqual({
    name: expect.any(String),
    type: 'file',
    mimeType: expect.any(String),
    size: expect.any(Number),
    parentId: expect.any(String),
    driveId: expect.stringMatching(/^b!/),
    createdDateTime: expect.any(String),
    lastModifiedDateTime: expect.any(String),
    webUrl: expect.stringMatching(/^https:\/\//),
    createdBy: { displayName: expect.any(String), email: expect.stringContaining('@') },
    lastModifiedBy: { displayName: expect.any(String), email: expect.stringContaining('@') },
  });
  const syncToken = full.at(-1)?.syncToken as string;
  expect(syncToken).toEqual(expect.any(String));

  // Resuming the full pass from the first page's cursor fetches the second page only.
  const before = await apiRequests(sandbox, 'onedrive');
  const resumed = await sync(credentials, full[0].nextCursor);
  expect(resumed.flatMap((p) => p.records)).toEqual(full[1].records);
  expect((await apiRequests(sandbox, 'onedrive')) - before).toBe(1);

  const store = new RecordStore();
  store.apply(full, true);
  const { expected } = await mutate(sandbox, 'onedrive', { added: 2, updated: 3, deleted: 2 });
  expect(expected['files']).toMatchObject({ added: 2, deleted: 2 });

  const changes = await sync(credentials, syncToken);
  const changed = changes.flatMap((p) => p.records.map((r) => r.externalId));
  const deleted = changes.flatMap((p) => p.deletedIds ?? []);
  expect({
    added: changed.filter((id) => !ids.has(id)).length,
    updated: changed.filter((id) => ids.has(id)).length,
    deleted: deleted.filter((id) => ids.has(id)).length,
  }).toEqual(expected['files']);
  // As the hub's record writer counts it: every item the round brings changed.
  expect(store.apply(changes)).toEqual({ ...expected['files'], unchanged: 0 });
  const next = changes.at(-1)?.syncToken as string;
  expect(next).not.toBe(syncToken);

  // Nothing changed since: no records, the same deltaLink again.
  expect(await sync(credentials, next)).toEqual([{ records: [], deletedIds: [], nextCursor: null, syncToken: next }]);
});

it('should start over once (CURSOR_INVALID) when the delta token expires, the full resync then going through', async () => {
  const credentials = await connect();
  const full = await sync(credentials, null);
  await control('/expire-delta', {});
  const stale = await sync(credentials, full.at(-1)?.syncToken as string).catch((e: unknown) => e);
  expect(provider().toIntegrationError(stale).code).toBe('CURSOR_INVALID');
  // A saved next link goes stale the same way.
  const midway = await sync(credentials, full[0].nextCursor).catch((e: unknown) => e);
  expect(provider().toIntegrationError(midway).code).toBe('CURSOR_INVALID');
  const resync = await sync(credentials, null);
  expect(resync.flatMap((p) => p.records)).toHaveLength(300);
  expect(await sync(credentials, resync.at(-1)?.syncToken as string)).toEqual([
    expect.objectContaining({ records: [], deletedIds: [] }),
  ]);
});

it('should wait (RATE_LIMITED, with the fractional Retry-After) when throttled, and reconnect (AUTH_REVOKED) on an expired token', async () => {
  const credentials = await connect();
  await control('/throttle', { retryAfterSeconds: 2.5 });
  const throttled = await sync(credentials, null).catch((e: unknown) => e);
  const mapped = provider().toIntegrationError(throttled);
  expect({ code: mapped.code, retryable: mapped.retryable, retryAfterMs: mapped.options.retryAfterMs }).toEqual({
    code: 'RATE_LIMITED',
    retryable: true,
    retryAfterMs: 2500,
  });
  await control('/throttle', { status: 503, retryAfterSeconds: 1 });
  expect(provider().toIntegrationError(await sync(credentials, null).catch((e: unknown) => e)).code).toBe(
    'RATE_LIMITED',
  );
  expect((await sync(credentials, null)).flatMap((p) => p.records)).toHaveLength(300);

  await fetch(`${sandbox.url}/_sandbox/onedrive/expire-access-tokens`, { method: 'POST' });
  const expired = await sync(credentials, null).catch((e: unknown) => e);
  expect(provider().toIntegrationError(expired).code).toBe('AUTH_REVOKED');
});

/*
 * "Connected as" reads who connected from the ID token's tid and oid (the identity platform's
 * claims), which the sandbox's Microsoft sign-in (microsoft-common/identity-platform.ts) issues once
 * it is wired into the emulation.
 */
describe('connected as', () => {
  it('should describe a work account: person, tenant, OneDrive for Business and its quota', async () => {
    const credentials = await connect();
    expect(await provider().getAccountInfo({ credentials })).toEqual({
      externalAccountId: expect.any(String),
      displayName: 'Megan Bowen',
      email: 'megan.bowen@contoso-sandbox.example',
      workspaceName: 'Contoso Sandbox',
      url: expect.stringMatching(/^https:\/\/contososandbox-my\.sharepoint\.com\/personal\//),
      details: {
        accountType: 'work or school account',
        organization: 'Contoso Sandbox',
        driveType: 'business',
        storage: expect.stringMatching(/ used of 1 TB$/),
        storageState: 'normal',
      },
    });
  });

  it('should describe a personal account without an organization, its consumer drive and its ids', async () => {
    await control('/persona', { persona: 'personal' });
    const credentials = await connect();
    expect(await provider().getAccountInfo({ credentials })).toMatchObject({
      displayName: 'Sam Sandbox',
      email: 'sam.sandbox@outlook.example',
      details: {
        accountType: 'personal Microsoft account',
        driveType: 'personal',
        storage: expect.stringMatching(/ of 5 GB$/),
      },
    });
    const full = await sync(credentials, null);
    const records = full.flatMap((p) => p.records);
    expect(records).toHaveLength(300);
    expect(records.every((r) => /^[0-9A-F]{16}![0-9]+$/.test(r.externalId))).toBe(true);
    const { expected } = await mutate(sandbox, 'onedrive', { added: 1, updated: 1, deleted: 1 });
    const store = new RecordStore();
    store.apply(full, true);
    expect(store.apply(await sync(credentials, full.at(-1)?.syncToken as string))).toEqual({
      ...expected['files'],
      unchanged: 0,
    });
  });
});
