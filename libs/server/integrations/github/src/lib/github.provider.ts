import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  type AccountInfo,
  type CredentialsParams,
  HttpProvider,
  type HttpProviderOptions,
  IntegrationError,
  type IntegrationProvider,
  IntegrationProviderClass,
  PROVIDER_BASE_URLS,
  ProviderApiError,
  type ProviderBaseUrls,
  providerOptionsToken,
  requireCount,
  type RevokeParams,
  type SyncPage,
  type SyncParams,
} from '@hub/server/integrations/core';
import {
  decodeIssuesCursor,
  decodeRepositoriesCursor,
  encodeCursor,
  type IssuesCursor,
  type IssuesToken,
  isETag,
  isIssuesLinkPath,
  isRepositoriesLinkPath,
  isRepositoryName,
  isTimestamp,
  type RepositoriesCursor,
  type RepositoryIssuesState,
} from './github-cursors';
import { githubErrorCode, isRedirectRefusal, toGitHubIntegrationError } from './github-errors';
import { parseLinkHeader, relativeApiPath } from './github-links';
import { GITHUB_MANIFEST } from './github.manifest';

export interface GitHubProviderOptions extends HttpProviderOptions {
  /** `per_page`: GitHub's maximum is 100 (its default 30). */
  readonly pageSize: number;
  /**
   * How old an issues sync token may get before the provider asks for a full pass again (it answers
   * CURSOR_INVALID, and the runner starts over): GitHub's list never shows deleted or transferred
   * issues, only a full pass notices them. Default 7 days.
   */
  readonly fullPassEveryMs: number;
  /** The clock (tests). */
  readonly now: () => number;
}

/** Nest token for `Partial<GitHubProviderOptions>` (optional). */
export const GITHUB_PROVIDER_OPTIONS = providerOptionsToken<GitHubProviderOptions>('github');

const DAY_MS = 24 * 3600 * 1000;
/** More than this many repositories with issues would make the issues cursor too big to keep. */
export const GITHUB_MAX_REPOSITORIES = 20_000;
/** Ids kept for one `since` second; beyond it a few issues may be handed over twice (harmless: same content). */
const MAX_SEEN = 5_000;

/**
 * Sent on every request (lower-case keys: they replace ProviderHttp's own `accept` instead of joining it).
 * GitHub's media type and API version (https://docs.github.com/en/rest/about-the-rest-api/api-versions), and
 * a user agent: "All API requests must include a valid User-Agent header" (GitHub REST API, "User agent required").
 */
const GITHUB_HEADERS: Readonly<Record<string, string>> = {
  accept: 'application/vnd.github+json',
  'x-github-api-version': '2022-11-28',
  'user-agent': 'integrations-hub',
};

/** The parts of GET /user (https://docs.github.com/en/rest/users/users#get-the-authenticated-user) used. */
interface GitHubUser {
  login?: unknown;
  id?: unknown;
  name?: unknown;
  email?: unknown;
  html_url?: unknown;
}

type Item = Record<string, unknown>;

