import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions, runMigrations } from '@hub/server/database';
import { createScratchDatabase, type ScratchDatabase } from '@hub/server/testing';
import { type PageTarget, RecordWriter, RunNotRunningError } from './record-writer';

/** The page writer against real PostgreSQL: counts, idempotence, deletions and the change order. */
let scratch: ScratchDatabase;
let db: DataSource;
let writer: RecordWriter;

beforeAll(async () => {
  scratch = await createScratchDatabase('sync_writer');
  await runMigrations(scratch.url);
  db = await new DataSource(dataSourceOptions(scratch.url)).initialize();
  writer = new RecordWriter(db);
});
afterAll(async () => {
  await db?.destroy();
  await scratch?.drop();
});

async function newTarget(): Promise<Omit<PageTarget, 'passId' | 'passFull'>> {
  const [{ id: workspaceId }] = await db.query(`INSERT INTO workspaces (name) VALUES ('w') RETURNING id`);
  const [{ id: connectionId }] = await db.query(
    `INSERT INTO connections (workspace_id, provider_id, external_account_id, status, account, connected_at, sync_frequency_minutes)
     VALUES ($1, 'dub', $2, 'ACTIVE', '{"displayName":"x"}', now(), 60) RETURNING id`,
    [workspaceId, randomUUID()],
  );
  return { workspaceId, connectionId, resource: 'links', runId: await newRun(workspaceId, connectionId) };
}

async function newRun(workspaceId: string, connectionId: string): Promise<string> {
  const [{ id }] = await db.query(
    `INSERT INTO sync_runs (workspace_id, connection_id, provider_id, trigger, status) VALUES ($1, $2, 'dub', 'MANUAL', 'RUNNING') RETURNING id`,
    [workspaceId, connectionId],
  );
  return id;
}

async function finishRun(runId: string) {
  await db.query(`UPDATE sync_runs SET status = 'SUCCEEDED' WHERE id = $1`, [runId]);
}

const rec = (id: string, value: unknown) => ({ externalId: id, data: { value } });
const stored = async (connectionId: string) =>
  (await db.query(
    `SELECT external_id, last_action, change_seq::int AS seq, deleted_at IS NOT NULL AS deleted, data
     FROM sync_records WHERE connection_id = $1 ORDER BY external_id`,
    [connectionId],
  )) as { external_id: string; last_action: string; seq: number; deleted: boolean; data: { value: unknown } }[];

