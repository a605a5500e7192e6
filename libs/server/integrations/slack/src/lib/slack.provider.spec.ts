import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import { encodeCursor, IntegrationError, PROVIDER_BASE_URLS, type SyncPage } from '@hub/server/integrations/core';
import {
  collect,
  type FixtureRequest,
  type FixtureResponse,
  type FixtureServer,
  startFixtureServer,
} from '@hub/server/integrations/core/testing';
import { SLACK_MANIFEST } from './slack.manifest';
import { SLACK_DEFAULT_METHOD_INTERVALS_MS, SLACK_PROVIDER_OPTIONS, SlackProvider } from './slack.provider';

const fixture = <T = unknown>(name: string): T =>
  JSON.parse(readFileSync(join(__dirname, 'fixtures', name), 'utf8')) as T;
const TOKEN = 'xoxe.xoxp-1-Mi0yLTEyMzQ1Njc4LTEyMzQ1Njc4OTAxMi1hYmNkZWY';
const credentials = { accessToken: TOKEN };

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});
afterEach(() => jest.restoreAllMocks());

/** The provider against the fixture server, unpaced, with pages of 2. */
const provider = (options: Parameters<SlackProvider['withOptions']>[0] = {}) =>
  new SlackProvider().withOptions({ apiBaseUrl: server.url, pageSize: 2, methodIntervalsMs: {}, ...options });

const run = (p: SlackProvider, resource: string, cursor: string | null = null, signal = new AbortController().signal) =>
  collect(p.sync({ credentials, resource, cursor, selection: [], signal }));

/** What `promise` fails with, as the provider maps it. */
async function failure(p: SlackProvider, promise: Promise<unknown>): Promise<IntegrationError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e,
  );
  return p.toIntegrationError(error);
}

const channel = (id: string, isMember: boolean, extra: Record<string, unknown> = {}) => ({
  id,
  name: id.toLowerCase(),
  is_channel: true,
  is_private: false,
  is_archived: false,
  is_member: isMember,
  created: 1700000000,
  ...extra,
});
const message = (ts: string, text = `message ${ts}`) => ({ type: 'message', user: 'U012A3CDE', text, ts });
const list = (channels: unknown[], next = '') => ({
  body: { ok: true, channels, response_metadata: { next_cursor: next } },
});
const history = (messages: unknown[], next?: string) => ({
  body: {
    ok: true,
    messages,
    has_more: next !== undefined,
    pin_count: 0,
    ...(next ? { response_metadata: { next_cursor: next } } : {}),
  },
});
const pathsOf = (requests: readonly FixtureRequest[]) =>
  requests.map((r) => `${r.path}${r.query.has('channel') ? ` ${r.query.get('channel')}` : ''}`);

