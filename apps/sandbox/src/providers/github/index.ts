import { createHash } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import { GITHUB_MANIFEST } from '@hub/server/integrations/github';
import { REFRESH_TOKEN_TTL_SECONDS } from '../../lib/authorization-server';
import { ControlInputError, controlBody, optionalInteger, optionalString } from '../../lib/control-input';
import { defineEmulation, fromManifest } from '../../lib/emulation';
import { integerOption, type OptionValues } from '../../lib/emulation-options';
import type { ApiContext, ApiError, ApiErrorKind, AppApiContext, SandboxProvider } from '../../lib/provider-definition';
import { fullName, GitHubDataset, type GitHubRepoRow, ORGS, SANDBOX_USER } from './github-data';
import { authenticatedUserJson, issueJson, orgJson, repoJson } from './github-json';

const GITHUB_OPTIONS = {
  /** Seed of the generated account. */
  seed: integerOption({ default: 1, env: 'SANDBOX_GITHUB_SEED' }),
};

const DOCS = 'https://docs.github.com/rest';
const ISSUES_DOCS = 'https://docs.github.com/rest/issues/issues#list-repository-issues';
const RATE_LIMIT_DOCS = 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api';
const SECONDARY_RATE_LIMIT_DOCS =
  'https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits';
const REDIRECT_DOCS = 'https://docs.github.com/v3/#http-redirects';
/** The primary limit of a user token (https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api). */
const PRIMARY_LIMIT = 5000;
/**
 * The wait a 429 of the sandbox's own (an injected fault without `retryAfterSeconds`) announces: real
 * 429s always carry `Retry-After`; the sandbox's shortest keeps tests quick.
 */
const DEFAULT_RETRY_AFTER_SECONDS = 1;

/**
 * A rate limit the next `remaining` API calls run into (`POST /_sandbox/github/rate-limit`), as GitHub
 * answers them (https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#exceeding-the-rate-limit):
 * - `primary`: 403 (or 429) "API rate limit exceeded for user ID …", `x-ratelimit-remaining: 0` and
 *   `x-ratelimit-reset` (epoch seconds) `seconds` from now;
 * - `secondary`: 403 (or 429) "You have exceeded a secondary rate limit …", with `retry-after: seconds`
 *   (a 403 may come without it: `seconds` omitted; "otherwise, wait for at least one minute").
 * Every 429 carries `retry-after`.
 */
interface RateLimitRule {
  readonly kind: 'primary' | 'secondary';
  readonly status: 403 | 429;
  readonly seconds: number | undefined;
  remaining: number;
}
const DELETE_GRANT_DOCS = 'https://docs.github.com/rest/apps/oauth-applications#delete-an-app-authorization';
/** Filters of the issues list the sandbox does not emulate: refused rather than silently ignored. */
const UNSUPPORTED_ISSUE_FILTERS = ['milestone', 'assignee', 'type', 'creator', 'mentioned', 'labels'];

/**
 * GitHub (https://api.github.com) as the GitHub provider calls it, for a GitHub App's user token:
 * GET /user, /user/orgs, /user/repos and /repos/{owner}/{repo}/issues (also reachable as
 * /repositories/{id}/issues, where GitHub's own `Link` headers point). Paging by `per_page` (≤ 100,
 * default 30) and `page` with a real `Link` header (prev, next, last, first); `sort`, `direction`,
 * `state` and `since` (inclusive) on issues; weak ETags on every answer and 304 for a matching
 * If-None-Match; GitHub's rate-limit headers; errors as `{ message, documentation_url, status }`
 * (https://docs.github.com/en/rest/using-the-rest-api/troubleshooting-the-rest-api).
 *
 * The app's own route, HTTP Basic with its client id and secret instead of a user token: DELETE
 * /applications/{client_id}/grant ends the grant of the `access_token` in the body (204), after which
 * every token of that grant is refused (401) and its refresh token answers invalid_grant.
 *
 * Permissions: the manifest's `scopes` stand for the app's permissions (metadata=read, issues=read);
 * a token granted without `issues=read` gets 403 "Resource not accessible by integration" on issues,
 * with `x-accepted-github-permissions: issues=read`, as GitHub answers.
 *
 * A renamed or transferred repository (`POST /_sandbox/github/rename`) keeps its id; its old
 * `/repos/{owner}/{repo}/…` paths answer 301 Moved Permanently with `Location: …/repositories/{id}/…`
 * (https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#follow-redirects).
 * `POST /_sandbox/github/rate-limit` makes the next calls hit the primary or a secondary rate limit
 * (RateLimitRule).
 *
 * Not emulated: GitHub's token endpoint answering its errors with HTTP 200 (the sandbox's token
 * endpoint is oidc-provider's, errors are 4xx), and 304s costing no rate limit (the shared limiter
 * counts every request before the provider's router sees it).
 */
