import Redis from 'ioredis';
import { testConfig } from '@hub/server/config';
import { OAUTH_STATE_TTL_SECONDS, OAuthStateStore } from './oauth-state-store';

const config = testConfig({ REDIS_PREFIX: `oauth-state-test-${process.pid}` });
const redis = new Redis(config.redis.url, { lazyConnect: false });
const store = new OAuthStateStore(redis, config);
const attempt = {
  providerId: 'dub',
  workspaceId: 'w1',
  userId: 'u1',
  redirectUri: 'http://localhost:3000/api/integrations/dub/callback',
  expectedIssuer: 'http://127.0.0.1:3900/dub',
  codeVerifier: 'planted-verifier-value-planted-verifier-val',
  requestedScopes: ['links.read'],
  returnTo: '/settings/integrations',
};

afterAll(async () => {
  const keys = await redis.keys(`${config.redis.prefix}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
});

describe('OAuthStateStore', () => {
  it('should hand out 256-bit states and bindings and keep only their hashes as keys, with a 10-minute expiry', async () => {
    const { state, browserBinding } = await store.begin(attempt);
    expect(state).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(browserBinding).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const keys = await redis.keys(`${config.redis.prefix}:oauth-state:*`);
    expect(keys.some((k) => k.includes(state))).toBe(false);
    const ttls = await Promise.all(keys.map((k) => redis.ttl(k)));
    expect(Math.max(...ttls)).toBeLessThanOrEqual(OAUTH_STATE_TTL_SECONDS);
    expect(Math.min(...ttls)).toBeGreaterThan(OAUTH_STATE_TTL_SECONDS - 10);
    const stored = await Promise.all(keys.map((k) => redis.get(k)));
    expect(stored.join('')).not.toContain(browserBinding);
  });

  it('should give an attempt back once, bound to the browser that started it', async () => {
    const { state, browserBinding } = await store.begin(attempt);
    const found = await store.consume(state);
    expect(found).toMatchObject(attempt);
    expect(OAuthStateStore.bindingMatches(found!, browserBinding)).toBe(true);
    expect(OAuthStateStore.bindingMatches(found!, 'another-browser')).toBe(false);
    expect(OAuthStateStore.bindingMatches(found!, undefined)).toBe(false);
    await expect(store.consume(state)).resolves.toBeNull();
  });

  it('should let exactly one of many concurrent callbacks with the same state through', async () => {
    const { state } = await store.begin(attempt);
    const results = await Promise.all(Array.from({ length: 20 }, () => store.consume(state)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('should answer null for unknown, malformed and expired states', async () => {
    await expect(store.consume('x'.repeat(43))).resolves.toBeNull();
    await expect(store.consume('../../etc')).resolves.toBeNull();
    await expect(store.consume(undefined)).resolves.toBeNull();
    await expect(store.consume(['a'])).resolves.toBeNull();
    const { state } = await store.begin(attempt);
    // Fast-forward the 10 minutes: Redis itself drops the attempt.
    for (const k of await redis.keys(`${config.redis.prefix}:oauth-state:*`)) await redis.pexpire(k, 1);
    await new Promise((r) => setTimeout(r, 20));
    await expect(store.consume(state)).resolves.toBeNull();
  });
});
