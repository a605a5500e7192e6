import { Test } from '@nestjs/testing';
import {
  catalogProblems,
  IntegrationError,
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
import { errorAnswer, fixture, githubFixtureApi } from './fixtures/github-fixture-api';
import { githubErrorCode, toGitHubIntegrationError } from './github-errors';
import { parseLinkHeader, relativeApiPath } from './github-links';
import { GitHubProvider } from './github.provider';

const TOKEN = 'ghu_16C7e42F292c6912E7710c838347Ae178B4a';
const credentials = { accessToken: TOKEN };

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  server.answer(githubFixtureApi());
});

const provider = (options: Parameters<GitHubProvider['withOptions']>[0] = {}) =>
  new GitHubProvider().withOptions({ apiBaseUrl: server.url, pageSize: 2, ...options });

function run(p: GitHubProvider, resource: string, cursor: string | null = null, signal = new AbortController().signal) {
  return collect(p.sync({ credentials, resource, cursor, selection: [], signal }));
}

/** The sync token of a finished pass (its last page's). */
function syncTokenOf(pages: readonly SyncPage[]): string {
  const token = pages.at(-1)?.syncToken;
  if (token === undefined) throw new Error('The pass ended without a sync token');
  return token;
}

const ids = (pages: readonly SyncPage[]) => pages.flatMap((page) => page.records.map((record) => record.externalId));
const requested = () => server.requests.map((r) => `${r.path}${r.query.size > 0 ? `?${r.query}` : ''}`);
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

/** The fixture API, except for requests `override` answers (undefined: the fixture API answers). */
function withOverride(override: (request: FixtureRequest) => ReturnType<FixtureHandler> | undefined): FixtureHandler {
  const api = githubFixtureApi();
  return (request) => override(request) ?? api(request);
}

describe('getAccountInfo', () => {
  it('should be the user, named by login, with their organisations and name in the details', async () => {
    const account = await provider().getAccountInfo({ credentials });
    expect(account).toEqual({
      externalAccountId: '1',
      displayName: 'octocat',
      email: 'octocat@github.com',
      url: 'https://github.com/octocat',
      details: { name: 'monalisa octocat', organisations: 'github, octo-org' },
    });
    expect(requested()).toEqual(['/user', '/user/orgs?per_page=100']);
  });

  it('should send GitHub’s media type and API version, a user agent and the bearer token', async () => {
    await provider().getAccountInfo({ credentials });
    for (const request of server.requests) {
      expect(request.headers).toMatchObject({
        accept: 'application/vnd.github+json',
        'x-github-api-version': '2022-11-28',
        'user-agent': 'integrations-hub',
        authorization: `Bearer ${TOKEN}`,
      });
    }
  });

  it('should still answer when the organisations are hidden (403), without them', async () => {
    server.answer(withOverride((r) => (r.path === '/user/orgs' ? errorAnswer(403) : undefined)));
    const account = await provider().getAccountInfo({ credentials });
    expect(account.details).toEqual({ name: 'monalisa octocat' });
  });

  it('should fail with RATE_LIMITED, not hide the organisations, when their 403 is GitHub’s rate limit', async () => {
    const reset = Math.ceil(Date.now() / 1000) + 120;
    server.answer(
      withOverride((r) =>
        r.path === '/user/orgs'
          ? errorAnswer(
              403,
              { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) },
              'error-403-rate-limit.json',
            )
          : undefined,
      ),
    );
    const mapped = toGitHubIntegrationError(await failure(provider().getAccountInfo({ credentials })));
    expect(mapped.code).toBe('RATE_LIMITED');
    expect(mapped.options.retryAfterMs).toBeGreaterThan(110_000);
  });

  it('should leave out what the user has not set (no name, no public email, no organisations)', async () => {
    server.answer(
      withOverride((r) =>
        r.path === '/user'
          ? { body: { ...fixture<object>('user.json'), name: null, email: null } }
          : r.path === '/user/orgs'
            ? { body: [] }
            : undefined,
      ),
    );
    const account = await provider().getAccountInfo({ credentials });
    expect(account).toEqual({
      externalAccountId: '1',
      displayName: 'octocat',
      url: 'https://github.com/octocat',
      details: {},
    });
  });

  it('should fail with UNKNOWN when GET /user has no id or login', async () => {
    server.answer(() => ({ body: { login: 'octocat' } }));
    const error = await failure(provider().getAccountInfo({ credentials }));
    expect(toGitHubIntegrationError(error).code).toBe('UNKNOWN');
  });

  it('should fail when the organisations fail otherwise (500 → TEMPORARY)', async () => {
    server.answer(withOverride((r) => (r.path === '/user/orgs' ? errorAnswer(500) : undefined)));
    const error = await failure(provider().getAccountInfo({ credentials }));
    expect(toGitHubIntegrationError(error).code).toBe('TEMPORARY');
  });

  it('should refuse credentials without an access token, without calling GitHub', async () => {
    await expect(provider().getAccountInfo({ credentials: {} })).rejects.toMatchObject({ code: 'AUTH_REVOKED' });
    expect(server.requests).toHaveLength(0);
  });
});

