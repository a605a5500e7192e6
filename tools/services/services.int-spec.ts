/**
 * Black-box tests of tools/services/cli.mjs: every case spawns `node cli.mjs ...` with its own
 * temporary project root (HUB_PROJECT_ROOT) and URLs on free loopback ports (from 55432 / 56379 up).
 * Nothing here sends traffic anywhere but 127.0.0.1 (db.invalid never resolves).
 *
 * Needs PostgreSQL (initdb, pg_ctl) and redis-server installed; the case that uses the machine's
 * own PostgreSQL/Redis on 5432/6379 checks that they answer and says so when they do not.
 */
import { spawn, spawnSync, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

// Untyped on purpose (no @types/pg here): the little we use is typed below.
const pg = require('pg') as { Client: new (config: object) => PgClient };
const Redis = require('ioredis') as new (config: object) => RedisClient;

interface PgClient {
  connect(): Promise<void>;
  query(sql: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  end(): Promise<void>;
  on(event: 'error', fn: (e: Error) => void): void;
}
interface RedisClient {
  connect(): Promise<void>;
  call(command: string, ...args: string[]): Promise<unknown>;
  disconnect(): void;
  on(event: 'error', fn: (e: Error) => void): void;
}
interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}
interface UpResult {
  databaseUrl: string;
  testDatabaseUrl: string;
  redisUrl: string;
  testRedisUrl: string;
  started: string[];
}
interface StateEntry {
  kind: string;
  pid: number;
  port: number;
  dataDir: string;
  runAs?: string | null;
  binDir?: string;
}

jest.setTimeout(60_000);

const CLI = path.join(__dirname, 'cli.mjs');
const PASSWORD = 'S3cret-pw_xyz';
const ROLE = `hub_it_${process.pid}`;

// ------------------------------------------------------------------------------------------------
// helpers
// ------------------------------------------------------------------------------------------------

/** Runs the CLI as a child process with only the given URL variables set; bounded in time. */
function cli(args: string[], env: Record<string, string>, timeoutMs = 50_000): Promise<RunResult> {
  return runNode([CLI, ...args], env, timeoutMs);
}

/** Runs a snippet of ESM with the library imported as `lib` (for options only the API has). */
function libSnippet(code: string, env: Record<string, string>): Promise<RunResult> {
  const lib = JSON.stringify(path.join(__dirname, 'services.mjs'));
  return runNode(['--input-type=module', '-e', `import * as lib from ${lib};\n${code}`], env);
}

function runNode(args: string[], env: Record<string, string>, timeoutMs = 50_000): Promise<RunResult> {
  const childEnv: Record<string, string | undefined> = { ...process.env };
  delete childEnv.DATABASE_URL;
  delete childEnv.REDIS_URL;
  delete childEnv.HUB_PROJECT_ROOT;
  Object.assign(childEnv, { HUB_SERVICES_NO_INSTALL: '1', HUB_SERVICES_NO_DOCKER: '1' }, env);
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child: ChildProcess = spawn(process.execPath, args, {
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d) => (stdout += d));
    child.stderr?.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - t0 });
    });
  });
}

function parseJsonLine<T>(stdout: string): T {
  const lines = stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0]) as T;
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    const done = (v: boolean) => {
      s.destroy();
      resolve(v);
    };
    s.setTimeout(1000, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

async function freePort(from: number, avoid: number[] = []): Promise<number> {
  for (let p = from; p < from + 200; p++) {
    if (avoid.includes(p)) continue;
    const free = await new Promise<boolean>((resolve) => {
      const srv = net.createServer();
      srv.once('error', () => resolve(false));
      srv.listen(p, '127.0.0.1', () => srv.close(() => resolve(true)));
    });
    if (free && !(await portAnswers(p))) return p;
  }
  throw new Error(`no free port from ${from}`);
}

async function pgQuery(url: string, sql: string): Promise<Record<string, unknown>[]> {
  const c = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: 5000,
  });
  c.on('error', () => undefined);
  await c.connect();
  try {
    return (await c.query(sql)).rows;
  } finally {
    await c.end();
  }
}

async function pgLoginError(url: string): Promise<string | null> {
  try {
    await pgQuery(url, 'SELECT 1');
    return null;
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  }
}