export const githubEmulation = defineEmulation({ id: 'github', options: GITHUB_OPTIONS, create: githubSandbox });

function githubSandbox({ seed }: OptionValues<typeof GITHUB_OPTIONS>): SandboxProvider {
  const data = new GitHubDataset(seed);
  const limits: RateLimitRule[] = [];

  return {
    ...fromManifest(GITHUB_MANIFEST),
    name: 'GitHub',
    // "The refresh token is single-use: using it kills it and the old access token" (the manifest,
    // from https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/refreshing-user-access-tokens).
    refreshInvalidatesAccessTokens: true,
    // GitHub's answer (https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/generating-a-user-access-token-for-a-github-app):
    // access_token, expires_in, refresh_token, refresh_token_expires_in, scope "" (a GitHub App has
    // permissions, not scopes), token_type "bearer". The lifetimes are the sandbox's own (GitHub's
    // 28800 s and 15897600 s would tell the hub to keep a token the sandbox has already expired).
    tokenResponse: (answer) => ({
      access_token: answer['access_token'],
      expires_in: answer['expires_in'],
      refresh_token: answer['refresh_token'],
      refresh_token_expires_in: REFRESH_TOKEN_TTL_SECONDS,
      scope: '',
      token_type: 'bearer',
    }),
    sendError,
    rateLimitHeaders: (state) => ({
      'x-ratelimit-limit': String(state.limit),
      'x-ratelimit-remaining': String(state.remaining),
      'x-ratelimit-used': String(state.limit - state.remaining),
      'x-ratelimit-reset': String(Math.ceil(state.resetAt / 1000)),
      'x-ratelimit-resource': 'core',
    }),
    api: (context) => githubApi(context, data, limits),
    appApi: (context) => githubAppApi(context),
    dataset: {
      state: () => summary(data),
      mutate: (request) => data.mutate(request),
      reset: () => {
        data.reset();
        limits.length = 0;
      },
    },
    control: () => githubControls(data, limits),
  };
}

/**
 * `POST /_sandbox/github/rename` `{ repository, to }`: renames or transfers a repository (its id and
 * issues stay, the old name answers 301). `POST /_sandbox/github/rate-limit` `{ kind, status?, times?,
 * seconds? }`: the next `times` (default 1) API calls hit that rate limit; `DELETE` clears them.
 */
