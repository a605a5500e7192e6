import { OutlookProvider } from '@hub/server/integrations/outlook';
import { type RunningSandbox, startSandbox } from '../../start-sandbox';
import {
  apiRequests,
  baseUrls,
  connectAs,
  mutate,
  RecordStore,
  sandboxControl,
  syncPages,
} from '../../testing/emulation-harness';

/**
 * The hub's real OutlookProvider, unchanged, against the emulated Graph: a token from the consent flow
 * as the manifest asks for it, "connected as", a full sync of the folders and of every folder's
 * messages over several delta pages, the changes `mutate` makes (moves included) read from the
 * deltaLinks in exactly the counts it announces, folders created and deleted between runs, folder
 * selection, Outlook's limit of 4 requests at a time, and the failures the hub acts on (an expired
 * delta token, throttling, no Exchange Online mailbox, an expired access token).
 */
let sandbox: RunningSandbox;
const provider = () => new OutlookProvider(baseUrls(sandbox, 'outlook'));

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, only: ['outlook'] });
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

const sync = (credentials: Credentials, resource: string, cursor: string | null, selection: string[] = []) =>
  syncPages(provider(), { credentials, resource, cursor, selection });
const failure = (pages: Promise<unknown>) =>
  pages.then(
    () => {
      throw new Error('expected the sync to fail');
    },
    (e: unknown) => provider().toIntegrationError(e),
  );

const control = <T = Record<string, unknown>>(path: string, body?: unknown) =>
  sandboxControl<T>(sandbox, 'outlook', path, body);

interface ControlFolder {
  id: string;
  displayName: string;
  parentId: string | null;
  isHidden: boolean;
  wellKnownName?: string;
  messages: string[];
}
const folders = async () => (await control<{ folders: ControlFolder[] }>('/folders')).folders;
/** The messages the hub can see: every folder's but the hidden ones'. */
const visibleMessages = async () =>
  (await folders()).filter((f) => !f.isHidden).reduce((sum, f) => sum + f.messages.length, 0);
const tokenOf = (pages: { syncToken?: string }[]) => pages.at(-1)?.syncToken as string;

it('should sync every folder and message over several pages, then exactly the changes mutate announces', async () => {
  const credentials = await connect();
  const folderPages = await sync(credentials, 'folders', null);
  const folderRecords = folderPages.flatMap((p) => p.records);
  // Every folder but Clutter (hidden), child folders included, each named by its path.
  expect(folderRecords.map((r) => r.data['name'])).toEqual(
    expect.arrayContaining(['Inbox', 'Inbox / Projects', 'Inbox / Projects / Falcon', 'Archive / 2024', 'Sent Items']),
  );
  expect(folderRecords.some((r) => r.data['name'] === 'Clutter')).toBe(false);
  expect(folderPages.every((p) => p.syncToken === undefined)).toBe(true);

  const full = await sync(credentials, 'messages', null);
  const records = full.flatMap((p) => p.records);
  expect(records).toHaveLength(await visibleMessages());
  expect(full.length).toBeGreaterThan(3);
  expect(full.slice(0, -1).every((p) => p.nextCursor !== null && p.records.length <= 100)).toBe(true);
  expect(records.find((r) => r.data['folder'] === 'Sent Items')?.data).toEqual({
    subject: expect.any(String),
    from: { name: 'Megan Bowen', address: 'megan.bowen@contoso-sandbox.example' },
    toRecipients: [expect.objectContaining({ address: expect.stringContaining('@') })],
    ccRecipients: expect.any(Array),
    receivedDateTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
    folderId: expect.any(String),
    folder: 'Sent Items',
    categories: expect.any(Array),
    bodyPreview: expect.any(String),
    isRead: true,
    hasAttachments: expect.any(Boolean),
    importance: expect.stringMatching(/^(low|normal|high)$/),
    conversationId: expect.any(String),
    webLink: expect.stringMatching(/^https:\/\/outlook\.office365\.com\/owa\/\?ItemID=/),
  });
  // Immutable ids (the provider prefers them on every request).
  expect(records.every((r) => r.externalId.startsWith('AAkALgAAAAAAHYQDEapmEc2byACqAC'))).toBe(true);

  // Resuming the full pass from the first page's cursor fetches the rest only.
  const before = await apiRequests(sandbox, 'outlook');
  const resumed = await sync(credentials, 'messages', full[0].nextCursor);
  expect(resumed.flatMap((p) => p.records)).toEqual(full.slice(1).flatMap((p) => p.records));
  expect((await apiRequests(sandbox, 'outlook')) - before).toBeLessThan(full.length + 20);

  const messages = new RecordStore();
  messages.apply(full, true);
  const folderStore = new RecordStore();
  folderStore.apply(folderPages, true);
  const { expected } = await mutate(sandbox, 'outlook', { added: 3, updated: 5, deleted: 2 });
  expect(expected['messages']).toEqual({ added: 3, updated: 5, deleted: 2 });

  const changes = await sync(credentials, 'messages', tokenOf(full));
  expect(messages.apply(changes)).toEqual({ ...expected['messages'], unchanged: 0 });
  const folderChanges = await sync(credentials, 'folders', null);
  expect(folderStore.apply(folderChanges, true)).toEqual({
    ...expected['folders'],
    unchanged: folderRecords.length - expected['folders'].updated,
  });

  // Nothing changed since: no records, no deletions, the same folder links again.
  const quiet = await sync(credentials, 'messages', tokenOf(changes));
  expect(quiet).toEqual([{ records: [], deletedIds: [], nextCursor: null, syncToken: tokenOf(changes) }]);
});

