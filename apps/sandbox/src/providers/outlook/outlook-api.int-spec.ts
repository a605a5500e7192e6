import { type RunningSandbox, startSandbox } from '../../start-sandbox';
import { OAuthTestClient } from '../../testing/oauth-test-client';

/**
 * The emulated Microsoft Graph for Outlook mail over HTTP: permissions and Graph's error envelope,
 * the folder tree (hidden folders, paging, well-known names), per-folder message delta (pages of
 * `odata.maxpagesize`, `$top` capping the round, incremental rounds, `@removed`), immutable and
 * default ids across a move, Mail.ReadBasic's missing previews, 410 SyncStateNotFound, Outlook's
 * concurrency limit, MailboxNotEnabledForRESTAPI and the controls' input checks.
 */
const SCOPE = 'offline_access User.Read Mail.Read';
const IMMUTABLE = { prefer: 'IdType="ImmutableId"' };

let sandbox: RunningSandbox;
let token: string;
let api: string;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, only: ['outlook'] });
  api = `${sandbox.url}/outlook/api`;
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  await fetch(`${sandbox.url}/_sandbox/reset`, { method: 'POST' });
  token = await connect();
});

const connect = async (scope = SCOPE) =>
  (await new OAuthTestClient({ sandboxUrl: sandbox.url, providerId: 'outlook' }).connect(scope)).access_token;

function get(pathOrUrl: string, options: { token?: string; headers?: Record<string, string> } = {}) {
  return fetch(pathOrUrl.startsWith('http') ? pathOrUrl : `${api}${pathOrUrl}`, {
    headers: { authorization: `Bearer ${options.token ?? token}`, ...options.headers },
  });
}

async function json<T = Record<string, unknown>>(pathOrUrl: string, options: Parameters<typeof get>[1] = {}) {
  const response = await get(pathOrUrl, options);
  expect({ pathOrUrl, status: response.status }).toEqual({ pathOrUrl, status: 200 });
  return { body: (await response.json()) as T, headers: response.headers };
}

async function graphError(pathOrUrl: string, status: number, options: Parameters<typeof get>[1] = {}) {
  const response = await get(pathOrUrl, options);
  expect({ pathOrUrl, status: response.status }).toEqual({ pathOrUrl, status });
  return ((await response.json()) as { error: { code: string; message: string } }).error;
}

