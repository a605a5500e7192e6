import { DataSource } from 'typeorm';
import { testConfig } from '@hub/server/config';
import { sha256Hex } from '@hub/server/auth';
import { ApiKeyEntity, AuditEventEntity, SessionEntity, UserEntity } from '@hub/server/database';
import { createTestApp } from './testing/create-test-app';
import { cookiesOf, createTestWorld, PASSWORD, type TestWorld } from './testing/test-world';

let world: TestWorld;
beforeAll(async () => {
  // Served over https, as in production: the session cookie is then Secure and __Host- prefixed.
  world = await createTestWorld({ PUBLIC_URL: 'https://hub.example.test' });
});
afterAll(() => world?.close());

const auditRows = (action: string) =>
  world.app
    .get(DataSource)
    .getRepository(AuditEventEntity)
    .find({ where: { action }, order: { id: 'ASC' } });

describe('sign-in', () => {
  it('should set an httpOnly, SameSite=Lax, Secure __Host- session cookie and a readable XSRF cookie', async () => {
    const response = await world
      .call(null, 'post', '/api/auth/sign-in', { email: 'MemberA@Example.com', password: PASSWORD })
      .expect(200);
    const cookies = response.headers['set-cookie'] as unknown as string[];
    const session = cookies.find((c) => c.startsWith('__Host-hub_session='))!;
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Lax/);
    expect(session).toMatch(/Secure/);
    expect(session).toMatch(/Path=\//);
    const xsrf = cookies.find((c) => c.startsWith('XSRF-TOKEN='))!;
    expect(xsrf).not.toMatch(/HttpOnly/);
    expect(response.body).toMatchObject({
      user: { email: 'membera@example.com' },
      workspace: { id: world.workspaceA, role: 'member' },
    });
  });

  it('should answer an unknown email and a wrong password identically, and audit both failures', async () => {
    const unknown = await world
      .call(null, 'post', '/api/auth/sign-in', { email: 'nobody@example.com', password: PASSWORD })
      .expect(401);
    const wrong = await world
      .call(null, 'post', '/api/auth/sign-in', { email: 'adminA@example.com', password: 'not the password' })
      .expect(401);
    const shape = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });
    expect(shape(unknown.body)).toEqual(shape(wrong.body));
    expect(unknown.body.detail).toBe('Email or password is incorrect.');
    expect(unknown.headers['content-type']).toMatch(/application\/problem\+json/);
    const failures = (await auditRows('auth.sign_in')).filter((row) => row.outcome === 'failure');
    expect(failures.map((f) => f.reason)).toEqual(expect.arrayContaining(['unknown_email', 'wrong_password']));
    expect(JSON.stringify(failures)).not.toContain('not the password');
  });

  it('should refuse a malformed body with field errors before any lookup', async () => {
    const response = await world
      .call(null, 'post', '/api/auth/sign-in', { email: 'not-an-email', password: '', extra: 1 })
      .expect(400);
    expect(response.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['email', 'extra', 'password']);
  });

  it('should rate limit attempts per email with 429 and Retry-After', async () => {
    const target = { email: 'ownerb@example.com', password: 'wrong guess' };
    for (let i = 0; i < 10; i++) await world.call(null, 'post', '/api/auth/sign-in', target).expect(401);
    const limited = await world.call(null, 'post', '/api/auth/sign-in', { ...target, password: PASSWORD }).expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.body.detail).toMatch(/Too many sign-in attempts/);
  });
});