it('should count a move as one update in either folder order, the message keeping its id and taking its new folder', async () => {
  const credentials = await connect();
  const full = await sync(credentials, 'messages', null);
  const store = new RecordStore();
  store.apply(full, true);
  const tree = await folders();
  const inbox = tree.find((f) => f.wellKnownName === 'inbox')!;
  const falcon = tree.find((f) => f.displayName === 'Falcon')!;
  const archive2023 = tree.find((f) => f.displayName === '2023')!;
  // Inbox is read first, Archive / 2023 before Inbox / Projects / Falcon: Inbox → Falcon reports the
  // removal before the add, 2023 → Inbox the add before the removal.
  const [down] = inbox.messages;
  const [up] = archive2023.messages;
  await control('/move', { message: down, folder: falcon.id });
  await control('/move', { message: up, folder: inbox.id });

  const changes = await sync(credentials, 'messages', tokenOf(full));
  expect(store.apply(changes)).toEqual({ added: 0, updated: 2, deleted: 0, unchanged: 0 });
  const moved = new Map(changes.flatMap((p) => p.records).map((r) => [r.externalId, r.data]));
  expect(moved.get(down)).toMatchObject({ folderId: falcon.id, folder: 'Inbox / Projects / Falcon' });
  expect(moved.get(up)).toMatchObject({ folderId: inbox.id, folder: 'Inbox' });
});

it('should start over once (CURSOR_INVALID) when a folder’s delta token expires, the full resync then going incremental again', async () => {
  const credentials = await connect();
  const full = await sync(credentials, 'messages', null);
  await control('/expire-delta', { folder: 'sentitems' });
  const stale = await failure(sync(credentials, 'messages', tokenOf(full)));
  expect({ code: stale.code, message: stale.message }).toEqual({
    code: 'CURSOR_INVALID',
    message: expect.stringContaining('SyncStateNotFound'),
  });
  const store = new RecordStore();
  store.apply(full, true);
  const resync = await sync(credentials, 'messages', null);
  expect(store.apply(resync, true)).toEqual({ added: 0, updated: 0, deleted: 0, unchanged: await visibleMessages() });
  const { expected } = await mutate(sandbox, 'outlook', { added: 1, updated: 1, deleted: 1 });
  expect(store.apply(await sync(credentials, 'messages', tokenOf(resync)))).toEqual({
    ...expected['messages'],
    unchanged: 0,
  });
});

it('should read a new folder whole, and start over in full when a synced folder is deleted, removing its messages', async () => {
  const credentials = await connect();
  const full = await sync(credentials, 'messages', null);
  const store = new RecordStore();
  store.apply(full, true);
  const created = await control<{ id: string }>('/folders', { name: 'Travel', parent: 'inbox', messages: 4 });
  const changes = await sync(credentials, 'messages', tokenOf(full));
  expect(store.apply(changes)).toEqual({ added: 4, updated: 0, deleted: 0, unchanged: 0 });
  expect(changes.flatMap((p) => p.records).every((r) => r.data['folder'] === 'Inbox / Travel')).toBe(true);

  const deletion = await fetch(`${sandbox.url}/_sandbox/outlook/folders/${encodeURIComponent(created.id)}`, {
    method: 'DELETE',
  });
  expect(await deletion.json()).toEqual({ deletedMessages: 4 });

  const gone = await failure(sync(credentials, 'messages', tokenOf(changes)));
  expect(gone.code).toBe('CURSOR_INVALID');
  // The full pass the runner then makes deletes what it no longer sees.
  expect(store.apply(await sync(credentials, 'messages', null), true)).toMatchObject({
    added: 0,
    updated: 0,
    deleted: 4,
  });
});

it('should sync only the selected folders, and a folder added to the selection whole', async () => {
  const credentials = await connect();
  const tree = await folders();
  const inbox = tree.find((f) => f.wellKnownName === 'inbox')!;
  const sent = tree.find((f) => f.wellKnownName === 'sentitems')!;
  const inboxOnly = await sync(credentials, 'messages', null, [inbox.id]);
  expect(inboxOnly.flatMap((p) => p.records.map((r) => r.externalId)).sort()).toEqual([...inbox.messages].sort());
  const both = await sync(credentials, 'messages', tokenOf(inboxOnly), [inbox.id, sent.id]);
  expect(both.flatMap((p) => p.records.map((r) => r.externalId)).sort()).toEqual([...sent.messages].sort());
  expect((await failure(sync(credentials, 'messages', tokenOf(both), [sent.id]))).code).toBe('CURSOR_INVALID');
});

