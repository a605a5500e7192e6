import { type RunningSandbox, SANDBOX_DEFAULTS, startSandbox } from '../../start-sandbox';
import { OAuthTestClient, pkcePair } from '../../testing/oauth-test-client';

/**
 * The emulated GitHub REST API: tokens shaped like GitHub's, GET /user, /user/orgs, /user/repos and
 * repository issues with per_page/page and real Link headers, since and sort, ETags and 304, GitHub's
 * rate-limit headers and error body, the app's grant deletion (HTTP Basic), and the mutate control.
 */
const SCOPE = 'metadata=read issues=read';

let sandbox: RunningSandbox;
let token: string;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, only: ['github'] });
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  await fetch(`${sandbox.url}/_sandbox/reset`, { method: 'POST' });
  token = (await new OAuthTestClient({ sandboxUrl: sandbox.url, providerId: 'github' }).connect(SCOPE)).access_token;
});

function get(
  path: string,
  headers: Record<string, string> = {},
  accessToken: string | null = token,
): Promise<Response> {
  return fetch(path.startsWith('http') ? path : `${sandbox.url}/github/api${path}`, {
    headers: {
      accept: 'application/vnd.github+json',
      ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}),
      ...headers,
    },
  });
}

async function json<T>(path: string): Promise<T> {
  const response = await get(path);
  expect({ path, status: response.status }).toEqual({ path, status: 200 });
  return (await response.json()) as T;
}

/** The next page's URL from a Link header. */
const nextLink = (response: Response) => /<([^>]+)>;\s*rel="next"/.exec(response.headers.get('link') ?? '')?.[1];