describe('sync repositories', () => {
  it('should follow the Link header, oldest first, keeping the fields the hub stores', async () => {
    const pages = await run(provider(), 'repositories');
    expect(requested()).toEqual([
      '/user/repos?per_page=2&sort=created&direction=asc',
      '/user/repos?per_page=2&sort=created&direction=asc&page=2',
      '/user/repos?per_page=2&sort=created&direction=asc&page=3',
    ]);
    expect(ids(pages)).toEqual(['1296269', '1300192', '27336099', '132935648', '27336100']);
    expect(pages.map((p) => p.nextCursor)).toEqual([
      '{"v":1,"kind":"repositories","next":"/user/repos?per_page=2&sort=created&direction=asc&page=2"}',
      '{"v":1,"kind":"repositories","next":"/user/repos?per_page=2&sort=created&direction=asc&page=3"}',
      null,
    ]);
    expect(pages[0].records[0].data).toEqual({
      full_name: 'octocat/Hello-World',
      name: 'Hello-World',
      owner: 'octocat',
      private: false,
      visibility: 'public',
      description: 'My first repository on GitHub!',
      fork: false,
      archived: false,
      language: 'JavaScript',
      topics: ['octocat', 'atom', 'electron', 'api'],
      default_branch: 'main',
      has_issues: true,
      stargazers_count: 80,
      forks_count: 9,
      license: 'MIT',
      homepage: 'https://github.com',
      html_url: 'https://github.com/octocat/Hello-World',
      created_at: '2011-01-26T19:01:12Z',
      updated_at: '2025-02-01T09:30:00Z',
      pushed_at: '2025-01-30T17:02:11Z',
    });
  });

  it('should refuse a Link to another host, and never send the token there', async () => {
    const elsewhere = await startFixtureServer(() => ({ body: [] }));
    try {
      server.answer(() => ({
        body: fixture<unknown[]>('user-repos.json').slice(0, 2),
        headers: { link: `<${elsewhere.url}/user/repos?page=2&per_page=2>; rel="next"` },
      }));
      const error = await failure(run(provider(), 'repositories'));
      expect(error).toBeInstanceOf(IntegrationError);
      expect((error as IntegrationError).code).toBe('UNKNOWN');
      expect(elsewhere.requests).toHaveLength(0);
    } finally {
      await elsewhere.close();
    }
  });

  it('should refuse a Link to a path it does not page through', async () => {
    server.answer((r) => ({
      body: fixture<unknown[]>('user-repos.json').slice(0, 2),
      headers: { link: `<http://${String(r.headers['host'])}/user/keys?page=2>; rel="next"` },
    }));
    await expect(run(provider(), 'repositories')).rejects.toMatchObject({ code: 'UNKNOWN' });
    expect(server.requests).toHaveLength(1);
  });

  it('should fail with UNKNOWN on an answer that is not a list, or a repository without an id', async () => {
    server.answer(() => ({ body: { message: 'not a list' } }));
    await expect(run(provider(), 'repositories')).rejects.toMatchObject({ code: 'UNKNOWN' });
    server.answer(() => ({ body: [{ full_name: 'octocat/Hello-World' }] }));
    await expect(run(provider(), 'repositories')).rejects.toMatchObject({ code: 'UNKNOWN' });
  });

  it('should refuse cursors of another kind, or naming a path it would not request', async () => {
    const issuesToken = syncTokenOf(await run(provider(), 'issues'));
    server.requests.length = 0;
    for (const cursor of [
      issuesToken,
      '{"v":1,"kind":"repositories","next":"/user/keys?page=2"}',
      '{"v":1,"kind":"repositories","next":"https://evil.example/user/repos?page=2"}',
      '{"v":2,"kind":"repositories","next":"/user/repos?page=2"}',
    ]) {
      await expect(run(provider(), 'repositories', cursor)).rejects.toMatchObject({ code: 'CURSOR_INVALID' });
    }
    expect(server.requests).toHaveLength(0);
  });
});

