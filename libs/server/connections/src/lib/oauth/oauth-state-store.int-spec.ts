import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { type AppConfig, testConfig } from '@hub/server/config';
import { SecretCipher } from '@hub/server/crypto';
import { dataSourceOptions, runMigrations } from '@hub/server/database';
import { createScratchDatabase, type ScratchDatabase } from '@hub/server/testing';
import { oauthBindingCookieName, OAUTH_STATE_TTL_SECONDS, OAuthStateStore } from './oauth-state-store';

let scratch: ScratchDatabase;
let dataSource: DataSource;
let config: AppConfig;
let redis: Redis;
let store: OAuthStateStore;
const attempt = {
  providerId: 'dub',
  workspaceId: '',
  userId: 'u1',
  redirectUri: 'http://localhost:3000/api/integrations/dub/callback',
  expectedIssuer: 'http://127.0.0.1:3900/dub',
  codeVerifier: 'planted-verifier-value-planted-verifier-val',
  requestedScopes: ['links.read'],
  returnTo: '/settings/integrations',
};

beforeAll(async () => {
  // A real database: the verifier is sealed with the workspace's data key.
  scratch = await createScratchDatabase('oauth_state');
  await runMigrations(scratch.url);
  config = testConfig({ DATABASE_URL: scratch.url, REDIS_PREFIX: `oauth-state-test-${process.pid}` });
  dataSource = await new DataSource(dataSourceOptions(scratch.url, { poolSize: 2 })).initialize();
  const [workspace] = await dataSource.query<{ id: string }[]>(
    `INSERT INTO workspaces (name) VALUES ('Test') RETURNING id`,
  );
  attempt.workspaceId = workspace.id;
  redis = new Redis(config.redis.url, { lazyConnect: false });
  store = new OAuthStateStore(redis, new SecretCipher(dataSource, config), config);
}, 60_000);

afterAll(async () => {
  const keys = await redis.keys(`${config.redis.prefix}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
  await dataSource?.destroy();
  await scratch?.drop();
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

  it('should keep the PKCE verifier sealed in Redis, never in clear, and open it only for its own state', async () => {
    for (const k of await redis.keys(`${config.redis.prefix}:oauth-state:*`)) await redis.del(k);
    const { state } = await store.begin(attempt);
    const raw = (
      await Promise.all((await redis.keys(`${config.redis.prefix}:oauth-state:*`)).map((k) => redis.get(k)))
    ).join('');
    expect(raw).not.toContain(attempt.codeVerifier);
    expect(raw).not.toContain(Buffer.from(attempt.codeVerifier).toString('base64'));
    expect(raw).toContain('sealedCodeVerifier');
    // A sealed verifier moved under another state's key does not open.
    const [key] = await redis.keys(`${config.redis.prefix}:oauth-state:*`);
    const other = await store.begin(attempt);
    const otherKey = (await redis.keys(`${config.redis.prefix}:oauth-state:*`)).find((k) => k !== key)!;
    await redis.set(otherKey, (await redis.get(key))!);
    await expect(store.consume(other.state)).resolves.toBeNull();
    expect((await store.consume(state))?.codeVerifier).toBe(attempt.codeVerifier);
  });

  it('should name each flow’s binding cookie after its state, so two flows in one browser keep their own', async () => {
    const first = await store.begin(attempt);
    const second = await store.begin(attempt);
    expect(oauthBindingCookieName(first.state)).toMatch(/^hub_oauth_[0-9a-f]{24}$/);
    expect(oauthBindingCookieName(first.state)).not.toBe(oauthBindingCookieName(second.state));
    expect(oauthBindingCookieName(first.state)).toBe(oauthBindingCookieName(first.state));
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