/**
 * GitHub, as a GitHub App acting for the person who connected (a user access token): "connected as"
 * the user with their organisations, and a read-only sync of the repositories the app can see and of
 * their issues.
 *
 * API used (base `https://api.github.com`, overridable through `PROVIDER_BASE_URLS` or `withBaseUrl`),
 * every request with `Accept: application/vnd.github+json` and `X-GitHub-Api-Version: 2022-11-28`
 * (https://docs.github.com/en/rest/about-the-rest-api/api-versions):
 * - GET /user and GET /user/orgs (https://docs.github.com/en/rest/users/users#get-the-authenticated-user,
 *   https://docs.github.com/en/rest/orgs/orgs#list-organizations-for-the-authenticated-user);
 * - GET /user/repos?per_page=&sort=created&direction=asc, page after page by the `Link` header's
 *   rel="next" (https://docs.github.com/en/rest/repos/repos#list-repositories-for-the-authenticated-user,
 *   https://docs.github.com/en/rest/using-the-rest-api/using-pagination-in-the-rest-api). Oldest first,
 *   so a repository created during a pass lands at the end instead of shifting the pages. Every
 *   repositories run is a full pass.
 * - GET /repos/{owner}/{repo}/issues?state=all&sort=updated&direction=asc&per_page=&since= per
 *   repository with issues enabled (https://docs.github.com/en/rest/issues/issues#list-repository-issues).
 *   Pull requests come back too (they carry `pull_request`) and are skipped.
 *
 * Issues are read by `updated_at`, oldest first, and paged by `since` rather than by page number: each
 * request asks from the newest `updated_at` taken so far, skipping what it had already taken. GitHub
 * documents `since` as "Only show results that were last updated after the given time", while the API
 * answers issues updated at exactly that time too (at or after); so that neither reading loses an
 * issue updated in that very second, the provider asks `since` one second earlier and drops what is
 * older than its newest time, or at it and already taken (`seen`). An issue edited
 * mid-pass moves to the end of the list, where it is still read, and no other issue slides past a
 * page boundary unread (which page numbers would allow). Only when a whole page shares one second does
 * the provider follow the `Link` instead.
 *
 * Incremental: the sync token keeps, per repository, that newest `updated_at` (with the ids taken at
 * it) and, once a run saw the one-page answer to exactly that request, its ETag. The next run asks
 * `since` with `If-None-Match`: 304 means the repository did not change and costs no rate limit
 * (https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#use-conditional-requests-if-appropriate).
 * GitHub's list never shows deleted issues, nor issues transferred away: incremental runs report no
 * deletions. A full pass sees them (records it did not see are deleted), so a token older than
 * `fullPassEveryMs` is refused (CURSOR_INVALID) and the runner makes one. A repository that answers 404
 * or 410 (issues disabled) is skipped for the pass. One renamed or transferred since the pass listed it
 * answers 301 to its old name, with a `Location` under `/repositories/{id}/` (ProviderHttp follows no
 * redirect, docs/security.md A10): the provider asks by the repository id it listed instead, which
 * is where GitHub's redirect points, for the rest of the pass; the next run lists it under its new
 * name and reads it in full (its issues' `repository` changed). A pass from an older cursor, which
 * knows the repository by name only, starts over from the list (CURSOR_INVALID).
 *
 * `revoke` deletes the person's grant with DELETE /applications/{client_id}/grant
 * (https://docs.github.com/en/rest/apps/oauth-applications#delete-an-app-authorization): HTTP Basic with
 * the app's client id and secret (the hub's `app`, which ProviderHttp sends as Basic), the access token
 * in the JSON body.
 */
@Injectable()
@IntegrationProviderClass()
export class GitHubProvider extends HttpProvider<GitHubProviderOptions> implements IntegrationProvider {
  readonly manifest = GITHUB_MANIFEST;
  private readonly http = this.client({ headers: GITHUB_HEADERS, errorCode: githubErrorCode });

  constructor(
    @Optional() @Inject(PROVIDER_BASE_URLS) baseUrls?: ProviderBaseUrls | null,
    @Optional() @Inject(GITHUB_PROVIDER_OPTIONS) options?: Partial<GitHubProviderOptions> | null,
  ) {
    super(
      {
        manifest: GITHUB_MANIFEST,
        label: 'GitHub',
        defaults: { timeoutMs: 10_000, pageSize: 100, fullPassEveryMs: 7 * DAY_MS, now: Date.now },
      },
      baseUrls,
      options,
    );
    requireCount(this.options.pageSize, 100, 'GitHub pages hold 1 to 100 items (per_page)');
    if (!(this.options.fullPassEveryMs > 0)) throw new RangeError('fullPassEveryMs must be positive');
  }

  async getAccountInfo(params: CredentialsParams): Promise<AccountInfo> {
    const token = this.accessToken(params.credentials);
    const user = await this.http.get<GitHubUser | null>('/user', token, params.signal);
    const id = user?.id;
    const login = user?.login;
    if (!Number.isSafeInteger(id) || typeof login !== 'string' || login === '') {
      throw new IntegrationError('UNKNOWN', 'GitHub answered GET /user without an id or login');
    }
    let organisations: string[] = [];
    try {
      // The first 100 are plenty for the card.
      const orgs = await this.http.get<unknown>('/user/orgs?per_page=100', token, params.signal);
      if (Array.isArray(orgs)) {
        organisations = orgs.flatMap((org: unknown) => {
          const name = (org as { login?: unknown } | null)?.login;
          return typeof name === 'string' && name !== '' ? [name] : [];
        });
      }
    } catch (error) {
      // An organisation policy can hide the list: the card still shows the user. A rate limit (also
      // 403) is not such a policy: the hub waits and asks again.
      if (toGitHubIntegrationError(error).code !== 'INSUFFICIENT_SCOPE') throw error;
    }
    const name = typeof user?.name === 'string' && user.name.trim() !== '' ? user.name : undefined;
    const email = typeof user?.email === 'string' && user.email !== '' ? user.email : undefined;
    const url = typeof user?.html_url === 'string' && /^https?:\/\//.test(user.html_url) ? user.html_url : undefined;
    return {
      externalAccountId: String(id),
      displayName: login,
      ...(email ? { email } : {}),
      ...(url ? { url } : {}),
      details: {
        ...(name ? { name } : {}),
        ...(organisations.length > 0 ? { organisations: organisations.join(', ') } : {}),
      },
    };
  }

