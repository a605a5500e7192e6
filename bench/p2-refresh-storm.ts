// P2 refresh storm: 10k Dub connections due at once, refreshed by the built worker after one `scan`
// job, against a raw loop of refresh_token POSTs to the same sandbox at the same concurrency.
import type { DataSource } from 'typeorm';
import { TOKEN_REFRESH_JOBS, TOKEN_REFRESH_QUEUE } from '@hub/server/connections';
import {
  benchQueue,
  benchRedis,
  cpuMeter,
  createWorkspace,
  errorLines,
  fmt,
  log,
  LOG_DIR,
  machine,
  openDataSource,
  printTable,
  runBench,
  scratchDatabase,
  seedDubConnections,
  sleep,
  startSandbox,
  startWorker,
} from './lib/common';
import { summariseProfiles } from './lib/profile';

const CONNECTIONS = Number(process.env['P2_CONNECTIONS'] ?? 10_000);
const CONCURRENCY = Number(process.env['P2_CONCURRENCY'] ?? 50); // WORKER_REFRESH_CONCURRENCY's default
// Spread over workspaces as a multi-tenant hub would be: each workspace has its own data key, whose
// use counter every seal updates (P2_WORKSPACES=1 puts all on one row).
const WORKSPACES = Number(process.env['P2_WORKSPACES'] ?? 100);
const WARMUP = 200;
const TARGET_RATIO = 1.3;
const CLIENT = { client_id: 'hub-dub', client_secret: 'sandbox-client-secret' }; // client_secret_post

