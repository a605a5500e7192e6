import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Queue, type ConnectionOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { DubProvider } from '@hub/server/integrations/dub';
import { redisOptions } from '@hub/server/redis';
import { SyncRecordEntity, SyncRunEntity } from '@hub/server/database';
import { SYNC_QUEUE, SYNC_SCHEDULER_PREFIX } from '@hub/server/sync';
import { connectDub, startSandboxProcess } from './testing/sandbox-process';
import { createTestWorld, type TestWorld } from './testing/test-world';
import { eventually, startWorkerProcess } from './testing/worker-process';

/**
 * The worker under faults (docs/security.md S7, S8, S9, S12): kill -9 mid-sync, SIGTERM during a
 * deploy, a Redis restart, and replicas booting at once. Real processes, real Redis.
 */
jest.setTimeout(300_000);

const LINKS = 50_000;
let sandbox: Awaited<ReturnType<typeof startSandboxProcess>>;
/** The pages of one clean pass: the links outside folders, then each folder's, each ending on a short page. */
let PAGES: number;
/** GET /links the sandbox had answered before the tests (the clean pass above). */
let requestsBefore: number;

beforeAll(async () => {
  sandbox = await startSandboxProcess(29_230, {
    SANDBOX_DUB_LINKS: String(LINKS),
    SANDBOX_RATE_LIMIT_PER_MINUTE: '1000000',
  });
  const minted = await fetch(`${sandbox.url}/_sandbox/dub/grants`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ count: 1 }),
  });
  const { grants } = (await minted.json()) as { grants: { accessToken: string }[] };
  const provider = new DubProvider(new Map([['dub', { apiBaseUrl: `${sandbox.url}/dub/api` }]]));
  PAGES = 0;
  const signal = new AbortController().signal;
  const pass = { credentials: { accessToken: grants[0].accessToken }, resource: 'links', cursor: null, selection: [] };
  for await (const page of provider.sync({ ...pass, signal })) if (page) PAGES++;
  expect(PAGES).toBeGreaterThan(LINKS / 100);
  requestsBefore = await linkRequests();
});
afterAll(async () => {
  await sandbox?.stop();
});

const runRow = (world: TestWorld, id: string) => world.db.getRepository(SyncRunEntity).findOneByOrFail({ id });
const latestRun = async (world: TestWorld, connectionId: string) =>
  (
    await world.db.getRepository(SyncRunEntity).find({ where: { connectionId }, order: { queuedAt: 'DESC' }, take: 1 })
  )[0];

/** Every link id the sandbox's Dub workspace holds, in any folder, archived or not (its ground truth). */
async function sourceIds(): Promise<Set<string>> {
  const response = await fetch(`${sandbox.url}/_sandbox/dub/link-ids`);
  return new Set((await response.json()) as string[]);
}

async function expectExactlyTheSource(world: TestWorld, connectionId: string) {
  const rows = (await world.db.query(
    `SELECT external_id, count(*) OVER () AS total FROM sync_records WHERE connection_id = $1 AND deleted_at IS NULL`,
    [connectionId],
  )) as { external_id: string }[];
  const stored = new Set(rows.map((r) => r.external_id));
  const source = await sourceIds();
  expect(rows).toHaveLength(source.size); // no duplicates: one row per id
  expect(stored.size).toBe(source.size);
  expect([...source].filter((id) => !stored.has(id))).toEqual([]); // none lost
}

const linkRequests = async () =>
  ((await (await fetch(`${sandbox.url}/_sandbox/dub/requests`)).json()) as { path: string }[]).filter(
    (r) => r.path === '/links',
  ).length;