it('should keep within 4 requests at a time per mailbox, while a client that does not is refused with ApplicationThrottled', async () => {
  const credentials = await connect();
  await control('/latency', { ms: 25 });
  // Six syncs of the one mailbox at once: the provider's gate lets 4 requests through at a time.
  const runs = await Promise.all(Array.from({ length: 6 }, () => sync(credentials, 'messages', null)));
  expect(runs.every((pages) => pages.at(-1)?.syncToken !== undefined)).toBe(true);
  const seen = await control<{ limit: number; maxInFlight: Record<string, number>; refused: number }>('/concurrency');
  expect(seen).toEqual({ limit: 4, maxInFlight: { member: 4 }, refused: 0 });

  // Six at once from a client without the limit: two are refused.
  const answers = await Promise.all(
    Array.from({ length: 6 }, () =>
      fetch(`${sandbox.url}/outlook/api/me/mailFolders`, {
        headers: { authorization: `Bearer ${credentials.accessToken}` },
      }),
    ),
  );
  expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 429, 429]);
  const refused = answers.find((a) => a.status === 429)!;
  expect(refused.headers.get('retry-after')).toBe('1');
  expect(((await refused.json()) as { error: { code: string; message: string } }).error).toMatchObject({
    code: 'ApplicationThrottled',
    message: 'Application is over its MailboxConcurrency limit.',
  });
});

it('should wait (RATE_LIMITED, with the fractional Retry-After) when throttled, and reconnect (AUTH_REVOKED) on an expired token', async () => {
  const credentials = await connect();
  await control('/throttle', { retryAfterSeconds: 2.5 });
  const throttled = await failure(sync(credentials, 'messages', null));
  expect({ code: throttled.code, retryAfterMs: throttled.options.retryAfterMs }).toEqual({
    code: 'RATE_LIMITED',
    retryAfterMs: 2500,
  });
  await control('/throttle', { code: 'ApplicationThrottled', retryAfterSeconds: 1 });
  const concurrency = await failure(sync(credentials, 'messages', null));
  expect({ code: concurrency.code, message: concurrency.message }).toEqual({
    code: 'RATE_LIMITED',
    message: expect.stringContaining('4 requests at a time per mailbox'),
  });
  expect((await sync(credentials, 'messages', null)).flatMap((p) => p.records)).toHaveLength(await visibleMessages());

  await fetch(`${sandbox.url}/_sandbox/outlook/expire-access-tokens`, { method: 'POST' });
  expect((await failure(sync(credentials, 'messages', null))).code).toBe('AUTH_REVOKED');
});

it('should say the account has no Exchange Online mailbox (MailboxNotEnabledForRESTAPI), on connect and on sync', async () => {
  const credentials = await connect();
  await control('/mailbox', { enabled: false });
  const onConnect = await provider()
    .getAccountInfo({ credentials })
    .then(
      () => null,
      (e: unknown) => provider().toIntegrationError(e),
    );
  expect({ code: onConnect?.code, message: onConnect?.message }).toEqual({
    code: 'INVALID_CONFIG',
    message:
      'This Microsoft account has no Exchange Online mailbox (MailboxNotEnabledForRESTAPI): it has no Exchange Online licence, is a guest in the organization, or its mailbox is on-premises. Connect an account with an Exchange Online mailbox, or ask an administrator to assign it a licence',
  });
  const onSync = await failure(sync(credentials, 'messages', null));
  expect({ code: onSync.code, message: onSync.message }).toEqual({
    code: 'INVALID_CONFIG',
    message: onConnect?.message,
  });
});

describe('connected as', () => {
  it('should describe a work account: person, tenant and inbox', async () => {
    const credentials = await connect();
    expect(await provider().getAccountInfo({ credentials })).toEqual({
      externalAccountId: expect.stringMatching(/^[0-9a-f-]{36}:[0-9a-f-]{36}$/),
      displayName: 'Megan Bowen',
      email: 'megan.bowen@contoso-sandbox.example',
      workspaceName: 'Contoso Sandbox',
      url: 'https://outlook.office.com/mail/',
      details: {
        accountType: 'work or school account',
        organization: 'Contoso Sandbox',
        inboxMessages: (await folders()).find((f) => f.wellKnownName === 'inbox')!.messages.length,
        inboxUnread: expect.any(Number),
      },
    });
  });

  it('should describe a personal account without an organization, its address from userPrincipalName, and sync it', async () => {
    await control('/persona', { persona: 'personal' });
    const credentials = await connect();
    expect(await provider().getAccountInfo({ credentials })).toMatchObject({
      displayName: 'Sam Sandbox',
      email: 'sam.sandbox@outlook.example',
      url: 'https://outlook.live.com/mail/',
      details: { accountType: 'personal Microsoft account' },
    });
    const full = await sync(credentials, 'messages', null);
    expect(full.flatMap((p) => p.records)).toHaveLength(await visibleMessages());
    const store = new RecordStore();
    store.apply(full, true);
    const { expected } = await mutate(sandbox, 'outlook', { added: 1, updated: 2, deleted: 1 });
    expect(store.apply(await sync(credentials, 'messages', tokenOf(full)))).toEqual({
      ...expected['messages'],
      unchanged: 0,
    });
  });
});