  async *sync(params: SyncParams): AsyncIterable<SyncPage> {
    if (params.resource === 'repositories') yield* this.syncRepositories(params);
    else if (params.resource === 'issues') yield* this.syncIssues(params);
    else {
      throw new IntegrationError(
        'INVALID_CONFIG',
        `GitHub cannot sync "${params.resource}" (only repositories and issues)`,
      );
    }
  }

  /**
   * Deletes the app's authorization (grant) for the person the access token belongs to, which "will
   * also delete all OAuth tokens associated with the application for the user"
   * (https://docs.github.com/en/rest/apps/oauth-applications#delete-an-app-authorization).
   *
   * The documented answers are 204 (deleted) and 422 ("Validation failed, or the endpoint has been
   * spammed"). Only 204 resolves:
   * - 422 is a refused or throttled request, not a deleted grant: thrown as is (INVALID_CONFIG).
   * - 404 is not documented here; "Check a token" on the same API says "Invalid tokens will return
   *   404 NOT FOUND" (https://docs.github.com/en/rest/apps/oauth-applications#check-a-token), and the
   *   grant needs "a valid OAuth access_token". An invalid token is not proof that nothing is left: a
   *   user token expires after 8 hours while its refresh token, and the grant, live on for 6 months
   *   (a retry may run with a token sealed at disconnect). Thrown as NOT_FOUND, so the hub retries and
   *   finally records the revocation as abandoned rather than done.
   * - 401 means GitHub refused the app's client id and secret (Basic auth), not the user's token:
   *   thrown as INVALID_CONFIG. Rate limits, 5xx and network failures map as everywhere else.
   */
  async revoke(params: RevokeParams): Promise<void> {
    const { app } = params;
    if (!app || app.clientId === '' || app.clientSecret === '') {
      throw new IntegrationError('INVALID_CONFIG', "GitHub needs the app's client id and secret to revoke");
    }
    const token = params.credentials['accessToken'];
    if (typeof token !== 'string' || token === '') {
      throw new IntegrationError('INVALID_CONFIG', 'GitHub deletes a grant by its access token: none was given');
    }
    const path = `/applications/${encodeURIComponent(app.clientId)}/grant`;
    let status: number;
    try {
      ({ status } = await this.http.request<unknown>('DELETE', path, {
        app,
        json: { access_token: token },
        signal: params.signal,
      }));
    } catch (error) {
      if (error instanceof ProviderApiError && error.status === 401) {
        throw new IntegrationError('INVALID_CONFIG', "GitHub refused the app's client id and secret (401)", {
          status: 401,
        });
      }
      if (error instanceof ProviderApiError && error.status === 404) {
        throw new IntegrationError(
          'NOT_FOUND',
          'GitHub does not know the access token (expired, or its grant already deleted): the grant deletion is not confirmed',
          { status: 404 },
        );
      }
      throw error;
    }
    if (status !== 204) {
      throw new IntegrationError('UNKNOWN', `GitHub answered ${status} instead of 204 to the grant deletion`, {
        status,
      });
    }
  }

  toIntegrationError(error: unknown): IntegrationError {
    return toGitHubIntegrationError(error);
  }

