import { IntegrationError } from './integration-error';
import { ProviderApiError, transportIntegrationError } from './provider-http';

/**
 * Google APIs answer errors alike (https://cloud.google.com/apis/design/errors and each API's
 * "Resolve errors" page): `{ "error": { "code", "message", "status", "errors": [{ "reason", "domain" }],
 * "details": [{ "@type": "...ErrorInfo", "reason" }] } }`. The code kept is the legacy `errors[].reason`
 * (`insufficientPermissions`, `rateLimitExceeded`, …), else ErrorInfo's reason, else `status`.
 */
export function googleApiErrorCode(body: unknown): string | undefined {
  const error = (body as { error?: Record<string, unknown> } | null)?.error;
  if (!error || typeof error !== 'object') return undefined;
  const legacy = Array.isArray(error['errors']) ? (error['errors'][0] as { reason?: unknown } | undefined) : undefined;
  if (typeof legacy?.reason === 'string') return legacy.reason;
  const info = Array.isArray(error['details'])
    ? (error['details'] as { '@type'?: unknown; reason?: unknown }[]).find((d) =>
        String(d?.['@type'] ?? '').endsWith('google.rpc.ErrorInfo'),
      )
    : undefined;
  if (typeof info?.reason === 'string') return info.reason;
  return typeof error['status'] === 'string' ? error['status'] : undefined;
}

/** Google's 403 reasons that mean "slow down", not "not allowed" (Drive, Gmail and Calendar use them). */
const RATE_LIMIT_REASONS = new Set([
  'rateLimitExceeded',
  'userRateLimitExceeded',
  'RATE_LIMIT_EXCEEDED',
  'quotaExceeded',
  'RESOURCE_EXHAUSTED',
]);

/** 403 reasons of a project set-up problem (the API is not enabled for the OAuth client's project). */
const CONFIG_REASONS = new Set(['accessNotConfigured', 'SERVICE_DISABLED', 'dailyLimitExceededUnreg']);

/**
 * What a Google API failure means for the hub: 401 → AUTH_REVOKED; 403 → RATE_LIMITED for Google's
 * rate-limit reasons (Google sends those as 403 as well as 429), INVALID_CONFIG when the API is not
 * enabled, else INSUFFICIENT_SCOPE; 404 → NOT_FOUND; 410 → CURSOR_INVALID (Calendar's expired sync
 * token); 429 → RATE_LIMITED; 400 → INVALID_CONFIG; 5xx and transport failures → TEMPORARY.
 */
export function toGoogleIntegrationError(error: unknown, provider: string): IntegrationError {
  if (error instanceof IntegrationError) return error;
  if (error instanceof ProviderApiError) {
    const { status, code, retryAfterMs } = error;
    const why = code ? ` (${code})` : '';
    if (status === 401)
      return new IntegrationError('AUTH_REVOKED', `${provider} refused the access token${why}: reconnect`, { status });
    if (status === 429 || (status === 403 && code && RATE_LIMIT_REASONS.has(code))) {
      return new IntegrationError('RATE_LIMITED', `${provider}'s rate limit was reached${why}`, {
        status,
        retryAfterMs,
      });
    }
    if (status === 403 && code && CONFIG_REASONS.has(code)) {
      return new IntegrationError('INVALID_CONFIG', `The ${provider} API is not enabled for this OAuth client${why}`, {
        status,
      });
    }
    if (status === 403) {
      return new IntegrationError('INSUFFICIENT_SCOPE', `${provider} denied access${why}: a permission is missing`, {
        status,
      });
    }
    if (status === 404)
      return new IntegrationError('NOT_FOUND', `${provider} found nothing at ${error.path}`, { status });
    if (status === 410) {
      return new IntegrationError('CURSOR_INVALID', `${provider}'s sync token expired${why}: a full sync follows`, {
        status,
      });
    }
    if (status >= 500)
      return new IntegrationError('TEMPORARY', `${provider} is unavailable (${status})${why}`, { status });
    if (status === 400) {
      return new IntegrationError('INVALID_CONFIG', `${provider} rejected the request (400)${why}`, { status });
    }
    return new IntegrationError('UNKNOWN', `Unexpected answer from ${provider} (${status})${why}`, { status });
  }
  return (
    transportIntegrationError(error, provider) ??
    new IntegrationError('UNKNOWN', `Unexpected error while talking to ${provider}`)
  );
}
