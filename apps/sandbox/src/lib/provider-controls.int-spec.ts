import { DUB_MANIFEST } from '@hub/server/integrations/dub';
import { type RunningSandbox, startSandbox } from '../start-sandbox';
import { OAuthTestClient } from '../testing/oauth-test-client';
import type { LoggedRequest } from './request-log';
import type { ProviderStatsSnapshot } from './stats';

/**
 * The controls every emulated provider has, over real HTTP against Dub: fault injection, the request
 * log, grant minting (whose refresh tokens must behave like ones from a real sign-in), and the refusal
 * in production.
 */
// Every scope the hub's Dub manifest asks for.
const SCOPE = DUB_MANIFEST.auth.kind === 'oauth2' ? DUB_MANIFEST.auth.scopes.join(' ') : '';

interface Minted {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  scope: string;
}

let sandbox: RunningSandbox;
let client: OAuthTestClient;
let token: string;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  client = new OAuthTestClient({ sandboxUrl: sandbox.url, providerId: 'dub' });
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  await fetch(`${sandbox.url}/_sandbox/reset`, { method: 'POST' });
  token = (await client.connect(SCOPE)).access_token;
});

function api(path: string, accessToken: string | null = token): Promise<Response> {
  return fetch(`${sandbox.url}/dub/api${path}`, {
    headers: accessToken === null ? {} : { authorization: `Bearer ${accessToken}` },
  });
}

