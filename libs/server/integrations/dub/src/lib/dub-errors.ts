import { IntegrationError, ProviderApiError, transportIntegrationError } from '@hub/server/integrations/core';

const ERROR_CODE = /^[a-z][a-z_]{0,39}$/;

/**
 * Dub's machine-readable `error.code` from an error body (`{ "error": { "code", "message", "doc_url" } }`,
 * https://dub.co/docs/api-reference/errors), when it is one of Dub's short codes; the rest is dropped.
 */
export function dubErrorCode(body: unknown): string | undefined {
  const candidate = (body as { error?: { code?: unknown } } | null)?.error?.code;
  return typeof candidate === 'string' && ERROR_CODE.test(candidate) ? candidate : undefined;
}

/**
 * What went wrong talking to Dub, as the hub acts on it. Pure: the result depends on the error alone
 * (ProviderHttp read the wait from `Retry-After` or `X-RateLimit-Reset`, https://dub.co/docs/api-reference/rate-limits).
 *
 * 401 → AUTH_REVOKED (an expired or revoked token: Dub answers 401, integrations/quickstart),
 * 403 → INSUFFICIENT_SCOPE, 404 → NOT_FOUND, 429 → RATE_LIMITED (with `retryAfterMs`),
 * 5xx and network failures or timeouts → TEMPORARY, 400/422 → INVALID_CONFIG, anything else → UNKNOWN.
 * Messages never carry a token or a response body.
 */
export function toDubIntegrationError(error: unknown): IntegrationError {
  if (error instanceof IntegrationError) return error;
  if (error instanceof ProviderApiError) return fromApiError(error);
  return (
    transportIntegrationError(error, 'Dub') ?? new IntegrationError('UNKNOWN', 'Unexpected error while talking to Dub')
  );
}

function fromApiError(error: ProviderApiError): IntegrationError {
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
      retryAfterMs: error.retryAfterMs,
    });
  }
  if (status >= 500) return new IntegrationError('TEMPORARY', `Dub is unavailable (${status})${dub}`, { status });
  if (status === 400 || status === 422) {
    return new IntegrationError('INVALID_CONFIG', `Dub rejected the request (${status})${dub}`, { status });
  }
  return new IntegrationError('UNKNOWN', `Unexpected answer from Dub (${status})${dub}`, { status });
}
