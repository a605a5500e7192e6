import Redis from 'ioredis';
import { createHash } from 'node:crypto';
import { credentialsRef, type OAuthTokens, OAuthStateStore } from '@hub/server/connections';
import { SecretCipher } from '@hub/server/crypto';
import { AuditEventEntity, ConnectionEntity, MembershipEntity } from '@hub/server/database';
import { consentAtProvider, type ProviderRedirect } from '@hub/server/testing';
import { startSandboxProcess } from './testing/sandbox-process';
import { AccountsService } from '@hub/server/auth';
import { createTestWorld, PASSWORD, type Persona, type TestWorld } from './testing/test-world';

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
  sandbox = await startSandboxProcess(29_210);
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

/** The tokens sealed on a connection, as the hub stores them. */
async function storedTokens(connectionId: string): Promise<OAuthTokens> {
  const row = await world.db
    .getRepository(ConnectionEntity)
    .createQueryBuilder('c')
    .addSelect('c.credentials')
    .where('c.id = :id', { id: connectionId })
    .getOneOrFail();
  return JSON.parse(await world.app.get(SecretCipher).open(credentialsRef(row), row.credentials!)) as OAuthTokens;
}

/** What the emulated Dub API answers to an access token. */
const dubAnswers = (accessToken: string) =>
  fetch(`${sandboxUrl}/dub/api/oauth/userinfo`, { headers: { authorization: `Bearer ${accessToken}` } }).then(
    (r) => r.status,
  );

async function expectNoTokenCall(send: () => Promise<unknown>) {
  const before = await tokenCalls();
  await send();
  expect(await tokenCalls()).toBe(before);
}

/** Clicks Connect: answers the provider URL and the browser-binding cookie the hub set. */
async function start(persona: Persona, returnTo?: string) {
  const response = await world
    .call(persona, 'post', '/api/integrations/dub/connect', returnTo === undefined ? {} : { returnTo })
    .expect(200);
  const binding = (response.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('hub_oauth_'))!;
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

  it('should update the same account’s connection when it is connected again, revoking the grant it replaced', async () => {
    const [before] = await world.db.getRepository(ConnectionEntity).findBy({ providerId: 'dub' });
    const replaced = await storedTokens(before.id);
    expect(await dubAnswers(replaced.accessToken)).toBe(200);
    const { authorizationUrl, binding } = await start(world.people.adminA);
    const redirect = await consentAtProvider(authorizationUrl, { callbackPrefix: CALLBACK });
    await callback(world.people.adminA, redirect.url.search, binding).expect(303);
    expect(
      await world.db.getRepository(ConnectionEntity).countBy({ workspaceId: world.workspaceA, providerId: 'dub' }),
    ).toBe(1);
    expect(
      await world.db.getRepository(AuditEventEntity).countBy({ action: 'connection.reconnected' }),
    ).toBeGreaterThan(0);
    // The replaced grant no longer works at the provider; the new one does.
    expect(await dubAnswers(replaced.accessToken)).toBe(401);
    expect(await dubAnswers((await storedTokens(before.id)).accessToken)).toBe(200);
    const [revoked] = await world.db
      .getRepository(AuditEventEntity)
      .findBy({ action: 'connection.replaced_grant_revocation', targetId: before.id });
    expect(revoked.details).toMatchObject({ providerId: 'dub', revocation: 'revoked', revocationRetry: false });
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
    await world.call(world.people.adminA, 'post', '/api/integrations/microsoft-calendar/connect', {}).expect(409);
    await world.call(world.people.adminA, 'post', '/api/integrations/postgresql/connect', {}).expect(409);
  });
});

describe('authorization requests (docs/security.md A1)', () => {
  it('should use S256 with a fresh 256-bit verifier kept only server-side, on every one of 300 requests', async () => {
    const verifiers = new Set<string>();
    for (let i = 0; i < 300; i++) {
      const { authorizationUrl } = await start(world.people.adminA);
      const url = new URL(authorizationUrl);
      expect(url.searchParams.get('code_challenge_method')).toBe('S256');
      const state = url.searchParams.get('state')!;
      const key = `${world.config.redis.prefix}:oauth-state:${createHash('sha256').update(state).digest('hex')}`;
      // Sealed in Redis (issue 15 finding 7): never there in clear, opened only by the store.
      const inRedis = (await redis.get(key))!;
      const { codeVerifier } = (await world.app.get(OAuthStateStore).consume(state))!;
      expect(inRedis).not.toContain(codeVerifier);
      expect(codeVerifier).toMatch(/^[A-Za-z0-9._~-]{43}$/);
      expect(Buffer.from(codeVerifier, 'base64url')).toHaveLength(32);
      expect(url.searchParams.get('code_challenge')).toBe(
        createHash('sha256').update(codeVerifier).digest('base64url'),
      );
      expect(authorizationUrl).not.toContain(codeVerifier);
      verifiers.add(codeVerifier);
    }
    expect(verifiers.size).toBe(300);
  });
});