runBench(async () => {
  console.log(
    `P2 refresh storm — ${fmt(CONNECTIONS)} connections in ${WORKSPACES} workspaces, concurrency ${CONCURRENCY}\n` +
      `Machine: ${await machine()}`,
  );
  benchRedis();
  const sandbox = await startSandbox({ SANDBOX_RATE_LIMIT_PER_MINUTE: '1000000000' });
  const db = await scratchDatabase('p2');
  const ds = await openDataSource(db.url, 4);

  log(`minting ${fmt(2 * (CONNECTIONS + WARMUP))} grants and sealing ${fmt(CONNECTIONS + WARMUP)} connections`);
  const oursGrants = await sandbox.mintGrants(CONNECTIONS + WARMUP);
  const rawGrants = await sandbox.mintGrants(CONNECTIONS + WARMUP);
  const warmWorkspace = await createWorkspace(ds, 'Bench P2 warm-up');
  const workspaces: string[] = [];
  for (let w = 0; w < WORKSPACES; w++) workspaces.push(await createWorkspace(ds, `Bench P2 ${w}`));
  // Fresh tokens at first: the worker's boot-time scan must find nothing due.
  const fresh = new Date(Date.now() + 3_540_000);
  await seedDubConnections(
    ds,
    db.url,
    oursGrants.map((grant, i) => ({
      ...grant,
      workspaceId: i < WARMUP ? warmWorkspace : workspaces[i % WORKSPACES],
      externalAccountId: `bench-${i}`,
      tokenExpiresAt: fresh,
    })),
  );
  // P2_PROFILE=1: the worker writes a V8 CPU profile when it stops (summarised at the end).
  const profile = process.env['P2_PROFILE'] ? ['--cpu-prof', `--cpu-prof-dir=${LOG_DIR}`] : [];
  const worker = await startWorker(db.url, sandbox.url, { WORKER_REFRESH_CONCURRENCY: String(CONCURRENCY) }, profile);
  const meter = () =>
    cpuMeter({ worker: worker.child.pid, sandbox: sandbox.proc.child.pid, 'bench (raw loop)': process.pid }, db.name);
  const queue = benchQueue(TOKEN_REFRESH_QUEUE);

  /** Makes the workspaces' connections due, queues one scan, and waits until each has a new token_version. */
  const ours = async (workspaceIds: string[]) => {
    // TypeORM answers an UPDATE with [rows, affected count].
    const [, total] = (await ds.query(
      `UPDATE connections SET token_expires_at = now() - interval '1 minute' WHERE workspace_id = ANY($1)`,
      [workspaceIds],
    )) as [unknown[], number];
    const before = await sandbox.refreshCalls();
    const cpu = await meter();
    const started = performance.now();
    await queue.add(TOKEN_REFRESH_JOBS.scan, {}, { removeOnComplete: true });
    for (;;) {
      const { bumped, failed } = await progress(ds, workspaceIds);
      if (failed > 0) throw new Error(`${failed} connections went to ERROR during the storm`);
      if (bumped === total) break;
      await sleep(100); // the poll itself is a query that competes with the storm for the same 2 cores
    }
    const seconds = (performance.now() - started) / 1000;
    const cpuUsed = await cpu.stop();
    // Anything still queued or running would call the sandbox after our timer: wait it out before counting.
    // (The scan's job scheduler always keeps its next run delayed: only refresh jobs count.)
    const pending = async () =>
      (await queue.getJobCountByTypes('waiting', 'active', 'prioritized')) +
      (await queue.getDelayed()).filter((job) => job.name === TOKEN_REFRESH_JOBS.refresh).length;
    while ((await pending()) > 0) await sleep(100);
    await sleep(500);
    const failedJobs = await queue.getJobCountByTypes('failed');
    return { total, seconds, calls: (await sandbox.refreshCalls()) - before, failedJobs, cpu: cpuUsed };
  };

  /** The same number of refresh_token grants, POSTed straight to the token endpoint, CONCURRENCY at a time. */
  const raw = async (grants: { refreshToken: string }[]) => {
    const before = await sandbox.refreshCalls();
    const cpu = await meter();
    const started = performance.now();
    let next = 0;
    let failures = 0;
    const lane = async () => {
      while (next < grants.length) {
        const body = new URLSearchParams({
          grant_type: 'refresh_token',
          refresh_token: grants[next++].refreshToken,
          ...CLIENT,
        });
        const response = await fetch(`${sandbox.url}/dub/oauth/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
          body,
        });
        const json = (await response.json()) as { access_token?: string };
        if (!response.ok || !json.access_token) failures++;
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, lane));
    const seconds = (performance.now() - started) / 1000;
    const cpuUsed = await cpu.stop();
    return { total: grants.length, seconds, calls: (await sandbox.refreshCalls()) - before, failures, cpu: cpuUsed };
  };

  log(`warm-up: ${WARMUP} refreshes each side`);
  const warmOurs = await ours([warmWorkspace]);
  const warmRaw = await raw(rawGrants.slice(0, WARMUP));
  log(`  ours ${warmOurs.seconds.toFixed(2)} s, raw ${warmRaw.seconds.toFixed(2)} s`);

  // Raw first: ours then meets the bigger token store (both sets' rotated tokens), the harder order for it.
  const r = await raw(rawGrants.slice(WARMUP));
  log(
    `raw  ${fmt(r.total)} refreshes in ${r.seconds.toFixed(2)} s, ${fmt(r.calls)} token calls, ${r.failures} failures`,
  );
  log(`     ${r.cpu}`);
  const o = await ours(workspaces);
  log(
    `ours ${fmt(o.total)} refreshes in ${o.seconds.toFixed(2)} s, ${fmt(o.calls)} token calls, ${o.failedJobs} failed jobs`,
  );
  log(`     ${o.cpu}`);

  const ratio = o.seconds / r.seconds;
  printTable(`P2 refresh storm, ${fmt(CONNECTIONS)} connections, concurrency ${CONCURRENCY}`, [
    {
      metric: 'seconds until all refreshed',
      ours: o.seconds.toFixed(2),
      raw: r.seconds.toFixed(2),
      ratio: ratio.toFixed(2),
      target: `<= ${TARGET_RATIO}`,
      met: ratio <= TARGET_RATIO,
    },
    {
      metric: 'refreshes/s',
      ours: fmt(o.total / o.seconds),
      raw: fmt(r.total / r.seconds),
      ratio: (r.seconds / o.seconds).toFixed(2),
      target: '',
      met: null,
    },
    {
      metric: 'token calls (sandbox refresh_token delta)',
      ours: fmt(o.calls),
      raw: fmt(r.calls),
      ratio: '',
      target: `= ${fmt(CONNECTIONS)}`,
      met: o.calls === CONNECTIONS && r.calls === CONNECTIONS,
    },
    {
      metric: 'failures (failed jobs / non-200 answers)',
      ours: String(o.failedJobs),
      raw: String(r.failures),
      ratio: '',
      target: '= 0',
      met: o.failedJobs === 0 && r.failures === 0,
    },
  ]);
  if (process.env['P2_PROFILE']) {
    await worker.stop();
    summariseProfiles(LOG_DIR);
  }
  const errors = errorLines(worker.logFile);
  console.log(`Worker log: ${errors.length} error lines${errors.length ? `, first: ${errors[0].slice(0, 300)}` : ''}`);
});

async function progress(ds: DataSource, workspaceIds: string[]) {
  const [row] = (await ds.query(
    `SELECT count(*) FILTER (WHERE token_version > 0)::int AS bumped, count(*) FILTER (WHERE status <> 'ACTIVE')::int AS failed
     FROM connections WHERE workspace_id = ANY($1)`,
    [workspaceIds],
  )) as { bumped: number; failed: number }[];
  return row;
}