describe('sync issues', () => {
  it('should read each repository with issues by updated time, oldest first, paging by since', async () => {
    const pages = await run(provider(), 'issues');
    expect(requested()).toEqual([
      '/user/repos?per_page=2&sort=created&direction=asc',
      '/user/repos?per_page=2&sort=created&direction=asc&page=2',
      '/user/repos?per_page=2&sort=created&direction=asc&page=3',
      '/repos/octocat/Hello-World/issues?state=all&sort=updated&direction=asc&per_page=2',
      '/repos/octocat/Hello-World/issues?state=all&sort=updated&direction=asc&per_page=2&since=2025-01-06T10%3A59%3A59Z',
      '/repos/octocat/Hello-World/issues?state=all&sort=updated&direction=asc&per_page=2&since=2025-01-07T08%3A44%3A59Z',
      '/repos/octocat/Hello-World/issues?state=all&sort=updated&direction=asc&per_page=2&since=2025-01-08T12%3A29%3A59Z',
      '/repos/octocat/Spoon-Knife/issues?state=all&sort=updated&direction=asc&per_page=2',
      '/repos/octocat/Spoon-Knife/issues?state=all&sort=updated&direction=asc&per_page=2&since=2024-12-12T15%3A09%3A59Z',
      '/repos/octo-org/octo-repo/issues?state=all&sort=updated&direction=asc&per_page=2',
      '/repos/octo-org/octo-repo/issues?state=all&sort=updated&direction=asc&per_page=2&since=2025-02-11T11%3A59%3A59Z',
      '/repos/octo-org/empty-repo/issues?state=all&sort=updated&direction=asc&per_page=2',
    ]);
    // boysenberry-repo-1 has issues off: never asked. Pull requests #1348 and #8 are skipped.
    expect(ids(pages)).toEqual([
      '1',
      '1860343',
      '1860344',
      '1860345',
      '1523710',
      '1523711',
      '1523712',
      '2071120',
      '2071122',
    ]);
    expect(pages.flatMap((p) => p.records).find((r) => r.externalId === '1860344')?.data).toEqual({
      repository: 'octocat/Hello-World',
      number: 1350,
      title: 'Typo in the install guide',
      state: 'closed',
      state_reason: 'completed',
      labels: ['documentation'],
      assignees: ['octocat', 'monalisa'],
      user: 'octocat',
      comments: 3,
      created_at: '2025-01-04T16:00:00Z',
      updated_at: '2025-01-08T12:30:00Z',
      closed_at: '2025-01-08T12:30:00Z',
      html_url: 'https://github.com/octocat/Hello-World/issues/1350',
    });
    expect(JSON.stringify(pages)).not.toContain(TOKEN);
    const token = JSON.parse(syncTokenOf(pages)) as { repos: unknown[] };
    expect(token.repos).toEqual([
      { n: 'octocat/Hello-World', id: 1296269, s: '2025-02-01T09:30:00Z', seen: ['1860345'] },
      { n: 'octocat/Spoon-Knife', id: 1300192, s: '2025-03-03T12:00:00Z', seen: ['1523712'] },
      { n: 'octo-org/octo-repo', id: 27336099, s: '2025-02-12T08:00:00Z', seen: ['2071122'] },
      // Nothing listed for "no since" either: its ETag is that request's, so the next run may get a 304.
      { n: 'octo-org/empty-repo', id: 27336100, s: null, seen: [], e: expect.stringMatching(/^W\/"[0-9a-f]+"$/) },
    ]);
  });

  it('should ask with If-None-Match once it holds the ETag of that very request; 304 keeps the repository as it was', async () => {
    const p = provider();
    const full = await run(p, 'issues');
    const first = await run(p, 'issues', syncTokenOf(full));
    expect(ids(first).sort()).toEqual(['1860343', '1860346', '2071123']);
    server.requests.length = 0;
    const second = await run(p, 'issues', syncTokenOf(first));
    expect(ids(second)).toEqual([]);
    const issueRequests = server.requests.filter((r) => r.path.endsWith('/issues'));
    // Spoon-Knife and empty-repo were unchanged in the first incremental run: their ETags are sent now.
    expect(issueRequests.map((r) => [r.path, r.headers['if-none-match'] !== undefined])).toEqual([
      ['/repos/octocat/Hello-World/issues', false],
      ['/repos/octocat/Spoon-Knife/issues', true],
      ['/repos/octo-org/octo-repo/issues', false],
      ['/repos/octo-org/empty-repo/issues', true],
    ]);
    server.requests.length = 0;
    const third = await run(p, 'issues', syncTokenOf(second));
    expect(ids(third)).toEqual([]);
    expect(third).toHaveLength(1);
    expect(third[0]).toMatchObject({ records: [], nextCursor: null, syncToken: expect.any(String) });
    expect(server.requests.filter((r) => r.path.endsWith('/issues')).every((r) => r.headers['if-none-match'])).toBe(
      true,
    );
  });

  it('should read a repository that appeared since the last run in full, and forget one that is gone', async () => {
    const p = provider();
    server.answer(githubFixtureApi({ changes: false }));
    const token = JSON.parse(syncTokenOf(await run(p, 'issues'))) as { repos: { n: string }[] };
    // octo-repo is new to the token; Spoon-Knife has left the list.
    token.repos = token.repos.filter((r) => r.n !== 'octo-org/octo-repo');
    const repos = fixture<Record<string, unknown>[]>('user-repos.json').filter((r) => r['name'] !== 'Spoon-Knife');
    const api = githubFixtureApi({ changes: false });
    server.answer((r) => (r.path === '/user/repos' ? { body: repos } : api(r)));
    const pages = await run(p, 'issues', JSON.stringify(token));
    expect(ids(pages)).toEqual(['2071120', '2071122']);
    const next = JSON.parse(syncTokenOf(pages)) as { repos: { n: string }[] };
    expect(next.repos.map((r) => r.n)).toEqual(['octocat/Hello-World', 'octo-org/octo-repo', 'octo-org/empty-repo']);
  });

  it('should skip a repository that answers 404 or 410, and carry on with the others', async () => {
    for (const answer of [errorAnswer(404), errorAnswer(410)]) {
      server.answer(withOverride((r) => (r.path.startsWith('/repos/octocat/Spoon-Knife/') ? answer : undefined)));
      const pages = await run(provider(), 'issues');
      expect(ids(pages)).toEqual(['1', '1860343', '1860344', '1860345', '2071120', '2071122']);
      const token = JSON.parse(syncTokenOf(pages)) as { repos: { n: string }[] };
      expect(token.repos.map((r) => r.n)).not.toContain('octocat/Spoon-Knife');
    }
  });

  it('should read a repository renamed during the pass (301 to its old name) by its id, losing none of its issues', async () => {
    const moved = (r: FixtureRequest) =>
      r.path.startsWith('/repos/octocat/Spoon-Knife/')
        ? {
            status: 301,
            headers: { location: `http://${String(r.headers['host'])}/repositories/1300192/issues` },
            body: {
              message: 'Moved Permanently',
              url: '…',
              documentation_url: 'https://docs.github.com/v3/#http-redirects',
            },
          }
        : undefined;
    server.answer(withOverride(moved));
    const pages = await run(provider(), 'issues');
    expect(ids(pages)).toEqual([
      '1',
      '1860343',
      '1860344',
      '1860345',
      '1523710',
      '1523711',
      '1523712',
      '2071120',
      '2071122',
    ]);
    expect(requested().filter((path) => path.includes('1300192') || path.includes('Spoon-Knife'))).toEqual([
      '/repos/octocat/Spoon-Knife/issues?state=all&sort=updated&direction=asc&per_page=2',
      '/repositories/1300192/issues?state=all&sort=updated&direction=asc&per_page=2',
      '/repositories/1300192/issues?state=all&sort=updated&direction=asc&per_page=2&since=2024-12-12T15%3A09%3A59Z',
    ]);
    const token = JSON.parse(syncTokenOf(pages)) as { repos: { n: string; m?: boolean }[] };
    expect(token.repos.find((r) => r.n === 'octocat/Spoon-Knife')).toMatchObject({ id: 1300192, m: true });
  });

  it('should start over from the list (CURSOR_INVALID) when a cursor without repository ids meets a 301', async () => {
    const cursor = JSON.stringify({
      v: 1,
      kind: 'issues',
      fullAt: 1,
      repos: [{ n: 'octocat/Spoon-Knife', s: null, seen: [] }],
      at: 0,
    });
    server.answer(
      withOverride((r) =>
        r.path.startsWith('/repos/octocat/Spoon-Knife/')
          ? {
              status: 301,
              headers: { location: '/repositories/1300192/issues' },
              body: { message: 'Moved Permanently' },
            }
          : undefined,
      ),
    );
    await expect(run(provider(), 'issues', cursor)).rejects.toMatchObject({ code: 'CURSOR_INVALID' });
  });

  it('should fail the sync with INSUFFICIENT_SCOPE when the app may not read a repository’s issues', async () => {
    server.answer(
      withOverride((r) =>
        r.path.startsWith('/repos/octo-org/') ? errorAnswer(403, { 'x-ratelimit-remaining': '4000' }) : undefined,
      ),
    );
    const p = provider();
    const error = await failure(run(p, 'issues'));
    expect(p.toIntegrationError(error).code).toBe('INSUFFICIENT_SCOPE');
  });

  it('should not lose an issue that slides between pages when another is edited mid-pass', async () => {
    // Page numbers would skip #1349 here: #1347 moves to the end after page 1, so page 2 starts one later.
    const items = fixture<Record<string, unknown>[]>('issues-octocat-hello-world.json');
    let edited = false;
    server.answer((request) => {
      if (request.path === '/user/repos') return { body: fixture<unknown[]>('user-repos.json').slice(0, 1) };
      const current = items.map((item) =>
        edited && item['number'] === 1347 ? { ...item, updated_at: '2025-06-01T00:00:00Z', title: 'Edited' } : item,
      );
      edited = true;
      return issuesPage(current, request);
    });
    const pages = await run(provider(), 'issues');
    const seen = pages.flatMap((p) => p.records);
    expect(new Set(seen.map((r) => r.externalId))).toEqual(new Set(['1', '1860343', '1860344', '1860345']));
    expect(seen.find((r) => r.externalId === '1' && r.data['title'] === 'Edited')).toBeDefined();
  });

  it('should follow the Link when a whole page was updated in the same second', async () => {
    const at = '2025-03-01T10:00:00Z';
    const base = fixture<Record<string, unknown>[]>('issues-octocat-hello-world.json').filter(
      (i) => !i['pull_request'],
    );
    const items = base.map((item, index) => ({ ...item, updated_at: index < 3 ? at : '2025-03-01T10:00:05Z' }));
    server.answer((request) =>
      request.path === '/user/repos'
        ? { body: fixture<unknown[]>('user-repos.json').slice(0, 1) }
        : issuesPage(items, request),
    );
    const pages = await run(provider(), 'issues');
    expect(ids(pages)).toEqual(['1', '1860343', '1860344', '1860345']);
    expect(requested().slice(1)).toEqual([
      '/repos/octocat/Hello-World/issues?state=all&sort=updated&direction=asc&per_page=2',
      // #1347 and #1349 share 10:00:00: since moves there (asked from the second before).
      '/repos/octocat/Hello-World/issues?state=all&sort=updated&direction=asc&per_page=2&since=2025-03-01T09%3A59%3A59Z',
      // That page (#1347, #1349 again) is all 10:00:00: since cannot move, so page 2 of the same question
      // (#1350 at 10:00:00, #1351 at 10:00:05).
      '/repositories/1296269/issues?state=all&sort=updated&direction=asc&per_page=2&since=2025-03-01T09%3A59%3A59Z&page=2',
    ]);
  });

  it('should lose no issue updated in the boundary second, whether GitHub reads since as at-or-after or strictly after', async () => {
    // Page 1 ends at 10:00:01 (#1349) while #1350 shares that second on the next page.
    const times = ['2025-03-01T10:00:00Z', '2025-03-01T10:00:01Z', '2025-03-01T10:00:01Z', '2025-03-01T10:00:02Z'];
    const items = fixture<Record<string, unknown>[]>('issues-octocat-hello-world.json')
      .filter((i) => !i['pull_request'])
      .map((item, index) => ({ ...item, updated_at: times[index] }));
    for (const strict of [false, true]) {
      server.answer((request) =>
        request.path === '/user/repos'
          ? { body: fixture<unknown[]>('user-repos.json').slice(0, 1) }
          : issuesPage(items, request, strict),
      );
      const pages = await run(provider(), 'issues');
      expect({ strict, ids: ids(pages) }).toEqual({ strict, ids: ['1', '1860343', '1860344', '1860345'] });
      // And the next run from the token sees nothing again.
      expect({ strict, again: ids(await run(provider(), 'issues', syncTokenOf(pages))) }).toEqual({
        strict,
        again: [],
      });
    }
  });

  it('should ask for a full pass (CURSOR_INVALID) when the token is older than fullPassEveryMs, before any request', async () => {
    let now = Date.UTC(2025, 5, 1);
    const p = provider({ now: () => now, fullPassEveryMs: 7 * 24 * 3600 * 1000 });
    const token = syncTokenOf(await run(p, 'issues'));
    now += 7 * 24 * 3600 * 1000;
    await expect(run(p, 'issues', token)).resolves.toBeDefined();
    const ageOfFirst = JSON.parse(syncTokenOf(await run(p, 'issues', token))) as { fullAt: number };
    expect(ageOfFirst.fullAt).toBe(Date.UTC(2025, 5, 1));
    now += 1;
    server.requests.length = 0;
    await expect(run(p, 'issues', token)).rejects.toMatchObject({ code: 'CURSOR_INVALID' });
    expect(server.requests).toHaveLength(0);
  });

  it('should refuse cursors of another kind, tampered repository names and foreign links (CURSOR_INVALID)', async () => {
    const good = JSON.parse(syncTokenOf(await run(provider(), 'issues'))) as Record<string, unknown>;
    server.requests.length = 0;
    const state = { n: 'octocat/Hello-World', s: null, seen: [] };
    for (const cursor of [
      '{"v":1,"kind":"repositories","next":"/user/repos?page=2"}',
      JSON.stringify({ ...good, kind: 'issues-full' }),
      JSON.stringify({ ...good, repos: [{ ...state, n: '../../user' }] }),
      JSON.stringify({ ...good, repos: [{ ...state, n: 'octocat/..' }] }),
      JSON.stringify({ ...good, repos: [{ ...state, s: 'yesterday' }] }),
      JSON.stringify({ ...good, repos: [{ ...state, e: 'no-quotes' }] }),
      JSON.stringify({ v: 1, kind: 'issues', fullAt: 1, repos: [state], at: 1 }),
      JSON.stringify({
        v: 1,
        kind: 'issues',
        fullAt: 1,
        repos: [state],
        at: 0,
        pos: { s: null, seen: [], next: '/user/keys?x=1' },
      }),
      JSON.stringify({
        v: 1,
        kind: 'issues',
        fullAt: 1,
        repos: [state],
        at: 0,
        pos: { s: null, seen: [], next: '/repos/../../admin/issues?x=1' },
      }),
    ]) {
      await expect(run(provider(), 'issues', cursor)).rejects.toMatchObject({ code: 'CURSOR_INVALID' });
    }
    expect(server.requests).toHaveLength(0);
  });

  it('should fail with UNKNOWN on issues without an id, or older than the since it asked for', async () => {
    server.answer(withOverride((r) => (r.path.endsWith('/issues') ? { body: [{ title: 'no id' }] } : undefined)));
    await expect(run(provider(), 'issues')).rejects.toMatchObject({ code: 'UNKNOWN' });
    const p = provider();
    server.answer(githubFixtureApi());
    const token = syncTokenOf(await run(p, 'issues'));
    server.answer(
      withOverride((r) =>
        r.path.endsWith('/issues') ? { body: [{ id: 5, updated_at: '2001-01-01T00:00:00Z' }] } : undefined,
      ),
    );
    await expect(run(p, 'issues', token)).rejects.toMatchObject({ code: 'UNKNOWN' });
  });

  it('should end with one empty final page when there is no repository', async () => {
    server.answer((r) => (r.path === '/user/repos' ? { body: [] } : errorAnswer(404)));
    const pages = await run(provider(), 'issues');
    expect(pages).toEqual([
      { records: [], nextCursor: null, syncToken: expect.stringContaining('"kind":"issues-changes"') },
    ]);
  });

  it('should refuse a resource it does not sync', async () => {
    await expect(run(provider(), 'pull-requests')).rejects.toMatchObject({ code: 'INVALID_CONFIG' });
    expect(server.requests).toHaveLength(0);
  });
});

