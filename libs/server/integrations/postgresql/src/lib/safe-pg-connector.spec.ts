import fc from 'fast-check';
import { createServer, type Server } from 'node:net';
import type { PeerCertificate } from 'node:tls';
import { HOST_PATTERN, NAME_PATTERN } from './connection-fields';
import { POSTGRESQL_MANIFEST } from './postgresql.manifest';
import {
  CONNECT_FAILED_MESSAGE,
  createPgClient,
  DatabaseConnectError,
  InvalidConnectionFieldsError,
  type PgClientConfig,
  type Resolver,
  SafePgConnector,
  type SafePgConnectorOptions,
} from './safe-pg-connector';

/** A TCP server that counts the connections it gets and hangs up on each. */
async function countingServer(host: string, port = 0): Promise<{ server: Server; port: number; count: () => number }> {
  let connections = 0;
  const server = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const address = server.address();
  return { server, port: typeof address === 'object' && address ? address.port : port, count: () => connections };
}

const NAMES: Record<string, string[]> = {
  'internal.example.com': ['10.0.0.5'],
  'metadata.example.com': ['169.254.169.254'],
  'v6-internal.example.com': ['fd00::5'],
  'mapped.example.com': ['::ffff:192.168.0.1'],
  'loopback.example.com': ['127.0.0.1'],
  'cgnat.example.com': ['100.64.1.1'],
  // One denied answer among public ones refuses the name: any of them could be the one used.
  'mixed.example.com': ['93.184.215.14', '10.0.0.1'],
};

function fakeResolver(): Resolver & { calls: string[] } {
  const calls: string[] = [];
  const resolve = async (host: string) => {
    calls.push(host);
    const answers = NAMES[host];
    if (!answers) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return answers.map((address) => ({ address }));
  };
  return Object.assign(resolve, { calls });
}

/** A connector whose clients are counted, with a fake resolver and no allowlist unless given. */
function connector(options: Partial<SafePgConnectorOptions> = {}) {
  const resolve = fakeResolver();
  const clients: PgClientConfig[] = [];
  const safe = new SafePgConnector({
    allowedNetworks: [],
    hubDatabase: null,
    resolve,
    logger: { debug: () => undefined, warn: () => undefined },
    createClient: (config) => {
      clients.push(config);
      return createPgClient(config);
    },
    ...options,
  });
  return { safe, clients, resolve };
}

const fields = (overrides: Record<string, unknown>) => ({
  host: 'db.example.com',
  port: 5432,
  database: 'analytics',
  user: 'reader',
  password: 'not-logged',
  sslMode: 'disable',
  ...overrides,
});

// docs/security.md E2: loopback, private, link-local, CGNAT, metadata, multicast, reserved, in every spelling.
const REFUSED_HOSTS = [
  '127.0.0.1',
  '127.1',
  '127.0.1',
  '0x7f000001',
  '0x7f.0.0.1',
  '2130706433',
  '0177.0.0.1',
  '[::ffff:127.0.0.1]',
  '::ffff:7f00:1',
  '[::1]',
  '::1',
  '0:0:0:0:0:0:0:1',
  '0.0.0.0',
  '[::]',
  '[fd00::1]',
  'fc00::1',
  '100.64.0.1',
  '169.254.169.254',
  '[::ffff:169.254.169.254]',
  '[fd00:ec2::254]',
  '10.0.0.1',
  '172.16.0.1',
  '172.31.255.255',
  '192.168.1.1',
  '64:ff9b::a00:1',
  '224.0.0.1',
  '255.255.255.255',
  'fe80::1',
  'ff02::1',
  '192.0.2.1',
  '198.18.0.1',
  '240.0.0.1',
  '2001:db8::1',
  'localhost',
  'LOCALHOST.',
  'x.localhost',
  'internal.example.com',
  'metadata.example.com',
  'v6-internal.example.com',
  'mapped.example.com',
  'loopback.example.com',
  'cgnat.example.com',
  'mixed.example.com',
];

