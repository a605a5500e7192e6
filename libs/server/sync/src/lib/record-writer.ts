import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { SyncCounts } from '@hub/shared/contracts';
import type { SyncPage } from '@hub/server/integrations/core';

/** Which resource of which connection, in which run and pass. */
export interface PageTarget {
  readonly workspaceId: string;
  readonly connectionId: string;
  readonly resource: string;
  readonly runId: string;
  /** The pass under way: full passes stamp every record they see with it. */
  readonly passId: string;
  readonly passFull: boolean;
}

/** A page encoded for the statement (ids, content hashes, data as JSON): done while the previous page commits. */
export class PreparedPage {
  constructor(
    readonly page: SyncPage,
    readonly ids: string[],
    readonly hashes: string[],
    readonly data: string,
  ) {}
}

export interface PageResult {
  readonly counts: SyncCounts;
  /** Someone asked to cancel the run: stop after this page. */
  readonly cancelRequested: boolean;
}

// A page commits as one statement, so in one round trip (docs/security.md D3): its records upserted keyed by
// (workspace, connection, resource, external id) and compared with what was stored by content hash,
// its deletions, the resource's cursor and the run's counts. Nothing is written unless the run is
// still RUNNING (`run` locks its row for the statement). A record that did not change keeps its
// change_seq and changed_at: only changes reach the change stream. So a row the statement changed
// has changed_at = now() (the statement's own transaction time) and its last_action says how; any
// other row came back unchanged: the counts need no second look-up of the stored rows. All parts of
// one statement read the snapshot before it, so `unseen` leaves out this page's own ids. Sent
// unprepared on purpose: a generic plan, blind to how many rows the connection has, may scan them
// all for every page.
// Asynchronous commit (`set_config` is local to the statement's transaction): a PostgreSQL crash may
// lose the last few pages with their cursor — never one without the other — and the run fetches them
// again. The run's final status commits synchronously, which flushes every page written before it.
// $1 workspace, $2 connection, $3 resource, $4 pass id to stamp (full passes), $5 ids, $6 content
// hashes, $7 a JSON array of the records' data in order, $8 deleted ids, $9 run id, $10 the cursor to
// store, $11 whether this is the pass's last page, $12 the pass id whose unseen records are now gone
// (the last page of a full pass) or null.
const COMMIT_PAGE = `
WITH settings AS (
  SELECT set_config('synchronous_commit', 'off', true)
),
run AS (
  SELECT cancel_requested_at FROM sync_runs
  WHERE id = $9 AND workspace_id = $1 AND status = 'RUNNING'
  FOR UPDATE
),
incoming AS (
  SELECT i.external_id, i.content_hash, d.data
  FROM unnest($5::text[], $6::text[]) WITH ORDINALITY AS i(external_id, content_hash, n)
  JOIN jsonb_array_elements($7::jsonb) WITH ORDINALITY AS d(data, n) USING (n)
  WHERE EXISTS (SELECT 1 FROM run)
),
written AS (
  INSERT INTO sync_records AS r
    (workspace_id, connection_id, resource, external_id, data, content_hash, last_action, change_seq,
     first_seen_at, changed_at, seen_pass)
  SELECT $1, $2, $3, i.external_id, i.data, i.content_hash, 'ADDED', nextval('sync_records_change_seq'),
     now(), now(), $4
  FROM incoming i
  ON CONFLICT (workspace_id, connection_id, resource, external_id) DO UPDATE SET
    seen_pass = COALESCE(EXCLUDED.seen_pass, r.seen_pass),
    data = CASE WHEN r.content_hash <> EXCLUDED.content_hash OR r.deleted_at IS NOT NULL THEN EXCLUDED.data ELSE r.data END,
    last_action = CASE
      WHEN r.deleted_at IS NOT NULL THEN 'ADDED'
      WHEN r.content_hash <> EXCLUDED.content_hash THEN 'UPDATED'
      ELSE r.last_action END,
    change_seq = CASE WHEN r.content_hash <> EXCLUDED.content_hash OR r.deleted_at IS NOT NULL THEN EXCLUDED.change_seq ELSE r.change_seq END,
    changed_at = CASE WHEN r.content_hash <> EXCLUDED.content_hash OR r.deleted_at IS NOT NULL THEN now() ELSE r.changed_at END,
    content_hash = EXCLUDED.content_hash,
    deleted_at = NULL
  RETURNING r.last_action, r.changed_at
),
named_deleted AS (
  UPDATE sync_records SET deleted_at = now(), last_action = 'DELETED', changed_at = now(),
    change_seq = nextval('sync_records_change_seq')
  WHERE workspace_id = $1 AND connection_id = $2 AND resource = $3 AND external_id = ANY ($8::text[])
    AND deleted_at IS NULL AND EXISTS (SELECT 1 FROM run)
  RETURNING 1
),
unseen AS (
  UPDATE sync_records SET deleted_at = now(), last_action = 'DELETED', changed_at = now(),
    change_seq = nextval('sync_records_change_seq')
  WHERE $12::uuid IS NOT NULL AND workspace_id = $1 AND connection_id = $2 AND resource = $3 AND deleted_at IS NULL
    AND seen_pass IS DISTINCT FROM $12::uuid
    AND NOT (external_id = ANY ($5::text[])) AND NOT (external_id = ANY ($8::text[]))
    AND EXISTS (SELECT 1 FROM run)
  RETURNING 1
),
counts AS (
  SELECT
    count(*) FILTER (WHERE w.changed_at = now() AND w.last_action = 'ADDED')::int AS added,
    count(*) FILTER (WHERE w.changed_at = now() AND w.last_action = 'UPDATED')::int AS updated,
    count(*) FILTER (WHERE w.changed_at <> now())::int AS unchanged,
    ((SELECT count(*) FROM named_deleted) + (SELECT count(*) FROM unseen))::int AS deleted
  FROM written w
),
cursor AS (
  UPDATE sync_cursors SET cursor = $10, pass_id = CASE WHEN $11 THEN NULL ELSE pass_id END,
    last_completed_at = CASE WHEN $11 THEN now() ELSE last_completed_at END, updated_at = now()
  WHERE workspace_id = $1 AND connection_id = $2 AND resource = $3 AND EXISTS (SELECT 1 FROM run)
  RETURNING 1
),
progress AS (
  UPDATE sync_runs r SET added = r.added + c.added, updated = r.updated + c.updated,
    unchanged = r.unchanged + c.unchanged, deleted = r.deleted + c.deleted, pages = r.pages + 1, resource = $3,
    starts_without_progress = 0, retry_at = NULL
  FROM counts c
  WHERE r.id = $9 AND r.workspace_id = $1 AND EXISTS (SELECT 1 FROM run)
  RETURNING 1
)
SELECT c.added, c.updated, c.unchanged, c.deleted,
  EXISTS (SELECT 1 FROM run) AS running,
  COALESCE((SELECT cancel_requested_at IS NOT NULL FROM run), false) AS cancel_requested,
  (SELECT count(*) FROM settings)::int AS settings
FROM counts c`;

