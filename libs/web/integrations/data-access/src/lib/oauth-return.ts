import type { Integration } from '@hub/web/shared/api-types';

/** Where the OAuth callback sends the browser back to. */
export const INTEGRATIONS_PATH = '/settings/integrations';

/**
 * The provider being connected, so that `?error=<code>` (which names no provider) can still say
 * "Dub connection was cancelled". Only a provider id: nothing secret is kept in browser storage.
 */
const CONNECTING_KEY = 'hub.integrations.connecting';

/** The OAuth callback's failure codes (libs/server/connections oauth-connect.service.ts) in words. */
const OAUTH_FAILURES: Record<string, (name: string) => string> = {
  access_denied: (name) => `${name} connection was cancelled.`,
  authorization_failed: (name) => `${name} did not authorize the connection. Try again.`,
  token_exchange_failed: (name) => `${name} sign-in could not be completed. Try again.`,
  id_token_invalid: (name) =>
    `${name} sign-in could not be verified (its ID token was refused), so nothing was connected. Try again.`,
  account_lookup_failed: (name) => `${name} connected, but its account details could not be read. Try again.`,
  not_permitted: (name) => `${name} was not connected: connecting needs the admin role in this workspace.`,
  admin_consent_required: (name) =>
    `${name} needs your organisation administrator’s approval before it can connect: see its card.`,
  admin_consent_declined: (name) => `${name} was not approved: the administrator cancelled or the approval failed.`,
};
const OAUTH_FAILURE_FALLBACK = (name: string) => `${name} could not be connected. Try again.`;

/** How an OAuth round trip ended, in words; `connected` without a message is a claim nobody confirmed. */
export type OAuthReturn =
  | { outcome: 'connected'; message: string | null }
  | { outcome: 'failed'; message: string; retry: Integration | undefined };

/** Called before leaving for the provider's consent page. */
export function rememberConnecting(providerId: string): void {
  sessionStorage.setItem(CONNECTING_KEY, providerId);
}

/**
 * Reads `success=<providerId>_connected` or `error=<code>` from the callback's return, or null when
 * the address holds neither. Forgets the provider this tab set out to connect either way.
 *
 * Anyone can send a link with `?success=…`, so "connected" is said only for what the server
 * confirms: the provider this tab set out to connect, with an active connection in the catalog
 * the server just answered (`integrationOf`).
 */
export function readOAuthReturn(
  query: { success?: string | null; error?: string | null },
  integrationOf: (providerId: string) => Integration | undefined,
): OAuthReturn | null {
  const remembered = sessionStorage.getItem(CONNECTING_KEY);
  sessionStorage.removeItem(CONNECTING_KEY);
  const approved = /^(.+)_admin_consented$/.exec(query.success ?? '')?.[1];
  if (approved) {
    const integration = approved === remembered ? integrationOf(approved) : undefined;
    const confirmed = integration?.adminConsent?.status === 'granted' ? integration : undefined;
    return { outcome: 'connected', message: confirmed ? `${confirmed.name} approved: you can connect it now` : null };
  }
  if (query.success) {
    const providerId = /^(.+)_connected$/.exec(query.success)?.[1];
    const integration = providerId && providerId === remembered ? integrationOf(providerId) : undefined;
    const confirmed = integration?.connections.some((c) => c.status === 'ACTIVE') ? integration : undefined;
    return { outcome: 'connected', message: confirmed ? `${confirmed.name} connected` : null };
  }
  if (query.error) {
    const integration = remembered ? integrationOf(remembered) : undefined;
    const describe = OAUTH_FAILURES[query.error] ?? OAUTH_FAILURE_FALLBACK;
    return { outcome: 'failed', message: describe(integration?.name ?? 'The integration'), retry: integration };
  }
  return null;
}