describe('callback attacks (docs/security.md A2, A4, A5, A7)', () => {
  /** A fresh attempt up to the provider's redirect, not yet delivered to the hub. */
  async function pending(persona = world.people.adminA, returnTo?: string) {
    const { authorizationUrl, binding } = await start(persona, returnTo);
    const redirect = await consentAtProvider(authorizationUrl, { callbackPrefix: CALLBACK });
    return { redirect, binding };
  }

  const expectRejectedWithoutTokenCall = expectNoTokenCall;

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

  it.each([
    '//evil.example',
    'https://evil.example/',
    '/\\evil.example',
    'javascript:alert(1)',
    '%2F%2Fevil.example',
    '/.//evil.example',
    '/..//evil.example',
    '/a/..//evil.example',
    '/%2e//evil.example',
  ])('should send the browser back to the app, not to returnTo=%s', async (returnTo) => {
    const { redirect, binding } = await pending(world.people.adminA, returnTo);
    const done = await callback(world.people.adminA, redirect.url.search, binding).expect(303);
    expect(done.headers['location']).toBe('/settings/integrations?success=dub_connected');
  });

  it('should refuse a state whose sealed verifier was tampered with in Redis, with no token request', async () => {
    const { redirect, binding } = await pending();
    for (const key of await redis.keys(`${world.config.redis.prefix}:oauth-state:*`)) {
      const record = JSON.parse((await redis.get(key))!);
      const sealed = Buffer.from(record.sealedCodeVerifier, 'base64');
      sealed[sealed.length - 1] ^= 1;
      await redis.set(key, JSON.stringify({ ...record, sealedCodeVerifier: sealed.toString('base64') }), 'KEEPTTL');
    }
    await expectRejectedWithoutTokenCall(() => callback(world.people.adminA, redirect.url.search, binding).expect(400));
  });

  it('should send no code to the token endpoint twice: a code refused by the authorization server is not retried', async () => {
    const { redirect, binding } = await pending();
    const before = await tokenCalls();
    const forged = queryOf(redirect, { code: 'not-a-code-the-server-issued' });
    const done = await callback(world.people.adminA, forged, binding).expect(303);
    expect(done.headers['location']).toBe('/settings/integrations?error=token_exchange_failed');
    expect(await tokenCalls()).toBe(before + 1); // the authorization server refused it (invalid_grant); no retry
  });
});

