import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import {
  encodeCursor,
  IntegrationError,
  MICROSOFT_CONSUMERS_TENANT_ID,
  PROVIDER_BASE_URLS,
  ProviderApiError,
  type SyncPage,
} from '@hub/server/integrations/core';
import {
  collect,
  type FixtureHandler,
  type FixtureRequest,
  type FixtureResponse,
  type FixtureServer,
  startFixtureServer,
} from '@hub/server/integrations/core/testing';
import { toMicrosoftTeamsIntegrationError } from './microsoft-teams-errors';
import { MicrosoftTeamsProvider } from './microsoft-teams.provider';
import { TeamPacer } from './team-pacer';

const fixtureText = (name: string): string => readFileSync(join(__dirname, 'fixtures', name), 'utf8');
const fixture = <T = unknown>(name: string): T => JSON.parse(fixtureText(name)) as T;
const CLAIMS = fixture<Record<string, unknown>>('id-token-claims.json');
const idToken = (claims: unknown = CLAIMS): string =>
  [{ alg: 'RS256', typ: 'JWT' }, claims]
    .map((part) => Buffer.from(JSON.stringify(part)).toString('base64url'))
    .concat('c2lnbmF0dXJl')
    .join('.');
const TOKEN = 'EwBwA8l6BAAUbDba3x2OMJElkF7gJ4z-teams-access-token';
const credentials = { accessToken: TOKEN, idToken: idToken() };
const PERSONAL = idToken({
  ...CLAIMS,
  tid: MICROSOFT_CONSUMERS_TENANT_ID,
  oid: '00000000-0000-0000-c619-99d1268efafa',
});

const TEAM = 'fbe2bf47-16c8-47cf-b4a5-4b9b187c508b';
const OTHER_TEAM = '172b0cce-e65d-44ce-9a49-91d9f2e8493a';
const CHANNEL = '19:4a95f7d8db4c4e7fae857bcebe0623e6@thread.tacv2';
const OTHER_CHANNEL = '19:561fbdbbfca848a484f0a6f00ce9dbbd@thread.tacv2';
const DELTA_PATH = `/teams/${TEAM}/channels/${CHANNEL}/messages/delta`;
const key = (id: string, channel = CHANNEL) => `${channel}/${id}`;

let server: FixtureServer;
let provider: MicrosoftTeamsProvider;

beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  provider = new MicrosoftTeamsProvider().withOptions({ apiBaseUrl: server.url, pageSize: 50, requestIntervalMs: 0 });
});

const run = (
  cursor: string | null,
  resource = 'channel-messages',
  signal = new AbortController().signal,
  creds = credentials,
) => collect(provider.sync({ credentials: creds, resource, cursor, selection: [], signal }));
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => Promise.reject(new Error('expected a failure')),
    (e: unknown) => e,
  );
const mappedFailure = async (promise: Promise<unknown>) => provider.toIntegrationError(await failure(promise));
const paths = () => server.requests.map((r) => r.path);
const link = (pathAndQuery: string) => `${server.url}${pathAndQuery}`;
const records = (pages: readonly SyncPage[]) => pages.flatMap((p) => p.records.map((r) => r.externalId));
const deleted = (pages: readonly SyncPage[]) => pages.flatMap((p) => p.deletedIds ?? []);

/** A root message (or a reply to `replyTo`) shaped as chatmessage-delta documents it. */
function message(id: string, extra: Record<string, unknown> = {}, replyTo?: string): Record<string, unknown> {
  const at = new Date(Number(id)).toISOString();
  return {
    '@odata.type': '#microsoft.graph.chatMessage',
    id,
    replyToId: replyTo ?? null,
    etag: id,
    messageType: 'message',
    createdDateTime: at,
    lastModifiedDateTime: at,
    lastEditedDateTime: null,
    deletedDateTime: null,
    subject: null,
    importance: 'normal',
    webUrl: `https://teams.microsoft.com/l/message/${encodeURIComponent(CHANNEL)}/${id}`,
    from: {
      application: null,
      device: null,
      user: { id: '8ea0e38b-efb3-4757-924a-5f94061cf8c2', displayName: 'Robin Kline' },
    },
    body: { contentType: 'text', content: `message ${id}` },
    attachments: [],
    reactions: [],
    ...extra,
  };
}

