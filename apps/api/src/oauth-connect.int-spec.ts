import Redis from 'ioredis';
import { createHash } from 'node:crypto';
import { AuditEventEntity, ConnectionEntity } from '@hub/server/database';
import { consentAtProvider, type ProviderRedirect } from '@hub/server/testing';
import { startSandboxProcess } from './testing/sandbox-process';
import { createTestWorld, type Persona, type TestWorld } from './testing/test-world';

/**
 * The whole connect flow over real HTTP: the hub's api (in process) and the provider sandbox (a real
 * oidc-provider authorization server, as a process) emulating Dub. Attacks are counted at the
 * authorization server's token endpoint.
 */
const CALLBACK = 'http://localhost:3000/api/integrations/dub/callback';

let world: TestWorld;
let sandbox: Awaited<ReturnType<typeof startSandboxProcess>>;
let sandboxUrl: string;
let redis: Redis;

beforeAll(async () => {
  sandbox = await startSandboxProcess(39_210);
  sandboxUrl = sandbox.url;
  world = await createTestWorld({ SANDBOX_URL: sandboxUrl });
  redis = new Redis(world.config.redis.url);
});

afterAll(async () => {
  await world?.close();
  await redis?.quit();
  await sandbox?.stop();
});

const tokenCalls = async () => {
  const { tokenRequests } = await sandbox.stats();
  return tokenRequests.authorization_code + tokenRequests.refresh_token;
};

/** Clicks Connect: answers the provider URL and the browser-binding cookie the hub set. */
async function start(persona: Persona, returnTo?: string) {
  const response = await world
    .call(persona, 'post', '/api/integrations/dub/connect', returnTo === undefined ? {} : { returnTo })
    .expect(200);
  const binding = (response.headers['set-cookie'] as unknown as string[]).find((c) =>
    c.startsWith('hub_oauth_binding='),
  )!;
  expect(binding).toMatch(/HttpOnly/);
  expect(binding).toMatch(/Path=\/api\/integrations\/dub\/callback/);
  return { authorizationUrl: response.body.authorizationUrl as string, binding: binding.split(';')[0] };
}

function callback(persona: Persona | null, query: string, binding?: string) {
  const test = world.call(null, 'get', `/api/integrations/dub/callback${query}`);
  const cookies = [persona?.cookie, binding].filter(Boolean).join('; ');
  return cookies ? test.set('Cookie', cookies) : test;
}

const queryOf = (redirect: ProviderRedirect, changes: Record<string, string | null> = {}) => {
  const params = new URLSearchParams(redirect.url.search);
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) params.delete(key);
    else params.set(key, value);
  }
  return `?${params.toString()}`;
};

