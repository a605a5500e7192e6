import { INTEGRATION_CATEGORIES } from '@hub/shared/contracts';
import { AuditEventEntity, ConnectionEntity } from '@hub/server/database';
import { createTestWorld, type TestWorld } from './testing/test-world';

let world: TestWorld;
beforeAll(async () => {
  world = await createTestWorld({
    OAUTH_SLACK_CLIENT_ID: 'env-slack-id',
    OAUTH_SLACK_CLIENT_SECRET: 'env-slack-secret',
  });
});
afterAll(() => world?.close());

const connect = (credentials: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  world.call(world.people.adminA, 'post', '/api/integrations/test-db/credentials', { credentials, ...extra });
const audit = (action: string) =>
  world.db.getRepository(AuditEventEntity).find({ where: { action }, order: { id: 'ASC' } });

describe('GET /api/integrations', () => {
  it('should list the 12 providers of the product in their categories, in the page order', async () => {
    const { body } = await world.call(world.people.memberA, 'get', '/api/integrations').expect(200);
    const names: string[] = body.categories.map((c: { name: string }) => c.name);
    expect(names).toEqual([...INTEGRATION_CATEGORIES]);
    const byCategory = Object.fromEntries(
      body.categories.map((c: { name: string; integrations: { id: string }[] }) => [
        c.name,
        c.integrations.map((i) => i.id).sort(),
      ]),
    );
    expect(byCategory).toEqual({
      'Google Workspace': ['gmail', 'google-calendar', 'google-drive'],
      Databases: ['postgresql', 'test-db'],
      Communication: ['github', 'slack'],
      'Microsoft 365': ['microsoft-calendar', 'microsoft-teams', 'onedrive', 'outlook'],
      Marketing: ['dub'],
      Analytics: ['google-analytics'],
    });
    const all = body.categories.flatMap((c: { integrations: unknown[] }) => c.integrations);
    const real = all.filter((i: { id: string }) => i.id !== 'test-db');
    expect(real).toHaveLength(12);
    const available = real
      .filter((i: { availability: string }) => i.availability === 'available')
      .map((i: { id: string }) => i.id);
    expect(available).toEqual([
      'gmail',
      'google-calendar',
      'google-drive',
      'postgresql',
      'github',
      'slack',
      'microsoft-teams',
      'onedrive',
      'outlook',
      'dub',
      'google-analytics',
    ]);
    expect(real.every((i: { sandbox: boolean }) => i.sandbox === false)).toBe(true);
    const slack = all.find((i: { id: string }) => i.id === 'slack');
    expect(slack).toMatchObject({
      connectMethod: 'oauth2',
      setupRequired: false,
      logoUrl: '/providers/slack.svg',
      connections: [],
    });
    expect(all.find((i: { id: string }) => i.id === 'github')).toMatchObject({ setupRequired: true });
    const postgres = all.find((i: { id: string }) => i.id === 'postgresql');
    expect(postgres.connectMethod).toBe('credentials');
    expect(postgres.syncSelection).toEqual({ label: 'Tables to sync', optionsResource: 'schema', max: 100 });
    expect(postgres.credentialFields.find((f: { key: string }) => f.key === 'password')).toMatchObject({
      secret: true,
      type: 'password',
    });
  });

  it('should merge in this workspace’s connections only', async () => {
    const created = await connect({ host: 'db.merge', user: 'reader', password: 'let-me-in' }).expect(201);
    const mine = await world.call(world.people.memberA, 'get', '/api/integrations').expect(200);
    const testDb = mine.body.categories
      .flatMap((c: { integrations: { id: string }[] }) => c.integrations)
      .find((i: { id: string }) => i.id === 'test-db');
    expect(testDb.connections.map((c: { id: string }) => c.id)).toContain(created.body.id);
    const theirs = await world.call(world.people.ownerB, 'get', '/api/integrations').expect(200);
    expect(JSON.stringify(theirs.body)).not.toContain(created.body.id);
  });
});

describe('connecting a credentials-form provider', () => {
  it('should name every invalid field, refusing unknown ones, before trying to connect', async () => {
    const response = await connect({ host: 'x'.repeat(300), port: 'five', password: 'let-me-in', sneaky: true }).expect(
      400,
    );
    expect(response.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'credentials.sneaky', message: 'sneaky is not a field of this integration' },
        { field: 'credentials.host', message: 'Host must be at most 253 characters' },
        { field: 'credentials.port', message: 'Port must be a whole number' },
        { field: 'credentials.user', message: 'User is required' },
      ]),
    );
  });

  it('should refuse credentials the provider rejects with its message, and save nothing', async () => {
    const before = await world.db.getRepository(ConnectionEntity).count();
    const response = await connect({ host: 'db.fail', user: 'reader', password: 'wrong' }).expect(422);
    expect(response.body.detail).toBe('The database refused the connection.');
    expect(await world.db.getRepository(ConnectionEntity).count()).toBe(before);
    expect((await audit('connection.test_failed')).length).toBeGreaterThan(0);
  });

  it('should save an ACTIVE connection with sealed credentials, and answer metadata only', async () => {
    const response = await connect({ host: 'db.one', user: 'reader', password: 'let-me-in' }).expect(201);
    expect(response.body).toMatchObject({
      providerId: 'test-db',
      status: 'ACTIVE',
      externalAccountId: 'db.one/reader',
      account: { displayName: 'reader@db.one' },
      syncEnabled: true,
      syncFrequencyMinutes: 30,
      connectedBy: world.people.adminA.userId,
    });
    expect(JSON.stringify(response.body)).not.toContain('let-me-in');
    const row = await world.db
      .getRepository(ConnectionEntity)
      .createQueryBuilder('c')
      .addSelect('c.credentials')
      .where('c.id = :id', { id: response.body.id })
      .getOneOrFail();
    expect(row.credentials).toBeInstanceOf(Buffer);
    expect(row.credentials!.toString('latin1')).not.toContain('let-me-in');
    const [created] = (await audit('connection.created')).filter((e) => e.targetId === response.body.id);
    expect(created.details).toEqual({
      providerId: 'test-db',
      externalAccountId: 'db.one/reader',
      fields: ['host', 'password', 'port', 'user'],
    });
  });

  it('should update the same account’s connection instead of adding a second one', async () => {
    const first = await connect({ host: 'db.same', user: 'reader', password: 'let-me-in' }).expect(201);
    const again = await connect({ host: 'db.same', user: 'reader', password: 'let-me-in', port: 6543 }).expect(200);
    expect(again.body.id).toBe(first.body.id);
    expect(await world.db.getRepository(ConnectionEntity).countBy({ externalAccountId: 'db.same/reader' })).toBe(1);
  });

  it('should keep the stored password when an edit leaves it empty and changes nothing it is sent to (secrets are write-only)', async () => {
    const first = await connect({ host: 'db.edit', user: 'reader', password: 'let-me-in' }).expect(201);
    const edited = await connect(
      { host: 'db.edit', user: 'reader', password: '' },
      { connectionId: first.body.id },
    ).expect(200);
    expect(edited.body.id).toBe(first.body.id);
    // A new port is a new destination: the stored password is not sent there unless typed again.
    const moved = await connect(
      { host: 'db.edit', user: 'reader', port: 7000 },
      { connectionId: first.body.id },
    ).expect(400);
    expect(moved.body.errors).toEqual([{ field: 'credentials.password', message: expect.any(String) }]);
    await connect(
      { host: 'db.edit', user: 'reader', port: 7000, password: 'let-me-in' },
      { connectionId: first.body.id },
    ).expect(200);
    await connect({ host: 'db.edit', user: 'reader' }, { connectionId: '00000000-0000-4000-8000-000000000000' }).expect(
      404,
    );
  });

  it('should refuse coming-soon and unknown providers', async () => {
    const soon = await world
      .call(world.people.adminA, 'post', '/api/integrations/microsoft-calendar/credentials', { credentials: {} })
      .expect(409);
    expect(soon.body.detail).toMatch(/coming soon/);
    await world
      .call(world.people.adminA, 'post', '/api/integrations/slack/credentials', { credentials: {} })
      .expect(409);
    await world
      .call(world.people.adminA, 'post', '/api/integrations/nope/credentials', { credentials: {} })
      .expect(404);
  });
});