describe('RecordWriter', () => {
  it('should count added, updated and unchanged records and advance the cursor with the page', async () => {
    const base = await newTarget();
    const pass = (await writer.beginPass(base, null))!;
    expect(pass).toMatchObject({ passId: base.runId, passFull: true, cursor: null });
    const target = { ...base, ...pass };
    const first = await writer.commitPage(target, { records: [rec('a', 1), rec('b', 1)], nextCursor: 'p2' });
    expect(first.counts).toEqual({ added: 2, updated: 0, unchanged: 0, deleted: 0 });
    const second = await writer.commitPage(target, {
      records: [rec('b', 2), rec('c', 1), rec('a', 1)],
      nextCursor: 'p3',
    });
    expect(second.counts).toEqual({ added: 1, updated: 1, unchanged: 1, deleted: 0 });
    const [cursor] = await db.query(`SELECT cursor, pass_id FROM sync_cursors WHERE connection_id = $1`, [
      base.connectionId,
    ]);
    expect(cursor).toEqual({ cursor: 'p3', pass_id: base.runId });
    const [run] = await db.query(`SELECT added, updated, unchanged, pages FROM sync_runs WHERE id = $1`, [base.runId]);
    expect(run).toEqual({ added: 3, updated: 1, unchanged: 1, pages: 2 });
  });

  it('should keep the last copy when a page repeats an id, and never write a row twice', async () => {
    const base = await newTarget();
    const target = { ...base, ...(await writer.beginPass(base, null))! };
    const result = await writer.commitPage(target, { records: [rec('x', 1), rec('x', 2)], nextCursor: null });
    expect(result.counts.added).toBe(1);
    expect((await stored(base.connectionId)).map((r) => [r.external_id, r.data.value])).toEqual([['x', 2]]);
  });

  it('should mark what a full pass did not see as deleted at its end, and bring it back when it reappears', async () => {
    const base = await newTarget();
    let target = { ...base, ...(await writer.beginPass(base, null))! };
    await writer.commitPage(target, { records: [rec('a', 1), rec('b', 1), rec('c', 1)], nextCursor: null });
    await finishRun(base.runId);

    const runId = await newRun(base.workspaceId, base.connectionId);
    target = { ...base, runId, ...(await writer.beginPass({ ...base, runId }, null))! };
    expect(target.passFull).toBe(true);
    const end = await writer.commitPage(target, { records: [rec('a', 1), rec('c', 1)], nextCursor: null });
    expect(end.counts).toEqual({ added: 0, updated: 0, unchanged: 2, deleted: 1 });
    expect((await stored(base.connectionId)).find((r) => r.external_id === 'b')).toMatchObject({
      last_action: 'DELETED',
      deleted: true,
    });
    await finishRun(runId);

    const third = await newRun(base.workspaceId, base.connectionId);
    target = { ...base, runId: third, ...(await writer.beginPass({ ...base, runId: third }, null))! };
    const back = await writer.commitPage(target, {
      records: [rec('a', 1), rec('b', 1), rec('c', 1)],
      nextCursor: null,
    });
    expect(back.counts).toEqual({ added: 1, updated: 0, unchanged: 2, deleted: 0 });
    expect((await stored(base.connectionId)).find((r) => r.external_id === 'b')).toMatchObject({
      last_action: 'ADDED',
      deleted: false,
    });
  });

  it('should move a record in the change order only when its content changes', async () => {
    const base = await newTarget();
    const target = { ...base, ...(await writer.beginPass(base, null))! };
    await writer.commitPage(target, { records: [rec('a', 1), rec('b', 1)], nextCursor: 'next' });
    const before = await stored(base.connectionId);
    await writer.commitPage(target, { records: [rec('a', 1), rec('b', 2)], nextCursor: null });
    const after = await stored(base.connectionId);
    expect(after[0].seq).toBe(before[0].seq);
    expect(after[1].seq).toBeGreaterThan(Math.max(...before.map((r) => r.seq)));
    expect(after[1].last_action).toBe('UPDATED');
  });

  it('should apply deletedIds from incremental providers and keep their sync token for the next run', async () => {
    const base = await newTarget();
    let target = { ...base, ...(await writer.beginPass(base, null))! };
    await writer.commitPage(target, { records: [rec('a', 1), rec('b', 1)], nextCursor: null, syncToken: 'since-1' });
    await finishRun(base.runId);
    const runId = await newRun(base.workspaceId, base.connectionId);
    const pass = (await writer.beginPass({ ...base, runId }, null))!;
    expect(pass).toMatchObject({ passFull: false, cursor: 'since-1' });
    target = { ...base, runId, ...pass };
    const result = await writer.commitPage(target, {
      records: [],
      deletedIds: ['a', 'zz'],
      nextCursor: null,
      syncToken: 'since-2',
    });
    // An incremental pass deletes only what the provider named; 'b' stays.
    expect(result.counts).toEqual({ added: 0, updated: 0, unchanged: 0, deleted: 1 });
    expect((await stored(base.connectionId)).map((r) => [r.external_id, r.deleted])).toEqual([
      ['a', true],
      ['b', false],
    ]);
  });

  it('should skip a resource this run already finished, and roll a page back when the run was cancelled meanwhile', async () => {
    const base = await newTarget();
    const target = { ...base, ...(await writer.beginPass(base, null))! };
    await writer.commitPage(target, { records: [rec('a', 1)], nextCursor: null });
    expect(await writer.beginPass(base, new Date(Date.now() - 60_000))).toBeNull();

    await finishRun(base.runId);
    const runId = await newRun(base.workspaceId, base.connectionId);
    const next = { ...base, runId, ...(await writer.beginPass({ ...base, runId }, null))! };
    await db.query(`UPDATE sync_runs SET status = 'CANCELLED' WHERE id = $1`, [runId]);
    await expect(
      writer.commitPage(next, { records: [rec('new', 1)], deletedIds: ['a'], nextCursor: 'n' }),
    ).rejects.toBeInstanceOf(RunNotRunningError);
    // Nothing of the page was written: no record, no deletion, no cursor, no counts.
    expect((await stored(base.connectionId)).map((r) => [r.external_id, r.deleted])).toEqual([['a', false]]);
    const [cursor] = await db.query(`SELECT cursor FROM sync_cursors WHERE connection_id = $1`, [base.connectionId]);
    expect(cursor.cursor).toBeNull();
    const [run] = await db.query(`SELECT added, deleted, pages FROM sync_runs WHERE id = $1`, [runId]);
    expect(run).toEqual({ added: 0, deleted: 0, pages: 0 });
  });

  it('should delete an id that a page both sends and names as deleted', async () => {
    const base = await newTarget();
    const target = { ...base, ...(await writer.beginPass(base, null))! };
    await writer.commitPage(target, { records: [rec('a', 1), rec('b', 1)], nextCursor: 'p2' });
    const result = await writer.commitPage(target, {
      records: [rec('a', 2), rec('c', 1)],
      deletedIds: ['a'],
      nextCursor: 'p3',
    });
    expect(result.counts).toEqual({ added: 1, updated: 0, unchanged: 0, deleted: 1 });
    expect((await stored(base.connectionId)).map((r) => [r.external_id, r.deleted])).toEqual([
      ['a', true],
      ['b', false],
      ['c', false],
    ]);
  });

  it("should keep a page's asynchronous commit to that page, leaving the pool connection's setting as it was", async () => {
    const single = await new DataSource(dataSourceOptions(scratch.url, { poolSize: 1 })).initialize();
    try {
      const base = await newTarget();
      const target = { ...base, ...(await writer.beginPass(base, null))! };
      await new RecordWriter(single).commitPage(target, { records: [rec('a', 1)], nextCursor: 'p2' });
      expect(await single.query('SHOW synchronous_commit')).toEqual([{ synchronous_commit: 'on' }]);
      expect((await stored(base.connectionId)).map((r) => r.external_id)).toEqual(['a']);
    } finally {
      await single.destroy();
    }
  });
});
