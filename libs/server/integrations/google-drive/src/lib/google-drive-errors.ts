import {
  googleApiErrorCode,
  IntegrationError,
  ProviderApiError,
  toGoogleIntegrationError,
} from '@hub/server/integrations/core';

/** For messages and the mapped errors. */
export const GOOGLE_DRIVE = 'Google Drive';

/** The code kept for a page token Drive refuses: its reason and the parameter, e.g. `invalid:pageToken`. */
const PAGE_TOKEN_REFUSED = /:pageToken$/;

/**
 * The error code ProviderHttp keeps from a Drive error body: Google's (`googleApiErrorCode`), with
 * `:pageToken` added when the error names that parameter. Drive answers a start page token or page
 * token it no longer knows with `400 Invalid Value`, `errors[0]: { reason: "invalid", location:
 * "pageToken", locationType: "parameter" }` (https://developers.google.com/drive/api/guides/handle-errors
 * shows the shape); the location is what tells it from any other 400.
 */
export function googleDriveErrorCode(body: unknown): string | undefined {
  const code = googleApiErrorCode(body);
  const errors = (body as { error?: { errors?: unknown } } | null)?.error?.errors;
  const first = Array.isArray(errors) ? (errors[0] as { location?: unknown } | undefined) : undefined;
  return first?.location === 'pageToken' ? `${code ?? 'invalid'}:pageToken` : code;
}

/**
 * What a Drive failure means for the hub. Pure. A page token Drive refuses (400 naming `pageToken`, on
 * changes.list or files.list) → CURSOR_INVALID: the runner starts the files over with a full pass and
 * a new start page token. Everything else as every Google API (`toGoogleIntegrationError`): 401 →
 * AUTH_REVOKED; 403 → RATE_LIMITED for `rateLimitExceeded`/`userRateLimitExceeded`, INVALID_CONFIG
 * naming the API to enable for SERVICE_DISABLED, else INSUFFICIENT_SCOPE; 404 → NOT_FOUND; 429 → RATE_LIMITED with `retryAfterMs`; 5xx and network
 * failures → TEMPORARY; other 400s → INVALID_CONFIG. Messages never carry a token or a body.
 */
export function toGoogleDriveIntegrationError(error: unknown): IntegrationError {
  if (error instanceof ProviderApiError && error.status === 400 && PAGE_TOKEN_REFUSED.test(error.code ?? '')) {
    return new IntegrationError(
      'CURSOR_INVALID',
      `${GOOGLE_DRIVE} no longer accepts the saved page token (${error.code}): a full sync follows`,
      { status: error.status },
    );
  }
  return toGoogleIntegrationError(error, GOOGLE_DRIVE);
}
