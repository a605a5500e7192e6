import { createTestWorld, type TestWorld } from './testing/test-world';

/**
 * The admins' list of private networks database connections may reach (docs/security.md E4): default
 * deny, a change applies without a restart, every change is audited. Here the deployment allows only
 * a documentation network, so this machine's PostgreSQL (loopback) is refused until an admin adds it.
 */
let world: TestWorld;

beforeAll(async () => {
  world = await createTestWorld({ CONNECTOR_ALLOWED_NETWORKS: '192.0.2.0/24' });
}, 60_000);
afterAll(() => world?.close());

const testConnection = () =>
  world.call(world.people.adminA, 'post', '/api/integrations/postgresql/credentials/test', {
    credentials: {
      host: '127.0.0.1',
      port: 5432,
      database: 'postgres',
      user: 'hub',
      password: 'hub',
      sslMode: 'disable',
    },
  });
const networks = () => world.call(world.people.instanceAdmin, 'get', '/api/admin/connector-networks').expect(200);
const auditActions = async () =>
  (
    (await world.db.query(
      `SELECT action, target_id FROM audit_events WHERE action LIKE 'connector_network.%' ORDER BY occurred_at`,
    )) as { action: string; target_id: string }[]
  ).map((row) => `${row.action} ${row.target_id}`);

describe('/api/admin/connector-networks', () => {
  it('should refuse loopback until an instance admin allows it, then connect, and refuse again once removed', async () => {
    expect((await testConnection().expect(200)).body).toMatchObject({ ok: false });
    expect((await networks()).body).toEqual({ configured: ['192.0.2.0/24'], added: [] });

    const added = await world
      .call(world.people.instanceAdmin, 'post', '/api/admin/connector-networks', {
        cidr: '127.0.0.0/8',
        description: 'this machine',
      })
      .expect(201);
    expect(added.body.added).toEqual([
      { cidr: '127.0.0.0/8', description: 'this machine', createdAt: expect.any(String) },
    ]);
    expect((await testConnection().expect(200)).body).toMatchObject({ ok: true });

    await world.call(world.people.instanceAdmin, 'delete', '/api/admin/connector-networks/127.0.0.0%2F8').expect(204);
    expect((await testConnection().expect(200)).body).toMatchObject({ ok: false });
    expect(await auditActions()).toEqual([
      'connector_network.added 127.0.0.0/8',
      'connector_network.removed 127.0.0.0/8',
    ]);
  });

  it('should take one CIDR only, never /0, and not the same one twice', async () => {
    const add = (cidr: string) =>
      world.call(world.people.instanceAdmin, 'post', '/api/admin/connector-networks', { cidr });
    for (const cidr of [
      '10.0.0.0',
      '10.0.0.0/8,192.168.0.0/16',
      'db.example.com/24',
      '0.0.0.0/0',
      '::/0',
      '10.0.0.0/33',
    ]) {
      const response = await add(cidr).expect(422);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(response.body.errors).toEqual([{ field: 'cidr', message: expect.any(String) }]);
    }
    await add('10.20.0.0/16').expect(201);
    expect((await add('10.20.0.0/16').expect(409)).body.detail).toBe('10.20.0.0/16 is already allowed.');
    await world.call(world.people.instanceAdmin, 'delete', '/api/admin/connector-networks/10.21.0.0%2F16').expect(404);
    expect((await networks()).body.added.map((n: { cidr: string }) => n.cidr)).toEqual(['10.20.0.0/16']);
  });
});
