import { ProviderStats, RateLimiter } from './stats';

describe('RateLimiter', () => {
  it('should allow `limit` requests per one-minute window, then refuses until it closes', () => {
    let now = 1_000_000;
    const limiter = new RateLimiter(() => now);
    const results = Array.from({ length: 4 }, () => limiter.take(3));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
    expect(results.map((r) => r.remaining)).toEqual([2, 1, 0, 0]);
    expect(results[3].resetAt).toBe(1_060_000);
    now += 59_999;
    expect(limiter.take(3).allowed).toBe(false);
    now += 1;
    expect(limiter.take(3)).toEqual({ allowed: true, limit: 3, remaining: 2, resetAt: 1_120_000 });
  });

  it('should start over on reset, and follow a changed limit at once', () => {
    const limiter = new RateLimiter(() => 0);
    limiter.take(1);
    expect(limiter.take(1).allowed).toBe(false);
    expect(limiter.take(10).allowed).toBe(true);
    limiter.reset();
    expect(limiter.take(1).allowed).toBe(true);
  });
});

describe('ProviderStats', () => {
  it('should count by grant type and error, and resets to zero', () => {
    const stats = new ProviderStats();
    stats.countTokenRequest('refresh_token');
    stats.countTokenRequest('refresh_token');
    stats.countTokenError('invalid_grant');
    stats.revocations += 1;
    stats.apiRevocations += 2;
    expect(stats.snapshot(2)).toEqual({
      tokenRequests: { authorization_code: 0, refresh_token: 2 },
      tokenErrors: { invalid_grant: 1 },
      revocations: 1,
      apiRevocations: 2,
      apiRequests: 0,
      activeGrants: 2,
      rateLimited: 0,
      grantsRevoked: 0,
    });
    stats.reset();
    expect(stats.snapshot(0).tokenRequests).toEqual({ authorization_code: 0, refresh_token: 0 });
    expect(stats.snapshot(0).tokenErrors).toEqual({});
    expect(stats.snapshot(0).apiRevocations).toBe(0);
  });
});
