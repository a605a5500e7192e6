import { DUB_MANIFEST } from '@hub/server/integrations/dub';
import type { ProviderStatsSnapshot } from './lib/stats';
import { type RunningSandbox, startSandbox } from './start-sandbox';
import { OAuthTestClient, pkcePair } from './testing/oauth-test-client';

/**
 * The sandbox's Dub authorization server over real HTTP: code + PKCE, refresh rotation with reuse
 * detection, revocation, and the counters the hub's OAuth tests assert on (docs/security.md A1, A8, A11,
 * A12, B3).
 */
// Every scope the hub's Dub manifest asks for.
const SCOPE = DUB_MANIFEST.auth.kind === 'oauth2' ? DUB_MANIFEST.auth.scopes.join(' ') : '';

let sandbox: RunningSandbox;
let client: OAuthTestClient;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  client = new OAuthTestClient({ sandboxUrl: sandbox.url, providerId: 'dub' });
});
afterAll(() => sandbox.close());
beforeEach(() => fetch(`${sandbox.url}/_sandbox/reset`, { method: 'POST' }));

async function stats(): Promise<ProviderStatsSnapshot> {
  const body = (await (await fetch(`${sandbox.url}/_sandbox/stats`)).json()) as Record<string, ProviderStatsSnapshot>;
  return body['dub'];
}

async function api(path: string, accessToken: string): Promise<Response> {
  return fetch(`${sandbox.url}/dub/api${path}`, { headers: { authorization: `Bearer ${accessToken}` } });
}

