import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { TOKEN_REFRESH_JOBS, TOKEN_REFRESH_QUEUE } from '@hub/server/connections';
import { ConnectionEntity, SyncRecordEntity, SyncRunEntity } from '@hub/server/database';
import { LiveEventsFeed } from '@hub/server/redis';
import type { LiveEvent } from '@hub/shared/contracts';
import { connectDub, startSandboxProcess } from './testing/sandbox-process';
import { createTestWorld, type TestWorld } from './testing/test-world';
import { eventually, startWorkerProcess, type WorkerProcess } from './testing/worker-process';

/**
 * Syncs end to end (issue 5): the built worker syncs Dub links from the sandbox into PostgreSQL, and
 * the api answers about runs and records. Real PostgreSQL, Redis, authorization server and HTTP.
 */
let world: TestWorld;
let sandbox: Awaited<ReturnType<typeof startSandboxProcess>>;
let worker: WorkerProcess;
const LINKS = 1_000;

beforeAll(async () => {
  sandbox = await startSandboxProcess(29_220, { SANDBOX_DUB_LINKS: String(LINKS) });
  world = await createTestWorld({ SANDBOX_URL: sandbox.url, METRICS_PORT: '29222' });
  worker = await startWorkerProcess(world, { healthPort: 29_221, sandboxUrl: sandbox.url });
}, 60_000);
afterAll(async () => {
  await worker?.stop();
  await world?.close();
  await sandbox?.stop();
});