async function mutate(body: unknown): Promise<Response> {
  return fetch(`${sandbox.url}/_sandbox/github/mutate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

interface Issue {
  id: number;
  number: number;
  state: string;
  updated_at: string;
  created_at: string;
  pull_request?: unknown;
}

describe('the token endpoint', () => {
  it('should answer like GitHub: bearer, an empty scope, and both lifetimes; a refresh too', async () => {
    const client = new OAuthTestClient({ sandboxUrl: sandbox.url, providerId: 'github' });
    const pkce = pkcePair();
    const { code, iss } = await client.authorize({ scope: SCOPE, challenge: pkce.challenge });
    expect(iss).toBe(`${sandbox.url}/github`);
    const exchanged = await client.exchangeCode(code ?? '', pkce.verifier);
    expect(exchanged.status).toBe(200);
    const shape = {
      access_token: expect.any(String),
      expires_in: 3600,
      refresh_token: expect.any(String),
      refresh_token_expires_in: 14 * 24 * 3600,
      scope: '',
      token_type: 'bearer',
    };
    // Exactly GitHub's fields (no id_token, no other extras).
    expect(exchanged.body).toEqual(shape);
    expect(Object.keys(exchanged.body).sort()).toEqual(Object.keys(shape).sort());
    const refreshed = await client.refresh(exchanged.body.refresh_token ?? '');
    expect(refreshed.body).toEqual(shape);
    expect(Object.keys(refreshed.body).sort()).toEqual(Object.keys(shape).sort());
    // The old access token died with the refresh, as GitHub's does.
    expect((await get('/user', {}, exchanged.body.access_token ?? '')).status).toBe(401);
    expect((await get('/user', {}, refreshed.body.access_token ?? '')).status).toBe(200);
  });
});

describe('authentication and errors', () => {
  it('should answer 401 in GitHub’s error shape without a token and with an unknown one', async () => {
    const missing = await get('/user', {}, null);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({
      message: 'Requires authentication',
      documentation_url: 'https://docs.github.com/rest',
      status: '401',
    });
    const unknown = await get('/user', {}, 'ghu_not-a-sandbox-token');
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toMatchObject({ message: 'Bad credentials', status: '401' });
  });

  it('should answer 404 "Not Found" for paths and repositories it does not have', async () => {
    for (const path of ['/nothing-here', '/repos/sandbox-user/missing/issues', '/repositories/1/issues']) {
      const response = await get(path);
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
      expect(await response.json()).toMatchObject({ message: 'Not Found', status: '404' });
    }
  });
});

describe('DELETE /applications/{client_id}/grant', () => {
  const CLIENT_ID = 'hub-github';
  const basic = (user: string, secret: string) => `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;
  const APP = basic(CLIENT_ID, SANDBOX_DEFAULTS.clientSecret);

  function deleteGrant(
    body: string | undefined,
    { authorization = APP, clientId = CLIENT_ID }: { authorization?: string | null; clientId?: string } = {},
  ): Promise<Response> {
    return fetch(`${sandbox.url}/github/api/applications/${clientId}/grant`, {
      method: 'DELETE',
      headers: {
        accept: 'application/vnd.github+json',
        ...(authorization === null ? {} : { authorization }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body,
    });
  }
  const tokenBody = (accessToken: string) => JSON.stringify({ access_token: accessToken });
  const stats = async () =>
    ((await (await fetch(`${sandbox.url}/_sandbox/stats`)).json()) as { github: Record<string, number> }).github;

  it('should end the whole grant with 204: its access token then gets 401 on /user, its refresh token invalid_grant', async () => {
    const client = new OAuthTestClient({ sandboxUrl: sandbox.url, providerId: 'github' });
    const connection = await client.connect(SCOPE);
    const response = await deleteGrant(tokenBody(connection.access_token));
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
    expect((await get('/user', {}, connection.access_token)).status).toBe(401);
    expect(await client.refresh(connection.refresh_token)).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });
    // Only that grant: the other connection (beforeEach's) goes on working.
    expect((await get('/user')).status).toBe(200);
    expect(await stats()).toMatchObject({ apiRevocations: 1, grantsRevoked: 1, activeGrants: 1 });
    // Behind the request log like every API route.
    const log = (await (await fetch(`${sandbox.url}/_sandbox/github/requests`)).json()) as Record<string, unknown>[];
    expect(log).toContainEqual({
      at: expect.any(Number),
      method: 'DELETE',
      path: `/applications/${CLIENT_ID}/grant`,
      status: 204,
    });
  });

  it('should refuse missing or wrong app credentials with 401, and the token still works', async () => {
    const cases: [string | null, string][] = [
      [null, 'Requires authentication'],
      [`Bearer ${token}`, 'Requires authentication'],
      [basic(CLIENT_ID, 'wrong-secret'), 'Bad credentials'],
      [basic('hub-dub', SANDBOX_DEFAULTS.clientSecret), 'Bad credentials'],
      [basic(CLIENT_ID, ''), 'Bad credentials'],
      ['Basic not base64!', 'Bad credentials'],
      [`Basic ${Buffer.from(CLIENT_ID).toString('base64')}`, 'Bad credentials'],
    ];
    for (const [authorization, message] of cases) {
      const response = await deleteGrant(tokenBody(token), { authorization });
      expect({ authorization, status: response.status }).toEqual({ authorization, status: 401 });
      expect(await response.json()).toEqual({
        message,
        documentation_url: 'https://docs.github.com/rest/apps/oauth-applications#delete-an-app-authorization',
        status: '401',
      });
    }
    // The credentials are checked before the body is read.
    expect((await deleteGrant('{"access_token":', { authorization: null })).status).toBe(401);
    expect((await get('/user')).status).toBe(200);
    expect(await stats()).toMatchObject({ apiRevocations: 0, grantsRevoked: 0, activeGrants: 1 });
  });

  it('should answer 404 when the path names another app than the credentials, and revoke nothing', async () => {
    const response = await deleteGrant(tokenBody(token), { clientId: 'Iv1.0000000000000000' });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ message: 'Not Found', status: '404' });
    expect((await get('/user')).status).toBe(200);
  });

  it('should answer 422 Validation Failed for a missing, unknown, expired or revoked access_token, 400 for a body that is not JSON', async () => {
    const { refresh_token: refreshToken } = await new OAuthTestClient({
      sandboxUrl: sandbox.url,
      providerId: 'github',
    }).connect(SCOPE);
    const bodies = [
      undefined,
      '{}',
      '[]',
      JSON.stringify({ access_token: '' }),
      JSON.stringify({ access_token: 42 }),
      tokenBody('ghu_not-a-sandbox-token'),
      // A refresh token is not an access token.
      tokenBody(refreshToken),
    ];
    for (const body of bodies) {
      const response = await deleteGrant(body);
      expect({ body, status: response.status }).toEqual({ body, status: 422 });
      expect(await response.json()).toEqual({
        message: 'Validation Failed',
        documentation_url: 'https://docs.github.com/rest/apps/oauth-applications#delete-an-app-authorization',
        status: '422',
      });
    }
    const garbled = await deleteGrant('{"access_token":');
    expect(garbled.status).toBe(400);
    expect(await garbled.json()).toMatchObject({ message: 'Problems parsing JSON', status: '400' });
    expect((await get('/user')).status).toBe(200);
    expect(await stats()).toMatchObject({ apiRevocations: 0, activeGrants: 2 });

    // A token that was revoked (by an earlier deletion) or has expired is no longer valid either.
    expect((await deleteGrant(tokenBody(token))).status).toBe(204);
    expect((await deleteGrant(tokenBody(token))).status).toBe(422);
    const fresh = await new OAuthTestClient({ sandboxUrl: sandbox.url, providerId: 'github' }).connect(SCOPE);
    await fetch(`${sandbox.url}/_sandbox/github/expire-access-tokens`, { method: 'POST' });
    expect((await deleteGrant(tokenBody(fresh.access_token))).status).toBe(422);
    expect(await stats()).toMatchObject({ apiRevocations: 1 });
  });
});