describe('the Web API client', () => {
  it('should send GET with the arguments in the query and the token only as a bearer token', async () => {
    server.answer(() => list([channel('C0001', true)]));
    await run(provider({ pageSize: 150 }), 'channels');
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request.method).toBe('GET');
    expect(request.path).toBe('/conversations.list');
    expect(Object.fromEntries(request.query)).toEqual({
      types: 'public_channel,private_channel',
      exclude_archived: 'false',
      limit: '150',
    });
    expect(request.headers['authorization']).toBe(`Bearer ${TOKEN}`);
    expect(request.query.toString()).not.toContain(TOKEN);
  });

  it.each([
    ['invalid_auth', 'AUTH_REVOKED'],
    ['not_authed', 'AUTH_REVOKED'],
    ['token_revoked', 'AUTH_REVOKED'],
    ['token_expired', 'AUTH_REVOKED'],
    ['account_inactive', 'AUTH_REVOKED'],
    ['missing_scope', 'INSUFFICIENT_SCOPE'],
    ['no_permission', 'INSUFFICIENT_SCOPE'],
    ['channel_not_found', 'NOT_FOUND'],
    ['not_in_channel', 'NOT_FOUND'],
    ['invalid_cursor', 'CURSOR_INVALID'],
    ['ratelimited', 'RATE_LIMITED'],
    ['internal_error', 'TEMPORARY'],
    ['fatal_error', 'TEMPORARY'],
    ['service_unavailable', 'TEMPORARY'],
    ['request_timeout', 'TEMPORARY'],
    ['invalid_arguments', 'INVALID_CONFIG'],
    ['invalid_limit', 'INVALID_CONFIG'],
    ['not_allowed_token_type', 'INVALID_CONFIG'],
    ['unknown_method', 'INVALID_CONFIG'],
    ['a_brand_new_error', 'UNKNOWN'],
  ])('should treat HTTP 200 with "ok": false, "error": "%s" as a failure → %s', async (code, expected) => {
    server.answer(() => ({ status: 200, body: { ok: false, error: code } }));
    const p = provider();
    const mapped = await failure(p, p.getAccountInfo({ credentials }));
    expect(mapped).toBeInstanceOf(IntegrationError);
    expect(mapped.code).toBe(expected);
    expect(mapped.message).toContain(code);
    expect(mapped.message).not.toContain(TOKEN);
    expect(mapped.retryable).toBe(['TEMPORARY', 'RATE_LIMITED', 'UNKNOWN'].includes(expected));
  });

  it('should name the scope a missing_scope answer says is needed', async () => {
    server.answer(() => ({ body: fixture('error-missing-scope.json') }));
    const p = provider();
    const mapped = await failure(p, run(p, 'channels'));
    expect(mapped.code).toBe('INSUFFICIENT_SCOPE');
    expect(mapped.message).toContain('groups:read');
  });

  it('should map HTTP answers by status when Slack’s body says nothing usable', async () => {
    const p = provider();
    const cases: [FixtureResponse, string, number | undefined][] = [
      [
        { status: 429, headers: { 'retry-after': '12' }, body: fixture('error-ratelimited.json') },
        'RATE_LIMITED',
        12_000,
      ],
      [{ status: 429, body: 'Too Many Requests' }, 'RATE_LIMITED', undefined],
      [{ status: 500, body: '<html>Internal Server Error</html>' }, 'TEMPORARY', undefined],
      [{ status: 503, body: { ok: false, error: 'service_unavailable' } }, 'TEMPORARY', undefined],
      [{ status: 502, body: '' }, 'TEMPORARY', undefined],
      [{ status: 401, body: 'Unauthorized' }, 'AUTH_REVOKED', undefined],
      [{ status: 404, body: '<html>Not Found</html>' }, 'INVALID_CONFIG', undefined],
      [{ status: 418, body: 'teapot' }, 'UNKNOWN', undefined],
    ];
    for (const [answer, code, retryAfterMs] of cases) {
      server.answer(() => answer);
      const mapped = await failure(p, p.getAccountInfo({ credentials }));
      expect({ status: answer.status, code: mapped.code, retryAfterMs: mapped.options.retryAfterMs }).toEqual({
        status: answer.status,
        code,
        retryAfterMs,
      });
      expect(mapped.message).not.toMatch(/html|teapot|Unauthorized/);
    }
  });

  it('should refuse answers that are not a Slack answer object', async () => {
    const p = provider();
    for (const body of ['this is not json', [], { channels: [] }, { ok: 'true' }]) {
      server.answer(() => ({ status: 200, body }));
      const mapped = await failure(p, p.getAccountInfo({ credentials }));
      expect({ body, code: mapped.code }).toEqual({ body, code: 'UNKNOWN' });
    }
  });

  it('should keep an error string only when it looks like one (never echoes odd text)', async () => {
    server.answer(() => ({ body: { ok: false, error: '<script>alert(1)</script> token=xoxp-leak' } }));
    const p = provider();
    const mapped = await failure(p, p.getAccountInfo({ credentials }));
    expect(mapped.code).toBe('UNKNOWN');
    expect(mapped.message).not.toContain('script');
    expect(mapped.message).not.toContain('xoxp-leak');
  });

  it('should map errors purely: the same error gives the same answer, and non-errors are UNKNOWN', () => {
    const p = provider();
    const passthrough = new IntegrationError('NOT_FOUND', 'already mapped');
    expect(p.toIntegrationError(passthrough)).toBe(passthrough);
    expect(p.toIntegrationError('boom').code).toBe('UNKNOWN');
    expect(p.toIntegrationError(undefined).code).toBe('UNKNOWN');
    const timeout = Object.assign(new Error('t'), { name: 'TimeoutError' });
    expect(p.toIntegrationError(timeout)).toEqual(p.toIntegrationError(timeout));
    expect(p.toIntegrationError(timeout).code).toBe('TEMPORARY');
  });
});