describe('connecting Dub through the sandbox', () => {
  it('should walk Connect → PKCE → consent → callback → one code exchange → an ACTIVE connection with the workspace', async () => {
    const before = await tokenCalls();
    const { authorizationUrl, binding } = await start(world.people.adminA, '/settings/integrations');
    const url = new URL(authorizationUrl);
    expect(url.origin + url.pathname).toBe(`${sandboxUrl}/dub/oauth/authorize`);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get('redirect_uri')).toBe(CALLBACK);
    expect(url.searchParams.has('code_verifier')).toBe(false);

    const redirect = await consentAtProvider(authorizationUrl, { callbackPrefix: CALLBACK });
    expect(redirect.iss).toBe(`${sandboxUrl}/dub`);
    const done = await callback(world.people.adminA, redirect.url.search, binding).expect(303);
    expect(done.headers['location']).toBe('/settings/integrations?success=dub_connected');
    expect(done.headers['cache-control']).toBe('no-store');
    expect(done.headers['referrer-policy']).toBe('no-referrer');
    expect(await tokenCalls()).toBe(before + 1);

    const catalog = await world.call(world.people.memberA, 'get', '/api/integrations').expect(200);
    const dub = catalog.body.categories
      .flatMap((c: { integrations: unknown[] }) => c.integrations)
      .find((i: { id: string }) => i.id === 'dub');
    expect(dub).toMatchObject({ availability: 'available', sandbox: true, setupRequired: false });
    expect(dub.connections).toHaveLength(1);
    expect(dub.connections[0]).toMatchObject({
      status: 'ACTIVE',
      hasRefreshToken: true,
      connectedBy: world.people.adminA.userId,
      account: {
        displayName: expect.any(String),
        workspaceName: expect.any(String),
        details: expect.objectContaining({ slug: expect.any(String) }),
      },
    });
    expect(dub.connections[0].grantedScopes.length).toBeGreaterThan(0);
    expect(new Date(dub.connections[0].tokenExpiresAt).getTime()).toBeGreaterThan(Date.now());
    const audit = await world.db
      .getRepository(AuditEventEntity)
      .findBy({ action: 'connection.created', targetId: dub.connections[0].id });
    expect(audit).toHaveLength(1);
  });

  it('should update the same account’s connection when it is connected again', async () => {
    const { authorizationUrl, binding } = await start(world.people.adminA);
    const redirect = await consentAtProvider(authorizationUrl, { callbackPrefix: CALLBACK });
    await callback(world.people.adminA, redirect.url.search, binding).expect(303);
    expect(
      await world.db.getRepository(ConnectionEntity).countBy({ workspaceId: world.workspaceA, providerId: 'dub' }),
    ).toBe(1);
    expect(
      await world.db.getRepository(AuditEventEntity).countBy({ action: 'connection.reconnected' }),
    ).toBeGreaterThan(0);
  });

  it('should come back with ?error=access_denied when the person clicks Deny, reflecting nothing', async () => {
    const { authorizationUrl, binding } = await start(world.people.adminA);
    const redirect = await consentAtProvider(authorizationUrl, { callbackPrefix: CALLBACK, decision: 'deny' });
    expect(redirect.error).toBe('access_denied');
    const done = await callback(world.people.adminA, redirect.url.search, binding).expect(303);
    expect(done.headers['location']).toBe('/settings/integrations?error=access_denied');
  });

  it('should refuse to start for members and for providers that are coming soon', async () => {
    await world.call(world.people.memberA, 'post', '/api/integrations/dub/connect', {}).expect(403);
    await world.call(world.people.adminA, 'post', '/api/integrations/onedrive/connect', {}).expect(409);
    await world.call(world.people.adminA, 'post', '/api/integrations/postgresql/connect', {}).expect(409);
  });
});

describe('authorization requests (SECURITY.md A1)', () => {
  it('should use S256 with a fresh 256-bit verifier kept only server-side, on every one of 300 requests', async () => {
    const verifiers = new Set<string>();
    for (let i = 0; i < 300; i++) {
      const { authorizationUrl } = await start(world.people.adminA);
      const url = new URL(authorizationUrl);
      expect(url.searchParams.get('code_challenge_method')).toBe('S256');
      const state = url.searchParams.get('state')!;
      const key = `${world.config.redis.prefix}:oauth-state:${createHash('sha256').update(state).digest('hex')}`;
      const { codeVerifier } = JSON.parse((await redis.get(key))!);
      expect(codeVerifier).toMatch(/^[A-Za-z0-9._~-]{43}$/);
      expect(Buffer.from(codeVerifier, 'base64url')).toHaveLength(32);
      expect(url.searchParams.get('code_challenge')).toBe(
        createHash('sha256').update(codeVerifier).digest('base64url'),
      );
      expect(authorizationUrl).not.toContain(codeVerifier);
      verifiers.add(codeVerifier);
      await redis.del(key);
    }
    expect(verifiers.size).toBe(300);
  });
});