function githubControls(data: GitHubDataset, limits: RateLimitRule[]): express.Router {
  const router = express.Router();
  router.post('/rename', (req, res) => {
    const body = controlBody(req, ['repository', 'to']);
    const from = optionalString(body, 'repository');
    const to = optionalString(body, 'to');
    if (!from || !to) throw new ControlInputError('Send { "repository": "owner/name", "to": "owner/new-name" }');
    try {
      const repo = data.rename(from, to);
      res.json({ id: repo.id, full_name: fullName(repo) });
    } catch (error) {
      if (error instanceof RangeError) throw new ControlInputError(error.message);
      throw error;
    }
  });
  router.post('/rate-limit', (req, res) => {
    const body = controlBody(req, ['kind', 'status', 'times', 'seconds']);
    const kind = optionalString(body, 'kind');
    if (kind !== 'primary' && kind !== 'secondary')
      throw new ControlInputError('kind must be "primary" or "secondary"');
    const status = optionalInteger(body, 'status', 403, 429) ?? 403;
    if (status !== 403 && status !== 429) throw new ControlInputError('status must be 403 or 429');
    const seconds = optionalInteger(body, 'seconds', 0, 3600);
    if (kind === 'primary' && seconds === undefined)
      throw new ControlInputError('A primary limit needs seconds (to its reset)');
    const times = optionalInteger(body, 'times', 1, 1000) ?? 1;
    limits.push({ kind, status, seconds, remaining: times });
    res.json({ pending: limits.length });
  });
  router.delete('/rate-limit', (_req, res) => {
    limits.length = 0;
    res.json({ pending: 0 });
  });
  return router;
}

/** Answers the call with the first pending rate limit, as GitHub does; false when there is none. */
function sendRateLimit(res: Response, limits: RateLimitRule[]): boolean {
  const rule = limits[0];
  if (!rule) return false;
  rule.remaining -= 1;
  if (rule.remaining <= 0) limits.shift();
  if (rule.kind === 'primary') {
    const seconds = rule.seconds ?? 0;
    res.set({
      'x-ratelimit-limit': String(PRIMARY_LIMIT),
      'x-ratelimit-remaining': '0',
      'x-ratelimit-used': String(PRIMARY_LIMIT),
      'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + seconds),
      'x-ratelimit-resource': 'core',
    });
    if (rule.status === 429) res.set('retry-after', String(seconds));
    sendGitHub(res, rule.status, `API rate limit exceeded for user ID ${SANDBOX_USER.id}.`, RATE_LIMIT_DOCS);
    return true;
  }
  const seconds = rule.seconds ?? (rule.status === 429 ? 60 : undefined);
  if (seconds !== undefined) res.set('retry-after', String(seconds));
  sendGitHub(
    res,
    rule.status,
    'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
    SECONDARY_RATE_LIMIT_DOCS,
  );
  return true;
}

function summary(data: GitHubDataset) {
  return {
    seed: data.seed,
    mutations: data.mutationCount,
    repositories: data.repos.length,
    repositoriesWithIssues: data.repos.filter((repo) => repo.hasIssues).length,
    issues: data.issues.filter((issue) => issue.pullRequest === null).length,
    pullRequests: data.issues.filter((issue) => issue.pullRequest !== null).length,
  };
}

