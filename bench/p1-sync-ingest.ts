// P1 sync ingest: 200k Dub links from the sandbox into PostgreSQL through the built worker, against a
// plain pg script that fetches the same pages with the same token and upserts each page.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { SYNC_JOBS, SYNC_QUEUE, SYNC_RUN_JOB_OPTIONS, type SyncRunJob } from '@hub/server/sync';
import {
  benchQueue,
  benchRedis,
  cpuMeter,
  createWorkspace,
  errorLines,
  explainSlowStatements,
  fmt,
  log,
  LOG_DIR,
  machine,
  openDataSource,
  PG_ADMIN_URL,
  printTable,
  runBench,
  scratchDatabase,
  seedDubConnections,
  sleep,
  walLsn,
  walMegabytesSince,
  startSandbox,
  startWorker,
} from './lib/common';
import { summariseProfiles } from './lib/profile';

const LINKS = Number(process.env['P1_LINKS'] ?? 200_000);
const WARMUP_LINKS = 10_000;
const PAGE_SIZE = 100; // the Dub provider's page size (its maximum)
const TARGET_RATIO = 0.8;
const TARGET_RATE = 20_000;

interface Measured {
  cpu: string;
  /** Server-wide WAL written during the run (other databases' writes included, if any run at the time). */
  walMb: number;
  side: 'ours' | 'raw';
  records: number;
  /** ours: sync_runs started_at → finished_at; raw: the script's own timer around its loop. */
  seconds: number;
  /** ours only: from queue.add to the run read back as SUCCEEDED (50 ms polling). */
  wallSeconds?: number;
  pages: number;
  rowsInTable: number;
}

