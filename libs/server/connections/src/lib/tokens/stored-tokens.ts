import type { OAuthTokens } from './oauth-tokens';
import type { TokenEndpointAnswer } from './token-endpoint';

/**
 * The tokens to store from a token endpoint's answer, after the code exchange or a refresh
 * (`previous`: what the connection held), one rule for both (docs/security.md A11): a missing
 * `refresh_token` keeps the old one, a new one replaces it; expiry is `received + expires_in - 60 s`,
 * so a token is never used in its last minute.
 */
export function storedTokens(
  answer: Extract<TokenEndpointAnswer, { ok: true }>,
  receivedAt: number,
  previous?: OAuthTokens,
): { tokens: OAuthTokens; expiresAt: Date | null } {
  return {
    tokens: {
      ...previous,
      accessToken: answer.accessToken,
      refreshToken: answer.refreshToken ?? previous?.refreshToken,
      tokenType: answer.tokenType ?? previous?.tokenType,
      idToken: answer.idToken ?? previous?.idToken,
      obtainedAt: new Date(receivedAt).toISOString(),
    },
    expiresAt: answer.expiresIn && answer.expiresIn > 0 ? new Date(receivedAt + (answer.expiresIn - 60) * 1000) : null,
  };
}

/**
 * How long before expiry a token counts as stale (docs/security.md B1): max(5 min, 20 % of its lifetime),
 * but never more than half of it, so short-lived tokens are not refreshed on every use.
 */
export function refreshMarginMs(obtainedAt: Date, expiresAt: Date): number {
  const lifetime = Math.max(0, expiresAt.getTime() - obtainedAt.getTime());
  return Math.min(Math.max(5 * 60_000, lifetime * 0.2), lifetime / 2);
}
