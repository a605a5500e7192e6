// Finds or starts the PostgreSQL and Redis that `npm start`, `npm run dev` and `npm test` need.
//
// Plain Node ESM on purpose: it runs before anything is built. Only Node built-ins and `pg`.
// See README.md beside this file for the order of attempts.

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const DEFAULT_DATABASE_URL = 'postgres://hub:hub@127.0.0.1:5432/hub';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379/0';
/** The repository root (two folders up from this file). */
export const DEFAULT_PROJECT_ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
);

const INSTALL_HINT =
  'install it (Debian/Ubuntu: sudo apt-get install postgresql redis-server; macOS: brew install postgresql@16 redis)';
const MIN_PG_MAJOR = 14;
const PG_START_TIMEOUT_S = 30;
const REDIS_START_TIMEOUT_MS = 15_000;
const DOCKER_WAIT_MS = 120_000;
const LOCK_WAIT_MS = 10 * 60_000;

/** An error whose message is meant for a person: the CLI prints it as it is. */
export class ServicesError extends Error {
  constructor(message) {
    super(message);
    this.name = 'ServicesError';
  }
}

// ---------------------------------------------------------------------------------------------
// URLs, masking
// ---------------------------------------------------------------------------------------------

/** Passwords seen in URLs during this process; every message goes through redact(). */
const secrets = new Set();

/**
 * Removes passwords from a message: credentials in URLs, PASSWORD '...' in SQL echoed by psql,
 * and any password from a URL seen so far (when it is long enough not to be an ordinary word).
 * @param {unknown} text
 */
export function redact(text) {
  let out = String(text)
    .replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^\s/@:]*:)[^\s@/]*@/gi, '$1***@')
    .replace(/(PASSWORD\s+)E?'(?!<)(?:[^']|'')*'/gi, "$1'***'")
    .replace(/(requirepass\s+)\S+/gi, '$1***');
  for (const s of [...secrets].sort((a, b) => b.length - a.length)) {
    if (s.length >= 8) out = out.split(s).join('***');
  }
  return out;
}

/**
 * The URL with its password replaced by ***, for messages.
 * @param {string} raw
 */
export function maskUrl(raw) {
  try {
    const u = new URL(raw);
    if (u.password) u.password = '***';
    return redact(u.href);
  } catch {
    return redact(String(raw).replace(/(\/\/[^/@:]*:)[^@/]*@/, '$1***@'));
  }
}

/**
 * True for 127.0.0.0/8, ::1 and localhost: the only hosts this script ever starts anything on.
 * @param {string} host
 */
export function isLoopbackHost(host) {
  const h = String(host)
    .replace(/^\[|\]$/g, '')
    .toLowerCase();
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** The address a server started here listens on for a loopback URL host. */
function bindAddress(host) {
  return host === 'localhost' ? '127.0.0.1' : host;
}

function hostPort(host, port) {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * @typedef {object} PgConfig
 * @property {string} url @property {string} testUrl @property {string} masked
 * @property {string} host @property {number} port @property {string} user @property {string} password
 * @property {string} database @property {string} testDatabase @property {boolean} loopback
 */

/** @returns {PgConfig} */
export function parsePostgresUrl(raw) {
  let u;
  try {
    u = new URL(raw);
  } catch {
    throw new ServicesError(
      `DATABASE_URL is not a valid URL: ${maskUrl(raw)}. It should look like ${DEFAULT_DATABASE_URL.replace(':hub@', ':***@')}.`,
    );
  }
  if (u.password) secrets.add(decodeURIComponent(u.password));
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') {
    throw new ServicesError(
      `DATABASE_URL must start with postgres:// (it is ${maskUrl(raw)}).`,
    );
  }
  const host = u.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1';
  const user = decodeURIComponent(u.username);
  if (!user) {
    throw new ServicesError(
      `DATABASE_URL has no user name: ${maskUrl(raw)}. Write it as postgres://USER:PASSWORD@HOST:PORT/DATABASE.`,
    );
  }
  const database = decodeURIComponent(u.pathname.replace(/^\//, '')) || user;
  const testDatabase = `${database}_test`;
  const t = new URL(u.href);
  t.pathname = '/' + encodeURIComponent(testDatabase);
  return {
    url: u.href,
    testUrl: t.href,
    masked: maskUrl(u.href),
    host,
    port: Number(u.port || 5432),
    user,
    password: decodeURIComponent(u.password),
    database,
    testDatabase,
    loopback: isLoopbackHost(host),
  };
}

/**
 * @typedef {object} RedisConfig
 * @property {string} url @property {string} testUrl @property {string} masked
 * @property {string} host @property {number} port @property {string} username @property {string} password
 * @property {number} db @property {boolean} tls @property {boolean} loopback
 */

/** @returns {RedisConfig} */
export function parseRedisUrl(raw) {
  let u;
  try {
    u = new URL(raw);
  } catch {
    throw new ServicesError(
      `REDIS_URL is not a valid URL: ${maskUrl(raw)}. It should look like ${DEFAULT_REDIS_URL}.`,
    );
  }
  if (u.password) secrets.add(decodeURIComponent(u.password));
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') {
    throw new ServicesError(
      `REDIS_URL must start with redis:// (it is ${maskUrl(raw)}).`,
    );
  }
  const host = u.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1';
  const dbText = u.pathname.replace(/^\//, '');
  const db = dbText === '' ? 0 : Number(dbText);
  if (!Number.isInteger(db) || db < 0) {
    throw new ServicesError(
      `REDIS_URL ends in "/${dbText}", which is not a database number: ${maskUrl(raw)}.`,
    );
  }
  const t = new URL(u.href);
  t.pathname = '/1';
  return {
    url: u.href,
    testUrl: t.href,
    masked: maskUrl(u.href),
    host,
    port: Number(u.port || 6379),
    username: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    db,
    tls: u.protocol === 'rediss:',
    loopback: isLoopbackHost(host),
  };
}

// ---------------------------------------------------------------------------------------------
// Small helpers: processes, files, users
// ---------------------------------------------------------------------------------------------

/** For events and promises whose errors are handled elsewhere. */
const ignore = () => undefined;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const isRoot = () =>
  typeof process.getuid === 'function' && process.getuid() === 0;

/** Environment for PostgreSQL tools, without PG* variables that would redirect them. */
function pgToolEnv() {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('PG')) delete env[k];
  return env;
}

/**
 * Runs a program; never throws for a non-zero exit.
 * @param {string} cmd @param {string[]} args
 * @param {{input?: string, asUser?: string|null, cwd?: string, env?: object, timeoutMs?: number,
 *          toStderr?: boolean, detached?: boolean}} [o]
 * @returns {Promise<{code: number|null, stdout: string, stderr: string, timedOut: boolean}>}
 */
function run(cmd, args, o = {}) {
  if (o.asUser) {
    args = ['-u', o.asUser, '--', cmd, ...args];
    cmd = 'runuser';
  }
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let settled = false;
    let child;
    const finish = (code) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut });
    };
    try {
      child = spawn(cmd, args, {
        cwd: o.cwd ?? '/',
        env: o.env ?? process.env,
        stdio: [
          o.input === undefined ? 'ignore' : 'pipe',
          o.toStderr ? 2 : 'pipe',
          o.toStderr ? 2 : 'pipe',
        ],
        detached: Boolean(o.detached),
      });
    } catch (e) {
      resolve({
        code: -1,
        stdout: '',
        stderr: String(e.message),
        timedOut: false,
      });
      return;
    }
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (o.detached) process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        /* already gone */
      }
      setTimeout(() => finish(null), 500);
    }, o.timeoutMs ?? 60_000);
    child.stdout?.on('data', (d) => (stdout += d));
    child.stderr?.on('data', (d) => (stderr += d));
    child.on('error', (e) => {
      stderr += e.message;
      finish(-1);
    });
    // A daemon may keep our pipes open: do not wait for 'close' forever once the process exited.
    child.on('exit', (code) => setTimeout(() => finish(code), 1000).unref());
    child.on('close', (code) => finish(code));
    if (o.input !== undefined) {
      child.stdin.on('error', ignore);
      child.stdin.end(o.input);
    }
  });
}

/** Absolute path of an executable on PATH, or null. */
function which(name) {
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    if (!dir) continue;
    const p = path.join(dir, name);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      if (fs.statSync(p).isFile()) return p;
    } catch {
      /* not here */
    }
  }
  return null;
}

