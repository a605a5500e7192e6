// Finds or starts the PostgreSQL and Redis that `npm start`, `npm run dev` and `npm test` need.
//
// Plain Node ESM on purpose: it runs before anything is built. See README.md beside this file
// for the order of attempts.

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Redis from 'ioredis';
import pg from 'pg';

export const DEFAULT_DATABASE_URL = 'postgres://hub:hub@127.0.0.1:5432/hub';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379/0';
/** The repository root (two folders up from this file). */
export const DEFAULT_PROJECT_ROOT = path.resolve(
  fileURLToPath(import.meta.url),
  '../../..',
);

const INSTALL_HINT =
  'install it (Debian/Ubuntu: sudo apt-get install postgresql redis-server; macOS: brew install postgresql@16 redis)';
const MIN_PG_MAJOR = 14;
const PG_START_TIMEOUT_S = 30;
const DOCKER_WAIT_MS = 120_000;
const LOCK_WAIT_MS = 10 * 60_000;

/** An error whose message is meant for a person: the CLI prints it as it is. */
export class ServicesError extends Error {
  name = 'ServicesError';
}

// ---------------------------------------------------------------------------------------------
// URLs and masking
// ---------------------------------------------------------------------------------------------

/** Passwords seen in URLs during this process; every message goes through redact(). */
const secrets = new Set();

/**
 * Removes passwords from a message: in URLs, in SQL that psql echoes, in Redis config lines,
 * and any URL password seen so far.
 */
export function redact(text) {
  let out = String(text)
    .replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^\s/@:]*:)[^\s@/]*@/gi, '$1***@')
    .replace(/(PASSWORD\s+)E?'(?!<)(?:[^']|'')*'/gi, "$1'***'")
    .replace(/(requirepass\s+)\S+/gi, '$1***');
  // Short ones (like the default "hub") would also mask ordinary words.
  for (const s of [...secrets].sort((a, b) => b.length - a.length)) {
    if (s.length >= 8) out = out.replaceAll(s, '***');
  }
  return out;
}

/** The URL with its password replaced by ***, for messages. */
export function maskUrl(raw) {
  try {
    const u = new URL(raw);
    if (u.password) u.password = '***';
    return redact(u.href);
  } catch {
    return redact(raw);
  }
}

/** True for 127.0.0.0/8, ::1 and localhost: the only hosts this script ever starts anything on. */
export function isLoopbackHost(host) {
  const h = String(host)
    .replace(/^\[|\]$/g, '')
    .toLowerCase();
  return (
    ['localhost', '::1', '0:0:0:0:0:0:0:1'].includes(h) ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)
  );
}

/** The address a server started here listens on. */
const bindAddress = (host) => (host === 'localhost' ? '127.0.0.1' : host);
const hostPort = (host, port) =>
  host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;

function parseUrl(raw, envName, protocols, example) {
  let u;
  try {
    u = new URL(raw);
  } catch {
    throw new ServicesError(
      `${envName} is not a valid URL: ${maskUrl(raw)}. It should look like ${maskUrl(example)}.`,
    );
  }
  if (u.password) secrets.add(decodeURIComponent(u.password));
  if (!protocols.includes(u.protocol)) {
    throw new ServicesError(
      `${envName} must start with ${protocols[0]}// (it is ${maskUrl(raw)}).`,
    );
  }
  const host = u.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1';
  return { u, host, loopback: isLoopbackHost(host), masked: maskUrl(u.href) };
}

function withPath(u, pathname) {
  const t = new URL(u.href);
  t.pathname = pathname;
  return t.href;
}

export function parsePostgresUrl(raw) {
  const { u, ...common } = parseUrl(
    raw,
    'DATABASE_URL',
    ['postgres:', 'postgresql:'],
    DEFAULT_DATABASE_URL,
  );
  const user = decodeURIComponent(u.username);
  if (!user) {
    throw new ServicesError(
      `DATABASE_URL has no user name: ${common.masked}. Write it as postgres://USER:PASSWORD@HOST:PORT/DATABASE.`,
    );
  }
  const database = decodeURIComponent(u.pathname.slice(1)) || user;
  const testDatabase = `${database}_test`;
  return {
    ...common,
    url: u.href,
    testUrl: withPath(u, '/' + encodeURIComponent(testDatabase)),
    port: Number(u.port || 5432),
    user,
    password: decodeURIComponent(u.password),
    database,
    testDatabase,
  };
}

export function parseRedisUrl(raw) {
  const { u, ...common } = parseUrl(
    raw,
    'REDIS_URL',
    ['redis:', 'rediss:'],
    DEFAULT_REDIS_URL,
  );
  const dbText = u.pathname.slice(1);
  const db = dbText === '' ? 0 : Number(dbText);
  if (!Number.isInteger(db) || db < 0) {
    throw new ServicesError(
      `REDIS_URL ends in "/${dbText}", which is not a database number: ${common.masked}.`,
    );
  }
  return {
    ...common,
    url: u.href,
    testUrl: withPath(u, '/1'),
    port: Number(u.port || 6379),
    username: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    db,
    tls: u.protocol === 'rediss:',
  };
}

// ---------------------------------------------------------------------------------------------
// Small helpers: processes, files, users
// ---------------------------------------------------------------------------------------------

const ignore = () => undefined;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const isRoot = () => process.getuid?.() === 0;
const firstLine = (text) => String(text).split('\n')[0];

function readText(file) {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    return '';
  }
}

/** The environment without PG* variables, which would point PostgreSQL tools elsewhere. */
const pgToolEnv = () =>
  Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('PG')),
  );

/**
 * Runs a program; resolves to {code, stdout, stderr} and never rejects. `live` shows its output
 * on stderr (stdout is kept for --json); `asUser` runs it through runuser.
 */