describe('getAccountInfo', () => {
  it('should name the workspace from auth.test: team_id, team, url and domain, user', async () => {
    server.answer(({ path }) => (path === '/auth.test' ? { body: fixture('auth-test.json') } : list([])));
    const account = await provider().getAccountInfo({ credentials });
    expect(account).toEqual({
      externalAccountId: 'T12345678',
      displayName: 'Subarachnoid Workspace',
      workspaceName: 'Subarachnoid Workspace',
      url: 'https://subarachnoid.slack.com',
      details: { domain: 'subarachnoid', user: 'grace' },
    });
    expect(pathsOf(server.requests)).toEqual(['/auth.test']);
  });

  it('should leave out a url that is not https, and fail without a team_id', async () => {
    server.answer(() => ({
      body: { ok: true, team: 'Acme', team_id: 'T0ACME', url: 'javascript:alert(1)', user: 'ann' },
    }));
    expect(await provider().getAccountInfo({ credentials })).toEqual({
      externalAccountId: 'T0ACME',
      displayName: 'Acme',
      workspaceName: 'Acme',
      details: { user: 'ann' },
    });
    server.answer(() => ({ body: { ok: true, team: 'Acme', url: 'https://acme.slack.com/' } }));
    const p = provider();
    expect((await failure(p, p.getAccountInfo({ credentials }))).code).toBe('UNKNOWN');
  });

  it('should refuse credentials without an access token, without calling Slack', async () => {
    const p = provider();
    expect((await failure(p, p.getAccountInfo({ credentials: {} }))).code).toBe('AUTH_REVOKED');
    const sync = collect(
      p.sync({
        credentials: { accessToken: '' },
        resource: 'messages',
        cursor: null,
        selection: [],
        signal: new AbortController().signal,
      }),
    );
    expect((await failure(p, sync)).code).toBe('AUTH_REVOKED');
    expect(server.requests).toHaveLength(0);
  });
});

describe('sync channels', () => {
  it('should keep the conversation fields the hub stores, and drops the rest', async () => {
    server.answer(({ query }) =>
      query.get('cursor') === 'dGVhbTpDMDYxRkE1UEI='
        ? { body: fixture('conversations-list-page-2.json') }
        : { body: fixture('conversations-list-page-1.json') },
    );
    const pages = await run(provider(), 'channels');
    const records = pages.flatMap((p) => p.records);
    expect(records.map((r) => r.externalId)).toEqual(['C012AB3CD', 'C061EG9T2', 'C061FA5PB', 'C07H2K9LMNP']);
    expect(records[2].data).toEqual({
      name: 'design-crit',
      name_normalized: 'design-crit',
      is_channel: true,
      is_group: false,
      is_private: true,
      is_archived: false,
      is_general: false,
      is_shared: false,
      is_ext_shared: false,
      is_org_shared: false,
      is_member: true,
      created: 1612876352,
      creator: 'W12345678',
      updated: 1678229700118,
      topic: { value: 'Weekly critique, Thursdays 15:00', creator: 'W12345678', last_set: 1612876400 },
      purpose: { value: 'Design reviews before anything ships', creator: 'W12345678', last_set: 1612876352 },
      previous_names: ['design'],
      num_members: 3,
    });
    expect(records[3].data['is_member']).toBe(false);
    expect(JSON.stringify(pages)).not.toContain(TOKEN);
  });

  it('should end on an empty, null or missing next_cursor', async () => {
    for (const metadata of [{ next_cursor: '' }, { next_cursor: null }, {}, undefined]) {
      server.answer(() => ({ body: { ok: true, channels: [channel('C0001', true)], response_metadata: metadata } }));
      const pages = await run(provider(), 'channels');
      expect(pages.map((p) => p.nextCursor)).toEqual([null]);
    }
  });

  it('should stop instead of looping when Slack hands back the same cursor', async () => {
    server.answer(() => list([channel('C0001', true)], 'dGVhbTpDMDAwMQ=='));
    const p = provider();
    const mapped = await failure(p, run(p, 'channels'));
    expect(mapped.code).toBe('UNKNOWN');
    expect(server.requests).toHaveLength(2);
  });

  it('should refuse a listed channel without a valid id', async () => {
    server.answer(() => list([{ name: 'no-id' }]));
    const p = provider();
    expect((await failure(p, run(p, 'channels'))).code).toBe('UNKNOWN');
  });
});