function isExecutable(p) {
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** An OS user from /etc/passwd, or null. */
function osUser(name) {
  try {
    for (const line of fs.readFileSync('/etc/passwd', 'utf8').split('\n')) {
      const f = line.split(':');
      if (f[0] === name)
        return { name, uid: Number(f[2]), gid: Number(f[3]), home: f[5] };
    }
  } catch {
    /* no /etc/passwd */
  }
  return null;
}

/** Is the process there (a zombie waiting to be reaped counts as gone)? */
function pidAlive(pid) {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (e) {
    if (e.code !== 'EPERM') return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return process.platform !== 'linux';
  }
}

async function processCommandLine(pid) {
  try {
    return fs
      .readFileSync(`/proc/${pid}/cmdline`, 'utf8')
      .replace(/\0/g, ' ')
      .trim();
  } catch {
    const r = await run('ps', ['-o', 'command=', '-p', String(pid)], {
      timeoutMs: 5000,
    });
    return r.code === 0 ? r.stdout.trim() : '';
  }
}

async function waitUntil(fn, timeoutMs, intervalMs = 200) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() >= end) return v;
    await sleep(intervalMs);
  }
}

/** Does anything accept a TCP connection there? */
function tcpAnswers(host, port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const sock = net.connect({ host, port });
    const done = (v) => {
      sock.destroy();
      resolve(v);
    };
    sock.setTimeout(timeoutMs, () => done(false));
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
  });
}

function portTakenMessage(label, envName, cfg, reason) {
  return (
    `Something answers at ${hostPort(cfg.host, cfg.port)} but it does not behave like ${label} for ${cfg.masked} (${reason}). ` +
    `Stop whatever uses that port, or set ${envName} to another port.`
  );
}

function tail(file, lines = 15) {
  try {
    return fs
      .readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .slice(-lines)
      .join('\n');
  } catch {
    return '';
  }
}

function indent(text) {
  return text
    .trim()
    .split('\n')
    .map((l) => '    ' + l)
    .join('\n');
}

function shortHash(s) {
  return createHash('sha256').update(s).digest('hex').slice(0, 10);
}

/** A path relative to the project when it is inside it (".data/postgres"), else absolute. */
function show(projectRoot, p) {
  const rel = path.relative(projectRoot, p);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
}

function mkdirp(dir, mode) {
  fs.mkdirSync(dir, { recursive: true, mode });
}

/** Creates `dir` owned by `owner` (when root; else by us) with `mode`; refuses a folder owned by someone else. */
function ownedDir(dir, owner, mode) {
  mkdirp(dir, mode);
  const st = fs.lstatSync(dir);
  if (!st.isDirectory())
    throw new ServicesError(
      `${dir} exists but is not a folder: remove it and try again.`,
    );
  const me = typeof process.getuid === 'function' ? process.getuid() : st.uid;
  const allowed = new Set([me, owner?.uid ?? me]);
  if (!allowed.has(st.uid)) {
    throw new ServicesError(
      `${dir} belongs to another user (uid ${st.uid}): remove it and try again.`,
    );
  }
  if (owner && isRoot()) fs.chownSync(dir, owner.uid, owner.gid);
  fs.chmodSync(dir, mode);
}

// ---------------------------------------------------------------------------------------------
// State (.data/services.json) and the lock that keeps two `up`s from racing
// ---------------------------------------------------------------------------------------------

function dataRoot(projectRoot) {
  return path.join(projectRoot, '.data');
}

function stateFile(projectRoot) {
  return path.join(dataRoot(projectRoot), 'services.json');
}

/** What this script started, as recorded in .data/services.json. */
export function readState(projectRoot) {
  try {
    const s = JSON.parse(fs.readFileSync(stateFile(projectRoot), 'utf8'));
    return s && typeof s === 'object' ? s : {};
  } catch {
    return {};
  }
}

function writeState(projectRoot, state) {
  const file = stateFile(projectRoot);
  if (Object.keys(state).length === 0) {
    fs.rmSync(file, { force: true });
    return;
  }
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(state, null, 2) + '\n');
  fs.renameSync(tmp, file);
}

async function withLock(projectRoot, say, fn) {
  const dir = dataRoot(projectRoot);
  mkdirp(dir, 0o755);
  const lock = path.join(dir, 'services.lock');
  const end = Date.now() + LOCK_WAIT_MS;
  let told = false;
  for (;;) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      const holder = Number(fs.readFileSync(lock, 'utf8').trim() || 0);
      if (!holder || holder === process.pid || !pidAlive(holder)) {
        fs.rmSync(lock, { force: true });
        continue;
      }
      if (Date.now() > end) {
        throw new ServicesError(
          `Another run of this script (pid ${holder}) holds ${lock}: wait for it, or remove the file if that process is stuck.`,
        );
      }
      if (!told)
        say(
          `Waiting for another run of this script (pid ${holder}) to finish...`,
        );
      told = true;
      await sleep(300);
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL: probing
// ---------------------------------------------------------------------------------------------

const DOWN_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'ENOENT',
]);

function downReason(e) {
  switch (e.code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host name not found';
    case 'ETIMEDOUT':
      return 'no answer in time';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'host unreachable';
    default:
      return /timeout/i.test(e.message) ? 'no answer in time' : e.message;
  }
}

/**
 * @typedef {{state: 'ok', version: number}
 *   | {state: 'setup', reason: string, code: string}
 *   | {state: 'down', reason: string}
 *   | {state: 'starting', reason: string}
 *   | {state: 'other', reason: string}} PgProbe
 */

async function pgTry(connectionString, timeoutMs) {
  const c = new pg.Client({
    connectionString,
    connectionTimeoutMillis: timeoutMs,
  });
  c.on('error', ignore);
  try {
    await c.connect();
    const r = await c.query('SHOW server_version_num');
    return { ok: true, version: Number(r.rows[0].server_version_num) };
  } catch (e) {
    return { ok: false, error: e };
  } finally {
    c.end().catch(ignore);
  }
}

function classifyPgError(e) {
  if (DOWN_CODES.has(e.code) || (!e.code && /timeout/i.test(e.message)))
    return { state: 'down', reason: downReason(e) };
  if (e.code === '28P01' || e.code === '28000' || e.code === '3D000') {
    return { state: 'setup', reason: e.message, code: e.code };
  }
  if (e.code === '57P03') return { state: 'starting', reason: e.message };
  return { state: 'other', reason: e.message || String(e) };
}

/**
 * Does the URL answer with a real login, to both the database and the _test database?
 * @param {PgConfig} cfg
 * @returns {Promise<PgProbe>}
 */
async function probePostgres(cfg, timeoutMs = 5000) {
  const main = await pgTry(cfg.url, timeoutMs);
  if (!main.ok) return classifyPgError(main.error);
  const test = await pgTry(cfg.testUrl, timeoutMs);
  if (!test.ok) return classifyPgError(test.error);
  return { state: 'ok', version: main.version };
}

