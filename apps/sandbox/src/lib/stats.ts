/** What one emulated provider has seen since start (or the last reset); `GET /_sandbox/stats`. */
export interface ProviderStatsSnapshot {
  /** Token-endpoint requests by `grant_type`, whatever their outcome. */
  tokenRequests: Record<string, number>;
  /** Token-endpoint error responses by OAuth `error` code. */
  tokenErrors: Record<string, number>;
  /** Requests the revocation endpoint answered 200 (RFC 7009: also for unknown tokens). */
  revocations: number;
  /**
   * Grants revoked through the provider's own API rather than RFC 7009 (Slack's `auth.revoke`,
   * GitHub's `DELETE /applications/{client_id}/grant`); a `test` call that revokes nothing is not counted.
   */
  apiRevocations: number;
  /** Requests to the provider's REST API, including the ones answered 401 or 429. */
  apiRequests: number;
  /** Grants (authorizations) currently alive: neither expired nor revoked. */
  activeGrants: number;
  /** API requests answered 429. */
  rateLimited: number;
  /**
   * Grants revoked as a whole: refresh-token reuse, revocation of a refresh token, a second use of a
   * code, a revocation through the provider's own API.
   */
  grantsRevoked: number;
}

export class ProviderStats {
  tokenRequests: Record<string, number> = {};
  tokenErrors: Record<string, number> = {};
  revocations = 0;
  apiRevocations = 0;
  apiRequests = 0;
  rateLimited = 0;
  grantsRevoked = 0;

  constructor() {
    this.reset();
  }

  reset(): void {
    this.tokenRequests = { authorization_code: 0, refresh_token: 0 };
    this.tokenErrors = {};
    this.revocations = 0;
    this.apiRevocations = 0;
    this.apiRequests = 0;
    this.rateLimited = 0;
    this.grantsRevoked = 0;
  }

  countTokenRequest(grantType: string): void {
    this.tokenRequests[grantType] = (this.tokenRequests[grantType] ?? 0) + 1;
  }

  countTokenError(error: string): void {
    this.tokenErrors[error] = (this.tokenErrors[error] ?? 0) + 1;
  }

  snapshot(activeGrants: number): ProviderStatsSnapshot {
    return {
      tokenRequests: { ...this.tokenRequests },
      tokenErrors: { ...this.tokenErrors },
      revocations: this.revocations,
      apiRevocations: this.apiRevocations,
      apiRequests: this.apiRequests,
      activeGrants,
      rateLimited: this.rateLimited,
      grantsRevoked: this.grantsRevoked,
    };
  }
}

/**
 * A fixed one-minute window per provider: the first request opens it, more than `limit` requests
 * inside it are refused until it closes.
 */
export class RateLimiter {
  private windowStart = 0;
  private count = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Counts one request; returns the window's state and whether the request may go on. */
  take(limit: number): { allowed: boolean; limit: number; remaining: number; resetAt: number } {
    const now = this.now();
    if (now - this.windowStart >= 60_000) {
      this.windowStart = now;
      this.count = 0;
    }
    this.count += 1;
    const resetAt = this.windowStart + 60_000;
    return { allowed: this.count <= limit, limit, remaining: Math.max(0, limit - this.count), resetAt };
  }

  reset(): void {
    this.windowStart = 0;
    this.count = 0;
  }
}