describe('a connection', () => {
  let id: string;
  beforeAll(async () => {
    id = (await connect({ host: 'db.settings', user: 'reader', password: 'let-me-in' }).expect(201)).body.id;
  });

  it('should change sync settings within bounds, audited with before and after', async () => {
    const response = await world
      .call(world.people.adminA, 'patch', `/api/connections/${id}`, { syncEnabled: false, syncFrequencyMinutes: 1440 })
      .expect(200);
    expect(response.body).toMatchObject({ syncEnabled: false, syncFrequencyMinutes: 1440 });
    await world.call(world.people.adminA, 'patch', `/api/connections/${id}`, { syncFrequencyMinutes: 1 }).expect(400);
    await world.call(world.people.adminA, 'patch', `/api/connections/${id}`, { status: 'ACTIVE' }).expect(400);
    const updated = (await audit('connection.updated')).filter((e) => e.targetId === id).at(-1)!;
    expect(updated.details).toMatchObject({
      before: { syncEnabled: true, syncFrequencyMinutes: 30 },
      after: { syncEnabled: false, syncFrequencyMinutes: 1440 },
    });
  });

  it('should disconnect by deleting the credentials and keeping the row DISCONNECTED', async () => {
    await world.call(world.people.adminA, 'delete', `/api/connections/${id}`).expect(204);
    const response = await world.call(world.people.memberA, 'get', `/api/connections/${id}`).expect(200);
    expect(response.body).toMatchObject({
      status: 'DISCONNECTED',
      statusReason: 'DISCONNECTED_BY_USER',
      hasRefreshToken: false,
    });
    const row = await world.db
      .getRepository(ConnectionEntity)
      .createQueryBuilder('c')
      .addSelect('c.credentials')
      .where('c.id = :id', { id })
      .getOneOrFail();
    expect(row.credentials).toBeNull();
    expect((await audit('connection.disconnected')).at(-1)).toMatchObject({
      targetId: id,
      details: { providerId: 'test-db', purged: false },
    });
  });

  it('should remove the connection entirely with purge=true, and refuse a bad purge value', async () => {
    await world.call(world.people.adminA, 'delete', `/api/connections/${id}?purge=maybe`).expect(400);
    await world.call(world.people.adminA, 'delete', `/api/connections/${id}?purge=true`).expect(204);
    await world.call(world.people.memberA, 'get', `/api/connections/${id}`).expect(404);
  });
});