describe('the signed-in user', () => {
  it('should be sandbox-user in GET /user, a member of two organisations', async () => {
    const user = await json<Record<string, unknown>>('/user');
    expect(user).toMatchObject({
      login: 'sandbox-user',
      id: 190_000_001,
      type: 'User',
      name: 'Sandbox User',
      html_url: 'https://github.com/sandbox-user',
      url: `${sandbox.url}/github/api/users/sandbox-user`,
    });
    const orgs = await json<{ login: string }[]>('/user/orgs');
    expect(orgs.map((o) => o.login)).toEqual(['sandbox-labs', 'acme-sandbox']);
  });
});

describe('GET /user/repos', () => {
  it('should page with per_page and a Link header, following it to the end', async () => {
    let response = await get('/user/repos?per_page=3&sort=created&direction=asc');
    const names: string[] = [];
    const links: string[] = [];
    for (;;) {
      expect(response.status).toBe(200);
      names.push(...((await response.json()) as { full_name: string }[]).map((r) => r.full_name));
      const next = nextLink(response);
      if (!next) break;
      links.push(response.headers.get('link') ?? '');
      response = await get(next);
    }
    expect(names).toEqual([
      'sandbox-user/dotfiles',
      'sandbox-user/notes-app',
      'sandbox-labs/api-gateway',
      'sandbox-labs/design-system',
      'acme-sandbox/website',
      'acme-sandbox/infra',
      'sandbox-user/sandbox-user',
    ]);
    expect(links[0]).toBe(
      `<${sandbox.url}/github/api/user/repos?per_page=3&sort=created&direction=asc&page=2>; rel="next", ` +
        `<${sandbox.url}/github/api/user/repos?per_page=3&sort=created&direction=asc&page=3>; rel="last"`,
    );
    expect(links[1]).toContain('rel="prev"');
    expect(links[1]).toContain('rel="first"');
  });

  it('should sort by full_name by default, filters by visibility, and refuse bad parameters with 422', async () => {
    const all = await json<{ full_name: string; private: boolean }[]>('/user/repos');
    expect(all.map((r) => r.full_name)).toEqual([...all.map((r) => r.full_name)].sort((a, b) => a.localeCompare(b)));
    const hidden = await json<{ full_name: string; private: boolean }[]>('/user/repos?visibility=private');
    expect(hidden.map((r) => r.full_name).sort()).toEqual(['acme-sandbox/infra', 'sandbox-labs/api-gateway']);
    for (const query of ['?sort=stars', '?direction=up', '?visibility=secret', '?type=owner&visibility=all']) {
      const response = await get(`/user/repos${query}`);
      expect({ query, status: response.status }).toEqual({ query, status: 422 });
      expect(await response.json()).toMatchObject({ status: '422', documentation_url: expect.any(String) });
    }
  });
});