async function probePostgresPatiently(cfg, timeoutMs) {
  return waitUntil(
    async () => {
      const p = await probePostgres(cfg);
      return p.state === 'starting' || p.state === 'down' ? null : p;
    },
    timeoutMs,
    300,
  ).then((p) => p ?? probePostgres(cfg));
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL: creating the role and databases as a superuser
// ---------------------------------------------------------------------------------------------

const escapeLiteral = (s) =>
  (pg.escapeLiteral ?? pg.Client.prototype.escapeLiteral)(s);
const escapeIdentifier = (s) =>
  (pg.escapeIdentifier ?? pg.Client.prototype.escapeIdentifier)(s);

/**
 * A way in as a superuser: open() resolves to {query(sql) -> string[][], close()} or throws.
 * @typedef {{label: string, open: () => Promise<{query: (sql: string) => Promise<string[][]>, close: () => Promise<void>}>}} SuperuserWay
 */

/** @returns {SuperuserWay} */
function pgClientWay(label, config) {
  return {
    label,
    async open() {
      const c = new pg.Client({ ...config, connectionTimeoutMillis: 5000 });
      c.on('error', ignore);
      try {
        await c.connect();
      } catch (e) {
        c.end().catch(ignore);
        throw e;
      }
      const norm = (v) =>
        v === true ? 't' : v === false ? 'f' : v === null ? '' : String(v);
      return {
        query: async (sql) =>
          (await c.query({ text: sql, rowMode: 'array' })).rows.map((r) =>
            r.map(norm),
          ),
        close: () => c.end().catch(ignore),
      };
    },
  };
}

/** psql reading SQL from stdin (so no password ends up in a command line). @returns {SuperuserWay} */
function psqlWay(label, { psql, asUser, host, port }) {
  return {
    label,
    async open() {
      const query = async (sql) => {
        const args = [
          '-X',
          '-q',
          '-A',
          '-t',
          '-F',
          '\t',
          '-v',
          'ON_ERROR_STOP=1',
          '-p',
          String(port),
          '-d',
          'postgres',
          '-f',
          '-',
        ];
        if (host) args.push('-h', host);
        const r = await run(psql, args, {
          asUser,
          input: sql + '\n',
          env: pgToolEnv(),
          timeoutMs: 60_000,
        });
        if (r.code !== 0)
          throw new Error(
            (r.stderr || r.stdout).trim() || `psql exited with code ${r.code}`,
          );
        return r.stdout
          .split('\n')
          .filter((l) => l !== '')
          .map((l) => l.split('\t'));
      };
      await query('SELECT 1');
      return { query, close: async () => undefined };
    },
  };
}

/**
 * psql inside the docker compose "postgres" container, whose unix socket trusts local users.
 * @returns {SuperuserWay}
 */
function dockerPsqlWay(projectRoot) {
  const script =
    'exec psql -X -q -A -t -F "$(printf \'\\t\')" -v ON_ERROR_STOP=1 -U "${POSTGRES_USER:-postgres}" -d postgres -f -';
  return {
    label: 'inside the docker container with psql',
    async open() {
      const query = async (sql) => {
        const args = [
          'compose',
          '-f',
          composeFile(projectRoot),
          'exec',
          '-T',
          'postgres',
          'sh',
          '-c',
          script,
        ];
        const r = await run('docker', args, {
          input: sql + '\n',
          cwd: projectRoot,
          timeoutMs: 60_000,
        });
        if (r.code !== 0)
          throw new Error((r.stderr || r.stdout).trim() || `exit ${r.code}`);
        return r.stdout
          .split('\n')
          .filter((l) => l !== '')
          .map((l) => l.split('\t'));
      };
      await query('SELECT 1');
      return { query, close: async () => undefined };
    },
  };
}

/** Ways to become a superuser on a server found running on a loopback address, in the order to try them. */
function superuserWaysForFoundServer(cfg, psql) {
  const ways = [
    pgClientWay(`as postgres over TCP`, {
      host: cfg.host,
      port: cfg.port,
      user: 'postgres',
      database: 'postgres',
    }),
  ];
  if (isRoot() && osUser('postgres') && which('runuser') && psql) {
    ways.push(
      psqlWay('as the postgres OS user over the unix socket', {
        psql,
        asUser: 'postgres',
        host: null,
        port: cfg.port,
      }),
    );
  }
  const me = os.userInfo().username;
  for (const dir of ['/var/run/postgresql', '/run/postgresql', '/tmp']) {
    if (fs.existsSync(path.join(dir, `.s.PGSQL.${cfg.port}`))) {
      ways.push(
        pgClientWay(`as ${me} over the unix socket in ${dir}`, {
          host: dir,
          port: cfg.port,
          user: me,
          database: 'postgres',
        }),
      );
    }
  }
  if (me !== 'postgres') {
    ways.push(
      pgClientWay(`as ${me} over TCP`, {
        host: cfg.host,
        port: cfg.port,
        user: me,
        database: 'postgres',
      }),
    );
  }
  return ways;
}

/** Tries each way; returns an open superuser session or null, with what went wrong for each. */
async function openSuperuser(ways) {
  const failures = [];
  for (const way of ways) {
    let s;
    try {
      s = await way.open();
      const [row] = await s.query(
        'SELECT rolsuper, rolcreaterole AND rolcreatedb FROM pg_roles WHERE rolname = current_user',
      );
      if (row && (row[0] === 't' || row[1] === 't'))
        return { session: s, label: way.label, failures };
      failures.push(`${way.label}: not a superuser`);
      await s.close();
    } catch (e) {
      failures.push(`${way.label}: ${String(e.message).split('\n')[0]}`);
      if (s) await s.close();
    }
  }
  return { session: null, label: null, failures };
}

/**
 * Creates the role (LOGIN PASSWORD from the URL) and both databases when missing.
 * On a server this script owns, the URL is the truth: the role's password is (re)set too.
 * @returns {Promise<string[]>} what was created, e.g. ['role hub', 'database hub_test']
 */
async function createRoleAndDatabases(session, cfg, { owned }) {
  const made = [];
  const role = escapeIdentifier(cfg.user);
  const password = cfg.password
    ? ` PASSWORD ${escapeLiteral(cfg.password)}`
    : '';
  const roles = await session.query(
    `SELECT 1 FROM pg_roles WHERE rolname = ${escapeLiteral(cfg.user)}`,
  );
  if (roles.length === 0) {
    await session.query(`CREATE ROLE ${role} LOGIN${password}`);
    made.push(`role ${cfg.user}`);
  } else if (owned) {
    await session.query(`ALTER ROLE ${role} LOGIN${password}`);
  }
  for (const db of [cfg.database, cfg.testDatabase]) {
    const found = await session.query(
      `SELECT 1 FROM pg_database WHERE datname = ${escapeLiteral(db)}`,
    );
    if (found.length === 0) {
      await session.query(
        `CREATE DATABASE ${escapeIdentifier(db)} OWNER ${role}`,
      );
      made.push(`database ${db}`);
    }
  }
  return made;
}

function manualSetupHint(cfg) {
  const role = escapeIdentifier(cfg.user);
  return (
    `create them yourself as a PostgreSQL superuser: ` +
    `CREATE ROLE ${role} LOGIN PASSWORD '<the password in DATABASE_URL>'; ` +
    `CREATE DATABASE ${escapeIdentifier(cfg.database)} OWNER ${role}; ` +
    `CREATE DATABASE ${escapeIdentifier(cfg.testDatabase)} OWNER ${role};`
  );
}

/** Role or database missing on a loopback server: create them with whatever superuser access works. */
async function bootstrapPostgres(ctx, cfg, ways, { owned, why }) {
  const { session, label, failures } = await openSuperuser(ways);
  if (!session) {
    throw new ServicesError(
      `PostgreSQL at ${cfg.masked} answers, but ${why ? `the login fails (${why})` : 'the role or databases are missing'} ` +
        `and no superuser access worked to fix it.\n` +
        `  Tried:\n${indent(failures.join('\n'))}\n` +
        `  Either set DATABASE_URL to a login that works, or ${manualSetupHint(cfg)}`,
    );
  }
  try {
    const made = await createRoleAndDatabases(session, cfg, { owned });
    if (made.length) {
      const dbs = made
        .filter((m) => m.startsWith('database '))
        .map((m) => m.slice('database '.length));
      const parts = made.filter((m) => m.startsWith('role '));
      if (dbs.length)
        parts.push(
          `${dbs.length > 1 ? 'databases' : 'database'} ${dbs.join(', ')}`,
        );
      ctx.say(
        `PostgreSQL: created ${parts.join(' and ')} on ${hostPort(cfg.host, cfg.port)} (${label}).`,
      );
    }
  } catch (e) {
    throw new ServicesError(
      `PostgreSQL: could not create the role or databases (${label}): ${e.message}`,
    );
  } finally {
    await session.close();
  }
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL: starting from locally installed binaries
// ---------------------------------------------------------------------------------------------

async function pgMajorOf(binDir) {
  const r = await run(path.join(binDir, 'pg_ctl'), ['--version'], {
    timeoutMs: 10_000,
    env: pgToolEnv(),
  });
  const m = /(\d+)(?:\.(\d+))?/.exec(r.stdout);
  return r.code === 0 && m ? Number(m[1]) : 0;
}

function globDirs(parent, re, sub) {
  try {
    return fs
      .readdirSync(parent)
      .filter((n) => re.test(n))
      .map((n) => path.join(parent, n, sub));
  } catch {
    return [];
  }
}

/**
 * Folders with initdb and pg_ctl: PATH first, then the usual install places.
 * @param {number} [wantMajor] the major version an existing data folder needs
 * @returns {Promise<{dir: string, major: number} | null>}
 */
async function findPostgresBins(wantMajor) {
  const candidates = [];
  const onPath = which('pg_ctl');
  if (onPath) candidates.push(path.dirname(fs.realpathSync(onPath)));
  candidates.push(
    ...globDirs('/usr/lib/postgresql', /^\d+$/, 'bin'),
    ...globDirs('/usr', /^pgsql-\d+$/, 'bin'),
    ...globDirs('/opt/homebrew/opt', /^postgresql(@\d+)?$/, 'bin'),
    ...globDirs('/usr/local/opt', /^postgresql(@\d+)?$/, 'bin'),
    ...globDirs('/Applications/Postgres.app/Contents/Versions', /^\d+$/, 'bin'),
  );
  const seen = new Set();
  const found = [];
  for (const c of candidates) {
    let dir;
    try {
      dir = fs.realpathSync(c);
    } catch {
      continue;
    }
    if (seen.has(dir)) continue;
    seen.add(dir);
    if (
      !isExecutable(path.join(dir, 'pg_ctl')) ||
      !isExecutable(path.join(dir, 'initdb'))
    )
      continue;
    const major = await pgMajorOf(dir);
    if (major) found.push({ dir, major });
  }
  if (wantMajor) return found.find((f) => f.major === wantMajor) ?? null;
  found.sort((a, b) => b.major - a.major);
  return found[0] && found[0].major >= MIN_PG_MAJOR ? found[0] : null;
}

/** postgresql.conf string literal. */
function confString(s) {
  return `'${String(s).replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

function readPostmasterPid(dataDir) {
  try {
    return Number(
      fs
        .readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8')
        .split('\n')[0],
    );
  } catch {
    return 0;
  }
}

/** Where the data folder and socket go; root runs PostgreSQL as the postgres OS user. */
async function postgresLayout(ctx, cfg) {
  let runAs = null;
  if (isRoot()) {
    runAs = osUser('postgres');
    if (!runAs) {
      throw new ServicesError(
        `PostgreSQL refuses to run as root and there is no "postgres" OS user to run it as: ` +
          `run this as a normal user, or create one (useradd --system --create-home postgres).`,
      );
    }
    if (!which('runuser')) {
      throw new ServicesError(
        `PostgreSQL refuses to run as root and "runuser" (util-linux) is missing: run this as a normal user.`,
      );
    }
  }
  const base = dataRoot(ctx.projectRoot);
  let dataDir = path.join(base, 'postgres');
  let reachable = true;
  if (runAs) {
    fs.chmodSync(base, (fs.statSync(base).mode & 0o7777) | 0o711);
    const r = await run('test', ['-x', base], {
      asUser: runAs.name,
      timeoutMs: 10_000,
    });
    reachable = r.code === 0;
    if (!reachable) {
      dataDir = path.join(
        runAs.home || '/var/tmp',
        'hub-services',
        shortHash(ctx.projectRoot),
        'postgres',
      );
      ctx.say(
        `PostgreSQL: the postgres OS user cannot reach ${base} (a parent folder is private), so the data goes to ${dataDir}.`,
      );
    }
  }
  let socketDir = path.join(base, 'run');
  const socketPath = (d) => path.join(d, `.s.PGSQL.${cfg.port}.lock`);
  if (!reachable || Buffer.byteLength(socketPath(socketDir)) > 100) {
    socketDir = path.join(
      os.tmpdir().length < 40 ? os.tmpdir() : '/tmp',
      `hub-pg-${shortHash(ctx.projectRoot)}`,
    );
  }
  return {
    runAs,
    dataDir,
    socketDir,
    logFile: path.join(dataDir, 'server.log'),
  };
}

/** @returns {Promise<boolean>} false when no PostgreSQL binaries are installed */
async function startPostgres(ctx, cfg) {
  if (!cfg.password) {
    throw new ServicesError(
      `DATABASE_URL has no password (${cfg.masked}); the PostgreSQL started here needs one, e.g. postgres://${cfg.user}:SOME_PASSWORD@${hostPort(cfg.host, cfg.port)}/${cfg.database}.`,
    );
  }
  const layout = await postgresLayout(ctx, cfg);
  const { runAs, dataDir, socketDir, logFile } = layout;
  const asUser = runAs?.name ?? null;
  const versionFile = path.join(dataDir, 'PG_VERSION');
  const existingMajor = fs.existsSync(versionFile)
    ? Number(fs.readFileSync(versionFile, 'utf8').trim())
    : 0;
  const bins = await findPostgresBins(existingMajor || undefined);
  if (!bins) {
    if (!existingMajor) return false;
    const any = await findPostgresBins();
    if (!any) return false;
    throw new ServicesError(
      `PostgreSQL: ${show(ctx.projectRoot, dataDir)} holds data for PostgreSQL ${existingMajor}, but only PostgreSQL ${any.major} is installed. ` +
        `Install PostgreSQL ${existingMajor}, or move ${show(ctx.projectRoot, dataDir)} away to start with a fresh, empty one.`,
    );
  }
  const env = pgToolEnv();
  const tool = (name) => path.join(bins.dir, name);

  // Our own server is already running from this folder but on another port: restart it on the URL's port.
  const oldPid = readPostmasterPid(dataDir);
  if (oldPid && pidAlive(oldPid)) {
    ctx.say(
      `PostgreSQL: the server in ${show(ctx.projectRoot, dataDir)} runs (pid ${oldPid}) but not at ${cfg.masked}; restarting it.`,
    );
    await run(
      tool('pg_ctl'),
      [
        '-D',
        dataDir,
        '-m',
        'fast',
        '-w',
        '-t',
        String(PG_START_TIMEOUT_S),
        'stop',
      ],
      { asUser, env },
    );
  }

  ownedDir(path.dirname(dataDir), null, 0o755);
  ownedDir(socketDir, runAs, 0o700);
  if (!existingMajor) {
    ownedDir(dataDir, runAs, 0o700);
    if (fs.readdirSync(dataDir).length > 0) {
      throw new ServicesError(
        `PostgreSQL: ${show(ctx.projectRoot, dataDir)} is not empty but holds no PostgreSQL data (no PG_VERSION): move it away and try again.`,
      );
    }
    ctx.say(
      `PostgreSQL: creating a new data folder in ${show(ctx.projectRoot, dataDir)} (initdb)...`,
    );
    const r = await run(
      tool('initdb'),
      [
        '-D',
        dataDir,
        '-E',
        'UTF8',
        '--locale=C',
        '--auth-local=peer',
        '--auth-host=scram-sha-256',
      ],
      { asUser, env, timeoutMs: 180_000 },
    );
    if (r.code !== 0) {
      throw new ServicesError(
        `PostgreSQL: initdb failed (exit ${r.code}):\n${indent(r.stderr || r.stdout)}`,
      );
    }
  }

  // Settings live in their own file, rewritten on every start so the URL's port always wins.
  const hubConf = path.join(dataDir, 'hub_services.conf');
  fs.writeFileSync(
    hubConf,
    [
      '# Written by tools/services/services.mjs on every start: change DATABASE_URL, not this file.',
      `listen_addresses = ${confString(bindAddress(cfg.host))}`,
      `port = ${cfg.port}`,
      `unix_socket_directories = ${confString(socketDir)}`,
      '',
    ].join('\n'),
  );
  const mainConf = path.join(dataDir, 'postgresql.conf');
  if (
    !fs
      .readFileSync(mainConf, 'utf8')
      .includes("include_if_exists = 'hub_services.conf'")
  ) {
    fs.appendFileSync(
      mainConf,
      "\n# added by tools/services\ninclude_if_exists = 'hub_services.conf'\n",
    );
  }
  if (runAs) {
    for (const f of [hubConf, mainConf]) fs.chownSync(f, runAs.uid, runAs.gid);
  }

  const start = await run(
    tool('pg_ctl'),
    [
      '-D',
      dataDir,
      '-l',
      logFile,
      '-w',
      '-t',
      String(PG_START_TIMEOUT_S),
      'start',
    ],
    {
      asUser,
      env,
      detached: true,
      timeoutMs: (PG_START_TIMEOUT_S + 15) * 1000,
    },
  );
  if (start.code !== 0) {
    throw new ServicesError(
      `PostgreSQL: could not start it from ${bins.dir} on ${hostPort(bindAddress(cfg.host), cfg.port)} (exit ${start.code}).\n` +
        `  Last lines of ${show(ctx.projectRoot, logFile)}:\n${indent(tail(logFile) || start.stderr || start.stdout)}`,
    );
  }
  const pid = readPostmasterPid(dataDir);
  ctx.state.postgres = {
    kind: 'local',
    pid,
    port: cfg.port,
    host: bindAddress(cfg.host),
    dataDir,
    socketDir,
    logFile,
    binDir: bins.dir,
    runAs: asUser,
    startedAt: new Date().toISOString(),
  };
  writeState(ctx.projectRoot, ctx.state);
  ctx.started.push('postgres');
  ctx.say(
    `PostgreSQL: started from ${bins.dir} on ${hostPort(bindAddress(cfg.host), cfg.port)}, data in ${show(ctx.projectRoot, dataDir)}` +
      `${existingMajor ? ' (kept from an earlier run)' : ''}.`,
  );

  const ways = [];
  if (asUser) {
    ways.push(
      psqlWay('as the postgres OS user over the unix socket', {
        psql: tool('psql'),
        asUser,
        host: socketDir,
        port: cfg.port,
      }),
    );
  } else {
    const me = os.userInfo().username;
    ways.push(
      pgClientWay(`as ${me} over the unix socket`, {
        host: socketDir,
        port: cfg.port,
        user: me,
        database: 'postgres',
      }),
    );
  }
  await bootstrapPostgres(ctx, cfg, ways, { owned: true });
  const probe = await probePostgresPatiently(cfg, PG_START_TIMEOUT_S * 1000);
  if (probe.state !== 'ok') {
    throw new ServicesError(
      `PostgreSQL: started, but ${cfg.masked} still does not accept the login: ${probe.reason}`,
    );
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Redis: a tiny RESP client (so probing needs no library and reports real errors)
// ---------------------------------------------------------------------------------------------

class RedisReplyError extends Error {}

function respEncode(args) {
  let out = `*${args.length}\r\n`;
  for (const a of args) out += `$${Buffer.byteLength(String(a))}\r\n${a}\r\n`;
  return out;
}

function respParse(buf, i) {
  if (i >= buf.length) return null;
  const nl = buf.indexOf('\r\n', i);
  if (nl < 0) return null;
  const type = String.fromCharCode(buf[i]);
  const line = buf.toString('utf8', i + 1, nl);
  switch (type) {
    case '+':
      return { value: line, end: nl + 2 };
    case '-':
      return { value: new RedisReplyError(line), end: nl + 2 };
    case ':':
      return { value: Number(line), end: nl + 2 };
    case '$': {
      const n = Number(line);
      if (n < 0) return { value: null, end: nl + 2 };
      if (buf.length < nl + 2 + n + 2) return null;
      return {
        value: buf.toString('utf8', nl + 2, nl + 2 + n),
        end: nl + 4 + n,
      };
    }
    case '*': {
      const n = Number(line);
      if (n < 0) return { value: null, end: nl + 2 };
      const arr = [];
      let end = nl + 2;
      for (let k = 0; k < n; k++) {
        const r = respParse(buf, end);
        if (!r) return null;
        arr.push(r.value);
        end = r.end;
      }
      return { value: arr, end };
    }
    default:
      throw Object.assign(new Error('the answer is not the Redis protocol'), {
        code: 'NOT_REDIS',
      });
  }
}

/**
 * Connects, authenticates as the URL says, selects its database, sends `commands`.
 * @returns {Promise<{auth: any, replies: any[]}>} replies may contain RedisReplyError objects
 */
function redisSend(cfg, commands, timeoutMs = 3000) {
  const pre = [];
  if (cfg.password)
    pre.push(
      cfg.username
        ? ['AUTH', cfg.username, cfg.password]
        : ['AUTH', cfg.password],
    );
  const all = [...pre, ['SELECT', String(cfg.db)], ...commands];
  return new Promise((resolve, reject) => {
    const replies = [];
    let buf = Buffer.alloc(0);
    let done = false;
    const opts = { host: cfg.host, port: cfg.port };
    const sock = cfg.tls
      ? tls.connect({
          ...opts,
          servername: net.isIP(cfg.host) ? undefined : cfg.host,
        })
      : net.connect(opts);
    const finish = (err) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      if (err) reject(err);
      else
        resolve({
          auth: pre.length ? replies[0] : null,
          select: replies[pre.length],
          replies: replies.slice(pre.length + 1),
        });
    };
    const timer = setTimeout(
      () =>
        finish(
          Object.assign(new Error(`no answer within ${timeoutMs / 1000} s`), {
            code: 'ETIMEDOUT',
          }),
        ),
      timeoutMs,
    );
    sock.once(cfg.tls ? 'secureConnect' : 'connect', () =>
      sock.write(all.map(respEncode).join('')),
    );
    sock.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      try {
        let r;
        while ((r = respParse(buf, 0))) {
          replies.push(r.value);
          buf = buf.subarray(r.end);
        }
      } catch (e) {
        finish(e);
        return;
      }
      if (replies.length >= all.length) finish();
    });
    sock.on('error', (e) => finish(e));
    sock.on('close', () =>
      finish(
        Object.assign(new Error('the server closed the connection'), {
          code: 'ECONNRESET',
        }),
      ),
    );
  });
}

