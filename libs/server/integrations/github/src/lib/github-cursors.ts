import { cursorFields, decodeCursor, encodeCursor } from '@hub/server/integrations/core';

/**
 * The GitHub provider's cursors and sync tokens: its own JSON, checked field by field when it comes
 * back (the hub stores them; a cursor this provider did not write is CURSOR_INVALID).
 */

/** Where a repositories pass resumes: the next page, as GitHub's `Link: rel="next"` gave it (path + query). */
export interface RepositoriesCursor {
  readonly v: 1;
  readonly kind: 'repositories';
  readonly next: string;
}

/**
 * One repository's place in the issues list (sorted by `updated_at`, oldest first): the newest
 * `updated_at` taken (`s`, null before the first page), the ids already taken at exactly that time
 * (`seen`: the next request asks from the second before `s`, so it shows them again), and the weak ETag of
 * the one-page answer to `since=s` when one was seen (`e`: sent as If-None-Match; 304 = no change).
 */
export interface RepositoryIssuesState {
  /** `owner/name`. */
  readonly n: string;
  /** The repository's id (GitHub's `/repositories/{id}/…` reaches it under any name); absent in older cursors. */
  readonly id?: number;
  /**
   * Set once its name answered 301 (renamed or transferred during the pass): the rest of the pass asks
   * by `id`, where GitHub's redirect points.
   */
  readonly m?: true;
  readonly s: string | null;
  readonly seen: readonly string[];
  readonly e?: string;
}

/**
 * Where an issues pass resumes. `repos` holds every repository of the pass in order: those before `at`
 * with their state after this pass, the others with the state the pass started from. `pos` is the
 * place inside repository `at` when it is part-way; `next` a `Link` to follow instead of a `since`
 * request (many issues updated in one second). `fullAt` (epoch ms) is when the last full pass began.
 */
export interface IssuesCursor {
  readonly v: 1;
  readonly kind: 'issues';
  readonly fullAt: number;
  readonly repos: readonly RepositoryIssuesState[];
  readonly at: number;
  readonly pos?: { readonly s: string | null; readonly seen: readonly string[]; readonly next?: string };
}

/** The sync token at the end of an issues pass: each repository's state; the next run asks for changes only. */
export interface IssuesToken {
  readonly v: 1;
  readonly kind: 'issues-changes';
  readonly fullAt: number;
  readonly repos: readonly RepositoryIssuesState[];
}

const MAX_REPOSITORIES = 20_000;
const MAX_SEEN = 5_000;
/** `owner` and `name` as GitHub allows them (never `.` or `..`: a path segment must stay one segment). */
const NAME = /^(?!\.\.?$)[A-Za-z0-9_.-]{1,100}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const ID = /^\d{1,20}$/;
const ETAG = /^(W\/)?"[\x21\x23-\x7e]{1,200}"$/;
/** The only paths a stored `Link` may name: the lists this provider pages through. */
const REPOSITORIES_PATH = /^\/user\/repos\?[^#\s]*$/;
const ISSUES_PATH =
  /^\/(repos\/(?!\.\.?\/)[A-Za-z0-9_.-]+\/(?!\.\.?\/)[A-Za-z0-9_.-]+|repositories\/\d+)\/issues\?[^#\s]*$/;

export function isRepositoryName(fullName: unknown): fullName is string {
  if (typeof fullName !== 'string') return false;
  const parts = fullName.split('/');
  return parts.length === 2 && parts.every((part) => NAME.test(part));
}

export function isTimestamp(value: unknown): value is string {
  return typeof value === 'string' && TIMESTAMP.test(value) && !Number.isNaN(Date.parse(value));
}

export const isIssuesLinkPath = (path: string): boolean => ISSUES_PATH.test(path);
export const isRepositoriesLinkPath = (path: string): boolean => REPOSITORIES_PATH.test(path);
export const isETag = (value: string): boolean => ETAG.test(value);

function isSeen(value: unknown): value is readonly string[] {
  return Array.isArray(value) && value.length <= MAX_SEEN && value.every((id) => typeof id === 'string' && ID.test(id));
}

function isRepositoryState(value: unknown): value is RepositoryIssuesState {
  const f = cursorFields(value);
  return (
    f !== undefined &&
    isRepositoryName(f['n']) &&
    (f['id'] === undefined || (Number.isSafeInteger(f['id']) && (f['id'] as number) > 0)) &&
    (f['m'] === undefined || (f['m'] === true && f['id'] !== undefined)) &&
    (f['s'] === null || isTimestamp(f['s'])) &&
    isSeen(f['seen']) &&
    (f['e'] === undefined || (typeof f['e'] === 'string' && ETAG.test(f['e'])))
  );
}

function isRepositoryStates(value: unknown): value is readonly RepositoryIssuesState[] {
  return Array.isArray(value) && value.length <= MAX_REPOSITORIES && value.every(isRepositoryState);
}

const isEpochMs = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) > 0;

function isRepositoriesCursor(value: unknown): value is RepositoriesCursor {
  const f = cursorFields(value);
  return (
    f !== undefined &&
    f['v'] === 1 &&
    f['kind'] === 'repositories' &&
    typeof f['next'] === 'string' &&
    REPOSITORIES_PATH.test(f['next'])
  );
}

function isIssuesCursor(value: unknown): value is IssuesCursor {
  const f = cursorFields(value);
  if (f === undefined || f['v'] !== 1 || f['kind'] !== 'issues' || !isEpochMs(f['fullAt'])) return false;
  const repos = f['repos'];
  const at = f['at'];
  if (!isRepositoryStates(repos) || !Number.isSafeInteger(at) || (at as number) < 0) return false;
  if ((at as number) >= repos.length) return false;
  if (f['pos'] === undefined) return true;
  const pos = cursorFields(f['pos']);
  return (
    pos !== undefined &&
    (pos['s'] === null || isTimestamp(pos['s'])) &&
    isSeen(pos['seen']) &&
    (pos['next'] === undefined || (typeof pos['next'] === 'string' && ISSUES_PATH.test(pos['next'])))
  );
}

function isIssuesToken(value: unknown): value is IssuesToken {
  const f = cursorFields(value);
  return (
    f !== undefined &&
    f['v'] === 1 &&
    f['kind'] === 'issues-changes' &&
    isEpochMs(f['fullAt']) &&
    isRepositoryStates(f['repos'])
  );
}

export function decodeRepositoriesCursor(cursor: string): RepositoriesCursor {
  return decodeCursor(cursor, 'GitHub repositories', isRepositoriesCursor);
}

/** An issues cursor (mid-pass) or sync token (between runs). */
export function decodeIssuesCursor(cursor: string): IssuesCursor | IssuesToken {
  return decodeCursor(
    cursor,
    'GitHub issues',
    (value): value is IssuesCursor | IssuesToken => isIssuesCursor(value) || isIssuesToken(value),
  );
}

export { encodeCursor };