describe('sessions', () => {
  it('should end the session on sign-out so the cookie no longer works', async () => {
    const session = await world.signIn('adminA@example.com', PASSWORD);
    const persona = { ...world.people.adminA, ...session };
    await world.call(persona, 'get', '/api/auth/session').expect(200);
    await world.call(persona, 'post', '/api/auth/sign-out').expect(204);
    await world.call(persona, 'get', '/api/auth/session').expect(401);
    expect((await auditRows('auth.sign_out')).length).toBeGreaterThan(0);
  });

  it('should expire a session idle for longer than the idle timeout, and one past its absolute end', async () => {
    const idle = { ...world.people.memberA, ...(await world.signIn('memberA@example.com', PASSWORD)) };
    const old = { ...world.people.memberA, ...(await world.signIn('memberA@example.com', PASSWORD)) };
    const sessions = world.db.getRepository(SessionEntity);
    const hashOf = async (cookie: string) => {
      const token = decodeURIComponent(
        cookie
          .split('; ')
          .find((p) => p.startsWith('__Host-hub_session='))!
          .split('=')[1],
      );
      return sha256Hex(token);
    };
    await sessions.update(
      { idHash: await hashOf(idle.cookie) },
      { lastSeenAt: new Date(Date.now() - world.config.session.idleTimeoutMs - 1000) },
    );
    await sessions.update({ idHash: await hashOf(old.cookie) }, { expiresAt: new Date(Date.now() - 1000) });
    await world.call(idle, 'get', '/api/auth/session').expect(401);
    await world.call(old, 'get', '/api/auth/session').expect(401);
    await world.call(world.people.memberA, 'get', '/api/auth/session').expect(200);
  });

  it('should refuse a cookie-authenticated change without the CSRF header, or from another origin', async () => {
    const admin = world.people.adminA;
    await world.call(null, 'patch', '/api/workspace', { name: 'x' }).set('Cookie', admin.cookie).expect(403);
    const crossSite = await world
      .call(admin, 'patch', '/api/workspace', { name: 'Renamed' })
      .set('Origin', 'https://evil.example')
      .expect(403);
    expect(crossSite.body.detail).toMatch(/Cross-origin/);
    await world.call(admin, 'patch', '/api/workspace', { name: 'Workspace A' }).expect(200);
    expect((await auditRows('access.denied')).some((row) => row.reason === 'csrf_token_invalid')).toBe(true);
  });

  it('should switch the current workspace only to one the person belongs to', async () => {
    const owner = world.people.ownerA;
    await world.call(owner, 'put', '/api/auth/session/workspace', { workspaceId: world.workspaceB }).expect(404);
    const b = world.people.ownerB;
    const joined = await world.call(b, 'get', '/api/workspaces').expect(200);
    expect(joined.body).toEqual([{ id: world.workspaceB, name: 'Workspace B', role: 'owner' }]);
  });
});