  /** Every repository, a page per yield; every run is a full pass (no sync token). */
  private async *syncRepositories(params: SyncParams): AsyncIterable<SyncPage> {
    let path = params.cursor === null ? this.repositoriesPath() : decodeRepositoriesCursor(params.cursor).next;
    const token = this.accessToken(params.credentials);
    for (;;) {
      params.signal.throwIfAborted();
      const { items, next } = await this.repositoriesPage(path, token, params.signal);
      const cursor: RepositoriesCursor | null = next ? { v: 1, kind: 'repositories', next } : null;
      yield { records: items.map(toRepositoryRecord), nextCursor: cursor ? encodeCursor(cursor) : null };
      if (!next) return;
      path = next;
    }
  }

  private async *syncIssues(params: SyncParams): AsyncIterable<SyncPage> {
    const saved = params.cursor === null ? null : decodeIssuesCursor(params.cursor);
    const token = this.accessToken(params.credentials);
    let pass: IssuesCursor;
    if (saved?.kind === 'issues') {
      pass = saved;
    } else {
      if (saved && this.options.now() - saved.fullAt > this.options.fullPassEveryMs) {
        throw new IntegrationError(
          'CURSOR_INVALID',
          'GitHub lists no deleted or transferred issues: a periodic full pass of the issues finds them',
        );
      }
      const listed = await this.issueRepositories(token, params.signal);
      const prior = new Map((saved?.repos ?? []).map((state) => [state.n.toLowerCase(), state]));
      pass = {
        v: 1,
        kind: 'issues',
        fullAt: saved?.fullAt ?? this.options.now(),
        repos: listed.map(({ n, id }) => {
          const before = prior.get(n.toLowerCase());
          return { n, id, s: before?.s ?? null, seen: before?.seen ?? [], ...(before?.e ? { e: before.e } : {}) };
        }),
        at: 0,
      };
    }

    const repos: RepositoryIssuesState[] = [...pass.repos];
    let at = pass.at;
    let pos = pass.pos;
    const syncToken = (): string =>
      encodeCursor({ v: 1, kind: 'issues-changes', fullAt: pass.fullAt, repos } satisfies IssuesToken);
    while (at < repos.length) {
      const repo = repos[at];
      const start = pos ?? { s: repo.s, seen: repo.seen };
      // If-None-Match only for the request the stored ETag answered: a repository's first, from its state.
      const etag = pos === undefined ? repo.e : undefined;
      const followed = pos?.next;
      const path = followed ?? this.issuesPath(repo, start.s);
      params.signal.throwIfAborted();
      let response: { status: number; headers: Headers; body: unknown };
      try {
        response = await this.http.request<unknown>('GET', path, {
          token,
          signal: params.signal,
          ...(etag ? { headers: { 'if-none-match': etag }, accept: [304] } : {}),
        });
      } catch (error) {
        if (isRedirectRefusal(error)) {
          // Renamed or transferred (301): GitHub's Location is the same list under /repositories/{id}.
          if (followed !== undefined || repo.m) {
            throw new IntegrationError('UNKNOWN', 'GitHub redirected a request made by repository id');
          }
          if (repo.id === undefined) {
            throw new IntegrationError(
              'CURSOR_INVALID',
              `GitHub moved ${repo.n} (301) and this pass knows it by name only: the pass starts over`,
            );
          }
          repos[at] = { ...repo, m: true };
          continue;
        }
        if (!isGoneRepository(error)) throw error;
        // Deleted, issues turned off or access removed: nothing to read here this pass.
        repos.splice(at, 1);
        pos = undefined;
        continue;
      }
      if (response.status === 304) {
        at += 1;
        pos = undefined;
        continue;
      }
      if (!Array.isArray(response.body)) {
        throw new IntegrationError('UNKNOWN', 'GitHub answered a repository’s issues with something other than a list');
      }
      const items = response.body.map((item: unknown) => checkedItem(item));
      // Older than the newest time taken (the second before it is asked for too), or at it and seen.
      const taken = (item: Item) =>
        start.s !== null &&
        (Date.parse(item['updated_at'] as string) < Date.parse(start.s) ||
          (sameInstant(item['updated_at'] as string, start.s) && start.seen.includes(String(item['id']))));
      const records = items
        .filter((item) => !taken(item) && !('pull_request' in item && item['pull_request'] != null))
        .map((item) => toIssueRecord(repo.n, item));

      // The newest `updated_at` of this page (pull requests included: they hold places in the list too).
      let s = start.s;
      let seen = start.seen;
      const last = items.at(-1);
      if (last) {
        const lastAt = last['updated_at'] as string;
        if (start.s !== null && Date.parse(lastAt) < sinceOf(start.s)) {
          throw new IntegrationError('UNKNOWN', 'GitHub answered issues older than the `since` it was asked for');
        }
        const atLast = items
          .filter((item) => sameInstant(item['updated_at'] as string, lastAt))
          .map((i) => String(i['id']));
        if (sameInstant(lastAt, start.s)) {
          seen = [...new Set([...start.seen, ...atLast])].slice(-MAX_SEEN);
        } else if (start.s === null || Date.parse(lastAt) > Date.parse(start.s)) {
          s = lastAt;
          seen = atLast.slice(-MAX_SEEN);
        }
        // Otherwise the whole page is from the second before `s` (taken already): nothing moves.
      }
      const link = parseLinkHeader(response.headers.get('link')).get('next');
      if (link) {
        if (s !== start.s) {
          pos = { s, seen };
        } else {
          // The whole page shares one second: `since` cannot move on, so the page link is followed.
          const next = relativeApiPath(link, this.options.apiBaseUrl);
          if (!isIssuesLinkPath(next)) {
            throw new IntegrationError('UNKNOWN', 'GitHub sent a pagination link this provider does not follow');
          }
          pos = { s, seen, next };
        }
      } else {
        const answered = response.headers.get('etag');
        // The ETag answers "since = s, page 1" only if that was this request and s did not move.
        const keep = followed === undefined && s === start.s && answered !== null && isETag(answered);
        repos[at] = {
          n: repo.n,
          ...(repo.id !== undefined ? { id: repo.id } : {}),
          ...(repo.m ? { m: true as const } : {}),
          s,
          seen,
          ...(keep ? { e: answered } : {}),
        };
        at += 1;
        pos = undefined;
      }
      if (at >= repos.length) {
        yield { records, nextCursor: null, syncToken: syncToken() };
        return;
      }
      const cursor: IssuesCursor = { v: 1, kind: 'issues', fullAt: pass.fullAt, repos, at, ...(pos ? { pos } : {}) };
      yield { records, nextCursor: encodeCursor(cursor) };
    }
    // The last repositories had not changed (304), were gone, or there were none.
    yield { records: [], nextCursor: null, syncToken: syncToken() };
  }