/**
 * One repository's issues as GitHub pages them: updated_at oldest first, `since` inclusive (as the API
 * answers; `strict`: only after it, as its reference words it), page numbers.
 */
function issuesPage(
  items: readonly Record<string, unknown>[],
  request: FixtureRequest,
  strict = false,
): FixtureResponse {
  const since = request.query.get('since');
  const after = (item: Record<string, unknown>) => Date.parse(String(item['updated_at'])) - Date.parse(since ?? '');
  const current = items
    .filter((item) => since === null || (strict ? after(item) > 0 : after(item) >= 0))
    .sort((a, b) => Date.parse(String(a['updated_at'])) - Date.parse(String(b['updated_at'])));
  const perPage = Number(request.query.get('per_page'));
  const page = Number(request.query.get('page') ?? 1);
  const next = new URLSearchParams(request.query);
  next.set('page', String(page + 1));
  const headers: Record<string, string> = {};
  if (current.length > page * perPage) {
    headers['link'] = `<http://${String(request.headers['host'])}/repositories/1296269/issues?${next}>; rel="next"`;
  }
  return { body: current.slice((page - 1) * perPage, page * perPage), headers };
}

describe('revoke', () => {
  const APP = { clientId: 'Iv1.8a61f9b3a7aba766', clientSecret: '1f2e3d4c5b6a79880f1e2d3c4b5a69788f7e6d5c' };
  const GRANT_PATH = `/applications/${APP.clientId}/grant`;
  const basic = `Basic ${Buffer.from(`${APP.clientId}:${APP.clientSecret}`).toString('base64')}`;
  /** GitHub's grant deletion: 204 for the app's credentials and the connection's token, else `otherwise`. */
  const grantApi =
    (otherwise: FixtureResponse = errorAnswer(404, {}, 'error-404-grant.json')): FixtureHandler =>
    (request) => {
      const body = JSON.parse(request.body || '{}') as { access_token?: unknown };
      const matches =
        request.method === 'DELETE' &&
        request.path === GRANT_PATH &&
        request.headers['authorization'] === basic &&
        body.access_token === TOKEN;
      return matches ? { status: 204 } : otherwise;
    };
  /** What `revoke` fails with: the error it threw and how the provider maps it. */
  async function revokeFailure(
    p: GitHubProvider,
    params: Partial<Parameters<GitHubProvider['revoke']>[0]> = {},
  ): Promise<{ thrown: Error; mapped: IntegrationError }> {
    const thrown = await p.revoke({ credentials, app: APP, ...params }).then(
      () => {
        throw new Error('expected a failure');
      },
      (error: unknown) => error as Error,
    );
    return { thrown, mapped: p.toIntegrationError(thrown) };
  }
  const secretsIn = (...messages: string[]) =>
    messages.filter((message) => message.includes(TOKEN) || message.includes(APP.clientSecret));

  it('should send DELETE /applications/{client_id}/grant with Basic client id:secret, the token in the JSON body and GitHub’s headers; 204 resolves', async () => {
    server.answer(grantApi());
    await expect(provider().revoke({ credentials, app: APP })).resolves.toBeUndefined();
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request.method).toBe('DELETE');
    expect(request.path).toBe(GRANT_PATH);
    expect(request.query.size).toBe(0);
    expect(request.headers).toMatchObject({
      authorization: basic,
      accept: 'application/vnd.github+json',
      'x-github-api-version': '2022-11-28',
      'user-agent': 'integrations-hub',
      'content-type': 'application/json',
    });
    expect(JSON.parse(request.body)).toEqual({ access_token: TOKEN });
    // The token only in the body: not as a bearer token, not in the URL.
    expect(String(request.headers['authorization'])).not.toContain(TOKEN);
  });

  it('should encode the client id in the path', async () => {
    server.answer(() => ({ status: 204 }));
    await provider().revoke({ credentials, app: { ...APP, clientId: 'Iv1/odd id' } });
    expect(server.requests.map((r) => r.path)).toEqual(['/applications/Iv1%2Fodd%20id/grant']);
  });

  it('should refuse without the app’s client id and secret, without calling GitHub', async () => {
    const p = provider();
    for (const app of [null, { ...APP, clientSecret: '' }, { ...APP, clientId: '' }]) {
      const { mapped } = await revokeFailure(p, { app });
      expect(mapped.code).toBe('INVALID_CONFIG');
      expect(mapped.message).toBe("GitHub needs the app's client id and secret to revoke");
    }
    expect(server.requests).toHaveLength(0);
  });

  it('should refuse credentials without an access token, without calling GitHub', async () => {
    const p = provider();
    for (const without of [
      {},
      { accessToken: '' },
      { refreshToken: 'ghr_1B4a2e77838347a7E420ce178F2E7c6912E169246c3' },
    ]) {
      const { mapped } = await revokeFailure(p, { credentials: without });
      expect(mapped.code).toBe('INVALID_CONFIG');
      expect(mapped.message).toMatch(/access token/);
      expect(mapped.message).not.toContain('ghr_');
    }
    expect(server.requests).toHaveLength(0);
  });

  it('should not take a 404 (token unknown: expired, or the grant already deleted) as a confirmed revocation', async () => {
    server.answer(grantApi());
    const p = provider();
    const { thrown, mapped } = await revokeFailure(p, {
      credentials: { accessToken: 'ghu_expiredOrAlreadyRevoked0000000000' },
    });
    expect(mapped).toMatchObject({ code: 'NOT_FOUND', options: { status: 404 } });
    expect(mapped.message).toMatch(/not confirmed/);
    expect(secretsIn(thrown.message, mapped.message)).toEqual([]);
  });

  it('should throw on 422 (validation failed, or the endpoint spammed): nothing was deleted', async () => {
    server.answer(() => errorAnswer(422, {}, 'error-422-grant.json'));
    const p = provider();
    const { thrown, mapped } = await revokeFailure(p);
    expect(mapped).toMatchObject({ code: 'INVALID_CONFIG', options: { status: 422 } });
    expect(mapped.message).toContain('validation_failed');
    expect(secretsIn(thrown.message, mapped.message)).toEqual([]);
  });

  it('should read a 401 as the app’s client id and secret refused, not the user’s token', async () => {
    server.answer(() => errorAnswer(401));
    const p = provider();
    const { thrown, mapped } = await revokeFailure(p);
    expect(mapped).toMatchObject({ code: 'INVALID_CONFIG', options: { status: 401 } });
    expect(mapped.message).toBe("GitHub refused the app's client id and secret (401)");
    expect(secretsIn(thrown.message, mapped.message)).toEqual([]);
  });

  it('should throw on rate limits, server errors, timeouts and network failures, mapped as for every call', async () => {
    const p = provider({ timeoutMs: 300 });
    const reset = Math.ceil(Date.now() / 1000) + 120;
    const cases: [FixtureResponse | 'drop' | 'hang', string][] = [
      [errorAnswer(429, { 'retry-after': '60' }, 'error-429-secondary.json'), 'RATE_LIMITED'],
      [
        errorAnswer(
          403,
          { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) },
          'error-403-rate-limit.json',
        ),
        'RATE_LIMITED',
      ],
      [errorAnswer(500), 'TEMPORARY'],
      [{ status: 502, body: '<html>Bad Gateway</html>' }, 'TEMPORARY'],
      ['drop', 'TEMPORARY'],
      ['hang', 'TEMPORARY'],
    ];
    for (const [answer, code] of cases) {
      server.answer(() => (answer === 'hang' ? new Promise<FixtureResponse>(() => undefined) : answer));
      const { thrown, mapped } = await revokeFailure(p);
      const status = typeof answer === 'string' ? answer : answer.status;
      expect({ status, code: mapped.code }).toEqual({ status, code });
      expect(secretsIn(thrown.message, mapped.message)).toEqual([]);
    }
  });

  it('should follow no redirect, so the credentials and token go nowhere else', async () => {
    server.answer((request) =>
      request.path === GRANT_PATH ? { status: 307, headers: { location: `${server.url}/elsewhere` } } : { status: 204 },
    );
    const p = provider();
    const { mapped } = await revokeFailure(p);
    expect(mapped.code).toBe('TEMPORARY');
    expect(server.requests.map((r) => r.path)).toEqual([GRANT_PATH]);
  });

  it('should take only 204 as confirmation, not another 2xx', async () => {
    server.answer(() => ({ status: 200, body: {} }));
    const { mapped } = await revokeFailure(provider());
    expect(mapped).toMatchObject({ code: 'UNKNOWN', options: { status: 200 } });
  });

  it('should send nothing once the signal is aborted', async () => {
    server.answer(grantApi());
    const controller = new AbortController();
    controller.abort(new Error('stopped'));
    await expect(provider().revoke({ credentials, app: APP, signal: controller.signal })).rejects.toThrow('stopped');
    expect(server.requests).toHaveLength(0);
  });
});

