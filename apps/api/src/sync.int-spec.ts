import { ConnectionEntity, SyncRecordEntity, SyncRunEntity } from '@hub/server/database';
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
  sandbox = await startSandboxProcess(39_220, { SANDBOX_DUB_LINKS: String(LINKS) });
  world = await createTestWorld({ SANDBOX_URL: sandbox.url });
  worker = await startWorkerProcess(world, { healthPort: 39_221, sandboxUrl: sandbox.url });
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
    const before = await world.db.getRepository(SyncRunEntity).countBy({ connectionId });
    const answers = await Promise.all(Array.from({ length: 10 }, () => syncNow(connectionId)));
    expect(new Set(answers.map((a) => a.id)).size).toBe(1);
    const created = (await world.db.getRepository(SyncRunEntity).countBy({ connectionId })) - before;
    expect(created).toBeGreaterThanOrEqual(1);
    expect(created).toBeLessThanOrEqual(2);
    await finished(connectionId, answers[0].id);
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
      worker = await startWorkerProcess(world, { healthPort: 39_221, sandboxUrl: sandbox.url });
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
