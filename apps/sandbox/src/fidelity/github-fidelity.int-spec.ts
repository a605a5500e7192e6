import { GitHubProvider } from '@hub/server/integrations/github';
import { type RunningSandbox, startSandbox } from '../start-sandbox';
import { syncPages } from '../testing/emulation-harness';
import type { Exchange } from '../testing/exchange-recorder';
import { exercise, report } from './exercise';
import { OpenApiJudge } from './openapi-judge';

/**
 * The fidelity tier for GitHub: the hub's GitHubProvider, unchanged, runs against its emulation
 * (exercise: connect, a full pass and the next of both resources, revocation), then meets what GitHub
 * documents beyond the happy path — a repository renamed in the middle of a pass, the primary and a
 * secondary rate limit — and every request it sent and answer it got is judged against GitHub's
 * official OpenAPI description (descriptions/github.openapi.json, from `@octokit/openapi`; refreshed by
 * scripts/update-openapi-descriptions.mjs).
 */
const judge = new OpenApiJudge('github.openapi.json', {
  // "The number of results per page (max 100)": prose only, in the per-page parameter.
  maxima: { per_page: 100 },
  // Any request can meet the rate limits, answered 403 or 429 with GitHub's error body
  // (https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api).
  commonResponses: { 403: '#/components/schemas/basic-error', 429: '#/components/schemas/basic-error' },
});

/**
 * A renamed repository's 301 points at `/repositories/{id}/…`, the same operation reached by id
 * (https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#follow-redirects);
 * the description lists only the `/repos/{owner}/{repo}` form.
 */
const byName = (exchange: Exchange) => exchange.path.replace(/^\/repositories\/\d+\//, '/repos/{owner}/{repo}/');

let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, only: ['github'] });
});
afterAll(() => sandbox.close());

const control = async (path: string, body: object) => {
  const answer = await fetch(`${sandbox.url}/_sandbox/github${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!answer.ok) throw new Error(`${path} answered ${answer.status}`);
};

it('should send only requests GitHub’s OpenAPI description defines, and get only answers of its schemas', async () => {
  const provider = new GitHubProvider().withOptions({ apiBaseUrl: `${sandbox.url}/github/api`, pageSize: 7 });
  const exchanges = await exercise(sandbox, provider, {
    app: { clientId: 'hub-github', clientSecret: 'sandbox-client-secret' },
    also: async (credentials) => {
      // A pass stopped after its first page; a repository is renamed before it resumes (301).
      const first = await syncPages(provider, { credentials, resource: 'issues' }).then((pages) => pages[0]);
      await control('/rename', { repository: 'sandbox-user/notes-app', to: 'sandbox-labs/notes' });
      await syncPages(provider, { credentials, resource: 'issues', cursor: first.nextCursor ?? null });
      for (const limit of [
        { kind: 'primary', status: 403, seconds: 90 },
        { kind: 'secondary', status: 429, seconds: 45 },
      ]) {
        await control('/rate-limit', limit);
        await expect(syncPages(provider, { credentials, resource: 'issues' })).rejects.toThrow();
      }
    },
  });
  const verdicts = exchanges.map((exchange) => judge.judge(exchange, byName(exchange)));
  report('github', judge.name, verdicts);
  const statuses = new Set(exchanges.map((e) => e.status));
  expect([...statuses].sort()).toEqual([200, 204, 301, 403, 429]);
  expect(verdicts.map((v) => v.operation)).not.toContain(null);
  expect(new Set(verdicts.map((v) => v.operation)).size).toBe(5);
  expect(verdicts.flatMap((v) => v.violations)).toEqual([]);

  // The same answers with one invented field are refused: the schemas are closed.
  const issues = exchanges.find((e) => e.path.endsWith('/issues') && e.status === 200 && Array.isArray(e.body));
  if (!issues) throw new Error('No page of issues was exchanged');
  const [first, ...rest] = issues.body as object[];
  expect(judge.judge({ ...issues, body: [{ ...first, stars: 3 }, ...rest] }, byName(issues)).violations).toEqual([
    expect.stringContaining('must NOT have unevaluated properties (stars)'),
  ]);
});

it('should catch what GitHub would not send or accept (the check can fail)', () => {
  const exchange = (method: string, path: string, query: string, status: number, body: unknown): Exchange => ({
    method,
    path,
    query: new URLSearchParams(query),
    requestBody: undefined,
    status,
    body,
  });
  expect(
    judge.judge(exchange('GET', '/user/repos', 'per_page=500&sort=stars&colour=red', 200, [{ id: 1, stars: 3 }]))
      .violations,
  ).toEqual(
    expect.arrayContaining([
      expect.stringContaining('per_page=500 > 100'),
      expect.stringContaining('sort=stars must be equal to one of the allowed values'),
      expect.stringContaining('colour is not a parameter'),
      expect.stringContaining('body/0 must have required property'),
    ]),
  );
  expect(judge.judge(exchange('GET', '/user', '', 418, {})).violations).toEqual([
    expect.stringContaining('status not documented'),
  ]);
  expect(judge.judge(exchange('GET', '/users', '', 200, [])).operation).toBeNull();
});
