import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { promisify } from 'node:util';
import type { Redis } from 'ioredis';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { Response } from 'supertest';
import { credentialsRef, type OAuthTokens, ProviderAppsService, TokenService } from '@hub/server/connections';
import { SecretCipher } from '@hub/server/crypto';
import { ConnectionEntity, ProviderAppEntity } from '@hub/server/database';
import { REDIS } from '@hub/server/redis';
import { createOpenApiDocument } from './app/configure-app';
import { consentAtProvider } from '@hub/server/testing';
import { startSandboxProcess } from './testing/sandbox-process';
import { createTestWorld, type HttpMethod, type PersonaKey, type TestWorld } from './testing/test-world';

/**
 * docs/security.md C7 and C9: secrets planted through every way in (the environment, the admin form, the
 * credentials form, sign-up, sign-in, API keys) never come back out: not in any API response, log
 * line, audit row, Redis key, nor in the plaintext of a pg_dump. Each is searched for in plain,
 * base64, base64url, URL-encoded and hex forms.
 */

// ---------------------------------------------------------------------------------------------------
// The search

interface Canary {
  name: string;
  value: string;
  /** The one sink allowed to hold it: the response that shows a generated secret once. */
  allowedIn?: string;
}
interface Sink {
  name: string;
  text: string;
}
interface Leak {
  canary: string;
  form: string;
  sink: string;
}

/**
 * The substrings base64 must contain wherever the value sits in the encoded data: one per alignment
 * (0, 1 or 2 bytes before it), keeping only the characters made of the value's bits alone.
 */
function base64Needles(value: string, encoding: 'base64' | 'base64url'): string[] {
  const bytes = Buffer.from(value, 'utf8');
  return [0, 1, 2].map((offset) => {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString(encoding);
    return encoded.slice(Math.ceil((8 * offset) / 6), Math.floor((8 * (offset + bytes.length)) / 6));
  });
}

