import { IntegrationError, ProviderApiError, transportIntegrationError } from '@hub/server/integrations/core';

const PROVIDER = 'Slack';

/**
 * A Web API answer with `"ok": false`. Slack answers most errors with HTTP 200 and
 * `{ "ok": false, "error": "invalid_auth" }` (https://docs.slack.dev/apis/web-api/#responses), so the
 * Slack client throws this for them: a ProviderApiError with status 200 and Slack's `error` string as
 * its code. `needed` is the scope a `missing_scope` answer names (scope names are not secrets).
 */
export class SlackApiError extends ProviderApiError {
  constructor(
    path: string,
    code: string | undefined,
    /** `needed` of a missing_scope answer, e.g. `channels:history`. */
    readonly needed?: string,
  ) {
    super(PROVIDER, 200, path, code, undefined);
  }
}

/**
 * Slack's error strings by what they mean for the hub. The common errors every method can answer
 * (https://docs.slack.dev/apis/web-api/#errors, each method's "Errors" table) plus the ones of the
 * methods this provider calls (auth.test, conversations.list, conversations.history, auth.revoke).
 */
const AUTH_REVOKED = new Set([
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'token_expired',
  'account_inactive',
  // The person must set up two-factor authentication before the token works again.
  'two_factor_setup_required',
]);
const INSUFFICIENT_SCOPE = new Set([
  'missing_scope',
  'no_permission',
  'access_denied',
  'team_access_not_granted',
  'ekm_access_denied',
  'enterprise_is_restricted',
]);
const NOT_FOUND = new Set(['channel_not_found', 'not_in_channel']);
const RATE_LIMITED = new Set(['ratelimited', 'rate_limited']);
const TEMPORARY = new Set([
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
  // "The workspace is undergoing an enterprise migration and will not be available until it is complete."
  'org_login_required',
  'team_added_to_org',
]);
const INVALID_CONFIG = new Set([
  'invalid_arguments',
  'invalid_arg_name',
  'invalid_array_arg',
  'invalid_charset',
  'invalid_form_data',
  'invalid_post_type',
  'missing_post_type',
  'invalid_limit',
  'invalid_types',
  'invalid_ts_latest',
  'invalid_ts_oldest',
  'not_allowed_token_type',
  // auth.revoke: "Incompatible token type provided".
  'not_bearer_token',
  'method_deprecated',
  'deprecated_endpoint',
  'unknown_method',
  'accesslimited',
  'is_bot',
]);

/**
 * What went wrong talking to Slack, as the hub acts on it. Pure: the result depends on the error
 * alone. By Slack's `error` string first (it comes with HTTP 200), then by HTTP status:
 *
 * - invalid_auth, not_authed, token_revoked, token_expired, account_inactive → AUTH_REVOKED (the hub
 *   refreshes once on it, then needs a person; token_expired, a rotated token past its time, says so);
 * - missing_scope (naming the scope it needs), no_permission, access_denied … → INSUFFICIENT_SCOPE;
 * - channel_not_found, not_in_channel → NOT_FOUND;
 * - invalid_cursor → CURSOR_INVALID (the runner starts the resource over);
 * - ratelimited, or HTTP 429 → RATE_LIMITED, with `Retry-After` as `retryAfterMs`;
 * - internal_error, fatal_error, service_unavailable, request_timeout, or HTTP 5xx → TEMPORARY;
 * - invalid_arguments, invalid_limit, unknown_method, not_allowed_token_type … → INVALID_CONFIG;
 * - timeouts, cancellations and network failures → TEMPORARY; a body that is not JSON → UNKNOWN;
 * - anything else → UNKNOWN.
 *
 * Messages name Slack's error string and the method's path, never a token or a response body.
 */
export function toSlackIntegrationError(error: unknown): IntegrationError {
  if (error instanceof IntegrationError) return error;
  if (error instanceof ProviderApiError) return fromApiError(error);
  return (
    transportIntegrationError(error, PROVIDER) ??
    new IntegrationError('UNKNOWN', `Unexpected error while talking to ${PROVIDER}`)
  );
}

function fromApiError(error: ProviderApiError): IntegrationError {
  const { status, code, path } = error;
  const why = code ? ` (${code})` : '';
  if ((code && RATE_LIMITED.has(code)) || status === 429) {
    return new IntegrationError('RATE_LIMITED', `${PROVIDER}'s rate limit for ${path} was reached${why}`, {
      status,
      retryAfterMs: error.retryAfterMs,
    });
  }
  if (code) {
    if (code === 'token_expired') {
      // A rotating token past its 12 hours: AUTH_REVOKED is what makes the hub refresh once and retry;
      // only when the refresh fails does the connection need a person.
      return new IntegrationError('AUTH_REVOKED', `${PROVIDER}'s access token expired (token_expired): refresh it`, {
        status,
      });
    }
    if (AUTH_REVOKED.has(code)) {
      return new IntegrationError('AUTH_REVOKED', `${PROVIDER} refused the access token${why}: reconnect Slack`, {
        status,
      });
    }
    if (INSUFFICIENT_SCOPE.has(code)) {
      const needed = error instanceof SlackApiError && error.needed ? `: the connection lacks ${error.needed}` : '';
      return new IntegrationError(
        'INSUFFICIENT_SCOPE',
        `${PROVIDER} denied access to ${path}${why}${needed || ': a permission is missing'}`,
        { status },
      );
    }
    if (NOT_FOUND.has(code)) {
      return new IntegrationError('NOT_FOUND', `${PROVIDER} found no such conversation${why} on ${path}`, { status });
    }
    if (code === 'invalid_cursor') {
      return new IntegrationError(
        'CURSOR_INVALID',
        `${PROVIDER} no longer accepts the saved position${why}: a full sync follows`,
        { status },
      );
    }
    if (TEMPORARY.has(code)) {
      return new IntegrationError('TEMPORARY', `${PROVIDER} is unavailable${why}`, { status });
    }
    if (INVALID_CONFIG.has(code)) {
      return new IntegrationError('INVALID_CONFIG', `${PROVIDER} rejected the request to ${path}${why}`, { status });
    }
  }
  if (status >= 500)
    return new IntegrationError('TEMPORARY', `${PROVIDER} is unavailable (${status})${why}`, { status });
  if (status === 401) {
    return new IntegrationError('AUTH_REVOKED', `${PROVIDER} refused the access token (401)${why}: reconnect Slack`, {
      status,
    });
  }
  if (status === 403) {
    return new IntegrationError('INSUFFICIENT_SCOPE', `${PROVIDER} denied access (403)${why}`, { status });
  }
  if (status === 400 || status === 404) {
    return new IntegrationError('INVALID_CONFIG', `${PROVIDER} rejected the request to ${path} (${status})${why}`, {
      status,
    });
  }
  return new IntegrationError('UNKNOWN', `Unexpected answer from ${PROVIDER} (${status})${why} on ${path}`, { status });
}
