import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import {
  encodeCursor,
  IntegrationError,
  PROVIDER_BASE_URLS,
  ProviderApiError,
  type SyncPage,
} from '@hub/server/integrations/core';
import {
  collect,
  type FixtureRequest,
  type FixtureResponse,
  type FixtureServer,
  startFixtureServer,
} from '@hub/server/integrations/core/testing';
import { toGmailIntegrationError } from './gmail-errors';
import { GmailProvider, type GmailProviderOptions } from './gmail.provider';

const fixture = <T = unknown>(name: string): T =>
  JSON.parse(readFileSync(join(__dirname, 'fixtures', name), 'utf8')) as T;
const TOKEN = 'ya29.gmail-access-token-CANARY-5b1f';
const credentials = { accessToken: TOKEN };
const error = (status: number, name = `error-${status}`, headers: Record<string, string> = {}): FixtureResponse => ({
  status,
  headers,
  body: fixture(`${name}.json`),
});

interface Message {
  id: string;
  threadId: string;
  labelIds: string[];
  [field: string]: unknown;
}
const MESSAGES = fixture<Message[]>('messages-metadata.json');
const messageById = (id: string) => MESSAGES.find((m) => m.id === id);

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

const provider = (options: Partial<GmailProviderOptions> = {}) =>
  new GmailProvider().withOptions({ apiBaseUrl: server.url, pageSize: 2, ...options });

const run = (p: GmailProvider, cursor: string | null, signal = new AbortController().signal) =>
  collect(p.sync({ credentials, resource: 'messages', cursor, selection: [], signal }));

const failure = async (p: GmailProvider, cursor: string | null = null): Promise<IntegrationError> => {
  const thrown = await run(p, cursor).then(
    () => {
      throw new Error('expected the sync to fail');
    },
    (e: unknown) => e,
  );
  return p.toIntegrationError(thrown);
};

/** The fixtures' mailbox; `overrides` answer first (by path) when they return something. */
function mailbox(overrides: (request: FixtureRequest) => FixtureResponse | undefined = () => undefined) {
  return (request: FixtureRequest): FixtureResponse => {
    const own = overrides(request);
    if (own) return own;
    const { path, query } = request;
    if (path === '/users/me/profile') return { body: fixture('profile.json') };
    if (path === '/users/me/messages') {
      const page = { '': 1, '08194628931507253142': 2, '16473829105628374910': 3 }[query.get('pageToken') ?? ''];
      return page ? { body: fixture(`messages-page-${page}.json`) } : error(400);
    }
    if (path.startsWith('/users/me/messages/')) {
      const message = messageById(decodeURIComponent(path.slice('/users/me/messages/'.length)));
      return message ? { body: message } : error(404);
    }
    if (path === '/users/me/history') {
      const page = { '': 1, '04719283746501928374': 2 }[query.get('pageToken') ?? ''];
      return page ? { body: fixture(`history-page-${page}.json`) } : error(400);
    }
    return error(404);
  };
}

const SYNC_TOKEN = encodeCursor({ v: 1, kind: 'history', startHistoryId: '4182374' });
const ids = (pages: SyncPage[]) => pages.flatMap((p) => p.records.map((r) => r.externalId));

