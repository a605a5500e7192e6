import {
  collect,
  type FixtureRequest,
  type FixtureResponse,
  type FixtureServer,
  startFixtureServer,
} from '@hub/server/integrations/core/testing';
import type { IntegrationError, SyncPage } from '@hub/server/integrations/core';
import { OutlookProvider } from './outlook.provider';

/**
 * Outlook's behaviours beyond the conformance kit, against a small mailbox served over HTTP the way
 * Graph documents it: List mailFolders / childFolders, per-folder message delta with
 * `@odata.nextLink` / `@odata.deltaLink` and `@removed` (https://learn.microsoft.com/en-us/graph/delta-query-messages),
 * Get message, and Graph's error envelope.
 */

const CONSUMERS = '9188040d-6c67-4c5b-b112-36a304b66dad';
const idToken = (claims: Record<string, unknown>) =>
  [{ alg: 'RS256', typ: 'JWT' }, claims].map((p) => Buffer.from(JSON.stringify(p)).toString('base64url')).join('.') +
  '.c2ln';
const WORK = {
  tid: '84841066-274d-4ec0-a5c1-276be684bdd3',
  oid: '87d349ed-44d7-43e1-9a83-5f2406dee5bd',
  name: 'Adele Vance',
  preferred_username: 'AdeleV@contoso.com',
};
const credentials = { accessToken: 'unit-access-token', idToken: idToken(WORK) };

interface Folder {
  name: string;
  parent: string | null;
  search?: boolean;
}
interface Message {
  folder: string;
  subject: string;
  isRead: boolean;
}

/**
 * One mailbox: folders, messages and a change log per folder. A folder's delta round from scratch
 * lists what it holds; from a deltaLink (`<folder>|<seq>`), the messages whose last change in that
 * folder came after: live when the message is there now, else `@removed`.
 */
class Mailbox {
  folders = new Map<string, Folder>();
  messages = new Map<string, Message>();
  log: { seq: number; folder: string; id: string }[] = [];
  seq = 0;
  /** A folder id whose token Graph no longer knows: 410 SyncStateNotFound. */
  expired = new Set<string>();
  /** Answer delta requests of these folders with this error. */
  deltaError?: FixtureResponse;
  delayMs = 0;
  inFlight = new Map<string, number>();
  maxInFlight = new Map<string, number>();

  folder(id: string, name: string, parent: string | null = null, search = false): this {
    this.folders.set(id, { name, parent, ...(search ? { search } : {}) });
    return this;
  }

  add(id: string, folder: string, subject = `Subject ${id}`): this {
    this.messages.set(id, { folder, subject, isRead: false });
    this.note(folder, id);
    return this;
  }

  move(id: string, to: string): void {
    const message = this.messages.get(id)!;
    this.note(message.folder, id);
    message.folder = to;
    this.note(to, id);
  }

  read(id: string): void {
    const message = this.messages.get(id)!;
    message.isRead = true;
    this.note(message.folder, id);
  }

  remove(id: string): void {
    const message = this.messages.get(id)!;
    this.messages.delete(id);
    this.note(message.folder, id);
  }

  private note(folder: string, id: string): void {
    this.log.push({ seq: ++this.seq, folder, id });
  }

  readonly handler = async (request: FixtureRequest): Promise<FixtureResponse> => {
    const who = String(request.headers['authorization']);
    const now = (this.inFlight.get(who) ?? 0) + 1;
    this.inFlight.set(who, now);
    this.maxInFlight.set(who, Math.max(this.maxInFlight.get(who) ?? 0, now));
    try {
      if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
      return this.answer(request);
    } finally {
      this.inFlight.set(who, (this.inFlight.get(who) ?? 1) - 1);
    }
  };