describe('a 50k-link sync under faults', () => {
  let world: TestWorld;
  let connectionId: string;

  beforeAll(async () => {
    world = await createTestWorld({ SANDBOX_URL: sandbox.url });
    connectionId = await connectDub(world, world.people.adminA);
  });
  afterAll(async () => {
    await world?.close();
  });

  it('should lose and duplicate nothing and resume from its cursor when the worker is killed -9 twenty times mid-sync (S7)', async () => {
    const run = await eventually(() => latestRun(world, connectionId), { what: 'the initial run' });
    let pages = 0;
    for (let kill = 1; kill <= 20; kill++) {
      const worker = await startWorkerProcess(world, { healthPort: 29_231, sandboxUrl: sandbox.url });
      // Let it commit a page or two, then kill it mid-page: no chance to clean up or release the job's lock.
      pages = await eventually(
        async () => {
          const current = await runRow(world, run.id);
          return current.pages >= pages + 2 ? current.pages : undefined;
        },
        { timeoutMs: 30_000, what: `progress before kill ${kill}` },
      ).catch(async (error: Error) => {
        await worker.stop('SIGKILL');
        const exited = await worker.exited;
        throw new Error(
          `${error.message}: run ${JSON.stringify(await runRow(world, run.id))}\n${exited.stderr.slice(-3000)}`,
        );
      });
      await worker.stop('SIGKILL');
      await worker.exited;
      // Pages it committed between that read and the kill count too: the next worker must move past them.
      pages = (await runRow(world, run.id)).pages;
    }
    expect((await runRow(world, run.id)).status).toBe('RUNNING');

    const last = await startWorkerProcess(world, { healthPort: 29_231, sandboxUrl: sandbox.url });
    try {
      const done = await eventually(
        async () => {
          const current = await runRow(world, run.id);
          return current.status === 'SUCCEEDED' || current.status === 'FAILED' ? current : undefined;
        },
        { timeoutMs: 120_000, what: 'the run to finish' },
      );
      expect(done).toMatchObject({ status: 'SUCCEEDED', added: LINKS, updated: 0, deleted: 0, pages: PAGES });
      expect(done.starts).toBeGreaterThanOrEqual(21);
      // Resumed from the cursor each time: about one page fetched per page, not the whole list again.
      // (Counted before the check below, which reads every page of the source itself.)
      expect((await linkRequests()) - requestsBefore).toBeLessThanOrEqual(PAGES + 2 * 21);
      await expectExactlyTheSource(world, connectionId);
    } finally {
      await last.stop();
    }
  });

  it('should checkpoint and exit within 25 s on SIGTERM, accept work during the drain, and let the next worker finish with nothing lost (S8)', async () => {
    await world.db.query(`DELETE FROM sync_records WHERE connection_id = $1`, [connectionId]);
    await world.db.query(`UPDATE sync_cursors SET cursor = NULL, pass_id = NULL WHERE connection_id = $1`, [
      connectionId,
    ]);
    const worker = await startWorkerProcess(world, {
      healthPort: 29_231,
      sandboxUrl: sandbox.url,
      env: { LOG_LEVEL: 'info' },
    });
    const run = (await world.call(world.people.memberA, 'post', `/api/connections/${connectionId}/sync`).expect(202))
      .body as { id: string };
    await eventually(async () => (await runRow(world, run.id)).pages >= 3, { what: 'progress' });
    const sent = Date.now();
    worker.child.kill('SIGTERM');
    // A request during the drain is accepted (the api queues; the next worker runs it).
    const followUp = await world
      .call(world.people.memberA, 'post', `/api/connections/${connectionId}/sync`)
      .expect(202);
    const exited = await worker.exited;
    const drainMs = Date.now() - sent;
    // A clean exit: Nest runs its shutdown hooks, then re-raises the signal (as boot.int-spec.ts checks).
    expect(exited.signal ?? exited.code).toBe(exited.signal ? 'SIGTERM' : 0);
    expect(exited.stdout + exited.stderr).toMatch(/Queue workers drained/);
    expect(drainMs).toBeLessThan(25_000);
    expect(exited.stderr + exited.stdout).not.toMatch(/stalled/i);
    const checkpoint = await runRow(world, run.id);
    expect(checkpoint.status).toBe('RUNNING');
    expect(checkpoint.pages).toBeLessThan(PAGES);

    const next = await startWorkerProcess(world, { healthPort: 29_231, sandboxUrl: sandbox.url });
    try {
      const done = await eventually(
        async () => {
          const current = await runRow(world, run.id);
          return current.status === 'SUCCEEDED' ? current : undefined;
        },
        { timeoutMs: 120_000, what: 'the run to finish on the next worker' },
      );
      expect(done).toMatchObject({ added: LINKS, pages: PAGES });
      await expectExactlyTheSource(world, connectionId);
      await eventually(async () => (await runRow(world, followUp.body.id)).status === 'SUCCEEDED', {
        timeoutMs: 120_000,
        what: 'the follow-up run',
      });
    } finally {
      await next.stop();
    }
    console.log(`S8: SIGTERM to exit ${drainMs} ms`);
  });
});

