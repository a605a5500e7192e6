// P3 api throughput: `GET /api/integrations` of the built api (production mode, signed-in person)
// against a bare Nest app answering the same body, both under autocannon with 100 connections.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashPassword } from '@hub/server/auth';
import { MembershipEntity, UserEntity } from '@hub/server/database';
import {
  benchRedis,
  builtApp,
  cpuMeter,
  createWorkspace,
  ENCRYPTION_KEYS,
  errorLines,
  fmt,
  freePort,
  log,
  LOG_DIR,
  machine,
  openDataSource,
  printTable,
  readyOrDie,
  REDIS_PREFIX,
  REDIS_URL,
  runBench,
  scratchDatabase,
  seedDubConnections,
  startProc,
} from './lib/common';
import { summariseProfiles } from './lib/profile';

// autocannon ships no types: the part of its programmatic API used here.
interface Result {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (options: object) => Promise<Result>;

const CONNECTIONS = 100;
const SECONDS = Number(process.env['P3_SECONDS'] ?? 10);
const WARMUP_SECONDS = 3;
const TARGET_RATIO = 0.5;
const TARGET_P99_MS = 10;
const EMAIL = 'bench@example.com';
const PASSWORD = 'bench password, not a secret';

runBench(async () => {
  console.log(`P3 api throughput — GET /api/integrations, ${CONNECTIONS} connections\nMachine: ${await machine()}`);
  benchRedis();
  const db = await scratchDatabase('p3');
  const ds = await openDataSource(db.url, 2);
  const user = await ds
    .getRepository(UserEntity)
    .save({ email: EMAIL, name: 'Bench', passwordHash: await hashPassword(PASSWORD), isInstanceAdmin: false });
  const workspaceId = await createWorkspace(ds, 'Bench P3');
  await ds.getRepository(MembershipEntity).insert({ workspaceId, userId: user.id, role: 'owner' });
  // One Dub connection, so the answer carries a connection as the page usually does.
  await seedDubConnections(ds, db.url, [
    {
      workspaceId,
      accessToken: 'bench-access',
      refreshToken: 'bench-refresh',
      externalAccountId: 'bench-p3',
      tokenExpiresAt: new Date(Date.now() + 3_540_000),
    },
  ]);

  // Production mode (no sandbox needed): the session cookie is then `__Host-hub_session`, Secure, which
  // we send ourselves over plain http. Log level stays the production default (info: a line per request).
  const apiPort = await freePort();
  // P3_PROFILE=1: the api writes a V8 CPU profile when it stops (summarised at the end).
  const profile = process.env['P3_PROFILE'] ? ['--cpu-prof', `--cpu-prof-dir=${LOG_DIR}`] : [];
  const api = startProc('api', [...profile, builtApp('api')], {
    NODE_ENV: 'production',
    PORT: String(apiPort),
    DATABASE_URL: db.url,
    REDIS_URL,
    REDIS_PREFIX,
    ENCRYPTION_KEYS,
    WEB_DIST_DIR: '/nonexistent',
    LOG_LEVEL: process.env['P3_LOG_LEVEL'] ?? 'info',
  });
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  await readyOrDie(api, `${apiUrl}/api/health/ready`);
  const signIn = await fetch(`${apiUrl}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: EMAIL, password: PASSWORD }),
  });
  if (!signIn.ok) throw new Error(`sign-in: ${signIn.status} ${await signIn.text()}`);
  const session = signIn.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .find((c) => /^(__Host-)?hub_session=/.test(c));
  if (!session) throw new Error(`no session cookie in ${signIn.headers.getSetCookie().join(' | ')}`);
  const headers = { cookie: session };
  const answer = await fetch(`${apiUrl}/api/integrations`, { headers });
  const body = await answer.text();
  if (!answer.ok) throw new Error(`GET /api/integrations: ${answer.status} ${body}`);
  const bodyFile = join(LOG_DIR, 'integrations.json');
  writeFileSync(bodyFile, body);
  log(`signed in with ${session.split('=')[0]}; captured ${fmt(body.length)} bytes of /api/integrations`);

  // The bare app: TypeScript through @swc-node/register, like the bench scripts; same NODE_ENV, no logger.
  // A second one also runs the session lookup per request: the floor of a route that checks the caller in
  // PostgreSQL on every request, as the api does (a diagnosis, not a side of the ratio).
  const startBare = async (name: string, env: Record<string, string> = {}) => {
    const port = await freePort();
    const proc = startProc(name, ['-r', require.resolve('@swc-node/register'), join(__dirname, 'p3-bare-nest.ts')], {
      NODE_ENV: 'production',
      PORT: String(port),
      BODY_FILE: bodyFile,
      SWC_NODE_PROJECT: join(__dirname, '..', 'tsconfig.base.json'),
      ...env,
    });
    const url = `http://127.0.0.1:${port}`;
    await readyOrDie(proc, `${url}/api/health`);
    const answered = await (await fetch(`${url}/api/integrations`, { headers })).text();
    if (answered !== body) throw new Error(`${name} answers another body than the api`);
    return { proc, url };
  };
  const { proc: bare, url: bareUrl } = await startBare('bare-nest');
  const floor = await startBare('bare-nest-with-session-query', { SESSION_DATABASE_URL: db.url });

  const load = (url: string, duration: number) =>
    autocannon({ url: `${url}/api/integrations`, connections: CONNECTIONS, duration, headers });
  log(`warm-up: ${WARMUP_SECONDS} s each`);
  await load(apiUrl, WARMUP_SECONDS);
  await load(bareUrl, WARMUP_SECONDS);

  // ABBA, so that neither side always goes first.
  const results: { side: 'ours' | 'raw'; r: Result }[] = [];
  for (const side of ['ours', 'raw', 'raw', 'ours'] as const) {
    const server = side === 'ours' ? { api: api.child.pid } : { 'bare nest': bare.child.pid };
    const meter = await cpuMeter({ ...server, 'bench (autocannon)': process.pid }, db.name);
    const r = await load(side === 'ours' ? apiUrl : bareUrl, SECONDS);
    const cpu = await meter.stop();
    if (r.non2xx || r.errors || r.timeouts)
      throw new Error(`${side}: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`);
    log(
      `${side.padEnd(4)} ${fmt(r.requests.average)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms (${fmt(r.requests.total)} requests)`,
    );
    log(`     ${cpu}`);
    results.push({ side, r });
  }
  await load(floor.url, WARMUP_SECONDS);
  const floorMeter = await cpuMeter({ 'bare nest + session query': floor.proc.child.pid }, db.name);
  const floorResult = await load(floor.url, SECONDS);
  if (floorResult.non2xx || floorResult.errors || floorResult.timeouts)
    throw new Error(`the floor: ${floorResult.non2xx} non-2xx, ${floorResult.errors} errors`);
  log(
    `floor ${fmt(floorResult.requests.average)} req/s, p50 ${floorResult.latency.p50} ms, p99 ${floorResult.latency.p99} ms: the bare app plus the session query`,
  );
  log(`     ${await floorMeter.stop()}`);

  const mean = (side: 'ours' | 'raw', pick: (r: Result) => number) => {
    const rs = results.filter((x) => x.side === side).map((x) => pick(x.r));
    return rs.reduce((a, b) => a + b, 0) / rs.length;
  };
  const rps = { ours: mean('ours', (r) => r.requests.average), raw: mean('raw', (r) => r.requests.average) };
  const p99 = { ours: mean('ours', (r) => r.latency.p99), raw: mean('raw', (r) => r.latency.p99) };
  const p50 = { ours: mean('ours', (r) => r.latency.p50), raw: mean('raw', (r) => r.latency.p50) };
  printTable(`P3 GET /api/integrations, ${CONNECTIONS} connections, ${SECONDS} s x 2 per side (ABBA), means`, [
    {
      metric: 'requests/s',
      ours: fmt(rps.ours),
      raw: fmt(rps.raw),
      ratio: (rps.ours / rps.raw).toFixed(2),
      target: `>= ${TARGET_RATIO}`,
      met: rps.ours / rps.raw >= TARGET_RATIO,
    },
    {
      metric: 'floor: bare + session query, req/s',
      ours: fmt(floorResult.requests.average),
      raw: fmt(rps.raw),
      ratio: (floorResult.requests.average / rps.raw).toFixed(2),
      target: '',
      met: null,
    },
    { metric: 'p50 latency (ms)', ours: fmt(p50.ours, 1), raw: fmt(p50.raw, 1), ratio: '', target: '', met: null },
    {
      metric: 'p99 latency (ms)',
      ours: fmt(p99.ours, 1),
      raw: fmt(p99.raw, 1),
      ratio: '',
      target: `ours <= ${TARGET_P99_MS}`,
      met: p99.ours <= TARGET_P99_MS,
    },
  ]);
  const errors = errorLines(api.logFile);
  if (process.env['P3_PROFILE']) {
    await api.stop();
    summariseProfiles(LOG_DIR);
  }
  console.log(`Api log: ${errors.length} error lines${errors.length ? `, first: ${errors[0].slice(0, 300)}` : ''}`);
});