describe('toIntegrationError', () => {
  const apiError = (status: number, code?: string, retryAfterMs?: number) =>
    new ProviderApiError('GitHub', status, '/user/repos', code, retryAfterMs);

  it.each([
    [401, 'bad_credentials', undefined, 'AUTH_REVOKED'],
    [403, 'not_accessible_by_integration', undefined, 'INSUFFICIENT_SCOPE'],
    [403, 'rate_limit_exceeded', 1_000, 'RATE_LIMITED'],
    [403, 'secondary_rate_limit', undefined, 'RATE_LIMITED'],
    [403, undefined, 30_000, 'RATE_LIMITED'],
    [429, undefined, undefined, 'RATE_LIMITED'],
    [404, 'not_found', undefined, 'NOT_FOUND'],
    [410, 'issues_disabled', undefined, 'NOT_FOUND'],
    [422, 'validation_failed', undefined, 'INVALID_CONFIG'],
    [400, undefined, undefined, 'INVALID_CONFIG'],
    [502, undefined, undefined, 'TEMPORARY'],
    [418, undefined, undefined, 'UNKNOWN'],
  ])('should map %i (%s, retry %s) to %s', (status, code, retryAfterMs, expected) => {
    expect(toGitHubIntegrationError(apiError(status, code, retryAfterMs)).code).toBe(expected);
  });

  it('should wait a minute on a secondary rate limit that gave no hint, as GitHub asks', () => {
    expect(toGitHubIntegrationError(apiError(403, 'secondary_rate_limit')).options.retryAfterMs).toBe(60_000);
    expect(toGitHubIntegrationError(apiError(429, undefined, 5_000)).options.retryAfterMs).toBe(5_000);
  });

  it('should read a spent primary limit (403, x-ratelimit-remaining 0) as RATE_LIMITED until x-ratelimit-reset', async () => {
    const reset = Math.ceil(Date.now() / 1000) + 120;
    server.answer(() =>
      errorAnswer(
        403,
        { 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) },
        'error-403-rate-limit.json',
      ),
    );
    const p = provider();
    const mapped = p.toIntegrationError(await failure(p.getAccountInfo({ credentials })));
    expect(mapped.code).toBe('RATE_LIMITED');
    expect(mapped.options.retryAfterMs).toBeGreaterThan(110_000);
    expect(mapped.options.retryAfterMs).toBeLessThanOrEqual(121_000);
  });

  it('should keep messages free of the token and of GitHub’s message text', async () => {
    for (const name of ['error-401.json', 'error-403.json', 'error-422.json', 'error-403-rate-limit.json']) {
      server.answer(() => ({ status: Number(name.slice(6, 9)), body: fixture(name) }));
      const p = provider();
      const error = await failure(p.getAccountInfo({ credentials }));
      const mapped = p.toIntegrationError(error);
      for (const message of [mapped.message, (error as Error).message]) {
        expect(message).not.toContain(TOKEN);
        expect(message).not.toContain(fixture<{ message: string }>(name).message);
      }
    }
  });

  it('should map transport failures: a timeout is TEMPORARY, a body that is not JSON UNKNOWN, anything else UNKNOWN', async () => {
    server.answer(() => new Promise(() => undefined));
    const slow = provider({ timeoutMs: 50 });
    expect(slow.toIntegrationError(await failure(slow.getAccountInfo({ credentials }))).code).toBe('TEMPORARY');
    server.answer(() => ({ body: 'not json' }));
    const p = provider();
    expect(p.toIntegrationError(await failure(p.getAccountInfo({ credentials }))).code).toBe('UNKNOWN');
    expect(p.toIntegrationError(new Error('boom')).code).toBe('UNKNOWN');
    expect(p.toIntegrationError('boom').code).toBe('UNKNOWN');
  });
});