runBench(async () => {
  console.log(`P1 sync ingest — ${fmt(LINKS)} Dub links\nMachine: ${await machine()}`);
  benchRedis();
  // A limit no run reaches, and tokens that outlive the run: neither side waits or refreshes.
  const sandbox = await startSandbox({
    SANDBOX_DUB_LINKS: String(LINKS),
    SANDBOX_RATE_LIMIT_PER_MINUTE: '1000000000',
    SANDBOX_ACCESS_TOKEN_TTL_SECONDS: '86400',
  });
  const db = await scratchDatabase('p1');
  const ds = await openDataSource(db.url, 2);
  const workspaceId = await createWorkspace(ds, 'Bench P1');
  const [grant] = await sandbox.mintGrants(1);
  const [connectionId] = await seedDubConnections(ds, db.url, [
    { workspaceId, ...grant, externalAccountId: 'bench-p1', tokenExpiresAt: new Date(Date.now() + 86_340_000) },
  ]);
  await ds.query(`CREATE TABLE raw_links (id text PRIMARY KEY, data jsonb NOT NULL)`);
  // P1_EXPLAIN=<ms>: the server logs the plan of every statement slower than that (auto_explain).
  if (process.env['P1_EXPLAIN']) await explainSlowStatements(db.name, Number(process.env['P1_EXPLAIN']));
  // P1_PROFILE=1: the worker writes a V8 CPU profile when it stops (summarised at the end).
  const profile = process.env['P1_PROFILE'] ? ['--cpu-prof', `--cpu-prof-dir=${LOG_DIR}`] : [];
  const worker = await startWorker(db.url, sandbox.url, { WORKER_SYNC_CONCURRENCY: '1' }, profile);
  const queue = benchQueue(SYNC_QUEUE);

  /** One full initial sync by the worker, into an emptied sync_records. */
  const ours = async (): Promise<Measured> => {
    await ds.query(`TRUNCATE sync_records`);
    await ds.query(`DELETE FROM sync_cursors WHERE connection_id = $1`, [connectionId]);
    await checkpoint();
    const [{ id: runId }] = (await ds.query(
      `INSERT INTO sync_runs (workspace_id, connection_id, provider_id, trigger, status)
       VALUES ($1, $2, 'dub', 'MANUAL', 'QUEUED') RETURNING id`,
      [workspaceId, connectionId],
    )) as { id: string }[];
    const job: SyncRunJob = { workspaceId, connectionId, runId };
    const meter = await cpuMeter({ worker: worker.child.pid, sandbox: sandbox.proc.child.pid }, db.name);
    const lsn = await walLsn(ds);
    const enqueued = performance.now();
    await queue.add(SYNC_JOBS.run, job, { ...SYNC_RUN_JOB_OPTIONS, jobId: runId });
    for (;;) {
      const [run] = (await ds.query(
        `SELECT status, added, pages, error_message, extract(epoch FROM finished_at - started_at)::float8 AS seconds
         FROM sync_runs WHERE id = $1`,
        [runId],
      )) as { status: string; added: number; pages: number; error_message: string | null; seconds: number }[];
      if (run.status === 'SUCCEEDED') {
        const wallSeconds = (performance.now() - enqueued) / 1000;
        const cpu = await meter.stop();
        const walMb = await walMegabytesSince(ds, lsn);
        const rowsInTable = await count(
          ds,
          `SELECT count(*) FROM sync_records WHERE connection_id = '${connectionId}'`,
        );
        return {
          side: 'ours',
          records: run.added,
          seconds: run.seconds,
          wallSeconds,
          pages: run.pages,
          rowsInTable,
          cpu,
          walMb,
        };
      }
      if (run.status === 'FAILED' || run.status === 'CANCELLED')
        throw new Error(`sync run ${run.status}: ${run.error_message}`);
      await sleep(50);
    }
  };

  /** The raw script as its own Node process (its own event loop, like the worker), into an emptied table. */
  const raw = async (): Promise<Measured> => {
    await ds.query(`TRUNCATE raw_links`);
    await checkpoint();
    const meter = await cpuMeter({ sandbox: sandbox.proc.child.pid }, db.name);
    const lsn = await walLsn(ds);
    const out = await new Promise<string>((resolve, reject) => {
      const child = execFile(
        process.execPath,
        [join(__dirname, 'p1-raw-ingest.mjs')],
        {
          env: {
            PATH: process.env['PATH'],
            API: `${sandbox.url}/dub/api`,
            TOKEN: grant.accessToken,
            DATABASE_URL: db.url,
            PAGE_SIZE: String(PAGE_SIZE),
          },
        },
        (error, stdout) => (error ? reject(error) : resolve(stdout)),
      );
      meter.track('raw script', child.pid);
    });
    const cpu = await meter.stop();
    const walMb = await walMegabytesSince(ds, lsn);
    const result = JSON.parse(out) as { records: number; pages: number; ms: number };
    const rowsInTable = await count(ds, `SELECT count(*) FROM raw_links`);
    return {
      side: 'raw',
      records: result.records,
      seconds: result.ms / 1000,
      pages: result.pages,
      rowsInTable,
      cpu,
      walMb,
    };
  };

  const describe = (m: Measured) =>
    `${m.side.padEnd(4)} ${fmt(m.records)} records, ${m.pages} pages in ${m.seconds.toFixed(2)} s = ` +
    `${fmt(m.records / m.seconds)} records/s${m.wallSeconds ? ` (wall ${m.wallSeconds.toFixed(2)} s)` : ''}; ` +
    `table holds ${fmt(m.rowsInTable)}\n           WAL ${fmt(m.walMb)} MB; ${m.cpu}`;

  log(`warm-up: both sides once on ${fmt(WARMUP_LINKS)} links`);
  await sandbox.call('/_sandbox/dub/data', { links: WARMUP_LINKS });
  for (const side of [ours, raw]) log(`  ${describe(await side())}`);
  // This server runs with autovacuum off (/etc/postgresql/15/main/conf.d/90-ci.conf), so sync_records would
  // never get statistics, and with none the page upsert is planned as a scan of all the connection's rows
  // per page (quadratic; see docs/benchmarks.md). ANALYZE once here, holding the warm-up's rows of this
  // connection, stands in for autovacuum; TRUNCATE keeps these statistics. P1_COLD=1 skips it.
  if (!process.env['P1_COLD']) for (const table of ['sync_records', 'raw_links']) await ds.query(`ANALYZE ${table}`);
  await sandbox.call('/_sandbox/dub/data', { links: LINKS });

  // ABBA: each side runs once first and once second, so an order effect shows in the rows.
  const runs: Measured[] = [];
  for (const side of [ours, raw, raw, ours]) {
    const m = await side();
    log(describe(m));
    runs.push(m);
  }

  const sideOf = (s: Measured['side']) => runs.filter((r) => r.side === s);
  const rate = (ms: Measured[]) => ms.reduce((a, m) => a + m.records, 0) / ms.reduce((a, m) => a + m.seconds, 0);
  const oursRate = rate(sideOf('ours'));
  const rawRate = rate(sideOf('raw'));
  const oursRuns = sideOf('ours');
  const complete = runs.every((m) => m.records === LINKS && m.rowsInTable === LINKS);
  printTable(`P1 sync ingest, ${fmt(LINKS)} records (mean of 2 runs per side, ABBA order)`, [
    {
      metric: 'records/s',
      ours: fmt(oursRate),
      raw: fmt(rawRate),
      ratio: (oursRate / rawRate).toFixed(2),
      target: `>= ${TARGET_RATIO}`,
      met: oursRate / rawRate >= TARGET_RATIO,
    },
    {
      metric: 'ours records/s',
      ours: fmt(oursRate),
      raw: '',
      ratio: '',
      target: `>= ${fmt(TARGET_RATE)}`,
      met: oursRate >= TARGET_RATE,
    },
    ...[0, 1].map((i) => ({
      metric: `run ${i + 1} seconds (ours: started→finished; wall)`,
      ours: `${oursRuns[i].seconds.toFixed(2)}; ${oursRuns[i].wallSeconds!.toFixed(2)}`,
      raw: sideOf('raw')[i].seconds.toFixed(2),
      ratio: (sideOf('raw')[i].seconds / oursRuns[i].seconds).toFixed(2),
      target: '',
      met: null,
    })),
    {
      metric: 'added = rows = records',
      ours: oursRuns.map((m) => `${fmt(m.records)}/${fmt(m.rowsInTable)}`).join(', '),
      raw: sideOf('raw')
        .map((m) => `${fmt(m.records)}/${fmt(m.rowsInTable)}`)
        .join(', '),
      ratio: '',
      target: `= ${fmt(LINKS)}`,
      met: complete,
    },
  ]);
  if (process.env['P1_PROFILE']) {
    await worker.stop();
    summariseProfiles(LOG_DIR);
  }
  const errors = errorLines(worker.logFile);
  console.log(`Worker log: ${errors.length} error lines${errors.length ? `, first: ${errors[0].slice(0, 300)}` : ''}`);
});

async function count(ds: DataSource, sql: string): Promise<number> {
  return Number(((await ds.query(sql)) as { count: string }[])[0].count);
}

/** Starts each measured run from a clean checkpoint, so neither side pays for the other's dirty pages. */
async function checkpoint(): Promise<void> {
  const client = new Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  await client.query('CHECKPOINT');
  await client.end();
}