type Run = { id: string; status: string; trigger: string; counts: Record<string, number>; error: unknown };
const sandboxPost = (path: string, body: unknown) =>
  fetch(`${sandbox.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  }).then(async (r) => {
    if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
    return r.json();
  });

async function runOf(connectionId: string, runId: string): Promise<Run> {
  return (
    await world.call(world.people.adminA, 'get', `/api/connections/${connectionId}/sync-runs/${runId}`).expect(200)
  ).body;
}

async function finished(connectionId: string, runId: string, timeoutMs = 30_000): Promise<Run> {
  return eventually(
    async () => {
      const run = await runOf(connectionId, runId);
      return ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(run.status) ? run : undefined;
    },
    { timeoutMs, what: `run ${runId} to end` },
  );
}

async function syncNow(connectionId: string): Promise<Run> {
  return (await world.call(world.people.memberA, 'post', `/api/connections/${connectionId}/sync`).expect(202)).body;
}

async function allChanges(connectionId: string, cursor?: string) {
  const records: { externalId: string; action: string; data: Record<string, unknown> }[] = [];
  for (;;) {
    const query = new URLSearchParams({ limit: '400', ...(cursor ? { cursor } : {}) });
    const page = await world
      .call(world.people.adminA, 'get', `/api/connections/${connectionId}/records?${query}`)
      .expect(200);
    records.push(...page.body.records);
    cursor = page.body.nextCursor;
    if (!page.body.hasMore) return { records, cursor: cursor! };
  }
}

async function freshDub(): Promise<string> {
  await world.db.query(`DELETE FROM connections WHERE provider_id = 'dub'`);
  await fetch(`${sandbox.url}/_sandbox/reset`, { method: 'POST' });
  await sandboxPost('/_sandbox/dub/data', { links: LINKS, revision: 0 });
  return connectDub(world, world.people.adminA);
}

const latestRun = async (connectionId: string) =>
  (
    await world.db.getRepository(SyncRunEntity).find({ where: { connectionId }, order: { queuedAt: 'DESC' }, take: 1 })
  )[0];

describe('Dub links sync', () => {
  let connectionId: string;
  let cursorAfterFirst: string;

  it('should sync every link on connect (an INITIAL run), with counts, lastSyncedAt and a change stream of ADDED records', async () => {
    connectionId = await freshDub();
    const initial = await eventually(() => latestRun(connectionId), { what: 'the initial run' });
    expect(initial.trigger).toBe('INITIAL');
    const run = await finished(connectionId, initial.id);
    expect(run).toMatchObject({ status: 'SUCCEEDED', counts: { added: LINKS, updated: 0, unchanged: 0, deleted: 0 } });

    const connection = (await world.call(world.people.memberA, 'get', `/api/connections/${connectionId}`).expect(200))
      .body;
    expect(connection.lastSyncedAt).not.toBeNull();
    expect(connection.lastSyncRun).toMatchObject({ id: run.id, status: 'SUCCEEDED' });

    const { records, cursor } = await allChanges(connectionId);
    expect(records).toHaveLength(LINKS);
    expect(new Set(records.map((r) => r.externalId)).size).toBe(LINKS);
    expect(records.every((r) => r.action === 'ADDED')).toBe(true);
    expect(records[0].data).toHaveProperty('shortLink');
    expect(JSON.stringify(records)).not.toMatch(/password|accessToken/);
    cursorAfterFirst = cursor;
  }, 60_000);

  it('should make a second sync incremental: nothing written, nothing in the change stream', async () => {
    const run = await finished(connectionId, (await syncNow(connectionId)).id);
    expect(run).toMatchObject({
      status: 'SUCCEEDED',
      trigger: 'MANUAL',
      counts: { added: 0, updated: 0, unchanged: LINKS, deleted: 0 },
    });
    const { records } = await allChanges(connectionId, cursorAfterFirst);
    expect(records).toEqual([]);
  }, 60_000);

  it('should report links added, updated and deleted at the provider, and only those in the change stream', async () => {
    // Revision 1 changes about 10 % of the links; shrinking drops the 20 oldest.
    await sandboxPost('/_sandbox/dub/data', { links: LINKS - 20, revision: 1 });
    const run = await finished(connectionId, (await syncNow(connectionId)).id);
    expect(run.status).toBe('SUCCEEDED');
    expect(run.counts.deleted).toBe(20);
    expect(run.counts.added).toBe(0);
    expect(run.counts.updated).toBeGreaterThan(LINKS * 0.05);
    expect(run.counts.updated + run.counts.unchanged).toBe(LINKS - 20);

    const { records } = await allChanges(connectionId, cursorAfterFirst);
    const byAction = (action: string) => records.filter((r) => r.action === action).length;
    expect(byAction('DELETED')).toBe(20);
    expect(byAction('UPDATED')).toBe(run.counts.updated);
    expect(records).toHaveLength(20 + run.counts.updated);

    await sandboxPost('/_sandbox/dub/data', { links: LINKS });
    const regrown = await finished(connectionId, (await syncNow(connectionId)).id);
    expect(regrown.counts).toMatchObject({ added: 20, deleted: 0 });
    const deleted = await world.db.getRepository(SyncRecordEntity).countBy({ connectionId, lastAction: 'DELETED' });
    expect(deleted).toBe(0);
  }, 90_000);

  it('should answer 10 concurrent "sync now" clicks with the same run, and queue at most 2 runs (S13)', async () => {
    // A sync that lasts a few seconds, so the burst meets it queued or running.
    await sandboxPost('/_sandbox/dub/data', { links: 20_000 });
    const before = await world.db.getRepository(SyncRunEntity).countBy({ connectionId });
    const answers = await Promise.all(Array.from({ length: 10 }, () => syncNow(connectionId)));
    expect(new Set(answers.map((a) => a.id)).size).toBe(1);
    const created = (await world.db.getRepository(SyncRunEntity).countBy({ connectionId })) - before;
    expect(created).toBeGreaterThanOrEqual(1);
    expect(created).toBeLessThanOrEqual(2);
    await finished(connectionId, answers[0].id);
    await sandboxPost('/_sandbox/dub/data', { links: LINKS });
    const last = await eventually(() => latestRun(connectionId), { what: 'the newest run' });
    await finished(connectionId, last.id);
  }, 60_000);

  it('should wait for Retry-After: no call to Dub before 5 s after a 429 (D11)', async () => {
    await sandboxPost('/_sandbox/dub/faults', { status: 429, times: 1, retryAfterSeconds: 5, pathPrefix: '/links' });
    const run = await finished(connectionId, (await syncNow(connectionId)).id, 45_000);
    expect(run.status).toBe('SUCCEEDED');
    const log = (await (await fetch(`${sandbox.url}/_sandbox/dub/requests`)).json()) as {
      at: number;
      path: string;
      status: number;
    }[];
    const limited = [...log].reverse().find((r) => r.status === 429);
    expect(limited).toBeDefined();
    const after = log.filter((r) => r.at > limited!.at);
    expect(after.length).toBeGreaterThan(0);
    expect(Math.min(...after.map((r) => r.at)) - limited!.at).toBeGreaterThanOrEqual(5_000);
  }, 60_000);

  it('should cancel a queued run at once, and refuse to cancel an ended one', async () => {
    await worker.stop();
    try {
      const run = await syncNow(connectionId);
      const cancelled = await world
        .call(world.people.memberA, 'post', `/api/connections/${connectionId}/sync-runs/${run.id}/cancel`)
        .expect(200);
      expect(cancelled.body).toMatchObject({ id: run.id, status: 'CANCELLED', cancelRequested: true });
      await world
        .call(world.people.memberA, 'post', `/api/connections/${connectionId}/sync-runs/${run.id}/cancel`)
        .expect(409);
    } finally {
      worker = await startWorkerProcess(world, { healthPort: 29_221, sandboxUrl: sandbox.url });
    }
  }, 60_000);

  it('should list the sync history newest first, and keep another workspace out (404)', async () => {
    const history = await world
      .call(world.people.memberA, 'get', `/api/connections/${connectionId}/sync-runs?limit=3`)
      .expect(200);
    expect(history.body).toHaveLength(3);
    const times = history.body.map((r: { queuedAt: string }) => Date.parse(r.queuedAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    for (const path of ['sync-runs', 'records', `sync-runs/${history.body[0].id}`]) {
      await world.call(world.people.ownerB, 'get', `/api/connections/${connectionId}/${path}`).expect(404);
    }
    await world.call(world.people.ownerB, 'post', `/api/connections/${connectionId}/sync`).expect(404);
  });

  it('should refuse a cursor it did not write with a problem+json 400', async () => {
    const bad = await world
      .call(world.people.memberA, 'get', `/api/connections/${connectionId}/records?cursor=bm9wZQ`)
      .expect(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(bad.body.detail).toMatch(/cursor/);
  });

  it('should publish live sync events to the workspace while a run goes on', async () => {
    const seen: LiveEvent[] = [];
    const subscription = world.app
      .get(LiveEventsFeed)
      .stream(world.workspaceA)
      .subscribe((e) => seen.push(e));
    try {
      await new Promise((r) => setTimeout(r, 300)); // the subscription is made on first use
      const run = await finished(connectionId, (await syncNow(connectionId)).id);
      // The run's end, then the connection's new last-sync time: two events, published one after the other.
      await eventually(
        async () =>
          seen.some((e) => e.type === 'sync.run' && e.runId === run.id && e.status === 'SUCCEEDED') &&
          seen.some((e) => e.type === 'connection.updated' && e.connectionId === connectionId),
        { timeoutMs: 5_000, what: 'the SUCCEEDED and connection.updated events' },
      );
      const statuses = seen.filter((e) => e.type === 'sync.run' && e.runId === run.id).map((e) => e.status);
      expect(statuses[0]).toMatch(/QUEUED|RUNNING/);
      expect(JSON.stringify(seen)).not.toMatch(/token|password/i);
    } finally {
      subscription.unsubscribe();
    }
  }, 60_000);

  it('should refresh a token nearing expiry from the worker’s scan, through the one refresh path', async () => {
    const before = await world.db.getRepository(ConnectionEntity).findOneByOrFail({ id: connectionId });
    // Obtained an hour ago, expiring in three minutes: inside its margin.
    await world.db
      .getRepository(ConnectionEntity)
      .update(
        { id: connectionId },
        { tokensObtainedAt: new Date(Date.now() - 3_600_000), tokenExpiresAt: new Date(Date.now() + 180_000) },
      );
    const refreshes = (await sandbox.stats()).tokenRequests.refresh_token;
    await world.app.get<Queue>(getQueueToken(TOKEN_REFRESH_QUEUE)).add(TOKEN_REFRESH_JOBS.scan, {});
    const after = await eventually(
      async () => {
        const row = await world.db.getRepository(ConnectionEntity).findOneByOrFail({ id: connectionId });
        return row.tokenVersion > before.tokenVersion ? row : undefined;
      },
      { what: 'the background refresh' },
    );
    expect(after.tokenExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 10 * 60_000);
    expect((await sandbox.stats()).tokenRequests.refresh_token - refreshes).toBe(1);
    // Fresh now: another scan leaves it alone.
    await world.app.get<Queue>(getQueueToken(TOKEN_REFRESH_QUEUE)).add(TOKEN_REFRESH_JOBS.scan, {});
    await new Promise((r) => setTimeout(r, 1_500));
    expect((await sandbox.stats()).tokenRequests.refresh_token - refreshes).toBe(1);
  }, 60_000);

  it('should keep an idle refresh token alive: refreshed once a day even though the access token is fresh', async () => {
    const before = await world.db.getRepository(ConnectionEntity).findOneByOrFail({ id: connectionId });
    await world.db
      .getRepository(ConnectionEntity)
      .update({ id: connectionId }, { tokensObtainedAt: new Date(Date.now() - 2 * 86_400_000) });
    const refreshes = (await sandbox.stats()).tokenRequests.refresh_token;
    const queue = world.app.get<Queue>(getQueueToken(TOKEN_REFRESH_QUEUE));
    // Two scans at once: still one refresh (one job per connection, and the lease).
    await Promise.all([queue.add(TOKEN_REFRESH_JOBS.scan, {}), queue.add(TOKEN_REFRESH_JOBS.scan, {})]);
    const after = await eventually(
      async () => {
        const row = await world.db.getRepository(ConnectionEntity).findOneByOrFail({ id: connectionId });
        return row.tokenVersion > before.tokenVersion ? row : undefined;
      },
      { what: 'the keep-alive refresh' },
    );
    expect(after.tokensObtainedAt!.getTime()).toBeGreaterThan(Date.now() - 60_000);
    await new Promise((r) => setTimeout(r, 1_000));
    expect((await sandbox.stats()).tokenRequests.refresh_token - refreshes).toBe(1);
  }, 60_000);

  it('should expose Prometheus metrics on the worker’s probe port and the api’s metrics port', async () => {
    const worker_ = await (await fetch(`${worker.probe}/metrics`)).text();
    expect(worker_).toMatch(/hub_job_duration_seconds_count\{queue="sync",name="run",outcome="completed"\} [1-9]/);
    expect(worker_).toMatch(/hub_token_refreshes_total\{provider="dub",outcome="refreshed"\} [1-9]/);
    expect(worker_).toMatch(/hub_sync_runs_total\{provider="dub",status="SUCCEEDED"\} [1-9]/);
    expect(worker_).toMatch(/hub_sync_records_total\{provider="dub",action="(added|unchanged)"\} [1-9]/); // this worker was restarted after the first syncs
    expect(worker_).toMatch(/hub_queue_oldest_waiting_seconds\{queue="sync"\} /);
    const api = await (await fetch('http://127.0.0.1:29222/metrics')).text();
    expect(api).toMatch(/hub_connections\{provider="dub",status="ACTIVE"\} 1/);
    expect(api).toMatch(/hub_queue_jobs\{queue="sync",state="waiting"\} \d+/);
    expect(`${worker_}${api}`).not.toMatch(/accessToken|refreshToken|password/);
  });

  it('should show Bull Board to instance administrators only', async () => {
    expect((await world.call(null, 'get', '/admin/queues')).status).toBe(401);
    expect((await world.call(world.people.adminA, 'get', '/admin/queues')).status).toBe(403);
    const board = await world.call(world.people.instanceAdmin, 'get', '/admin/queues').expect(200);
    expect(board.text).toMatch(/<html/i);
    const api = await world.call(world.people.instanceAdmin, 'get', '/admin/queues/api/queues').expect(200);
    expect(JSON.stringify(api.body)).toContain('"sync"');
    // Changes must come from the hub's own pages (the board's buttons send no CSRF header).
    await world
      .call(world.people.instanceAdmin, 'put', '/admin/queues/api/queues/sync/pause')
      .set('Origin', 'https://evil.example')
      .expect(403);
  });

  it('should bring a connection out of a temporary provider error (PROVIDER_UNAVAILABLE) back to ACTIVE after a successful sync', async () => {
    // Where a sync that ran out of retries on 5xx answers left it.
    await world.db
      .getRepository(ConnectionEntity)
      .update(
        { id: connectionId },
        { status: 'ERROR', statusReason: 'PROVIDER_UNAVAILABLE', statusMessage: 'Dub answered 503.' },
      );
    const before = await world.db.getRepository(ConnectionEntity).findOneByOrFail({ id: connectionId });
    const run = await finished(connectionId, (await syncNow(connectionId)).id);
    expect(run.status).toBe('SUCCEEDED');
    const after = await world.db.getRepository(ConnectionEntity).findOneByOrFail({ id: connectionId });
    expect(after).toMatchObject({ status: 'ACTIVE', statusReason: null, statusMessage: null });
    expect(after.lastSyncedAt!.getTime()).toBeGreaterThan(before.lastSyncedAt!.getTime());
  }, 60_000);

  it('should refuse to sync a connection that needs a person (INSUFFICIENT_SCOPE), leaving it in ERROR', async () => {
    await world.db
      .getRepository(ConnectionEntity)
      .update({ id: connectionId }, { status: 'ERROR', statusReason: 'INSUFFICIENT_SCOPE', statusMessage: 'x' });
    // Not syncable while a person must act: the API refuses, and the status stays.
    await world.call(world.people.memberA, 'post', `/api/connections/${connectionId}/sync`).expect(409);
    expect(await world.db.getRepository(ConnectionEntity).findOneByOrFail({ id: connectionId })).toMatchObject({
      status: 'ERROR',
      statusReason: 'INSUFFICIENT_SCOPE',
    });
    await world.db
      .getRepository(ConnectionEntity)
      .update({ id: connectionId }, { status: 'ACTIVE', statusReason: null, statusMessage: null });
  }, 60_000);

  it('should stop at an expired refresh token: run FAILED, connection ERROR / NEEDS_REAUTH, no retries', async () => {
    // The access token is expired and the grant revoked at the provider: the refresh answers invalid_grant.
    await world.db
      .getRepository(ConnectionEntity)
      .update({ id: connectionId }, { tokenExpiresAt: new Date(Date.now() - 1000) });
    await fetch(`${sandbox.url}/_sandbox/dub/expire-access-tokens`, { method: 'POST' });
    await fetch(`${sandbox.url}/_sandbox/dub/expire-refresh-tokens`, { method: 'POST' });
    const refreshesBefore = (await sandbox.stats()).tokenRequests.refresh_token;
    const run = await finished(connectionId, (await syncNow(connectionId)).id);
    expect(run.status).toBe('FAILED');
    const row = await world.db.getRepository(SyncRunEntity).findOneByOrFail({ id: run.id });
    expect(row.starts).toBe(1);
    const connection = await world.db.getRepository(ConnectionEntity).findOneByOrFail({ id: connectionId });
    expect(connection).toMatchObject({ status: 'ERROR', statusReason: 'NEEDS_REAUTH' });
    expect((await sandbox.stats()).tokenRequests.refresh_token - refreshesBefore).toBe(1);
    await world.call(world.people.memberA, 'post', `/api/connections/${connectionId}/sync`).expect(409);
  }, 60_000);
});