async function redisCall(port: number, db: number, command: string, ...args: string[]): Promise<unknown> {
  const r = new Redis({
    host: '127.0.0.1',
    port,
    db,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  r.on('error', () => undefined);
  try {
    await r.connect();
    return await r.call(command, ...args);
  } finally {
    r.disconnect();
  }
}

/** A zombie (exited, not yet reaped by init) counts as gone. */
function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as { code?: string }).code !== 'EPERM') return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return process.platform !== 'linux';
  }
}

function readState(root: string): Record<string, StateEntry> {
  const f = path.join(root, '.data', 'services.json');
  return fs.existsSync(f) ? (JSON.parse(fs.readFileSync(f, 'utf8')) as Record<string, StateEntry>) : {};
}

function makeRoot(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `hub-services-${name}-`));
  // When root, PostgreSQL runs as the postgres OS user, who must be able to reach <root>/.data.
  fs.chmodSync(dir, 0o755);
  return dir;
}

/** Safety net: stop whatever a root's services.json still records, even if `down` is broken. */
function forceStop(root: string): void {
  for (const [name, e] of Object.entries(readState(root))) {
    if (name === 'postgres' && e.kind === 'local' && e.binDir) {
      const args = [path.join(e.binDir, 'pg_ctl'), '-D', e.dataDir, '-m', 'immediate', 'stop'];
      if (e.runAs)
        spawnSync('runuser', ['-u', e.runAs, '--', ...args], {
          stdio: 'ignore',
          timeout: 20_000,
        });
      else spawnSync(args[0], args.slice(1), { stdio: 'ignore', timeout: 20_000 });
    } else if (name === 'redis' && e.kind === 'local' && pidAlive(e.pid)) {
      process.kill(e.pid, 'SIGKILL');
    }
  }
}

// ------------------------------------------------------------------------------------------------
// the tests
// ------------------------------------------------------------------------------------------------

