import { ConfigurationError, loadConfig } from './load-config';
import { ENVIRONMENT_VARIABLE_NAMES } from './environment';

const valid = {
  DATABASE_URL: 'postgres://hub:s3cret@127.0.0.1:5432/hub',
  REDIS_URL: 'redis://127.0.0.1:6379/0',
  ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
};

function problemsOf(env: NodeJS.ProcessEnv): ConfigurationError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
  throw new Error('expected a ConfigurationError');
}

describe('loadConfig', () => {
  it('should build a typed config with defaults from the two required URLs', () => {
    const config = loadConfig(valid);
    expect(config.env).toBe('development');
    expect(config.http).toEqual({
      host: '127.0.0.1',
      port: 3000,
      publicUrl: 'http://localhost:3000',
      https: false,
      trustProxy: false,
    });
    expect(config.database).toEqual({ url: valid.DATABASE_URL, poolSize: 10 });
    expect(config.redis).toEqual({ url: valid.REDIS_URL, prefix: 'hub' });
    expect(config.worker).toEqual({
      healthHost: '127.0.0.1',
      healthPort: 3001,
      syncConcurrency: 4,
      refreshConcurrency: 50,
      lockDurationMs: 30_000,
      stalledIntervalMs: 30_000,
      drainMs: 20_000,
    });
    expect(config.metrics).toEqual({ host: '127.0.0.1', port: 9464 });
  });

  it('should convert numeric variables and strip a trailing slash from PUBLIC_URL', () => {
    const config = loadConfig({
      ...valid,
      PORT: '8080',
      PUBLIC_URL: 'https://hub.example.com/',
      NODE_ENV: 'production',
    });
    expect(config.http.port).toBe(8080);
    expect(config.http.publicUrl).toBe('https://hub.example.com');
    expect(config.isProduction).toBe(true);
  });

  it('should name every bad variable and why in one error', () => {
    const error = problemsOf({ PORT: 'eighty', NODE_ENV: 'staging', REDIS_URL: 'http://127.0.0.1:6379' });
    const variables = error.problems.map((p) => p.variable).sort();
    expect(variables).toEqual(['DATABASE_URL', 'ENCRYPTION_KEYS', 'NODE_ENV', 'PORT', 'REDIS_URL']);
    expect(error.message).toMatch(/DATABASE_URL is missing: it must be a postgres: or postgresql: URL/);
    expect(error.message).toMatch(/PORT must be an integer number/);
    expect(error.message).toMatch(
      /NODE_ENV must be one of the following values: development, test, production \(got "staging"\)/,
    );
    expect(error.message).toMatch(/^Invalid configuration \(5 problems\)/);
  });

  it('should reject a DATABASE_URL without a database name or with another scheme', () => {
    expect(problemsOf({ ...valid, DATABASE_URL: 'postgres://127.0.0.1:5432' }).problems[0].variable).toBe(
      'DATABASE_URL',
    );
    expect(problemsOf({ ...valid, DATABASE_URL: 'mysql://u:p@h/db' }).problems[0].variable).toBe('DATABASE_URL');
    expect(problemsOf({ ...valid, DATABASE_URL: 'not a url' }).problems[0].variable).toBe('DATABASE_URL');
  });

  it('should never echo a password from a bad URL', () => {
    const error = problemsOf({ ...valid, DATABASE_URL: 'mysql://hub:hunter2@db:3306/hub' });
    expect(error.message).not.toContain('hunter2');
    expect(error.message).toContain('mysql://hub:***@db:3306/hub');
  });

  it('should name a malformed encryption key without ever showing it', () => {
    const secret = Buffer.alloc(31, 9).toString('base64'); // 31 bytes: one short
    const error = problemsOf({ ...valid, ENCRYPTION_KEYS: `k1:${secret}` });
    expect(error.problems).toEqual([expect.objectContaining({ variable: 'ENCRYPTION_KEYS' })]);
    expect(error.message).toMatch(/ENCRYPTION_KEYS must be one or more .* \(value not shown\)/);
    expect(error.message).not.toContain(secret);
  });

  it('should reject two encryption keys with the same id', () => {
    const key = Buffer.alloc(32, 2).toString('base64');
    expect(problemsOf({ ...valid, ENCRYPTION_KEYS: `a:${key},a:${key}` }).problems[0].variable).toBe('ENCRYPTION_KEYS');
  });

  it('should keep encryption keys and OAuth secrets out of any serialisation of the config', () => {
    const config = loadConfig({
      ...valid,
      OAUTH_GOOGLE_CLIENT_ID: 'id-1',
      OAUTH_GOOGLE_CLIENT_SECRET: 'planted-secret',
    });
    expect(config.encryptionKeys.map((k) => k.id)).toEqual(['k1']);
    expect(config.oauthApps.get('GOOGLE')).toEqual({ clientId: 'id-1', clientSecret: 'planted-secret' });
    const serialised = JSON.stringify(config);
    expect(serialised).not.toContain(valid.ENCRYPTION_KEYS.slice(3));
    expect(serialised).not.toContain('planted-secret');
  });

  it('should treat an empty variable as missing', () => {
    expect(problemsOf({ ...valid, REDIS_URL: '' }).problems).toEqual([
      expect.objectContaining({ variable: 'REDIS_URL', reason: expect.stringMatching(/^is missing/) }),
    ]);
  });

  it('should let connectors reach loopback in development and tests, and no private network in production', () => {
    expect(loadConfig(valid).connector.allowedNetworks).toEqual(['127.0.0.0/8', '::1/128']);
    expect(loadConfig({ ...valid, NODE_ENV: 'test' }).connector.allowedNetworks).toEqual(['127.0.0.0/8', '::1/128']);
    expect(loadConfig({ ...valid, NODE_ENV: 'production' }).connector.allowedNetworks).toEqual([]);
    expect(
      loadConfig({ ...valid, NODE_ENV: 'production', CONNECTOR_ALLOWED_NETWORKS: '10.20.0.0/16, fd12:3456::/48' })
        .connector.allowedNetworks,
    ).toEqual(['10.20.0.0/16', 'fd12:3456::/48']);
  });

  it('should refuse CONNECTOR_ALLOWED_NETWORKS entries that are not CIDRs', () => {
    for (const bad of ['10.0.0.0', '10.0.0.0/33', 'db.internal/24', '10.0.0.0/8,', '::1/129'])
      expect(problemsOf({ ...valid, CONNECTOR_ALLOWED_NETWORKS: bad }).problems).toEqual([
        expect.objectContaining({ variable: 'CONNECTOR_ALLOWED_NETWORKS' }),
      ]);
  });

  it('should make session cookies Secure when PUBLIC_URL is https, whatever NODE_ENV says', () => {
    const https = { ...valid, PUBLIC_URL: 'https://hub.example.com' };
    expect(loadConfig({ ...https, NODE_ENV: 'development' }).session.secureCookie).toBe(true);
    expect(loadConfig({ ...https, NODE_ENV: 'development' }).http.https).toBe(true);
    expect(
      loadConfig({ ...valid, NODE_ENV: 'production', PUBLIC_URL: 'http://hub.internal:3000' }).session.secureCookie,
    ).toBe(false);
    expect(loadConfig({ ...valid, NODE_ENV: 'test' }).session.secureCookie).toBe(false);
  });

  it('should trust no proxy by default, and a hop count or proxy addresses and CIDRs when TRUST_PROXY says so', () => {
    expect(loadConfig(valid).http.trustProxy).toBe(false);
    expect(loadConfig({ ...valid, TRUST_PROXY: 'off' }).http.trustProxy).toBe(false);
    expect(loadConfig({ ...valid, TRUST_PROXY: '1' }).http.trustProxy).toBe(1);
    expect(loadConfig({ ...valid, TRUST_PROXY: '2' }).http.trustProxy).toBe(2);
    expect(loadConfig({ ...valid, TRUST_PROXY: 'loopback' }).http.trustProxy).toEqual(['loopback']);
    expect(
      loadConfig({ ...valid, TRUST_PROXY: ' 10.20.0.0/16, 192.168.1.7 ,fd12:3456::/48, uniquelocal,::1' }).http
        .trustProxy,
    ).toEqual(['10.20.0.0/16', '192.168.1.7', 'fd12:3456::/48', 'uniquelocal', '::1']);
  });

  it('should refuse a TRUST_PROXY that is not off, a hop count or proxy addresses, naming it', () => {
    for (const bad of ['yes', '0', '11', '-1', '10.0.0.0/33', '10.1', 'proxy.internal', '10.0.0.0/8,', 'fe80::1%eth0'])
      expect(problemsOf({ ...valid, TRUST_PROXY: bad }).problems).toEqual([
        expect.objectContaining({ variable: 'TRUST_PROXY', reason: expect.stringContaining(`(got "${bad}")`) }),
      ]);
    const trustAll = problemsOf({ ...valid, TRUST_PROXY: 'true' });
    expect(trustAll.message).toMatch(/TRUST_PROXY must not be true, which would believe any client's X-Forwarded-For/);
  });

  it('should ignore variables it does not know', () => {
    expect(() => loadConfig({ ...valid, SOMETHING_ELSE: 'x' })).not.toThrow();
  });

  it('should list every variable it reads', () => {
    expect(ENVIRONMENT_VARIABLE_NAMES).toEqual(
      expect.arrayContaining(['NODE_ENV', 'PORT', 'PUBLIC_URL', 'DATABASE_URL', 'REDIS_URL', 'WORKER_HEALTH_PORT']),
    );
  });
});
