import type { SyncPage } from '@hub/server/integrations/core';
import { SLACK_MANIFEST, SlackProvider } from '@hub/server/integrations/slack';
import { type RunningSandbox, startSandbox } from '../../start-sandbox';
import { baseUrls, sandboxControl, syncPages } from '../../testing/emulation-harness';
import type { SlackWorkspace } from './slack-data';
import { connectSlack, slackOAuthClient } from './slack-oauth.testing';

/**
 * The hub's real SlackProvider, unchanged but for its base URL (and, where said, its pacing), against
 * the sandbox: a user token from the OAuth v2 flow as the hub asks for it (manifest scopes in
 * `user_scope`), "connected as", full syncs of channels and messages, mutate, and an incremental
 * messages sync whose counts match what mutate said.
 */
type Summary = ReturnType<SlackWorkspace['summary']>;

let sandbox: RunningSandbox;
let credentials: { accessToken: string };
let refreshToken: string;

const auth = SLACK_MANIFEST.auth;
if (auth.kind !== 'oauth2') throw new Error('Slack connects with OAuth');
const userScope = auth.scopes.join(auth.scopeSeparator ?? ' ');

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, only: ['slack'] });
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  await fetch(`${sandbox.url}/_sandbox/reset`, { method: 'POST' });
  const connected = await connectSlack(sandbox.url, userScope);
  credentials = { accessToken: connected.accessToken };
  refreshToken = connected.refreshToken;
});

/** The provider at the sandbox; unpaced unless `paced` (the default pacing is seconds per call). */
function slack(options: { paced?: boolean; pageSize?: number } = {}): SlackProvider {
  const provider = new SlackProvider(baseUrls(sandbox, 'slack'));
  return provider.withOptions({
    ...(options.paced ? {} : { methodIntervalsMs: {} }),
    ...(options.pageSize ? { pageSize: options.pageSize } : {}),
  });
}

const sync = (provider: SlackProvider, resource: string, cursor: string | null = null) =>
  syncPages(provider, { credentials, resource, cursor });

const recordsOf = (pages: readonly SyncPage[]) =>
  new Map(pages.flatMap((p) => p.records.map((r) => [r.externalId, r.data] as const)));

const control = <T>(path: string, body?: unknown) => sandboxControl<T>(sandbox, 'slack', path, body);

it('should connect, describe the workspace, sync everything, and after mutate syncs exactly the expected changes', async () => {
  const provider = slack({ pageSize: 25 });
  expect(await provider.getAccountInfo({ credentials })).toEqual({
    externalAccountId: 'T07SBXHUB01',
    displayName: 'Sandbox Hub',
    workspaceName: 'Sandbox Hub',
    url: 'https://sandbox-hub.slack.com',
    details: { domain: 'sandbox-hub', user: 'sandbox.user' },
  });
  const summary = await control<Summary>('/data');

  // Channels: a full pass every run, no sync token.
  const channelPages = await sync(provider, 'channels');
  const channels = recordsOf(channelPages);
  expect(channels.size).toBe(summary.channels);
  expect(channelPages.every((p) => p.syncToken === undefined)).toBe(true);
  expect(channelPages.at(-1)?.nextCursor).toBeNull();

  // Messages: every message of the member channels, in pages of at most 25, then a sync token.
  const full = await sync(provider, 'messages');
  const messages = recordsOf(full);
  expect(full.flatMap((p) => p.records)).toHaveLength(summary.messages.inMemberChannels);
  expect(messages.size).toBe(summary.messages.inMemberChannels);
  expect(full.length).toBeGreaterThan(summary.memberChannels);
  expect(full.every((p) => p.records.length <= 25)).toBe(true);
  const outside = summary.perChannel.find((c) => !c.is_member) as Summary['perChannel'][number];
  expect([...messages.keys()].some((id) => id.startsWith(`${outside.id}:`))).toBe(false);
  const token = full.at(-1)?.syncToken;
  expect(token).toEqual(expect.any(String));
  expect(JSON.stringify(full)).not.toContain(credentials.accessToken);
  expect(messages.get([...messages.keys()][0])).toEqual(
    expect.objectContaining({
      channel: expect.any(String),
      ts: expect.any(String),
      type: 'message',
      text: expect.any(String),
    }),
  );

  // Nothing changed: a run from the token reads nothing.
  const idle = await sync(provider, 'messages', token as string);
  expect(idle.flatMap((p) => p.records)).toEqual([]);

  const { expected } = await control<{ expected: Record<string, { added: number; updated: number; deleted: number }> }>(
    '/mutate',
    { added: 2, updated: 1, deleted: 1 },
  );

  // The next sync, resource by resource, counts what mutate said: channels again in full, messages
  // from the token.
  const channelsAgain = recordsOf(await sync(provider, 'channels'));
  expect(countChanges(channels, channelsAgain, true)).toEqual(expected['channels']);
  const changes = await sync(provider, 'messages', token as string);
  const changed = recordsOf(changes);
  expect({
    added: [...changed.keys()].filter((id) => !messages.has(id)).length,
    updated: [...changed.keys()].filter((id) => messages.has(id)).length,
    deleted: changes.flatMap((p) => p.deletedIds ?? []).length,
  }).toEqual(expected['messages']);
  expect(expected['messages']).toEqual({ added: 2, updated: 0, deleted: 0 });
  expect(changes.at(-1)).toMatchObject({ nextCursor: null, syncToken: expect.any(String) });

  // The documented limit: the edit and the deletion are seen by the next full pass only.
  const fullAgain = recordsOf(await sync(provider, 'messages'));
  expect(countChanges(messages, fullAgain, true)).toEqual({ added: 2, updated: 1, deleted: 1 });
});