describe('discovery', () => {
  it('should describe a code-only, PKCE S256, iss-on-callback authorization server under /dub', async () => {
    const response = await fetch(`${sandbox.url}/dub/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    const metadata = (await response.json()) as Record<string, unknown>;
    expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sandbox.url).not.toMatch(/:0$/);
    expect(metadata).toMatchObject({
      issuer: `${sandbox.url}/dub`,
      authorization_endpoint: `${sandbox.url}/dub/oauth/authorize`,
      token_endpoint: `${sandbox.url}/dub/oauth/token`,
      revocation_endpoint: `${sandbox.url}/dub/oauth/revoke`,
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code', 'refresh_token'],
      code_challenge_methods_supported: ['S256'],
      authorization_response_iss_parameter_supported: true,
    });
    expect(metadata['scopes_supported']).toEqual(
      expect.arrayContaining(['workspaces.read', 'links.read', 'folders.read', 'analytics.read', 'user.read']),
    );
  });
});

describe('authorization code + PKCE', () => {
  it('should run the whole flow: consent page, code with state and iss, tokens with the granted scope', async () => {
    const pkce = pkcePair();
    const result = await client.authorize({ scope: SCOPE, challenge: pkce.challenge, state: 'state-123' });
    expect(result.callbackUrl.origin + result.callbackUrl.pathname).toBe(
      'http://localhost:3000/api/integrations/dub/callback',
    );
    expect(result).toMatchObject({ state: 'state-123', iss: `${sandbox.url}/dub`, error: null });
    expect(result.code).toEqual(expect.any(String));

    const { status, body } = await client.exchangeCode(result.code as string, pkce.verifier);
    expect(status).toBe(200);
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: SCOPE });
    expect(body.access_token).toEqual(expect.any(String));
    expect(body.refresh_token).toEqual(expect.any(String));
    expect(await stats()).toMatchObject({
      tokenRequests: { authorization_code: 1, refresh_token: 0 },
      tokenErrors: {},
      activeGrants: 1,
    });
  });

  it('should show a sign-in page that says it is the sandbox', async () => {
    const pkce = pkcePair();
    const url = new URL(`${sandbox.url}/dub/oauth/authorize`);
    url.search = new URLSearchParams({
      client_id: 'hub-dub',
      response_type: 'code',
      redirect_uri: 'http://localhost:3000/api/integrations/dub/callback',
      scope: SCOPE,
      state: 's',
      code_challenge: pkce.challenge,
      code_challenge_method: 'S256',
    }).toString();
    const redirect = await fetch(url, { redirect: 'manual' });
    expect(redirect.status).toBe(303);
    const cookie = redirect.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const page = await fetch(new URL(redirect.headers.get('location') as string, url), { headers: { cookie } });
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('Sandbox — not the real Dub');
    expect(html).toContain('Sandbox User');
    expect(html).toContain('sandbox@example.com');
  });

  it('should refuse the code with a wrong verifier (invalid_grant)', async () => {
    const pkce = pkcePair();
    const { code } = await client.authorize({ scope: SCOPE, challenge: pkce.challenge });
    const wrong = await client.exchangeCode(code as string, pkcePair().verifier);
    expect(wrong).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(await stats()).toMatchObject({
      tokenRequests: { authorization_code: 1 },
      tokenErrors: { invalid_grant: 1 },
    });
  });

  it('should require PKCE S256: no challenge, or plain, be an error on the callback', async () => {
    const missing = await client.authorize({
      scope: SCOPE,
      challenge: '',
      extraParams: { code_challenge_method: 'S256' },
    });
    expect(missing.error).toBe('invalid_request');
    expect(missing.code).toBeNull();
    const plain = pkcePair();
    const plainResult = await client.authorize({
      scope: SCOPE,
      challenge: plain.verifier,
      extraParams: { code_challenge_method: 'plain' },
    });
    expect(plainResult.error).toBe('invalid_request');
    expect((await stats()).tokenRequests['authorization_code']).toBe(0);
  });

  it('should accept a code once: the second exchange fails and revoke what the first issued (A8)', async () => {
    const pkce = pkcePair();
    const { code } = await client.authorize({ scope: SCOPE, challenge: pkce.challenge });
    const first = await client.exchangeCode(code as string, pkce.verifier);
    expect(first.status).toBe(200);
    const second = await client.exchangeCode(code as string, pkce.verifier);
    expect(second).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect((await api('/oauth/userinfo', first.body.access_token as string)).status).toBe(401);
    expect((await client.refresh(first.body.refresh_token as string)).body.error).toBe('invalid_grant');
  });

  it('should send access_denied (with iss) when the person clicks Deny', async () => {
    const result = await client.authorize({ scope: SCOPE, challenge: pkcePair().challenge, decision: 'deny' });
    expect(result).toMatchObject({ error: 'access_denied', code: null, iss: `${sandbox.url}/dub` });
  });

  it('should grant fewer scopes when the person unticks some, and say so in the token response', async () => {
    const pkce = pkcePair();
    const { code } = await client.authorize({
      scope: SCOPE,
      challenge: pkce.challenge,
      grant: ['links.read', 'user.read'],
    });
    const { body } = await client.exchangeCode(code as string, pkce.verifier);
    expect(body.scope).toBe('links.read user.read');
    expect((await api('/links?pageSize=1', body.access_token as string)).status).toBe(200);
    const forbidden = await api('/workspaces/sandbox', body.access_token as string);
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toMatchObject({ error: { code: 'forbidden' } });
  });

  it('should reject a wrong client secret (invalid_client) and count it', async () => {
    const pkce = pkcePair();
    const { code } = await client.authorize({ scope: SCOPE, challenge: pkce.challenge });
    const impostor = new OAuthTestClient({ sandboxUrl: sandbox.url, providerId: 'dub', clientSecret: 'wrong' });
    const response = await impostor.exchangeCode(code as string, pkce.verifier);
    expect(response).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    expect(await stats()).toMatchObject({
      tokenRequests: { authorization_code: 1 },
      tokenErrors: { invalid_client: 1 },
    });
  });
});

describe('refresh tokens', () => {
  it('should rotate the refresh token on every use; the new access token works, the old one is retired', async () => {
    const first = await client.connect(SCOPE);
    const second = await client.refresh(first.refresh_token);
    expect(second.status).toBe(200);
    expect(second.body.refresh_token).toEqual(expect.any(String));
    expect(second.body.refresh_token).not.toBe(first.refresh_token);
    expect(second.body.access_token).not.toBe(first.access_token);
    expect(second.body.scope).toBe(SCOPE);
    expect((await api('/oauth/userinfo', second.body.access_token as string)).status).toBe(200);
    // Dub: refreshing "will invalidate the old access token and refresh token".
    expect((await api('/oauth/userinfo', first.access_token)).status).toBe(401);
    expect(await stats()).toMatchObject({ tokenRequests: { authorization_code: 1, refresh_token: 1 } });
  });

  it('should detect reuse: an old refresh token gets invalid_grant and revoke the whole grant', async () => {
    const first = await client.connect(SCOPE);
    const second = await client.refresh(first.refresh_token);
    expect(second.status).toBe(200);

    const reused = await client.refresh(first.refresh_token);
    expect(reused).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    // The newest refresh token and its access token died with the grant.
    const newest = await client.refresh(second.body.refresh_token as string);
    expect(newest).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect((await api('/oauth/userinfo', second.body.access_token as string)).status).toBe(401);
    expect(await stats()).toMatchObject({
      tokenRequests: { authorization_code: 1, refresh_token: 3 },
      tokenErrors: { invalid_grant: 2 },
      activeGrants: 0,
      grantsRevoked: 1,
    });
  });
});

describe('racing refreshes (what the hub’s refresh lease, B3, must prevent)', () => {
  it('should let one of ten concurrent refreshes with the same token win; the rest are reuse and kill the grant', async () => {
    const tokens = await client.connect(SCOPE);
    const results = await Promise.all(Array.from({ length: 10 }, () => client.refresh(tokens.refresh_token)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.body.error === 'invalid_grant')).toHaveLength(9);
    const winner = results.find((r) => r.status === 200);
    expect((await client.refresh(winner?.body.refresh_token as string)).body.error).toBe('invalid_grant');
    expect(await stats()).toMatchObject({ tokenRequests: { refresh_token: 11 }, activeGrants: 0, grantsRevoked: 1 });
  });
});

describe('revocation', () => {
  it('should revoke a refresh token and its grant (RFC 7009), and count the call', async () => {
    const tokens = await client.connect(SCOPE);
    expect(await client.revoke(tokens.refresh_token, 'refresh_token')).toBe(200);
    expect((await client.refresh(tokens.refresh_token)).body.error).toBe('invalid_grant');
    expect((await api('/oauth/userinfo', tokens.access_token)).status).toBe(401);
    // Unknown tokens are "revoked" too (200), and counted.
    expect(await client.revoke('not-a-token')).toBe(200);
    expect(await stats()).toMatchObject({ revocations: 2, activeGrants: 0 });
  });
});

describe('control endpoints', () => {
  it('should change the access-token lifetime at runtime', async () => {
    const config = await fetch(`${sandbox.url}/_sandbox/config`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ accessTokenTtlSeconds: 120 }),
    });
    expect(await config.json()).toEqual({ accessTokenTtlSeconds: 120, rateLimitPerMinute: 600 });
    const tokens = await client.connect(SCOPE);
    expect(tokens.expires_in).toBe(120);
    const bad = await fetch(`${sandbox.url}/_sandbox/config`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rateLimitPerMinute: 0 }),
    });
    expect(bad.status).toBe(400);
  });

  it('should expire every current access token on demand; a refresh then gets a working one', async () => {
    const tokens = await client.connect(SCOPE);
    expect((await api('/oauth/userinfo', tokens.access_token)).status).toBe(200);
    const expire = await fetch(`${sandbox.url}/_sandbox/dub/expire-access-tokens`, { method: 'POST' });
    expect(await expire.json()).toEqual({ expired: 1 });
    const expired = await api('/oauth/userinfo', tokens.access_token);
    expect(expired.status).toBe(401);
    expect(await expired.json()).toEqual({
      error: {
        code: 'unauthorized',
        message: expect.any(String),
        doc_url: 'https://dub.co/docs/api-reference/errors#unauthorized',
      },
    });
    const refreshed = await client.refresh(tokens.refresh_token);
    expect((await api('/oauth/userinfo', refreshed.body.access_token as string)).status).toBe(200);
    expect((await fetch(`${sandbox.url}/_sandbox/nope/expire-access-tokens`, { method: 'POST' })).status).toBe(404);
  });

  it('should expire every refresh token on demand: a refresh then answer invalid_grant', async () => {
    const tokens = await client.connect(SCOPE);
    const expire = await fetch(`${sandbox.url}/_sandbox/dub/expire-refresh-tokens`, { method: 'POST' });
    expect(((await expire.json()) as { expired: number }).expired).toBeGreaterThanOrEqual(1);
    const refreshed = await client.refresh(tokens.refresh_token);
    expect(refreshed.status).toBe(400);
    expect(refreshed.body.error).toBe('invalid_grant');
  });

  it('should zero the counters, drop grants and restore the start-up settings on reset', async () => {
    const tokens = await client.connect(SCOPE);
    await fetch(`${sandbox.url}/_sandbox/config`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rateLimitPerMinute: 3 }),
    });
    expect((await stats()).activeGrants).toBe(1);
    const reset = await fetch(`${sandbox.url}/_sandbox/reset`, { method: 'POST' });
    expect(reset.status).toBe(200);
    expect(await stats()).toEqual({
      tokenRequests: { authorization_code: 0, refresh_token: 0 },
      tokenErrors: {},
      revocations: 0,
      apiRevocations: 0,
      apiRequests: 0,
      activeGrants: 0,
      rateLimited: 0,
      grantsRevoked: 0,
    });
    expect(await (await fetch(`${sandbox.url}/_sandbox/config`)).json()).toEqual({
      accessTokenTtlSeconds: 3600,
      rateLimitPerMinute: 600,
    });
    expect((await client.refresh(tokens.refresh_token)).body.error).toBe('invalid_grant');
  });
});

describe('the sign-in page', () => {
  it('should answer a stale link (no interaction cookie) with a 400 page, not a stack trace', async () => {
    const response = await fetch(`${sandbox.url}/dub/interaction/not-a-real-uid`);
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('Sandbox — not the real Dub');
    expect(html).not.toMatch(/\n\s+at /);
  });
});