describe('sync messages', () => {
  /** Three channels: C0001 and C0002 member (C0002 private, archived), C0003 not a member. */
  const threeChannels = () =>
    list([
      channel('C0001', true),
      channel('C0002', true, { is_private: true, is_archived: true }),
      channel('C0003', false),
    ]);

  it('should read the member channels only (archived ones included), keeping the documented message fields', async () => {
    server.answer((request) => {
      if (request.path === '/conversations.list') return threeChannels();
      if (request.query.get('channel') !== 'C0001') return { body: fixture('conversations-history-C061EG9T2.json') };
      const page = request.query.has('cursor') ? 2 : 1;
      return { body: fixture(`conversations-history-C012AB3CD-page-${page}.json`) };
    });
    const pages = await run(provider({ pageSize: 5 }), 'messages');
    expect(pathsOf(server.requests)).toEqual([
      '/conversations.list',
      '/conversations.history C0001',
      '/conversations.history C0001',
      '/conversations.history C0002',
    ]);
    for (const request of server.requests.filter((r) => r.path === '/conversations.history')) {
      expect(request.query.get('limit')).toBe('5');
      expect(request.query.has('oldest')).toBe(false);
    }
    const records = pages.flatMap((p) => p.records);
    expect(records[0]).toEqual({
      externalId: 'C0001:1512104434.000490',
      data: {
        channel: 'C0001',
        ts: '1512104434.000490',
        type: 'message',
        user: 'U012A3CDE',
        text: 'Reminder: the all-hands moved to 16:00 today.',
        thread_ts: '1512104434.000490',
        reply_count: 2,
      },
    });
    expect(records[1].data['edited']).toEqual({ user: 'U061F7AUR', ts: '1512086010.000000' });
    const bot = records.find((r) => r.externalId === 'C0002:1512090000.000100');
    expect(bot?.data).toEqual({
      channel: 'C0002',
      ts: '1512090000.000100',
      type: 'message',
      subtype: 'bot_message',
      bot_id: 'B0123ABCDE',
      text: 'Deploy of web@4f2a91c to production finished in 3m12s',
    });
  });

  it('should end with a sync token holding the newest ts per channel, and read only newer messages from it', async () => {
    server.answer((request) => {
      if (request.path === '/conversations.list') return threeChannels();
      const oldest = request.query.get('oldest');
      if (request.query.get('channel') === 'C0001') {
        return oldest
          ? history([message('1700000300.000001')])
          : history([message('1700000200.000009'), message('1700000100.000000')]);
      }
      return oldest ? history([]) : history([message('1600000000.999999')]);
    });
    const p = provider();
    const full = await run(p, 'messages');
    const token = full.at(-1)?.syncToken as string;
    expect(JSON.parse(token)).toEqual({
      v: 1,
      kind: 'changes',
      newest: { C0001: '1700000200.000009', C0002: '1600000000.999999' },
    });
    server.requests.length = 0;
    const changes = await run(p, 'messages', token);
    expect(
      server.requests.filter((r) => r.path === '/conversations.history').map((r) => r.query.get('oldest')),
    ).toEqual(['1700000200.000009', '1600000000.999999']);
    expect(changes.flatMap((page) => page.records.map((r) => r.externalId))).toEqual(['C0001:1700000300.000001']);
    expect(changes.flatMap((page) => page.deletedIds ?? [])).toEqual([]);
    expect(JSON.parse(changes.at(-1)?.syncToken as string).newest).toEqual({
      C0001: '1700000300.000001',
      C0002: '1600000000.999999',
    });
  });

  it('should read a newly joined channel whole, and forget one the person left', async () => {
    const token = encodeCursor({
      v: 1,
      kind: 'changes',
      newest: { C0001: '1700000000.000000', C0009: '1700000000.000000' },
    });
    server.answer((request) => {
      if (request.path === '/conversations.list') return list([channel('C0001', true), channel('C0004', true)]);
      if (request.query.get('channel') === 'C0004') return history([message('1500000000.000001')]);
      return history([]);
    });
    const pages = await run(provider(), 'messages', token);
    const asked = server.requests.filter((r) => r.path === '/conversations.history');
    expect(asked.map((r) => [r.query.get('channel'), r.query.get('oldest')])).toEqual([
      ['C0001', '1700000000.000000'],
      ['C0004', null],
    ]);
    expect(pages.flatMap((page) => page.records.map((r) => r.externalId))).toEqual(['C0004:1500000000.000001']);
    expect(JSON.parse(pages.at(-1)?.syncToken as string).newest).toEqual({
      C0001: '1700000000.000000',
      C0004: '1500000000.000001',
    });
  });

  it('should skip a channel that became unreadable since the listing, and go on', async () => {
    for (const gone of ['channel_not_found', 'not_in_channel']) {
      server.answer((request) => {
        if (request.path === '/conversations.list') return threeChannels();
        if (request.query.get('channel') === 'C0001') return { body: { ok: false, error: gone } };
        return history([message('1600000000.000001')]);
      });
      const pages = await run(provider(), 'messages');
      expect(pages.flatMap((page) => page.records.map((r) => r.externalId))).toEqual(['C0002:1600000000.000001']);
      expect(JSON.parse(pages.at(-1)?.syncToken as string).newest).toEqual({ C0002: '1600000000.000001' });
    }
  });

  it('should still close the pass with a sync token when the last channel is the unreadable one', async () => {
    server.answer((request) => {
      if (request.path === '/conversations.list') return threeChannels();
      if (request.query.get('channel') === 'C0002') return { body: fixture('error-channel-not-found.json') };
      return history([message('1600000000.000001')]);
    });
    const pages = await run(provider(), 'messages');
    expect(pages.map((p) => [p.records.length, p.nextCursor, typeof p.syncToken])).toEqual([
      [1, expect.any(String), 'undefined'],
      [0, null, 'string'],
    ]);
  });

  it('should answer one empty page with a sync token when the person is in no channel', async () => {
    server.answer(() => list([channel('C0003', false)]));
    const pages = await run(provider(), 'messages');
    expect(pages).toEqual([{ records: [], nextCursor: null, syncToken: expect.any(String) }]);
    expect(pathsOf(server.requests)).toEqual(['/conversations.list']);
  });

  it('should fail on other errors mid-pass instead of skipping (missing scope, expired cursor)', async () => {
    for (const [error, code] of [
      ['missing_scope', 'INSUFFICIENT_SCOPE'],
      ['invalid_cursor', 'CURSOR_INVALID'],
      ['token_revoked', 'AUTH_REVOKED'],
    ]) {
      server.answer((request) =>
        request.path === '/conversations.list' ? threeChannels() : { body: { ok: false, error } },
      );
      const p = provider();
      expect((await failure(p, run(p, 'messages'))).code).toBe(code);
    }
  });

  it('should refuse has_more without a cursor, and a message without a ts', async () => {
    const p = provider();
    server.answer((request) =>
      request.path === '/conversations.list'
        ? threeChannels()
        : { body: { ok: true, messages: [message('1600000000.000001')], has_more: true } },
    );
    expect((await failure(p, run(p, 'messages'))).code).toBe('UNKNOWN');
    server.answer((request) =>
      request.path === '/conversations.list' ? threeChannels() : history([{ type: 'message', text: 'no ts' }]),
    );
    expect((await failure(p, run(p, 'messages'))).code).toBe('UNKNOWN');
  });
});