/** The forms a value may take in a sink, each with the substrings that reveal it; duplicates dropped. */
function formsOf(value: string): { form: string; needles: string[] }[] {
  const forms = [
    { form: 'plain', needles: [value] },
    { form: 'base64', needles: base64Needles(value, 'base64') },
    { form: 'base64url', needles: base64Needles(value, 'base64url') },
    { form: 'url-encoded', needles: [encodeURIComponent(value)] },
    { form: 'form-encoded', needles: [new URLSearchParams({ v: value }).toString().slice('v='.length)] },
    { form: 'hex', needles: [Buffer.from(value, 'utf8').toString('hex')] },
  ];
  const seen = new Set<string>();
  return forms.filter(({ needles }) => {
    const key = needles.join('\n');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Every canary, in every form, found in any sink other than the one it is allowed in. */
function findLeaks(sinks: Sink[], canaries: Canary[]): Leak[] {
  const leaks: Leak[] = [];
  for (const canary of canaries) {
    for (const { form, needles } of formsOf(canary.value)) {
      for (const sink of sinks) {
        if (sink.name === canary.allowedIn) continue;
        if (needles.some((needle) => sink.text.includes(needle)))
          leaks.push({ canary: canary.name, form, sink: sink.name });
      }
    }
  }
  return leaks;
}

// ---------------------------------------------------------------------------------------------------
// The canaries

const hex = () => randomBytes(6).toString('hex');
/** Unique per run; the ` /+` in the middle makes the URL-encoded forms differ from the plain one. */
const canary = (purpose: string) => `canary-${purpose}-${hex()} /+${hex()}`;

const planted = {
  adminClientSecret: canary('oauth-admin-client-secret'),
  envClientSecret: canary('oauth-env-client-secret'),
  bootstrapAdminPassword: canary('bootstrap-admin-password'),
  keyEncryptionKey: randomBytes(32).toString('base64'),
  /** The real stored connection password: test-db only connects with this one. */
  connectionPassword: 'let-me-in',
  wrongConnectionPassword: canary('wrong-connection-password'),
  userPassword: canary('user-password'),
  signInPassword: canary('failed-sign-in-password'),
  unknownFieldValue: canary('unknown-field-value'),
  tooLongValue: canary('too-long-value'),
  crossTenantPassword: canary('cross-tenant-password'),
  oauthCode: canary('oauth-callback-code'),
};

// ---------------------------------------------------------------------------------------------------
// Output capture: pino writes to fd 1 with fs.writeSync (sync destination), others use process.stdout.

function captureOutput() {
  const chunks: string[] = [];
  const text = (data: unknown) => (typeof data === 'string' ? data : Buffer.from(data as Uint8Array).toString('utf8'));
  const realWriteSync = fs.writeSync;
  const realStderrWrite = process.stderr.write.bind(process.stderr);
  const spies = [
    jest.spyOn(fs, 'writeSync').mockImplementation(((fd: number, data: string | Uint8Array, ...rest: unknown[]) => {
      if (fd !== 1 && fd !== 2) return (realWriteSync as (...args: unknown[]) => number)(fd, data, ...rest);
      chunks.push(text(data));
      return typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
    }) as typeof fs.writeSync),
    jest.spyOn(process.stdout, 'write').mockImplementation((data: string | Uint8Array) => {
      chunks.push(text(data));
      return true;
    }),
    // stderr is captured too, but still shown: it is where anything unexpected would go.
    jest.spyOn(process.stderr, 'write').mockImplementation((data: string | Uint8Array) => {
      chunks.push(text(data));
      return realStderrWrite(data);
    }),
  ];
  return {
    stop(): string {
      spies.forEach((spy) => spy.mockRestore());
      return chunks.join('');
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// The world, and every response it gives

type Who = PersonaKey | 'apiKey' | 'anonymous';

let world: TestWorld;
let capture: ReturnType<typeof captureOutput> | undefined;
const responses: Sink[] = [];
const canaries: Canary[] = Object.entries(planted).map(([name, value]) => ({ name, value }));
let apiKey = '';
let connectionId = '';

/** A request as someone, recorded as a sink named after it; `expected` checks the status (null: any). */
async function call(
  expected: number | null,
  who: Who,
  method: HttpMethod,
  path: string,
  body?: object | string,
  headers: Record<string, string> = {},
): Promise<{ res: Response; sink: string }> {
  const persona = who === 'apiKey' || who === 'anonymous' ? null : world.people[who];
  let test = world.call(persona, method, path, typeof body === 'object' ? body : undefined);
  if (typeof body === 'string') test = test.set('Content-Type', 'application/json').send(body);
  if (who === 'apiKey') test = test.set('Authorization', `Bearer ${apiKey}`);
  for (const [name, value] of Object.entries(headers)) test = test.set(name, value);
  const res = await test;
  const label = `${method.toUpperCase()} ${path} as ${who}`;
  const sink = `response to ${label} → ${res.status}`;
  responses.push({
    name: sink,
    text: `${JSON.stringify(res.headers)}\n${res.text ?? ''}\n${JSON.stringify(res.body ?? null)}`,
  });
  if (expected !== null) expect(sink).toBe(`response to ${label} → ${expected}`);
  return { res, sink };
}

let sandbox: Awaited<ReturnType<typeof startSandboxProcess>> | undefined;

beforeAll(async () => {
  sandbox = await startSandboxProcess(29_212);
  capture = captureOutput();
  world = await createTestWorld({
    SANDBOX_URL: sandbox.url,
    LOG_LEVEL: 'trace',
    OAUTH_GOOGLE_CLIENT_ID: 'leak-test-google-client-id',
    OAUTH_GOOGLE_CLIENT_SECRET: planted.envClientSecret,
    HUB_ADMIN_EMAIL: 'bootstrap-admin@example.com',
    HUB_ADMIN_PASSWORD: planted.bootstrapAdminPassword,
    ENCRYPTION_KEYS: `leak-test:${planted.keyEncryptionKey}`,
  });
}, 120_000);
afterAll(async () => {
  capture?.stop();
  await world?.close();
  await sandbox?.stop();
});

describe('secret canaries across all sinks (docs/security.md C7, C9)', () => {
  it('should find a canary deliberately placed in a sink, in each form, so a broken search cannot pass', () => {
    // Fixed, with `?>~` so that base64 and base64url differ at every alignment (random canaries may not).
    const value = `canary-probe-${hex()}-???>>>~~~ /+`;
    const probe = [{ name: 'probe', value }];
    const forms = ['plain', 'base64', 'base64url', 'url-encoded', 'form-encoded', 'hex'];
    expect(formsOf(value).map((f) => f.form)).toEqual(forms);
    const placed: Sink[] = [
      { name: 'plain', text: JSON.stringify({ detail: `bad value ${value}` }) },
      { name: 'base64', text: `Authorization: Basic ${Buffer.from(`user:${value}`).toString('base64')}` },
      { name: 'base64url', text: `eyJ.${Buffer.from(`{"s":"${value}"}`).toString('base64url')}.sig` },
      { name: 'url-encoded', text: `GET /callback?code=${encodeURIComponent(value)}&state=1` },
      { name: 'form-encoded', text: `grant_type=x&${new URLSearchParams({ client_secret: value })}` },
      { name: 'hex', text: `\\x00${Buffer.from(value).toString('hex')}00` },
      { name: 'clean', text: `nothing here but ${value.slice(0, 20)}` },
    ];
    const found = findLeaks(placed, probe);
    for (const form of forms) {
      expect(found).toContainEqual({ canary: 'probe', form, sink: form });
    }
    expect(found.filter((leak) => leak.sink === 'clean')).toEqual([]);
    // Every real canary too, and the allowance applies to its own sink only.
    const all = JSON.stringify(canaries.map((c) => c.value));
    expect(findLeaks([{ name: 'planted', text: all }], canaries).filter((l) => l.form === 'plain')).toHaveLength(
      canaries.length,
    );
    expect(findLeaks([{ name: 'planted', text: value }], [{ name: 'probe', value, allowedIn: 'planted' }])).toEqual([]);
  });

  it('should exercise sign-in, sign-up by invitation and API keys, succeeding and failing', async () => {
    // The bootstrap admin from the environment signs in with the planted password.
    await call(200, 'anonymous', 'post', '/api/auth/sign-in', {
      email: 'bootstrap-admin@example.com',
      password: planted.bootstrapAdminPassword,
    });
    // Failed sign-ins: wrong password, unknown email, a password in the email field, too long, malformed and oversized bodies.
    await call(401, 'anonymous', 'post', '/api/auth/sign-in', {
      email: 'admina@example.com',
      password: planted.signInPassword,
    });
    await call(401, 'anonymous', 'post', '/api/auth/sign-in', {
      email: 'nobody@example.com',
      password: planted.signInPassword,
    });
    await call(400, 'anonymous', 'post', '/api/auth/sign-in', { email: planted.signInPassword, password: 'x' });
    await call(400, 'anonymous', 'post', '/api/auth/sign-in', {
      email: 'admina@example.com',
      password: `${planted.tooLongValue}${'x'.repeat(1100)}`,
    });
    await call(400, 'anonymous', 'post', '/api/auth/sign-in', {
      email: 'admina@example.com',
      password: planted.signInPassword,
      remember: planted.unknownFieldValue,
    });
    await call(
      400,
      'anonymous',
      'post',
      '/api/auth/sign-in',
      `{"email":"admina@example.com","password":"${planted.signInPassword}`,
    );
    await call(413, 'anonymous', 'post', '/api/auth/sign-in', {
      email: 'admina@example.com',
      password: `${planted.signInPassword}${'x'.repeat(200_000)}`,
    });

    // A newcomer signs up by invitation with the user-password canary, then signs in with it.
    const invited = await call(201, 'adminA', 'post', '/api/invitations', {
      email: 'canary-user@example.com',
      role: 'member',
    });
    const token = new URL(invited.res.body.acceptUrl).hash.replace('#token=', '');
    canaries.push({ name: 'invitationToken', value: token, allowedIn: invited.sink });
    await call(400, 'anonymous', 'post', '/api/invitations/accept', {
      token,
      name: 'Canary User',
      password: `${planted.tooLongValue}${'x'.repeat(1100)}`,
    });
    await call(200, 'anonymous', 'post', '/api/invitations/accept', {
      token,
      name: 'Canary User',
      password: planted.userPassword,
    });
    await call(404, 'anonymous', 'post', '/api/invitations/accept', {
      token,
      name: 'Again',
      password: planted.userPassword,
    });
    await call(200, 'anonymous', 'post', '/api/auth/sign-in', {
      email: 'canary-user@example.com',
      password: planted.userPassword,
    });

    // An API key: its create response is the one place its secret may appear.
    const created = await call(201, 'adminA', 'post', '/api/api-keys', { name: 'leak test' });
    apiKey = created.res.body.secret;
    expect(apiKey).toMatch(/^hub_/);
    canaries.push({ name: 'apiKey', value: apiKey, allowedIn: created.sink });
    await call(200, 'apiKey', 'get', '/api/auth/session');
    await call(403, 'apiKey', 'post', '/api/api-keys', { name: 'more' });
  });

  it('should connect Dub through the sandbox and refresh its token, planting the real code and tokens', async () => {
    const started = await call(200, 'adminA', 'post', '/api/integrations/dub/connect', {});
    const binding = (started.res.headers['set-cookie'] as unknown as string[])
      .find((c) => c.startsWith('hub_oauth_'))!
      .split(';')[0];
    const redirect = await consentAtProvider(started.res.body.authorizationUrl, {
      callbackPrefix: 'http://localhost:3000/api/integrations/dub/callback',
    });
    canaries.push({ name: 'oauthRealCode', value: redirect.code! });
    await call(303, 'adminA', 'get', `/api/integrations/dub/callback${redirect.url.search}`, undefined, {
      Cookie: `${world.people.adminA.cookie}; ${binding}`,
    });

    const stored = async () => {
      const row = await world.db
        .getRepository(ConnectionEntity)
        .createQueryBuilder('c')
        .addSelect('c.credentials')
        .where("c.provider_id = 'dub'")
        .getOneOrFail();
      return {
        row,
        tokens: JSON.parse(
          await world.app.get(SecretCipher).open(credentialsRef(row), row.credentials!),
        ) as OAuthTokens,
      };
    };
    const first = await stored();
    canaries.push(
      { name: 'dubAccessToken', value: first.tokens.accessToken },
      { name: 'dubRefreshToken', value: first.tokens.refreshToken! },
    );
    await world.db
      .getRepository(ConnectionEntity)
      .update({ id: first.row.id }, { tokenExpiresAt: new Date(Date.now() - 1000) });
    await world.app
      .get(TokenService)
      .getAccessToken({ workspaceId: first.row.workspaceId, connectionId: first.row.id });
    const second = await stored();
    expect(second.tokens.refreshToken).not.toBe(first.tokens.refreshToken);
    canaries.push(
      { name: 'dubRefreshedAccessToken', value: second.tokens.accessToken },
      { name: 'dubRotatedRefreshToken', value: second.tokens.refreshToken! },
    );
  });

  it('should exercise OAuth app credentials from the instance admin and the environment', async () => {
    const { res } = await call(200, 'instanceAdmin', 'get', '/api/admin/provider-apps');
    const apps = res.body as { providerId: string; source: string; environmentVariables: string[] }[];
    const google = apps.find((app) => app.environmentVariables[0] === 'OAUTH_GOOGLE_CLIENT_ID')!;
    expect(google.source).toBe('environment');
    // A provider not using the Google app, so both the admin's and the environment's secrets stay in use.
    const target = apps.find((app) => app.environmentVariables[0] !== 'OAUTH_GOOGLE_CLIENT_ID')!.providerId;
    const path = `/api/admin/provider-apps/${target}`;

    await call(200, 'instanceAdmin', 'put', path, {
      clientId: 'leak-test-client-id',
      clientSecret: planted.adminClientSecret,
    });
    await call(200, 'instanceAdmin', 'put', path, {
      clientId: 'leak-test-client-id',
      clientSecret: planted.adminClientSecret,
    });
    await call(400, 'instanceAdmin', 'put', path, {
      clientId: 'leak-test-client-id',
      clientSecret: `${planted.tooLongValue}${'x'.repeat(2100)}`,
    });
    await call(400, 'instanceAdmin', 'put', path, {
      clientId: 'has spaces',
      clientSecret: planted.adminClientSecret,
      clientSecretConfirm: planted.unknownFieldValue,
    });
    await call(409, 'instanceAdmin', 'put', '/api/admin/provider-apps/test-db', {
      clientId: 'x',
      clientSecret: planted.adminClientSecret,
    });
    await call(404, 'instanceAdmin', 'put', '/api/admin/provider-apps/no-such-provider', {
      clientId: 'x',
      clientSecret: planted.adminClientSecret,
    });
    await call(403, 'adminA', 'put', path, { clientId: 'x', clientSecret: planted.adminClientSecret });
    await call(null, 'apiKey', 'put', path, { clientId: 'x', clientSecret: planted.adminClientSecret });

    // Both are really in place, so their absence below means something: the admin's sealed in its row.
    const row = await world.db
      .getRepository(ProviderAppEntity)
      .createQueryBuilder('a')
      .addSelect('a.clientSecret')
      .where('a.provider_id = :target', { target })
      .getOneOrFail();
    const ref = { table: 'provider_apps', column: 'client_secret', rowId: target, workspaceId: null };
    expect(await world.app.get(SecretCipher).open(ref, row.clientSecret)).toBe(planted.adminClientSecret);
    expect((await world.app.get(ProviderAppsService).resolve(google.providerId))?.clientSecret).toBe(
      planted.envClientSecret,
    );

    // An OAuth callback carrying a code in its query (no such route yet: the 404 and its log line).
    await call(
      null,
      'adminA',
      'get',
      `/api/integrations/${target}/callback?code=${encodeURIComponent(planted.oauthCode)}&state=s`,
    );
    await call(200, 'adminA', 'get', `/api/integrations?client_secret=${encodeURIComponent(planted.oauthCode)}`);
  });

  it('should exercise connections: connect, failed test, validation errors, edit keeping the password, cross-tenant', async () => {
    const connect = '/api/integrations/test-db/credentials';
    const fields = { host: 'db.example.com', user: 'reader' };
    const created = await call(201, 'adminA', 'post', connect, {
      credentials: { ...fields, password: planted.connectionPassword },
    });
    connectionId = created.res.body.id;
    const stored = async () => {
      const row = await world.db
        .getRepository(ConnectionEntity)
        .createQueryBuilder('c')
        .addSelect('c.credentials')
        .where('c.id = :connectionId', { connectionId })
        .getOneOrFail();
      return JSON.parse(await world.app.get(SecretCipher).open(credentialsRef(row), row.credentials!));
    };
    expect(await stored()).toMatchObject({ password: planted.connectionPassword });

    await call(422, 'adminA', 'post', connect, {
      credentials: { ...fields, password: planted.wrongConnectionPassword },
    });
    await call(400, 'adminA', 'post', connect, {
      credentials: { ...fields, password: planted.connectionPassword, sslKey: planted.unknownFieldValue },
    });
    await call(400, 'adminA', 'post', connect, {
      credentials: { ...fields, password: planted.connectionPassword },
      secret: planted.unknownFieldValue,
    });
    await call(400, 'adminA', 'post', connect, {
      credentials: {
        ...fields,
        host: `${planted.tooLongValue}${'x'.repeat(300)}`,
        password: planted.connectionPassword,
      },
    });
    await call(400, 'adminA', 'post', connect, {
      credentials: { ...fields, password: `${planted.wrongConnectionPassword}\u0001` },
    });
    await call(403, 'memberA', 'post', connect, { credentials: { ...fields, password: planted.connectionPassword } });

    // An edit leaving the password empty (or out) keeps the stored one: it only passes the test with it.
    await call(200, 'adminA', 'post', connect, { connectionId, credentials: { ...fields, password: '' } });
    // … but not to a new destination: a changed port must bring the password again (issue 15 finding 1).
    await call(400, 'adminA', 'post', connect, { connectionId, credentials: { ...fields, port: 6543 } });
    await call(200, 'adminA', 'post', connect, {
      connectionId,
      credentials: { ...fields, port: 6543, password: planted.connectionPassword },
    });
    await call(422, 'adminA', 'post', connect, {
      connectionId,
      credentials: { ...fields, password: planted.wrongConnectionPassword },
    });
    await call(200, 'adminA', 'patch', `/api/connections/${connectionId}`, { syncFrequencyMinutes: 120 });
    expect(await stored()).toMatchObject({ ...fields, port: 6543, password: planted.connectionPassword });

    // Another tenant sees nothing, whatever it sends.
    await call(404, 'ownerB', 'get', `/api/connections/${connectionId}`);
    await call(404, 'ownerB', 'patch', `/api/connections/${connectionId}`, { syncEnabled: false });
    await call(404, 'ownerB', 'delete', `/api/connections/${connectionId}`);
    await call(404, 'ownerB', 'post', connect, { connectionId, credentials: { ...fields, password: '' } });
    await call(404, 'ownerB', 'post', connect, {
      connectionId,
      credentials: { ...fields, password: planted.crossTenantPassword },
    });

    // A second connection, disconnected (its credentials are deleted).
    const second = await call(201, 'adminA', 'post', connect, {
      credentials: { host: 'db2.example.com', user: 'reader', password: planted.connectionPassword },
    });
    await call(204, 'adminA', 'delete', `/api/connections/${second.res.body.id}`);
  });

  it('should crawl every GET route of the OpenAPI document as admin, member, instance admin, API key, other tenant and anonymous', async () => {
    const document: OpenAPIObject = createOpenApiDocument(world.app);
    // A finished run of the connection, so the run routes answer with a body.
    const [run] = (await world.db.query(
      `INSERT INTO sync_runs (workspace_id, connection_id, provider_id, trigger, status, finished_at)
       SELECT workspace_id, id, provider_id, 'MANUAL', 'SUCCEEDED', now() FROM connections WHERE id = $1 RETURNING id`,
      [connectionId],
    )) as { id: string }[];
    const params: Record<string, string> = { id: connectionId, provider: 'dub', runId: run.id };
    const urls = Object.entries(document.paths).flatMap(([path, item]) => {
      if (!item.get) return [];
      // Server-sent event streams never end; their payloads (ids and statuses) are tested in events.int-spec.ts.
      const ok = item.get.responses?.['200'] as { content?: Record<string, unknown> } | undefined;
      if (ok?.content?.['text/event-stream']) return [];
      const url = path.replace(/\{(\w+)\}/g, (_, name: string) => {
        if (!params[name]) throw new Error(`No value for {${name}} of GET ${path}: add one to the crawl.`);
        return params[name];
      });
      const limit = (item.get.parameters ?? []).find((p) => 'name' in p && p.name === 'limit' && p.in === 'query');
      return limit ? [url, `${url}?limit=200`] : [url];
    });
    expect(urls).toEqual(
      expect.arrayContaining([
        '/api/connections',
        `/api/connections/${connectionId}`,
        '/api/admin/provider-apps',
        '/api/audit-events',
      ]),
    );

    const everyone: Who[] = ['adminA', 'memberA', 'instanceAdmin', 'apiKey', 'ownerB', 'anonymous'];
    for (const who of everyone) for (const url of urls) await call(null, who, 'get', url);
    // A probe of the log capture: this request id must show up in the captured log lines.
    await call(200, 'adminA', 'get', '/api/workspace', undefined, { 'X-Request-Id': 'leak-test-log-probe' });
  });

  it('should leave no canary in any API response, log line, audit row, Redis key or pg_dump', async () => {
    const logs = capture!.stop();
    capture = undefined;

    const audit = (await world.db.query('SELECT * FROM audit_events ORDER BY id')) as { id: string; action: string }[];
    const redis = await redisSinks(world.app.get<Redis>(REDIS), world.config.redis.prefix);
    const dump = await pgDump(world.scratch.schema);

    // Each sink really holds what it should, so an empty capture cannot pass for a clean one.
    expect(responses.length).toBeGreaterThan(60);
    expect(logs).toContain('leak-test-log-probe');
    expect(audit.map((row) => row.action)).toEqual(
      expect.arrayContaining([
        'auth.sign_in',
        'connection.test_failed',
        'provider_app.credentials_changed',
        'api_key.created',
      ]),
    );
    expect(redis.length).toBeGreaterThan(0);
    expect(dump).toContain('COPY');
    expect(dump).toContain('db.example.com');
    expect(dump).toContain('leak-test-client-id');

    const sinks: Sink[] = [
      ...responses,
      { name: 'stdout and stderr', text: logs },
      ...audit.map((row) => ({ name: `audit_events #${row.id} (${row.action})`, text: JSON.stringify(row) })),
      ...redis,
      { name: `pg_dump --schema=${world.scratch.schema}`, text: dump },
    ];
    const leaks = findLeaks(sinks, canaries);
    // A short summary for the log; the assertion below names each leak.
    process.stderr.write(
      `secret-leaks: ${canaries.length} canaries × ${sinks.length} sinks (${responses.length} responses, ${logs.split('\n').length} log lines, ` +
        `${audit.length} audit rows, ${redis.length} Redis keys, pg_dump ${dump.length} chars): ${leaks.length} leaks\n`,
    );
    expect(leaks).toEqual([]);
  });
});

/** Every Redis key under this test's prefix, with its value whatever its type. */
async function redisSinks(redis: Redis, prefix: string): Promise<Sink[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== '0');
  return Promise.all(
    keys.map(async (key) => {
      const type = await redis.type(key);
      const value =
        type === 'string'
          ? await redis.get(key)
          : type === 'hash'
            ? await redis.hgetall(key)
            : type === 'list'
              ? await redis.lrange(key, 0, -1)
              : type === 'set'
                ? await redis.smembers(key)
                : type === 'zset'
                  ? await redis.zrange(key, 0, -1, 'WITHSCORES')
                  : type === 'stream'
                    ? await redis.xrange(key, '-', '+')
                    : null;
      return { name: `redis ${key} (${type})`, text: `${key}\n${JSON.stringify(value)}` };
    }),
  );
}

/** The plaintext pg_dump of this test's schema (structure and data). */
async function pgDump(schema: string): Promise<string> {
  const url = new URL(process.env['TEST_DATABASE_URL']!);
  url.search = '';
  const { stdout } = await promisify(execFile)('/usr/bin/pg_dump', ['--schema', schema, '--dbname', url.toString()], {
    maxBuffer: 256 * 1024 * 1024,
  });
  return stdout;
}