describe('githubErrorCode', () => {
  it('should name the messages that change what the hub does, and nothing else', () => {
    expect(githubErrorCode(fixture('error-401.json'))).toBe('bad_credentials');
    expect(githubErrorCode(fixture('error-403.json'))).toBe('not_accessible_by_integration');
    expect(githubErrorCode(fixture('error-403-rate-limit.json'))).toBe('rate_limit_exceeded');
    expect(githubErrorCode(fixture('error-429-secondary.json'))).toBe('secondary_rate_limit');
    expect(githubErrorCode(fixture('error-410.json'))).toBe('issues_disabled');
    expect(githubErrorCode(fixture('error-422.json'))).toBe('validation_failed');
    expect(githubErrorCode(fixture('error-404.json'))).toBe('not_found');
    expect(githubErrorCode({ message: 'Something else entirely' })).toBeUndefined();
    expect(githubErrorCode(null)).toBeUndefined();
    expect(githubErrorCode('<html>')).toBeUndefined();
  });
});

describe('Link headers', () => {
  it('should parse GitHub’s Link header', () => {
    const links = parseLinkHeader(
      '<https://api.github.com/repositories/1300192/issues?page=2>; rel="prev", <https://api.github.com/repositories/1300192/issues?page=4>; rel="next", <https://api.github.com/repositories/1300192/issues?page=515>; rel="last", <https://api.github.com/repositories/1300192/issues?page=1>; rel="first"',
    );
    expect(Object.fromEntries(links)).toEqual({
      prev: 'https://api.github.com/repositories/1300192/issues?page=2',
      next: 'https://api.github.com/repositories/1300192/issues?page=4',
      last: 'https://api.github.com/repositories/1300192/issues?page=515',
      first: 'https://api.github.com/repositories/1300192/issues?page=1',
    });
    expect(parseLinkHeader(null).size).toBe(0);
    expect(parseLinkHeader('garbage').size).toBe(0);
  });

  it('should keep the path and query under the API base URL, refusing other hosts and paths outside it', () => {
    expect(relativeApiPath('https://api.github.com/user/repos?page=2', 'https://api.github.com')).toBe(
      '/user/repos?page=2',
    );
    expect(
      relativeApiPath('http://127.0.0.1:3900/github/api/user/repos?page=2', 'http://127.0.0.1:3900/github/api'),
    ).toBe('/user/repos?page=2');
    for (const link of [
      'https://evil.example/user/repos?page=2',
      'http://api.github.com/user/repos?page=2',
      'https://user:pw@api.github.com/user/repos',
      'not a url',
    ]) {
      expect(() => relativeApiPath(link, 'https://api.github.com')).toThrow(IntegrationError);
    }
    expect(() => relativeApiPath('http://127.0.0.1:3900/dub/api/links', 'http://127.0.0.1:3900/github/api')).toThrow(
      IntegrationError,
    );
  });
});

