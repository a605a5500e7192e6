import { IntegrationError, ProviderApiError, toMicrosoftIntegrationError } from '@hub/server/integrations/core';

/** For messages and the mapped errors. */
export const MICROSOFT_TEAMS = 'Microsoft Teams';

/**
 * Refused before any Graph call: the Teams APIs do not serve personal Microsoft accounts (every
 * permissions table reads "Delegated (personal Microsoft account): Not supported",
 * https://learn.microsoft.com/en-us/graph/api/user-list-joinedteams), so a connection of one could
 * never sync. INVALID_CONFIG: retrying changes nothing; the person connects a work or school account.
 */
export function personalAccountError(): IntegrationError {
  return new IntegrationError(
    'INVALID_CONFIG',
    'Microsoft Teams works with work or school accounts only; personal Microsoft accounts have no Teams API. Connect Microsoft Teams with a work or school account',
  );
}

/** A channel message, reply or delta path: `/teams/{id}/channels/{id}/messages…`. */
const MESSAGES_PATH = /^\/teams\/[^/]+\/channels\/[^/]+\/messages(\/|$)/;

/**
 * What a Microsoft Teams failure means for the hub. Pure. A 403 on channel messages →
 * INSUFFICIENT_SCOPE naming its two causes: ChannelMessage.Read.All, which needs a tenant
 * administrator's consent ("Admin Consent Required: Yes", https://learn.microsoft.com/en-us/graph/permissions-reference),
 * and Teams' own refusal of someone who is no longer a member or has no Teams licence (`Forbidden`
 * "Failed to execute Skype backend request GetThreadS2SRequest",
 * https://github.com/microsoftgraph/microsoft-graph-toolkit/issues/1663). Everything else as every
 * Graph API (`toMicrosoftIntegrationError`): 401 → AUTH_REVOKED; other 403 → INSUFFICIENT_SCOPE; 404 →
 * NOT_FOUND; 410 and the resync codes → CURSOR_INVALID (a full sync follows); 429, 503 and 504 →
 * RATE_LIMITED with `retryAfterMs`; other 5xx and network failures → TEMPORARY; 400 → INVALID_CONFIG.
 * Messages never carry a token or a body.
 */
export function toMicrosoftTeamsIntegrationError(error: unknown): IntegrationError {
  if (error instanceof ProviderApiError && error.status === 403 && MESSAGES_PATH.test(error.path)) {
    return new IntegrationError(
      'INSUFFICIENT_SCOPE',
      `${MICROSOFT_TEAMS} denied access to channel messages${error.code ? ` (${error.code})` : ''}: reading them (ChannelMessage.Read.All) needs your Microsoft 365 administrator's approval for the organization, and a member of the team with a Teams licence. Ask an administrator to approve the hub, then connect again`,
      { status: error.status },
    );
  }
  return toMicrosoftIntegrationError(error, MICROSOFT_TEAMS);
}