/**
 * @typedef {{state: 'ok', policy: string|null, version: string|null, warning?: string}
 *   | {state: 'down'|'auth'|'other'|'starting', reason: string}} RedisProbe
 */

/** @param {RedisConfig} cfg @returns {Promise<RedisProbe>} */
async function probeRedis(cfg, timeoutMs = 3000) {
  let res;
  try {
    res = await redisSend(
      cfg,
      [['PING'], ['CONFIG', 'GET', 'maxmemory-policy'], ['INFO', 'server']],
      timeoutMs,
    );
  } catch (e) {
    if (DOWN_CODES.has(e.code)) return { state: 'down', reason: downReason(e) };
    return { state: 'other', reason: e.message };
  }
  let warning;
  if (res.auth instanceof RedisReplyError) {
    if (/without any password configured/i.test(res.auth.message)) {
      warning = 'REDIS_URL has a password but this Redis asks for none';
    } else {
      return { state: 'auth', reason: res.auth.message };
    }
  }
  const [ping, policy, info] = res.replies;
  if (res.select instanceof RedisReplyError) {
    if (/NOAUTH|WRONGPASS/i.test(res.select.message))
      return { state: 'auth', reason: res.select.message };
    return { state: 'other', reason: res.select.message };
  }
  if (ping instanceof RedisReplyError) {
    if (/LOADING/.test(ping.message))
      return { state: 'starting', reason: ping.message };
    return { state: 'other', reason: ping.message };
  }
  if (ping !== 'PONG')
    return { state: 'other', reason: `PING answered ${JSON.stringify(ping)}` };
  const pol = Array.isArray(policy) ? (policy[1] ?? null) : null;
  const version =
    typeof info === 'string'
      ? (/redis_version:(\S+)/.exec(info)?.[1] ?? null)
      : null;
  return { state: 'ok', policy: pol, version, warning };
}