describe('construction', () => {
  it('should default to the manifest base URL, take PROVIDER_BASE_URLS from Nest, and check the page size', async () => {
    const withUrls = await Test.createTestingModule({
      providers: [
        GitHubProvider,
        { provide: PROVIDER_BASE_URLS, useValue: new Map([['github', { apiBaseUrl: server.url }]]) },
      ],
    }).compile();
    await withUrls.get(GitHubProvider).getAccountInfo({ credentials });
    expect(requested()).toEqual(['/user', '/user/orgs?per_page=100']);
    expect((new GitHubProvider() as unknown as { options: { apiBaseUrl: string } }).options.apiBaseUrl).toBe(
      'https://api.github.com',
    );
    expect(() => new GitHubProvider().withOptions({ pageSize: 101 })).toThrow(RangeError);
    expect(() => new GitHubProvider().withOptions({ pageSize: 0 })).toThrow(RangeError);
  });

  it('should pass the catalog checks as an available provider, with its own revoke (no RFC 7009 revocationUrl)', () => {
    const p = new GitHubProvider();
    expect(p.manifest.availability).toBe('available');
    expect(catalogProblems([p])).toEqual([]);
    expect(typeof p.revoke).toBe('function');
    expect(p.manifest.auth).not.toHaveProperty('revocationUrl');
  });
});