  private answer(request: FixtureRequest): FixtureResponse {
    const base = `http://${request.headers.host}`;
    const path = decodeURIComponent(request.path);
    const { query } = request;
    if (!/IdType="ImmutableId"/.test(String(request.headers['prefer']))) return graphError(400, 'BadRequest');
    if (path === '/me/mailFolders' || path.endsWith('/childFolders')) {
      const parent = path === '/me/mailFolders' ? null : path.split('/')[3];
      const value = [...this.folders]
        .filter(([, f]) => f.parent === parent)
        .map(([id, f]) => ({
          ...(f.search ? { '@odata.type': '#microsoft.graph.mailSearchFolder' } : {}),
          id,
          displayName: f.name,
          parentFolderId: parent ?? 'root',
          childFolderCount: [...this.folders.values()].filter((c) => c.parent === id).length,
          totalItemCount: [...this.messages.values()].filter((m) => m.folder === id).length,
          unreadItemCount: 0,
        }));
      return { body: { value } };
    }
    const get = /^\/me\/messages\/(.+)$/.exec(path);
    if (get) {
      const message = this.messages.get(get[1]);
      return message ? { body: this.render(get[1], message) } : graphError(404, 'ErrorItemNotFound');
    }
    const delta = /^\/me\/mail[Ff]olders(?:\/([^/(]+)|\('([^']+)'\))\/messages\/delta$/.exec(path);
    if (!delta) return graphError(404, 'ErrorItemNotFound');
    const folder = delta[1] ?? delta[2];
    if (this.deltaError) return this.deltaError;
    if (!this.folders.has(folder)) return graphError(404, 'ErrorItemNotFound');
    if (query.has('$top')) return graphError(400, 'BadRequest');
    const size = Number(/odata\.maxpagesize=(\d+)/.exec(String(request.headers['prefer']))?.[1] ?? 10);
    // $skiptoken: `<after>|<upTo>|<offset>`; $deltatoken: `<after>`; none: a fresh round (after -1).
    const skip = query.get('$skiptoken')?.split('|').map(Number);
    const deltaToken = query.get('$deltatoken');
    if (deltaToken !== null && this.expired.has(folder)) return graphError(410, 'SyncStateNotFound');
    const after = skip ? skip[0] : deltaToken !== null ? Number(deltaToken) : -1;
    const upTo = skip ? skip[1] : this.seq;
    const offset = skip ? skip[2] : 0;
    const entries =
      after < 0
        ? [...this.messages].filter(([, m]) => m.folder === folder).map(([id]) => id)
        : [...new Set(this.log.filter((e) => e.folder === folder && e.seq > after && e.seq <= upTo).map((e) => e.id))];
    const page = entries.slice(offset, offset + size).map((id) => {
      const message = this.messages.get(id);
      return message && message.folder === folder
        ? this.render(id, message)
        : { id, '@removed': { reason: 'deleted' } };
    });
    const link = `${base}/me/mailfolders('${folder}')/messages/delta`;
    return {
      body: {
        value: page,
        ...(offset + size < entries.length
          ? { '@odata.nextLink': `${link}?$skiptoken=${encodeURIComponent(`${after}|${upTo}|${offset + size}`)}` }
          : { '@odata.deltaLink': `${link}?$deltatoken=${upTo}` }),
      },
    };
  }

  private render(id: string, message: Message): Record<string, unknown> {
    return {
      '@odata.type': '#microsoft.graph.message',
      id,
      subject: message.subject,
      from: { emailAddress: { name: 'Dana Swope', address: 'danas@contoso.com' } },
      toRecipients: [{ emailAddress: { name: 'Adele Vance', address: 'AdeleV@contoso.com' } }],
      ccRecipients: [],
      receivedDateTime: '2024-11-20T09:12:05Z',
      parentFolderId: message.folder,
      categories: ['Red category'],
      bodyPreview: 'Preview',
      isRead: message.isRead,
      hasAttachments: false,
      importance: 'normal',
      conversationId: 'AAQkADNkNAAAQAEMzjFVzE4RXNJl0cHjKzIw=',
      webLink: `https://outlook.office365.com/owa/?ItemID=${encodeURIComponent(id)}`,
    };
  }
}

function graphError(status: number, code: string): FixtureResponse {
  return { status, body: { error: { code, message: code, innerError: { date: '2024-09-12T08:15:07' } } } };
}

let server: FixtureServer;
let mailbox: Mailbox;
beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  mailbox = new Mailbox()
    .folder('archive', 'Archive')
    .folder('inbox', 'Inbox')
    .folder('projects', 'Projects', 'inbox')
    .folder('digests', 'Weekly digests', 'inbox', true)
    .add('m1', 'inbox')
    .add('m2', 'inbox')
    .add('m3', 'inbox')
    .add('p1', 'projects')
    .add('a1', 'archive');
  server.answer(mailbox.handler);
});

