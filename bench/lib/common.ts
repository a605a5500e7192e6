// Shared parts of the benchmarks: scratch databases, child processes with their logs in files, the
// sandbox, seeding sealed connections, machine facts and the result table. Run through bench/run.mjs.
import 'reflect-metadata';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { type ConnectionOptions, Queue } from 'bullmq';
import Redis from 'ioredis';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { loadConfig, TEST_ENCRYPTION_KEYS } from '@hub/server/config';
import { credentialsRef } from '@hub/server/connections';
import { SecretCipher } from '@hub/server/crypto';
import { ConnectionEntity, dataSourceOptions, runMigrations, WorkspaceEntity } from '@hub/server/database';
import { redisOptions } from '@hub/server/redis';
import { builtApp, waitForOk } from '@hub/server/testing';

export const PG_ADMIN_URL = process.env['BENCH_PG_ADMIN_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PG_APP_BASE = process.env['BENCH_PG_APP_URL'] ?? 'postgres://hub:hub@127.0.0.1:5432';
// Database 5 and a prefix of our own: tests running at the same time use database 1 and `hub-test-*`.
export const REDIS_URL = process.env['BENCH_REDIS_URL'] ?? 'redis://127.0.0.1:6379/5';
export const REDIS_PREFIX = `hub-bench-${process.pid}`;
export const ENCRYPTION_KEYS = TEST_ENCRYPTION_KEYS;
export const LOG_DIR = join(tmpdir(), `hub-bench-${process.pid}`);
mkdirSync(LOG_DIR, { recursive: true });

/** Everything to undo at the end (or on Ctrl+C), newest first. */
const cleanups: (() => Promise<unknown>)[] = [];
export const onCleanup = (fn: () => Promise<unknown>) => cleanups.unshift(fn);
export async function cleanup(): Promise<void> {
  while (cleanups.length) await cleanups.shift()!().catch((e: Error) => console.error(`cleanup: ${e.message}`));
  // The processes' logs (and CPU profiles) are kept only when asked for.
  if (process.env['BENCH_KEEP_LOGS']) console.log(`Logs kept in ${LOG_DIR}`);
  else rmSync(LOG_DIR, { recursive: true, force: true });
}

/** Runs a benchmark's main, always cleaning up; exits 1 on an error (never on a missed target). */
export function runBench(main: () => Promise<void>): void {
  const interrupted = () => void cleanup().finally(() => process.exit(130));
  process.once('SIGINT', interrupted).once('SIGTERM', interrupted);
  main()
    .then(cleanup, async (error: Error) => {
      console.error(`\nERROR: ${error.stack ?? error}`);
      await cleanup();
      process.exitCode = 1;
    })
    .finally(() => setTimeout(() => process.exit(), 200).unref());
}

// ---------------------------------------------------------------------------------------------------
// PostgreSQL

/** A database of our own (`CREATE DATABASE … OWNER hub` as postgres), migrated, dropped at cleanup. */
export async function scratchDatabase(name: string): Promise<{ url: string; name: string }> {
  const db = `bench_${name}_${process.pid}`;
  await adminQuery(`CREATE DATABASE ${db} OWNER hub`);
  onCleanup(() => adminQuery(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`));
  const url = `${PG_APP_BASE}/${db}`;
  await runMigrations(url);
  return { url, name: db };
}

async function adminQuery(sql: string): Promise<void> {
  const client = new Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** WAL bytes written by the whole server since `from` (pg_current_wal_lsn), or the current LSN to start from. */
export async function walLsn(ds: DataSource): Promise<string> {
  return ((await ds.query('SELECT pg_current_wal_lsn()::text AS lsn')) as { lsn: string }[])[0].lsn;
}
export async function walMegabytesSince(ds: DataSource, from: string): Promise<number> {
  const [{ bytes }] = (await ds.query('SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), $1)::float8 AS bytes', [from])) as {
    bytes: number;
  }[];
  return bytes / 2 ** 20;
}

/** Has the server log the plan (with timings) of every statement of `database` slower than `ms` (auto_explain). */
export async function explainSlowStatements(database: string, ms: number): Promise<void> {
  const client = new Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  await client.query(`ALTER DATABASE ${database} SET session_preload_libraries = 'auto_explain'`);
  await client.query(`ALTER DATABASE ${database} SET auto_explain.log_min_duration = ${ms}`);
  await client.query(`ALTER DATABASE ${database} SET auto_explain.log_analyze = on`);
  await client.query(`ALTER DATABASE ${database} SET auto_explain.log_nested_statements = on`);
  await client.end();
  console.log(`auto_explain: plans of statements over ${ms} ms go to the PostgreSQL server log`);
}

export async function openDataSource(url: string, poolSize = 10): Promise<DataSource> {
  const ds = new DataSource({ ...dataSourceOptions(url, { poolSize }), logging: ['error'] });
  await ds.initialize();
  onCleanup(() => ds.destroy());
  return ds;
}

/** The hub's own configuration for the scratch database, as the apps will see it. */
export function hubConfig(databaseUrl: string, env: Record<string, string> = {}) {
  return loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    REDIS_PREFIX,
    ENCRYPTION_KEYS,
    ...env,
  });
}

export async function createWorkspace(ds: DataSource, name: string): Promise<string> {
  return (await ds.getRepository(WorkspaceEntity).save({ name })).id;
}

export interface SeedConnection {
  readonly workspaceId: string;
  readonly accessToken: string;
  readonly refreshToken: string;
  /** Distinct per connection in a workspace: (workspace, provider, account) is unique. */
  readonly externalAccountId: string;
  readonly tokenExpiresAt: Date;
}

/**
 * Dub connections as the OAuth callback saves them (connections.repository saveConnected): ACTIVE,
 * tokens sealed with SecretCipher for their row as OAuthTokens JSON. Sealing goes through the real
 * cipher, so the data keys are the ones the apps will open.
 */
export async function seedDubConnections(ds: DataSource, databaseUrl: string, rows: SeedConnection[]) {
  const cipher = new SecretCipher(ds, hubConfig(databaseUrl));
  const ids: string[] = [];
  const obtainedAt = new Date();
  for (let i = 0; i < rows.length; i += 500) {
    const batch = rows.slice(i, i + 500);
    const entities = await Promise.all(
      batch.map(async (row) => {
        const id = randomUUID();
        const tokens = {
          accessToken: row.accessToken,
          refreshToken: row.refreshToken,
          obtainedAt: obtainedAt.toISOString(),
        };
        const credentials = await cipher.seal(
          credentialsRef({ id, workspaceId: row.workspaceId }),
          JSON.stringify(tokens),
        );
        return {
          id,
          workspaceId: row.workspaceId,
          providerId: 'dub',
          externalAccountId: row.externalAccountId,
          status: 'ACTIVE' as const,
          account: { displayName: 'Sandbox workspace', workspaceName: 'Sandbox workspace', details: {} },
          grantedScopes: ['workspaces.read', 'links.read', 'analytics.read', 'user.read'],
          credentials,
          tokenExpiresAt: row.tokenExpiresAt,
          hasRefreshToken: true,
          tokensObtainedAt: obtainedAt,
          connectedAt: obtainedAt,
          syncFrequencyMinutes: 60,
        };
      }),
    );
    await ds.getRepository(ConnectionEntity).insert(entities);
    ids.push(...entities.map((e) => e.id));
  }
  return ids;
}

// ---------------------------------------------------------------------------------------------------
// Processes

export interface Proc {
  readonly child: ChildProcess;
  readonly logFile: string;
  stop(): Promise<void>;
}

/**
 * A child process with stdout and stderr going straight to a log file (not through this process:
 * buffering a busy api's request log here would cost CPU on the load-generating side).
 */
export function startProc(name: string, args: string[], env: Record<string, string | undefined>): Proc {
  const logFile = join(LOG_DIR, `${name}.log`);
  const fd = openSync(logFile, 'a');
  const child = spawn(process.execPath, args, {
    cwd: LOG_DIR, // no project .env is read
    env: { PATH: process.env['PATH'], METRICS_PORT: '0', ...env },
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
  };
  onCleanup(stop);
  return { child, logFile, stop };
}

/** Waits for a URL to answer 200, failing early with the log's tail if the process dies. */
export async function readyOrDie(proc: Proc, url: string, timeoutMs = 60_000): Promise<void> {
  const died = new Promise<never>((_, reject) =>
    proc.child.once('exit', (code) => reject(new Error(`${proc.logFile} exited (${code}):\n${tail(proc.logFile)}`))),
  );
  await Promise.race([waitForOk(url, timeoutMs), died]);
}

export const tail = (file: string, lines = 30) => readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');

/** Log lines at level error or above (pino JSON `"level":50+`), for the report. */
export function errorLines(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => /"level":(5\d|60)/.test(line) || /^(Error|TypeError|Unhandled)/.test(line));
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export { builtApp };

/** The built sandbox with the Dub emulation, on a port of its own. */
export async function startSandbox(env: Record<string, string>) {
  const port = await freePort();
  const proc = startProc('sandbox', [builtApp('sandbox')], { NODE_ENV: 'test', SANDBOX_PORT: String(port), ...env });
  const url = `http://127.0.0.1:${port}`;
  await readyOrDie(proc, `${url}/_sandbox/stats`);
  const call = async <T>(path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`sandbox ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  return {
    url,
    proc,
    call,
    /** Grants minted straight into the authorization server (≤ 20,000 per call). */
    async mintGrants(count: number): Promise<{ accessToken: string; refreshToken: string }[]> {
      const grants: { accessToken: string; refreshToken: string }[] = [];
      for (let left = count; left > 0; left -= 5_000) {
        grants.push(
          ...(await call<{ grants: typeof grants }>('/_sandbox/dub/grants', { count: Math.min(left, 5_000) })).grants,
        );
      }
      return grants;
    },
    async refreshCalls(): Promise<number> {
      return (await call<{ dub: { tokenRequests: { refresh_token: number } } }>('/_sandbox/stats')).dub.tokenRequests
        .refresh_token;
    },
  };
}

/** The built worker against a scratch database, our Redis prefix and the sandbox. */
export async function startWorker(
  databaseUrl: string,
  sandboxUrl: string,
  env: Record<string, string>,
  nodeArgs: string[] = [],
) {
  const healthPort = await freePort();
  const proc = startProc('worker', [...nodeArgs, builtApp('worker')], {
    NODE_ENV: 'test', // the sandbox is refused in production
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    REDIS_PREFIX,
    ENCRYPTION_KEYS,
    SANDBOX_URL: sandboxUrl,
    WORKER_HEALTH_PORT: String(healthPort),
    METRICS_PORT: '0',
    ...env,
  });
  await readyOrDie(proc, `http://127.0.0.1:${healthPort}/health/ready`);
  return proc;
}

/**
 * A Redis client for database 5; at cleanup (after the processes registered later have stopped) it
 * deletes every key under our prefix.
 */
export function benchRedis(): Redis {
  const redis = new Redis(redisOptions(REDIS_URL, 'worker'));
  onCleanup(async () => {
    for await (const keys of redis.scanStream({ match: `${REDIS_PREFIX}:*`, count: 1000 }) as AsyncIterable<string[]>)
      if (keys.length) await redis.del(...keys);
    await redis.quit();
  });
  return redis;
}

/** A BullMQ queue of the hub's, under our prefix. */
export function benchQueue(name: string): Queue {
  const queue = new Queue(name, {
    connection: redisOptions(REDIS_URL, 'worker') as ConnectionOptions,
    prefix: REDIS_PREFIX,
  });
  onCleanup(() => queue.close());
  return queue;
}

// ---------------------------------------------------------------------------------------------------
// Reporting

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** CPU seconds (user + system) a process has used so far, from /proc; 0 once it is gone. */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND; // utime, stime
  } catch {
    return 0;
  }
}

/**
 * Where the CPU went during one side's run: named processes (more can be tracked once started), the
 * PostgreSQL backends serving `database` (short-lived ones too: sampled every 250 ms) and the Redis
 * server. `stop()` answers one line of CPU seconds per name.
 */
export async function cpuMeter(processes: Record<string, number | undefined>, database: string) {
  const admin = new Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  const named = new Map<string, number[]>();
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  const sample = (pid: number) => {
    const now = cpuSeconds(pid);
    if (now > 0) last.set(pid, now); // a process that has ended keeps its last reading
  };
  const backends = new Set<number>();
  let polls = 0;
  const poll = async () => {
    const { rows } = await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [
      database,
    ]);
    for (const { pid } of rows) {
      if (backends.has(pid)) continue;
      backends.add(pid);
      first.set(pid, polls === 0 ? cpuSeconds(pid) : 0); // a backend that appeared later is counted from 0
    }
    polls++;
    for (const pid of [...backends, ...[...named.values()].flat()]) sample(pid);
  };
  const track = (name: string, pid: number | undefined, fromZero: boolean) => {
    if (!pid) return;
    named.set(name, [...(named.get(name) ?? []), pid]);
    first.set(pid, fromZero ? 0 : cpuSeconds(pid));
  };
  for (const [name, pid] of Object.entries(processes)) track(name, pid, false);
  track('redis', Number(execFileSync('pgrep', ['-o', 'redis-server']).toString().trim()) || undefined, false);
  await poll();
  let inflight = Promise.resolve();
  const timer = setInterval(() => (inflight = poll().catch(() => undefined)), 250);
  const used = (pid: number) => (last.get(pid) ?? 0) - (first.get(pid) ?? 0);
  return {
    /** A process started after the meter: counted from 0. */
    track: (name: string, pid: number | undefined) => track(name, pid, true),
    async stop(): Promise<string> {
      clearInterval(timer);
      await inflight;
      await poll();
      await admin.end();
      const parts = [...named].map(([name, pids]) => `${name} ${pids.reduce((a, p) => a + used(p), 0).toFixed(1)}`);
      const pg = [...backends].reduce((a, p) => a + used(p), 0);
      return `CPU seconds: ${[...parts, `postgres backends ${pg.toFixed(1)}`].join(', ')}`;
    },
  };
}

/** CPU, cores, RAM, Node, PostgreSQL and Redis versions, printed with every result. */
export async function machine(): Promise<string> {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const pg = new Client({ connectionString: PG_ADMIN_URL });
  await pg.connect();
  const pgVersion = (await pg.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version;
  await pg.end();
  let redisVersion = 'unknown';
  try {
    const info = execFileSync('redis-cli', ['-u', REDIS_URL, 'info', 'server']).toString();
    redisVersion = /redis_version:(\S+)/.exec(info)![1];
  } catch {
    // redis-cli is not installed: leave it unknown
  }
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  return (
    `${cpu}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM; Node ${process.version}; ` +
    `PostgreSQL ${pgVersion}; Redis ${redisVersion}; load average before the run ${load}`
  );
}

export interface Row {
  readonly metric: string;
  readonly ours: string;
  readonly raw: string;
  readonly ratio: string;
  readonly target: string;
  readonly met: boolean | null;
}

/** One markdown table: our side, the raw side, the ratio, the target and PASS/MISS. */
export function printTable(title: string, rows: Row[]): void {
  const header = ['metric', 'ours', 'raw', 'ratio', 'target', 'result'];
  const cells = rows.map((r) => [
    r.metric,
    r.ours,
    r.raw,
    r.ratio,
    r.target,
    r.met === null ? '' : r.met ? 'PASS' : 'MISS',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => `| ${c.map((v, i) => v.padEnd(widths[i])).join(' | ')} |`;
  console.log(`\n${title}\n`);
  console.log(line(header));
  console.log(`| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`);
  for (const c of cells) console.log(line(c));
  const missed = rows.filter((r) => r.met === false).map((r) => r.metric);
  console.log(missed.length ? `\nMISSED: ${missed.join('; ')}` : '\nAll targets met.');
}

export const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const log = (message: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