describe('GmailProvider', () => {
  describe('getAccountInfo', () => {
    it('should be the mailbox of users.getProfile, with its totals', async () => {
      server.answer(mailbox());
      const account = await provider().getAccountInfo({ credentials });
      expect(account).toEqual({
        externalAccountId: 'ada.lovelace@example.com',
        displayName: 'ada.lovelace@example.com',
        email: 'ada.lovelace@example.com',
        url: 'https://mail.google.com/mail/u/?authuser=ada.lovelace%40example.com',
        details: { messagesTotal: 5, threadsTotal: 4 },
      });
      expect(server.requests.map((r) => r.path)).toEqual(['/users/me/profile']);
    });

    it('should fail UNKNOWN when the profile names no address', async () => {
      server.answer(() => ({ body: { messagesTotal: 3 } }));
      await expect(provider().getAccountInfo({ credentials })).rejects.toMatchObject({ code: 'UNKNOWN' });
    });

    it('should refuse credentials without an access token, without calling Gmail', async () => {
      server.answer(mailbox());
      await expect(provider().getAccountInfo({ credentials: {} })).rejects.toMatchObject({ code: 'AUTH_REVOKED' });
      expect(server.requests).toHaveLength(0);
    });
  });

  describe('full pass', () => {
    it('should read the profile’s historyId first, then list and fetch metadata only, never with q', async () => {
      server.answer(mailbox());
      const pages = await run(provider(), null);
      expect(server.requests[0].path).toBe('/users/me/profile');
      const lists = server.requests.filter((r) => r.path === '/users/me/messages');
      expect(lists.map((r) => r.query.get('pageToken'))).toEqual([
        null,
        '08194628931507253142',
        '16473829105628374910',
      ]);
      const gets = server.requests.filter((r) => r.path.startsWith('/users/me/messages/'));
      expect(gets).toHaveLength(5);
      for (const get of gets) {
        expect(get.query.get('format')).toBe('metadata');
        expect(get.query.getAll('metadataHeaders')).toEqual(['From', 'To', 'Cc', 'Subject', 'Date']);
      }
      expect(server.requests.some((r) => r.query.has('q'))).toBe(false);
      expect(pages.map((p) => p.records.length)).toEqual([2, 2, 1]);
      expect(pages.at(-1)).toMatchObject({ nextCursor: null, syncToken: SYNC_TOKEN });
    });

    it('should keep the metadata a record needs, as plain JSON, and nothing else', async () => {
      server.answer(mailbox());
      const [first] = await run(provider(), null);
      expect(first.records[0]).toEqual({
        externalId: '1973c6b0a1f2e4d5',
        data: {
          threadId: '1973c6b0a1f2e4d5',
          labelIds: ['UNREAD', 'IMPORTANT', 'CATEGORY_PERSONAL', 'INBOX'],
          from: 'Charles Babbage <charles.babbage@example.org>',
          to: 'Ada Lovelace <ada.lovelace@example.com>',
          cc: 'Mary Somerville <mary@example.net>',
          subject: 'Notes on the Analytical Engine',
          date: 'Sun, 1 Jun 2025 09:12:44 +0100',
          snippet: expect.stringMatching(/^Hi Ada/),
          internalDate: '2025-06-01T08:12:44.000Z',
          sizeEstimate: 18342,
        },
      });
      // No Cc header: null, not missing.
      expect(first.records[1].data['cc']).toBeNull();
      expect(JSON.stringify(first)).not.toContain(TOKEN);
    });

    it('should write list cursors that resume the pass with the same historyId and page size', async () => {
      server.answer(mailbox());
      const pages = await run(provider(), null);
      expect(JSON.parse(String(pages[0].nextCursor))).toEqual({
        v: 1,
        kind: 'list',
        historyId: '4182374',
        pageToken: '08194628931507253142',
        pageSize: 2,
      });
      server.requests.length = 0;
      // Resumed by a provider with another page size: the saved one wins (Gmail's page tokens need it).
      const resumed = await run(provider({ pageSize: 100 }), pages[1].nextCursor);
      expect(ids(resumed)).toEqual(['1973b9a8c7d6e5f4']);
      expect(server.requests[0].query.get('maxResults')).toBe('2');
      expect(server.requests.some((r) => r.path === '/users/me/profile')).toBe(false);
      expect(resumed.at(-1)?.syncToken).toBe(SYNC_TOKEN);
    });

    it('should fetch at most `concurrency` messages at once', async () => {
      let inFlight = 0;
      let most = 0;
      server.answer(async (request) => {
        if (!request.path.startsWith('/users/me/messages/')) return mailbox()(request);
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 20));
        inFlight--;
        return mailbox()(request);
      });
      await run(provider({ pageSize: 500, concurrency: 2 }), null);
      // All five ids come from the first list page here (the fixture ignores maxResults).
      expect(most).toBe(2);
    });

    it('should skip a message deleted between the list and its fetch (404), without failing', async () => {
      server.answer(mailbox(({ path }) => (path === '/users/me/messages/1973c5e2b7d8a901' ? error(404) : undefined)));
      const pages = await run(provider(), null);
      expect(ids(pages)).toEqual(['1973c6b0a1f2e4d5', '1973c3d4e5f60718', '1973c1f0c3a4b5d6', '1973b9a8c7d6e5f4']);
    });

    it('should answer an empty mailbox with one empty last page and a sync token', async () => {
      server.answer(
        mailbox(({ path }) => (path === '/users/me/messages' ? { body: { resultSizeEstimate: 0 } } : undefined)),
      );
      const pages = await run(provider(), null);
      expect(pages).toEqual([{ records: [], nextCursor: null, syncToken: SYNC_TOKEN }]);
    });
  });

  describe('changes from the sync token (history.list)', () => {
    it('should ask for the four history types from the saved historyId, in pages of the page size', async () => {
      server.answer(mailbox());
      await run(provider(), SYNC_TOKEN);
      const history = server.requests.filter((r) => r.path === '/users/me/history');
      expect(history).toHaveLength(2);
      for (const request of history) {
        expect(request.query.get('startHistoryId')).toBe('4182374');
        expect(request.query.getAll('historyTypes')).toEqual([
          'messageAdded',
          'messageDeleted',
          'labelAdded',
          'labelRemoved',
        ]);
        expect(request.query.get('maxResults')).toBe('2');
      }
      expect(history[1].query.get('pageToken')).toBe('04719283746501928374');
    });

    it('should refetch added and relabelled messages, report deleted ones, and end at history’s latest historyId', async () => {
      server.answer(mailbox());
      const pages = await run(provider(), SYNC_TOKEN);
      expect(pages.map((p) => ({ ids: p.records.map((r) => r.externalId), deleted: p.deletedIds }))).toEqual([
        { ids: ['1973d0e1f2a3b4c5', '1973c5e2b7d8a901'], deleted: [] },
        // 1973d1a2b3c4d5e6 was added, then gone before it could be fetched (404): deleted, not an error.
        { ids: [], deleted: ['1973b9a8c7d6e5f4', '1973d1a2b3c4d5e6'] },
      ]);
      expect(JSON.parse(String(pages[0].nextCursor))).toEqual({
        v: 1,
        kind: 'history',
        startHistoryId: '4182374',
        pageToken: '04719283746501928374',
        pageSize: 2,
      });
      expect(pages[1].nextCursor).toBeNull();
      expect(pages[1].syncToken).toBe(encodeCursor({ v: 1, kind: 'history', startHistoryId: '4182502' }));
    });

    it('should treat a message moved to the trash or spam as deleted (messages.list leaves those out)', async () => {
      const trashed = { ...(messageById('1973c5e2b7d8a901') as Message), labelIds: ['TRASH', 'CATEGORY_PERSONAL'] };
      const spam = { ...(messageById('1973d0e1f2a3b4c5') as Message), labelIds: ['SPAM'] };
      server.answer(
        mailbox(({ path }) =>
          path === '/users/me/messages/1973c5e2b7d8a901'
            ? { body: trashed }
            : path === '/users/me/messages/1973d0e1f2a3b4c5'
              ? { body: spam }
              : undefined,
        ),
      );
      const [first] = await run(provider(), SYNC_TOKEN);
      expect(first.records).toEqual([]);
      expect(first.deletedIds).toEqual(['1973d0e1f2a3b4c5', '1973c5e2b7d8a901']);
    });

    it('should not fetch a message that the same page deletes', async () => {
      server.answer(() => ({
        body: {
          history: [
            { id: '10', messagesAdded: [{ message: { id: 'aaa', threadId: 'aaa' } }] },
            { id: '11', messagesDeleted: [{ message: { id: 'aaa', threadId: 'aaa' } }] },
          ],
          historyId: '12',
        },
      }));
      const pages = await run(provider(), SYNC_TOKEN);
      expect(pages).toEqual([
        {
          records: [],
          deletedIds: ['aaa'],
          nextCursor: null,
          syncToken: encodeCursor({ v: 1, kind: 'history', startHistoryId: '12' }),
        },
      ]);
      expect(server.requests.map((r) => r.path)).toEqual(['/users/me/history']);
    });

    it('should map history.list’s 404 (startHistoryId too old) to CURSOR_INVALID, and only that 404', async () => {
      server.answer(() => error(404));
      expect((await failure(provider(), SYNC_TOKEN)).code).toBe('CURSOR_INVALID');
      expect((await failure(provider(), null)).code).toBe('NOT_FOUND');
      server.answer(mailbox(({ path }) => (path === '/users/me/messages' ? error(404) : undefined)));
      expect((await failure(provider(), null)).code).toBe('NOT_FOUND');
    });

    it('should resume mid-changes from a history page cursor', async () => {
      server.answer(mailbox());
      const pages = await run(provider(), SYNC_TOKEN);
      server.requests.length = 0;
      const resumed = await run(provider(), pages[0].nextCursor);
      expect(resumed.flatMap((p) => p.deletedIds ?? [])).toEqual(['1973b9a8c7d6e5f4', '1973d1a2b3c4d5e6']);
      expect(server.requests[0].query.get('pageToken')).toBe('04719283746501928374');
    });
  });

  describe('errors', () => {
    it.each([
      ['error-401', 401, 'AUTH_REVOKED'],
      ['error-403-insufficient-permissions', 403, 'INSUFFICIENT_SCOPE'],
      // With the metadata scope a `q` is refused: a permission problem, not a slow-down.
      ['error-403-metadata-q', 403, 'INSUFFICIENT_SCOPE'],
      ['error-403-user-rate-limit', 403, 'RATE_LIMITED'],
      ['error-429', 429, 'RATE_LIMITED'],
      ['error-500', 500, 'TEMPORARY'],
      ['error-400', 400, 'INVALID_CONFIG'],
    ])('should map %s (HTTP %i) on messages.list to %s', async (name, status, code) => {
      server.answer(mailbox(({ path }) => (path === '/users/me/messages' ? error(status, name) : undefined)));
      const mapped = await failure(provider(), null);
      expect(mapped.code).toBe(code);
      expect(mapped.message).not.toContain(TOKEN);
      expect(mapped.message).not.toMatch(/Metadata scope|Invalid Credentials|Backend Error/);
    });

    it('should turn a 400 on a saved page token into CURSOR_INVALID (the pass starts over)', async () => {
      server.answer(mailbox(({ query }) => (query.has('pageToken') ? error(400) : undefined)));
      const listCursor = encodeCursor({ v: 1, kind: 'list', historyId: '4182374', pageToken: 'gone', pageSize: 2 });
      expect((await failure(provider(), listCursor)).code).toBe('CURSOR_INVALID');
      const historyCursor = encodeCursor({ v: 1, kind: 'history', startHistoryId: '4182374', pageToken: 'gone' });
      expect((await failure(provider(), historyCursor)).code).toBe('CURSOR_INVALID');
    });

    it('should fail UNKNOWN on answers that are not what Gmail documents', async () => {
      const cases: [string | null, (request: FixtureRequest) => FixtureResponse | undefined][] = [
        [null, ({ path }) => (path === '/users/me/profile' ? { body: { emailAddress: 'a@example.com' } } : undefined)],
        [null, ({ path }) => (path === '/users/me/messages' ? { body: { messages: 'all of them' } } : undefined)],
        [null, ({ path }) => (path === '/users/me/messages' ? { body: { messages: [{ threadId: 'x' }] } } : undefined)],
        [
          null,
          ({ path }) =>
            path === '/users/me/messages/1973c6b0a1f2e4d5' ? { body: messageById('1973c5e2b7d8a901') } : undefined,
        ],
        [SYNC_TOKEN, ({ path }) => (path === '/users/me/history' ? { body: { history: [] } } : undefined)],
        [SYNC_TOKEN, ({ path }) => (path === '/users/me/history' ? { body: { history: {} } } : undefined)],
      ];
      for (const [cursor, override] of cases) {
        server.answer(mailbox(override));
        expect((await failure(provider(), cursor)).code).toBe('UNKNOWN');
      }
    });

    it('should be pure, and only history.list’s 404 is special', () => {
      const history = new ProviderApiError('Gmail', 404, '/users/me/history', 'notFound', undefined);
      const message = new ProviderApiError('Gmail', 404, '/users/me/messages/abc', 'notFound', undefined);
      expect(toGmailIntegrationError(history).code).toBe('CURSOR_INVALID');
      expect(toGmailIntegrationError(history)).toEqual(toGmailIntegrationError(history));
      expect(toGmailIntegrationError(message).code).toBe('NOT_FOUND');
      expect(
        toGmailIntegrationError(new ProviderApiError('Gmail', 410, '/users/me/history', undefined, undefined)).code,
      ).toBe('CURSOR_INVALID');
      expect(toGmailIntegrationError(new Error(`boom ${TOKEN}`))).toMatchObject({ code: 'UNKNOWN' });
      expect(toGmailIntegrationError(new Error(`boom ${TOKEN}`)).message).not.toContain(TOKEN);
    });
  });

  describe('cursors', () => {
    it.each([
      ['another version', { v: 2, kind: 'history', startHistoryId: '1' }],
      ['an unknown kind', { v: 1, kind: 'page', page: 2 }],
      ['a list cursor without its page token', { v: 1, kind: 'list', historyId: '1', pageSize: 2 }],
      ['a list cursor with an oversized page', { v: 1, kind: 'list', historyId: '1', pageToken: 'x', pageSize: 501 }],
      ['a history id that is not a number', { v: 1, kind: 'history', startHistoryId: '12abc' }],
      ['a page token with spaces', { v: 1, kind: 'history', startHistoryId: '1', pageToken: 'a b' }],
    ])('should refuse %s with CURSOR_INVALID, without calling Gmail', async (_name, cursor) => {
      server.answer(mailbox());
      expect((await failure(provider(), encodeCursor(cursor))).code).toBe('CURSOR_INVALID');
      expect(server.requests).toHaveLength(0);
    });

    it('should refuse a resource it does not sync', async () => {
      const error = await collect(
        provider().sync({
          credentials,
          resource: 'threads',
          cursor: null,
          selection: [],
          signal: new AbortController().signal,
        }),
      ).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'INVALID_CONFIG' });
    });
  });

  describe('configuration', () => {
    it('should refuse page sizes and concurrencies Gmail or good manners do not allow', () => {
      expect(() => provider({ pageSize: 0 })).toThrow(RangeError);
      expect(() => provider({ pageSize: 501 })).toThrow(RangeError);
      expect(() => provider({ concurrency: 0 })).toThrow(RangeError);
      expect(() => provider({ concurrency: 11 })).toThrow(RangeError);
      expect(() => provider({ pageSize: 500, concurrency: 10 })).not.toThrow();
    });

    it('should call the manifest’s API by default, and the sandbox when PROVIDER_BASE_URLS says so', async () => {
      const moduleRef = await Test.createTestingModule({
        providers: [
          GmailProvider,
          { provide: PROVIDER_BASE_URLS, useValue: new Map([['gmail', { apiBaseUrl: `${server.url}/gmail/api/` }]]) },
        ],
      }).compile();
      server.answer(({ path }) =>
        path === '/gmail/api/users/me/profile' ? { body: fixture('profile.json') } : error(404),
      );
      const account = await moduleRef.get(GmailProvider).getAccountInfo({ credentials });
      expect(account.externalAccountId).toBe('ada.lovelace@example.com');
      expect(new GmailProvider().manifest.api?.baseUrl).toBe('https://gmail.googleapis.com/gmail/v1');
      const fetched = jest.spyOn(global, 'fetch').mockRejectedValue(new TypeError('fetch failed'));
      try {
        await new GmailProvider().getAccountInfo({ credentials }).catch(() => undefined);
        expect(String(fetched.mock.calls[0][0])).toBe('https://gmail.googleapis.com/gmail/v1/users/me/profile');
      } finally {
        fetched.mockRestore();
      }
    });
  });
});
