import { TEST_ENCRYPTION_KEYS } from '@hub/server/config';
import { TokenService } from '@hub/server/connections';
import { AuditEventEntity, ConnectionEntity } from '@hub/server/database';
import { IntegrationError } from '@hub/server/integrations/core';
import { consentAtProvider } from '@hub/server/testing';
import { startSandboxProcess } from './testing/sandbox-process';
import { createTestWorld, type Persona, type TestWorld } from './testing/test-world';
import { runStormProcess } from './testing/token-storm-runner';

/**
 * Microsoft 365 through the hub's one OAuth engine, over real HTTP against the sandbox's Microsoft
 * identity platform (apps/sandbox/src/providers/microsoft-common/identity-platform.ts): the ID token
 * verified before anything reads it, the account keyed by tenant and object id, AADSTS refusals
 * named, an organisation administrator's approval for Teams, and a refresh storm across processes.
 */
const SANDBOX_TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const MEMBER_OID = '4f1a9b2c-0d3e-4a5b-8c6d-7e8f9a0b1c2d';

let world: TestWorld;
let sandbox: Awaited<ReturnType<typeof startSandboxProcess>>;

beforeAll(async () => {
  sandbox = await startSandboxProcess(29_260);
  world = await createTestWorld({ SANDBOX_URL: sandbox.url });
});
afterAll(async () => {
  await world?.close();
  await sandbox?.stop();
});
beforeEach(async () => {
  await fetch(`${sandbox.url}/_sandbox/reset`, { method: 'POST' });
  await world.db.query(`DELETE FROM connections WHERE provider_id IN ('onedrive', 'microsoft-teams')`);
  await world.db.query(`DELETE FROM admin_consents`);
});