function githubApi(context: ApiContext, data: GitHubDataset, limits: RateLimitRule[]): express.Router {
  const router = express.Router();
  const api = context.apiBaseUrl;

  router.use((_req, res, next) => {
    if (!sendRateLimit(res, limits)) next();
  });

  // A renamed or transferred repository: its old name redirects to the repository's id, for any path
  // under it, the query kept ("This and all future requests to this resource should be directed to the new URI").
  router.use('/repos/:owner/:repo', (req, res, next) => {
    const owner = req.params['owner'] ?? '';
    const name = req.params['repo'] ?? '';
    const id = data.repoByName(owner, name) ? undefined : data.movedFrom(owner, name);
    if (id === undefined) return next();
    const location = `${api}/repositories/${id}${req.url === '/' ? '' : req.url}`;
    res.set('location', location);
    sendGitHub(res, 301, 'Moved Permanently', REDIRECT_DOCS, { url: location });
  });

  router.get('/user', (req, res) => {
    const publicRepos = data.repos.filter((r) => r.owner.login === SANDBOX_USER.login && !r.private).length;
    const privateRepos = data.repos.filter((r) => r.owner.login === SANDBOX_USER.login && r.private).length;
    sendJson(req, res, authenticatedUserJson(api, publicRepos, privateRepos));
  });

  router.get('/user/orgs', (req, res) => {
    const page = paging(req);
    sendPage(
      req,
      res,
      `${api}/user/orgs`,
      page,
      ORGS.map((org) => orgJson(org, api)),
    );
  });

  // https://docs.github.com/en/rest/repos/repos#list-repositories-for-the-authenticated-user
  router.get('/user/repos', (req, res) => {
    const query = req.query as Record<string, unknown>;
    const visibility = query['visibility'] ?? 'all';
    const sort = query['sort'] ?? 'full_name';
    const direction = query['direction'] ?? (sort === 'full_name' ? 'asc' : 'desc');
    if (query['type'] !== undefined && (query['visibility'] !== undefined || query['affiliation'] !== undefined)) {
      return sendGitHub(res, 422, 'If you specify visibility or affiliation, you cannot specify type.', DOCS);
    }
    if (!['all', 'public', 'private'].includes(String(visibility)))
      return invalid(res, 'visibility', DOCS, 'Repository');
    if (!['created', 'updated', 'pushed', 'full_name'].includes(String(sort)))
      return invalid(res, 'sort', DOCS, 'Repository');
    if (direction !== 'asc' && direction !== 'desc') return invalid(res, 'direction', DOCS, 'Repository');
    const key = (repo: GitHubRepoRow): number | string =>
      sort === 'created'
        ? repo.createdAt
        : sort === 'updated'
          ? repo.updatedAt
          : sort === 'pushed'
            ? repo.pushedAt
            : fullName(repo).toLowerCase();
    const repos = data.repos
      .filter((repo) => visibility === 'all' || (visibility === 'private') === repo.private)
      .sort((a, b) => (compare(key(a), key(b)) || a.id - b.id) * (direction === 'asc' ? 1 : -1));
    sendPage(
      req,
      res,
      `${api}/user/repos`,
      paging(req),
      repos.map((repo) => repoJson(repo, data.issuesOf(repo), api)),
    );
  });

  // https://docs.github.com/en/rest/issues/issues#list-repository-issues
  const listIssues = (repo: GitHubRepoRow | undefined, req: Request, res: Response) => {
    if (!repo) return sendGitHub(res, 404, 'Not Found', ISSUES_DOCS);
    res.set('x-accepted-github-permissions', 'issues=read');
    if (!context.hasScope(req, res, 'issues=read')) return undefined;
    if (!repo.hasIssues) return sendGitHub(res, 410, 'Issues are disabled for this repo', ISSUES_DOCS);
    const query = req.query as Record<string, unknown>;
    const unsupported = UNSUPPORTED_ISSUE_FILTERS.filter((name) => query[name] !== undefined);
    if (unsupported.length > 0) {
      return sendGitHub(res, 422, `The sandbox does not filter issues by ${unsupported.join(', ')}`, ISSUES_DOCS);
    }
    const state = query['state'] ?? 'open';
    const sort = query['sort'] ?? 'created';
    const direction = query['direction'] ?? 'desc';
    const since = query['since'];
    if (state !== 'open' && state !== 'closed' && state !== 'all') return invalid(res, 'state', ISSUES_DOCS);
    if (sort !== 'created' && sort !== 'updated' && sort !== 'comments') return invalid(res, 'sort', ISSUES_DOCS);
    if (direction !== 'asc' && direction !== 'desc') return invalid(res, 'direction', ISSUES_DOCS);
    const sinceMs = since === undefined ? undefined : typeof since === 'string' ? iso8601(since) : undefined;
    if (since !== undefined && sinceMs === undefined) return invalid(res, 'since', ISSUES_DOCS);
    const key = (issue: (typeof data.issues)[number]) =>
      sort === 'updated' ? issue.updatedAt : sort === 'comments' ? issue.comments : issue.createdAt;
    const issues = data
      .issuesOf(repo)
      .filter((issue) => state === 'all' || issue.state === state)
      // Today's reference: "Only show results that were last updated after the given time"; the API
      // answers issues updated at that very second too, as its v3 reference said ("Only issues updated
      // at or after this time are returned"): inclusive.
      .filter((issue) => sinceMs === undefined || issue.updatedAt >= sinceMs)
      .sort((a, b) => (key(a) - key(b) || a.id - b.id) * (direction === 'asc' ? 1 : -1));
    // GitHub's issue links name the repository by id.
    sendPage(
      req,
      res,
      `${api}/repositories/${repo.id}/issues`,
      paging(req),
      issues.map((issue) => issueJson(issue, repo, api)),
    );
    return undefined;
  };
  router.get('/repos/:owner/:repo/issues', (req, res) => {
    listIssues(data.repoByName(req.params['owner'] ?? '', req.params['repo'] ?? ''), req, res);
  });
  router.get('/repositories/:id/issues', (req, res) => {
    const id = req.params['id'] ?? '';
    listIssues(/^\d+$/.test(id) ? data.repoById(Number(id)) : undefined, req, res);
  });

  return router;
}