/**
 * Writes what a sync fetched. Each page, its cursor and the run's counts commit in one transaction,
 * so a worker killed at any instant leaves either the whole page and its cursor or neither: the run
 * resumes from the cursor with nothing lost and nothing counted twice (docs/security.md D3, S7).
 */
@Injectable()
export class RecordWriter {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async commitPage(target: PageTarget, pageOrPrepared: SyncPage | PreparedPage): Promise<PageResult> {
    const { page, ids, hashes, data } =
      pageOrPrepared instanceof PreparedPage ? pageOrPrepared : this.prepare(pageOrPrepared);
    const last = page.nextCursor === null;
    const [row] = (await this.dataSource.query(COMMIT_PAGE, [
      target.workspaceId,
      target.connectionId,
      target.resource,
      target.passFull ? target.passId : null,
      ids,
      hashes,
      data,
      page.deletedIds ?? [],
      target.runId,
      last ? (page.syncToken ?? null) : page.nextCursor,
      last,
      last && target.passFull ? target.passId : null,
    ])) as (SyncCounts & { running: boolean; cancel_requested: boolean })[];
    // Cancelled while queued, or finished elsewhere: not ours to write any more, and nothing was written.
    if (!row.running) throw new RunNotRunningError();
    return {
      counts: { added: row.added, updated: row.updated, unchanged: row.unchanged, deleted: row.deleted },
      cancelRequested: row.cancel_requested,
    };
  }

  /**
   * The page as the statement takes it: the last copy of an id wins, and an id the page also names as
   * deleted is deleted (a statement cannot touch a row twice).
   */
  prepare(page: SyncPage): PreparedPage {
    const latest = new Map(page.records.map((r) => [r.externalId, r.data]));
    for (const id of page.deletedIds ?? []) latest.delete(id);
    const ids: string[] = [];
    const hashes: string[] = [];
    const data: string[] = [];
    for (const [id, record] of latest) {
      const json = JSON.stringify(record);
      ids.push(id);
      hashes.push(createHash('sha256').update(json).digest('base64url'));
      data.push(json);
    }
    return new PreparedPage(page, ids, hashes, `[${data.join(',')}]`);
  }

  /**
   * Starts a pass of one resource, or finds the one under way; null when a pass of it ended after
   * `doneSince` (this run finished it before a restart).
   */
  async beginPass(
    target: Omit<PageTarget, 'passId' | 'passFull'>,
    doneSince: Date | null,
  ): Promise<{ passId: string; passFull: boolean; cursor: string | null } | null> {
    return this.dataSource.transaction(async (m) => {
      await m.query(
        `INSERT INTO sync_cursors (workspace_id, connection_id, resource) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
        [target.workspaceId, target.connectionId, target.resource],
      );
      const [row] = (await m.query(
        `SELECT cursor, pass_id, pass_full, last_completed_at FROM sync_cursors
         WHERE workspace_id = $1 AND connection_id = $2 AND resource = $3 FOR UPDATE`,
        [target.workspaceId, target.connectionId, target.resource],
      )) as { cursor: string | null; pass_id: string | null; pass_full: boolean; last_completed_at: Date | null }[];
      if (row.pass_id) return { passId: row.pass_id, passFull: row.pass_full, cursor: row.cursor };
      if (doneSince && row.last_completed_at && row.last_completed_at >= doneSince) return null;
      const passFull = row.cursor === null;
      await m.query(
        `UPDATE sync_cursors SET pass_id = $4, pass_full = $5, updated_at = now()
         WHERE workspace_id = $1 AND connection_id = $2 AND resource = $3`,
        [target.workspaceId, target.connectionId, target.resource, target.runId, passFull],
      );
      return { passId: target.runId, passFull, cursor: row.cursor };
    });
  }

  /** Forgets where a resource was (its cursor is invalid): the next pass starts over, in full. */
  async resetCursor(target: Omit<PageTarget, 'passId' | 'passFull' | 'runId'>): Promise<void> {
    await this.dataSource.query(
      `UPDATE sync_cursors SET cursor = NULL, pass_id = NULL, updated_at = now()
       WHERE workspace_id = $1 AND connection_id = $2 AND resource = $3`,
      [target.workspaceId, target.connectionId, target.resource],
    );
  }
}

/** The run was cancelled or finished while this worker held it: its page was not written. */
export class RunNotRunningError extends Error {
  override readonly name = 'RunNotRunningError';
  constructor() {
    super('The sync run is no longer running');
  }
}