describe('cursors', () => {
  const cursorFailure = async (resource: string, cursor: string) => {
    const p = provider();
    return failure(p, run(p, resource, cursor));
  };

  it('should keep cursor kinds apart: a channels cursor is no messages cursor, and the other way round', async () => {
    server.answer(() => list([]));
    const channelsCursor = encodeCursor({ v: 1, kind: 'channels', next: 'dGVhbTpDMDYxRkE1UEI=' });
    const historyCursor = encodeCursor({
      v: 1,
      kind: 'history',
      mode: 'full',
      channels: ['C0001'],
      page: '',
      since: {},
      newest: {},
    });
    const changesToken = encodeCursor({ v: 1, kind: 'changes', newest: {} });
    expect((await cursorFailure('messages', channelsCursor)).code).toBe('CURSOR_INVALID');
    expect((await cursorFailure('channels', historyCursor)).code).toBe('CURSOR_INVALID');
    expect((await cursorFailure('channels', changesToken)).code).toBe('CURSOR_INVALID');
    expect(server.requests).toHaveLength(0);
  });

  it('should refuse malformed cursors of its own kinds without calling Slack', async () => {
    const history = (fields: Record<string, unknown>) =>
      encodeCursor({
        v: 1,
        kind: 'history',
        mode: 'full',
        channels: ['C0001'],
        page: '',
        since: {},
        newest: {},
        ...fields,
      });
    const cases: [string, string][] = [
      ['messages', history({ channels: [] })],
      ['messages', history({ channels: ['not-a-channel'] })],
      ['messages', history({ newest: { C0001: 'yesterday' } })],
      ['messages', history({ since: { 'bad id': '1.2' } })],
      ['messages', history({ mode: 'partial' })],
      ['messages', history({ v: 2 })],
      ['messages', history({ page: 'has spaces' })],
      ['messages', encodeCursor({ v: 1, kind: 'changes', newest: [] })],
      ['messages', '{"v":1'],
      ['channels', encodeCursor({ v: 1, kind: 'channels', next: '' })],
      ['channels', encodeCursor({ v: 1, kind: 'channels', next: 'a cursor with spaces' })],
      ['channels', 'dGVhbTpDMDYxRkE1UEI='],
    ];
    for (const [resource, cursor] of cases) {
      expect({ cursor, code: (await cursorFailure(resource, cursor)).code }).toEqual({
        cursor,
        code: 'CURSOR_INVALID',
      });
    }
    expect(server.requests).toHaveLength(0);
  });

  it('should resume a messages pass inside a channel with Slack’s cursor, without listing channels again', async () => {
    server.answer((request) =>
      request.query.get('cursor') === 'bmV4dF90czoxNTEyMDg1ODYxMDAwNTQz'
        ? { body: fixture('conversations-history-C012AB3CD-page-2.json') }
        : history([message('1600000000.000001')]),
    );
    const cursor = encodeCursor({
      v: 1,
      kind: 'history',
      mode: 'full',
      channels: ['C012AB3CD', 'C0002'],
      page: 'bmV4dF90czoxNTEyMDg1ODYxMDAwNTQz',
      since: {},
      newest: { C012AB3CD: '1512104434.000490' },
    });
    const pages = await run(provider(), 'messages', cursor);
    expect(pathsOf(server.requests)).toEqual(['/conversations.history C012AB3CD', '/conversations.history C0002']);
    expect(pages.flatMap((p) => p.records.map((r) => r.externalId))).toEqual([
      'C012AB3CD:1512085861.000543',
      'C0002:1600000000.000001',
    ]);
    expect(JSON.parse(pages.at(-1)?.syncToken as string).newest).toEqual({
      C012AB3CD: '1512104434.000490',
      C0002: '1600000000.000001',
    });
  });

  it('should refuse resources it does not sync, without calling Slack', async () => {
    const p = provider();
    expect((await failure(p, run(p, 'files'))).code).toBe('INVALID_CONFIG');
    expect(server.requests).toHaveLength(0);
  });
});