describe('the audit log', () => {
  it('should refuse UPDATE, DELETE and TRUNCATE even to the role that owns the table', async () => {
    await expect(world.db.query(`UPDATE audit_events SET action = 'x'`)).rejects.toThrow(
      /permission denied|append-only/,
    );
    await expect(world.db.query(`DELETE FROM audit_events`)).rejects.toThrow(/permission denied|append-only/);
    await expect(world.db.query(`TRUNCATE audit_events`)).rejects.toThrow(/permission denied|append-only/);
  });

  it('should let workspace admins filter their own workspace’s events, newest first, page by page', async () => {
    const page = await world
      .call(world.people.adminA, 'get', '/api/audit-events?action=connection.&limit=2')
      .expect(200);
    expect(page.body.events).toHaveLength(2);
    expect(
      page.body.events.every(
        (e: { action: string; workspaceId: string }) =>
          e.action.startsWith('connection.') && e.workspaceId === world.workspaceA,
      ),
    ).toBe(true);
    expect(Number(page.body.events[0].id)).toBeGreaterThan(Number(page.body.events[1].id));
    const next = await world
      .call(world.people.adminA, 'get', `/api/audit-events?action=connection.&limit=2&before=${page.body.nextBefore}`)
      .expect(200);
    expect(Number(next.body.events[0].id)).toBeLessThan(Number(page.body.events[1].id));
    const b = await world.call(world.people.ownerB, 'get', '/api/audit-events?limit=200').expect(200);
    // Not vacuous: workspace B has events of its own, and none of A's is among them.
    expect(b.body.events.length).toBeGreaterThan(0);
    expect(new Set(b.body.events.map((e: { workspaceId: string }) => e.workspaceId))).toEqual(
      new Set([world.workspaceB]),
    );
    const seenByB = new Set(b.body.events.map((e: { id: string }) => e.id));
    expect([...page.body.events, ...next.body.events].filter((e: { id: string }) => seenByB.has(e.id))).toEqual([]);
    await world.call(world.people.memberA, 'get', '/api/audit-events').expect(403);
    await world.call(world.people.adminA, 'get', '/api/audit-events?outcome=maybe').expect(400);
  });
});

describe('provider OAuth app credentials', () => {
  it('should fall back to the environment, then prefer what an instance admin sets, never returning the secret', async () => {
    const admin = world.people.instanceAdmin;
    const listed = await world.call(admin, 'get', '/api/admin/provider-apps').expect(200);
    const slack = listed.body.find((a: { providerId: string }) => a.providerId === 'slack');
    expect(slack).toMatchObject({
      source: 'environment',
      clientId: 'env-slack-id',
      hasClientSecret: true,
      environmentVariables: ['OAUTH_SLACK_CLIENT_ID', 'OAUTH_SLACK_CLIENT_SECRET'],
    });
    expect(slack.redirectUri).toMatch(/\/api\/integrations\/slack\/callback$/);
    expect(listed.body.some((a: { providerId: string }) => a.providerId === 'postgresql')).toBe(false);

    const set = await world
      .call(admin, 'put', '/api/admin/provider-apps/github', { clientId: 'gh-id', clientSecret: 'gh-secret-value' })
      .expect(200);
    expect(set.body).toMatchObject({ source: 'database', clientId: 'gh-id', hasClientSecret: true });
    expect(JSON.stringify(set.body)).not.toContain('gh-secret-value');
    expect((await audit('provider_app.credentials_changed')).at(-1)).toMatchObject({
      targetId: 'github',
      details: { clientId: 'gh-id' },
    });
    const catalog = await world.call(world.people.memberA, 'get', '/api/integrations').expect(200);
    expect(JSON.stringify(catalog.body)).not.toContain('gh-secret-value');

    await world
      .call(admin, 'put', '/api/admin/provider-apps/postgresql', { clientId: 'x', clientSecret: 'y' })
      .expect(409);
    await world.call(admin, 'delete', '/api/admin/provider-apps/github').expect(204);
    await world.call(admin, 'delete', '/api/admin/provider-apps/github').expect(404);
    await world.call(world.people.ownerA, 'get', '/api/admin/provider-apps').expect(403);
  });
});