// ---------------------------------------------------------------------------------------------
// Redis: starting from locally installed binaries
// ---------------------------------------------------------------------------------------------

function findRedisServer() {
  const onPath = which('redis-server');
  if (onPath) return onPath;
  for (const p of [
    '/usr/bin/redis-server',
    '/usr/local/bin/redis-server',
    '/opt/homebrew/bin/redis-server',
    '/usr/sbin/redis-server',
  ]) {
    if (isExecutable(p)) return p;
  }
  return null;
}

/** redis.conf string. */
function redisConfString(s) {
  return `"${String(s).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** @returns {Promise<boolean>} false when redis-server is not installed */
async function startRedis(ctx, cfg) {
  if (cfg.tls) {
    throw new ServicesError(
      `REDIS_URL uses rediss:// (TLS) on this machine (${cfg.masked}); a Redis started here speaks plain redis://: change the URL.`,
    );
  }
  const bin = findRedisServer();
  if (!bin) return false;
  const dir = path.join(dataRoot(ctx.projectRoot), 'redis');
  const pidFile = path.join(dir, 'redis.pid');
  const logFile = path.join(dir, 'redis.log');

  // Our own Redis still runs from this folder but on another port: stop it first (two servers, one folder: no).
  const old = ctx.state.redis;
  if (old?.kind === 'local' && old.port !== cfg.port && pidAlive(old.pid)) {
    ctx.say(
      `Redis: the one this script started (pid ${old.pid}, port ${old.port}) is not at ${cfg.masked}; restarting it.`,
    );
    await stopLocalRedis(ctx, old);
  }

  const reused =
    fs.existsSync(dir) &&
    fs
      .readdirSync(dir)
      .some(
        (n) =>
          n === 'appendonlydir' || n.endsWith('.aof') || n.endsWith('.rdb'),
      );
  ownedDir(dir, null, 0o700);
  const args = [];
  const secretConf = path.join(dir, 'auth.conf');
  fs.rmSync(secretConf, { force: true });
  if (cfg.password) {
    // In a file (mode 600), not on the command line where `ps` would show it.
    const line =
      !cfg.username || cfg.username === 'default'
        ? `requirepass ${redisConfString(cfg.password)}`
        : `user ${cfg.username} on >${cfg.password} ~* &* +@all`;
    if (
      cfg.username &&
      cfg.username !== 'default' &&
      /[\s"'\\]/.test(cfg.username + cfg.password)
    ) {
      throw new ServicesError(
        `REDIS_URL: a Redis user name or password with spaces, quotes or backslashes cannot be set up here; pick a simpler one.`,
      );
    }
    fs.writeFileSync(secretConf, line + '\n', { mode: 0o600 });
    args.push(secretConf);
  }
  args.push(
    '--bind',
    bindAddress(cfg.host),
    '--port',
    String(cfg.port),
    '--dir',
    dir,
    '--appendonly',
    'yes',
    '--maxmemory-policy',
    'noeviction',
    '--daemonize',
    'yes',
    '--pidfile',
    pidFile,
    '--logfile',
    logFile,
  );
  fs.rmSync(pidFile, { force: true });
  const r = await run(bin, args, { detached: true, timeoutMs: 30_000 });
  const fail = (why) =>
    new ServicesError(
      `Redis: could not start ${bin} on ${hostPort(bindAddress(cfg.host), cfg.port)}: ${why}.\n` +
        `  Last lines of ${show(ctx.projectRoot, logFile)}:\n${indent(tail(logFile) || r.stderr || r.stdout || '(empty)')}`,
    );
  if (r.code !== 0) throw fail(`exit ${r.code}`);
  const probe = await waitUntil(async () => {
    const p = await probeRedis(cfg, 1000);
    return p.state === 'down' || p.state === 'starting' ? null : p;
  }, REDIS_START_TIMEOUT_MS);
  if (!probe) throw fail(`no answer within ${REDIS_START_TIMEOUT_MS / 1000} s`);
  if (probe.state !== 'ok') throw fail(probe.reason);
  const pid = await waitUntil(
    () => {
      try {
        return Number(fs.readFileSync(pidFile, 'utf8').trim()) || null;
      } catch {
        return null;
      }
    },
    5000,
    100,
  );
  ctx.state.redis = {
    kind: 'local',
    pid,
    port: cfg.port,
    host: bindAddress(cfg.host),
    dataDir: dir,
    pidFile,
    logFile,
    bin,
    startedAt: new Date().toISOString(),
  };
  writeState(ctx.projectRoot, ctx.state);
  ctx.started.push('redis');
  ctx.say(
    `Redis: started ${probe.version ? `${probe.version} ` : ''}from ${path.dirname(bin)} on ${hostPort(bindAddress(cfg.host), cfg.port)}, ` +
      `data in ${show(ctx.projectRoot, dir)}${reused ? ' (kept from an earlier run)' : ''}.`,
  );
  return true;
}

