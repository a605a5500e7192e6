import { IntegrationError, ProviderApiError, toGoogleIntegrationError } from '@hub/server/integrations/core';

/** The API path of users.history.list, relative to the Gmail API base URL. */
export const GMAIL_HISTORY_PATH = '/users/me/history';

/**
 * What went wrong talking to Gmail, as the hub acts on it. Pure: the result depends on the error alone.
 *
 * Google's shared mapping (`toGoogleIntegrationError`: 401 → AUTH_REVOKED, 403 → RATE_LIMITED for the
 * rate-limit reasons and INSUFFICIENT_SCOPE otherwise, 404 → NOT_FOUND, 429 → RATE_LIMITED, 5xx →
 * TEMPORARY, …) with one Gmail rule before it: a 404 on users.history.list means the startHistoryId is
 * too old ("Supplying an invalid or out of date startHistoryId typically returns an HTTP 404 error
 * code … your app should perform a full sync",
 * https://developers.google.com/gmail/api/reference/rest/v1/users.history/list), so it is
 * CURSOR_INVALID and the run starts the resource over with a full pass. A 404 anywhere else stays
 * NOT_FOUND. Messages never carry a token or a response body.
 */
export function toGmailIntegrationError(error: unknown): IntegrationError {
  if (error instanceof ProviderApiError && error.status === 404 && error.path === GMAIL_HISTORY_PATH) {
    return new IntegrationError(
      'CURSOR_INVALID',
      'Gmail no longer keeps the history since the last sync (startHistoryId too old): a full sync follows',
      { status: 404 },
    );
  }
  return toGoogleIntegrationError(error, 'Gmail');
}