describe('GET /repos/{owner}/{repo}/issues', () => {
  const path = '/repos/sandbox-labs/api-gateway/issues';

  it('should list open issues and pull requests by default, all of them with state=all', async () => {
    const open = await json<Issue[]>(`${path}?per_page=100`);
    const all = await json<Issue[]>(`${path}?per_page=100&state=all`);
    expect(all).toHaveLength(40);
    expect(all.filter((i) => i.pull_request)).toHaveLength(6);
    expect(open.length).toBeLessThan(40);
    expect(open.every((i) => i.state === 'open')).toBe(true);
    // Default order: created, newest first.
    const created = all.map((i) => Date.parse(i.created_at));
    expect(created).toEqual([...created].sort((a, b) => b - a));
    // Owner and name are case-insensitive, as on GitHub.
    expect(await json<Issue[]>('/repos/Sandbox-Labs/API-Gateway/issues?per_page=100&state=all')).toEqual(all);
  });

  it('should sort by updated_at ascending and keep only what was updated at or after since', async () => {
    const all = await json<Issue[]>(`${path}?per_page=100&state=all&sort=updated&direction=asc`);
    const updated = all.map((i) => Date.parse(i.updated_at));
    expect(updated).toEqual([...updated].sort((a, b) => a - b));
    const since = all[30].updated_at;
    const later = await json<Issue[]>(`${path}?per_page=100&state=all&sort=updated&direction=asc&since=${since}`);
    expect(later.map((i) => i.id)).toEqual(all.filter((i) => i.updated_at >= since).map((i) => i.id));
    expect(later[0].updated_at).toBe(since);
  });

  it('should page by per_page with Link headers that name the repository by id', async () => {
    const all = await json<Issue[]>(`${path}?per_page=100&state=all&sort=updated&direction=asc`);
    const repoId = (await json<{ id: number; full_name: string }[]>('/user/repos?per_page=100')).find(
      (r) => r.full_name === 'sandbox-labs/api-gateway',
    )?.id;
    let response = await get(`${path}?per_page=15&state=all&sort=updated&direction=asc`);
    const ids: number[] = [];
    const pages: string[] = [];
    for (;;) {
      ids.push(...((await response.json()) as Issue[]).map((i) => i.id));
      const next = nextLink(response);
      if (!next) break;
      pages.push(next);
      response = await get(next);
    }
    expect(ids).toEqual(all.map((i) => i.id));
    expect(pages).toEqual([
      `${sandbox.url}/github/api/repositories/${repoId}/issues?per_page=15&state=all&sort=updated&direction=asc&page=2`,
      `${sandbox.url}/github/api/repositories/${repoId}/issues?per_page=15&state=all&sort=updated&direction=asc&page=3`,
    ]);
    // per_page above 100 is capped, as GitHub does; nonsense falls back to 30.
    expect(await json<Issue[]>(`${path}?state=all&per_page=500`)).toHaveLength(40);
    expect(await json<Issue[]>(`${path}?state=all&per_page=abc`)).toHaveLength(30);
  });

  it('should answer 410 for a repository with issues off, and 422 for bad or unsupported parameters', async () => {
    const gone = await get('/repos/sandbox-user/sandbox-user/issues');
    expect(gone.status).toBe(410);
    expect(await gone.json()).toMatchObject({ message: 'Issues are disabled for this repo', status: '410' });
    for (const query of ['?state=done', '?sort=votes', '?direction=sideways', '?since=yesterday', '?labels=bug']) {
      const response = await get(`${path}${query}`);
      expect({ query, status: response.status }).toEqual({ query, status: 422 });
    }
    const invalid = await get(`${path}?since=yesterday`);
    expect(await invalid.json()).toEqual({
      message: 'Validation Failed',
      errors: [{ resource: 'Issue', field: 'since', code: 'invalid' }],
      documentation_url: 'https://docs.github.com/rest/issues/issues#list-repository-issues',
      status: '422',
    });
  });

  it('should need the issues permission: 403 "Resource not accessible by integration" without it', async () => {
    const narrow = await new OAuthTestClient({ sandboxUrl: sandbox.url, providerId: 'github' }).connect(
      'metadata=read',
    );
    const response = await get(path, {}, narrow.access_token);
    expect(response.status).toBe(403);
    expect(response.headers.get('x-accepted-github-permissions')).toBe('issues=read');
    expect(await response.json()).toMatchObject({ message: 'Resource not accessible by integration', status: '403' });
    expect((await get('/user/repos', {}, narrow.access_token)).status).toBe(200);
  });

  it('should answer 304 to a matching If-None-Match, until the issues change', async () => {
    const query = `${path}?state=all&sort=updated&direction=asc&per_page=100`;
    const first = await get(query);
    const etag = first.headers.get('etag') ?? '';
    expect(etag).toMatch(/^W\/"[0-9a-f]{64}"$/);
    await first.arrayBuffer();
    const again = await get(query, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    // A mutation touches some repository; keep going until it is this one.
    let changed: Response | undefined;
    for (let i = 0; i < 20 && !changed; i++) {
      await (await mutate({ added: 1 })).arrayBuffer();
      const response = await get(query, { 'if-none-match': etag });
      if (response.status === 200) changed = response;
      else await response.arrayBuffer();
    }
    expect(changed?.headers.get('etag')).not.toBe(etag);
  });
});

describe('rate limits', () => {
  it('should send GitHub’s rate-limit headers, and 429 with Retry-After and GitHub’s body past the limit', async () => {
    await fetch(`${sandbox.url}/_sandbox/config`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rateLimitPerMinute: 3 }),
    });
    const first = await get('/user');
    expect({
      limit: first.headers.get('x-ratelimit-limit'),
      remaining: first.headers.get('x-ratelimit-remaining'),
      used: first.headers.get('x-ratelimit-used'),
      resource: first.headers.get('x-ratelimit-resource'),
    }).toEqual({ limit: '3', remaining: '2', used: '1', resource: 'core' });
    expect(Number(first.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
    await first.arrayBuffer();
    await (await get('/user')).arrayBuffer();
    await (await get('/user')).arrayBuffer();
    const limited = await get('/user');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await limited.json()).toEqual({
      message: 'API rate limit exceeded for user ID 190000001.',
      documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
      status: '429',
    });
  });
});