function run(
  cmd,
  args,
  { input, asUser, live, timeoutMs = 60_000, ...options } = {},
) {
  if (asUser) [cmd, args] = ['runuser', ['-u', asUser, '--', cmd, ...args]];
  return new Promise((resolve) => {
    const out = live ? 2 : 'pipe';
    const child = spawn(cmd, args, {
      cwd: '/', // a folder any user that runuser switches to can enter
      stdio: [input === undefined ? 'ignore' : 'pipe', out, out],
      timeout: timeoutMs,
      killSignal: 'SIGKILL',
      ...options,
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d) => (stdout += d));
    child.stderr?.on('data', (d) => (stderr += d));
    child.on('error', (e) =>
      resolve({ code: -1, stdout, stderr: stderr + e.message }),
    );
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin?.on('error', ignore).end(input);
  });
}

function isExecutable(p) {
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** The first executable `name` on PATH, then in `dirs`; or null. */
const which = (name, dirs = []) =>
  [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), ...dirs]
    .map((dir) => path.join(dir, name))
    .find(isExecutable) ?? null;

/** An OS user from /etc/passwd, or null. */
function osUser(name) {
  const f = readText('/etc/passwd')
    .split('\n')
    .map((line) => line.split(':'))
    .find((f) => f[0] === name);
  return f ? { name, uid: Number(f[2]), gid: Number(f[3]), home: f[5] } : null;
}

/** Is the process there? A zombie (exited, not yet reaped) counts as gone. */
function pidAlive(pid) {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (e) {
    if (e.code !== 'EPERM') return false;
  }
  const stat = readText(`/proc/${pid}/stat`);
  if (!stat) return process.platform !== 'linux';
  return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
}

async function commandLine(pid) {
  const proc = readText(`/proc/${pid}/cmdline`).replaceAll('\0', ' ');
  if (proc) return proc;
  const r = await run('ps', ['-o', 'command=', '-p', String(pid)], {
    timeoutMs: 5000,
  });
  return r.stdout.trim();
}