async function control(path: string, body?: unknown, method = 'POST') {
  return fetch(`${sandbox.url}/_sandbox/outlook${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

interface Folder {
  id: string;
  displayName: string;
  parentFolderId: string;
  childFolderCount: number;
  totalItemCount: number;
  unreadItemCount: number;
  isHidden: boolean;
}
interface Message {
  id: string;
  subject?: string;
  parentFolderId?: string;
  bodyPreview?: string;
  body?: unknown;
  '@removed'?: { reason: string };
}
interface Page<T> {
  value: T[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

/** Every page of one delta round from `start`, following the links as given. */
async function round(start: string, headers: Record<string, string> = IMMUTABLE) {
  const pages: Page<Message>[] = [];
  for (let link: string | undefined = start; link;) {
    const { body }: { body: Page<Message> } = await json<Page<Message>>(link, { headers });
    pages.push(body);
    link = body['@odata.nextLink'];
  }
  return { pages, messages: pages.flatMap((p) => p.value), deltaLink: pages.at(-1)?.['@odata.deltaLink'] as string };
}

const inbox = async () => (await json<Folder>('/me/mailFolders/inbox')).body;

describe('permissions and errors', () => {
  it('should answer 403 ErrorAccessDenied to a token without a mail permission, and 401 without a token', async () => {
    const userOnly = await connect('offline_access User.Read');
    for (const path of ['/me/mailFolders', '/me/mailFolders/inbox/messages/delta', '/me/messages/x']) {
      expect((await graphError(path, 403, { token: userOnly })).code).toBe('ErrorAccessDenied');
    }
    expect((await json('/me', { token: userOnly })).body['displayName']).toBe('Megan Bowen');
    const response = await fetch(`${api}/me/mailFolders`);
    expect(response.status).toBe(401);
  });

  it('should answer 404 ErrorItemNotFound for an unknown folder or message', async () => {
    expect((await graphError('/me/mailFolders/AAMkNOPE/messages/delta', 404)).code).toBe('ErrorItemNotFound');
    expect((await graphError('/me/messages/AAMkNOPE', 404, { headers: IMMUTABLE })).code).toBe('ErrorItemNotFound');
  });

  it('should answer every mail request 404 MailboxNotEnabledForRESTAPI once the mailbox is disabled, /me still', async () => {
    expect((await control('/mailbox', { enabled: false })).status).toBe(200);
    for (const path of ['/me/mailFolders', '/me/mailFolders/inbox', '/me/mailFolders/inbox/messages/delta']) {
      expect(await graphError(path, 404)).toEqual({
        code: 'MailboxNotEnabledForRESTAPI',
        message: 'The mailbox is either inactive, soft-deleted, or is hosted on-premise.',
        innerError: expect.any(Object),
      });
    }
    expect((await json('/me')).body['mail']).toBe('megan.bowen@contoso-sandbox.example');
    expect((await control('/mailbox', { enabled: 'no' })).status).toBe(400);
  });
});

describe('mail folders', () => {
  it('should list the top of the tree without hidden folders unless asked, paging with $top and $skip', async () => {
    const { body } = await json<Page<Folder>>('/me/mailFolders?$top=100');
    const names = body.value.map((f) => f.displayName);
    expect(names).toEqual(expect.arrayContaining(['Inbox', 'Sent Items', 'Deleted Items', 'Archive', 'Drafts']));
    expect(names).not.toContain('Clutter');
    const hidden = (await json<Page<Folder>>('/me/mailFolders?includeHiddenFolders=true&$top=100')).body.value;
    expect(hidden.find((f) => f.displayName === 'Clutter')?.isHidden).toBe(true);

    // The default page is 10 folders, and the next link carries the query on.
    const first = (await json<Page<Folder>>('/me/mailFolders?$top=3&$select=id,displayName')).body;
    expect(first.value).toHaveLength(3);
    expect(Object.keys(first.value[0]).sort()).toEqual(['displayName', 'id']);
    const all: Folder[] = [...first.value];
    for (let link = first['@odata.nextLink']; link;) {
      const page: Page<Folder> = (await json<Page<Folder>>(link)).body;
      all.push(...page.value);
      link = page['@odata.nextLink'];
    }
    expect(all.map((f) => f.displayName)).toEqual(names);
  });

  it('should list child folders, and answer a well-known name like the folder’s id', async () => {
    const box = await inbox();
    expect(box).toMatchObject({ displayName: 'Inbox', childFolderCount: 2, isHidden: false });
    expect((await json<Folder>(`/me/mailFolders/${encodeURIComponent(box.id)}`)).body.id).toBe(box.id);
    const children = (await json<Page<Folder>>(`/me/mailFolders/${encodeURIComponent(box.id)}/childFolders`)).body
      .value;
    expect(children.map((f) => [f.displayName, f.parentFolderId])).toEqual([
      ['Projects', box.id],
      ['Receipts', box.id],
    ]);
  });
});

describe('message delta', () => {
  it('should page a folder by odata.maxpagesize (default 10) to a deltaLink, saying what it applied', async () => {
    const box = await inbox();
    const first = await json<Page<Message>>('/me/mailFolders/inbox/messages/delta?$select=subject,parentFolderId', {
      headers: { prefer: 'odata.maxpagesize=7, IdType="ImmutableId"' },
    });
    expect(first.headers.get('preference-applied')).toBe('odata.maxpagesize=7, IdType="ImmutableId"');
    expect(first.body.value).toHaveLength(7);
    expect(Object.keys(first.body.value[0]).sort()).toEqual([
      '@odata.etag',
      '@odata.type',
      'id',
      'parentFolderId',
      'subject',
    ]);
    expect(first.body['@odata.nextLink']).toMatch(/\/me\/mailfolders\('[^']+'\)\/messages\/delta\?\$skiptoken=/);
    const all = await round('/me/mailFolders/inbox/messages/delta');
    expect(all.pages.slice(0, -1).every((p) => p.value.length === 10)).toBe(true);
    expect(all.messages).toHaveLength(box.totalItemCount);
    expect(all.deltaLink).toMatch(/\$deltatoken=/);
    // A round from the deltaLink: nothing changed.
    expect((await round(all.deltaLink)).messages).toEqual([]);
  });

  it('should cap the whole round with $top, as Graph does, rather than the page', async () => {
    const capped = await round('/me/mailFolders/inbox/messages/delta?$top=5');
    expect(capped.messages).toHaveLength(5);
    expect(capped.pages).toHaveLength(1);
    expect(capped.deltaLink).toEqual(expect.any(String));
  });

  it('should report a move as @removed in the old folder and the message in the new one: one id with immutable ids, two without', async () => {
    const box = await inbox();
    const archive = (await json<Folder>('/me/mailFolders/archive')).body;
    const inboxImmutable = await round('/me/mailFolders/inbox/messages/delta');
    const archiveImmutable = await round('/me/mailFolders/archive/messages/delta');
    const inboxDefault = await round('/me/mailFolders/inbox/messages/delta', {});
    const archiveDefault = await round('/me/mailFolders/archive/messages/delta', {});
    const moved = inboxImmutable.messages[0];
    const movedDefaultId = inboxDefault.messages[0].id;
    expect(movedDefaultId).not.toBe(moved.id);
    expect((await control('/move', { message: moved.id, folder: 'archive' })).status).toBe(200);

    const fromInbox = (await round(inboxImmutable.deltaLink)).messages;
    const intoArchive = (await round(archiveImmutable.deltaLink)).messages;
    expect(fromInbox).toEqual([
      { '@odata.type': '#microsoft.graph.message', id: moved.id, '@removed': { reason: 'deleted' } },
    ]);
    expect(intoArchive.map((m) => [m.id, m.parentFolderId])).toEqual([[moved.id, archive.id]]);

    // Without the preference the message has another id in its new folder, and the old one is gone.
    const defaultRemoved = (await round(inboxDefault.deltaLink, {})).messages;
    const defaultAdded = (await round(archiveDefault.deltaLink, {})).messages;
    expect(defaultRemoved.map((m) => m.id)).toEqual([movedDefaultId]);
    expect(defaultAdded).toHaveLength(1);
    expect(defaultAdded[0].id).not.toBe(movedDefaultId);
    expect((await graphError(`/me/messages/${encodeURIComponent(movedDefaultId)}`, 404)).code).toBe(
      'ErrorItemNotFound',
    );
    expect((await json<Message>(`/me/messages/${encodeURIComponent(defaultAdded[0].id)}`)).body.parentFolderId).toBe(
      archive.id,
    );
    const byImmutable = await json<Message>(`/me/messages/${encodeURIComponent(moved.id)}`, { headers: IMMUTABLE });
    expect(byImmutable.body).toMatchObject({ id: moved.id, parentFolderId: archive.id });
    expect(box.totalItemCount - 1).toBe((await inbox()).totalItemCount);
  });

  it('should show the changes mutate makes in the folders’ next rounds, deletions as @removed', async () => {
    const folders = (await json<Page<Folder>>('/me/mailFolders?$top=100')).body.value;
    const links = new Map<string, string>();
    for (const folder of folders)
      links.set(folder.id, (await round(`/me/mailFolders/${encodeURIComponent(folder.id)}/messages/delta`)).deltaLink);
    const answer = await control('/mutate', { added: 2, updated: 2, deleted: 3 });
    const { expected } = (await answer.json()) as { expected: Record<string, Record<string, number>> };
    expect(expected['messages']).toEqual({ added: 2, updated: 2, deleted: 3 });
    const changed = (await Promise.all([...links.values()].map((link) => round(link)))).flatMap((r) => r.messages);
    expect(changed.filter((m) => m['@removed']).length).toBeGreaterThanOrEqual(3);
    expect(changed.filter((m) => !m['@removed']).length).toBeGreaterThanOrEqual(2);
    // A second mutate asking for more than there is answers 400.
    expect((await control('/mutate', { deleted: 100_000 })).status).toBe(400);
  });

  it('should leave out previews and bodies for a Mail.ReadBasic token', async () => {
    const basic = await connect('offline_access User.Read Mail.ReadBasic');
    const page = (
      await json<Page<Message>>('/me/mailFolders/inbox/messages/delta', { token: basic, headers: IMMUTABLE })
    ).body;
    expect(page.value[0].subject).toEqual(expect.any(String));
    expect(page.value.some((m) => 'bodyPreview' in m || 'body' in m)).toBe(false);
    const full = (await json<Page<Message>>('/me/mailFolders/inbox/messages/delta', { headers: IMMUTABLE })).body;
    expect(full.value[0].bodyPreview).toEqual(expect.any(String));
  });

  it('should answer 410 SyncStateNotFound for links issued before expire-delta (one folder or all), 400 for a token it never issued', async () => {
    const sent = await round('/me/mailFolders/sentitems/messages/delta');
    const box = await round('/me/mailFolders/inbox/messages/delta');
    expect((await control('/expire-delta', { folder: 'sentitems' })).status).toBe(200);
    expect(await graphError(sent.deltaLink, 410, { headers: IMMUTABLE })).toMatchObject({
      code: 'SyncStateNotFound',
      message: expect.stringMatching(/^The sync state generation is not found; generation=\d+;$/),
    });
    expect((await round(box.deltaLink)).messages).toEqual([]);
    await control('/expire-delta', {});
    expect((await graphError(box.deltaLink, 410)).code).toBe('SyncStateNotFound');
    const garbled = box.deltaLink.replace(/\$deltatoken=[^&]+/, '$deltatoken=not-ours');
    expect((await graphError(garbled, 400)).code).toBe('ErrorInvalidUrlQuery');
    expect((await graphError('/me/mailFolders/inbox/messages/delta?$search=budget', 400)).code).toBe(
      'ErrorInvalidUrlQuery',
    );
    expect((await control('/expire-delta', { folder: 'nope' })).status).toBe(400);
  });
});

describe('concurrency and controls', () => {
  it('should refuse a fifth request of one mailbox in flight with 429 ApplicationThrottled, another mailbox untouched', async () => {
    expect((await control('/latency', { ms: 100 })).status).toBe(200);
    const admin = await (async () => {
      await control('/persona', { persona: 'admin' });
      const t = await connect();
      await control('/persona', { persona: 'member' });
      return t;
    })();
    const answers = await Promise.all([
      ...Array.from({ length: 5 }, () => get('/me/mailFolders')),
      ...Array.from({ length: 3 }, () => get('/me/mailFolders', { token: admin })),
    ]);
    expect(answers.slice(0, 5).filter((a) => a.status === 429)).toHaveLength(1);
    expect(answers.slice(5).every((a) => a.status === 200)).toBe(true);
    const refused = answers.find((a) => a.status === 429)!;
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('ApplicationThrottled');
    const seen = (await (await control('/concurrency', undefined, 'GET')).json()) as Record<string, unknown>;
    expect(seen).toEqual({ limit: 4, maxInFlight: { member: 4, admin: 3 }, refused: 1 });
    // The directory is not Outlook: /me is not limited.
    const me = await Promise.all(Array.from({ length: 6 }, () => get('/me')));
    expect(me.every((a) => a.status === 200)).toBe(true);
    expect((await control('/latency', { ms: 10_000 })).status).toBe(400);
  });

  it('should create, list and delete folders, and refuse bad control input', async () => {
    const created = (await (await control('/folders', { name: 'Travel', parent: 'inbox', messages: 3 })).json()) as {
      id: string;
    };
    const listed = (await (await control('/folders', undefined, 'GET')).json()) as {
      folders: { id: string; displayName: string; messages: string[] }[];
    };
    expect(listed.folders.find((f) => f.id === created.id)).toMatchObject({
      displayName: 'Travel',
      messages: expect.any(Array),
    });
    expect((await round(`/me/mailFolders/${encodeURIComponent(created.id)}/messages/delta`)).messages).toHaveLength(3);
    const deleted = await control(`/folders/${encodeURIComponent(created.id)}`, undefined, 'DELETE');
    expect(await deleted.json()).toEqual({ deletedMessages: 3 });
    expect((await graphError(`/me/mailFolders/${encodeURIComponent(created.id)}/messages/delta`, 404)).code).toBe(
      'ErrorItemNotFound',
    );
    expect((await control('/folders', { name: '' })).status).toBe(400);
    expect((await control('/folders', { name: 'X', parent: 'nope' })).status).toBe(400);
    expect((await control('/move', { message: 'nope', folder: 'inbox' })).status).toBe(400);
    expect((await control('/move', { message: 'x', folder: 'inbox', extra: 1 })).status).toBe(400);
  });

  it('should open messages in Outlook.com for a personal account', async () => {
    await control('/persona', { persona: 'personal' });
    const personal = await connect();
    const page = (
      await json<Page<Message & { webLink: string }>>('/me/mailFolders/inbox/messages/delta', { token: personal })
    ).body;
    expect(page.value[0].webLink).toMatch(/^https:\/\/outlook\.live\.com\/owa\/\?ItemID=/);
  });
});
