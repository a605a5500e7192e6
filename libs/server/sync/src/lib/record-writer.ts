import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
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

export interface PageResult {
  readonly counts: SyncCounts;
  /** Someone asked to cancel the run: stop after this page. */
  readonly cancelRequested: boolean;
}

// One statement per page (SECURITY.md D3): the page is upserted keyed by (workspace, connection,
// resource, external id), compared with what was stored by content hash, and counted. A record that
// did not change keeps its change_seq: only changes reach the change stream. `previous` reads the
// snapshot before the insert (all parts of one statement share it), by primary key. Sent unprepared on
// purpose: a generic plan, blind to how many rows the connection has, may scan them all for every page.
// $4 pass id (full passes), $5 ids, $6 content hashes, $7 a JSON array of the records' data, in order.
const UPSERT_PAGE = `
WITH incoming AS (
  SELECT i.external_id, i.content_hash, d.data
  FROM unnest($5::text[], $6::text[]) WITH ORDINALITY AS i(external_id, content_hash, n)
  JOIN jsonb_array_elements($7::jsonb) WITH ORDINALITY AS d(data, n) USING (n)
),
previous AS (
  SELECT r.external_id, r.content_hash, r.deleted_at
  FROM sync_records r
  WHERE r.workspace_id = $1 AND r.connection_id = $2 AND r.resource = $3 AND r.external_id = ANY ($5::text[])
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
  RETURNING 1
)
SELECT
  count(*) FILTER (WHERE p.external_id IS NULL OR p.deleted_at IS NOT NULL)::int AS added,
  count(*) FILTER (WHERE p.deleted_at IS NULL AND p.content_hash <> i.content_hash)::int AS updated,
  count(*) FILTER (WHERE p.deleted_at IS NULL AND p.content_hash = i.content_hash)::int AS unchanged,
  (SELECT count(*) FROM written)::int AS written
FROM incoming i LEFT JOIN previous p USING (external_id)`;

const DELETE_IDS = `
UPDATE sync_records SET deleted_at = now(), last_action = 'DELETED', changed_at = now(),
  change_seq = nextval('sync_records_change_seq')
WHERE workspace_id = $1 AND connection_id = $2 AND resource = $3 AND external_id = ANY($4::text[]) AND deleted_at IS NULL`;

// The end of a full pass: what it did not see is gone at the provider.
const DELETE_UNSEEN = `
UPDATE sync_records SET deleted_at = now(), last_action = 'DELETED', changed_at = now(),
  change_seq = nextval('sync_records_change_seq')
WHERE workspace_id = $1 AND connection_id = $2 AND resource = $3 AND deleted_at IS NULL
  AND seen_pass IS DISTINCT FROM $4`;

/**
 * Writes what a sync fetched. Each page, its cursor and the run's counts commit in one transaction,
 * so a worker killed at any instant leaves either the whole page and its cursor or neither: the run
 * resumes from the cursor with nothing lost and nothing counted twice (SECURITY.md D3, S7).
 */
@Injectable()
export class RecordWriter {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async commitPage(target: PageTarget, page: SyncPage): Promise<PageResult> {
    return this.dataSource.transaction(async (m) => {
      // Asynchronous commit for pages (not for the run's end): a PostgreSQL crash may lose the last
      // few pages with their cursor — never one without the other — and the run fetches them again.
      // The run's final status commits synchronously, which flushes every page written before it.
      await m.query(`SET LOCAL synchronous_commit = off`);
      const counts = await this.upsert(m, target, page);
      const last = page.nextCursor === null;
      if (last && target.passFull) {
        counts.deleted += await this.update(m, DELETE_UNSEEN, [
          target.workspaceId,
          target.connectionId,
          target.resource,
          target.passId,
        ]);
      }
      await m.query(
        `UPDATE sync_cursors SET cursor = $4, pass_id = CASE WHEN $5 THEN NULL ELSE pass_id END,
           last_completed_at = CASE WHEN $5 THEN now() ELSE last_completed_at END, updated_at = now()
         WHERE workspace_id = $1 AND connection_id = $2 AND resource = $3`,
        [
          target.workspaceId,
          target.connectionId,
          target.resource,
          last ? (page.syncToken ?? null) : page.nextCursor,
          last,
        ],
      );
      const [rows] = (await m.query(
        `UPDATE sync_runs SET added = added + $3, updated = updated + $4, unchanged = unchanged + $5,
           deleted = deleted + $6, pages = pages + 1, resource = $7, starts_without_progress = 0, retry_at = NULL
         WHERE id = $1 AND workspace_id = $2 AND status = 'RUNNING'
         RETURNING cancel_requested_at`,
        [
          target.runId,
          target.workspaceId,
          counts.added,
          counts.updated,
          counts.unchanged,
          counts.deleted,
          target.resource,
        ],
      )) as [{ cancel_requested_at: Date | null }[], number];
      // Cancelled while queued, or finished elsewhere: not ours to write any more, so the page is undone.
      if (!rows[0]) throw new RunNotRunningError();
      return { counts, cancelRequested: rows[0].cancel_requested_at !== null };
    });
  }

  /** The page as the statements take it; the last copy of an id wins (an upsert cannot touch a row twice). */
  private encode(page: SyncPage): { ids: string[]; hashes: string[]; data: string } {
    const latest = new Map(page.records.map((r) => [r.externalId, r.data]));
    const ids: string[] = [];
    const hashes: string[] = [];
    const data: string[] = [];
    for (const [id, record] of latest) {
      const json = JSON.stringify(record);
      ids.push(id);
      hashes.push(createHash('sha256').update(json).digest('base64url'));
      data.push(json);
    }
    return { ids, hashes, data: `[${data.join(',')}]` };
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

  private async upsert(m: EntityManager, target: PageTarget, page: SyncPage): Promise<SyncCounts> {
    const counts: SyncCounts = { added: 0, updated: 0, unchanged: 0, deleted: 0 };
    if (page.records.length > 0) {
      const { ids, hashes, data } = this.encode(page);
      const [row] = (await m.query(UPSERT_PAGE, [
        target.workspaceId,
        target.connectionId,
        target.resource,
        target.passFull ? target.passId : null,
        ids,
        hashes,
        data,
      ])) as { added: number; updated: number; unchanged: number }[];
      counts.added = row.added;
      counts.updated = row.updated;
      counts.unchanged = row.unchanged;
    }
    if (page.deletedIds?.length) {
      counts.deleted = await this.update(m, DELETE_IDS, [
        target.workspaceId,
        target.connectionId,
        target.resource,
        page.deletedIds,
      ]);
    }
    return counts;
  }

  private async update(m: EntityManager, sql: string, params: unknown[]): Promise<number> {
    // TypeORM answers an UPDATE with [rows, affected count].
    const result = (await m.query(sql, params)) as [unknown[], number];
    return result[1];
  }
}

/** The run was cancelled or finished while this worker held it: its page is rolled back. */
export class RunNotRunningError extends Error {
  override readonly name = 'RunNotRunningError';
  constructor() {
    super('The sync run is no longer running');
  }
}
