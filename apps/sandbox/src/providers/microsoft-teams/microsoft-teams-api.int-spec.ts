import { type RunningSandbox, startSandbox } from '../../start-sandbox';
import { OAuthTestClient } from '../../testing/oauth-test-client';

/**
 * The emulated Microsoft Graph for Microsoft Teams over HTTP: permissions and Teams' 403, Graph's error
 * envelope, /me/joinedTeams and channels per persona, channel message delta (the empty first page,
 * paging to the deltaLink, `$top` ≤ 50, `$expand=replies`, the eight-month horizon, incremental rounds
 * after mutate, soft deletes, 410 after expiry), replies and list endpoints, a new reply that delta does
 * not show, throttling, the 4-requests-a-second team limit and a personal account refused.
 */
const TEAMS_SCOPES = 'offline_access openid profile User.Read Team.ReadBasic.All Channel.ReadBasic.All';
const SCOPE = `${TEAMS_SCOPES} ChannelMessage.Read.All`;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

let sandbox: RunningSandbox;
let token: string;
let api: string;

beforeAll(async () => {
  // No team limit here (the last describe has its own sandbox), and two replies per expanded post.
  sandbox = await startSandbox({
    port: 0,
    only: ['microsoft-teams'],
    providers: { 'microsoft-teams': { teamRequestsPerSecond: 0, expandedReplies: 2 } },
  });
  api = `${sandbox.url}/microsoft-teams/api`;
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  // Resets data, persona, throttles, grants and the tenant's consent: the admin consents by signing
  // in (ChannelMessage.Read.All is admin-only), then the member connects.
  await fetch(`${sandbox.url}/_sandbox/reset`, { method: 'POST' });
  await persona('admin');
  await connect();
  await persona('member');
  token = await connect();
});

const connect = async (scope = SCOPE) =>
  (await new OAuthTestClient({ sandboxUrl: sandbox.url, providerId: 'microsoft-teams' }).connect(scope)).access_token;