describe('tools/services cli.mjs (black box)', () => {
  const roots: string[] = [];
  const machineRoles: string[] = [];
  let foreignRedis: ChildProcess | null = null;
  let pgPort = 0;
  let redisPort = 0;
  let rootA = '';
  let envA: Record<string, string> = {};
  const urlA = () => `postgres://${ROLE}:${PASSWORD}@127.0.0.1:${pgPort}/${ROLE}`;

  beforeAll(async () => {
    pgPort = await freePort(55432);
    redisPort = await freePort(56379, [pgPort]);
    rootA = makeRoot('a');
    roots.push(rootA);
    envA = {
      HUB_PROJECT_ROOT: rootA,
      DATABASE_URL: urlA(),
      REDIS_URL: `redis://127.0.0.1:${redisPort}/0`,
    };
  });

  afterAll(async () => {
    for (const root of roots) {
      await cli(['down'], { HUB_PROJECT_ROOT: root }, 40_000);
      forceStop(root);
    }
    if (foreignRedis?.pid && pidAlive(foreignRedis.pid)) foreignRedis.kill('SIGKILL');
    for (const role of machineRoles) {
      try {
        const su = 'postgres://postgres@127.0.0.1:5432/postgres';
        await pgQuery(su, `DROP DATABASE IF EXISTS "${role}"`);
        await pgQuery(su, `DROP DATABASE IF EXISTS "${role}_test"`);
        await pgQuery(su, `DROP ROLE IF EXISTS "${role}"`);
      } catch (e) {
        console.warn(`could not drop ${role} from the machine's PostgreSQL: ${String(e)}`);
      }
    }
    for (const root of roots) fs.rmSync(root, { recursive: true, force: true });
  });

  test('should start both (1: nothing answers) from local binaries, creating role and both databases, Redis noeviction from local binaries, creates role and both databases, Redis noeviction', async () => {
    expect(await portAnswers(pgPort)).toBe(false);
    expect(await portAnswers(redisPort)).toBe(false);

    const r = await cli(['up', '--json'], envA);
    expect(r.stderr).not.toContain(PASSWORD);
    expect(r.code).toBe(0);
    const res = parseJsonLine<UpResult>(r.stdout);
    expect([...res.started].sort()).toEqual(['postgres', 'redis']);
    expect(res.databaseUrl).toBe(urlA());
    expect(res.testDatabaseUrl).toBe(`postgres://${ROLE}:${PASSWORD}@127.0.0.1:${pgPort}/${ROLE}_test`);
    expect(res.redisUrl).toBe(`redis://127.0.0.1:${redisPort}/0`);
    expect(res.testRedisUrl).toBe(`redis://127.0.0.1:${redisPort}/1`);
    expect(r.stderr).toMatch(
      new RegExp(`PostgreSQL: started from \\S+ on 127\\.0\\.0\\.1:${pgPort}, data in \\.data/postgres`),
    );
    expect(r.stderr).toMatch(new RegExp(`Redis: started .* on 127\\.0\\.0\\.1:${redisPort}, data in \\.data/redis`));

    // The role logs in with the URL's password, to both databases; a wrong password is refused.
    const [who] = await pgQuery(res.databaseUrl, 'SELECT current_user AS u, current_database() AS d');
    expect(who).toEqual({ u: ROLE, d: ROLE });
    const [whoTest] = await pgQuery(res.testDatabaseUrl, 'SELECT current_user AS u, current_database() AS d');
    expect(whoTest).toEqual({ u: ROLE, d: `${ROLE}_test` });
    expect(await pgLoginError(res.databaseUrl.replace(PASSWORD, 'wrong-password'))).toBe('28P01');
    const [listen] = await pgQuery(res.databaseUrl, 'SHOW listen_addresses');
    expect(listen.listen_addresses).toBe('127.0.0.1');
    await pgQuery(res.databaseUrl, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')");

    expect(await redisCall(redisPort, 0, 'PING')).toBe('PONG');
    expect(await redisCall(redisPort, 0, 'CONFIG', 'GET', 'maxmemory-policy')).toEqual([
      'maxmemory-policy',
      'noeviction',
    ]);
    expect(await redisCall(redisPort, 0, 'CONFIG', 'GET', 'appendonly')).toEqual(['appendonly', 'yes']);
    expect(await redisCall(redisPort, 0, 'CONFIG', 'GET', 'bind')).toEqual(['bind', '127.0.0.1']);
    expect(await redisCall(redisPort, 0, 'SET', 'kept', 'still here')).toBe('OK');

    const state = readState(rootA);
    expect(state.postgres).toMatchObject({
      kind: 'local',
      port: pgPort,
      dataDir: path.join(rootA, '.data', 'postgres'),
    });
    expect(state.redis).toMatchObject({
      kind: 'local',
      port: redisPort,
      dataDir: path.join(rootA, '.data', 'redis'),
    });
    expect(pidAlive(state.postgres.pid)).toBe(true);
    expect(pidAlive(state.redis.pid)).toBe(true);
  });

  test('should start nothing on a second up (2: idempotent), the same processes', async () => {
    const before = readState(rootA);
    const r = await cli(['up', '--json'], envA);
    expect(r.code).toBe(0);
    expect(parseJsonLine<UpResult>(r.stdout).started).toEqual([]);
    expect(r.stderr).toContain(
      `PostgreSQL: using postgres://${ROLE}:***@127.0.0.1:${pgPort}/${ROLE} (started earlier by this script`,
    );
    expect(r.stderr).toContain(`Redis: using redis://127.0.0.1:${redisPort}/0 (started earlier by this script`);
    expect(r.stderr).not.toContain(PASSWORD);
    expect(readState(rootA)).toEqual(before);

    const s = await cli(['status', '--json'], envA);
    expect(s.code).toBe(0);
    const status = parseJsonLine<{
      postgres: { answering: boolean; url: string };
      redis: { answering: boolean };
    }>(s.stdout);
    expect(status.postgres.answering && status.redis.answering).toBe(true);
    expect(status.postgres.url).not.toContain(PASSWORD);

    // stopServices({ only: [] }), what a run that started nothing passes, stops nothing.
    const none = await libSnippet(
      `console.log(JSON.stringify(await lib.stopServices({ projectRoot: ${JSON.stringify(rootA)}, only: [] })));`,
      envA,
    );
    expect(none.code).toBe(0);
    expect(parseJsonLine<string[]>(none.stdout)).toEqual([]);
    expect(await portAnswers(pgPort)).toBe(true);
    expect(await portAnswers(redisPort)).toBe(true);
  });

  test('should stop only Redis on down --only redis (3a); the next up restarts it with its data', async () => {
    const d = await cli(['down', '--only', 'redis'], envA);
    expect(d.code).toBe(0);
    expect(await portAnswers(redisPort)).toBe(false);
    expect(await portAnswers(pgPort)).toBe(true);

    const r = await cli(['up', '--json'], envA);
    expect(r.code).toBe(0);
    expect(parseJsonLine<UpResult>(r.stdout).started).toEqual(['redis']);
    expect(r.stderr).toContain('kept from an earlier run');
    expect(await redisCall(redisPort, 0, 'GET', 'kept')).toBe('still here');
  });

  test('should find and use a server someone else started, and never stop it (3b)', async () => {
    // rootA's servers are foreign to rootB: same URLs, but rootB's .data records nothing.
    const rootB = makeRoot('b');
    roots.push(rootB);
    const pidsA = readState(rootA);
    const envB = { ...envA, HUB_PROJECT_ROOT: rootB };
    const r = await cli(['up', '--json'], envB);
    expect(r.code).toBe(0);
    expect(parseJsonLine<UpResult>(r.stdout).started).toEqual([]);
    expect(r.stderr).toContain('(found running)');

    const d = await cli(['down', '--json'], envB);
    expect(d.code).toBe(0);
    expect(parseJsonLine<{ stopped: string[] }>(d.stdout).stopped).toEqual([]);
    expect(d.stderr).toContain('PostgreSQL: nothing to stop');
    expect(await portAnswers(pgPort)).toBe(true);
    expect(await portAnswers(redisPort)).toBe(true);
    expect(pidAlive(pidsA.postgres.pid) && pidAlive(pidsA.redis.pid)).toBe(true);
  });

  test('should stop exactly what it started on down (3c); the next up reuses the data folders', async () => {
    const before = readState(rootA);
    const d = await cli(['down', '--json'], envA);
    expect(d.code).toBe(0);
    expect([...parseJsonLine<{ stopped: string[] }>(d.stdout).stopped].sort()).toEqual(['postgres', 'redis']);
    expect(await portAnswers(pgPort)).toBe(false);
    expect(await portAnswers(redisPort)).toBe(false);
    expect(pidAlive(before.postgres.pid)).toBe(false);
    expect(pidAlive(before.redis.pid)).toBe(false);
    expect(readState(rootA)).toEqual({});

    const r = await cli(['up', '--json'], envA);
    expect(r.code).toBe(0);
    expect([...parseJsonLine<UpResult>(r.stdout).started].sort()).toEqual(['postgres', 'redis']);
    expect(r.stderr).not.toContain('initdb');
    expect(r.stderr).toMatch(/PostgreSQL: started .*\(kept from an earlier run\)/);
    expect(await pgQuery(urlA(), 'SELECT v FROM kept')).toEqual([{ v: 'still here' }]);

    const d2 = await cli(['down'], envA);
    expect(d2.code).toBe(0);
    expect(await portAnswers(pgPort)).toBe(false);
    expect(await portAnswers(redisPort)).toBe(false);
  });

  test("should find, set up and never stop the machine's own PostgreSQL (5432) and Redis (6379) (3d)", async () => {
    if (!(await portAnswers(5432)) || !(await portAnswers(6379))) {
      console.warn('(3d) skipped: nothing answers on 127.0.0.1:5432 and 127.0.0.1:6379 on this machine');
      return;
    }
    const rootC = makeRoot('c');
    roots.push(rootC);
    const role = `${ROLE}_found`;
    machineRoles.push(role);
    const url = `postgres://${role}:${PASSWORD}@127.0.0.1:5432/${role}`;
    const redisPid = /process_id:(\d+)/.exec(String(await redisCall(6379, 0, 'INFO', 'server')))?.[1];
    // A Redis this script did not start either, next to the machine's PostgreSQL: still nothing to stop.
    const envC = {
      HUB_PROJECT_ROOT: rootC,
      DATABASE_URL: url,
      REDIS_URL: 'redis://127.0.0.1:6379/0',
    };

    const r = await cli(['up', '--json'], envC);
    expect(r.stderr).not.toContain(PASSWORD);
    expect(r.code).toBe(0);
    expect(parseJsonLine<UpResult>(r.stdout).started).toEqual([]);
    expect(r.stderr).toContain(
      `PostgreSQL: created role ${role} and databases ${role}, ${role}_test on 127.0.0.1:5432`,
    );
    expect(r.stderr).toContain(`PostgreSQL: using postgres://${role}:***@127.0.0.1:5432/${role} (found running)`);
    expect(r.stderr).toContain('Redis: using redis://127.0.0.1:6379/0 (found running)');
    expect(await pgQuery(url.replace(new RegExp(`/${role}$`), `/${role}_test`), 'SELECT current_user AS u')).toEqual([
      { u: role },
    ]);

    const d = await cli(['down', '--json'], envC);
    expect(d.code).toBe(0);
    expect(parseJsonLine<{ stopped: string[] }>(d.stdout).stopped).toEqual([]);
    expect(await pgLoginError('postgres://postgres@127.0.0.1:5432/postgres')).toBeNull();
    expect(String(await redisCall(6379, 0, 'INFO', 'server'))).toContain(`process_id:${redisPid}`);
  });

  test('should stop only the service it started when the other one was already running (3e)', async () => {
    // A Redis started by this test, not by the script: the script must use it and leave it running.
    const foreignPort = await freePort(redisPort + 1, [pgPort]);
    foreignRedis = spawn(
      'redis-server',
      ['--bind', '127.0.0.1', '--port', String(foreignPort), '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    );
    for (let i = 0; i < 50 && !(await portAnswers(foreignPort)); i++) await new Promise((res) => setTimeout(res, 100));
    expect(await portAnswers(foreignPort)).toBe(true);

    const envE = { ...envA, REDIS_URL: `redis://127.0.0.1:${foreignPort}/0` };
    const r = await cli(['up', '--json'], envE);
    expect(r.code).toBe(0);
    expect(parseJsonLine<UpResult>(r.stdout).started).toEqual(['postgres']);
    expect(r.stderr).toContain(`Redis: using redis://127.0.0.1:${foreignPort}/0 (found running)`);

    const d = await cli(['down', '--json'], envE);
    expect(d.code).toBe(0);
    expect(parseJsonLine<{ stopped: string[] }>(d.stdout).stopped).toEqual(['postgres']);
    expect(await portAnswers(pgPort)).toBe(false);
    expect(await portAnswers(foreignPort)).toBe(true);
    foreignRedis.kill('SIGTERM');
  });

  test('should fail at once on a remote URL that does not answer, naming it with the password masked (4)', async () => {
    const rootD = makeRoot('d');
    roots.push(rootD);
    const r = await cli(['up', '--json'], {
      HUB_PROJECT_ROOT: rootD,
      DATABASE_URL: `postgres://hub:${PASSWORD}@db.invalid:5432/hub`,
      REDIS_URL: `redis://:${PASSWORD}@cache.invalid:6379/0`,
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toContain(PASSWORD);
    expect(r.stderr).toContain('PostgreSQL at postgres://hub:***@db.invalid:5432/hub does not answer');
    expect(r.stderr).toContain('set DATABASE_URL to a server that answers');
    expect(r.stderr).toContain('Redis at redis://:***@cache.invalid:6379/0 does not answer');
    expect(r.stderr).toContain('set REDIS_URL to a server that answers');
    expect(r.ms).toBeLessThan(20_000);
    expect(readState(rootD)).toEqual({});

    // Remote PostgreSQL down, local Redis down: nothing is started for either.
    const r2 = await cli(['up'], {
      HUB_PROJECT_ROOT: rootD,
      DATABASE_URL: `postgres://hub:${PASSWORD}@db.invalid:5432/hub`,
      REDIS_URL: `redis://127.0.0.1:${redisPort}/0`,
    });
    expect(r2.code).toBe(1);
    expect(await portAnswers(redisPort)).toBe(false);
    expect(readState(rootD)).toEqual({});
  });

  test('should fail on a malformed URL with a clear message and no password (5)', async () => {
    const rootE = makeRoot('e');
    roots.push(rootE);
    const r = await cli(['up'], {
      HUB_PROJECT_ROOT: rootE,
      DATABASE_URL: `mysql://hub:${PASSWORD}@127.0.0.1/hub`,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('DATABASE_URL must start with postgres://');
    expect(r.stderr).not.toContain(PASSWORD);
    const u = await cli(['frobnicate'], { HUB_PROJECT_ROOT: rootE });
    expect(u.code).toBe(1);
    expect(u.stderr).toContain('Unknown command');
  });
});