interface World {
  teams?: unknown;
  channels?: Record<string, unknown[]>;
  /** Delta answers by channel: the first request's, then by link token. */
  delta?: Record<string, unknown>;
  replies?: Record<string, unknown>;
}

/** A tenant: teams, channels, and answers by path, with Graph's links on the fixture server. */
function world(w: World): FixtureHandler {
  return (request: FixtureRequest): FixtureResponse => {
    const { path, query } = request;
    if (path === '/me/joinedTeams') {
      return { body: w.teams ?? { value: [{ id: TEAM, displayName: 'Mark 8 Project Team', description: null }] } };
    }
    const channels = /^\/teams\/([^/]+)\/channels$/.exec(path);
    if (channels) {
      const list = w.channels?.[channels[1]] ?? (channels[1] === TEAM ? [{ id: CHANNEL, displayName: 'General' }] : []);
      return { body: { value: list } };
    }
    const answer = path.endsWith('/delta')
      ? w.delta?.[`${path}?${query.get('$deltatoken') ?? query.get('$skiptoken') ?? 'first'}`]
      : w.replies?.[`${path}?${query.get('$skiptoken') ?? 'first'}`];
    if (answer === undefined) return { status: 404, body: fixture('error-404.json') };
    if (typeof answer === 'object' && answer !== null && 'status' in answer) return answer as FixtureResponse;
    return { body: answer };
  };
}
const deltaBody = (value: unknown[], token: string, next = false) => ({
  value,
  [next ? '@odata.nextLink' : '@odata.deltaLink']: link(
    `${DELTA_PATH}?${next ? '$skiptoken' : '$deltatoken'}=${token}`,
  ),
});
const first = (path = DELTA_PATH) => `${path}?first`;
const at = (token: string, path = DELTA_PATH) => `${path}?${token}`;

describe('getAccountInfo', () => {
  const answers: FixtureHandler = ({ path }) => {
    if (path === '/me') return { body: fixture('me.json') };
    if (path === '/organization') return { body: fixture('organization.json') };
    if (path === '/me/joinedTeams') return { body: fixture('joined-teams.json') };
    return { status: 404, body: fixture('error-404.json') };
  };

  it('should key a work account by tid:oid and describe it with its organization and number of teams', async () => {
    server.answer(answers);
    expect(await provider.getAccountInfo({ credentials })).toEqual({
      externalAccountId: '84841066-274d-4ec0-a5c1-276be684bdd3:87d349ed-44d7-43e1-9a83-5f2406dee5bd',
      displayName: 'Adele Vance',
      email: 'AdeleV@contoso.com',
      workspaceName: 'Contoso',
      url: 'https://teams.microsoft.com/',
      details: { accountType: 'work or school account', organization: 'Contoso', teams: 2 },
    });
    expect(server.requests.map((r) => [r.path, r.query.get('$select')])).toEqual([
      ['/me', 'id,displayName,mail,userPrincipalName'],
      ['/organization', 'id,displayName'],
      ['/me/joinedTeams', null],
    ]);
    for (const request of server.requests) expect(request.headers['authorization']).toBe(`Bearer ${TOKEN}`);
  });

  it('should refuse a personal Microsoft account with a clear message before calling Graph', async () => {
    server.answer(answers);
    const error = await failure(provider.getAccountInfo({ credentials: { accessToken: TOKEN, idToken: PERSONAL } }));
    expect(error).toBeInstanceOf(IntegrationError);
    expect(error).toMatchObject({ code: 'INVALID_CONFIG' });
    expect((error as Error).message).toContain(
      'Microsoft Teams works with work or school accounts only; personal Microsoft accounts have no Teams API',
    );
    expect((error as IntegrationError).retryable).toBe(false);
    expect(server.requests).toHaveLength(0);
  });

  it('should refuse credentials without an access token or a usable ID token, without calling Graph', async () => {
    await expect(provider.getAccountInfo({ credentials: { idToken: idToken() } })).rejects.toMatchObject({
      code: 'AUTH_REVOKED',
    });
    await expect(provider.getAccountInfo({ credentials: { accessToken: TOKEN } })).rejects.toMatchObject({
      code: 'INVALID_CONFIG',
    });
    await expect(
      provider.getAccountInfo({ credentials: { accessToken: TOKEN, idToken: idToken({ ...CLAIMS, tid: 'contoso' }) } }),
    ).rejects.toMatchObject({ code: 'INVALID_CONFIG' });
    expect(server.requests).toHaveLength(0);
  });
});

