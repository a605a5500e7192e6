import { IntegrationError, ProviderApiError, toMicrosoftIntegrationError } from '@hub/server/integrations/core';

/** For messages and the mapped errors. */
export const OUTLOOK = 'Outlook';

/**
 * What an Outlook failure means for the hub. Pure. As every Graph API (`toMicrosoftIntegrationError`):
 * 401 → AUTH_REVOKED; `MailboxNotEnabledForRESTAPI` (no Exchange Online licence, a guest, a mailbox
 * on-premises) → INVALID_CONFIG saying so; 403 `ErrorAccessDenied` → INSUFFICIENT_SCOPE; 404 →
 * NOT_FOUND; 410 and `SyncStateNotFound` / `syncStateNotFound` (any case) → CURSOR_INVALID (a full
 * sync follows); 429, 503 and 504 → RATE_LIMITED with `retryAfterMs`; other 5xx and network failures
 * → TEMPORARY; 400 → INVALID_CONFIG. Beyond it, Outlook's concurrency refusal (429
 * `ApplicationThrottled`, "Application is over its MailboxConcurrency limit",
 * https://github.com/alcionai/corso/issues/3695) says what the limit is: 4 requests at a time per app
 * and mailbox (https://learn.microsoft.com/en-us/graph/throttling-limits#outlook-service-limits),
 * shared with the hub's other Outlook connections of the same mailbox. Messages never carry a token
 * or a body.
 */
export function toOutlookIntegrationError(error: unknown): IntegrationError {
  if (
    error instanceof ProviderApiError &&
    error.status === 429 &&
    /^applicationthrottled(:|$)/i.test(error.code ?? '')
  ) {
    return new IntegrationError(
      'RATE_LIMITED',
      `${OUTLOOK} allows 4 requests at a time per mailbox and the hub went over it (ApplicationThrottled): the sync waits`,
      { status: error.status, ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}) },
    );
  }
  return toMicrosoftIntegrationError(error, OUTLOOK);
}
