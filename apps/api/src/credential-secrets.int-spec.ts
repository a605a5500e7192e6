import { randomUUID } from 'node:crypto';
import { AccountsService } from '@hub/server/auth';
import { SecretCipher } from '@hub/server/crypto';
import { AuditEventEntity, ConnectionEntity, MembershipEntity } from '@hub/server/database';
import { createTestWorld, type Persona, PASSWORD, type TestWorld } from './testing/test-world';

/**
 * The credentials form's secrets are write-only and go nowhere new (issue 15, findings 1 and 2): a
 * stored password is reused only while every field that says where it goes is unchanged, and every
 * connection attempt, tested or saved, counts against one limit per person and per workspace.
 */
let world: TestWorld;

beforeAll(async () => {
  world = await createTestWorld({ METRICS_PORT: '0' });
}, 60_000);
afterAll(async () => {
  await world?.close();
});

const stored = {
  host: '127.0.0.1',
  port: 5432,
  database: 'customer_db',
  user: 'reader',
  password: 'canary-stored-password',
  sslMode: 'disable',
};

/** A PostgreSQL connection of workspace A with `stored` sealed as its credentials. */
async function storedConnection(): Promise<string> {
  const id = randomUUID();
  const cipher = world.app.get(SecretCipher);
  await world.db.getRepository(ConnectionEntity).insert({
    id,
    workspaceId: world.workspaceA,
    providerId: 'postgresql',
    externalAccountId: `${id}@127.0.0.1`,
    status: 'ACTIVE',
    account: { displayName: 'customer_db on 127.0.0.1', details: {} },
    credentials: await cipher.seal(
      { table: 'connections', column: 'credentials', rowId: id, workspaceId: world.workspaceA },
      JSON.stringify(stored),
    ),
    connectedAt: new Date(),
    syncFrequencyMinutes: 60,
  });
  return id;
}

const attempt = (persona: Persona, route: 'credentials' | 'credentials/test', body: object) =>
  world.call(persona, 'post', `/api/integrations/postgresql/${route}`, body);

describe('a stored secret of a credentials form', () => {
  it.each([
    ['host', { host: '127.0.0.2' }],
    ['port', { port: 6543 }],
    ['database', { database: 'other_db' }],
    ['user', { user: 'postgres' }],
    ['sslMode', { sslMode: 'require' }],
    ['caCertificate', { caCertificate: '-----BEGIN CERTIFICATE-----' }],
  ])(
    'should not be reused when %s changes: both routes answer 400 asking for the password again, and audit the attempt',
    async (field, change) => {
      const connectionId = await storedConnection();
      const { password: _left, ...withoutPassword } = stored;
      for (const route of ['credentials/test', 'credentials'] as const) {
        const response = await attempt(world.people.adminA, route, {
          connectionId,
          credentials: { ...withoutPassword, ...change },
        }).expect(400);
        expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
        expect(response.body.errors).toEqual([
          { field: 'credentials.password', message: expect.stringContaining('Enter the password again') },
        ]);
        expect(JSON.stringify(response.body)).not.toContain(stored.password);
      }
      const audited = await world.db.getRepository(AuditEventEntity).findBy({
        action: 'security.secret_reuse_refused',
        targetId: connectionId,
      });
      expect(audited).toHaveLength(2);
      expect(audited[0]).toMatchObject({ outcome: 'denied', workspaceId: world.workspaceA });
      expect(audited[0].details).toEqual({ providerId: 'postgresql', reenter: ['password'], changed: [field] });
      expect(JSON.stringify(audited)).not.toContain(stored.password);
    },
  );

  it('should be reused when nothing it is sent to changes (the connection attempt is then made)', async () => {
    const connectionId = await storedConnection();
    const { password: _left, ...withoutPassword } = stored;
    // Nothing listens on customer_db here, so the attempt fails as a connection failure, not as a field error.
    const response = await attempt(world.people.adminA, 'credentials/test', {
      connectionId,
      credentials: withoutPassword,
    }).expect(200);
    expect(response.body.ok).toBe(false);
  });
});

describe('connection attempts', () => {
  // Private and not allow-listed: refused at once, without a packet sent, and counted all the same.
  const unreachable = { credentials: { ...stored, host: '10.255.255.1' } };

  it('should count saves and tests against one limit per person: the 11th attempt of a minute is 429 whichever route', async () => {
    for (let i = 0; i < 5; i++) await attempt(world.people.ownerA, 'credentials', unreachable).expect(422);
    for (let i = 0; i < 5; i++) await attempt(world.people.ownerA, 'credentials/test', unreachable).expect(200);
    for (const route of ['credentials', 'credentials/test'] as const) {
      const limited = await attempt(world.people.ownerA, route, unreachable).expect(429);
      expect(limited.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    }
  });

  it('should limit a whole workspace too, so more people do not add up to more attempts', async () => {
    // Workspace B has made no attempt yet: its owner and two more admins spend 10 each, the 30 it has.
    const accounts = world.app.get(AccountsService);
    const admins: Persona[] = [];
    for (const name of ['extraOne', 'extraTwo', 'extraThree']) {
      const email = `${name.toLowerCase()}@example.com`;
      const user = await accounts.createUser({ email, name, password: PASSWORD });
      await world.db
        .getRepository(MembershipEntity)
        .insert({ workspaceId: world.workspaceB, userId: user.id, role: 'admin' });
      admins.push({
        key: 'ownerB',
        email,
        password: PASSWORD,
        userId: user.id,
        ...(await world.signIn(email, PASSWORD)),
      });
    }
    for (const persona of [world.people.ownerB, admins[0], admins[1]])
      for (let i = 0; i < 10; i++) await attempt(persona, 'credentials/test', unreachable).expect(200);
    // Someone who has not tried anything yet is limited by the workspace's minute, on either route.
    await attempt(admins[2], 'credentials/test', unreachable).expect(429);
    await attempt(admins[2], 'credentials', unreachable).expect(429);
    // The other workspace is not: its limit is its own.
    await attempt(world.people.adminA, 'credentials/test', unreachable).expect(200);
  });
});
