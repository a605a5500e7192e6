import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { RecordAction } from '@hub/shared/contracts';
import { ConnectionEntity } from '@hub/server/database';
import type { ConnectionRef } from './sync-runs.service';

export interface SyncedRecordView {
  resource: string;
  externalId: string;
  /** What the last change was: ADDED, UPDATED or DELETED (a deleted record keeps its last data). */
  action: RecordAction;
  data: Record<string, unknown>;
  firstSeenAt: Date;
  changedAt: Date;
  deletedAt: Date | null;
}

export interface RecordChanges {
  records: SyncedRecordView[];
  /** Pass it back to get the changes after these; also when `hasMore` is false, to poll for new ones. */
  nextCursor: string;
  hasMore: boolean;
}

const CURSOR = /^c1\.(\d{1,19})$/;
const encodeCursor = (seq: string) => Buffer.from(`c1.${seq}`).toString('base64url');

/**
 * The synced data of a connection as a change stream, for the applications that use the hub: every
 * record whose content changed (or that was deleted) since the cursor, in the order of the changes.
 * A record appears once, with its latest state; one sync writes a connection at a time, so the
 * sequence only grows within a connection and a cursor never skips a change.
 */
@Injectable()
export class SyncRecordsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The current (not deleted) records of `resource` among `ids`, by id: what a sync selection may
   * choose from, with whether the provider says each can be synced.
   */
  async choices(
    ref: ConnectionRef,
    resource: string,
    ids: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, { syncable: boolean | null; reason: string | null }>> {
    const rows = (await manager.query(
      `SELECT external_id, data->'syncable' AS syncable, data->>'reason' AS reason FROM sync_records
       WHERE workspace_id = $1 AND connection_id = $2 AND resource = $3 AND external_id = ANY($4::text[])
         AND deleted_at IS NULL`,
      [ref.workspaceId, ref.connectionId, resource, [...ids]],
    )) as { external_id: string; syncable: boolean | null; reason: string | null }[];
    return new Map(rows.map((row) => [row.external_id, { syncable: row.syncable, reason: row.reason }]));
  }

  async changes(
    ref: ConnectionRef,
    query: { resource?: string; cursor?: string; changedSince?: Date; limit: number },
  ): Promise<RecordChanges> {
    const exists = await this.dataSource
      .getRepository(ConnectionEntity)
      .existsBy({ id: ref.connectionId, workspaceId: ref.workspaceId });
    if (!exists) throw new NotFoundException({ detail: 'No such connection in this workspace.' });
    const after = query.cursor === undefined ? '0' : decodeCursor(query.cursor);
    const params: unknown[] = [ref.workspaceId, ref.connectionId, after, query.limit + 1];
    let where = 'workspace_id = $1 AND connection_id = $2 AND change_seq > $3';
    if (query.resource !== undefined) {
      params.push(query.resource);
      where += ` AND resource = $${params.length}`;
    }
    if (query.changedSince !== undefined) {
      params.push(query.changedSince);
      where += ` AND changed_at >= $${params.length}`;
    }
    const rows = (await this.dataSource.query(
      `SELECT resource, external_id, last_action, data, first_seen_at, changed_at, deleted_at, change_seq::text AS seq
       FROM sync_records WHERE ${where} ORDER BY change_seq LIMIT $4`,
      params,
    )) as {
      resource: string;
      external_id: string;
      last_action: RecordAction;
      data: Record<string, unknown>;
      first_seen_at: Date;
      changed_at: Date;
      deleted_at: Date | null;
      seq: string;
    }[];
    const hasMore = rows.length > query.limit;
    const page = rows.slice(0, query.limit);
    return {
      records: page.map((r) => ({
        resource: r.resource,
        externalId: r.external_id,
        action: r.last_action,
        data: r.data,
        firstSeenAt: r.first_seen_at,
        changedAt: r.changed_at,
        deletedAt: r.deleted_at,
      })),
      nextCursor: encodeCursor(page.length > 0 ? page[page.length - 1].seq : after),
      hasMore,
    };
  }
}

function decodeCursor(cursor: string): string {
  const match = CURSOR.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw new BadRequestException({ detail: 'cursor: not a cursor this API returned.' });
  return match[1];
}