describe('revoke', () => {
  const APP = { clientId: '1234567890.0987654321', clientSecret: 'e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9' };
  const revoked = (): FixtureResponse => ({ body: fixture('auth-revoke.json') });

  /** What `revoke` fails with: the error it threw and how the provider maps it. */
  async function revokeFailure(p: SlackProvider, credentials: Record<string, unknown> = { accessToken: TOKEN }) {
    const thrown = await p.revoke({ credentials, app: APP }).then(
      () => {
        throw new Error('expected a failure');
      },
      (e: unknown) => e,
    );
    return { thrown: thrown as Error, mapped: p.toIntegrationError(thrown) };
  }

  it('should POST auth.revoke with an empty form body and the token only as a bearer token, and resolves on revoked: true', async () => {
    server.answer(revoked);
    await expect(provider().revoke({ credentials, app: APP })).resolves.toBeUndefined();
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/auth.revoke');
    expect(request.query.toString()).toBe('');
    expect(request.headers['authorization']).toBe(`Bearer ${TOKEN}`);
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request.body).toBe('');
    // The app's credentials are not needed, and never sent.
    expect(JSON.stringify(request.headers)).not.toContain(APP.clientSecret);
  });

  it('should not need the hub’s OAuth app', async () => {
    server.answer(revoked);
    await expect(provider().revoke({ credentials, app: null })).resolves.toBeUndefined();
    expect(server.requests.map((r) => r.path)).toEqual(['/auth.revoke']);
  });

  it.each(['token_revoked', 'account_inactive'])(
    'should resolve when Slack answers %s: the token, and its grant, no longer exist',
    async (error) => {
      server.answer(() => ({ body: { ok: false, error } }));
      await expect(provider().revoke({ credentials, app: APP })).resolves.toBeUndefined();
      expect(server.requests).toHaveLength(1);
    },
  );

  it.each([
    ['invalid_auth', 'AUTH_REVOKED'],
    ['not_authed', 'AUTH_REVOKED'],
    ['token_expired', 'AUTH_REVOKED'],
    ['not_bearer_token', 'INVALID_CONFIG'],
    ['ratelimited', 'RATE_LIMITED'],
    ['internal_error', 'TEMPORARY'],
    ['a_brand_new_error', 'UNKNOWN'],
  ])('should throw on "ok": false, "error": "%s" (the grant may live on) → %s', async (error, expected) => {
    server.answer(() => ({ body: { ok: false, error } }));
    const p = provider();
    const { thrown, mapped } = await revokeFailure(p);
    expect(mapped.code).toBe(expected);
    expect(mapped.message).toContain(error);
    for (const message of [thrown.message, mapped.message]) expect(message).not.toContain(TOKEN);
  });

  it('should throw on HTTP failures and network errors, mapped by status, without the token in any message', async () => {
    const p = provider({ timeoutMs: 300 });
    const cases: [FixtureResponse | 'drop' | 'hang', string, number | undefined][] = [
      [
        { status: 429, headers: { 'retry-after': '30' }, body: fixture('error-ratelimited.json') },
        'RATE_LIMITED',
        30_000,
      ],
      [{ status: 500, body: fixture('error-internal-error.json') }, 'TEMPORARY', undefined],
      [{ status: 503, body: '<html>Service Unavailable</html>' }, 'TEMPORARY', undefined],
      [{ status: 401, body: 'Unauthorized' }, 'AUTH_REVOKED', undefined],
      ['drop', 'TEMPORARY', undefined],
      ['hang', 'TEMPORARY', undefined],
    ];
    for (const [answer, code, retryAfterMs] of cases) {
      server.answer(() => (answer === 'hang' ? new Promise<FixtureResponse>(() => undefined) : answer));
      const { thrown, mapped } = await revokeFailure(p);
      const status = typeof answer === 'string' ? answer : answer.status;
      expect({ status, code: mapped.code, retryAfterMs: mapped.options.retryAfterMs }).toEqual({
        status,
        code,
        retryAfterMs,
      });
      for (const message of [thrown.message, mapped.message]) expect(message).not.toContain(TOKEN);
    }
  });

  it('should throw when Slack answers "ok": true without confirming "revoked": true', async () => {
    const p = provider();
    for (const body of [{ ok: true }, { ok: true, revoked: false }, { ok: true, revoked: 'true' }]) {
      server.answer(() => ({ body }));
      const { mapped } = await revokeFailure(p);
      expect({ body, code: mapped.code }).toEqual({ body, code: 'UNKNOWN' });
    }
  });

  it('should refuse credentials without an access token, without calling Slack', async () => {
    const p = provider();
    for (const without of [{}, { accessToken: '' }, { refreshToken: 'xoxe-1-My0xLTEyMzQ1Njc4' }]) {
      const { mapped } = await revokeFailure(p, without);
      expect(mapped.code).toBe('INVALID_CONFIG');
      expect(mapped.message).toMatch(/access token/);
      expect(mapped.message).not.toContain('xoxe');
    }
    expect(server.requests).toHaveLength(0);
  });

  it('should send nothing once the signal is aborted', async () => {
    server.answer(revoked);
    const controller = new AbortController();
    controller.abort(new Error('stopped'));
    await expect(provider().revoke({ credentials, app: APP, signal: controller.signal })).rejects.toThrow('stopped');
    expect(server.requests).toHaveLength(0);
  });
});