/**
 * https://docs.github.com/rest/apps/oauth-applications#delete-an-app-authorization: "You must use Basic
 * Authentication when accessing this endpoint, using the OAuth application's client_id and client_secret
 * as the username and password. You must also provide a valid OAuth access_token as an input parameter
 * and the grant for the token's owner will be deleted." Answers 204; 401 without or with wrong app
 * credentials ("Requires authentication" / "Bad credentials"); 404 "Not Found" when the path's client id
 * is not the authenticated app's; 422 "Validation Failed" when `access_token` is missing, not a token
 * of this app, expired or revoked (the documented statuses are 204 and "422 Validation failed, or the
 * endpoint has been spammed"); 400 "Problems parsing JSON" for a body that is not JSON.
 *
 * GitHub deletes every token of the app for that user; in the sandbox every connection belongs to the
 * same user, so it ends the grant the token belongs to (one connection), not all of them.
 */
function githubAppApi(context: AppApiContext): express.Router {
  const router = express.Router();
  // GitHub reads the body as JSON whatever its Content-Type says.
  const json = express.json({ type: () => true });

  // The app's credentials first (401, then 404 for another app's path), the body after them.
  const app = async (req: Request, res: Response, next: NextFunction) => {
    const client = await context.basicClient(req);
    if (!client) {
      const given = /^Basic\s/i.test(req.get('authorization') ?? '');
      return sendGitHub(res, 401, given ? 'Bad credentials' : 'Requires authentication', DELETE_GRANT_DOCS);
    }
    if (req.params['clientId'] !== client) return sendGitHub(res, 404, 'Not Found', DELETE_GRANT_DOCS);
    res.locals['client'] = client;
    next();
    return undefined;
  };

  router.delete('/applications/:clientId/grant', app, json, async (req, res) => {
    const body = req.body as unknown;
    const value =
      typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['access_token'] : undefined;
    const token = typeof value === 'string' && value !== '' ? await context.findAccessToken(value) : undefined;
    if (!token || token.clientId !== res.locals['client']) {
      return sendGitHub(res, 422, 'Validation Failed', DELETE_GRANT_DOCS);
    }
    await context.revokeGrant(token.grantId);
    res.status(204).end();
    return undefined;
  });

  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if ((error as { type?: unknown } | null)?.type !== 'entity.parse.failed' || res.headersSent) {
      next(error);
      return;
    }
    sendGitHub(res, 400, 'Problems parsing JSON', DELETE_GRANT_DOCS);
  });
  return router;
}

/** `per_page` (default 30, at most 100: GitHub caps rather than refuses) and `page` (default 1). */
function paging(req: Request): { perPage: number; page: number } {
  const query = req.query as Record<string, unknown>;
  const number = (value: unknown) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN);
  const perPage = number(query['per_page']);
  const page = number(query['page']);
  return {
    perPage: perPage >= 1 ? Math.min(perPage, 100) : 30,
    page: Number.isSafeInteger(page) && page >= 1 ? page : 1,
  };
}