describe('callback attacks (SECURITY.md A2, A4, A5, A7)', () => {
  /** A fresh attempt up to the provider's redirect, not yet delivered to the hub. */
  async function pending(persona = world.people.adminA, returnTo?: string) {
    const { authorizationUrl, binding } = await start(persona, returnTo);
    const redirect = await consentAtProvider(authorizationUrl, { callbackPrefix: CALLBACK });
    return { redirect, binding };
  }

  async function expectRejectedWithoutTokenCall(send: () => Promise<unknown>) {
    const before = await tokenCalls();
    await send();
    expect(await tokenCalls()).toBe(before);
  }

  it('should answer 400 to a missing, unknown or malformed state, with no token request', async () => {
    const { redirect, binding } = await pending();
    await expectRejectedWithoutTokenCall(() =>
      callback(world.people.adminA, queryOf(redirect, { state: null }), binding).expect(400),
    );
    await expectRejectedWithoutTokenCall(() =>
      callback(world.people.adminA, queryOf(redirect, { state: 'A'.repeat(43) }), binding).expect(400),
    );
    await expectRejectedWithoutTokenCall(() =>
      callback(world.people.adminA, queryOf(redirect, { state: '../../x' }), binding).expect(400),
    );
  });

  it('should accept a state once: a replayed callback gets 400 with no second exchange', async () => {
    const { redirect, binding } = await pending();
    await callback(world.people.adminA, redirect.url.search, binding).expect(303);
    await expectRejectedWithoutTokenCall(() => callback(world.people.adminA, redirect.url.search, binding).expect(400));
  });

  it('should refuse an expired state', async () => {
    const { redirect, binding } = await pending();
    for (const key of await redis.keys(`${world.config.redis.prefix}:oauth-state:*`)) await redis.pexpire(key, 1);
    await new Promise((r) => setTimeout(r, 20));
    await expectRejectedWithoutTokenCall(() => callback(world.people.adminA, redirect.url.search, binding).expect(400));
  });

  it('should refuse a callback finished in another browser or by another person', async () => {
    const other = await pending();
    await expectRejectedWithoutTokenCall(() => callback(world.people.adminA, other.redirect.url.search).expect(400));
    const stolen = await pending();
    await expectRejectedWithoutTokenCall(() =>
      callback(world.people.ownerA, stolen.redirect.url.search, stolen.binding).expect(400),
    );
    const anonymous = await pending();
    await expectRejectedWithoutTokenCall(() =>
      callback(null, anonymous.redirect.url.search, anonymous.binding).expect(400),
    );
    const rows = await world.db.getRepository(AuditEventEntity).findBy({ action: 'security.oauth_callback_rejected' });
    expect(rows.map((r) => r.reason)).toEqual(expect.arrayContaining(['browser_mismatch', 'person_mismatch']));
  });

  it('should refuse a wrong or missing iss before any exchange (mix-up defence)', async () => {
    const wrong = await pending();
    await expectRejectedWithoutTokenCall(() =>
      callback(world.people.adminA, queryOf(wrong.redirect, { iss: 'https://evil.example/dub' }), wrong.binding).expect(
        400,
      ),
    );
    const missing = await pending();
    await expectRejectedWithoutTokenCall(() =>
      callback(world.people.adminA, queryOf(missing.redirect, { iss: null }), missing.binding).expect(400),
    );
  });

  it('should check the state before an error= answer, and never reflect error_description', async () => {
    const script = '<script>alert(document.cookie)</script>';
    await expectRejectedWithoutTokenCall(() =>
      callback(
        world.people.adminA,
        `?error=server_error&error_description=${encodeURIComponent(script)}&state=${'B'.repeat(43)}`,
      ).expect(400),
    );
    const { redirect, binding } = await pending();
    const forged = queryOf(redirect, { code: null, error: 'server_error', error_description: script });
    let location = '';
    await expectRejectedWithoutTokenCall(async () => {
      location = (await callback(world.people.adminA, forged, binding).expect(303)).headers['location'];
    });
    expect(location).toBe('/settings/integrations?error=authorization_failed');
    expect(decodeURIComponent(location)).not.toContain('script');
  });

  it.each(['//evil.example', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)', '%2F%2Fevil.example'])(
    'should send the browser back to the app, not to returnTo=%s',
    async (returnTo) => {
      const { redirect, binding } = await pending(world.people.adminA, returnTo);
      const done = await callback(world.people.adminA, redirect.url.search, binding).expect(303);
      expect(done.headers['location']).toBe('/settings/integrations?success=dub_connected');
    },
  );

  it('should send no code to the token endpoint twice, and fail cleanly when the verifier was tampered with', async () => {
    const { redirect, binding } = await pending();
    for (const key of await redis.keys(`${world.config.redis.prefix}:oauth-state:*`)) {
      const record = JSON.parse((await redis.get(key))!);
      await redis.set(key, JSON.stringify({ ...record, codeVerifier: 'x'.repeat(43) }), 'KEEPTTL');
    }
    const before = await tokenCalls();
    const done = await callback(world.people.adminA, redirect.url.search, binding).expect(303);
    expect(done.headers['location']).toBe('/settings/integrations?error=token_exchange_failed');
    expect(await tokenCalls()).toBe(before + 1); // the authorization server refused it (invalid_grant); no retry
  });
});