function control(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${sandbox.url}/_sandbox${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
}

async function stats(): Promise<ProviderStatsSnapshot> {
  return ((await (await control('GET', '/stats')).json()) as Record<string, ProviderStatsSnapshot>)['dub'];
}

async function requests(): Promise<LoggedRequest[]> {
  return (await (await control('GET', '/dub/requests')).json()) as LoggedRequest[];
}

async function mint(count: number, scope?: string): Promise<Minted[]> {
  const response = await control('POST', '/dub/grants', { count, ...(scope ? { scope } : {}) });
  expect(response.status).toBe(200);
  return ((await response.json()) as { grants: Minted[] }).grants;
}

describe('fault injection', () => {
  it('should answer the next `times` API requests with the status, Dub’s error shape and Retry-After', async () => {
    const set = await control('POST', '/dub/faults', { status: 503, times: 2, retryAfterSeconds: 7 });
    expect(set.status).toBe(200);
    expect(await set.json()).toEqual({ faults: [{ status: 503, remaining: 2, retryAfterSeconds: 7 }] });

    const first = await api('/links?pageSize=1');
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toBe('7');
    expect(await first.json()).toEqual({
      error: {
        code: 'internal_server_error',
        message: expect.stringContaining('sandbox'),
        doc_url: 'https://dub.co/docs/api-reference/errors#internal-server_error',
      },
    });
    expect(await (await control('GET', '/dub/faults')).json()).toEqual({
      faults: [{ status: 503, remaining: 1, retryAfterSeconds: 7 }],
    });
    // Any request counts, even one without a token.
    expect((await api('/oauth/userinfo', null)).status).toBe(503);
    const third = await api('/links?pageSize=1');
    expect(third.status).toBe(200);
    expect(third.headers.get('retry-after')).toBeNull();
    expect(await (await control('GET', '/dub/faults')).json()).toEqual({ faults: [] });
    expect(await stats()).toMatchObject({ apiRequests: 3, rateLimited: 0 });
  });

  it('should write 429 as Dub’s rate_limit_exceeded and count it as rate limited', async () => {
    await control('POST', '/dub/faults', { status: 429, times: 1, retryAfterSeconds: 30 });
    const limited = await api('/links');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('30');
    expect(await limited.json()).toMatchObject({ error: { code: 'rate_limit_exceeded' } });
    expect(await stats()).toMatchObject({ apiRequests: 1, rateLimited: 1 });
  });

  it('should map each status to the matching kind of Dub error', async () => {
    const expected: [number, string][] = [
      [401, 'unauthorized'],
      [403, 'forbidden'],
      [404, 'not_found'],
      [400, 'bad_request'],
      [418, 'bad_request'],
      [500, 'internal_server_error'],
      [502, 'internal_server_error'],
    ];
    for (const [status] of expected) await control('POST', '/dub/faults', { status, times: 1 });
    const seen: [number, string][] = [];
    for (let i = 0; i < expected.length; i++) {
      const response = await api('/links');
      seen.push([response.status, ((await response.json()) as { error: { code: string } }).error.code]);
    }
    expect(seen).toEqual(expected);
  });

  it('should only hit paths under pathPrefix', async () => {
    await control('POST', '/dub/faults', { status: 500, times: 2, pathPrefix: '/links' });
    expect((await api('/oauth/userinfo')).status).toBe(200);
    expect((await api('/workspaces/sandbox')).status).toBe(200);
    expect((await api('/links/count')).status).toBe(500);
    expect((await api('/links?page=2')).status).toBe(500);
    expect((await api('/links')).status).toBe(200);
  });

  it('should be cleared by DELETE and by reset', async () => {
    await control('POST', '/dub/faults', { status: 500, times: 100 });
    expect(await (await control('DELETE', '/dub/faults')).json()).toEqual({ faults: [] });
    expect((await api('/links')).status).toBe(200);
    await control('POST', '/dub/faults', { status: 500, times: 100 });
    await control('POST', '/reset');
    expect(await (await control('GET', '/dub/faults')).json()).toEqual({ faults: [] });
  });

  it('should refuse bad input with 400 { error, message }', async () => {
    for (const body of [
      { status: 399, times: 1 },
      { status: 600, times: 1 },
      { status: 500, times: 0 },
      { status: 500, times: 10_001 },
      { status: 500 },
      { status: 500, times: 1, retryAfterSeconds: 1.5 },
      { status: 500, times: 1, pathPrefix: 'links' },
      { status: 500, times: 1, extra: true },
    ]) {
      const response = await control('POST', '/dub/faults', body);
      expect({ body, status: response.status }).toEqual({ body, status: 400 });
      expect(await response.json()).toEqual({ error: 'invalid_request', message: expect.any(String) });
    }
    const broken = await fetch(`${sandbox.url}/_sandbox/dub/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"status": 500,',
    });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toEqual({ error: 'invalid_json', message: expect.any(String) });
    expect(await (await control('GET', '/dub/faults')).json()).toEqual({ faults: [] });
    const unknown = await control('POST', '/nope/faults', { status: 500, times: 1 });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: 'unknown_provider' });
    const noSuchControl = await control('GET', '/dub/nothing');
    expect(noSuchControl.status).toBe(404);
    expect(await noSuchControl.json()).toMatchObject({ error: 'not_found' });
  });
});

describe('request log', () => {
  it('should list the API requests oldest first: time, method, path without query, status', async () => {
    const before = Date.now();
    await api('/links?page=2&pageSize=5');
    await api('/links/count', 'not-a-token');
    await control('POST', '/dub/faults', { status: 502, times: 1 });
    await api('/workspaces/sandbox');
    await fetch(`${sandbox.url}/dub/api/links`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
    const log = await requests();
    expect(log).toEqual([
      { at: expect.any(Number), method: 'GET', path: '/links', status: 200 },
      { at: expect.any(Number), method: 'GET', path: '/links/count', status: 401 },
      { at: expect.any(Number), method: 'GET', path: '/workspaces/sandbox', status: 502 },
      { at: expect.any(Number), method: 'DELETE', path: '/links', status: 404 },
    ]);
    const times = log.map((entry) => entry.at);
    expect(times[0]).toBeGreaterThanOrEqual(before);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times[3]).toBeLessThanOrEqual(Date.now());
  });

  it('should keep the last 2,000, and be cleared by reset', async () => {
    await control('POST', '/config', { rateLimitPerMinute: 10_000 });
    await control('POST', '/dub/faults', { status: 500, times: 2_010, pathPrefix: '/n' });
    for (let i = 0; i < 2_010; i++) await (await api(`/n/${i}`, null)).arrayBuffer();
    const log = await requests();
    expect(log).toHaveLength(2_000);
    expect(log[0].path).toBe('/n/10');
    expect(log[1_999].path).toBe('/n/2009');
    await control('POST', '/reset');
    expect(await requests()).toEqual([]);
  });
});

describe('grant minting', () => {
  it('should create grants with working access tokens and the runtime TTL, counted as active', async () => {
    await control('POST', '/config', { accessTokenTtlSeconds: 120 });
    const grants = await mint(3);
    expect(grants).toEqual(
      Array.from({ length: 3 }, () => ({
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
        expiresIn: 120,
        scope: SCOPE,
      })),
    );
    expect(new Set(grants.flatMap((g) => [g.accessToken, g.refreshToken])).size).toBe(6);
    for (const grant of grants) expect((await api('/links?pageSize=1', grant.accessToken)).status).toBe(200);
    // Minting is not a token request; the grant of beforeEach's sign-in is active too.
    expect(await stats()).toMatchObject({
      tokenRequests: { authorization_code: 1, refresh_token: 0 },
      activeGrants: 4,
    });
  });

  it('should give refresh tokens that refresh and rotate at the token endpoint like a sign-in’s', async () => {
    const [viaPost, viaBasic] = await mint(2);
    const refreshed = await client.refresh(viaPost.refreshToken);
    expect(refreshed.status).toBe(200);
    expect(refreshed.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: SCOPE });
    expect(refreshed.body.refresh_token).not.toBe(viaPost.refreshToken);
    expect((await api('/oauth/userinfo', refreshed.body.access_token as string)).status).toBe(200);
    // Dub retires the access tokens issued before the refresh, minted ones included.
    expect((await api('/oauth/userinfo', viaPost.accessToken)).status).toBe(401);
    // The rotated token works once more…
    expect((await client.refresh(refreshed.body.refresh_token as string)).status).toBe(200);

    const basic = new OAuthTestClient({
      sandboxUrl: sandbox.url,
      providerId: 'dub',
      authMethod: 'client_secret_basic',
    });
    expect((await basic.refresh(viaBasic.refreshToken)).status).toBe(200);
    expect(await stats()).toMatchObject({ tokenRequests: { refresh_token: 3 }, tokenErrors: {} });
  });

  it('should detect reuse of a minted refresh token and revoke its grant', async () => {
    const [grant] = await mint(1);
    const first = await client.refresh(grant.refreshToken);
    expect(first.status).toBe(200);
    const reused = await client.refresh(grant.refreshToken);
    expect(reused).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect((await client.refresh(first.body.refresh_token as string)).body.error).toBe('invalid_grant');
    expect((await api('/oauth/userinfo', first.body.access_token as string)).status).toBe(401);
    expect(await stats()).toMatchObject({
      tokenRequests: { refresh_token: 3 },
      tokenErrors: { invalid_grant: 2 },
      activeGrants: 1,
      grantsRevoked: 1,
    });
  });

  it('should refuse a minted refresh token with a wrong client secret, and forget minted grants on reset', async () => {
    const [grant] = await mint(1);
    const impostor = new OAuthTestClient({ sandboxUrl: sandbox.url, providerId: 'dub', clientSecret: 'wrong' });
    expect(await impostor.refresh(grant.refreshToken)).toMatchObject({
      status: 401,
      body: { error: 'invalid_client' },
    });
    await control('POST', '/reset');
    expect((await client.refresh(grant.refreshToken)).body.error).toBe('invalid_grant');
    expect((await api('/oauth/userinfo', grant.accessToken)).status).toBe(401);
  });

  it('should grant the scope asked for, and keep it through a refresh', async () => {
    const [grant] = await mint(1, 'links.read  user.read links.read');
    expect(grant.scope).toBe('links.read user.read');
    expect((await api('/links?pageSize=1', grant.accessToken)).status).toBe(200);
    expect((await api('/workspaces/sandbox', grant.accessToken)).status).toBe(403);
    const refreshed = await client.refresh(grant.refreshToken);
    expect(refreshed.body.scope).toBe('links.read user.read');
    expect((await api('/workspaces/sandbox', refreshed.body.access_token as string)).status).toBe(403);
  });

  it('should refuse bad input with 400 { error, message }', async () => {
    for (const body of [
      {},
      { count: 0 },
      { count: 20_001 },
      { count: '5' },
      { count: 1, scope: 'links.write' },
      { count: 1, scope: ' ' },
      { count: 1, scope: 7 },
      { count: 1, account: 'x' },
    ]) {
      const response = await control('POST', '/dub/grants', body);
      expect({ body, status: response.status }).toEqual({ body, status: 400 });
      expect(await response.json()).toEqual({ error: 'invalid_request', message: expect.any(String) });
    }
    expect((await stats()).activeGrants).toBe(1);
  });

  it('should mint 10,000 grants well under 30 s, every one refreshable', async () => {
    const started = Date.now();
    const grants = await mint(10_000);
    const elapsed = Date.now() - started;
    expect(grants).toHaveLength(10_000);
    expect(elapsed).toBeLessThan(10_000);
    expect((await stats()).activeGrants).toBe(10_001);
    for (const grant of [grants[0], grants[4_999], grants[9_999]]) {
      expect((await client.refresh(grant.refreshToken)).status).toBe(200);
    }
  });
});

describe('in production', () => {
  const original = process.env['NODE_ENV'];
  afterEach(() => {
    if (original === undefined) delete process.env['NODE_ENV'];
    else process.env['NODE_ENV'] = original;
  });

  it('should refuse every control, and refuse to start', async () => {
    process.env['NODE_ENV'] = 'production';
    for (const [method, path] of [
      ['GET', '/stats'],
      ['POST', '/dub/grants'],
      ['POST', '/dub/faults'],
      ['GET', '/dub/requests'],
      ['GET', '/dub/data'],
    ]) {
      const response = await control(method, path, method === 'POST' ? { count: 1 } : undefined);
      expect({ path, status: response.status }).toEqual({ path, status: 403 });
      expect(await response.json()).toEqual({ error: 'production', message: expect.stringContaining('NODE_ENV') });
    }
    await expect(startSandbox({ port: 0 })).rejects.toThrow(/NODE_ENV=production/);
  });
});