describe('API keys', () => {
  it('should show a key once, store only its hash, and accept it as a Bearer token scoped to its workspace', async () => {
    const created = await world.call(world.people.adminA, 'post', '/api/api-keys', { name: 'CI' }).expect(201);
    const secret: string = created.body.secret;
    expect(secret).toMatch(/^hub_[A-Za-z0-9_-]{43}$/);
    const stored = await world.db.getRepository(ApiKeyEntity).findOneByOrFail({ id: created.body.id });
    expect(JSON.stringify(stored)).not.toContain(secret);
    const listed = await world.call(world.people.adminA, 'get', '/api/api-keys').expect(200);
    expect(JSON.stringify(listed.body)).not.toContain(secret);

    const session = await world
      .call(null, 'get', '/api/auth/session')
      .set('Authorization', `Bearer ${secret}`)
      .expect(200);
    expect(session.body).toMatchObject({
      user: null,
      apiKey: { id: created.body.id, name: 'CI' },
      workspace: { id: world.workspaceA },
    });
    await world.call(null, 'get', '/api/members').set('Authorization', `Bearer ${secret}`).expect(200);
    // A key cannot mint more keys, nor act as a person.
    await world
      .call(null, 'post', '/api/api-keys', { name: 'more' })
      .set('Authorization', `Bearer ${secret}`)
      .expect(403);
    await world.call(null, 'get', '/api/workspaces').set('Authorization', `Bearer ${secret}`).expect(403);
    const after = await world.db.getRepository(ApiKeyEntity).findOneByOrFail({ id: created.body.id });
    expect(after.lastUsedAt).not.toBeNull();

    await world.call(world.people.adminA, 'delete', `/api/api-keys/${created.body.id}`).expect(204);
    await world.call(null, 'get', '/api/members').set('Authorization', `Bearer ${secret}`).expect(401);
    expect((await auditRows('api_key.revoked')).map((r) => r.targetId)).toContain(created.body.id);
  });

  it('should refuse an expired key and an expiry in the past', async () => {
    const created = await world
      .call(world.people.adminA, 'post', '/api/api-keys', {
        name: 'short',
        expiresAt: new Date(Date.now() + 60_000).toISOString(),
      })
      .expect(201);
    await world.db
      .getRepository(ApiKeyEntity)
      .update({ id: created.body.id }, { expiresAt: new Date(Date.now() - 1000) });
    await world.call(null, 'get', '/api/members').set('Authorization', `Bearer ${created.body.secret}`).expect(401);
    const past = await world
      .call(world.people.adminA, 'post', '/api/api-keys', { name: 'past', expiresAt: '2020-01-01T00:00:00Z' })
      .expect(400);
    expect(past.body.errors[0]).toMatchObject({ field: 'expiresAt', message: 'expiresAt must be in the future' });
  });

  it('should not let a member create keys', async () => {
    await world.call(world.people.memberA, 'post', '/api/api-keys', { name: 'nope' }).expect(403);
  });
});

describe('members and invitations', () => {
  it('should let a newcomer join by invitation link once, signed in afterwards as a member', async () => {
    const invited = await world
      .call(world.people.adminA, 'post', '/api/invitations', { email: 'Newbie@Example.com', role: 'member' })
      .expect(201);
    const token = new URL(invited.body.acceptUrl).hash.replace('#token=', '');
    await world.call(null, 'post', '/api/invitations/accept', { token, name: 'New Person' }).expect(422);
    const accepted = await world
      .call(null, 'post', '/api/invitations/accept', { token, name: 'New Person', password: 'a long enough password' })
      .expect(200);
    expect(accepted.body).toEqual({ workspaceId: world.workspaceA });
    const newcomer = cookiesOf(accepted.headers['set-cookie'] as unknown as string[]);
    const session = await world.call(null, 'get', '/api/auth/session').set('Cookie', newcomer.cookie).expect(200);
    expect(session.body.workspace).toMatchObject({ id: world.workspaceA, role: 'member' });
    await world
      .call(null, 'post', '/api/invitations/accept', { token, name: 'Again', password: 'a long enough password' })
      .expect(404);
    expect((await auditRows('member.joined')).length).toBe(1);
  });

  it('should ask an existing person to sign in as the invited email before joining', async () => {
    const invited = await world
      .call(world.people.ownerB, 'post', '/api/invitations', { email: 'outsider@example.com', role: 'admin' })
      .expect(201);
    const token = new URL(invited.body.acceptUrl).hash.replace('#token=', '');
    const anonymous = await world.call(null, 'post', '/api/invitations/accept', { token }).expect(409);
    expect(anonymous.body.detail).toMatch(/Sign in as outsider@example.com/);
    await world.call(world.people.memberA, 'post', '/api/invitations/accept', { token }).expect(409);
    await world.call(world.people.outsider, 'post', '/api/invitations/accept', { token }).expect(200);
    const session = await world.call(world.people.outsider, 'get', '/api/auth/session').expect(200);
    expect(session.body.workspace).toMatchObject({ id: world.workspaceB, role: 'admin' });
    // Back to belonging nowhere, for the other tests.
    await world.call(world.people.ownerB, 'delete', `/api/members/${world.people.outsider.userId}`).expect(204);
    const after = await world.call(world.people.outsider, 'get', '/api/auth/session').expect(200);
    expect(after.body.workspace).toBeNull();
    await world.call(world.people.outsider, 'get', '/api/members').expect(403);
  });

  it('should keep at least one owner and let only owners grant ownership', async () => {
    const { ownerA, adminA, memberA } = world.people;
    await world.call(adminA, 'patch', `/api/members/${memberA.userId}`, { role: 'owner' }).expect(422);
    const last = await world.call(ownerA, 'patch', `/api/members/${ownerA.userId}`, { role: 'admin' }).expect(422);
    expect(last.body.detail).toMatch(/at least one owner/);
    await world.call(ownerA, 'delete', `/api/members/${ownerA.userId}`).expect(422);
    const promoted = await world.call(adminA, 'patch', `/api/members/${memberA.userId}`, { role: 'admin' }).expect(200);
    expect(promoted.body).toMatchObject({ userId: memberA.userId, role: 'admin' });
    await world.call(adminA, 'patch', `/api/members/${memberA.userId}`, { role: 'member' }).expect(200);
    const changes = await auditRows('member.role_changed');
    expect(changes.at(-1)?.details).toEqual({ from: 'admin', to: 'member' });
  });
});