describe('Redis restarted under a running worker (S9, D2)', () => {
  const port = 29_235;
  let redis: ChildProcess | undefined;
  let world: TestWorld;

  const startRedis = async () => {
    redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    redis.on('error', (error) => {
      throw new Error(`redis-server could not start (${error.message}); this test needs the redis-server binary`);
    });
    await eventually(
      async () => {
        const probe = new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null });
        probe.on('error', () => undefined);
        try {
          await probe.connect();
          return (await probe.ping()) === 'PONG';
        } catch {
          return false;
        } finally {
          probe.disconnect();
        }
      },
      { what: 'redis-server to answer' },
    );
  };
  const stopRedis = async () => {
    const child = redis;
    redis = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  };

  beforeAll(async () => {
    await startRedis();
    world = await createTestWorld({ SANDBOX_URL: sandbox.url, REDIS_URL: `redis://127.0.0.1:${port}/0` });
  });
  afterAll(async () => {
    // The app's queues close cleanly only while their Redis answers.
    if (!redis) await startRedis();
    await world?.close();
    await stopRedis();
  });

  it('should answer 503 to "sync now" and keep serving reads while Redis is down, and the worker resume within 30 s once it is back', async () => {
    await fetch(`${sandbox.url}/_sandbox/dub/data`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ links: 500 }),
    });
    const connectionId = await connectDub(world, world.people.adminA);
    const worker = await startWorkerProcess(world, { healthPort: 29_236, sandboxUrl: sandbox.url });
    try {
      const initial = await eventually(() => latestRun(world, connectionId), { what: 'the initial run' });
      await eventually(async () => (await runRow(world, initial.id)).status === 'SUCCEEDED', {
        what: 'the first sync',
      });

      await stopRedis();
      const down = await world.call(world.people.memberA, 'post', `/api/connections/${connectionId}/sync`);
      expect(down.status).toBe(503);
      expect(down.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(down.body.detail).toMatch(/queue is unavailable/i);
      await world.call(world.people.memberA, 'get', `/api/connections/${connectionId}`).expect(200);
      await world.call(world.people.memberA, 'get', `/api/connections/${connectionId}/records?limit=5`).expect(200);
      expect(await world.db.getRepository(SyncRunEntity).countBy({ connectionId, status: 'QUEUED' })).toBe(0);

      await startRedis();
      const back = Date.now();
      const queued = await eventually(
        async () => {
          const answer = await world.call(world.people.memberA, 'post', `/api/connections/${connectionId}/sync`);
          return answer.status === 202 ? (answer.body as { id: string }) : undefined;
        },
        { what: 'the api to queue again' },
      );
      await eventually(async () => (await runRow(world, queued.id)).status === 'SUCCEEDED', {
        timeoutMs: 30_000,
        what: 'the worker to resume',
      });
      console.log(`S9: sync done ${Date.now() - back} ms after Redis came back`);
      expect(await world.db.getRepository(SyncRecordEntity).countBy({ connectionId })).toBe(500);
    } finally {
      await worker.stop();
    }
  });
});

describe('four worker replicas booting at once (S12, D7)', () => {
  let world: TestWorld;
  let queue: Queue;

  beforeAll(async () => {
    world = await createTestWorld({ SANDBOX_URL: sandbox.url });
    queue = new Queue(SYNC_QUEUE, {
      connection: redisOptions(world.config.redis.url, 'producer') as ConnectionOptions,
      prefix: world.config.redis.prefix,
    });
    // Ten syncing connections (rows are enough: schedulers are derived from PostgreSQL).
    for (let i = 0; i < 10; i++) {
      await world.db.query(
        `INSERT INTO connections (workspace_id, provider_id, external_account_id, status, account, connected_at, sync_frequency_minutes)
         VALUES ($1, 'dub', $2, 'ACTIVE', '{"displayName":"x"}', now(), $3)`,
        [world.workspaceA, randomUUID(), 30 + i],
      );
    }
  });
  afterAll(async () => {
    await queue?.close();
    await world?.close();
  });

  it('should leave exactly one scheduler and one delayed job per connection, round after round', async () => {
    const connections = (await world.db.query(`SELECT id FROM connections`)) as { id: string }[];
    for (let round = 1; round <= 3; round++) {
      for (const s of await queue.getJobSchedulers(0, -1)) await queue.removeJobScheduler(s.key);
      // Probe ports below Linux's ephemeral range (32768+), where an outgoing connection may hold one.
      const started = await Promise.allSettled(
        [0, 1, 2, 3].map((i) => startWorkerProcess(world, { healthPort: 29_240 + i, sandboxUrl: sandbox.url })),
      );
      const workers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
      const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
      if (failed) {
        // Stop the ones that did boot, or they outlive the test (and keep jest from exiting).
        await Promise.all(workers.map((w) => w.stop()));
        throw failed.reason;
      }
      try {
        const schedulers = await eventually(
          async () => {
            const found = (await queue.getJobSchedulers(0, -1)).filter((s) => s.key.startsWith(SYNC_SCHEDULER_PREFIX));
            return found.length >= connections.length ? found : undefined;
          },
          { what: `round ${round}: schedulers` },
        );
        await new Promise((r) => setTimeout(r, 1_500)); // any late duplicate would show by now
        const again = (await queue.getJobSchedulers(0, -1)).filter((s) => s.key.startsWith(SYNC_SCHEDULER_PREFIX));
        expect(again.map((s) => s.key).sort()).toEqual(
          connections.map((c) => `${SYNC_SCHEDULER_PREFIX}${c.id}`).sort(),
        );
        expect(schedulers).toHaveLength(connections.length);
        const delayed = await queue.getDelayed(0, -1);
        for (const c of connections) {
          expect(delayed.filter((job) => job.repeatJobKey === `${SYNC_SCHEDULER_PREFIX}${c.id}`)).toHaveLength(1);
        }
      } finally {
        await Promise.all(workers.map((w) => w.stop()));
      }
    }
  });
});
