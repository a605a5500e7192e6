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

/** Removes passwords: in URLs, in SQL that psql echoes, in Redis config lines, and any seen so far. */
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
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/** The address a server started here listens on. */
const bindAddress = (host) => (host === 'localhost' ? '127.0.0.1' : host);
const hostPort = (host, port) =>
  host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;

/** Parses and checks a URL; returns it with the fields both services share. */
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
  const common = {
    url: u.href,
    masked: maskUrl(u.href),
    host,
    loopback: isLoopbackHost(host),
    password: decodeURIComponent(u.password),
  };
  return [u, common];
}

const withPath = (href, pathname) =>
  Object.assign(new URL(href), { pathname }).href;

export function parsePostgresUrl(raw) {
  const [u, common] = parseUrl(
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
    testUrl: withPath(u.href, '/' + encodeURIComponent(testDatabase)),
    port: Number(u.port || 5432),
    user,
    database,
    testDatabase,
  };
}

export function parseRedisUrl(raw) {
  const [u, common] = parseUrl(
    raw,
    'REDIS_URL',
    ['redis:', 'rediss:'],
    DEFAULT_REDIS_URL,
  );
  const dbText = u.pathname.slice(1);
  const db = Number(dbText); // '' is 0
  if (!Number.isInteger(db) || db < 0) {
    throw new ServicesError(
      `REDIS_URL ends in "/${dbText}", which is not a database number: ${common.masked}.`,
    );
  }
  return {
    ...common,
    testUrl: withPath(u.href, '/1'),
    port: Number(u.port || 6379),
    username: decodeURIComponent(u.username),
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
const indent = (text) => String(text).trim().replace(/^/gm, '    ');
const shortHash = (s) =>
  createHash('sha256').update(s).digest('hex').slice(0, 10);

function readText(file) {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    return '';
  }
}

const tail = (file) => readText(file).split('\n').slice(-15).join('\n');

/** The environment without PG* variables, which would point PostgreSQL tools elsewhere. */
const pgToolEnv = () =>
  Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('PG')),
  );

/**
 * Runs a program; resolves to {code, stdout, stderr} and never rejects. `live` shows its output
 * on stderr (stdout is kept for --json); `asUser` runs it through runuser.
 */