describe('first instance administrator', () => {
  it('should be created once from HUB_ADMIN_EMAIL and HUB_ADMIN_PASSWORD, owning a workspace, and signed in with them', async () => {
    const env = { HUB_ADMIN_EMAIL: 'root@example.com', HUB_ADMIN_PASSWORD: 'bootstrap password 1' };
    const other = await createTestWorld(env);
    try {
      const admins = await other.db.getRepository(UserEntity).findBy({ email: 'root@example.com' });
      expect(admins).toEqual([expect.objectContaining({ isInstanceAdmin: true })]);
      const root = await other.signIn('root@example.com', 'bootstrap password 1');
      const session = await other.call(null, 'get', '/api/auth/session').set('Cookie', root.cookie).expect(200);
      expect(session.body).toMatchObject({ user: { isInstanceAdmin: true }, workspace: { role: 'owner' } });
      // A second start (another replica, a restart) adds nobody.
      const again = await createTestApp(other.config);
      await again.close();
      expect(await other.db.getRepository(UserEntity).countBy({ isInstanceAdmin: true })).toBe(2); // root + the world's own
    } finally {
      await other.close();
    }
  });

  it('should create the configured administrator even when another one exists already (the demo seed’s)', async () => {
    // The world has an instance administrator of its own, as a seeded development database has.
    const env = { HUB_ADMIN_EMAIL: 'operator@example.com', HUB_ADMIN_PASSWORD: 'operator password 1' };
    const started = await createTestApp(testConfigFor(world, env));
    await started.close();
    const [operator] = await world.db.getRepository(UserEntity).findBy({ email: 'operator@example.com' });
    expect(operator).toMatchObject({ isInstanceAdmin: true });
    await world.signIn('operator@example.com', 'operator password 1');
  });

  it('should not raise an existing account’s rights from configuration alone', async () => {
    const env = { HUB_ADMIN_EMAIL: world.people.memberA.email, HUB_ADMIN_PASSWORD: 'someone else entirely' };
    const started = await createTestApp(testConfigFor(world, env));
    await started.close();
    const [member] = await world.db.getRepository(UserEntity).findBy({ email: world.people.memberA.email });
    expect(member.isInstanceAdmin).toBe(false);
    // Their password is theirs still.
    await world.signIn(world.people.memberA.email, world.people.memberA.password);
  });
});

/** The world's configuration with a few variables more, as a restart with a changed environment has. */
function testConfigFor(target: TestWorld, env: Record<string, string>) {
  return testConfig({
    DATABASE_URL: target.scratch.url,
    REDIS_PREFIX: target.config.redis.prefix,
    METRICS_PORT: '0',
    ...env,
  });
}