/** One page of `items`, with GitHub's `Link` header (https://docs.github.com/en/rest/using-the-rest-api/using-pagination-in-the-rest-api). */
function sendPage(
  req: Request,
  res: Response,
  base: string,
  { perPage, page }: { perPage: number; page: number },
  items: readonly unknown[],
): void {
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const search = new URLSearchParams(req.url.includes('?') ? req.url.slice(req.url.indexOf('?') + 1) : '');
  const link = (to: number, rel: string) => {
    const query = new URLSearchParams(search);
    query.set('per_page', String(perPage));
    query.set('page', String(to));
    return `<${base}?${query}>; rel="${rel}"`;
  };
  const links = [
    ...(page > 1 ? [link(page - 1, 'prev')] : []),
    ...(page < last ? [link(page + 1, 'next'), link(last, 'last')] : []),
    ...(page > 1 ? [link(1, 'first')] : []),
  ];
  if (links.length > 0) res.set('Link', links.join(', '));
  sendJson(req, res, items.slice((page - 1) * perPage, page * perPage));
}

/**
 * JSON with a weak ETag of the body; 304 without a body when If-None-Match names it
 * (https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#use-conditional-requests-if-appropriate).
 */
function sendJson(req: Request, res: Response, body: unknown): void {
  const text = JSON.stringify(body);
  const etag = `W/"${createHash('sha256').update(text).digest('hex')}"`;
  res.set('ETag', etag);
  res.set('Cache-Control', 'private, max-age=60, s-maxage=60');
  res.set('Vary', 'Accept, Authorization, Cookie, X-GitHub-OTP');
  const match = req.get('if-none-match');
  if (match && match.split(',').some((candidate) => candidate.trim() === etag)) {
    res.status(304).end();
    return;
  }
  res.status(200).type('application/json; charset=utf-8').send(text);
}

/** GitHub's error body. */
function sendGitHub(res: Response, status: number, message: string, documentationUrl: string, extra = {}): void {
  res
    .status(status)
    .type('application/json; charset=utf-8')
    .send(JSON.stringify({ message, ...extra, documentation_url: documentationUrl, status: String(status) }));
}

/** 422 "Validation Failed" naming the parameter, as GitHub's validation errors do. */
function invalid(res: Response, field: string, docs: string, resource = 'Issue'): void {
  sendGitHub(res, 422, 'Validation Failed', docs, { errors: [{ resource, field, code: 'invalid' }] });
}

const MESSAGES: Record<ApiErrorKind, string> = {
  bad_request: 'Bad Request',
  unauthorized: 'Bad credentials',
  forbidden: 'Resource not accessible by integration',
  not_found: 'Not Found',
  unprocessable: 'Validation Failed',
  rate_limited: `API rate limit exceeded for user ID ${SANDBOX_USER.id}.`,
  internal: 'Server Error',
};

/**
 * The sandbox's own errors (bearer check, rate limit, injected faults) in GitHub's words: 401 "Bad
 * credentials" ("Requires authentication" without a token), 403 "Resource not accessible by
 * integration", 429 "API rate limit exceeded for user ID …".
 */
function sendError(res: Response, error: ApiError): void {
  if (error.status === 429 && !res.get('retry-after')) res.set('retry-after', String(DEFAULT_RETRY_AFTER_SECONDS));
  const missing = error.kind === 'unauthorized' && /missing/i.test(error.message);
  const message = missing ? 'Requires authentication' : MESSAGES[error.kind];
  sendGitHub(res, error.status, message, error.kind === 'rate_limited' ? RATE_LIMIT_DOCS : DOCS);
}

/** Epoch ms of an ISO 8601 timestamp as GitHub takes it (`YYYY-MM-DDTHH:MM:SSZ`, offsets allowed). */
function iso8601(value: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

function compare(a: number | string, b: number | string): number {
  return typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b));
}