async function control(path: string, body?: unknown, target = sandbox): Promise<Response> {
  return fetch(`${target.url}/_sandbox/microsoft-teams${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
const persona = (kind: string) => control('/persona', { persona: kind });

function get(pathOrUrl: string, options: { token?: string | null; base?: string } = {}) {
  const bearer = options.token === undefined ? token : options.token;
  return fetch(pathOrUrl.startsWith('http') ? pathOrUrl : `${options.base ?? api}${pathOrUrl}`, {
    headers: bearer === null ? {} : { authorization: `Bearer ${bearer}` },
  });
}

async function json<T = Record<string, unknown>>(
  pathOrUrl: string,
  options: Parameters<typeof get>[1] = {},
): Promise<T> {
  const response = await get(pathOrUrl, options);
  expect({ pathOrUrl, status: response.status }).toEqual({ pathOrUrl, status: 200 });
  return (await response.json()) as T;
}

interface GraphErrorBody {
  error: { code: string; message: string; innerError: Record<string, string> };
}

async function graphError(pathOrUrl: string, status: number, options: Parameters<typeof get>[1] = {}) {
  const response = await get(pathOrUrl, options);
  expect({ pathOrUrl, status: response.status }).toEqual({ pathOrUrl, status });
  const body = (await response.json()) as GraphErrorBody;
  expect(body.error.innerError).toMatchObject({
    date: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/),
    'request-id': expect.stringMatching(GUID),
  });
  return { response, error: body.error };
}

interface Team {
  id: string;
  displayName: string;
  description: string;
}
interface Channel {
  id: string;
  displayName: string;
  membershipType: string;
}
interface ChatMessage {
  id: string;
  replyToId: string | null;
  createdDateTime: string;
  lastEditedDateTime: string | null;
  deletedDateTime: string | null;
  body: { contentType: string; content: string };
  replies?: ChatMessage[];
  'replies@odata.count'?: number;
  'replies@odata.nextLink'?: string;
}
interface Page<T> {
  value: T[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

const teams = async () => (await json<Page<Team>>('/me/joinedTeams')).value;
async function channels(): Promise<{ team: Team; channel: Channel }[]> {
  const out: { team: Team; channel: Channel }[] = [];
  for (const team of await teams()) {
    for (const channel of (await json<Page<Channel>>(`/teams/${team.id}/channels`)).value) out.push({ team, channel });
  }
  return out;
}
const deltaPath = (team: Team, channel: Channel) => `/teams/${team.id}/channels/${channel.id}/messages/delta`;

/** Every page of one delta round from `start`, following the links as given. */
async function deltaRound(start: string) {
  const pages: Page<ChatMessage>[] = [];
  let link: string | undefined = start;
  while (link) {
    const page: Page<ChatMessage> = await json<Page<ChatMessage>>(link);
    pages.push(page);
    link = page['@odata.nextLink'];
    if (!link) expect(page['@odata.deltaLink']).toEqual(expect.any(String));
  }
  return { pages, items: pages.flatMap((p) => p.value), deltaLink: pages.at(-1)?.['@odata.deltaLink'] as string };
}

describe('permissions, personas and Graph’s error envelope', () => {
  it('should answer 401 InvalidAuthenticationToken without a token', async () => {
    const { error, response } = await graphError('/me/joinedTeams', 401, { token: null });
    expect(error).toMatchObject({ code: 'InvalidAuthenticationToken', message: 'Access token is empty.' });
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm=""/);
  });

  it('should answer Teams’ 403 naming the permission a token lacks, and read teams without it', async () => {
    const basic = await connect(TEAMS_SCOPES);
    const [team] = (await json<Page<Team>>('/me/joinedTeams', { token: basic })).value;
    const [channel] = (await json<Page<Channel>>(`/teams/${team.id}/channels`, { token: basic })).value;
    const { error } = await graphError(deltaPath(team, channel), 403, { token: basic });
    expect(error.code).toBe('Forbidden');
    expect(error.message).toMatch(
      /^Missing scope permissions on the request\. API requires one of 'ChannelMessage\.Read\.All'\. Scopes on the request '.*Team\.ReadBasic\.All/,
    );
    const userOnly = await connect('offline_access openid profile User.Read');
    expect((await graphError('/me/joinedTeams', 403, { token: userOnly })).error.message).toContain(
      "'Team.ReadBasic.All,",
    );
  });

  it('should list the member’s three teams, the admin’s four, with id, displayName and description only', async () => {
    const member = await teams();
    expect(member.map((t) => t.displayName)).toEqual(['Mark 8 Project Team', 'Sales and Marketing', 'Contoso Sandbox']);
    for (const team of member) expect(Object.keys(team).sort()).toEqual(['description', 'displayName', 'id']);
    await persona('admin');
    token = await connect();
    expect((await teams()).map((t) => t.displayName)).toContain('IT Admins');
  });

  it('should refuse a personal account on every Teams API with 400, as Graph refuses MSA tokens', async () => {
    const [team] = await teams();
    await persona('personal');
    // A personal account cannot consent to the admin-only ChannelMessage.Read.All: without it.
    token = await connect(TEAMS_SCOPES);
    for (const path of ['/me/joinedTeams', `/teams/${team.id}/channels`]) {
      const { error } = await graphError(path, 400);
      expect(error).toMatchObject({
        code: 'BadRequest',
        message: 'Specified resource is not supported for MSA requests',
      });
    }
    expect(await json('/me')).toMatchObject({ displayName: 'Sam Sandbox', mail: null });
    expect((await graphError('/organization', 500)).error.code).toBe('InternalServerError');
  });
});

describe('channels', () => {
  it('should list a team’s channels with $select and the membershipType filter', async () => {
    const team = (await teams())[0];
    const all = await json<Page<Record<string, unknown>> & { '@odata.count': number }>(`/teams/${team.id}/channels`);
    expect(all['@odata.count']).toBe(2);
    expect(all.value[0]).toMatchObject({
      id: expect.stringMatching(/^19:[0-9a-f]{32}@thread\.tacv2$/),
      displayName: 'General',
      membershipType: 'standard',
      createdDateTime: expect.any(String),
      webUrl: expect.stringMatching(/^https:\/\/teams\.microsoft\.com\/l\/channel\//),
    });
    const selected = await json<Page<Record<string, unknown>>>(`/teams/${team.id}/channels?$select=displayName`);
    expect(selected.value.map((c) => Object.keys(c).sort())).toEqual([
      ['displayName', 'id'],
      ['displayName', 'id'],
    ]);
    const privates = await json<Page<Channel>>(`/teams/${team.id}/channels?$filter=membershipType eq 'private'`);
    expect(privates.value.map((c) => c.displayName)).toEqual(['Design']);
    expect((await graphError(`/teams/${team.id}/channels?$select=nope`, 400)).error.code).toBe('BadRequest');
  });

  it('should answer 404 for an unknown team and Teams’ 403 for a team the person is not in', async () => {
    expect((await graphError('/teams/00000000-0000-4000-8000-000000000000/channels', 404)).error.code).toBe('NotFound');
    await persona('admin');
    const admin = await connect();
    const itAdmins = (await json<Page<Team>>('/me/joinedTeams', { token: admin })).value.find(
      (t) => t.displayName === 'IT Admins',
    );
    const { error } = await graphError(`/teams/${itAdmins?.id}/channels`, 403);
    expect(error).toMatchObject({
      code: 'Forbidden',
      message: 'Failed to execute Skype backend request GetThreadS2SRequest.',
    });
  });
});

describe('channel message delta', () => {
  it('should answer an empty first page, then posts of the last eight months in pages of $top, with their replies', async () => {
    const [{ team, channel }] = await channels();
    const first = await json<Page<ChatMessage>>(`${deltaPath(team, channel)}?$top=10&$expand=replies`);
    expect(first.value).toEqual([]);
    expect(first['@odata.nextLink']).toMatch(
      new RegExp(`^${api}/teams/${team.id}/channels/19:[0-9a-f]{32}@thread\\.tacv2/messages/delta\\?\\$skiptoken=`),
    );
    const round = await deltaRound(first['@odata.nextLink'] as string);
    expect(round.deltaLink).toContain('/messages/delta?$deltatoken=');
    for (const page of round.pages) expect(page.value.length).toBeLessThanOrEqual(10);
    expect(round.pages.length).toBeGreaterThan(2);
    const eightMonths = Date.UTC(2024, 9, 1, 12, 0, 0);
    expect(round.items.every((m) => Date.parse(m.createdDateTime) >= eightMonths)).toBe(true);
    expect(round.items.every((m) => m.replyToId === null && Array.isArray(m.replies))).toBe(true);
    // List messages has them all, the older ones too, newest first.
    const listed: ChatMessage[] = [];
    for (let link: string | undefined = `/teams/${team.id}/channels/${channel.id}/messages?$top=50`; link;) {
      const page: Page<ChatMessage> = await json<Page<ChatMessage>>(link);
      listed.push(...page.value);
      link = page['@odata.nextLink'];
    }
    expect(listed).toHaveLength(40);
    expect(listed.length).toBeGreaterThan(round.items.length);
    expect(Date.parse(listed[0].createdDateTime)).toBeGreaterThan(Date.parse(listed[1].createdDateTime));
    // Two replies at most per expanded post here, the rest at replies@odata.nextLink.
    const long = round.items.find((m) => m['replies@odata.nextLink']);
    expect(long?.replies).toHaveLength(2);
    const rest = await json<Page<ChatMessage>>(long?.['replies@odata.nextLink'] as string);
    expect(rest.value.length).toBeGreaterThan(0);
    expect(rest.value.every((r) => r.replyToId === long?.id)).toBe(true);
    const all = await json<Page<ChatMessage>>(
      `/teams/${team.id}/channels/${channel.id}/messages/${long?.id}/replies?$top=50`,
    );
    expect(all.value.map((r) => r.id)).toEqual([...(long?.replies ?? []), ...rest.value].map((r) => r.id));
  });

  it('should refuse $top above 50, another $expand and an option delta does not take', async () => {
    const [{ team, channel }] = await channels();
    expect((await graphError(`${deltaPath(team, channel)}?$top=51`, 400)).error.message).toBe(
      "The limit of '50' for Top query has been exceeded. The value from the incoming request is '51'.",
    );
    expect((await graphError(`${deltaPath(team, channel)}?$expand=hostedContents`, 400)).error.code).toBe('BadRequest');
    expect((await graphError(`${deltaPath(team, channel)}?$orderby=createdDateTime`, 400)).error.message).toContain(
      "Query option 'Orderby' is not allowed",
    );
    expect((await graphError(`${deltaPath(team, channel)}?$deltatoken=forged`, 400)).error.code).toBe('BadRequest');
  });

  it('should bring exactly the posts mutate adds, edits and soft-deletes, but not a new reply to an old post', async () => {
    const all = await channels();
    const links = new Map<string, string>();
    for (const { team, channel } of all)
      links.set(channel.id, (await deltaRound(`${deltaPath(team, channel)}?$top=50&$expand=replies`)).deltaLink);
    const data = async () =>
      (await (await fetch(`${sandbox.url}/_sandbox/microsoft-teams/data`)).json()) as Record<string, number>;
    const before = await data();
    const answer = (await (await control('/mutate', { added: 8, updated: 3, deleted: 3 })).json()) as {
      expected: Record<string, { added: number; updated: number; deleted: number }>;
    };
    expect(answer.expected).toEqual({
      channels: { added: 0, updated: 0, deleted: 0 },
      'channel-messages': { added: 8, updated: 3, deleted: 3 },
    });
    const after = await data();
    const newPosts = after['posts'] - before['posts'];
    const newReplies = after['replies'] - before['replies'];
    expect(newPosts + newReplies).toBe(8);
    expect(newReplies).toBeGreaterThan(0);

    const changed: ChatMessage[] = [];
    const repliedTo = new Set<string>();
    let repliesSeen = 0;
    for (const { team, channel } of all) {
      const round = await deltaRound(links.get(channel.id) as string);
      changed.push(...round.items);
      // The replies new since: only a thread's replies list shows them.
      for (const post of (await json<Page<ChatMessage>>(`/teams/${team.id}/channels/${channel.id}/messages?$top=10`))
        .value) {
        const replies = await json<Page<ChatMessage>>(
          `/teams/${team.id}/channels/${channel.id}/messages/${post.id}/replies?$top=50`,
        );
        const fresh = replies.value.filter((r) => Date.parse(r.createdDateTime) > Date.UTC(2025, 5, 1, 12, 0, 0));
        repliesSeen += fresh.length;
        for (const reply of fresh) repliedTo.add(reply.replyToId as string);
      }
    }
    expect(changed.filter((m) => Date.parse(m.createdDateTime) > Date.UTC(2025, 5, 1, 12, 0, 0))).toHaveLength(
      newPosts,
    );
    expect(repliesSeen).toBe(newReplies);
    // A post that only got a reply is not in delta (its lastModifiedDateTime did not change).
    expect(repliedTo.size).toBeGreaterThan(0);
    expect(changed.filter((m) => repliedTo.has(m.id))).toEqual([]);
    const deleted = changed.filter((m) => m.deletedDateTime !== null);
    for (const message of deleted) expect(message.body.content).toBe('');
    // A round with no change since: nothing, and a new deltaLink.
    const [{ channel }] = all;
    const again = await deltaRound((await deltaRound(links.get(channel.id) as string)).deltaLink);
    expect(again.items).toEqual([]);
  });

  it('should answer 410 syncStateNotFound with a fresh round in Location after expire-delta, and a reset', async () => {
    const [{ team, channel }] = await channels();
    const { deltaLink, pages } = await deltaRound(`${deltaPath(team, channel)}?$top=5&$expand=replies`);
    expect(await (await control('/expire-delta')).json()).toEqual({ expired: true });
    for (const stale of [deltaLink, pages[1]['@odata.nextLink'] as string]) {
      const { error, response } = await graphError(stale, 410);
      expect(error.code).toBe('syncStateNotFound');
      const location = response.headers.get('location') as string;
      expect(location).toBe(`${api}${deltaPath(team, channel)}?$top=5&$expand=replies`);
      expect((await deltaRound(location)).items.length).toBeGreaterThan(0);
    }
  });

  it('should answer 404 for an unknown channel or message, and refuse a replies $top above 50', async () => {
    const [{ team, channel }] = await channels();
    expect((await graphError(`/teams/${team.id}/channels/19:nope@thread.tacv2/messages/delta`, 404)).error.code).toBe(
      'NotFound',
    );
    expect((await graphError(`/teams/${team.id}/channels/${channel.id}/messages/1/replies`, 404)).error.code).toBe(
      'NotFound',
    );
    const [post] = (await json<Page<ChatMessage>>(`/teams/${team.id}/channels/${channel.id}/messages?$top=1`)).value;
    expect((await json<ChatMessage>(`/teams/${team.id}/channels/${channel.id}/messages/${post.id}`)).id).toBe(post.id);
    expect(
      (await graphError(`/teams/${team.id}/channels/${channel.id}/messages/${post.id}/replies?$top=100`, 400)).error
        .code,
    ).toBe('BadRequest');
    const paged = await json<Page<ChatMessage>>(
      `/teams/${team.id}/channels/${channel.id}/messages/${post.id}/replies?$top=1`,
    );
    expect(paged.value.length).toBeLessThanOrEqual(1);
  });
});

describe('controls', () => {
  it('should throttle on demand with Graph’s TooManyRequests and a fractional Retry-After', async () => {
    await control('/throttle', { retryAfterSeconds: 2.5 });
    const { error, response } = await graphError('/me/joinedTeams', 429);
    expect(error).toMatchObject({
      code: 'TooManyRequests',
      message: 'Please retry again later.',
      innerError: { code: '429' },
    });
    expect(response.headers.get('retry-after')).toBe('2.5');
    expect((await get('/me/joinedTeams')).status).toBe(200);
  });

  it('should refuse bad mutate input with 400, and show the data', async () => {
    for (const body of [{ added: -1 }, { added: 1001 }, { updated: 1.5 }, { removed: 1 }]) {
      expect((await control('/mutate', body)).status).toBe(400);
    }
    expect(await (await fetch(`${sandbox.url}/_sandbox/microsoft-teams/data`)).json()).toMatchObject({
      teams: 4,
      channels: 5,
      posts: 200,
      changes: 0,
      adminConsented: 1,
    });
  });
});

describe('the team limit: 4 requests a second per team', () => {
  let limited: RunningSandbox;
  beforeAll(async () => {
    limited = await startSandbox({ port: 0, only: ['microsoft-teams'] });
  });
  afterAll(() => limited.close());

  it('should answer the fifth request on a team within a second 429 with Retry-After, other teams unaffected', async () => {
    const base = `${limited.url}/microsoft-teams/api`;
    await control('/persona', { persona: 'admin' }, limited);
    const admin = (await new OAuthTestClient({ sandboxUrl: limited.url, providerId: 'microsoft-teams' }).connect(SCOPE))
      .access_token;
    const [first, second] = (await json<Page<Team>>('/me/joinedTeams', { token: admin, base })).value;
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 5; i++) {
      const response = await get(`/teams/${first.id}/channels`, { token: admin, base });
      statuses.push(response.status);
      if (response.status === 429) {
        retryAfter = response.headers.get('retry-after');
        expect(((await response.json()) as GraphErrorBody).error.code).toBe('TooManyRequests');
      }
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    expect(Number(retryAfter)).toBeLessThanOrEqual(1);
    expect((await get(`/teams/${second.id}/channels`, { token: admin, base })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, Math.ceil(Number(retryAfter) * 1000) + 20));
    expect((await get(`/teams/${first.id}/channels`, { token: admin, base })).status).toBe(200);
  });
});
