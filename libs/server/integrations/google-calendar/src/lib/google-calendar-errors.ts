import {
  googleApiErrorCode,
  IntegrationError,
  ProviderApiError,
  toGoogleIntegrationError,
} from '@hub/server/integrations/core';

/** For messages and the mapped errors. */
export const GOOGLE_CALENDAR = 'Google Calendar';

/** The code kept for a token Calendar refuses as malformed: its reason and the parameter, e.g. `invalid:syncToken`. */
const TOKEN_REFUSED = /:(syncToken|pageToken)$/;

/**
 * The error code ProviderHttp keeps from a Calendar error body: Google's (`googleApiErrorCode`), with
 * `:syncToken` or `:pageToken` added when the error names that parameter
 * (`errors[0].location`, https://developers.google.com/calendar/api/guides/errors).
 */
export function googleCalendarErrorCode(body: unknown): string | undefined {
  const code = googleApiErrorCode(body);
  const errors = (body as { error?: { errors?: unknown } } | null)?.error?.errors;
  const first = Array.isArray(errors) ? (errors[0] as { location?: unknown } | undefined) : undefined;
  return first?.location === 'syncToken' || first?.location === 'pageToken'
    ? `${code ?? 'invalid'}:${first.location}`
    : code;
}

/**
 * What a Calendar failure means for the hub. Pure. `410 Gone` (reason `fullSyncRequired`: "Sync
 * token is no longer valid, a full sync is required", https://developers.google.com/calendar/api/guides/sync)
 * → CURSOR_INVALID through `toGoogleIntegrationError`; so is a 400 naming `syncToken` or `pageToken`
 * (a token Calendar does not take): the runner starts the events over with a full pass. Everything
 * else as every Google API: 401 → AUTH_REVOKED; 403 → RATE_LIMITED for `rateLimitExceeded`,
 * `userRateLimitExceeded` and `quotaExceeded`, INVALID_CONFIG naming the API to enable for
 * SERVICE_DISABLED, else INSUFFICIENT_SCOPE; 404 → NOT_FOUND; 429 →
 * RATE_LIMITED with `retryAfterMs`; 5xx and network failures → TEMPORARY; other 400s → INVALID_CONFIG.
 * Messages never carry a token or a body.
 */
export function toGoogleCalendarIntegrationError(error: unknown): IntegrationError {
  if (error instanceof ProviderApiError && error.status === 400 && TOKEN_REFUSED.test(error.code ?? '')) {
    return new IntegrationError(
      'CURSOR_INVALID',
      `${GOOGLE_CALENDAR} does not accept the saved token (${error.code}): a full sync follows`,
      { status: error.status },
    );
  }
  return toGoogleIntegrationError(error, GOOGLE_CALENDAR);
}
