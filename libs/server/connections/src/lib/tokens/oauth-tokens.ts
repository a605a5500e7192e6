/** What the token endpoint answered, as kept sealed on the connection. Never logged or returned. */
export interface OAuthTokens {
  accessToken: string;
  refreshToken?: string;
  tokenType?: string;
  idToken?: string;
  obtainedAt: string;
}