it('should resume a messages pass from any page’s cursor without reading a page twice', async () => {
  const provider = slack({ pageSize: 30 });
  const pages = await sync(provider, 'messages');
  const ids = pages.flatMap((p) => p.records.map((r) => r.externalId));
  for (const index of [0, Math.floor(pages.length / 2), pages.length - 2]) {
    const resumed = await sync(provider, 'messages', pages[index].nextCursor);
    expect(resumed.flatMap((p) => p.records.map((r) => r.externalId))).toEqual(
      pages.slice(index + 1).flatMap((p) => p.records.map((r) => r.externalId)),
    );
  }
  expect(new Set(ids).size).toBe(ids.length);
});

it('should map the sandbox’s failures: expired token, missing scope, rate limit, server error', async () => {
  const provider = slack();
  await fetch(`${sandbox.url}/_sandbox/slack/expire-access-tokens`, { method: 'POST' });
  const expired = await provider.getAccountInfo({ credentials }).catch((e: unknown) => e);
  expect(provider.toIntegrationError(expired).code).toBe('AUTH_REVOKED');

  // Token rotation: the flat refresh answer carries a working token at its top level.
  const refreshed = await slackOAuthClient(sandbox.url).refresh(refreshToken);
  credentials = { accessToken: refreshed.body.access_token as string };
  expect((await provider.getAccountInfo({ credentials })).externalAccountId).toBe('T07SBXHUB01');

  // A grant without groups:history cannot read private channels.
  const narrow = await connectSlack(sandbox.url, userScope, ['channels:read', 'channels:history', 'groups:read']);
  credentials = { accessToken: narrow.accessToken };
  const missing = provider.toIntegrationError(await sync(provider, 'messages').catch((e: unknown) => e));
  expect(missing.code).toBe('INSUFFICIENT_SCOPE');
  expect(missing.message).toContain('groups:history');

  const cases: [Record<string, number>, string, number | undefined][] = [
    [{ status: 429, retryAfterSeconds: 7 }, 'RATE_LIMITED', 7000],
    [{ status: 503 }, 'TEMPORARY', undefined],
    [{ status: 401 }, 'AUTH_REVOKED', undefined],
  ];
  for (const [fault, code, retryAfterMs] of cases) {
    await fetch(`${sandbox.url}/_sandbox/slack/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...fault, times: 1, pathPrefix: '/conversations.list' }),
    });
    const mapped = provider.toIntegrationError(await sync(provider, 'channels').catch((e: unknown) => e));
    expect({ fault, code: mapped.code, retryAfterMs: mapped.options.retryAfterMs }).toEqual({
      fault,
      code,
      retryAfterMs,
    });
  }
});

it('should pace conversations.history and conversations.list by default', async () => {
  const provider = slack({ paced: true });
  const iterator = provider
    .sync({ credentials, resource: 'messages', cursor: null, selection: [], signal: new AbortController().signal })
    [Symbol.asyncIterator]();
  await iterator.next();
  await iterator.next();
  await iterator.return?.();
  await sync(provider, 'channels');
  const log = (await (await fetch(`${sandbox.url}/_sandbox/slack/requests`)).json()) as { at: number; path: string }[];
  const times = (path: string) =>
    log
      .filter((r) => r.path === path)
      .map((r) => r.at)
      .sort((a, b) => a - b);
  const history = times('/conversations.history');
  const list = times('/conversations.list');
  expect(history).toHaveLength(2);
  expect(list).toHaveLength(2);
  expect(history[1] - history[0]).toBeGreaterThanOrEqual(1150);
  expect(list[1] - list[0]).toBeGreaterThanOrEqual(2950);
}, 20_000);

it('should take token_expired as a token to refresh (AUTH_REVOKED), and a refresh token past its end as invalid_grant', async () => {
  const provider = slack();
  await control('/expire-access-tokens', {});
  const expired = await provider.getAccountInfo({ credentials }).catch((e: unknown) => e);
  // Slack's word for a rotated token past its time; the hub refreshes once on AUTH_REVOKED, then retries.
  expect(expired).toMatchObject({ code: 'token_expired' });
  expect(provider.toIntegrationError(expired).code).toBe('AUTH_REVOKED');
  const refreshed = await slackOAuthClient(sandbox.url).refresh(refreshToken);
  credentials = { accessToken: refreshed.body.access_token as string };
  expect((await provider.getAccountInfo({ credentials })).externalAccountId).toBe('T07SBXHUB01');

  // When the refresh itself fails (invalid_grant), the connection needs a person (TOKEN_REFRESH_POLICY).
  await control('/expire-access-tokens', {});
  await control('/expire-refresh-tokens', {});
  expect(await slackOAuthClient(sandbox.url).refresh(refreshed.body.refresh_token as string)).toMatchObject({
    status: 400,
    body: { error: 'invalid_grant' },
  });
});

it('should finish a messages pass of a non-Marketplace app (1 history call a minute, 15 messages), waiting as Retry-After says', async () => {
  // The last member channel's cursor, from a pass of the unlimited sandbox (the same seed, the same data).
  const pages = await sync(slack({ pageSize: 200 }), 'messages');
  const lastChannel = pages.at(-1)?.records.map((r) => r.externalId) ?? [];
  expect(lastChannel.length).toBeGreaterThan(30);

  const strict = await startSandbox({
    port: 0,
    only: ['slack'],
    providers: { slack: { nonMarketplace: 1, minuteMs: 1000 } },
  });
  try {
    const connected = await connectSlack(strict.url, userScope);
    const provider = new SlackProvider(baseUrls(strict, 'slack')).withOptions({ methodIntervalsMs: {}, pageSize: 200 });
    const run = await syncWithBackoff(
      provider,
      { accessToken: connected.accessToken },
      pages.at(-2)?.nextCursor ?? null,
    );
    expect(new Set(run.pages.flatMap((p) => p.records.map((r) => r.externalId)))).toEqual(new Set(lastChannel));
    expect(run.pages.every((p) => p.records.length <= 15)).toBe(true);
    expect(run.pages.at(-1)).toMatchObject({ nextCursor: null, syncToken: expect.any(String) });
    // It was held back, and every wait was Slack's Retry-After (1 s on this one-second "minute"), each
    // after progress: a page came between two waits.
    expect(run.events.filter((e) => e === 'wait').length).toBeGreaterThan(0);
    expect(run.waits.every((ms) => ms === 1000)).toBe(true);
    expect(run.events.join(' ')).not.toContain('wait wait');
  } finally {
    await strict.close();
  }
}, 30_000);

/**
 * A pass as the hub's runner makes it: each page kept with its cursor; on RATE_LIMITED, a wait of
 * `retryAfterMs` (a delay, not a failed attempt), then on from the last cursor.
 */
async function syncWithBackoff(provider: SlackProvider, given: { accessToken: string }, cursor: string | null) {
  const pages: SyncPage[] = [];
  const waits: number[] = [];
  const events: ('page' | 'wait')[] = [];
  let from = cursor;
  for (;;) {
    try {
      for await (const page of provider.sync({
        credentials: given,
        resource: 'messages',
        cursor: from,
        selection: [],
        signal: new AbortController().signal,
      })) {
        pages.push(page);
        events.push('page');
        from = page.nextCursor;
      }
      return { pages, waits, events };
    } catch (error) {
      const mapped = provider.toIntegrationError(error);
      if (mapped.code !== 'RATE_LIMITED' || mapped.options.retryAfterMs === undefined) throw error;
      waits.push(mapped.options.retryAfterMs);
      events.push('wait');
      await new Promise((resolve) => setTimeout(resolve, mapped.options.retryAfterMs));
    }
  }
}

/** Added, updated (data differs) and, for a full pass, deleted records between two syncs. */
function countChanges(
  before: ReadonlyMap<string, unknown>,
  after: ReadonlyMap<string, unknown>,
  fullPass: boolean,
): { added: number; updated: number; deleted: number } {
  return {
    added: [...after.keys()].filter((id) => !before.has(id)).length,
    updated: [...after.keys()].filter(
      (id) => before.has(id) && JSON.stringify(before.get(id)) !== JSON.stringify(after.get(id)),
    ).length,
    deleted: fullPass ? [...before.keys()].filter((id) => !after.has(id)).length : 0,
  };
}