const provider = (pageSize = 2) => new OutlookProvider().withOptions({ apiBaseUrl: server.url, pageSize });
const run = (
  cursor: string | null,
  options: { selection?: string[]; pageSize?: number; creds?: Record<string, unknown> } = {},
) =>
  collect(
    provider(options.pageSize).sync({
      credentials: options.creds ?? credentials,
      resource: 'messages',
      cursor,
      selection: options.selection ?? [],
      signal: new AbortController().signal,
    }),
  );
const failure = async (pages: Promise<unknown>): Promise<IntegrationError> =>
  provider().toIntegrationError(
    await pages.then(
      () => new Error('expected a failure'),
      (e: unknown) => e,
    ),
  );
const ids = (pages: SyncPage[]) => pages.flatMap((p) => p.records.map((r) => r.externalId)).sort();
const deleted = (pages: SyncPage[]) => pages.flatMap((p) => p.deletedIds ?? []).sort();
const tokenOf = (pages: SyncPage[]) => pages.at(-1)!.syncToken as string;

describe('messages', () => {
  it('should send Prefer IdType="ImmutableId" on every request, page delta with odata.maxpagesize and never $top', async () => {
    await run(null);
    expect(server.requests.length).toBeGreaterThan(4);
    for (const request of server.requests) {
      expect(String(request.headers['prefer'])).toContain('IdType="ImmutableId"');
      expect(request.query.has('includeHiddenFolders')).toBe(false);
    }
    const deltas = server.requests.filter((r) => r.path.endsWith('/messages/delta'));
    expect(deltas.length).toBeGreaterThan(0);
    for (const request of deltas) {
      expect(request.headers['prefer']).toBe('IdType="ImmutableId", odata.maxpagesize=2');
      expect(request.query.has('$top')).toBe(false);
    }
  });

  it('should read every folder and child folder but search folders, naming each message’s folder by its path', async () => {
    const pages = await run(null);
    expect(ids(pages)).toEqual(['a1', 'm1', 'm2', 'm3', 'p1']);
    expect(server.requests.some((r) => decodeURIComponent(r.path).includes('/digests/'))).toBe(false);
    const p1 = pages.flatMap((p) => p.records).find((r) => r.externalId === 'p1');
    expect(p1?.data).toEqual({
      subject: 'Subject p1',
      from: { name: 'Dana Swope', address: 'danas@contoso.com' },
      toRecipients: [{ name: 'Adele Vance', address: 'AdeleV@contoso.com' }],
      ccRecipients: [],
      receivedDateTime: '2024-11-20T09:12:05Z',
      folderId: 'projects',
      folder: 'Inbox / Projects',
      categories: ['Red category'],
      bodyPreview: 'Preview',
      isRead: false,
      hasAttachments: false,
      importance: 'normal',
      conversationId: 'AAQkADNkNAAAQAEMzjFVzE4RXNJl0cHjKzIw=',
      webLink: 'https://outlook.office365.com/owa/?ItemID=p1',
    });
    expect(pages.at(-1)).toMatchObject({ nextCursor: null, syncToken: expect.any(String) });
  });

  it('should keep a message moved into a folder read earlier as one live record, not a deletion', async () => {
    const full = await run(null);
    // Archive is read before Projects: the add comes first, the @removed after it.
    mailbox.move('p1', 'archive');
    const changes = await run(tokenOf(full));
    expect({ ids: ids(changes), deleted: deleted(changes) }).toEqual({ ids: ['p1'], deleted: [] });
    const p1 = changes.flatMap((p) => p.records).find((r) => r.externalId === 'p1');
    expect(p1?.data).toMatchObject({ folderId: 'archive', folder: 'Archive' });
  });

  it('should keep a message moved into a folder read later, and delete one deleted or moved out of the synced folders', async () => {
    const full = await run(null, { selection: ['inbox', 'projects'] });
    mailbox.move('m1', 'projects'); // Inbox, then Projects: @removed first
    mailbox.move('m2', 'archive'); // not synced
    mailbox.remove('m3');
    mailbox.read('p1');
    const changes = await run(tokenOf(full), { selection: ['inbox', 'projects'] });
    expect({ ids: ids(changes), deleted: deleted(changes) }).toEqual({ ids: ['m1', 'p1'], deleted: ['m2', 'm3'] });
    // No message asked for one by one: the pass saw every folder.
    expect(server.requests.some((r) => r.path.startsWith('/me/messages/'))).toBe(false);
  });

  it('should delete a message a folder listed and then, later in the same round, reported removed', async () => {
    const full = await run(null);
    mailbox.read('m1');
    // The Inbox's round lists m1 on its first page and @removed on its second (it was deleted meanwhile).
    server.answer((request) => {
      const path = decodeURIComponent(request.path);
      const base = `http://${request.headers.host}/me/mailfolders('inbox')/messages/delta`;
      if (path.includes('inbox') && path.endsWith('/messages/delta') && request.query.has('$deltatoken')) {
        return {
          body: {
            value: [{ id: 'm1', subject: 'Subject m1', parentFolderId: 'inbox' }],
            '@odata.nextLink': `${base}?$skiptoken=late`,
          },
        };
      }
      if (request.query.get('$skiptoken') === 'late') {
        return {
          body: {
            value: [{ id: 'm1', '@removed': { reason: 'deleted' } }],
            '@odata.deltaLink': `${base}?$deltatoken=99`,
          },
        };
      }
      return mailbox.handler(request);
    });
    const changes = await run(tokenOf(full));
    expect({ ids: ids(changes), deleted: deleted(changes) }).toEqual({ ids: ['m1'], deleted: ['m1'] });
    // The deletion comes last, on the final page.
    expect(changes.at(-1)?.deletedIds).toEqual(['m1']);
  });

  it('should ask Graph about the removals it cannot rule on when the pass was resumed midway', async () => {
    const full = await run(null);
    mailbox.move('a1', 'projects'); // Archive reports it removed on the first page
    mailbox.remove('m1');
    mailbox.read('m2');
    mailbox.read('m3');
    const first = (await run(tokenOf(full)))[0];
    expect(first.nextCursor).toEqual(expect.any(String));
    server.requests.length = 0;
    const resumed = await run(first.nextCursor);
    const asked = server.requests.filter((r) => r.path.startsWith('/me/messages/')).map((r) => r.path);
    // a1 was seen in Projects after the resume: only m1 is undecided (404: deleted).
    expect(asked).toEqual(['/me/messages/m1']);
    expect(deleted(resumed)).toEqual(['m1']);
    expect(ids(resumed)).toContain('a1');
    expect(resumed.at(-1)?.syncToken).toEqual(expect.any(String));
  });

  it('should keep a message Graph still has in a synced folder when ruling after a resume', async () => {
    const full = await run(null);
    // Archive (read first) lists p1; Projects (read last) reports it removed.
    mailbox.move('p1', 'archive');
    const pages = await run(tokenOf(full));
    expect({ ids: ids(pages), deleted: deleted(pages) }).toEqual({ ids: ['p1'], deleted: [] });
    // Resumed after Archive's page, the call never saw p1 in Archive: it asks Graph, which has it there.
    server.requests.length = 0;
    const resumed = await run(pages[0].nextCursor);
    expect(server.requests.filter((r) => r.path.startsWith('/me/messages/')).map((r) => r.path)).toEqual([
      '/me/messages/p1',
    ]);
    expect({ ids: ids(resumed), deleted: deleted(resumed) }).toEqual({ ids: ['p1'], deleted: [] });
    expect(resumed.flatMap((p) => p.records)[0].data).toMatchObject({ folderId: 'archive', folder: 'Archive' });
  });

  it('should read a folder new since the last pass whole, and start over (CURSOR_INVALID) when a synced folder is gone', async () => {
    const full = await run(null);
    mailbox.folder('travel', 'Travel').add('t1', 'travel').add('t2', 'travel');
    const changes = await run(tokenOf(full));
    expect(ids(changes)).toEqual(['t1', 't2']);
    const travelRounds = server.requests.filter((r) => decodeURIComponent(r.path).includes('/travel/messages/delta'));
    expect(travelRounds[0].query.get('$select')).toContain('bodyPreview');

    mailbox.folders.delete('travel');
    const gone = await failure(run(tokenOf(changes)));
    expect({ code: gone.code, message: gone.message }).toEqual({
      code: 'CURSOR_INVALID',
      message: expect.stringContaining('a full sync follows, which removes its messages'),
    });
  });

  it('should read a renamed folder’s changes, then all of it again, so its messages carry the new name', async () => {
    const full = await run(null);
    mailbox.folders.get('projects')!.name = 'Falcon';
    mailbox.remove('p1');
    mailbox.add('p2', 'projects');
    const changes = await run(tokenOf(full));
    expect({ ids: ids(changes), deleted: deleted(changes) }).toEqual({ ids: ['p2', 'p2'], deleted: ['p1'] });
    expect(changes.flatMap((p) => p.records).map((r) => r.data['folder'])).toEqual([
      'Inbox / Falcon',
      'Inbox / Falcon',
    ]);
    // The next pass reads from the fresh round's deltaLink: nothing new.
    const after = await run(tokenOf(changes));
    expect({ ids: ids(after), deleted: deleted(after) }).toEqual({ ids: [], deleted: [] });
  });

  it('should sync only the selected folders, start over when one is deselected, and stop when a selected one is gone', async () => {
    const inboxOnly = await run(null, { selection: ['inbox'] });
    expect(ids(inboxOnly)).toEqual(['m1', 'm2', 'm3']);
    // Adding Archive reads it whole.
    const both = await run(tokenOf(inboxOnly), { selection: ['archive', 'inbox'] });
    expect(ids(both)).toEqual(['a1']);
    // Dropping it must remove its messages: a full pass.
    expect((await failure(run(tokenOf(both), { selection: ['inbox'] }))).code).toBe('CURSOR_INVALID');
    const missing = await failure(run(null, { selection: ['inbox', 'no-such-folder'] }));
    expect({ code: missing.code, message: missing.message }).toEqual({
      code: 'NOT_FOUND',
      message: expect.stringContaining('choose the folders to sync again'),
    });
  });

  it('should start the whole resource over (CURSOR_INVALID) when one folder’s token expired (410 SyncStateNotFound)', async () => {
    const full = await run(null);
    mailbox.expired.add('projects');
    const expired = await failure(run(tokenOf(full)));
    expect({ code: expired.code, message: expired.message }).toEqual({
      code: 'CURSOR_INVALID',
      message: expect.stringContaining('SyncStateNotFound'),
    });
    // The full pass it asks for goes through.
    expect(ids(await run(null))).toEqual(['a1', 'm1', 'm2', 'm3', 'p1']);
  });

  it('should report a mailbox without Exchange Online on a delta request as such (INVALID_CONFIG), not as a lost token', async () => {
    mailbox.deltaError = graphError(404, 'MailboxNotEnabledForRESTAPI');
    const mapped = await failure(run(null));
    expect({ code: mapped.code, message: mapped.message }).toEqual({
      code: 'INVALID_CONFIG',
      message: expect.stringContaining('no Exchange Online mailbox (MailboxNotEnabledForRESTAPI)'),
    });
  });

  it('should refuse a saved token whose links leave the API (CURSOR_INVALID), and a resource it does not have', async () => {
    const full = await run(null);
    const token = JSON.parse(tokenOf(full)) as { folders: { link: string }[] };
    token.folders[0].link = 'https://attacker.example/v1.0/me/mailfolders/x/messages/delta';
    expect((await failure(run(JSON.stringify(token)))).code).toBe('CURSOR_INVALID');
    const other = await failure(
      collect(
        provider().sync({
          credentials,
          resource: 'events',
          cursor: null,
          selection: [],
          signal: new AbortController().signal,
        }),
      ),
    );
    expect(other.code).toBe('INVALID_CONFIG');
  });

  it('should never have more than 4 requests of one mailbox in flight, across syncs, nor hold up another mailbox', async () => {
    mailbox.delayMs = 20;
    const other = {
      accessToken: 'other-token',
      idToken: idToken({ ...WORK, oid: '11111111-2222-4333-8444-555555555555' }),
    };
    await Promise.all([
      ...Array.from({ length: 6 }, () => run(null)),
      ...Array.from({ length: 3 }, () => run(null, { creds: other })),
    ]);
    expect(mailbox.maxInFlight.get('Bearer unit-access-token')).toBe(4);
    expect(mailbox.maxInFlight.get('Bearer other-token')).toBe(3);
  });
});

