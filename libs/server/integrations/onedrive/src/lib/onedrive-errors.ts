import { IntegrationError, ProviderApiError, toMicrosoftIntegrationError } from '@hub/server/integrations/core';

/** For messages and the mapped errors. */
export const ONEDRIVE = 'OneDrive';

/** The calls that 404 when the account has no drive: Get drive, and the first delta request of a sync. */
const DRIVE_PATHS: ReadonlySet<string> = new Set(['/me/drive', '/me/drive/root/delta']);

/**
 * What a OneDrive failure means for the hub. Pure. A 404 on the drive itself (`GET /me/drive`, the
 * first delta request) → NOT_FOUND saying the account has no OneDrive: Graph sets up a licensed
 * person's OneDrive on that call and answers 404 when it "does not exist and cannot be provisioned"
 * (https://learn.microsoft.com/en-us/graph/api/drive-get). Everything else as every Graph API
 * (`toMicrosoftIntegrationError`): 401 → AUTH_REVOKED; 403 → INSUFFICIENT_SCOPE; 404 → NOT_FOUND;
 * 410 `resyncRequired` / `resyncChanges*Differences` → CURSOR_INVALID (a full sync follows); 429,
 * 503 and 504 → RATE_LIMITED with `retryAfterMs`; other 5xx and network failures → TEMPORARY; 400 →
 * INVALID_CONFIG. Messages never carry a token or a body.
 */
export function toOneDriveIntegrationError(error: unknown): IntegrationError {
  if (error instanceof ProviderApiError && error.status === 404 && DRIVE_PATHS.has(error.path)) {
    return new IntegrationError(
      'NOT_FOUND',
      `This Microsoft account has no OneDrive${error.code ? ` (${error.code})` : ''}: it is not licensed for OneDrive, or OneDrive could not set it up. Ask an administrator for a OneDrive licence, or open OneDrive once, then connect again`,
      { status: error.status },
    );
  }
  return toMicrosoftIntegrationError(error, ONEDRIVE);
}