describe('pacing', () => {
  it('should space calls of one method for one token, not other methods or other tokens', async () => {
    server.answer(({ path }) => (path === '/auth.test' ? { body: fixture('auth-test.json') } : list([])));
    const p = provider({ methodIntervalsMs: { 'auth.test': 250 } });
    const started = Date.now();
    await p.getAccountInfo({ credentials });
    await p.getAccountInfo({ credentials: { accessToken: 'another-workspace-token' } });
    await run(p, 'channels');
    expect(Date.now() - started).toBeLessThan(200);
    await p.getAccountInfo({ credentials });
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
  });

  it('should stop waiting when the sync is aborted, sending nothing more', async () => {
    server.answer(() => list([channel('C0001', true)], 'dGVhbTpDMDAwMg=='));
    const p = provider({ methodIntervalsMs: { 'conversations.list': 5000 } });
    const controller = new AbortController();
    const iterator = p
      .sync({ credentials, resource: 'channels', cursor: null, selection: [], signal: controller.signal })
      [Symbol.asyncIterator]();
    await iterator.next();
    const pending = iterator.next();
    setTimeout(() => controller.abort(new Error('stopped')), 50);
    const started = Date.now();
    await expect(pending).rejects.toThrow('stopped');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(server.requests).toHaveLength(1);
  });

  it('should default to the methods’ tiers, and refuse bad options', () => {
    expect(SLACK_DEFAULT_METHOD_INTERVALS_MS).toEqual({ 'conversations.list': 3000, 'conversations.history': 1200 });
    expect(() => new SlackProvider(null, { pageSize: 0 })).toThrow(RangeError);
    expect(() => new SlackProvider(null, { pageSize: 1000 })).toThrow(RangeError);
    expect(() => new SlackProvider(null, { methodIntervalsMs: { 'auth.test': -1 } })).toThrow(RangeError);
  });
});