// ---------------------------------------------------------------------------------------------
// Installing (apt) and Docker
// ---------------------------------------------------------------------------------------------

function isDebianLike() {
  try {
    const text = fs.readFileSync('/etc/os-release', 'utf8');
    const get = (k) =>
      (new RegExp(`^${k}=(.*)$`, 'm').exec(text)?.[1] ?? '').replace(
        /["']/g,
        '',
      );
    return /\b(debian|ubuntu)\b/i.test(`${get('ID')} ${get('ID_LIKE')}`);
  } catch {
    return false;
  }
}

function canApt() {
  return (
    process.env.HUB_SERVICES_NO_INSTALL !== '1' &&
    isRoot() &&
    isDebianLike() &&
    Boolean(which('apt-get'))
  );
}

let aptUpdated = false;
async function aptInstall(ctx, pkg, label) {
  ctx.say(
    `${label}: not installed; installing the Debian package ${pkg} with apt-get (a minute or two)...`,
  );
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) {
    const u = await run('apt-get', ['update'], {
      env,
      toStderr: true,
      timeoutMs: 600_000,
    });
    if (u.code !== 0)
      throw new ServicesError(
        `${label}: "apt-get update" failed (exit ${u.code}); see the output above.`,
      );
    aptUpdated = true;
  }
  const i = await run(
    'apt-get',
    ['install', '-y', '--no-install-recommends', pkg],
    { env, toStderr: true, timeoutMs: 900_000 },
  );
  if (i.code !== 0)
    throw new ServicesError(
      `${label}: "apt-get install ${pkg}" failed (exit ${i.code}); see the output above.`,
    );
}

function composeFile(projectRoot) {
  return path.join(projectRoot, 'docker', 'compose.yml');
}

let dockerAnswers;
async function dockerAvailable(projectRoot) {
  if (
    process.env.HUB_SERVICES_NO_DOCKER === '1' ||
    !fs.existsSync(composeFile(projectRoot)) ||
    !which('docker')
  )
    return false;
  dockerAnswers ??= run('docker', ['info'], { timeoutMs: 20_000 }).then(
    (r) => r.code === 0,
  );
  return dockerAnswers;
}

/** `docker compose up -d <service>` and wait until `probe` answers. */
async function startWithDocker(ctx, service, label, masked, probe) {
  const file = composeFile(ctx.projectRoot);
  const ps = await run(
    'docker',
    ['compose', '-f', file, 'ps', '--status', 'running', '-q', service],
    { cwd: ctx.projectRoot, timeoutMs: 60_000 },
  );
  const wasRunning = ps.code === 0 && ps.stdout.trim() !== '';
  ctx.say(
    `${label}: starting the "${service}" container with docker compose (${show(ctx.projectRoot, file)})...`,
  );
  const r = await run('docker', ['compose', '-f', file, 'up', '-d', service], {
    cwd: ctx.projectRoot,
    toStderr: true,
    timeoutMs: 900_000,
  });
  if (r.code !== 0)
    throw new ServicesError(
      `${label}: "docker compose up -d ${service}" failed (exit ${r.code}); see the output above.`,
    );
  if (!wasRunning) {
    // Only a container this script started is ever stopped by `down`.
    ctx.state[service] = {
      kind: 'docker',
      composeFile: file,
      service,
      startedAt: new Date().toISOString(),
    };
    writeState(ctx.projectRoot, ctx.state);
    ctx.started.push(service);
  }
  const p = await waitUntil(
    async () => {
      const x = await probe();
      return x.state === 'down' || x.state === 'starting' ? null : x;
    },
    DOCKER_WAIT_MS,
    500,
  );
  if (!p) {
    throw new ServicesError(
      `${label}: the "${service}" container started but ${masked} does not answer after ${DOCKER_WAIT_MS / 1000} s: ` +
        `check that docker/compose.yml publishes it on that address (docker compose -f docker/compose.yml logs ${service}).`,
    );
  }
  return p;
}

// ---------------------------------------------------------------------------------------------
// Per service: the order of attempts
// ---------------------------------------------------------------------------------------------

function remoteDownMessage(label, envName, masked, reason, defaultUrl) {
  return (
    `${label} at ${masked} does not answer (${reason}). It is not on this machine, so nothing is started for it: ` +
    `check the host, the port and your network, or set ${envName} to a server that answers ` +
    `(or unset it to use a local one at ${maskUrl(defaultUrl)}).`
  );
}

function ownedNote(ctx, name, cfg) {
  const e = ctx.state[name];
  if (!e) return 'found running';
  if (e.kind === 'docker')
    return 'the docker compose container this script started earlier';
  if (e.port === cfg.port && pidAlive(e.pid))
    return `started earlier by this script, pid ${e.pid}, data in ${show(ctx.projectRoot, e.dataDir)}`;
  return 'found running';
}