  private repositoriesPath(): string {
    const query = new URLSearchParams({ per_page: String(this.options.pageSize), sort: 'created', direction: 'asc' });
    return `/user/repos?${query}`;
  }

  /** The issues list from `since` (the second before it: see the class comment), by name, or by id once moved. */
  private issuesPath(repo: RepositoryIssuesState, since: string | null): string {
    const [owner, name] = repo.n.split('/');
    const query = new URLSearchParams({
      state: 'all',
      sort: 'updated',
      direction: 'asc',
      per_page: String(this.options.pageSize),
      ...(since ? { since: new Date(sinceOf(since)).toISOString().replace('.000Z', 'Z') } : {}),
    });
    if (repo.m && repo.id !== undefined) return `/repositories/${repo.id}/issues?${query}`;
    return `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(name)}/issues?${query}`;
  }

  /** One page of GET /user/repos and the path of the next, checked. */
  private async repositoriesPage(
    path: string,
    token: string,
    signal: AbortSignal,
  ): Promise<{ items: Item[]; next: string | null }> {
    const response = await this.http.request<unknown>('GET', path, { token, signal });
    if (!Array.isArray(response.body)) {
      throw new IntegrationError('UNKNOWN', 'GitHub answered GET /user/repos with something other than a list');
    }
    const items = response.body.map((item: unknown) => {
      const repo = (item ?? {}) as Item;
      if (!Number.isSafeInteger(repo['id']) || !isRepositoryName(repo['full_name'])) {
        throw new IntegrationError('UNKNOWN', 'GitHub returned a repository without an id or full_name');
      }
      return repo;
    });
    const link = parseLinkHeader(response.headers.get('link')).get('next');
    const next = link ? relativeApiPath(link, this.options.apiBaseUrl) : null;
    if (next !== null && !isRepositoriesLinkPath(next)) {
      throw new IntegrationError('UNKNOWN', 'GitHub sent a pagination link this provider does not follow');
    }
    return { items, next };
  }