describe('configuration', () => {
  it('should ask for user-token scopes in user_scope and read the token from authed_user', () => {
    const auth = SLACK_MANIFEST.auth;
    expect(auth).toMatchObject({
      kind: 'oauth2',
      scopeParameter: 'user_scope',
      tokenResponseField: 'authed_user',
      scopeSeparator: ',',
      scopes: ['channels:read', 'channels:history', 'groups:read', 'groups:history'],
    });
    expect(SLACK_MANIFEST.availability).toBe('available');
  });

  it('should call the manifest’s base URL by default, and PROVIDER_BASE_URLS or options from Nest', async () => {
    const seen: string[] = [];
    jest.spyOn(global, 'fetch').mockImplementation(async (input) => {
      seen.push(String(input));
      return new Response(JSON.stringify(fixture('auth-test.json')), {
        headers: { 'content-type': 'application/json' },
      });
    });
    const withUrls = await Test.createTestingModule({
      providers: [
        SlackProvider,
        {
          provide: PROVIDER_BASE_URLS,
          useValue: new Map([['slack', { apiBaseUrl: 'http://sandbox.test/slack/api/' }]]),
        },
      ],
    }).compile();
    const withOptions = await Test.createTestingModule({
      providers: [
        SlackProvider,
        { provide: SLACK_PROVIDER_OPTIONS, useValue: { apiBaseUrl: 'http://options.test/api' } },
      ],
    }).compile();
    const without = await Test.createTestingModule({ providers: [SlackProvider] }).compile();
    for (const moduleRef of [withUrls, withOptions, without]) {
      await moduleRef.get(SlackProvider).getAccountInfo({ credentials });
    }
    await new SlackProvider(new Map([['dub', { apiBaseUrl: 'http://sandbox.test/dub/api' }]])).getAccountInfo({
      credentials,
    });
    expect(seen).toEqual([
      'http://sandbox.test/slack/api/auth.test',
      'http://options.test/api/auth.test',
      'https://slack.com/api/auth.test',
      'https://slack.com/api/auth.test',
    ]);
  });

  it('should never put the token in what it returns', async () => {
    server.answer((request) =>
      request.path === '/auth.test'
        ? { body: fixture('auth-test.json') }
        : request.path === '/conversations.list'
          ? list([channel('C0001', true)])
          : history([message('1600000000.000001', `text mentioning ${TOKEN.length} characters`)]),
    );
    const p = provider();
    const everything: unknown[] = [await p.getAccountInfo({ credentials })];
    for (const resource of ['channels', 'messages']) everything.push(...((await run(p, resource)) as SyncPage[]));
    expect(JSON.stringify(everything)).not.toContain(TOKEN);
  });
});
