import { IntegrationError, ProviderApiError, transportIntegrationError } from '@hub/server/integrations/core';

/**
 * GitHub's REST errors carry no machine code: the body is `{ "message", "documentation_url", "status" }`
 * (https://docs.github.com/en/rest/using-the-rest-api/troubleshooting-the-rest-api). The messages that
 * change what the hub does are recognised and kept as a slug on the ProviderApiError; the message
 * itself, like the rest of the body, is dropped.
 */
const KNOWN_MESSAGES: readonly [RegExp, string][] = [
  // https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#exceeding-the-rate-limit
  [/secondary rate limit/i, 'secondary_rate_limit'],
  [/rate limit exceeded/i, 'rate_limit_exceeded'],
  // A GitHub App token without the permission an endpoint needs (x-accepted-github-permissions names it).
  [/not accessible by integration/i, 'not_accessible_by_integration'],
  [/bad credentials/i, 'bad_credentials'],
  [/requires authentication/i, 'requires_authentication'],
  [/issues are disabled/i, 'issues_disabled'],
  [/validation failed/i, 'validation_failed'],
  [/^not found$/i, 'not_found'],
];

/** ProviderHttp's `errorCode`: a slug for the known messages of GitHub's error body, else undefined. */
export function githubErrorCode(body: unknown): string | undefined {
  const message = (body as { message?: unknown } | null)?.message;
  if (typeof message !== 'string') return undefined;
  return KNOWN_MESSAGES.find(([pattern]) => pattern.test(message))?.[1];
}

/** "Otherwise, wait for at least one minute before retrying" (secondary rate limits without a hint). */
export const GITHUB_DEFAULT_RETRY_MS = 60_000;

const RATE_LIMIT_CODES = new Set(['secondary_rate_limit', 'rate_limit_exceeded']);

/**
 * What a GitHub failure means for the hub. Pure: the answer depends on the error alone.
 *
 * 401 → AUTH_REVOKED (expired, revoked or refreshed-away user token: "Bad credentials");
 * 403 or 429 that is a rate limit → RATE_LIMITED: GitHub answers both statuses for its primary limit
 * (`x-ratelimit-remaining: 0`, wait until `x-ratelimit-reset`) and for secondary limits (a message
 * saying so, maybe `retry-after`) — https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api;
 * ProviderHttp's `retryAfterMs` only exists when `retry-after` was sent or the window is spent, so its
 * presence marks a rate limit too; without any hint, a minute;
 * other 403 → INSUFFICIENT_SCOPE ("Resource not accessible by integration": the app lacks a permission);
 * 404 and 410 (gone, issues disabled) → NOT_FOUND; 400 and 422 → INVALID_CONFIG; 5xx → TEMPORARY;
 * timeouts and network failures → TEMPORARY (transportIntegrationError); anything else → UNKNOWN.
 */
export function toGitHubIntegrationError(error: unknown): IntegrationError {
  if (error instanceof IntegrationError) return error;
  if (error instanceof ProviderApiError) return fromApiError(error);
  return (
    transportIntegrationError(error, 'GitHub') ??
    new IntegrationError('UNKNOWN', 'Unexpected error while talking to GitHub')
  );
}

function fromApiError(error: ProviderApiError): IntegrationError {
  const { status, code } = error;
  const why = code ? ` (${code})` : '';
  const rateLimited =
    status === 429 ||
    (status === 403 && ((code !== undefined && RATE_LIMIT_CODES.has(code)) || error.retryAfterMs !== undefined));
  if (rateLimited) {
    return new IntegrationError('RATE_LIMITED', `GitHub's rate limit was reached${why}`, {
      status,
      retryAfterMs: error.retryAfterMs ?? GITHUB_DEFAULT_RETRY_MS,
    });
  }
  if (status === 401) {
    return new IntegrationError('AUTH_REVOKED', `GitHub refused the access token${why}: reconnect GitHub`, { status });
  }
  if (status === 403) {
    return new IntegrationError(
      'INSUFFICIENT_SCOPE',
      `GitHub denied access${why}: the GitHub App lacks a permission (Metadata and Issues, read-only)`,
      { status },
    );
  }
  if (status === 404 || status === 410) {
    return new IntegrationError('NOT_FOUND', `GitHub found nothing at ${error.path}${why}`, { status });
  }
  if (status === 400 || status === 422) {
    return new IntegrationError('INVALID_CONFIG', `GitHub rejected the request (${status})${why}`, { status });
  }
  if (status >= 500) return new IntegrationError('TEMPORARY', `GitHub is unavailable (${status})${why}`, { status });
  return new IntegrationError('UNKNOWN', `Unexpected answer from GitHub (${status})${why}`, { status });
}

/**
 * Whether a fetch failed because the answer was a redirect. ProviderHttp follows none (docs/security.md A10);
 * GitHub answers 301 for a repository that was renamed or transferred
 * (https://docs.github.com/en/rest/issues/issues#list-repository-issues, status codes).
 */
export function isRedirectRefusal(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || (error as { name?: unknown }).name !== 'TypeError') return false;
  const cause = (error as { cause?: unknown }).cause;
  return (
    typeof cause === 'object' && cause !== null && /redirect/i.test(String((cause as { message?: unknown }).message))
  );
}
