import { IntegrationError } from './integration-error';
import { ProviderApiError, transportIntegrationError } from './provider-http';

/**
 * Google APIs answer errors alike (https://cloud.google.com/apis/design/errors and each API's
 * "Resolve errors" page): `{ "error": { "code", "message", "status", "errors": [{ "reason", "domain" }],
 * "details": [{ "@type": "...ErrorInfo", "reason", "metadata" }] } }`; the newer APIs (Analytics Admin
 * and Data) send no `errors`. The code kept is the legacy `errors[].reason` (`insufficientPermissions`,
 * `rateLimitExceeded`, …), else ErrorInfo's reason, else `status`. One exception: a disabled API is
 * `SERVICE_DISABLED:<service>` (ErrorInfo's `metadata.service`, e.g. `drive.googleapis.com`), even
 * beside the legacy `accessNotConfigured`, so the message can say which API to enable.
 */
export function googleApiErrorCode(body: unknown): string | undefined {
  const error = (body as { error?: Record<string, unknown> } | null)?.error;
  if (!error || typeof error !== 'object') return undefined;
  const info = Array.isArray(error['details'])
    ? (error['details'] as { '@type'?: unknown; reason?: unknown; metadata?: { service?: unknown } }[]).find((d) =>
        String(d?.['@type'] ?? '').endsWith('google.rpc.ErrorInfo'),
      )
    : undefined;
  const service = info?.metadata?.service;
  if (info?.reason === 'SERVICE_DISABLED' && typeof service === 'string' && SERVICE_NAME.test(service)) {
    return `SERVICE_DISABLED:${service}`;
  }
  const legacy = Array.isArray(error['errors']) ? (error['errors'][0] as { reason?: unknown } | undefined) : undefined;
  if (typeof legacy?.reason === 'string') return legacy.reason;
  if (typeof info?.reason === 'string') return info.reason;
  return typeof error['status'] === 'string' ? error['status'] : undefined;
}

/** A Google API's service name as ErrorInfo gives it (`analyticsdata.googleapis.com`). */
const SERVICE_NAME = /^[a-z][a-z0-9-]{0,40}\.googleapis\.com$/;

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
 * rate-limit reasons (Google sends those as 403 as well as 429; the sync waits and tries again),
 * INVALID_CONFIG naming the API to enable when it is not enabled in the OAuth client's Cloud project
 * (a person must enable it), else INSUFFICIENT_SCOPE; 404 → NOT_FOUND; 410 → CURSOR_INVALID (Calendar's expired sync
 * token); 429 → RATE_LIMITED; 400 → INVALID_CONFIG; 5xx and transport failures → TEMPORARY.
 */
export function toGoogleIntegrationError(error: unknown, provider: string): IntegrationError {
  if (error instanceof IntegrationError) return error;
  if (error instanceof ProviderApiError) {
    const { status, code, retryAfterMs } = error;
    const why = code ? ` (${code})` : '';
    // The reason without what a provider's error code adds after it (`SERVICE_DISABLED:<service>`, `invalid:pageToken`).
    const [reason, detail] = (code ?? '').split(':');
    if (status === 401)
      return new IntegrationError('AUTH_REVOKED', `${provider} refused the access token${why}: reconnect`, { status });
    if (status === 429 || (status === 403 && RATE_LIMIT_REASONS.has(reason))) {
      return new IntegrationError('RATE_LIMITED', `${provider}'s rate limit was reached${why}`, {
        status,
        retryAfterMs,
      });
    }
    if (status === 403 && CONFIG_REASONS.has(reason)) {
      const api = reason === 'SERVICE_DISABLED' && detail ? `the ${detail} API` : `the ${provider} API`;
      return new IntegrationError(
        'INVALID_CONFIG',
        `Enable ${api} in the Google Cloud project of the hub's OAuth client: it is disabled or was never enabled there (${reason})`,
        { status },
      );
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