describe('POST /_sandbox/github/rate-limit', () => {
  const limit = (body: unknown) =>
    fetch(`${sandbox.url}/_sandbox/github/rate-limit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('should answer the primary limit as GitHub does: 403 or 429, remaining 0 and the reset, Retry-After on 429', async () => {
    expect((await limit({ kind: 'primary', status: 403, seconds: 90 })).status).toBe(200);
    expect((await limit({ kind: 'primary', status: 429, seconds: 90 })).status).toBe(200);
    for (const status of [403, 429]) {
      const answer = await get('/user');
      expect(answer.status).toBe(status);
      expect(answer.headers.get('x-ratelimit-remaining')).toBe('0');
      const reset = Number(answer.headers.get('x-ratelimit-reset'));
      expect(reset - Date.now() / 1000).toBeGreaterThan(85);
      expect(reset - Date.now() / 1000).toBeLessThan(95);
      expect(answer.headers.get('retry-after')).toBe(status === 429 ? '90' : null);
      expect(await answer.json()).toMatchObject({ message: 'API rate limit exceeded for user ID 190000001.' });
    }
    expect((await get('/user')).status).toBe(200);
  });

  it('should answer secondary limits with GitHub’s message and Retry-After (a 403 may come without it)', async () => {
    await limit({ kind: 'secondary', status: 403, seconds: 30 });
    await limit({ kind: 'secondary', status: 429, seconds: 45 });
    await limit({ kind: 'secondary', status: 403 });
    for (const [status, retryAfter] of [
      [403, '30'],
      [429, '45'],
      [403, null],
    ] as const) {
      const answer = await get('/user/repos');
      expect({ status: answer.status, retryAfter: answer.headers.get('retry-after') }).toEqual({ status, retryAfter });
      expect(((await answer.json()) as { message: string }).message).toMatch(/secondary rate limit/);
    }
  });

  it('should refuse a limit it cannot describe', async () => {
    expect((await limit({ kind: 'tertiary' })).status).toBe(400);
    expect((await limit({ kind: 'primary' })).status).toBe(400);
    expect((await limit({ kind: 'secondary', status: 404 })).status).toBe(400);
  });

  it('should send Retry-After on every 429, injected ones too', async () => {
    await fetch(`${sandbox.url}/_sandbox/github/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 429, times: 1 }),
    });
    const answer = await get('/user');
    expect(answer.status).toBe(429);
    expect(Number(answer.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });
});