describe('callbacks after the right to connect changed (issue 15 finding 4)', () => {
  async function pendingAs(persona: Persona) {
    const { authorizationUrl, binding } = await start(persona);
    const redirect = await consentAtProvider(authorizationUrl, { callbackPrefix: CALLBACK });
    return { redirect, binding };
  }
  const setRole = (persona: Persona, role: 'member' | 'admin') =>
    world.db
      .getRepository(MembershipEntity)
      .update({ workspaceId: world.workspaceA, userId: persona.userId }, { role });

  beforeEach(async () => {
    await world.db.query(`DELETE FROM connections WHERE provider_id = 'dub'`);
  });

  it('should not exchange the code of a person demoted to member since starting, and send them back with not_permitted', async () => {
    const { redirect, binding } = await pendingAs(world.people.adminA);
    await setRole(world.people.adminA, 'member');
    try {
      let location = '';
      await expectNoTokenCall(async () => {
        location = (await callback(world.people.adminA, redirect.url.search, binding).expect(303)).headers['location'];
      });
      expect(location).toBe('/settings/integrations?error=not_permitted');
      expect(await world.db.getRepository(ConnectionEntity).countBy({ providerId: 'dub' })).toBe(0);
      const [rejection] = await world.db
        .getRepository(AuditEventEntity)
        .find({ where: { action: 'security.oauth_callback_rejected', reason: 'not_permitted' } });
      expect(rejection).toMatchObject({ workspaceId: world.workspaceA, actorId: world.people.adminA.userId });
    } finally {
      await setRole(world.people.adminA, 'admin');
    }
  });

  it('should not exchange the code of a person removed from the workspace since starting', async () => {
    const accounts = world.app.get(AccountsService);
    const email = `removed-${Date.now()}@example.com`;
    const user = await accounts.createUser({ email, name: 'Removed', password: PASSWORD });
    await world.db
      .getRepository(MembershipEntity)
      .insert({ workspaceId: world.workspaceA, userId: user.id, role: 'admin' });
    const persona: Persona = {
      key: 'adminA',
      email,
      password: PASSWORD,
      userId: user.id,
      ...(await world.signIn(email, PASSWORD)),
    };
    const { redirect, binding } = await pendingAs(persona);
    await world.db.getRepository(MembershipEntity).delete({ workspaceId: world.workspaceA, userId: user.id });
    let location = '';
    await expectNoTokenCall(async () => {
      location = (await callback(persona, redirect.url.search, binding).expect(303)).headers['location'];
    });
    expect(location).toBe('/settings/integrations?error=not_permitted');
    expect(await world.db.getRepository(ConnectionEntity).countBy({ providerId: 'dub' })).toBe(0);
  });

  it('should not exchange the code when the session that started it has ended', async () => {
    const session = await world.signIn(world.people.adminA.email, world.people.adminA.password);
    const persona: Persona = { ...world.people.adminA, ...session };
    const { redirect, binding } = await pendingAs(persona);
    await world.call(persona, 'post', '/api/auth/sign-out', {}).expect(204);
    await expectNoTokenCall(() => callback(persona, redirect.url.search, binding).expect(400));
    expect(await world.db.getRepository(ConnectionEntity).countBy({ providerId: 'dub' })).toBe(0);
  });
});

describe('rejected callbacks in the audit log (issue 15 finding 12)', () => {
  it('should file a rejection from a signed-out browser under the state’s workspace, with request id and address', async () => {
    const { authorizationUrl, binding } = await start(world.people.adminA);
    const redirect = await consentAtProvider(authorizationUrl, { callbackPrefix: CALLBACK });
    const answer = await callback(null, redirect.url.search, binding)
      .set('X-Request-Id', 'probe-request-1')
      .expect(400);
    expect(answer.headers['x-request-id']).toBe('probe-request-1');
    const [row] = await world.db.getRepository(AuditEventEntity).findBy({ requestId: 'probe-request-1' });
    expect(row).toMatchObject({
      action: 'security.oauth_callback_rejected',
      reason: 'person_mismatch',
      workspaceId: world.workspaceA,
      ip: expect.stringMatching(/127\.0\.0\.1/),
    });
  });

  it('should file a state used in another person’s browser under the workspace it was minted for, not theirs', async () => {
    const { authorizationUrl } = await start(world.people.adminA);
    const redirect = await consentAtProvider(authorizationUrl, { callbackPrefix: CALLBACK });
    await callback(world.people.ownerB, redirect.url.search).set('X-Request-Id', 'probe-request-2').expect(400);
    const [row] = await world.db.getRepository(AuditEventEntity).findBy({ requestId: 'probe-request-2' });
    expect(row).toMatchObject({
      action: 'security.oauth_callback_rejected',
      workspaceId: world.workspaceA,
      actorId: world.people.ownerB.userId,
    });
  });
});

describe('two connects in one browser (issue 15 finding 14)', () => {
  it('should finish both: each flow keeps its own binding cookie', async () => {
    await world.db.query(`DELETE FROM connections WHERE provider_id = 'dub'`);
    const first = await start(world.people.adminA);
    const second = await start(world.people.adminA);
    expect(first.binding.split('=')[0]).not.toBe(second.binding.split('=')[0]);
    // The browser holds both cookies; the second tab finishes first, then the first.
    const jar = `${first.binding}; ${second.binding}`;
    for (const flow of [second, first]) {
      const redirect = await consentAtProvider(flow.authorizationUrl, { callbackPrefix: CALLBACK });
      const done = await callback(world.people.adminA, redirect.url.search, jar).expect(303);
      expect(done.headers['location']).toBe('/settings/integrations?success=dub_connected');
    }
  });
});