/** @param {PgConfig} cfg */
async function ensurePostgres(ctx, cfg, firstProbe) {
  let probe = firstProbe;
  let installed = false;
  for (;;) {
    if (probe.state === 'starting')
      probe = await probePostgresPatiently(cfg, PG_START_TIMEOUT_S * 1000);
    if (probe.state === 'ok') {
      if (probe.version && probe.version < MIN_PG_MAJOR * 10000) {
        ctx.say(
          `PostgreSQL: warning: the server is version ${Math.floor(probe.version / 10000)}; ${MIN_PG_MAJOR}+ is expected.`,
        );
      }
      ctx.say(
        `PostgreSQL: using ${cfg.masked} (${ownedNote(ctx, 'postgres', cfg)}).`,
      );
      return;
    }
    if (probe.state === 'setup') {
      if (!cfg.loopback) {
        throw new ServicesError(
          `PostgreSQL at ${cfg.masked} answers but refuses the login: ${probe.reason}. ` +
            `It is not on this machine, so this script does not change it: fix DATABASE_URL, or ask its admin to ${manualSetupHint(cfg)}`,
        );
      }
      const psql =
        which('psql') ??
        (await findPostgresBins())?.dir?.concat('/psql') ??
        null;
      const owned =
        ctx.state.postgres?.kind === 'local' &&
        ctx.state.postgres.port === cfg.port &&
        pidAlive(ctx.state.postgres.pid);
      const ways = superuserWaysForFoundServer(cfg, psql);
      if (owned && ctx.state.postgres.runAs) {
        const e = ctx.state.postgres;
        ways.unshift(
          psqlWay('as the postgres OS user over the unix socket', {
            psql: path.join(e.binDir, 'psql'),
            asUser: e.runAs,
            host: e.socketDir,
            port: cfg.port,
          }),
        );
      } else if (owned) {
        const me = os.userInfo().username;
        ways.unshift(
          pgClientWay(`as ${me} over the unix socket`, {
            host: ctx.state.postgres.socketDir,
            port: cfg.port,
            user: me,
            database: 'postgres',
          }),
        );
      }
      await bootstrapPostgres(ctx, cfg, ways, { owned, why: probe.reason });
      const after = await probePostgres(cfg);
      if (after.state !== 'ok') {
        throw new ServicesError(
          `PostgreSQL at ${cfg.masked} still refuses the login after setting up the role and databases: ${after.reason}. ` +
            (after.code === '28P01'
              ? `The role "${cfg.user}" probably exists with another password: fix DATABASE_URL, or as a superuser run ALTER ROLE ${escapeIdentifier(cfg.user)} PASSWORD '<the password in DATABASE_URL>';`
              : `Fix DATABASE_URL, or ${manualSetupHint(cfg)}`),
        );
      }
      probe = after;
      continue;
    }
    if (probe.state === 'other')
      throw new ServicesError(
        portTakenMessage('PostgreSQL', 'DATABASE_URL', cfg, probe.reason),
      );
    // Nothing answers.
    if (!cfg.loopback)
      throw new ServicesError(
        remoteDownMessage(
          'PostgreSQL',
          'DATABASE_URL',
          cfg.masked,
          probe.reason,
          DEFAULT_DATABASE_URL,
        ),
      );
    if (await tcpAnswers(cfg.host, cfg.port)) {
      throw new ServicesError(
        portTakenMessage(
          'PostgreSQL',
          'DATABASE_URL',
          cfg,
          `no answer to a login: ${probe.reason}`,
        ),
      );
    }
    if (await startPostgres(ctx, cfg)) return;
    if (!installed && canApt()) {
      await aptInstall(ctx, 'postgresql', 'PostgreSQL');
      installed = true;
      probe = await probePostgresPatiently(cfg, 5000);
      continue;
    }
    if (await dockerAvailable(ctx.projectRoot)) {
      probe = await startWithDocker(
        ctx,
        'postgres',
        'PostgreSQL',
        cfg.masked,
        () => probePostgres(cfg),
      );
      if (probe.state === 'setup') {
        const way = dockerPsqlWay(ctx.projectRoot);
        await bootstrapPostgres(
          ctx,
          cfg,
          [way, ...superuserWaysForFoundServer(cfg, null)],
          { owned: true },
        );
        probe = await probePostgres(cfg);
      }
      if (probe.state !== 'ok')
        throw new ServicesError(
          `PostgreSQL: the docker container answers but ${cfg.masked} refuses the login: ${probe.reason}`,
        );
      ctx.say(`PostgreSQL: using ${cfg.masked} (docker compose container).`);
      return;
    }
    throw new ServicesError(
      `PostgreSQL ${MIN_PG_MAJOR}+ was not found at ${cfg.masked} and there is no way to start it here: ${INSTALL_HINT}, ` +
        `or start Docker (docker/compose.yml has it), or set DATABASE_URL to a server that answers.`,
    );
  }
}