describe('SafePgConnector', () => {
  let loopback: Awaited<ReturnType<typeof countingServer>>;

  beforeAll(async () => {
    loopback = await countingServer('127.0.0.1');
  });
  afterAll(() => new Promise((resolve) => loopback.server.close(resolve)));

  it.each(REFUSED_HOSTS)('should refuse %s with the generic message and no connection', async (host) => {
    const { safe, clients } = connector();
    const before = loopback.count();
    const error = await safe.open(fields({ host, port: loopback.port })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseConnectError);
    expect(error).toMatchObject({ message: CONNECT_FAILED_MESSAGE, reason: 'denied-address' });
    expect(clients).toHaveLength(0);
    expect(loopback.count()).toBe(before);
  });

  it('should resolve *.localhost itself, never asking DNS', async () => {
    const { safe, resolve } = connector();
    await expect(safe.open(fields({ host: 'db.localhost' }))).rejects.toThrow(CONNECT_FAILED_MESSAGE);
    expect(resolve.calls).toEqual([]);
  });

  it('should give a name that does not resolve the same message as a refused one', async () => {
    const { safe, clients } = connector();
    await expect(safe.open(fields({ host: 'nowhere.example.com' }))).rejects.toMatchObject({
      message: CONNECT_FAILED_MESSAGE,
      reason: 'dns',
    });
    expect(clients).toHaveLength(0);
  });

  // docs/security.md E1: what pg-connection-string would read as a socket path, options or a file.
  it.each([
    { host: '/var/run/postgresql' },
    { host: 'a?sslrootcert=/etc/passwd' },
    { host: 'postgres://u:p@db.example.com:5432/db' },
    { host: 'host=db.example.com' },
    { host: 'db.example.com/other' },
    { host: 'socket:/tmp/.s.PGSQL.5432' },
    { host: 'db.example.com ' },
    { host: 'user@db.example.com' },
    { host: 'fe80::1%eth0' },
    { host: '' },
    { database: 'x?options=-c default_transaction_read_only=off' },
    { database: 'x=y' },
    { database: 'a b' },
    { database: '/etc/passwd' },
    { user: 'a@b' },
    { user: 'reader options=-csearch_path=evil' },
    { port: '5432' },
    { port: 0 },
    { sslMode: 'prefer' },
  ])('should refuse the fields %j before any DNS or network call', async (bad) => {
    const { safe, clients, resolve } = connector();
    await expect(safe.open(fields(bad))).rejects.toBeInstanceOf(InvalidConnectionFieldsError);
    expect(resolve.calls).toEqual([]);
    expect(clients).toHaveLength(0);
  });

  it('should check the same patterns as the form the person fills in', () => {
    const field = (key: string) =>
      POSTGRESQL_MANIFEST.auth.kind === 'credentials' &&
      POSTGRESQL_MANIFEST.auth.fields.find((f) => f.key === key)?.pattern;
    expect([field('host'), field('database'), field('user')]).toEqual([HOST_PATTERN, NAME_PATTERN, NAME_PATTERN]);
  });

  it('should connect to the address it validated even when DNS answers differently the next time (rebinding)', async () => {
    const allowed = await countingServer('127.0.0.2');
    const other = await countingServer('127.0.0.1', allowed.port).catch(() => null);
    try {
      const answers = ['127.0.0.2', '127.0.0.1'];
      const resolve: Resolver = jest.fn(async () => [{ address: answers.shift() ?? '127.0.0.1' }]);
      const { safe, clients } = connector({ resolve, allowedNetworks: ['127.0.0.2/32'] });
      await expect(safe.open(fields({ host: 'rebind.example.com', port: allowed.port }))).rejects.toMatchObject({
        reason: 'unreachable',
      });
      expect(resolve).toHaveBeenCalledTimes(1);
      expect(clients.map((c) => c.host)).toEqual(['127.0.0.2']);
      expect(allowed.count()).toBe(1);
      // The second answer (loopback) is refused before any client exists.
      await expect(safe.open(fields({ host: 'rebind.example.com', port: allowed.port }))).rejects.toMatchObject({
        reason: 'denied-address',
      });
      expect(clients).toHaveLength(1);
      expect(other?.count() ?? 0).toBe(0);
    } finally {
      await new Promise((r) => allowed.server.close(r));
      if (other) await new Promise((r) => other.server.close(r));
    }
  });

  it('should connect to loopback when the allowlist holds it', async () => {
    const { safe, clients } = connector({ allowedNetworks: ['127.0.0.0/8', '::1/128'] });
    const before = loopback.count();
    await expect(safe.open(fields({ host: 'localhost', port: loopback.port }))).rejects.toMatchObject({
      reason: 'unreachable',
    });
    expect(clients.map((c) => c.host)).toEqual(['127.0.0.1']);
    expect(loopback.count()).toBe(before + 1);
  });

  it('should open a read-only session with timeouts and TLS checked against the host name (verify-full)', async () => {
    const { safe, clients } = connector({
      allowedNetworks: ['127.0.0.0/8'],
      resolve: async () => [{ address: '127.0.0.1' }],
      connectTimeoutMs: 300,
    });
    await safe.open(fields({ sslMode: 'verify-full', port: loopback.port })).catch(() => undefined);
    const [config] = clients;
    expect(config).toMatchObject({
      host: '127.0.0.1',
      connectionTimeoutMillis: 300,
      statement_timeout: 30_000,
      options: expect.stringContaining('default_transaction_read_only=on'),
      ssl: { servername: 'db.example.com', rejectUnauthorized: true },
    });
    const ssl = config.ssl as { checkServerIdentity: (host: string, cert: PeerCertificate) => Error | undefined };
    const certificate = (name: string) => ({ subject: { CN: name }, subjectaltname: `DNS:${name}` }) as PeerCertificate;
    expect(ssl.checkServerIdentity('127.0.0.1', certificate('db.example.com'))).toBeUndefined();
    expect(ssl.checkServerIdentity('127.0.0.1', certificate('evil.example.com'))).toMatchObject({
      code: 'ERR_TLS_CERT_ALTNAME_INVALID',
    });
  });

  it.each([
    ['verify-ca', { rejectUnauthorized: true }],
    ['require', { rejectUnauthorized: false }],
    ['disable', false],
  ])('should map sslMode %s to the TLS settings libpq documents', async (sslMode, ssl) => {
    const { safe, clients } = connector({
      allowedNetworks: ['127.0.0.0/8'],
      resolve: async () => [{ address: '127.0.0.1' }],
    });
    await safe.open(fields({ sslMode, port: loopback.port })).catch(() => undefined);
    expect(clients[0].ssl).toEqual(ssl === false ? false : expect.objectContaining(ssl));
  });

  it('should refuse every spelling of a private IPv4 address (property)', async () => {
    const privateV4 = fc.oneof(
      fc.tuple(fc.constant(10), fc.nat(255), fc.nat(255), fc.nat(255)),
      fc.tuple(fc.constant(127), fc.nat(255), fc.nat(255), fc.nat(255)),
      fc.tuple(fc.constant(172), fc.integer({ min: 16, max: 31 }), fc.nat(255), fc.nat(255)),
      fc.tuple(fc.constant(192), fc.constant(168), fc.nat(255), fc.nat(255)),
      fc.tuple(fc.constant(169), fc.constant(254), fc.nat(255), fc.nat(255)),
      fc.tuple(fc.constant(100), fc.integer({ min: 64, max: 127 }), fc.nat(255), fc.nat(255)),
    );
    const { safe, clients } = connector();
    await fc.assert(
      fc.asyncProperty(privateV4, fc.nat(3), async (octets, spelling) => {
        const value = octets.reduce((n, o) => n * 256 + o, 0);
        const host = [octets.join('.'), String(value), `0x${value.toString(16)}`, `[::ffff:${octets.join('.')}]`][
          spelling
        ];
        await expect(safe.open(fields({ host }))).rejects.toMatchObject({ reason: 'denied-address' });
      }),
      { numRuns: 300 },
    );
    expect(clients).toHaveLength(0);
  });
});
