import { IntegrationError } from '@hub/server/integrations/core';
import { DubApiError } from './dub-api-error';

/**
 * What went wrong talking to Dub, as the hub acts on it. Pure: the result depends on the error alone
 * (a `Retry-After` date is read against the time the response arrived, kept on the error).
 *
 * 401 → AUTH_REVOKED (an expired or revoked token: Dub answers 401, integrations/quickstart),
 * 403 → INSUFFICIENT_SCOPE, 404 → NOT_FOUND, 429 → RATE_LIMITED (with `retryAfterMs`),
 * 5xx and network failures or timeouts → TEMPORARY, 400/422 → INVALID_CONFIG, anything else → UNKNOWN.
 * Messages never carry a token or a response body.
 */
export function toDubIntegrationError(error: unknown): IntegrationError {
  if (error instanceof IntegrationError) return error;
  if (error instanceof DubApiError) return fromApiError(error);
  const name = error instanceof Error || isErrorLike(error) ? error.name : undefined;
  // By name, not instanceof: fetch's errors may come from another realm (jest, workers).
  if (name === 'TimeoutError') return new IntegrationError('TEMPORARY', 'Dub did not answer in time');
  if (name === 'AbortError') return new IntegrationError('TEMPORARY', 'The request to Dub was cancelled');
  if (name === 'TypeError') return new IntegrationError('TEMPORARY', 'Could not reach Dub (network error)');
  if (name === 'SyntaxError') return new IntegrationError('UNKNOWN', 'Dub sent a response that is not valid JSON');
  return new IntegrationError('UNKNOWN', 'Unexpected error while talking to Dub');
}

function fromApiError(error: DubApiError): IntegrationError {
  const { status } = error;
  const dub = error.code ? ` (${error.code})` : '';
  if (status === 401) {
    return new IntegrationError('AUTH_REVOKED', `Dub refused the access token${dub}: reconnect Dub`, { status });
  }
  if (status === 403) {
    return new IntegrationError('INSUFFICIENT_SCOPE', `Dub denied access${dub}: a permission is missing`, { status });
  }
  if (status === 404) return new IntegrationError('NOT_FOUND', `Dub found nothing at ${error.path}${dub}`, { status });
  if (status === 429) {
    return new IntegrationError('RATE_LIMITED', `Dub's rate limit was reached${dub}`, {
      status,
      retryAfterMs: retryAfterMs(error),
    });
  }
  if (status >= 500) return new IntegrationError('TEMPORARY', `Dub is unavailable (${status})${dub}`, { status });
  if (status === 400 || status === 422) {
    return new IntegrationError('INVALID_CONFIG', `Dub rejected the request (${status})${dub}`, { status });
  }
  return new IntegrationError('UNKNOWN', `Unexpected answer from Dub (${status})${dub}`, { status });
}

/** From `Retry-After` (seconds or an HTTP date), else `X-RateLimit-Reset` (epoch seconds); undefined when neither says. */
export function retryAfterMs(error: DubApiError): number | undefined {
  const retryAfter = error.rateLimit.retryAfter?.trim();
  if (retryAfter) {
    if (/^\d+$/.test(retryAfter)) return Number(retryAfter) * 1000;
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - error.receivedAt);
  }
  const reset = error.rateLimit.reset?.trim();
  if (reset && /^\d+(\.\d+)?$/.test(reset)) {
    const value = Number(reset);
    // Documented as epoch seconds; a value in epoch milliseconds is taken as such.
    const resetMs = value > 1e12 ? value : value * 1000;
    return Math.max(0, Math.ceil(resetMs - error.receivedAt));
  }
  return undefined;
}

function isErrorLike(value: unknown): value is { name: string } {
  return typeof value === 'object' && value !== null && typeof (value as { name?: unknown }).name === 'string';
}