describe('folders', () => {
  it('should list every folder but search folders, with its path, parent and counts', async () => {
    const pages = await collect(
      provider().sync({
        credentials,
        resource: 'folders',
        cursor: null,
        selection: [],
        signal: new AbortController().signal,
      }),
    );
    const records = pages.flatMap((p) => p.records);
    expect(records.map((r) => [r.externalId, r.data['name']])).toEqual([
      ['archive', 'Archive'],
      ['inbox', 'Inbox'],
      ['projects', 'Inbox / Projects'],
    ]);
    expect(records[1].data).toEqual({
      name: 'Inbox',
      displayName: 'Inbox',
      parentFolderId: 'root',
      childFolderCount: 2,
      totalItemCount: 3,
      unreadItemCount: 0,
    });
    // Archive has no children: never asked for.
    expect(server.requests.some((r) => decodeURIComponent(r.path) === '/me/mailFolders/archive/childFolders')).toBe(
      false,
    );
  });
});

describe('connected as', () => {
  it('should describe a personal account without /organization, its address from userPrincipalName', async () => {
    server.answer(({ path }) => {
      if (path === '/me') {
        return {
          body: {
            id: 'c61999d1268efafa',
            displayName: 'Megan Bowen',
            mail: null,
            userPrincipalName: 'megan.bowen@outlook.com',
          },
        };
      }
      if (path === '/me/mailFolders/inbox') return { body: { id: 'inbox', totalItemCount: 12, unreadItemCount: 3 } };
      return graphError(500, 'InternalServerError');
    });
    const personal = { accessToken: 'unit-access-token', idToken: idToken({ ...WORK, tid: CONSUMERS }) };
    expect(await provider().getAccountInfo({ credentials: personal })).toEqual({
      externalAccountId: `${CONSUMERS}:${WORK.oid}`,
      displayName: 'Megan Bowen',
      email: 'megan.bowen@outlook.com',
      url: 'https://outlook.live.com/mail/',
      details: { accountType: 'personal Microsoft account', inboxMessages: 12, inboxUnread: 3 },
    });
    expect(server.requests.map((r) => r.path)).toEqual(['/me', '/me/mailFolders/inbox']);
  });

  it('should refuse a connection without an ID token (INVALID_CONFIG), asking to reconnect', async () => {
    const error = await provider()
      .getAccountInfo({ credentials: { accessToken: 'unit-access-token' } })
      .catch((e: IntegrationError) => e);
    expect({ code: (error as IntegrationError).code, message: (error as IntegrationError).message }).toEqual({
      code: 'INVALID_CONFIG',
      message: expect.stringContaining('reconnect Outlook'),
    });
    expect(server.requests).toHaveLength(0);
  });
});