const control = async (provider: string, path: string, body: object) => {
  const answer = await fetch(`${sandbox.url}/_sandbox/${provider}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!answer.ok) throw new Error(`${path} answered ${answer.status}: ${await answer.text()}`);
};

/** Starts a round trip (connect or admin consent), goes through the provider's page, and comes back. */
async function roundTrip(
  persona: Persona,
  provider: string,
  start: 'connect' | 'admin-consent' = 'connect',
): Promise<{ location: string; providerRedirect: URL }> {
  const started = await world.call(persona, 'post', `/api/integrations/${provider}/${start}`, {}).expect(200);
  const binding = (started.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('hub_oauth_'))!;
  const callbackPrefix = `http://localhost:3000/api/integrations/${provider}/callback`;
  const redirect = await consentAtProvider(started.body.authorizationUrl, { callbackPrefix });
  const done = await world
    .call(null, 'get', `/api/integrations/${provider}/callback${redirect.url.search}`)
    .set('Cookie', [persona.cookie, binding.split(';')[0]].join('; '))
    .expect(303);
  return { location: done.headers['location'], providerRedirect: redirect.url };
}

async function catalogEntry(provider: string) {
  const { body } = await world.call(world.people.adminA, 'get', '/api/integrations').expect(200);
  return body.categories
    .flatMap((c: { integrations: { id: string }[] }) => c.integrations)
    .find((i: { id: string }) => i.id === provider);
}

describe('connecting OneDrive through the Microsoft identity platform', () => {
  it('should verify the ID token and key the account by tenant and object id', async () => {
    const { location, providerRedirect } = await roundTrip(world.people.adminA, 'onedrive');
    expect(location).toBe('/settings/integrations?success=onedrive_connected');
    // Entra sends no `iss` on the callback; the sandbox's oidc-provider does, and the hub accepts either.
    expect(providerRedirect.searchParams.get('code')).toBeTruthy();
    const row = await world.db.getRepository(ConnectionEntity).findOneByOrFail({ providerId: 'onedrive' });
    expect(row.externalAccountId).toBe(`${SANDBOX_TENANT}:${MEMBER_OID}`);
    const onedrive = await catalogEntry('onedrive');
    expect(onedrive.connections[0].account).toMatchObject({
      displayName: 'Megan Bowen',
      email: 'megan.bowen@contoso-sandbox.example',
    });
    expect(onedrive.accessRemoval.links.map((l: { url: string }) => l.url)).toEqual([
      'https://myapps.microsoft.com',
      'https://account.live.com/consent/Manage',
    ]);
  });

  it.each(['signature', 'audience', 'expired', 'tenant-mismatch'])(
    'should refuse a connect whose ID token fails its checks (%s), saving nothing',
    async (fault) => {
      await control('onedrive', '/id-token-fault', { fault });
      const { location } = await roundTrip(world.people.adminA, 'onedrive');
      expect(location).toBe('/settings/integrations?error=id_token_invalid');
      expect(await world.db.getRepository(ConnectionEntity).countBy({ providerId: 'onedrive' })).toBe(0);
      const [audit] = await world.db.getRepository(AuditEventEntity).find({
        where: { action: 'connection.oauth_failed', reason: 'id_token_invalid' },
        order: { occurredAt: 'DESC' },
        take: 1,
      });
      const check = fault === 'tenant-mismatch' ? 'issuer' : 'signature';
      expect(audit.details).toEqual({ check });
    },
  );

  it('should connect a personal Microsoft account, whose address is its userPrincipalName', async () => {
    await control('onedrive', '/persona', { persona: 'personal' });
    const { location } = await roundTrip(world.people.adminA, 'onedrive');
    expect(location).toBe('/settings/integrations?success=onedrive_connected');
    const onedrive = await catalogEntry('onedrive');
    expect(onedrive.connections[0].account).toMatchObject({
      displayName: 'Sam Sandbox',
      email: 'sam.sandbox@outlook.example',
    });
    const row = await world.db.getRepository(ConnectionEntity).findOneByOrFail({ providerId: 'onedrive' });
    expect(row.externalAccountId.startsWith('9188040d-6c67-4c5b-b112-36a304b66dad:')).toBe(true);
  });
});

describe('administrator approval', () => {
  it('should refuse to start an approval for a provider that needs none, and for members', async () => {
    const none = await world
      .call(world.people.adminA, 'post', '/api/integrations/onedrive/admin-consent', {})
      .expect(409);
    expect(none.body.detail).toBe("OneDrive needs no administrator's approval.");
    await world.call(world.people.memberA, 'post', '/api/integrations/onedrive/admin-consent', {}).expect(403);
  });

  it('should tell the page which permissions need an administrator, and where the workspace stands', async () => {
    const teams = await catalogEntry('microsoft-teams');
    expect(teams.adminConsent).toEqual({
      scopes: ['https://graph.microsoft.com/ChannelMessage.Read.All'],
      authority: 'Microsoft 365',
      status: null,
      tenantId: null,
      updatedAt: null,
    });
    expect((await catalogEntry('onedrive')).adminConsent).toBeNull();
  });
});

describe('refreshing Microsoft tokens', () => {
  async function expiredOneDrive() {
    await roundTrip(world.people.adminA, 'onedrive');
    const row = await world.db.getRepository(ConnectionEntity).findOneByOrFail({ providerId: 'onedrive' });
    await world.db
      .getRepository(ConnectionEntity)
      .update({ id: row.id }, { tokenExpiresAt: new Date(Date.now() - 1000) });
    return { workspaceId: world.workspaceA, connectionId: row.id };
  }

  it('should name the fix when Microsoft refuses a refresh (AADSTS700082, 90 days unused)', async () => {
    const ref = await expiredOneDrive();
    await control('onedrive', '/token-error', { aadsts: 700082 });
    const error = await world.app
      .get(TokenService)
      .getAccessToken(ref)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IntegrationError);
    expect((error as IntegrationError).code).toBe('AUTH_REVOKED');
    const row = await world.db.getRepository(ConnectionEntity).findOneByOrFail({ id: ref.connectionId });
    expect({ status: row.status, reason: row.statusReason, message: row.statusMessage }).toEqual({
      status: 'ERROR',
      reason: 'NEEDS_REAUTH',
      message: 'Reconnect OneDrive: its sign-in expired after 90 days unused.',
    });
  });

  it('should make an expired client secret an instance administrator’s problem, not the person’s', async () => {
    const ref = await expiredOneDrive();
    await control('onedrive', '/token-error', { aadsts: 7000222 });
    await expect(world.app.get(TokenService).getAccessToken(ref)).rejects.toMatchObject({ code: 'INVALID_CONFIG' });
    const row = await world.db.getRepository(ConnectionEntity).findOneByOrFail({ id: ref.connectionId });
    expect(row.statusReason).toBe('REFRESH_FAILING');
    expect(row.statusMessage).toContain('client secret of the hub’s Microsoft Entra app has expired');
  });

  it('should refresh once for 100 callers across 4 processes with rotating refresh tokens', async () => {
    const ref = await expiredOneDrive();
    const before = (await sandbox.stats('onedrive')).tokenRequests.refresh_token;
    const startAt = Date.now() + 4_000;
    const runs = await Promise.all(
      Array.from({ length: 4 }, () =>
        runStormProcess({
          ...process.env,
          DATABASE_URL: world.scratch.url,
          REDIS_URL: world.config.redis.url,
          REDIS_PREFIX: world.config.redis.prefix,
          ENCRYPTION_KEYS: TEST_ENCRYPTION_KEYS,
          SANDBOX_URL: sandbox.url,
          NODE_ENV: 'test',
          LOG_LEVEL: 'silent',
          STORM_WORKSPACE: ref.workspaceId,
          STORM_CONNECTION: ref.connectionId,
          STORM_CALLERS: '25',
          STORM_START_AT: String(startAt),
        }),
      ),
    );
    expect(runs.map(({ ok, errors, distinctTokens }) => ({ ok, errors, distinctTokens }))).toEqual(
      Array(4).fill({ ok: 25, errors: [], distinctTokens: 1 }),
    );
    expect((await sandbox.stats('onedrive')).tokenRequests.refresh_token).toBe(before + 1);
    expect((await sandbox.stats('onedrive')).tokenErrors['invalid_grant'] ?? 0).toBe(0);
  }, 60_000);
});