/** @param {RedisConfig} cfg */
async function ensureRedis(ctx, cfg, firstProbe) {
  let probe = firstProbe;
  let installed = false;
  for (;;) {
    if (probe.state === 'starting') {
      probe =
        (await waitUntil(async () => {
          const p = await probeRedis(cfg);
          return p.state === 'starting' ? null : p;
        }, 30_000)) ?? probe;
    }
    if (probe.state === 'ok') {
      ctx.say(`Redis: using ${cfg.masked} (${ownedNote(ctx, 'redis', cfg)}).`);
      if (probe.warning) ctx.say(`Redis: note: ${probe.warning}.`);
      if (probe.policy && probe.policy !== 'noeviction') {
        ctx.say(
          `Redis: warning: its maxmemory-policy is ${probe.policy}; queued jobs can be evicted. ` +
            `Set it to noeviction (redis-cli -p ${cfg.port} CONFIG SET maxmemory-policy noeviction).`,
        );
      }
      if (cfg.db === 1)
        ctx.say(
          'Redis: warning: REDIS_URL uses database 1, which the tests use too (testRedisUrl).',
        );
      return;
    }
    if (probe.state === 'auth') {
      throw new ServicesError(
        `Redis at ${cfg.masked} answers but refuses the login: ${probe.reason}. Fix the user name or password in REDIS_URL.`,
      );
    }
    if (probe.state === 'other')
      throw new ServicesError(
        portTakenMessage('Redis', 'REDIS_URL', cfg, probe.reason),
      );
    if (!cfg.loopback)
      throw new ServicesError(
        remoteDownMessage(
          'Redis',
          'REDIS_URL',
          cfg.masked,
          probe.reason,
          DEFAULT_REDIS_URL,
        ),
      );
    if (await tcpAnswers(cfg.host, cfg.port)) {
      throw new ServicesError(
        portTakenMessage(
          'Redis',
          'REDIS_URL',
          cfg,
          `no answer to PING: ${probe.reason}`,
        ),
      );
    }
    if (await startRedis(ctx, cfg)) return;
    if (!installed && canApt()) {
      await aptInstall(ctx, 'redis-server', 'Redis');
      installed = true;
      await sleep(1000);
      probe = await probeRedis(cfg);
      continue;
    }
    if (await dockerAvailable(ctx.projectRoot)) {
      probe = await startWithDocker(ctx, 'redis', 'Redis', cfg.masked, () =>
        probeRedis(cfg),
      );
      if (probe.state !== 'ok')
        throw new ServicesError(
          `Redis: the docker container answers but not as ${cfg.masked} expects: ${probe.reason}`,
        );
      ctx.say(`Redis: using ${cfg.masked} (docker compose container).`);
      return;
    }
    throw new ServicesError(
      `Redis was not found at ${cfg.masked} and there is no way to start it here: ${INSTALL_HINT}, ` +
        `or start Docker (docker/compose.yml has it), or set REDIS_URL to a server that answers.`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

/**
 * Finds PostgreSQL and Redis, or starts them (on loopback only), and makes sure the role,
 * the database and the _test database exist.
 *
 * @param {{databaseUrl?: string, redisUrl?: string, projectRoot?: string, log?: (msg: string) => void}} [options]
 * @returns {Promise<{databaseUrl: string, testDatabaseUrl: string, redisUrl: string, testRedisUrl: string, started: string[]}>}
 *   `started` lists what this call started ('postgres', 'redis'); empty when everything already answered.
 * @throws {ServicesError} with a message for a person (passwords masked)
 */
export async function ensureServices({
  databaseUrl,
  redisUrl,
  projectRoot,
  log = console.error,
} = {}) {
  const say = (m) => log(redact(m));
  projectRoot = path.resolve(projectRoot ?? DEFAULT_PROJECT_ROOT);
  const pgCfg = parsePostgresUrl(databaseUrl ?? DEFAULT_DATABASE_URL);
  const redisCfg = parseRedisUrl(redisUrl ?? DEFAULT_REDIS_URL);
  try {
    return await withLock(projectRoot, say, async () => {
      const ctx = {
        projectRoot,
        say,
        state: readState(projectRoot),
        started: [],
      };
      const [pgProbe, redisProbe] = await Promise.all([
        probePostgres(pgCfg),
        probeRedis(redisCfg),
      ]);

      // A remote server that does not answer: fail at once, before starting anything.
      const remote = [];
      if (pgProbe.state === 'down' && !pgCfg.loopback) {
        remote.push(
          remoteDownMessage(
            'PostgreSQL',
            'DATABASE_URL',
            pgCfg.masked,
            pgProbe.reason,
            DEFAULT_DATABASE_URL,
          ),
        );
      }
      if (redisProbe.state === 'down' && !redisCfg.loopback) {
        remote.push(
          remoteDownMessage(
            'Redis',
            'REDIS_URL',
            redisCfg.masked,
            redisProbe.reason,
            DEFAULT_REDIS_URL,
          ),
        );
      }
      if (remote.length) throw new ServicesError(remote.join('\n'));

      const errors = [];
      for (const [fn, cfg, probe] of [
        [ensurePostgres, pgCfg, pgProbe],
        [ensureRedis, redisCfg, redisProbe],
      ]) {
        try {
          await fn(ctx, cfg, probe);
        } catch (e) {
          errors.push(e);
        }
      }
      if (errors.length === 1) throw errors[0];
      if (errors.length > 1)
        throw new ServicesError(errors.map((e) => e.message).join('\n'));
      return {
        databaseUrl: pgCfg.url,
        testDatabaseUrl: pgCfg.testUrl,
        redisUrl: redisCfg.url,
        testRedisUrl: redisCfg.testUrl,
        started: ctx.started,
      };
    });
  } catch (e) {
    if (e instanceof ServicesError) throw new ServicesError(redact(e.message));
    const err = new Error(redact(e?.message ?? String(e)));
    err.stack = redact(e?.stack ?? '');
    throw err;
  }
}

const LABEL = { postgres: 'PostgreSQL', redis: 'Redis' };

async function stopLocalPostgres(ctx, e) {
  const where = show(ctx.projectRoot, e.dataDir);
  const live = readPostmasterPid(e.dataDir);
  if (!live || !pidAlive(live)) {
    ctx.say(`PostgreSQL: was not running any more (data kept in ${where}).`);
    return false;
  }
  if (live !== e.pid) {
    ctx.say(
      `PostgreSQL: the server in ${where} now runs as pid ${live}, not the pid ${e.pid} this script started: leaving it alone.`,
    );
    return false;
  }
  const r = await run(
    path.join(e.binDir, 'pg_ctl'),
    ['-D', e.dataDir, '-m', 'fast', '-w', '-t', '60', 'stop'],
    {
      asUser: e.runAs,
      env: pgToolEnv(),
      timeoutMs: 75_000,
    },
  );
  if (r.code !== 0 || !(await waitUntil(() => !pidAlive(live), 10_000))) {
    throw new ServicesError(
      `PostgreSQL: could not stop pid ${live} (pg_ctl exit ${r.code}):\n${indent(r.stderr || r.stdout)}`,
    );
  }
  // A socket folder of ours outside .data (long project paths) is empty now: tidy it away.
  if (e.socketDir && path.basename(e.socketDir).startsWith('hub-pg-')) {
    try {
      fs.rmdirSync(e.socketDir);
    } catch {
      /* not empty or gone: leave it */
    }
  }
  ctx.say(
    `PostgreSQL: stopped the server this script started (pid ${live}); data kept in ${where}.`,
  );
  return true;
}

async function stopLocalRedis(ctx, e) {
  const where = show(ctx.projectRoot, e.dataDir);
  if (!pidAlive(e.pid)) {
    ctx.say(`Redis: was not running any more (data kept in ${where}).`);
    return false;
  }
  const cmd = await processCommandLine(e.pid);
  if (!/redis/i.test(cmd) || !cmd.includes(`:${e.port}`)) {
    ctx.say(
      `Redis: pid ${e.pid} is no longer the Redis this script started (it is "${cmd}"): leaving it alone.`,
    );
    return false;
  }
  process.kill(e.pid, 'SIGTERM');
  if (!(await waitUntil(() => !pidAlive(e.pid), 20_000))) {
    throw new ServicesError(
      `Redis: pid ${e.pid} did not stop within 20 s after SIGTERM; see ${show(ctx.projectRoot, e.logFile)}.`,
    );
  }
  ctx.say(
    `Redis: stopped the server this script started (pid ${e.pid}); data kept in ${where}.`,
  );
  return true;
}

/**
 * Stops what ensureServices() started (as recorded in <projectRoot>/.data/services.json), and nothing else.
 * @param {{projectRoot?: string, only?: string[], log?: (msg: string) => void}} [options]
 *   only: a subset of ['postgres', 'redis']; left out, both. An empty list stops nothing, so
 *   `stopServices({ only: (await ensureServices()).started })` undoes exactly one run.
 * @returns {Promise<string[]>} the names of the services it stopped
 */
export async function stopServices({
  projectRoot,
  only,
  log = console.error,
} = {}) {
  const say = (m) => log(redact(m));
  projectRoot = path.resolve(projectRoot ?? DEFAULT_PROJECT_ROOT);
  const names =
    only === undefined || only === null
      ? ['postgres', 'redis']
      : [...new Set(only)];
  if (names.length === 0) return [];
  for (const n of names) {
    if (!LABEL[n])
      throw new ServicesError(`Unknown service "${n}": use postgres or redis.`);
  }
  if (!fs.existsSync(stateFile(projectRoot))) {
    for (const n of names)
      say(`${LABEL[n]}: nothing to stop (this script did not start it).`);
    return [];
  }
  return withLock(projectRoot, say, async () => {
    const ctx = {
      projectRoot,
      say,
      state: readState(projectRoot),
      started: [],
    };
    const stopped = [];
    for (const n of names) {
      const e = ctx.state[n];
      if (!e) {
        say(`${LABEL[n]}: nothing to stop (this script did not start it).`);
        continue;
      }
      let did;
      if (e.kind === 'docker') {
        const r = await run(
          'docker',
          ['compose', '-f', e.composeFile, 'stop', e.service],
          { toStderr: true, timeoutMs: 120_000 },
        );
        if (r.code !== 0)
          throw new ServicesError(
            `${LABEL[n]}: "docker compose stop ${e.service}" failed (exit ${r.code}).`,
          );
        say(
          `${LABEL[n]}: stopped the "${e.service}" container this script started (its volume is kept).`,
        );
        did = true;
      } else {
        did =
          n === 'postgres'
            ? await stopLocalPostgres(ctx, e)
            : await stopLocalRedis(ctx, e);
      }
      if (did) stopped.push(n);
      delete ctx.state[n];
      writeState(projectRoot, ctx.state);
    }
    return stopped;
  });
}

/**
 * What answers and what this script started; starts and stops nothing.
 * @param {{databaseUrl?: string, redisUrl?: string, projectRoot?: string}} [options]
 */
export async function servicesStatus({
  databaseUrl,
  redisUrl,
  projectRoot,
} = {}) {
  projectRoot = path.resolve(projectRoot ?? DEFAULT_PROJECT_ROOT);
  const pgCfg = parsePostgresUrl(databaseUrl ?? DEFAULT_DATABASE_URL);
  const redisCfg = parseRedisUrl(redisUrl ?? DEFAULT_REDIS_URL);
  const state = readState(projectRoot);
  const [p, r] = await Promise.all([
    probePostgres(pgCfg),
    probeRedis(redisCfg),
  ]);
  const started = (name) => {
    const e = state[name];
    if (!e) return null;
    const alive = e.kind === 'docker' ? null : pidAlive(e.pid);
    return {
      kind: e.kind,
      pid: e.pid ?? null,
      port: e.port ?? null,
      dataDir: e.dataDir ?? null,
      running: alive,
    };
  };
  return {
    postgres: {
      url: pgCfg.masked,
      answering: p.state === 'ok',
      detail: p.state === 'ok' ? 'answers' : p.reason,
      startedByScript: started('postgres'),
    },
    redis: {
      url: redisCfg.masked,
      answering: r.state === 'ok',
      detail: r.state === 'ok' ? 'answers' : r.reason,
      startedByScript: started('redis'),
    },
  };
}

// Exposed for tests and for callers that want to decide without side effects.
export const _internal = {
  probePostgres,
  probeRedis,
  findPostgresBins,
  findRedisServer,
};