function run(cmd, args, o = {}) {
  if (o.asUser) [cmd, args] = ['runuser', ['-u', o.asUser, '--', cmd, ...args]];
  return new Promise((resolve) => {
    const out = o.live ? 2 : 'pipe';
    const child = spawn(cmd, args, {
      cwd: o.cwd ?? '/', // a folder that any user runuser switches to can enter
      env: o.env,
      stdio: [o.input === undefined ? 'ignore' : 'pipe', out, out],
      timeout: o.timeoutMs ?? 60_000,
      killSignal: 'SIGKILL',
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d) => (stdout += d));
    child.stderr?.on('data', (d) => (stderr += d));
    child.on('error', (e) => resolve({ code: -1, stdout, stderr: e.message }));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin?.on('error', ignore).end(o.input);
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
  if (proc || process.platform === 'linux') return proc;
  return (await run('ps', ['-o', 'command=', '-p', String(pid)])).stdout.trim();
}

/** Calls `fn` until `done(value)` or time is up; returns the last value. */
async function waitFor(fn, done, timeoutMs, intervalMs = 200) {
  for (const end = Date.now() + timeoutMs; ; await sleep(intervalMs)) {
    const value = await fn();
    if (done(value) || Date.now() >= end) return value;
  }
}

/** Does anything accept a TCP connection there? */
function tcpAnswers(host, port) {
  return new Promise((resolve) => {
    const sock = net.connect({ host, port, timeout: 1000 });
    const done = (answers) => {
      sock.destroy();
      resolve(answers);
    };
    sock.once('connect', () => done(true));
    sock.once('timeout', () => done(false));
    sock.once('error', () => done(false));
  });
}

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

/** Records a server this script started, so that `down` stops it and nothing else. */
function record(ctx, name, entry) {
  ctx.state[name] = { ...entry, startedAt: new Date().toISOString() };
  writeState(ctx.projectRoot, ctx.state);
  ctx.started.push(name);
}

/** Is the recorded local server for `name` alive and on the URL's port? */
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

/** Why nothing answered, or undefined when something did. */
const downReason = (e) =>
  DOWN_REASONS[e.code] ??
  (!e.code && /time(d )?out/i.test(e.message)
    ? 'no answer in time'
    : undefined);

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
      // wrong password, no such role, no such database
      if (['28P01', '28000', '3D000'].includes(e.code))
        return { state: 'login', reason: e.message, code: e.code };
      if (e.code === '57P03') return { state: 'starting', reason: e.message };
      return { state: 'other', reason: e.message || String(e) };
    } finally {
      c.end().catch(ignore);
    }
  }
  const major = Math.floor(version / 10000);
  const warnings =
    major < MIN_PG_MAJOR
      ? [
          `warning: the server is version ${major}; ${MIN_PG_MAJOR}+ is expected.`,
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
    // rather than an ioredis console warning.
    enableReadyCheck: false,
    disableClientInfo: true,
    // Else disconnect() after a failed connection keeps the process alive for 2 s.
    disconnectTimeout: 0,
  });
  let cause; // connect() itself only rejects with "Connection is closed."
  r.on('error', (e) => (cause ??= e));
  const warnings = [];
  try {
    await r.connect();
    if (cfg.password) {
      const user = cfg.username ? [cfg.username] : [];
      await r.auth(...user, cfg.password).catch((e) => {
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
    const info = await r.info('server').catch(() => '');
    const version = /redis_version:(\S+)/.exec(info)?.[1];
    return { state: 'ok', version, warnings };
  } catch (e) {
    const err = cause ?? e;
    const down = downReason(err);
    if (down) return { state: 'down', reason: down };
    const reason = err.message.replace(/\.$/, '');
    const code = reason.split(' ')[0]; // a reply starts with its error code
    if (code === 'NOAUTH' || code === 'WRONGPASS')
      return { state: 'login', reason };
    if (code === 'LOADING') return { state: 'starting', reason };
    if (err.name === 'ParserError')
      return { state: 'other', reason: 'the answer is not the Redis protocol' };
    if (reason === 'Connection is closed')
      return { state: 'other', reason: 'the server closed the connection' };
    return { state: 'other', reason };
  } finally {
    r.disconnect();
  }
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL: creating the role and databases as a superuser
// ---------------------------------------------------------------------------------------------

const { escapeIdentifier, escapeLiteral } = pg;

/**
 * Ways to run SQL as a superuser on a loopback server, in the order to try them: a pg client
 * config, or a psql command line (peer authentication needs the right OS user).
 */
function superuserWays(ctx, cfg) {
  const me = os.userInfo().username;
  const { host } = cfg;
  const port = String(cfg.port);
  const e = ctx.state.postgres;
  const psql = which('psql', pgBinDirs());
  const socketDirs = ['/run/postgresql', '/tmp']; // /var/run is /run
  const postgresOsUser = 'as the postgres OS user over the unix socket';
  return [
    // A server this script started trusts its OS user on its own socket.
    ownsLocal(ctx, 'postgres', cfg) &&
      (e.runAs
        ? {
            label: postgresOsUser,
            psql: [path.join(e.binDir, 'psql'), '-h', e.socketDir, '-p', port],
            asUser: e.runAs,
          }
        : {
            label: `as ${me} over the unix socket`,
            client: { host: e.socketDir, port, user: me },
          }),
    // So does the compose container, for its POSTGRES_USER (which sh expands in there).
    e?.kind === 'docker' && {
      label: 'inside the docker container with psql',
      psql: [
        ...['docker', 'compose', '-f', e.composeFile, 'exec', '-T', e.service],
        ...['sh', '-c', 'exec psql -U "${POSTGRES_USER:-postgres}" "$@"', 'sh'],
      ],
      cwd: ctx.projectRoot,
    },
    { label: 'as postgres over TCP', client: { host, port, user: 'postgres' } },
    isRoot() &&
      psql &&
      osUser('postgres') &&
      which('runuser') && {
        label: postgresOsUser,
        psql: [psql, '-p', port],
        asUser: 'postgres',
      },
    ...socketDirs
      .filter((dir) => fs.existsSync(path.join(dir, `.s.PGSQL.${port}`)))
      .map((dir) => ({
        label: `as ${me} over the unix socket in ${dir}`,
        client: { host: dir, port, user: me },
      })),
    me !== 'postgres' && {
      label: `as ${me} over TCP`,
      client: { host, port, user: me },
    },
  ].filter(Boolean);
}

/** Runs one SQL statement through a way; resolves to the first column of each row. */
async function superuserQuery(way, sql) {
  if (way.psql) {
    // psql reads the SQL on stdin, so that no password shows in a command line.
    const [cmd, ...args] = way.psql;
    const flags = '-X -q -A -t -v ON_ERROR_STOP=1 -d postgres -f -'.split(' ');
    const r = await run(cmd, [...args, ...flags], {
      asUser: way.asUser,
      cwd: way.cwd,
      env: pgToolEnv(),
      input: `${sql}\n`,
    });
    if (r.code !== 0)
      throw new Error((r.stderr || r.stdout).trim() || `exit ${r.code}`);
    return r.stdout.split('\n').filter(Boolean);
  }
  const c = new pg.Client({
    ...way.client,
    database: 'postgres',
    connectionTimeoutMillis: 5000,
  });
  c.on('error', ignore);
  try {
    await c.connect();
    const { rows } = await c.query({ text: sql, rowMode: 'array' });
    return rows.map((row) => String(row[0]));
  } finally {
    c.end().catch(ignore);
  }
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
      const sql = `SELECT 1 FROM pg_roles WHERE rolname = current_user AND (rolsuper OR (rolcreaterole AND rolcreatedb))`;
      if ((await superuserQuery(w, sql)).length) {
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
  const query = (sql) => superuserQuery(way, sql);
  const exists = async (table, column, name) =>
    (
      await query(
        `SELECT 1 FROM ${table} WHERE ${column} = ${escapeLiteral(name)}`,
      )
    ).length > 0;
  const owned =
    ownsLocal(ctx, 'postgres', cfg) || ctx.state.postgres?.kind === 'docker';
  const role = escapeIdentifier(cfg.user);
  const login = `LOGIN${cfg.password ? ` PASSWORD ${escapeLiteral(cfg.password)}` : ''}`;
  const made = [];
  const dbs = [];
  try {
    if (!(await exists('pg_roles', 'rolname', cfg.user))) {
      await query(`CREATE ROLE ${role} ${login}`);
      made.push(`role ${cfg.user}`);
    } else if (owned) {
      await query(`ALTER ROLE ${role} ${login}`);
    }
    for (const db of [cfg.database, cfg.testDatabase]) {
      if (await exists('pg_database', 'datname', db)) continue;
      await query(`CREATE DATABASE ${escapeIdentifier(db)} OWNER ${role}`);
      dbs.push(db);
    }
  } catch (e) {
    throw new ServicesError(
      `PostgreSQL: could not create the role or databases (${way.label}): ${e.message}`,
    );
  }
  if (dbs.length)
    made.push(`database${dbs.length > 1 ? 's' : ''} ${dbs.join(', ')}`);
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
 * The bin folder with initdb and pg_ctl: of major version `wantMajor` (what an existing data
 * folder needs), else the highest, if it is at least MIN_PG_MAJOR.
 */
async function findPostgresBins(wantMajor) {
  const found = [];
  for (const dir of new Set(pgBinDirs())) {
    const pgCtl = path.join(dir, 'pg_ctl');
    if (!isExecutable(pgCtl) || !isExecutable(path.join(dir, 'initdb')))
      continue;
    const r = await run(pgCtl, ['--version'], { env: pgToolEnv() });
    const major = r.code === 0 ? Number(/\d+/.exec(r.stdout)?.[0]) : 0;
    if (major) found.push({ dir: fs.realpathSync(dir), major });
  }
  if (wantMajor) return found.find((f) => f.major === wantMajor);
  const best = found.sort((a, b) => b.major - a.major)[0];
  return best?.major >= MIN_PG_MAJOR ? best : undefined;
}

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
  const asUser = runAs?.name;
  const base = dataRoot(ctx.projectRoot);
  let dataDir = path.join(base, 'postgres');
  let socketDir = path.join(base, 'run');
  if (runAs) {
    fs.chmodSync(base, (fs.statSync(base).mode & 0o7777) | 0o711);
    if ((await run('test', ['-x', base], { asUser })).code !== 0) {
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
    Buffer.byteLength(`${socketDir}/.s.PGSQL.${cfg.port}.lock`) > 100
  ) {
    const tmp = os.tmpdir().length < 40 ? os.tmpdir() : '/tmp';
    socketDir = path.join(tmp, `hub-pg-${shortHash(ctx.projectRoot)}`);
  }
  const where = show(ctx.projectRoot, dataDir);
  const existingMajor = Number(readText(path.join(dataDir, 'PG_VERSION')));
  const bins = await findPostgresBins(existingMajor);
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
    const auth = ['--auth-local=peer', '--auth-host=scram-sha-256'];
    const r = await run(
      tool('initdb'),
      ['-D', dataDir, '-E', 'UTF8', '--locale=C', ...auth],
      {
        asUser,
        env,
        timeoutMs: 180_000,
      },
    );
    if (r.code !== 0) {
      throw new ServicesError(
        `PostgreSQL: initdb failed (exit ${r.code}):\n${indent(r.stderr || r.stdout)}`,
      );
    }
  }

  // On the command line, which wins over the config files: the URL decides where it listens.
  const quote = (s) => `'${String(s).replaceAll("'", `'\\''`)}'`; // for the shell pg_ctl uses
  const listen = [
    '-c',
    `listen_addresses=${bindAddress(cfg.host)}`,
    '-p',
    cfg.port,
    '-k',
    socketDir,
  ];
  const logFile = path.join(dataDir, 'server.log');
  const address = hostPort(bindAddress(cfg.host), cfg.port);
  const start = await run(
    tool('pg_ctl'),
    ['-D', dataDir, '-l', logFile, '-o', listen.map(quote).join(' ')].concat([
      '-w',
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
    runAs: asUser ?? null,
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
  const bin = which('redis-server');
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
  const authConf = path.join(dir, 'auth.conf');
  fs.rmSync(authConf, { force: true });
  const args = [];
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
    ...[
      '--bind',
      bindAddress(cfg.host),
      '--port',
      String(cfg.port),
      '--dir',
      dir,
    ],
    ...['--appendonly', 'yes', '--maxmemory-policy', 'noeviction'],
    ...['--daemonize', 'yes', '--pidfile', pidFile, '--logfile', logFile],
  );
  fs.rmSync(pidFile, { force: true });
  const r = await run(bin, args);
  const probe =
    r.code === 0
      ? await waitFor(() => probeRedis(cfg, 1000), settled, 15_000)
      : undefined;
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
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const r = await run('apt-get', args, {
      env,
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
  const compose = (args, o) =>
    run('docker', ['compose', '-f', file, ...args], {
      cwd: ctx.projectRoot,
      ...o,
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
  // A container that was already running is not ours to stop.
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
      {
        live: true,
        timeoutMs: 120_000,
      },
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
  // SIGINT is PostgreSQL's fast shutdown, what `pg_ctl -m fast stop` sends.
  process.kill(e.pid, name === 'postgres' ? 'SIGINT' : 'SIGTERM');
  const gone = await waitFor(() => !pidAlive(e.pid), Boolean, 60_000);
  if (!gone) {
    throw new ServicesError(
      `${label}: pid ${e.pid} did not stop within 60 s; see ${show(ctx.projectRoot, e.logFile)}.`,
    );
  }
  // Our socket folder outside .data (for long project paths) is not needed any more.
  if (path.basename(e.socketDir ?? '').startsWith('hub-pg-')) {
    fs.rmSync(e.socketDir, { recursive: true, force: true });
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
  if (ctx.started.includes(name)) return 'just started';
  return `started earlier by this script, pid ${e.pid}, data in ${show(ctx.projectRoot, e.dataDir)}`;
}

/**
 * Uses what answers at the URL, setting up a refused login on this machine; else, on a loopback
 * host only, starts it from local binaries, installs them with apt, or runs docker compose.
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
    // One data folder, one server: ours, still running at another address, moves to the URL's.
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
        name === 'postgres' ? `PostgreSQL ${MIN_PG_MAJOR}+` : svc.label;
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

const configs = (databaseUrl, redisUrl) => ({
  postgres: parsePostgresUrl(databaseUrl ?? DEFAULT_DATABASE_URL),
  redis: parseRedisUrl(redisUrl ?? DEFAULT_REDIS_URL),
});

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
      const ctx = {
        projectRoot,
        say,
        state: readState(projectRoot),
        started: [],
      };
      const probes = await Promise.all(
        names.map((n) => SERVICES[n].probe(cfg[n])),
      );
      // A remote server that does not answer: fail at once, before starting anything.
      const remoteDown = names.flatMap((n, i) =>
        probes[i].state === 'down' && !cfg[n].loopback
          ? [remoteDownMessage(SERVICES[n], cfg[n], probes[i].reason)]
          : [],
      );
      if (remoteDown.length) throw new ServicesError(remoteDown.join('\n'));
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