/** Calls `fn` until `done(value)` or time is up; returns the last value. */
async function waitFor(fn, done, timeoutMs, intervalMs = 200) {
  for (const end = Date.now() + timeoutMs; ; await sleep(intervalMs)) {
    const value = await fn();
    if (done(value) || Date.now() >= end) return value;
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

const tail = (file) => readText(file).split('\n').slice(-15).join('\n');
const indent = (text) =>
  String(text)
    .trim()
    .split('\n')
    .map((l) => '    ' + l)
    .join('\n');
const shortHash = (s) =>
  createHash('sha256').update(s).digest('hex').slice(0, 10);

/** A path relative to the project when it is inside it (".data/postgres"), else absolute. */
function show(projectRoot, p) {
  const rel = path.relative(projectRoot, p);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
}

/** Creates `dir` with `mode`, owned by `owner` when root; refuses a folder someone else owns. */
function ownedDir(dir, owner, mode) {
  fs.mkdirSync(dir, { recursive: true, mode });
  const st = fs.lstatSync(dir);
  if (!st.isDirectory()) {
    throw new ServicesError(
      `${dir} exists but is not a folder: remove it and try again.`,
    );
  }
  if (st.uid !== (process.getuid?.() ?? st.uid) && st.uid !== owner?.uid) {
    throw new ServicesError(
      `${dir} belongs to another user (uid ${st.uid}): remove it and try again.`,
    );
  }
  if (owner && isRoot()) fs.chownSync(dir, owner.uid, owner.gid);
  fs.chmodSync(dir, mode);
}

// ---------------------------------------------------------------------------------------------
// State (.data/services.json) and the lock that keeps two runs from racing
// ---------------------------------------------------------------------------------------------

const dataRoot = (projectRoot) => path.join(projectRoot, '.data');
const stateFile = (projectRoot) =>
  path.join(dataRoot(projectRoot), 'services.json');

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
  if (Object.keys(state).length === 0) return fs.rmSync(file, { force: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(state, null, 2) + '\n');
  fs.renameSync(tmp, file); // atomic: a reader never sees half a file
}

async function withLock(projectRoot, say, fn) {
  const lock = path.join(dataRoot(projectRoot), 'services.lock');
  fs.mkdirSync(path.dirname(lock), { recursive: true, mode: 0o755 });
  for (let told = false, end = Date.now() + LOCK_WAIT_MS; ;) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      const holder = Number(readText(lock));
      // Left behind by a run that died: take it over.
      if (!holder || holder === process.pid || !pidAlive(holder)) {
        fs.rmSync(lock, { force: true });
        continue;
      }
      if (Date.now() > end) {
        throw new ServicesError(
          `Another run of this script (pid ${holder}) holds ${lock}: wait for it, or remove the file if that process is stuck.`,
        );
      }
      if (!told) {
        say(
          `Waiting for another run of this script (pid ${holder}) to finish...`,
        );
      }
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

/** Records a server this script started, so that `down` stops it and nothing else. */
function record(ctx, name, entry) {
  ctx.state[name] = { ...entry, startedAt: new Date().toISOString() };
  writeState(ctx.projectRoot, ctx.state);
  ctx.started.push(name);
}

/** Is the recorded local server for `name` ours, alive, and on the URL's port? */
function ownsLocal(ctx, name, cfg) {
  const e = ctx.state[name];
  return e?.kind === 'local' && e.port === cfg.port && pidAlive(e.pid);
}

// ---------------------------------------------------------------------------------------------
// Probing. A probe is {state: 'ok', warnings} or {state, reason} with state one of
// 'down' (nothing answers), 'starting', 'login' (refused) or 'other' (not this kind of server).
// ---------------------------------------------------------------------------------------------

const DOWN_REASONS = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name not found',
  ETIMEDOUT: 'no answer in time',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'host unreachable',
  EADDRNOTAVAIL: 'address not available',
};

/** Why nothing answered, or null when something did. */
const downReason = (e) =>
  DOWN_REASONS[e.code] ??
  (!e.code && /time(d )?out/i.test(e.message) ? 'no answer in time' : null);

const settled = (probe) => probe.state !== 'down' && probe.state !== 'starting';

/** A real login with the URL's credentials, to both the database and the _test database. */
async function probePostgres(cfg) {
  let version;
  for (const connectionString of [cfg.url, cfg.testUrl]) {
    const c = new pg.Client({
      connectionString,
      connectionTimeoutMillis: 5000,
    });
    c.on('error', ignore);
    try {
      await c.connect();
      const { rows } = await c.query('SHOW server_version_num');
      version = Number(rows[0].server_version_num);
    } catch (e) {
      const down = downReason(e);
      if (down) return { state: 'down', reason: down };
      // invalid password, no such role, no such database
      if (['28P01', '28000', '3D000'].includes(e.code))
        return { state: 'login', reason: e.message, code: e.code };
      if (e.code === '57P03') return { state: 'starting', reason: e.message };
      return { state: 'other', reason: e.message || String(e) };
    } finally {
      c.end().catch(ignore);
    }
  }
  const warnings =
    version < MIN_PG_MAJOR * 10000
      ? [
          `warning: the server is version ${Math.floor(version / 10000)}; ${MIN_PG_MAJOR}+ is expected.`,
        ]
      : [];
  return { state: 'ok', warnings };
}

/** PING as the URL says, with a one-shot client: no retries, no queue, nothing printed. */
async function probeRedis(cfg, timeoutMs = 3000) {
  const r = new Redis({
    host: cfg.host,
    port: cfg.port,
    tls: cfg.tls ? {} : undefined,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    // AUTH and SELECT are sent below, so that a password this Redis does not need is a note
    // here rather than an ioredis console warning.
    enableReadyCheck: false,
    disableClientInfo: true,
  });
  let connectionError; // the cause; connect() itself only says "Connection is closed."
  r.on('error', (e) => (connectionError ??= e));
  const warnings = [];
  try {
    await r.connect();
    if (cfg.password) {
      const who = cfg.username ? [cfg.username] : [];
      await r.auth(...who, cfg.password).catch((e) => {
        if (
          !/without any password configured|no password is set/i.test(e.message)
        )
          throw e;
        warnings.push(
          'note: REDIS_URL has a password but this Redis asks for none.',
        );
      });
    }
    await r.select(cfg.db);
    await r.ping();
    // Managed Redis services may refuse CONFIG: then there is nothing to warn about.
    const [, policy] = await r
      .config('GET', 'maxmemory-policy')
      .catch(() => []);
    const info = await r.info('server').catch(() => '');
    if (policy && policy !== 'noeviction') {
      warnings.push(
        `warning: its maxmemory-policy is ${policy}; queued jobs can be evicted. ` +
          `Set it to noeviction (redis-cli -p ${cfg.port} CONFIG SET maxmemory-policy noeviction).`,
      );
    }
    if (cfg.db === 1) {
      warnings.push(
        'warning: REDIS_URL uses database 1, which the tests use too (testRedisUrl).',
      );
    }
    const version = /redis_version:(\S+)/.exec(info)?.[1] ?? null;
    return { state: 'ok', version, warnings };
  } catch (e) {
    const err = connectionError ?? e;
    const down = downReason(err);
    if (down) return { state: 'down', reason: down };
    const code = err.message.split(' ')[0]; // a reply error starts with its code
    if (code === 'NOAUTH' || code === 'WRONGPASS')
      return { state: 'login', reason: err.message };
    if (code === 'LOADING') return { state: 'starting', reason: err.message };
    if (err.name === 'ParserError')
      return { state: 'other', reason: 'the answer is not the Redis protocol' };
    if (err.message === 'Connection is closed.')
      return { state: 'other', reason: 'the server closed the connection' };
    return { state: 'other', reason: err.message };
  } finally {
    r.disconnect();
  }
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL: creating the role and databases as a superuser
// ---------------------------------------------------------------------------------------------

const { escapeIdentifier, escapeLiteral } = pg;
const PSQL_ARGS = ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1'];
const SUPERUSER_SQL =
  'SELECT 1 FROM pg_roles WHERE rolname = current_user AND (rolsuper OR (rolcreaterole AND rolcreatedb))';

/** A way in as a superuser through pg; query(sql) resolves to rows of values. */
function clientWay(label, config) {
  return {
    label,
    async query(sql) {
      const c = new pg.Client({
        database: 'postgres',
        ...config,
        connectionTimeoutMillis: 5000,
      });
      c.on('error', ignore);
      try {
        await c.connect();
        return (await c.query({ text: sql, rowMode: 'array' })).rows;
      } finally {
        c.end().catch(ignore);
      }
    },
  };
}

/** A way in through psql, which reads the SQL on stdin so that no password is in a command line. */
function psqlWay(label, argv, options) {
  return {
    label,
    async query(sql) {
      const r = await run(argv[0], argv.slice(1), {
        ...options,
        input: `${sql}\n`,
      });
      if (r.code !== 0)
        throw new Error((r.stderr || r.stdout).trim() || `exit ${r.code}`);
      return r.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => [l]);
    },
  };
}

/** Ways to become a superuser on a loopback server, in the order to try them. */
function superuserWays(ctx, cfg) {
  const me = os.userInfo().username;
  const { host, port } = cfg;
  const psqlArgs = (...more) => [
    ...PSQL_ARGS,
    ...more,
    '-d',
    'postgres',
    '-f',
    '-',
  ];
  const localPsql = (label, psql, asUser, socketDir) =>
    psqlWay(
      label,
      [
        psql,
        ...psqlArgs(
          '-p',
          String(port),
          ...(socketDir ? ['-h', socketDir] : []),
        ),
      ],
      { asUser, env: pgToolEnv() },
    );
  const ways = [];
  const e = ctx.state.postgres;
  // A server this script started trusts its OS user over its own unix socket (peer auth).
  if (ownsLocal(ctx, 'postgres', cfg)) {
    ways.push(
      e.runAs
        ? localPsql(
            'as the postgres OS user over the unix socket',
            path.join(e.binDir, 'psql'),
            e.runAs,
            e.socketDir,
          )
        : clientWay(`as ${me} over the unix socket`, {
            host: e.socketDir,
            port,
            user: me,
          }),
    );
  }
  // The compose container's socket trusts its POSTGRES_USER.
  if (e?.kind === 'docker') {
    const compose = ['docker', 'compose', '-f', e.composeFile, 'exec', '-T'];
    const psql = 'exec psql -U "${POSTGRES_USER:-postgres}" "$@"';
    ways.push(
      psqlWay(
        'inside the docker container with psql',
        [...compose, e.service, 'sh', '-c', psql, 'sh', ...psqlArgs()],
        { cwd: ctx.projectRoot },
      ),
    );
  }
  ways.push(
    clientWay('as postgres over TCP', { host, port, user: 'postgres' }),
  );
  const psql = which('psql', pgBinDirs());
  if (isRoot() && osUser('postgres') && which('runuser') && psql) {
    ways.push(
      localPsql(
        'as the postgres OS user over the unix socket',
        psql,
        'postgres',
      ),
    );
  }
  for (const dir of ['/var/run/postgresql', '/run/postgresql', '/tmp']) {
    if (fs.existsSync(path.join(dir, `.s.PGSQL.${port}`))) {
      ways.push(
        clientWay(`as ${me} over the unix socket in ${dir}`, {
          host: dir,
          port,
          user: me,
        }),
      );
    }
  }
  if (me !== 'postgres') {
    ways.push(clientWay(`as ${me} over TCP`, { host, port, user: me }));
  }
  return ways;
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

/**
 * Creates the role (LOGIN PASSWORD from the URL) and both databases when missing, with the first
 * superuser access that works. On a server this script started, the URL is the truth: the role's
 * password is (re)set too.
 */
async function setUpPostgres(ctx, cfg, why) {
  const failures = [];
  let way;
  for (const w of superuserWays(ctx, cfg)) {
    try {
      if ((await w.query(SUPERUSER_SQL)).length) {
        way = w;
        break;
      }
      failures.push(`${w.label}: not a superuser`);
    } catch (e) {
      failures.push(`${w.label}: ${firstLine(e.message)}`);
    }
  }
  if (!way) {
    throw new ServicesError(
      `PostgreSQL at ${cfg.masked} answers, but the login fails (${why}) and no superuser access worked to fix it.\n` +
        `  Tried:\n${indent(failures.join('\n'))}\n` +
        `  Either set DATABASE_URL to a login that works, or ${manualSetupHint(cfg)}`,
    );
  }
  const owned =
    ownsLocal(ctx, 'postgres', cfg) || ctx.state.postgres?.kind === 'docker';
  const role = escapeIdentifier(cfg.user);
  const password = cfg.password
    ? ` PASSWORD ${escapeLiteral(cfg.password)}`
    : '';
  const made = [];
  try {
    const roleExists = await way.query(
      `SELECT 1 FROM pg_roles WHERE rolname = ${escapeLiteral(cfg.user)}`,
    );
    if (!roleExists.length) {
      await way.query(`CREATE ROLE ${role} LOGIN${password}`);
      made.push(`role ${cfg.user}`);
    } else if (owned) {
      await way.query(`ALTER ROLE ${role} LOGIN${password}`);
    }
    const wanted = [cfg.database, cfg.testDatabase];
    const have = await way.query(
      `SELECT datname FROM pg_database WHERE datname IN (${wanted.map(escapeLiteral)})`,
    );
    const missing = wanted.filter((db) => !have.some((row) => row[0] === db));
    for (const db of missing) {
      await way.query(`CREATE DATABASE ${escapeIdentifier(db)} OWNER ${role}`);
    }
    if (missing.length) {
      made.push(
        `${missing.length > 1 ? 'databases' : 'database'} ${missing.join(', ')}`,
      );
    }
  } catch (e) {
    throw new ServicesError(
      `PostgreSQL: could not create the role or databases (${way.label}): ${e.message}`,
    );
  }
  if (made.length) {
    ctx.say(
      `PostgreSQL: created ${made.join(' and ')} on ${hostPort(cfg.host, cfg.port)} (${way.label}).`,
    );
  }
}

/** The login was refused: on this machine, set up the role and databases; else say what to do. */
async function fixPostgresLogin(ctx, cfg, probe) {
  if (!cfg.loopback) {
    throw new ServicesError(
      `PostgreSQL at ${cfg.masked} answers but refuses the login: ${probe.reason}. ` +
        `It is not on this machine, so this script does not change it: fix DATABASE_URL, or ask its admin to ${manualSetupHint(cfg)}`,
    );
  }
  await setUpPostgres(ctx, cfg, probe.reason);
  const after = await probePostgres(cfg);
  if (after.state !== 'login') return after;
  throw new ServicesError(
    `PostgreSQL at ${cfg.masked} still refuses the login after setting up the role and databases: ${after.reason}. ` +
      (after.code === '28P01'
        ? `The role "${cfg.user}" probably exists with another password: fix DATABASE_URL, or as a superuser run ALTER ROLE ${escapeIdentifier(cfg.user)} PASSWORD '<the password in DATABASE_URL>';`
        : `Fix DATABASE_URL, or ${manualSetupHint(cfg)}`),
  );
}

function redisLoginError(ctx, cfg, probe) {
  throw new ServicesError(
    `Redis at ${cfg.masked} answers but refuses the login: ${probe.reason}. Fix the user name or password in REDIS_URL.`,
  );
}

// ---------------------------------------------------------------------------------------------
// Starting from binaries installed here
// ---------------------------------------------------------------------------------------------

/** Where PostgreSQL's bin folders may be: PATH first, then the usual install places. */
function pgBinDirs() {
  const onPath = which('pg_ctl');
  const dirs = onPath ? [path.dirname(fs.realpathSync(onPath))] : [];
  for (const [parent, re] of [
    ['/usr/lib/postgresql', /^\d+$/],
    ['/usr', /^pgsql-\d+$/],
    ['/opt/homebrew/opt', /^postgresql(@\d+)?$/],
    ['/usr/local/opt', /^postgresql(@\d+)?$/],
    ['/Applications/Postgres.app/Contents/Versions', /^\d+$/],
  ]) {
    try {
      for (const n of fs.readdirSync(parent)) {
        if (re.test(n)) dirs.push(path.join(parent, n, 'bin'));
      }
    } catch {
      /* not installed there */
    }
  }
  return dirs;
}

/**
 * The bin folder with initdb and pg_ctl: of major version `wantMajor` (an existing data folder
 * needs it), else the highest, if it is at least MIN_PG_MAJOR.
 */
async function findPostgresBins(wantMajor) {
  const found = [];
  for (const dir of new Set(pgBinDirs())) {
    const pgCtl = path.join(dir, 'pg_ctl');
    if (!isExecutable(pgCtl) || !isExecutable(path.join(dir, 'initdb')))
      continue;
    const r = await run(pgCtl, ['--version'], {
      env: pgToolEnv(),
      timeoutMs: 10_000,
    });
    const major = r.code === 0 ? Number(/\d+/.exec(r.stdout)?.[0]) : 0;
    if (major) found.push({ dir: fs.realpathSync(dir), major });
  }
  if (wantMajor) return found.find((f) => f.major === wantMajor) ?? null;
  const best = found.sort((a, b) => b.major - a.major)[0];
  return best?.major >= MIN_PG_MAJOR ? best : null;
}

/** postgresql.conf string literal. */
const confString = (s) =>
  `'${String(s).replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

/** As root, PostgreSQL runs as the postgres OS user (it refuses to run as root). */
function postgresRunAs() {
  if (!isRoot()) return null;
  const user = osUser('postgres');
  if (!user) {
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
  return user;
}

/** @returns {Promise<boolean>} false when no PostgreSQL binaries are installed */
async function startPostgres(ctx, cfg) {
  if (!cfg.password) {
    throw new ServicesError(
      `DATABASE_URL has no password (${cfg.masked}); the PostgreSQL started here needs one, e.g. postgres://${cfg.user}:SOME_PASSWORD@${hostPort(cfg.host, cfg.port)}/${cfg.database}.`,
    );
  }
  const runAs = postgresRunAs();
  const asUser = runAs?.name ?? null;
  const base = dataRoot(ctx.projectRoot);
  let dataDir = path.join(base, 'postgres');
  let socketDir = path.join(base, 'run');
  if (runAs) {
    fs.chmodSync(base, (fs.statSync(base).mode & 0o7777) | 0o711);
    const reach = await run('test', ['-x', base], {
      asUser,
      timeoutMs: 10_000,
    });
    if (reach.code !== 0) {
      dataDir = path.join(
        runAs.home || '/var/tmp',
        'hub-services',
        shortHash(ctx.projectRoot),
        'postgres',
      );
      socketDir = null;
      ctx.say(
        `PostgreSQL: the postgres OS user cannot reach ${base} (a parent folder is private), so the data goes to ${dataDir}.`,
      );
    }
  }
  // A unix socket's path must fit in about 100 bytes.
  if (
    !socketDir ||
    Buffer.byteLength(path.join(socketDir, `.s.PGSQL.${cfg.port}.lock`)) > 100
  ) {
    socketDir = path.join(
      os.tmpdir().length < 40 ? os.tmpdir() : '/tmp',
      `hub-pg-${shortHash(ctx.projectRoot)}`,
    );
  }
  const where = show(ctx.projectRoot, dataDir);
  const existingMajor = Number(readText(path.join(dataDir, 'PG_VERSION')));
  const bins = await findPostgresBins(existingMajor || undefined);
  if (!bins) {
    const any = existingMajor && (await findPostgresBins());
    if (!any) return false;
    throw new ServicesError(
      `PostgreSQL: ${where} holds data for PostgreSQL ${existingMajor}, but only PostgreSQL ${any.major} is installed. ` +
        `Install PostgreSQL ${existingMajor}, or move ${where} away to start with a fresh, empty one.`,
    );
  }
  const tool = (name) => path.join(bins.dir, name);
  const env = pgToolEnv();
  const logFile = path.join(dataDir, 'server.log');

  ownedDir(path.dirname(dataDir), null, 0o755);
  ownedDir(socketDir, runAs, 0o700);
  if (!existingMajor) {
    ownedDir(dataDir, runAs, 0o700);
    if (fs.readdirSync(dataDir).length > 0) {
      throw new ServicesError(
        `PostgreSQL: ${where} is not empty but holds no PostgreSQL data (no PG_VERSION): move it away and try again.`,
      );
    }
    ctx.say(`PostgreSQL: creating a new data folder in ${where} (initdb)...`);
    const r = await run(
      tool('initdb'),
      ['-D', dataDir, '-E', 'UTF8', '--locale=C'].concat([
        '--auth-local=peer',
        '--auth-host=scram-sha-256',
      ]),
      { asUser, env, timeoutMs: 180_000 },
    );
    if (r.code !== 0) {
      throw new ServicesError(
        `PostgreSQL: initdb failed (exit ${r.code}):\n${indent(r.stderr || r.stdout)}`,
      );
    }
  }

  // Our settings live in their own file, rewritten on every start so that the URL always wins.
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
  const include = "include_if_exists = 'hub_services.conf'";
  if (!fs.readFileSync(mainConf, 'utf8').includes(include)) {
    fs.appendFileSync(mainConf, `\n# added by tools/services\n${include}\n`);
  }
  if (runAs) {
    for (const f of [hubConf, mainConf]) fs.chownSync(f, runAs.uid, runAs.gid);
  }

  const address = hostPort(bindAddress(cfg.host), cfg.port);
  const start = await run(
    tool('pg_ctl'),
    ['-D', dataDir, '-l', logFile, '-w'].concat([
      '-t',
      String(PG_START_TIMEOUT_S),
      'start',
    ]),
    { asUser, env, timeoutMs: (PG_START_TIMEOUT_S + 15) * 1000 },
  );
  if (start.code !== 0) {
    throw new ServicesError(
      `PostgreSQL: could not start it from ${bins.dir} on ${address} (exit ${start.code}).\n` +
        `  Last lines of ${show(ctx.projectRoot, logFile)}:\n${indent(tail(logFile) || start.stderr || start.stdout)}`,
    );
  }
  record(ctx, 'postgres', {
    kind: 'local',
    pid: Number(firstLine(readText(path.join(dataDir, 'postmaster.pid')))),
    port: cfg.port,
    host: bindAddress(cfg.host),
    dataDir,
    socketDir,
    logFile,
    binDir: bins.dir,
    runAs: asUser,
  });
  ctx.say(
    `PostgreSQL: started from ${bins.dir} on ${address}, data in ${where}` +
      `${existingMajor ? ' (kept from an earlier run)' : ''}.`,
  );
  return true;
}