  /** The `owner/name` and id of every repository whose issues are on, in GET /user/repos order. */
  private async issueRepositories(token: string, signal: AbortSignal): Promise<{ n: string; id: number }[]> {
    const names = new Map<string, { n: string; id: number }>();
    let path: string | null = this.repositoriesPath();
    while (path) {
      signal.throwIfAborted();
      const page: { items: Item[]; next: string | null } = await this.repositoriesPage(path, token, signal);
      for (const repo of page.items) {
        const fullName = repo['full_name'] as string;
        if (repo['has_issues'] !== false && !names.has(fullName.toLowerCase()))
          names.set(fullName.toLowerCase(), { n: fullName, id: repo['id'] as number });
      }
      if (names.size > GITHUB_MAX_REPOSITORIES) {
        throw new IntegrationError(
          'INVALID_CONFIG',
          `More than ${GITHUB_MAX_REPOSITORIES} repositories with issues: install the GitHub App on fewer`,
        );
      }
      path = page.next;
    }
    return [...names.values()];
  }
}

/** A repository's issues that are not there any more (404, 410). */
function isGoneRepository(error: unknown): boolean {
  return error instanceof ProviderApiError && (error.status === 404 || error.status === 410);
}

/** The `since` asked for a newest time `s` taken: a second earlier (epoch ms). */
function sinceOf(s: string): number {
  return Date.parse(s) - 1000;
}

function sameInstant(a: string, b: string | null): boolean {
  return b !== null && Date.parse(a) === Date.parse(b);
}

/** An item of the issues list with the fields the pass relies on. */
function checkedItem(item: unknown): Item {
  const issue = (item ?? {}) as Item;
  if (!Number.isSafeInteger(issue['id']) || !isTimestamp(issue['updated_at'])) {
    throw new IntegrationError('UNKNOWN', 'GitHub returned an issue without an id or updated_at');
  }
  return issue;
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const count = (value: unknown): number | null => (Number.isSafeInteger(value) ? (value as number) : null);
const loginOf = (value: unknown): string | null => text((value as { login?: unknown } | null)?.login);

function toRepositoryRecord(repo: Item): SyncPage['records'][number] {
  // Not `open_issues_count`: it moves with every issue and pull request, which the issues resource carries.
  return {
    externalId: String(repo['id']),
    data: {
      full_name: repo['full_name'],
      name: text(repo['name']),
      owner: loginOf(repo['owner']),
      private: repo['private'] === true,
      visibility: text(repo['visibility']),
      description: text(repo['description']),
      fork: repo['fork'] === true,
      archived: repo['archived'] === true,
      language: text(repo['language']),
      topics: Array.isArray(repo['topics']) ? repo['topics'].filter((t) => typeof t === 'string') : [],
      default_branch: text(repo['default_branch']),
      has_issues: repo['has_issues'] !== false,
      stargazers_count: count(repo['stargazers_count']),
      forks_count: count(repo['forks_count']),
      license: text((repo['license'] as { spdx_id?: unknown } | null)?.spdx_id),
      homepage: text(repo['homepage']) || null,
      html_url: text(repo['html_url']),
      created_at: text(repo['created_at']),
      updated_at: text(repo['updated_at']),
      pushed_at: text(repo['pushed_at']),
    },
  };
}

function toIssueRecord(repository: string, issue: Item): SyncPage['records'][number] {
  // Labels come as objects, or as plain names on older answers (the schema allows both).
  const labels = Array.isArray(issue['labels'])
    ? issue['labels'].flatMap((label: unknown) => {
        const name = typeof label === 'string' ? label : text((label as { name?: unknown } | null)?.name);
        return name ? [name] : [];
      })
    : [];
  const assignees = Array.isArray(issue['assignees'])
    ? issue['assignees'].flatMap((user: unknown) => {
        const login = loginOf(user);
        return login ? [login] : [];
      })
    : [];
  return {
    externalId: String(issue['id']),
    data: {
      repository,
      number: count(issue['number']),
      title: text(issue['title']),
      state: text(issue['state']),
      state_reason: text(issue['state_reason']),
      labels,
      assignees,
      user: loginOf(issue['user']),
      comments: count(issue['comments']),
      created_at: text(issue['created_at']),
      updated_at: issue['updated_at'],
      closed_at: text(issue['closed_at']),
      html_url: text(issue['html_url']),
    },
  };
}
