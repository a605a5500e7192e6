import { type RunningSandbox, startSandbox } from '../../start-sandbox';
import type { SlackWorkspace } from './slack-data';
import { connectSlack, slackOAuthClient } from './slack-oauth.testing';

/**
 * The emulated Slack Web API: OAuth v2 with user scopes, auth.test, auth.revoke, conversations.list and
 * conversations.history with Slack's cursor pagination and `{ ok: false, error }` answers, the
 * mutate control and reset.
 */
const ALL_SCOPES = 'channels:read,channels:history,groups:read,groups:history';

interface Channel {
  id: string;
  name: string;
  is_private: boolean;
  is_archived: boolean;
  is_member: boolean;
}
interface Message {
  ts: string;
  text: string;
  type: string;
  subtype?: string;
  edited?: { user: string; ts: string };
}
interface HistoryAnswer {
  ok: true;
  messages: Message[];
  has_more: boolean;
  response_metadata?: { next_cursor: string };
}
type Summary = ReturnType<SlackWorkspace['summary']>;

let sandbox: RunningSandbox;
let token: string;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, only: ['slack'] });
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  await fetch(`${sandbox.url}/_sandbox/reset`, { method: 'POST' });
  token = (await connectSlack(sandbox.url, ALL_SCOPES)).accessToken;
});

function call(
  method: string,
  args: Record<string, string> = {},
  accessToken: string | null = token,
): Promise<Response> {
  return fetch(`${sandbox.url}/slack/api/${method}?${new URLSearchParams(args)}`, {
    headers: accessToken === null ? {} : { authorization: `Bearer ${accessToken}` },
  });
}

async function ok<T>(
  method: string,
  args: Record<string, string> = {},
  accessToken: string | null = token,
): Promise<T> {
  const response = await call(method, args, accessToken);
  expect(response.status).toBe(200);
  const body = (await response.json()) as T & { ok: boolean; error?: string };
  expect({ method, ok: body.ok, error: body.error }).toEqual({ method, ok: true, error: undefined });
  return body;
}

/** A Slack error answer: HTTP 200 unless said otherwise, `{ ok: false, error, … }`. */
async function failed(response: Response, status = 200): Promise<Record<string, unknown>> {
  expect(response.status).toBe(status);
  const body = (await response.json()) as Record<string, unknown>;
  expect(body['ok']).toBe(false);
  return body;
}