describe('POST /_sandbox/github/rename', () => {
  const rename = (body: unknown) =>
    fetch(`${sandbox.url}/_sandbox/github/rename`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('should answer the old name with 301 to the repository id, keeping the query, and serve the new name', async () => {
    const before = await json<Issue[]>('/repos/sandbox-user/notes-app/issues?state=all&per_page=5');
    const renamed = await rename({ repository: 'sandbox-user/notes-app', to: 'sandbox-labs/notes' });
    const { id, full_name } = (await renamed.json()) as { id: number; full_name: string };
    expect(full_name).toBe('sandbox-labs/notes');
    const moved = await fetch(`${sandbox.url}/github/api/repos/sandbox-user/notes-app/issues?state=all&per_page=5`, {
      headers: { authorization: `Bearer ${token}` },
      redirect: 'manual',
    });
    const location = `${sandbox.url}/github/api/repositories/${id}/issues?state=all&per_page=5`;
    expect(moved.status).toBe(301);
    expect(moved.headers.get('location')).toBe(location);
    expect(await moved.json()).toMatchObject({ message: 'Moved Permanently', url: location });
    expect((await json<Issue[]>(location)).map((i) => i.id)).toEqual(before.map((i) => i.id));
    expect((await json<Issue[]>('/repos/sandbox-labs/notes/issues?state=all&per_page=5')).map((i) => i.id)).toEqual(
      before.map((i) => i.id),
    );
    const repos = await json<{ full_name: string }[]>('/user/repos');
    expect(repos.map((r) => r.full_name)).toContain('sandbox-labs/notes');
    expect(repos.map((r) => r.full_name)).not.toContain('sandbox-user/notes-app');
  });

  it('should refuse unknown repositories, taken names and owners the sandbox does not have', async () => {
    expect((await rename({ repository: 'sandbox-user/nope', to: 'sandbox-user/x' })).status).toBe(400);
    expect((await rename({ repository: 'sandbox-user/notes-app', to: 'sandbox-user/dotfiles' })).status).toBe(400);
    expect((await rename({ repository: 'sandbox-user/notes-app', to: 'someone-else/notes' })).status).toBe(400);
    expect((await rename({ repository: 'sandbox-user/notes-app' })).status).toBe(400);
  });
});

describe('POST /_sandbox/github/mutate', () => {
  it('should change the issues and answer what the next sync should count', async () => {
    expect(await (await fetch(`${sandbox.url}/_sandbox/github/data`)).json()).toEqual({
      seed: 1,
      mutations: 0,
      repositories: 7,
      repositoriesWithIssues: 6,
      issues: 150,
      pullRequests: 24,
    });
    const response = await mutate({ added: 2, updated: 1, deleted: 1 });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      expected: {
        repositories: { added: 0, updated: 0, deleted: 0 },
        issues: { added: 2, updated: 1, deleted: 0 },
      },
      unreported: { issues: { deleted: 1 } },
    });
    expect(await (await fetch(`${sandbox.url}/_sandbox/github/data`)).json()).toMatchObject({
      mutations: 1,
      issues: 151,
    });
    // An empty body changes nothing (but still counts as a mutation step).
    expect(await (await mutate({})).json()).toMatchObject({
      expected: { issues: { added: 0, updated: 0, deleted: 0 } },
    });
    await fetch(`${sandbox.url}/_sandbox/reset`, { method: 'POST' });
    expect(await (await fetch(`${sandbox.url}/_sandbox/github/data`)).json()).toMatchObject({
      mutations: 0,
      issues: 150,
    });
  });

  it('should refuse bad input with 400', async () => {
    for (const body of [{ added: -1 }, { updated: 1001 }, { deleted: 1.5 }, { added: '2' }, { removed: 1 }, [1]]) {
      const response = await mutate(body);
      expect({ body, status: response.status }).toEqual({ body, status: 400 });
      expect(await response.json()).toMatchObject({ error: 'invalid_request' });
    }
    expect(await (await fetch(`${sandbox.url}/_sandbox/github/data`)).json()).toMatchObject({ mutations: 0 });
  });
});