/** @returns {Promise<boolean>} false when redis-server is not installed */
async function startRedis(ctx, cfg) {
  if (cfg.tls) {
    throw new ServicesError(
      `REDIS_URL uses rediss:// (TLS) on this machine (${cfg.masked}); a Redis started here speaks plain redis://: change the URL.`,
    );
  }
  const bin = which('redis-server', [
    '/usr/bin',
    '/usr/sbin',
    '/usr/local/bin',
    '/opt/homebrew/bin',
  ]);
  if (!bin) return false;
  const dir = path.join(dataRoot(ctx.projectRoot), 'redis');
  const pidFile = path.join(dir, 'redis.pid');
  const logFile = path.join(dir, 'redis.log');
  const reused =
    fs.existsSync(dir) &&
    fs
      .readdirSync(dir)
      .some((n) => n === 'appendonlydir' || /\.(aof|rdb)$/.test(n));
  ownedDir(dir, null, 0o700);

  // The password goes in a file only we can read, not on the command line where `ps` shows it.
  const args = [];
  const authConf = path.join(dir, 'auth.conf');
  fs.rmSync(authConf, { force: true });
  if (cfg.password) {
    const named = cfg.username && cfg.username !== 'default';
    if (named && /[\s"'\\]/.test(cfg.username + cfg.password)) {
      throw new ServicesError(
        `REDIS_URL: a Redis user name or password with spaces, quotes or backslashes cannot be set up here; pick a simpler one.`,
      );
    }
    const line = named
      ? `user ${cfg.username} on >${cfg.password} ~* &* +@all`
      : `requirepass "${cfg.password.replace(/[\\"]/g, '\\$&')}"`;
    fs.writeFileSync(authConf, `${line}\n`, { mode: 0o600 });
    args.push(authConf);
  }
  const address = hostPort(bindAddress(cfg.host), cfg.port);
  args.push(
    ...['--bind', bindAddress(cfg.host), '--port', String(cfg.port)],
    ...[
      '--dir',
      dir,
      '--appendonly',
      'yes',
      '--maxmemory-policy',
      'noeviction',
    ],
    ...['--daemonize', 'yes', '--pidfile', pidFile, '--logfile', logFile],
  );
  fs.rmSync(pidFile, { force: true });
  const r = await run(bin, args, { timeoutMs: 30_000 });
  const probe =
    r.code === 0
      ? await waitFor(() => probeRedis(cfg, 1000), settled, 15_000)
      : null;
  if (probe?.state !== 'ok') {
    const why = !probe
      ? `exit ${r.code}`
      : settled(probe)
        ? probe.reason
        : 'no answer within 15 s';
    throw new ServicesError(
      `Redis: could not start ${bin} on ${address}: ${why}.\n` +
        `  Last lines of ${show(ctx.projectRoot, logFile)}:\n${indent(tail(logFile) || r.stderr || r.stdout || '(empty)')}`,
    );
  }
  record(ctx, 'redis', {
    kind: 'local',
    pid: await waitFor(() => Number(readText(pidFile)), Boolean, 5000, 100),
    port: cfg.port,
    host: bindAddress(cfg.host),
    dataDir: dir,
    pidFile,
    logFile,
    bin,
  });
  ctx.say(
    `Redis: started ${probe.version ? `${probe.version} ` : ''}from ${path.dirname(bin)} on ${address}, ` +
      `data in ${show(ctx.projectRoot, dir)}${reused ? ' (kept from an earlier run)' : ''}.`,
  );
  return true;
}

// ---------------------------------------------------------------------------------------------
// Installing (apt) and Docker
// ---------------------------------------------------------------------------------------------

function canApt() {
  return (
    process.env.HUB_SERVICES_NO_INSTALL !== '1' &&
    isRoot() &&
    /^ID(_LIKE)?=.*\b(debian|ubuntu)\b/im.test(readText('/etc/os-release')) &&
    Boolean(which('apt-get'))
  );
}

let aptUpdated = false;
async function aptInstall(ctx, svc) {
  ctx.say(
    `${svc.label}: not installed; installing the Debian package ${svc.apt} with apt-get (a minute or two)...`,
  );
  const apt = async (...args) => {
    const r = await run('apt-get', args, {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      live: true,
      timeoutMs: 900_000,
    });
    if (r.code !== 0) {
      throw new ServicesError(
        `${svc.label}: "apt-get ${args.join(' ')}" failed (exit ${r.code}); see the output above.`,
      );
    }
  };
  if (!aptUpdated) await apt('update');
  aptUpdated = true;
  await apt('install', '-y', '--no-install-recommends', svc.apt);
}

const composeFile = (projectRoot) =>
  path.join(projectRoot, 'docker', 'compose.yml');

let dockerAnswers;
function dockerAvailable(projectRoot) {
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

/** `docker compose up -d <name>`; resolves to the probe once the URL answers. */
async function startWithDocker(ctx, name, cfg) {
  const { label, probe } = SERVICES[name];
  const file = composeFile(ctx.projectRoot);
  const compose = (args, options) =>
    run('docker', ['compose', '-f', file, ...args], {
      cwd: ctx.projectRoot,
      ...options,
    });
  const ps = await compose(['ps', '--status', 'running', '-q', name]);
  const wasRunning = ps.code === 0 && ps.stdout.trim() !== '';
  ctx.say(
    `${label}: starting the "${name}" container with docker compose (${show(ctx.projectRoot, file)})...`,
  );
  const r = await compose(['up', '-d', name], {
    live: true,
    timeoutMs: 900_000,
  });
  if (r.code !== 0) {
    throw new ServicesError(
      `${label}: "docker compose up -d ${name}" failed (exit ${r.code}); see the output above.`,
    );
  }
  // A container that already ran is not ours to stop.
  if (!wasRunning)
    record(ctx, name, { kind: 'docker', composeFile: file, service: name });
  const p = await waitFor(() => probe(cfg), settled, DOCKER_WAIT_MS, 500);
  if (!settled(p)) {
    throw new ServicesError(
      `${label}: the "${name}" container started but ${cfg.masked} does not answer after ${DOCKER_WAIT_MS / 1000} s: ` +
        `check that docker/compose.yml publishes it on that address (docker compose -f docker/compose.yml logs ${name}).`,
    );
  }
  return p;
}

// ---------------------------------------------------------------------------------------------
// Stopping what this script started
// ---------------------------------------------------------------------------------------------

/** @returns {Promise<boolean>} whether it stopped something */
async function stopStarted(ctx, name, e) {
  const { label } = SERVICES[name];
  if (e.kind === 'docker') {
    const r = await run(
      'docker',
      ['compose', '-f', e.composeFile, 'stop', e.service],
      { live: true, timeoutMs: 120_000 },
    );
    if (r.code !== 0) {
      throw new ServicesError(
        `${label}: "docker compose stop ${e.service}" failed (exit ${r.code}).`,
      );
    }
    ctx.say(
      `${label}: stopped the "${e.service}" container this script started (its volume is kept).`,
    );
    return true;
  }
  const where = show(ctx.projectRoot, e.dataDir);
  if (!pidAlive(e.pid)) {
    ctx.say(`${label}: was not running any more (data kept in ${where}).`);
    return false;
  }
  // Pids get reused: make sure it still is the server this script started.
  const cmd = await commandLine(e.pid);
  const same =
    name === 'postgres'
      ? cmd.includes(e.dataDir)
      : /redis/i.test(cmd) && cmd.includes(`:${e.port}`);
  if (!same) {
    ctx.say(
      `${label}: pid ${e.pid} is no longer the server this script started (it is "${cmd}"): leaving it alone.`,
    );
    return false;
  }
  // SIGINT is PostgreSQL's fast shutdown (what `pg_ctl -m fast stop` sends).
  process.kill(e.pid, name === 'postgres' ? 'SIGINT' : 'SIGTERM');
  if (
    await waitFor(
      () => pidAlive(e.pid),
      (alive) => !alive,
      60_000,
    )
  ) {
    throw new ServicesError(
      `${label}: pid ${e.pid} did not stop within 60 s; see ${show(ctx.projectRoot, e.logFile)}.`,
    );
  }
  // Our socket folder outside .data (long project paths) is empty now.
  if (e.socketDir && path.basename(e.socketDir).startsWith('hub-pg-')) {
    try {
      fs.rmdirSync(e.socketDir);
    } catch {
      /* not empty, or gone: leave it */
    }
  }
  ctx.say(
    `${label}: stopped the server this script started (pid ${e.pid}); data kept in ${where}.`,
  );
  return true;
}

// ---------------------------------------------------------------------------------------------
// The order of attempts, for each service
// ---------------------------------------------------------------------------------------------

const SERVICES = {
  postgres: {
    label: 'PostgreSQL',
    envName: 'DATABASE_URL',
    defaultUrl: DEFAULT_DATABASE_URL,
    apt: 'postgresql',
    request: 'a login',
    probe: probePostgres,
    fixLogin: fixPostgresLogin,
    start: startPostgres,
  },
  redis: {
    label: 'Redis',
    envName: 'REDIS_URL',
    defaultUrl: DEFAULT_REDIS_URL,
    apt: 'redis-server',
    request: 'PING',
    probe: probeRedis,
    fixLogin: redisLoginError,
    start: startRedis,
  },
};

function remoteDownMessage(svc, cfg, reason) {
  return (
    `${svc.label} at ${cfg.masked} does not answer (${reason}). It is not on this machine, so nothing is started for it: ` +
    `check the host, the port and your network, or set ${svc.envName} to a server that answers ` +
    `(or unset it to use a local one at ${maskUrl(svc.defaultUrl)}).`
  );
}

function portTakenMessage(svc, cfg, reason) {
  return (
    `Something answers at ${hostPort(cfg.host, cfg.port)} but it does not behave like ${svc.label} for ${cfg.masked} (${reason}). ` +
    `Stop whatever uses that port, or set ${svc.envName} to another port.`
  );
}

function usingNote(ctx, name, cfg) {
  const e = ctx.state[name];
  if (e?.kind === 'docker')
    return 'the docker compose container this script started';
  if (!ownsLocal(ctx, name, cfg)) return 'found running';
  const when = ctx.started.includes(name) ? 'now' : 'earlier';
  return `started ${when} by this script, pid ${e.pid}, data in ${show(ctx.projectRoot, e.dataDir)}`;
}

/**
 * Uses what answers at the URL, fixing a refused login on this machine; else, on a loopback
 * host only: starts it from local binaries, installs them with apt, or runs docker compose.
 */
async function ensure(ctx, name, cfg, probe) {
  const svc = SERVICES[name];
  let installed = false;
  let started = false;
  for (;;) {
    if (probe.state === 'starting')
      probe = await waitFor(() => svc.probe(cfg), settled, 30_000, 300);
    if (probe.state === 'ok') {
      ctx.say(
        `${svc.label}: using ${cfg.masked} (${usingNote(ctx, name, cfg)}).`,
      );
      for (const w of probe.warnings) ctx.say(`${svc.label}: ${w}`);
      return;
    }
    if (probe.state === 'login') {
      probe = await svc.fixLogin(ctx, cfg, probe);
      continue;
    }
    if (probe.state === 'other')
      throw new ServicesError(portTakenMessage(svc, cfg, probe.reason));
    // Nothing answers.
    if (started) {
      throw new ServicesError(
        `${svc.label}: started, but ${cfg.masked} does not answer: ${probe.reason}.`,
      );
    }
    if (!cfg.loopback)
      throw new ServicesError(remoteDownMessage(svc, cfg, probe.reason));
    if (await tcpAnswers(cfg.host, cfg.port)) {
      const why = `no answer to ${svc.request}: ${probe.reason}`;
      throw new ServicesError(portTakenMessage(svc, cfg, why));
    }
    // One data folder, one server: ours, still running elsewhere, moves to the URL.
    const old = ctx.state[name];
    if (old?.kind === 'local' && pidAlive(old.pid)) {
      ctx.say(
        `${svc.label}: the server this script started (pid ${old.pid}, port ${old.port}) is not at ${cfg.masked}; restarting it.`,
      );
      await stopStarted(ctx, name, old);
    }
    if (await svc.start(ctx, cfg)) {
      started = true;
      probe = await svc.probe(cfg);
    } else if (!installed && canApt()) {
      installed = true;
      await aptInstall(ctx, svc);
      probe = await waitFor(() => svc.probe(cfg), settled, 5000, 300);
    } else if (await dockerAvailable(ctx.projectRoot)) {
      started = true;
      probe = await startWithDocker(ctx, name, cfg);
    } else {
      const what =
        name === 'postgres' ? `PostgreSQL ${MIN_PG_MAJOR}+` : 'Redis';
      throw new ServicesError(
        `${what} was not found at ${cfg.masked} and there is no way to start it here: ${INSTALL_HINT}, ` +
          `or start Docker (docker/compose.yml has it), or set ${svc.envName} to a server that answers.`,
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

function configs(databaseUrl, redisUrl) {
  return {
    postgres: parsePostgresUrl(databaseUrl ?? DEFAULT_DATABASE_URL),
    redis: parseRedisUrl(redisUrl ?? DEFAULT_REDIS_URL),
  };
}

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
  const cfg = configs(databaseUrl, redisUrl);
  const names = Object.keys(SERVICES);
  try {
    return await withLock(projectRoot, say, async () => {
      const state = readState(projectRoot);
      const ctx = { projectRoot, say, state, started: [] };
      const probes = await Promise.all(
        names.map((n) => SERVICES[n].probe(cfg[n])),
      );
      // A remote server that does not answer: fail at once, before starting anything.
      const remote = names
        .map((n, i) => [SERVICES[n], cfg[n], probes[i]])
        .filter(([, c, p]) => p.state === 'down' && !c.loopback);
      if (remote.length) {
        throw new ServicesError(
          remote
            .map(([s, c, p]) => remoteDownMessage(s, c, p.reason))
            .join('\n'),
        );
      }
      const errors = [];
      for (const [i, n] of names.entries()) {
        await ensure(ctx, n, cfg[n], probes[i]).catch((e) => errors.push(e));
      }
      if (errors.length === 1) throw errors[0];
      if (errors.length)
        throw new ServicesError(errors.map((e) => e.message).join('\n'));
      return {
        databaseUrl: cfg.postgres.url,
        testDatabaseUrl: cfg.postgres.testUrl,
        redisUrl: cfg.redis.url,
        testRedisUrl: cfg.redis.testUrl,
        started: ctx.started,
      };
    });
  } catch (e) {
    if (e instanceof Error) {
      e.message = redact(e.message);
      e.stack = redact(e.stack ?? '');
    }
    throw e;
  }
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
  const names = [...new Set(only ?? Object.keys(SERVICES))];
  for (const n of names) {
    if (!SERVICES[n])
      throw new ServicesError(`Unknown service "${n}": use postgres or redis.`);
  }
  const stop = async () => {
    const ctx = { projectRoot, say, state: readState(projectRoot) };
    const stopped = [];
    for (const n of names) {
      const e = ctx.state[n];
      if (!e) {
        say(
          `${SERVICES[n].label}: nothing to stop (this script did not start it).`,
        );
        continue;
      }
      if (await stopStarted(ctx, n, e)) stopped.push(n);
      delete ctx.state[n];
      writeState(projectRoot, ctx.state);
    }
    return stopped;
  };
  // Without a state file there is nothing to stop, and no .data folder to create for a lock.
  if (!names.length || !fs.existsSync(stateFile(projectRoot))) return stop();
  return withLock(projectRoot, say, stop);
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
  const cfg = configs(databaseUrl, redisUrl);
  const state = readState(projectRoot);
  const status = async (name) => {
    const p = await SERVICES[name].probe(cfg[name]);
    const e = state[name];
    return {
      url: cfg[name].masked,
      answering: p.state === 'ok',
      detail: p.state === 'ok' ? 'answers' : p.reason,
      startedByScript: e
        ? {
            kind: e.kind,
            pid: e.pid ?? null,
            port: e.port ?? null,
            dataDir: e.dataDir ?? null,
            running: e.kind === 'docker' ? null : pidAlive(e.pid),
          }
        : null,
    };
  };
  const [postgres, redis] = await Promise.all([
    status('postgres'),
    status('redis'),
  ]);
  return { postgres, redis };
}