async function control<T>(path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${sandbox.url}/_sandbox/slack${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

async function allChannels(args: Record<string, string>): Promise<{ pages: Channel[][]; cursors: string[] }> {
  const pages: Channel[][] = [];
  const cursors: string[] = [];
  let cursor = '';
  do {
    const answer = await ok<{ channels: Channel[]; response_metadata: { next_cursor: string } }>('conversations.list', {
      ...args,
      ...(cursor ? { cursor } : {}),
    });
    pages.push(answer.channels);
    cursor = answer.response_metadata.next_cursor;
    cursors.push(cursor);
  } while (cursor);
  return { pages, cursors };
}

async function allMessages(channel: string, args: Record<string, string> = {}): Promise<Message[][]> {
  const pages: Message[][] = [];
  let cursor = '';
  for (;;) {
    const answer = await ok<HistoryAnswer>('conversations.history', {
      channel,
      ...args,
      ...(cursor ? { cursor } : {}),
    });
    pages.push(answer.messages);
    if (!answer.has_more) {
      expect(answer.response_metadata).toBeUndefined();
      return pages;
    }
    cursor = answer.response_metadata?.next_cursor ?? '';
    expect(cursor).not.toBe('');
  }
}

describe('OAuth v2', () => {
  it('should take user scopes from user_scope and answer the code exchange in oauth.v2.access’s shape', async () => {
    const { answer } = await connectSlack(sandbox.url, ALL_SCOPES);
    expect(answer).toEqual({
      ok: true,
      app_id: expect.stringMatching(/^A/),
      authed_user: {
        id: 'U07SBX0SELF',
        scope: expect.any(String),
        access_token: expect.any(String),
        token_type: 'user',
        refresh_token: expect.any(String),
        expires_in: 3600,
      },
      team: { id: 'T07SBXHUB01', name: 'Sandbox Hub' },
      enterprise: null,
      is_enterprise_install: false,
    });
    expect(answer.authed_user?.scope.split(',').sort()).toEqual(ALL_SCOPES.split(',').sort());
    expect(answer).not.toHaveProperty('access_token');
  });

  it('should answer a refresh flat, with a rotated refresh token that works', async () => {
    const { refreshToken } = await connectSlack(sandbox.url, ALL_SCOPES);
    const { status, body } = await slackOAuthClient(sandbox.url).refresh(refreshToken);
    expect(status).toBe(200);
    expect(body).toEqual({
      ok: true,
      app_id: expect.stringMatching(/^A/),
      access_token: expect.any(String),
      refresh_token: expect.any(String),
      expires_in: 3600,
      token_type: 'user',
      scope: expect.any(String),
      team: { id: 'T07SBXHUB01', name: 'Sandbox Hub' },
      enterprise: null,
      is_enterprise_install: false,
    });
    expect(body.refresh_token).not.toBe(refreshToken);
    expect((body.scope ?? '').split(',').sort()).toEqual(ALL_SCOPES.split(',').sort());
    await ok('auth.test', {}, body.access_token ?? null);
  });

  it('should grant only the ticked scopes, and the API holds the token to them', async () => {
    const { answer, accessToken } = await connectSlack(sandbox.url, ALL_SCOPES, ['channels:read', 'channels:history']);
    expect(answer.authed_user?.scope.split(',').sort()).toEqual(['channels:history', 'channels:read']);
    const list = await failed(
      await call('conversations.list', { types: 'public_channel,private_channel' }, accessToken),
    );
    expect(list).toEqual({
      ok: false,
      error: 'missing_scope',
      needed: 'groups:read',
      provided: expect.stringMatching(/channels:read/),
    });
    await ok('conversations.list', { types: 'public_channel' }, accessToken);
    const history = await failed(await call('conversations.history', { channel: 'C07SBX3DSGN' }, accessToken));
    expect(history).toMatchObject({ error: 'missing_scope', needed: 'groups:history' });
    await ok('conversations.history', { channel: 'C07SBX0GNRL' }, accessToken);
  });
});

describe('authentication', () => {
  it('should answer not_authed without a token, invalid_auth with a bad one and token_expired with an expired one, with HTTP 200', async () => {
    expect(await failed(await call('auth.test', {}, null))).toEqual({ ok: false, error: 'not_authed' });
    expect(await failed(await call('auth.test', {}, 'xoxp-not-a-sandbox-token'))).toEqual({
      ok: false,
      error: 'invalid_auth',
    });
    await fetch(`${sandbox.url}/_sandbox/slack/expire-access-tokens`, { method: 'POST' });
    // Token rotation: an access token past its time is token_expired, not invalid_auth.
    expect(await failed(await call('auth.test'))).toEqual({ ok: false, error: 'token_expired' });
    expect(await failed(await call('conversations.list'))).toEqual({ ok: false, error: 'token_expired' });
  });

  it('should answer token_expired for a token that lived out its expires_in, and serve the refreshed one', async () => {
    const short = await startSandbox({ port: 0, only: ['slack'], accessTokenTtlSeconds: 1 });
    try {
      const connection = await connectSlack(short.url, ALL_SCOPES);
      const test = (accessToken: string) =>
        fetch(`${short.url}/slack/api/auth.test`, { headers: { authorization: `Bearer ${accessToken}` } });
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(await failed(await test(connection.accessToken))).toEqual({ ok: false, error: 'token_expired' });
      const refreshed = await slackOAuthClient(short.url).refresh(connection.refreshToken);
      const fresh = (refreshed.body as { access_token: string }).access_token;
      expect(((await (await test(fresh)).json()) as { ok: boolean }).ok).toBe(true);
    } finally {
      await short.close();
    }
  });

  it('should answer auth.test with the workspace and the user', async () => {
    expect(await ok('auth.test')).toEqual({
      ok: true,
      url: 'https://sandbox-hub.slack.com/',
      team: 'Sandbox Hub',
      user: 'sandbox.user',
      team_id: 'T07SBXHUB01',
      user_id: 'U07SBX0SELF',
      is_enterprise_install: false,
    });
  });
});

describe('auth.revoke', () => {
  interface Stats {
    apiRevocations: number;
    grantsRevoked: number;
    activeGrants: number;
  }
  const stats = async () => ((await (await fetch(`${sandbox.url}/_sandbox/stats`)).json()) as { slack: Stats }).slack;

  it('should revoke the calling token and its whole grant: the token gets invalid_auth, its refresh token invalid_grant', async () => {
    const connection = await connectSlack(sandbox.url, ALL_SCOPES);
    expect(await ok('auth.revoke', {}, connection.accessToken)).toEqual({ ok: true, revoked: true });
    expect(await failed(await call('auth.test', {}, connection.accessToken))).toEqual({
      ok: false,
      error: 'invalid_auth',
    });
    const refreshed = await slackOAuthClient(sandbox.url).refresh(connection.refreshToken);
    expect(refreshed).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    // Only that grant: the other connection (beforeEach's) goes on working.
    await ok('auth.test');
    expect(await stats()).toMatchObject({ apiRevocations: 1, grantsRevoked: 1, activeGrants: 1 });
  });

  it('should answer invalid_auth, not token_expired, for an earlier token of a revoked grant', async () => {
    const connection = await connectSlack(sandbox.url, ALL_SCOPES);
    await ok('auth.test', {}, connection.accessToken);
    const refreshed = await slackOAuthClient(sandbox.url).refresh(connection.refreshToken);
    const current = (refreshed.body as { access_token: string }).access_token;
    expect(await ok('auth.revoke', {}, current)).toEqual({ ok: true, revoked: true });
    expect(await failed(await call('auth.test', {}, connection.accessToken))).toEqual({
      ok: false,
      error: 'invalid_auth',
    });
    expect(await failed(await call('auth.test', {}, current))).toEqual({ ok: false, error: 'invalid_auth' });
  });

  it('should revoke nothing with test=1 or test=true, answering revoked: false', async () => {
    const connection = await connectSlack(sandbox.url, ALL_SCOPES);
    expect(await ok('auth.revoke', { test: '1' }, connection.accessToken)).toEqual({ ok: true, revoked: false });
    const form = await fetch(`${sandbox.url}/slack/api/auth.revoke`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${connection.accessToken}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'test=true',
    });
    expect(await form.json()).toEqual({ ok: true, revoked: false });
    await ok('auth.test', {}, connection.accessToken);
    expect((await slackOAuthClient(sandbox.url).refresh(connection.refreshToken)).status).toBe(200);
    expect(await stats()).toMatchObject({ apiRevocations: 0, grantsRevoked: 0, activeGrants: 2 });
  });

  it('should take the token from a POSTed token field too', async () => {
    const connection = await connectSlack(sandbox.url, ALL_SCOPES);
    const response = await fetch(`${sandbox.url}/slack/api/auth.revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: connection.accessToken }).toString(),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, revoked: true });
    expect((await failed(await call('auth.test', {}, connection.accessToken)))['error']).toBe('invalid_auth');
  });

  it('should answer not_authed without a token and invalid_auth with an unknown or already revoked one, revoking nothing', async () => {
    expect(await failed(await call('auth.revoke', {}, null))).toEqual({ ok: false, error: 'not_authed' });
    expect(await failed(await call('auth.revoke', {}, 'xoxp-not-a-sandbox-token'))).toEqual({
      ok: false,
      error: 'invalid_auth',
    });
    const form = await fetch(`${sandbox.url}/slack/api/auth.revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'token=xoxp-not-a-sandbox-token',
    });
    expect(await failed(form)).toEqual({ ok: false, error: 'invalid_auth' });
    const empty = await fetch(`${sandbox.url}/slack/api/auth.revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'token=',
    });
    expect(await failed(empty)).toEqual({ ok: false, error: 'not_authed' });
    expect(await stats()).toMatchObject({ apiRevocations: 0, activeGrants: 1 });
    await ok('auth.revoke');
    expect(await failed(await call('auth.revoke'))).toEqual({ ok: false, error: 'invalid_auth' });
    expect(await stats()).toMatchObject({ apiRevocations: 1, grantsRevoked: 1, activeGrants: 0 });
  });
});

describe('conversations.list', () => {
  it('should list public channels by default, private ones the user is in when asked, archived unless excluded', async () => {
    const publicOnly = (await allChannels({})).pages.flat();
    expect(publicOnly.every((c) => !c.is_private)).toBe(true);
    expect(publicOnly).toHaveLength(6);
    const both = (await allChannels({ types: 'public_channel,private_channel' })).pages.flat();
    expect(both.map((c) => c.name)).toEqual([
      'general',
      'random',
      'engineering',
      'design-reviews',
      'incidents',
      'product-launch',
      'old-website',
      'sales-emea',
    ]);
    expect(both.filter((c) => !c.is_member).map((c) => c.name)).toEqual(['sales-emea']);
    const open = (
      await allChannels({ types: 'public_channel,private_channel', exclude_archived: 'true' })
    ).pages.flat();
    expect(open.map((c) => c.name)).not.toContain('old-website');
    expect(open).toHaveLength(7);
  });

  it('should page with limit and response_metadata.next_cursor, the last page’s cursor empty', async () => {
    const { pages, cursors } = await allChannels({ types: 'public_channel,private_channel', limit: '3' });
    expect(pages.map((p) => p.length)).toEqual([3, 3, 2]);
    expect(new Set(pages.flat().map((c) => c.id)).size).toBe(8);
    expect(cursors.at(-1)).toBe('');
    expect(Buffer.from(cursors[0], 'base64').toString()).toMatch(/^team:C[A-Z0-9]+$/);
  });

  it('should answer POST with a form like GET', async () => {
    const response = await fetch(`${sandbox.url}/slack/api/conversations.list`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'types=private_channel&limit=1',
    });
    const body = (await response.json()) as { ok: boolean; channels: Channel[] };
    expect(body.ok).toBe(true);
    expect(body.channels.map((c) => c.name)).toEqual(['design-reviews']);
  });

  it('should refuse bad arguments with Slack’s errors', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ cursor: 'bm90LWEtY3Vyc29y' }, 'invalid_cursor'],
      [{ cursor: '%%%' }, 'invalid_cursor'],
      [{ limit: '0' }, 'invalid_limit'],
      [{ limit: '1001' }, 'invalid_limit'],
      [{ limit: 'ten' }, 'invalid_limit'],
      [{ types: 'public_channel,dm' }, 'invalid_types'],
      [{ types: 'im' }, 'missing_scope'],
    ];
    for (const [args, error] of cases) {
      expect({ args, error: (await failed(await call('conversations.list', args)))['error'] }).toEqual({ args, error });
    }
  });
});

describe('conversations.history', () => {
  it('should page through a channel newest first with has_more and next_cursor, every message once', async () => {
    const summary = (await control<Summary>('/data')).body;
    for (const channel of summary.perChannel) {
      const pages = await allMessages(channel.id, { limit: '15' });
      const messages = pages.flat();
      expect({ channel: channel.name, count: messages.length }).toEqual({
        channel: channel.name,
        count: channel.messages,
      });
      expect(pages.slice(0, -1).every((p) => p.length === 15)).toBe(true);
      const stamps = messages.map((m) => m.ts);
      expect(new Set(stamps).size).toBe(stamps.length);
      expect(stamps).toEqual([...stamps].sort().reverse());
    }
    const first = await ok<HistoryAnswer>('conversations.history', { channel: 'C07SBX0GNRL', limit: '5' });
    expect(Buffer.from(first.response_metadata?.next_cursor ?? '', 'base64').toString()).toMatch(/^next_ts:\d{16}$/);
    expect(first).toMatchObject({ pin_count: 0, has_more: true });
  });

  it('should read public channels the user is not in, but no unknown channel', async () => {
    await ok('conversations.history', { channel: 'C07SBX7SLES' });
    for (const args of [{ channel: 'C0NOTTHERE1' }, {}] as Record<string, string>[]) {
      expect(await failed(await call('conversations.history', args))).toEqual({
        ok: false,
        error: 'channel_not_found',
      });
    }
  });

  it('should honour oldest and latest, exclusive unless inclusive', async () => {
    const all = (await allMessages('C07SBX2ENGR', { limit: '200' })).flat();
    const [newest, second, third] = all;
    const since = (await allMessages('C07SBX2ENGR', { oldest: third.ts })).flat();
    expect(since.map((m) => m.ts)).toEqual([newest.ts, second.ts]);
    const inclusive = (await allMessages('C07SBX2ENGR', { oldest: third.ts, inclusive: 'true' })).flat();
    expect(inclusive.map((m) => m.ts)).toEqual([newest.ts, second.ts, third.ts]);
    const between = (await allMessages('C07SBX2ENGR', { oldest: third.ts, latest: newest.ts })).flat();
    expect(between.map((m) => m.ts)).toEqual([second.ts]);
    const seconds = (await allMessages('C07SBX2ENGR', { oldest: third.ts.split('.')[0] })).flat();
    expect(seconds.map((m) => m.ts)).toEqual([newest.ts, second.ts, third.ts]);
    expect(
      (await failed(await call('conversations.history', { channel: 'C07SBX2ENGR', oldest: 'yesterday' })))['error'],
    ).toBe('invalid_ts_oldest');
    expect(
      (await failed(await call('conversations.history', { channel: 'C07SBX2ENGR', limit: '1000' })))['error'],
    ).toBe('invalid_limit');
  });
});

describe('POST /_sandbox/slack/mutate', () => {
  /** Newest ts per member channel, as a sync token would keep it. */
  async function newestPerChannel(): Promise<Map<string, string>> {
    const summary = (await control<Summary>('/data')).body;
    const newest = new Map<string, string>();
    for (const channel of summary.perChannel.filter((c) => c.is_member)) {
      const answer = await ok<HistoryAnswer>('conversations.history', { channel: channel.id, limit: '1' });
      newest.set(channel.id, answer.messages[0].ts);
    }
    return newest;
  }

  it('should add, edit and deletes messages, answering what the next incremental sync counts', async () => {
    const before = await control<Summary>('/data');
    expect(before.body).toMatchObject({ seed: 1, channels: 8, memberChannels: 7 });
    const newest = await newestPerChannel();
    const everything = async () =>
      new Map(
        (
          await Promise.all(
            [...newest.keys()].map(async (id) =>
              (await allMessages(id, { limit: '200' })).flat().map((m) => [`${id}:${m.ts}`, m] as const),
            ),
          )
        ).flat(),
      );
    const original = await everything();

    const mutated = await control('/mutate', { added: 2, updated: 1, deleted: 1 });
    expect(mutated).toEqual({
      status: 200,
      body: {
        expected: {
          channels: { added: 0, updated: 0, deleted: 0 },
          messages: { added: 2, updated: 0, deleted: 0 },
        },
      },
    });
    // What a changes run reads: only the two new messages.
    let newer = 0;
    for (const [channel, ts] of newest) newer += (await allMessages(channel, { oldest: ts })).flat().length;
    expect(newer).toBe(2);
    // What only a full pass sees: one message edited (same ts, `edited`), one gone.
    const now = await everything();
    const changed = [...now].filter(
      ([id, m]) => original.has(id) && JSON.stringify(original.get(id)) !== JSON.stringify(m),
    );
    expect(changed).toHaveLength(1);
    expect(changed[0][1].edited).toEqual({ user: expect.stringMatching(/^U/), ts: expect.any(String) });
    expect([...original.keys()].filter((id) => !now.has(id))).toHaveLength(1);
    expect((await control<Summary>('/data')).body.messages.total).toBe(before.body.messages.total + 1);
  });

  it('should default missing counts to 0, and reset brings back the start-up data', async () => {
    const original = (await control<Summary>('/data')).body;
    expect((await control('/mutate', {})).body).toEqual({
      expected: { channels: { added: 0, updated: 0, deleted: 0 }, messages: { added: 0, updated: 0, deleted: 0 } },
    });
    await control('/mutate', { added: 40, deleted: 10 });
    expect((await control<Summary>('/data')).body.messages.total).toBe(original.messages.total + 30);
    await fetch(`${sandbox.url}/_sandbox/reset`, { method: 'POST' });
    expect((await control<Summary>('/data')).body).toEqual(original);
  });

  it('should refuse bad input with 400 and change nothing', async () => {
    const original = (await control<Summary>('/data')).body;
    for (const body of [
      { added: -1 },
      { added: 1001 },
      { updated: 2.5 },
      { deleted: '1' },
      { added: 1, removed: 1 },
      [1],
      { deleted: 1000 },
    ]) {
      const answer = await control<{ error: string; message: string }>('/mutate', body);
      expect({ body, status: answer.status }).toEqual({ body, status: 400 });
      expect(answer.body).toEqual({ error: 'invalid_request', message: expect.any(String) });
    }
    expect((await control<Summary>('/data')).body).toEqual(original);
  });
});

describe('rate tiers', () => {
  /** A sandbox whose Slack holds methods to their tiers (and, when asked, a non-Marketplace app's limits). */
  async function limited(options: { nonMarketplace?: number }) {
    const limitedSandbox = await startSandbox({
      port: 0,
      only: ['slack'],
      providers: { slack: { rateTiers: 1, minuteMs: 60_000, ...options } },
    });
    const accessToken = (await connectSlack(limitedSandbox.url, ALL_SCOPES)).accessToken;
    const send = (method: string, args: Record<string, string> = {}) =>
      fetch(`${limitedSandbox.url}/slack/api/${method}?${new URLSearchParams(args)}`, {
        headers: { authorization: `Bearer ${accessToken}` },
      });
    return { sandbox: limitedSandbox, send };
  }

  it('should hold each method to its tier: conversations.list (Tier 2) 20 a minute, then 429 with Retry-After', async () => {
    const { sandbox: tiered, send } = await limited({});
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) {
        const answer = await send('conversations.list');
        statuses.push(answer.status);
        await answer.arrayBuffer();
      }
      expect(statuses.every((status) => status === 200)).toBe(true);
      const over = await send('conversations.list');
      expect(over.status).toBe(429);
      expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(50);
      expect(Number(over.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      expect(await over.json()).toEqual({ ok: false, error: 'ratelimited' });
      // Another method has its own allowance.
      expect((await send('conversations.history', { channel: 'C07SBX0GNRL' })).status).toBe(200);
    } finally {
      await tiered.close();
    }
  });

  it('should give a non-Marketplace app 1 conversations.history a minute, at most 15 messages whatever the limit', async () => {
    const { sandbox: strict, send } = await limited({ nonMarketplace: 1 });
    try {
      const first = await send('conversations.history', { channel: 'C07SBX0GNRL', limit: '200' });
      const body = (await first.json()) as HistoryAnswer;
      expect(body.messages).toHaveLength(15);
      expect(body.has_more).toBe(true);
      const second = await send('conversations.history', { channel: 'C07SBX0GNRL', limit: '200' });
      expect(second.status).toBe(429);
      expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(50);
      expect(await second.json()).toEqual({ ok: false, error: 'ratelimited' });
      // conversations.list keeps its Tier 2.
      expect((await send('conversations.list')).status).toBe(200);
    } finally {
      await strict.close();
    }
  });
});

describe('errors', () => {
  it('should answer rate limits with 429, Retry-After and ratelimited, and send no other rate-limit headers', async () => {
    await fetch(`${sandbox.url}/_sandbox/config`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rateLimitPerMinute: 2 }),
    });
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 3; i++) {
      last = await call('auth.test');
      statuses.push(last.status);
      expect(last.headers.get('x-ratelimit-limit')).toBeNull();
      if (i < 2) await last.arrayBuffer();
    }
    expect(statuses).toEqual([200, 200, 429]);
    expect(Number(last?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await last?.json()).toEqual({ ok: false, error: 'ratelimited' });
  });

  it('should write injected faults in Slack’s shape: 5xx for server errors, HTTP 200 otherwise', async () => {
    const inject = (status: number) =>
      fetch(`${sandbox.url}/_sandbox/slack/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ status, times: 1, pathPrefix: '/conversations.history' }),
      });
    const cases: [number, number, string][] = [
      [500, 500, 'internal_error'],
      [503, 503, 'service_unavailable'],
      [401, 200, 'invalid_auth'],
      [403, 200, 'missing_scope'],
    ];
    // An injected 429 says how long to wait too, as Slack's always do.
    await fetch(`${sandbox.url}/_sandbox/slack/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 429, times: 1, pathPrefix: '/conversations.history' }),
    });
    const limitedAnswer = await call('conversations.history', { channel: 'C07SBX0GNRL' });
    expect(limitedAnswer.status).toBe(429);
    expect(Number(limitedAnswer.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await limitedAnswer.json()).toEqual({ ok: false, error: 'ratelimited' });
    for (const [status, httpStatus, error] of cases) {
      await inject(status);
      expect(await failed(await call('conversations.history', { channel: 'C07SBX0GNRL' }), httpStatus)).toEqual({
        ok: false,
        error,
      });
    }
    await ok('conversations.history', { channel: 'C07SBX0GNRL' });
  });

  it('should answer unknown methods with unknown_method', async () => {
    expect(await failed(await call('chat.postMessage'))).toEqual({ ok: false, error: 'unknown_method' });
  });
});