describe('the channels resource', () => {
  it('should make records of the teams, then of each team’s channels, keyed team/channel', async () => {
    server.answer((request) => {
      if (request.path === '/me/joinedTeams') return { body: fixture('joined-teams.json') };
      if (request.path === `/teams/${OTHER_TEAM}/channels`) return { body: fixture('channels-contoso.json') };
      return { body: fixture('channels-mark8.json') };
    });
    const pages = await run(null, 'channels');
    expect(pages.map((p) => p.records.map((r) => r.externalId))).toEqual([
      [OTHER_TEAM, TEAM],
      [`${OTHER_TEAM}/${OTHER_CHANNEL}`],
      [`${TEAM}/${CHANNEL}`, `${TEAM}/19:8e3c2a1ba4f64f0d9b7b1c5d2e6f7a80@thread.tacv2`],
    ]);
    expect(pages[0].records[1].data).toEqual({
      type: 'team',
      name: 'Mark 8 Project Team',
      description: 'Welcome to the team that we have assembled to create the Mark 8.',
    });
    expect(pages[2].records[1].data).toEqual({
      type: 'channel',
      channelId: '19:8e3c2a1ba4f64f0d9b7b1c5d2e6f7a80@thread.tacv2',
      teamId: TEAM,
      teamName: 'Mark 8 Project Team',
      name: 'Design',
      description: 'Private channel for the product design',
      membershipType: 'private',
      createdDateTime: '2020-12-01T16:10:45.012Z',
      webUrl: expect.stringMatching(/^https:\/\/teams\.microsoft\.com\/l\/channel\//),
    });
    // Graph's documentation writes channel ids into paths as they are.
    expect(paths()).toEqual(['/me/joinedTeams', `/teams/${OTHER_TEAM}/channels`, `/teams/${TEAM}/channels`]);
    expect(server.requests[0].headers['prefer']).toBe('odata.maxpagesize=50');
  });

  it('should follow joinedTeams’ next link and refuse a team without an id (UNKNOWN)', async () => {
    server.answer(({ query }) => ({
      body: query.has('page')
        ? { value: [{ id: OTHER_TEAM, displayName: 'Contoso Team' }] }
        : { value: [{ id: TEAM, displayName: 'Mark 8' }], '@odata.nextLink': link('/me/joinedTeams?page=2') },
    }));
    const teamsPage = (await run(null, 'channels'))[0];
    expect(teamsPage.records.map((r) => r.externalId)).toEqual([OTHER_TEAM, TEAM]);
    server.answer(() => ({ body: { value: [{ displayName: 'No id' }] } }));
    expect((await mappedFailure(run(null, 'channels'))).code).toBe('UNKNOWN');
  });

  it('should resume after a team that is gone with the next team in id order', async () => {
    server.answer((request) =>
      request.path === '/me/joinedTeams'
        ? { body: fixture('joined-teams.json') }
        : { body: { value: [{ id: CHANNEL, displayName: 'General' }] } },
    );
    const cursor = encodeCursor({ v: 1, kind: 'channels', team: '80000000-0000-0000-0000-000000000000', skip: 1 });
    const pages = await run(cursor, 'channels');
    expect(records(pages)).toEqual([`${TEAM}/${CHANNEL}`]);
  });
});

describe('channel messages: the full round', () => {
  it('should ask delta for 50 posts with their replies and make records of posts and replies', async () => {
    server.answer(
      world({
        delta: {
          [first()]: deltaBody(
            [
              message('1700000000000', {
                replies: [message('1700000300000', {}, '1700000000000'), message('1700000100000', {}, '1700000000000')],
              }),
            ],
            'd1',
          ),
        },
      }),
    );
    const pages = await run(null);
    const delta = server.requests.find((r) => r.path === DELTA_PATH);
    expect(Object.fromEntries(delta?.query ?? [])).toEqual({ $top: '50', $expand: 'replies' });
    expect(records(pages)).toEqual([key('1700000000000'), key('1700000300000'), key('1700000100000')]);
    expect(pages[0].records[0].data).toEqual({
      teamId: TEAM,
      channelId: CHANNEL,
      threadId: '1700000000000',
      isReply: false,
      messageType: 'message',
      from: { displayName: 'Robin Kline', userId: '8ea0e38b-efb3-4757-924a-5f94061cf8c2' },
      createdDateTime: '2023-11-14T22:13:20.000Z',
      lastModifiedDateTime: '2023-11-14T22:13:20.000Z',
      importance: 'normal',
      contentType: 'text',
      content: 'message 1700000000000',
      attachments: 0,
      reactions: 0,
      webUrl: expect.stringMatching(/^https:\/\/teams\.microsoft\.com\//),
    });
    expect(pages[0].records[1].data).toMatchObject({ threadId: '1700000000000', isReply: true });
    expect(JSON.stringify(pages)).not.toContain(TOKEN);
    expect(paths().some((p) => p.includes('getAllMessages'))).toBe(false);
  });

  it('should make soft-deleted messages (deletedDateTime) and @removed ones deletedIds', async () => {
    server.answer(
      world({
        delta: {
          [first()]: deltaBody(
            [
              message('1700000000000', {
                deletedDateTime: '2023-11-15T08:00:00Z',
                body: { contentType: 'text', content: '' },
              }),
              { id: '1700000001000', '@removed': { reason: 'deleted' } },
              message('1700000002000', {
                replies: [message('1700000003000', { deletedDateTime: '2023-11-15T09:00:00Z' }, '1700000002000')],
              }),
            ],
            'd1',
          ),
        },
      }),
    );
    const pages = await run(null);
    expect(records(pages)).toEqual([key('1700000002000')]);
    expect(deleted(pages)).toEqual([key('1700000000000'), key('1700000001000'), key('1700000003000')]);
  });

  it('should keep the last occurrence of a post that appears twice in an answer', async () => {
    server.answer(
      world({
        delta: {
          [first()]: deltaBody(
            [
              message('1700000000000', { body: { contentType: 'text', content: 'draft' } }),
              message('1700000001000'),
              message('1700000000000', { body: { contentType: 'text', content: 'final' } }),
            ],
            'd1',
          ),
        },
      }),
    );
    const pages = await run(null);
    expect(pages[0].records.map((r) => [r.externalId, r.data['content']])).toEqual([
      [key('1700000001000'), 'message 1700000001000'],
      [key('1700000000000'), 'final'],
    ]);
  });

  it('should go on after an empty first page with a next link (Graph has been seen answering so)', async () => {
    server.answer(
      world({
        delta: {
          [first()]: deltaBody([], 's1', true),
          [at('s1')]: deltaBody([message('1700000000000')], 'd1'),
        },
      }),
    );
    const pages = await run(null);
    expect(pages.map((p) => [p.records.length, p.nextCursor === null])).toEqual([
      [0, false],
      [1, true],
    ]);
  });

  it('should follow replies@odata.nextLink once the channel’s delta is done, and keep pages within the page size', async () => {
    provider = provider.withOptions({ pageSize: 2 });
    const repliesPath = `/teams/${TEAM}/channels/${CHANNEL}/messages/1700000000000/replies`;
    server.answer(
      world({
        delta: {
          [first()]: {
            value: [
              message('1700000000000', {
                replies: [message('1700000500000', {}, '1700000000000'), message('1700000400000', {}, '1700000000000')],
                'replies@odata.nextLink': link(`${repliesPath}?$skiptoken=r2`),
              }),
              message('1700000001000'),
            ],
            '@odata.deltaLink': link(`${DELTA_PATH}?$deltatoken=d1`),
          },
        },
        replies: {
          [at('r2', repliesPath)]: {
            value: [message('1700000300000', {}, '1700000000000')],
            '@odata.nextLink': link(`${repliesPath}?$skiptoken=r3`),
          },
          [at('r3', repliesPath)]: { value: [message('1700000200000', {}, '1700000000000')] },
        },
      }),
    );
    const pages = await run(null);
    expect(pages.map((p) => p.records.map((r) => r.externalId.split('/')[1]))).toEqual([
      ['1700000000000', '1700000500000'],
      ['1700000400000', '1700000001000'],
      ['1700000300000'],
      ['1700000200000'],
    ]);
    for (const page of pages) expect(page.records.length).toBeLessThanOrEqual(2);
    expect(pages.at(-1)?.syncToken).toEqual(expect.any(String));
    // Resumed from the middle of the delta answer: the same answer fetched again, its first units skipped.
    const resumed = await run(pages[0].nextCursor);
    expect(resumed.flatMap((p) => p.records)).toEqual(pages.slice(1).flatMap((p) => p.records));
  });

  it('should sync every channel once, a shared channel listed under two teams under the first in id order', async () => {
    const otherDelta = `/teams/${OTHER_TEAM}/channels/${OTHER_CHANNEL}/messages/delta`;
    const sharedDelta = `/teams/${OTHER_TEAM}/channels/${CHANNEL}/messages/delta`;
    server.answer(
      world({
        teams: { value: [{ id: TEAM }, { id: OTHER_TEAM }] },
        channels: { [TEAM]: [{ id: CHANNEL }], [OTHER_TEAM]: [{ id: OTHER_CHANNEL }, { id: CHANNEL }] },
        delta: {
          [first(sharedDelta)]: deltaBody([message('1700000000000')], 'd1'),
          [first(otherDelta)]: {
            value: [message('1700000009000')],
            '@odata.deltaLink': link(`${otherDelta}?$deltatoken=o1`),
          },
        },
      }),
    );
    const pages = await run(null);
    expect(records(pages)).toEqual([key('1700000009000', OTHER_CHANNEL), key('1700000000000')]);
    expect(paths().filter((p) => p.endsWith('/delta'))).toEqual([otherDelta, sharedDelta]);
  });

  it('should end with one empty page and a sync token when the person is in no team', async () => {
    server.answer(world({ teams: { value: [] } }));
    const pages = await run(null);
    expect(pages).toEqual([{ records: [], deletedIds: [], nextCursor: null, syncToken: expect.any(String) }]);
  });

  it('should refuse a personal account’s sync before calling Graph', async () => {
    server.answer(world({}));
    const error = await failure(run(null, 'channels', undefined, { accessToken: TOKEN, idToken: PERSONAL }));
    expect(provider.toIntegrationError(error).message).toContain('work or school accounts only');
    expect(server.requests).toHaveLength(0);
  });
});

describe('channel messages: incremental rounds and replies', () => {
  /** A full round of one channel with two threads: one active lately, one two months older. */
  async function fullRound(extra: World['replies'] = {}) {
    const recent = message('1700000000000', { replies: [message('1700000600000', {}, '1700000000000')] });
    const old = message('1694800000000', { replies: [] });
    const handler = world({
      delta: {
        [first()]: deltaBody([old, recent], 'd1'),
        [at('d1')]: deltaBody([], 'd2'),
        [at('d2')]: deltaBody([], 'd2'),
      },
      replies: extra,
    });
    server.answer(handler);
    const pages = await run(null);
    server.requests.length = 0;
    return { token: pages.at(-1)?.syncToken as string, handler };
  }
  const repliesOf = (root: string) => `/teams/${TEAM}/channels/${CHANNEL}/messages/${root}/replies`;

  it('should see a new reply to a thread of an earlier round, which delta does not show', async () => {
    const { token } = await fullRound({
      [first(repliesOf('1700000000000'))]: {
        value: [message('1700000900000', {}, '1700000000000'), message('1700000600000', {}, '1700000000000')],
      },
    });
    const pages = await run(token);
    expect(records(pages)).toEqual([key('1700000900000'), key('1700000600000')]);
    // Only the recently active thread is read again: the older one is outside the 14-day window.
    expect(paths()).toEqual(['/me/joinedTeams', `/teams/${TEAM}/channels`, DELTA_PATH, repliesOf('1700000000000')]);
    expect(server.requests[3].query.get('$top')).toBe('50');
    expect(pages.at(-1)?.syncToken).toEqual(expect.any(String));
  });

  it('should watch threads for replyWatchDays: a longer window reads the older thread again too', async () => {
    provider = provider.withOptions({ replyWatchDays: 90 });
    const { token } = await fullRound({
      [first(repliesOf('1700000000000'))]: { value: [] },
      [first(repliesOf('1694800000000'))]: { value: [message('1700000950000', {}, '1694800000000')] },
    });
    const pages = await run(token);
    expect(records(pages)).toEqual([key('1700000950000')]);
    expect(paths().filter((p) => p.endsWith('/replies'))).toEqual([
      repliesOf('1700000000000'),
      repliesOf('1694800000000'),
    ]);
  });

  it('should not read again the replies of a thread delta brought (its replies came expanded)', async () => {
    const { token } = await fullRound();
    server.answer(
      world({
        delta: {
          [at('d1')]: deltaBody(
            [
              message('1700000000000', {
                lastEditedDateTime: '2023-11-20T10:00:00Z',
                replies: [message('1700000600000', {}, '1700000000000')],
              }),
            ],
            'd2',
          ),
        },
      }),
    );
    const pages = await run(token);
    expect(records(pages)).toEqual([key('1700000000000'), key('1700000600000')]);
    expect(paths().filter((p) => p.endsWith('/replies'))).toEqual([]);
  });

  it('should report a reply deleted in a watched thread, and drop a thread that is gone (404) without failing', async () => {
    const { token } = await fullRound({
      [first(repliesOf('1700000000000'))]: {
        value: [message('1700000600000', { deletedDateTime: '2023-11-20T10:00:00Z' }, '1700000000000')],
      },
    });
    const pages = await run(token);
    expect(deleted(pages)).toEqual([key('1700000600000')]);
    const gone = await fullRound();
    const after = await run(gone.token);
    expect(records(after)).toEqual([]);
    // The thread answered 404 and left the watch list: the next round does not ask for it.
    server.requests.length = 0;
    await run(after.at(-1)?.syncToken as string);
    expect(paths().filter((p) => p.endsWith('/replies'))).toEqual([]);
  });

  it('should watch at most the 50 most recently active threads of a channel', async () => {
    const posts = Array.from({ length: 60 }, (_, i) => message(String(1700000000000 + i * 1000)));
    server.answer(
      world({ delta: { [first()]: deltaBody(posts, 'd1'), [at('d1')]: deltaBody([], 'd2') }, replies: {} }),
    );
    const token = (await run(null)).at(-1)?.syncToken as string;
    const saved = JSON.parse(token) as { channels: { w: [string, number][] }[] };
    expect(saved.channels[0].w).toHaveLength(50);
    expect(saved.channels[0].w[0][0]).toBe(String(1700000000000 + 59 * 1000));
    server.requests.length = 0;
    await run(token);
    expect(paths().filter((p) => p.endsWith('/replies'))).toHaveLength(50);
  });

  it('should start a channel new since the last round with a full round, and sync the others from their links', async () => {
    const { token } = await fullRound();
    const otherDelta = `/teams/${OTHER_TEAM}/channels/${OTHER_CHANNEL}/messages/delta`;
    server.answer(
      world({
        teams: { value: [{ id: TEAM }, { id: OTHER_TEAM }] },
        channels: { [TEAM]: [{ id: CHANNEL }], [OTHER_TEAM]: [{ id: OTHER_CHANNEL }] },
        delta: {
          [at('d1')]: deltaBody([], 'd2'),
          [first(otherDelta)]: {
            value: [message('1700000009000')],
            '@odata.deltaLink': link(`${otherDelta}?$deltatoken=o1`),
          },
        },
        replies: { [first(repliesOf('1700000000000'))]: { value: [] } },
      }),
    );
    const pages = await run(token);
    expect(records(pages)).toEqual([key('1700000009000', OTHER_CHANNEL)]);
    const firstOther = server.requests.find((r) => r.path === otherDelta);
    expect(Object.fromEntries(firstOther?.query ?? [])).toEqual({ $top: '50', $expand: 'replies' });
    expect(server.requests.find((r) => r.path === DELTA_PATH)?.query.get('$deltatoken')).toBe('d1');
  });

  it('should end the run CURSOR_INVALID when a channel synced before is gone, before any delta call', async () => {
    const { token } = await fullRound();
    server.answer(world({ channels: { [TEAM]: [] } }));
    const mapped = await mappedFailure(run(token));
    expect(mapped.code).toBe('CURSOR_INVALID');
    expect(mapped.message).toContain('a full sync follows, which removes its messages');
    expect(paths().filter((p) => p.endsWith('/delta'))).toEqual([]);
  });

  it.each([
    ['410 syncStateNotFound', 410, 'error-410-sync-state.json'],
    ['400 BadRequest (a garbled link)', 400, 'error-400-top.json'],
    ['404 NotFound (the channel was deleted)', 404, 'error-404.json'],
  ])(
    'should make %s on a saved delta link CURSOR_INVALID, so the runner starts over once',
    async (_case, status, body) => {
      const { token } = await fullRound();
      server.answer(world({ delta: { [at('d1')]: { status, body: fixture(body) } } }));
      const mapped = await mappedFailure(run(token));
      expect(mapped).toMatchObject({ code: 'CURSOR_INVALID', options: { status } });
      expect(mapped.message).toContain('a full sync follows');
    },
  );

  it('should map a 404 on a channel’s first delta request as Graph’s (not a cursor problem)', async () => {
    server.answer(world({ delta: {} }));
    expect((await mappedFailure(run(null))).code).toBe('NOT_FOUND');
  });
});

describe('links and cursors', () => {
  let elsewhere: FixtureServer;
  beforeAll(async () => {
    elsewhere = await startFixtureServer(() => ({ body: { value: [] } }));
  });
  afterAll(() => elsewhere.close());
  beforeEach(() => {
    elsewhere.requests.length = 0;
  });

  it('should refuse a next link or replies link to another host with UNKNOWN, and never send the token there', async () => {
    for (const body of [
      { value: [message('1700000000000')], '@odata.nextLink': `${elsewhere.url}${DELTA_PATH}?$skiptoken=2` },
      {
        value: [message('1700000000000', { 'replies@odata.nextLink': `${elsewhere.url}/replies?$skiptoken=2` })],
        '@odata.deltaLink': link(`${DELTA_PATH}?$deltatoken=d1`),
      },
    ]) {
      server.answer(world({ delta: { [first()]: body } }));
      const error = await failure(run(null));
      expect(provider.toIntegrationError(error).code).toBe('UNKNOWN');
      expect((error as Error).message).not.toContain(elsewhere.url);
    }
    expect(elsewhere.requests).toHaveLength(0);
  });

  it.each([
    ['a OneDrive cursor', () => encodeCursor({ v: 1, kind: 'delta', link: link(DELTA_PATH) })],
    [
      'a token with a link to another host',
      () =>
        encodeCursor({ v: 1, kind: 'rounds', channels: [{ t: TEAM, c: CHANNEL, d: 'https://evil.example/x', w: [] }] }),
    ],
    [
      'a token with a bad team id',
      () => encodeCursor({ v: 1, kind: 'rounds', channels: [{ t: '../me', c: CHANNEL, d: link(DELTA_PATH), w: [] }] }),
    ],
    [
      'a token with a channel id holding a slash',
      () => encodeCursor({ v: 1, kind: 'rounds', channels: [{ t: TEAM, c: '19:a/b', d: link(DELTA_PATH), w: [] }] }),
    ],
    [
      'a token watching too many threads',
      () =>
        encodeCursor({
          v: 1,
          kind: 'rounds',
          channels: [
            { t: TEAM, c: CHANNEL, d: link(DELTA_PATH), w: Array.from({ length: 51 }, (_, i) => [String(i), i]) },
          ],
        }),
    ],
    ['a channels cursor for messages', () => encodeCursor({ v: 1, kind: 'channels', team: null, skip: 0 })],
    ['a bare link', () => link(DELTA_PATH)],
  ])('should refuse %s (CURSOR_INVALID) without calling anyone', async (_case, cursor) => {
    await expect(run(cursor())).rejects.toMatchObject({ code: 'CURSOR_INVALID' });
    expect(server.requests).toHaveLength(0);
  });

  it('should refuse a messages cursor for the channels resource', async () => {
    const cursor = encodeCursor({ v: 1, kind: 'rounds', channels: [] });
    await expect(run(cursor, 'channels')).rejects.toMatchObject({ code: 'CURSOR_INVALID' });
  });
});

describe('pacing, options and the interface', () => {
  it('should space calls on one team by requestIntervalMs', async () => {
    provider = provider.withOptions({ requestIntervalMs: 60 });
    const times: number[] = [];
    const handler = world({
      delta: {
        [first()]: deltaBody([], 's1', true),
        [at('s1')]: deltaBody([], 's2', true),
        [at('s2')]: deltaBody([], 'd1'),
      },
    });
    server.answer((request) => {
      if (request.path.startsWith(`/teams/${TEAM}`)) times.push(Date.now());
      return handler(request);
    });
    await run(null);
    expect(times).toHaveLength(4);
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(55);
  });

  it('should let a waiting call go when the sync is aborted, with the abort’s reason', async () => {
    const pacer = new TeamPacer(10_000);
    const controller = new AbortController();
    await pacer.wait(TEAM, controller.signal);
    const waiting = pacer.wait(TEAM, controller.signal);
    controller.abort(new Error('stopped'));
    await expect(waiting).rejects.toThrow('stopped');
    // Another team is not held up by this one.
    await expect(pacer.wait(OTHER_TEAM, new AbortController().signal)).resolves.toBeUndefined();
  });

  it('should sync channels and channel-messages only', async () => {
    await expect(run(null, 'chats')).rejects.toMatchObject({ code: 'INVALID_CONFIG' });
    expect(server.requests).toHaveLength(0);
  });

  it('should refuse options it cannot honour', () => {
    for (const pageSize of [0, 51, 2.5]) expect(() => provider.withOptions({ pageSize })).toThrow(RangeError);
    for (const replyWatchDays of [0, 241]) expect(() => provider.withOptions({ replyWatchDays })).toThrow(RangeError);
    for (const requestIntervalMs of [-1, 10_001, 0.5]) {
      expect(() => provider.withOptions({ requestIntervalMs })).toThrow(RangeError);
    }
    expect(() => provider.withOptions({ pageSize: 50, replyWatchDays: 240, requestIntervalMs: 0 })).not.toThrow();
  });

  it('should default to the manifest, poll once a day, and take PROVIDER_BASE_URLS from Nest', async () => {
    const base = `${server.url}/microsoft-teams/api`;
    const module = await Test.createTestingModule({
      providers: [
        MicrosoftTeamsProvider,
        { provide: PROVIDER_BASE_URLS, useValue: new Map([['microsoft-teams', { apiBaseUrl: `${base}/` }]]) },
      ],
    }).compile();
    server.answer(() => ({ body: { value: [] } }));
    await collect(
      module.get(MicrosoftTeamsProvider).sync({
        credentials,
        resource: 'channels',
        cursor: null,
        selection: [],
        signal: new AbortController().signal,
      }),
    );
    expect(paths()).toEqual(['/microsoft-teams/api/me/joinedTeams']);
    const without = await Test.createTestingModule({ providers: [MicrosoftTeamsProvider] }).compile();
    const manifest = without.get(MicrosoftTeamsProvider).manifest;
    expect(manifest.api?.baseUrl).toBe('https://graph.microsoft.com/v1.0');
    expect(manifest.sync?.defaultFrequencyMinutes).toBe(1440);
    expect(manifest.description).toContain('Work or school accounts only');
    expect(manifest.auth.kind === 'oauth2' && manifest.auth.adminConsent?.scopes).toEqual([
      'https://graph.microsoft.com/ChannelMessage.Read.All',
    ]);
  });

  it('should name Microsoft Teams in Microsoft’s token refusals, admin consent among them, and have no revoke', () => {
    expect(provider.describeTokenError({ status: 400, error: 'invalid_grant', errorCodes: [90094] })).toEqual({
      kind: 'admin_consent',
      message: 'Microsoft Teams needs your Microsoft 365 administrator’s approval before it can connect.',
    });
    expect((provider as { revoke?: unknown }).revoke).toBeUndefined();
  });

  it('should map a 403 on channel messages to admin consent, and others as every Graph API, purely', () => {
    const onMessages = new ProviderApiError(
      'Microsoft Teams',
      403,
      `/teams/${TEAM}/channels/${CHANNEL}/messages/delta`,
      'Forbidden',
      undefined,
    );
    expect(toMicrosoftTeamsIntegrationError(onMessages)).toMatchObject({ code: 'INSUFFICIENT_SCOPE' });
    expect(toMicrosoftTeamsIntegrationError(onMessages).message).toContain('administrator');
    const onChannels = new ProviderApiError('Microsoft Teams', 403, `/teams/${TEAM}/channels`, 'Forbidden', undefined);
    expect(toMicrosoftTeamsIntegrationError(onChannels).message).not.toContain('ChannelMessage.Read.All');
    const throttled = new ProviderApiError('Microsoft Teams', 429, DELTA_PATH, 'TooManyRequests:429', 2128);
    expect(toMicrosoftTeamsIntegrationError(throttled)).toMatchObject({
      code: 'RATE_LIMITED',
      options: { retryAfterMs: 2128 },
    });
    expect(provider.toIntegrationError(new Error('boom')).code).toBe('UNKNOWN');
  });
});
