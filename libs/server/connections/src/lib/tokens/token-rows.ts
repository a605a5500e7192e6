import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import DataLoader from 'dataloader';
import { DataSource } from 'typeorm';
import { ConnectionEntity } from '@hub/server/database';
import type { ConnectionRef } from '@hub/server/sync';

/** Refreshed tokens to write, if the row still has the token version they were refreshed from. */
export interface RefreshedRow {
  readonly ref: ConnectionRef;
  readonly seenVersion: number;
  readonly credentials: Buffer;
  readonly tokenExpiresAt: Date | null;
  readonly hasRefreshToken: boolean;
  readonly obtainedAt: Date;
}

/** Rows per statement; more wait for the next one. */
const MAX_BATCH = 100;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const keyOf = (ref: ConnectionRef) => `${ref.workspaceId.toLowerCase()}/${ref.connectionId.toLowerCase()}`;

/**
 * The connection rows TokenService reads and writes, with one statement for many callers: reads made
 * in the same tick go in one SELECT (DataLoader, never cached: tokens are always read from
 * PostgreSQL), and refreshed tokens are written group-commit style, one UPDATE for everything that
 * arrived while the previous one ran. A storm of refreshes then costs a few statements per batch,
 * not three per connection, and a lone caller waits no longer than before.
 */
@Injectable()
export class TokenRows {
  private writing: Promise<unknown> = Promise.resolve();

  private readonly reads = new DataLoader<ConnectionRef, ConnectionEntity | null, string>((refs) => this.select(refs), {
    cache: false,
    maxBatchSize: MAX_BATCH,
  });

  private readonly writes = new DataLoader<RefreshedRow, boolean, RefreshedRow>(
    (rows) => {
      const written = this.update(rows);
      this.writing = written.catch(() => undefined);
      return written;
    },
    {
      cache: false,
      maxBatchSize: MAX_BATCH,
      // A batch starts when the previous write has finished: at most one write in flight, and
      // everything that arrives meanwhile goes in the next.
      batchScheduleFn: (dispatch) => void this.writing.then(() => setImmediate(dispatch)),
    },
  );

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The connection with its sealed credentials, or null when it is not in that workspace. */
  find(ref: ConnectionRef): Promise<ConnectionEntity | null> {
    return this.reads.load(ref);
  }

  /** Compare-and-swap on token_version: true when written, false when someone else wrote first. */
  saveRefreshed(row: RefreshedRow): Promise<boolean> {
    return this.writes.load(row);
  }

  private async select(refs: readonly ConnectionRef[]): Promise<(ConnectionEntity | null)[]> {
    // A malformed id would fail the whole statement for every caller in the batch: it is simply not found.
    const valid = refs.filter((r) => UUID.test(r.connectionId) && UUID.test(r.workspaceId));
    if (valid.length === 0) return refs.map(() => null);
    // Plain SQL: this runs for every token use and every refresh (a query builder costs more than the query).
    const rows = (await this.dataSource.query(
      `SELECT c.id, c.workspace_id, c.provider_id, c.status, c.status_reason, c.status_message, c.credentials,
         c.token_expires_at, c.token_version, c.tokens_obtained_at, c.last_synced_at
       FROM connections c
       JOIN unnest($1::uuid[], $2::uuid[]) AS wanted(id, workspace_id)
         ON c.id = wanted.id AND c.workspace_id = wanted.workspace_id`,
      [valid.map((r) => r.connectionId), valid.map((r) => r.workspaceId)],
    )) as Record<string, unknown>[];
    const byKey = new Map(
      rows.map((row) => [
        keyOf({ workspaceId: String(row['workspace_id']), connectionId: String(row['id']) }),
        Object.assign(new ConnectionEntity(), {
          id: row['id'],
          workspaceId: row['workspace_id'],
          providerId: row['provider_id'],
          status: row['status'],
          statusReason: row['status_reason'],
          statusMessage: row['status_message'],
          credentials: row['credentials'],
          tokenExpiresAt: row['token_expires_at'],
          tokenVersion: row['token_version'],
          tokensObtainedAt: row['tokens_obtained_at'],
          lastSyncedAt: row['last_synced_at'],
        }) as ConnectionEntity,
      ]),
    );
    return refs.map((ref) => byKey.get(keyOf(ref)) ?? null);
  }

  private async update(rows: readonly RefreshedRow[]): Promise<boolean[]> {
    const [written] = (await this.dataSource.query(
      `UPDATE connections c
       SET credentials = v.credentials, token_expires_at = v.token_expires_at, has_refresh_token = v.has_refresh_token,
         tokens_obtained_at = v.tokens_obtained_at, token_version = c.token_version + 1, updated_at = now()
       FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::bytea[], $5::timestamptz[], $6::boolean[], $7::timestamptz[])
         AS v(id, workspace_id, seen_version, credentials, token_expires_at, has_refresh_token, tokens_obtained_at)
       WHERE c.id = v.id AND c.workspace_id = v.workspace_id AND c.token_version = v.seen_version
       RETURNING c.id, c.workspace_id`,
      [
        rows.map((r) => r.ref.connectionId),
        rows.map((r) => r.ref.workspaceId),
        rows.map((r) => r.seenVersion),
        rows.map((r) => r.credentials),
        rows.map((r) => r.tokenExpiresAt),
        rows.map((r) => r.hasRefreshToken),
        rows.map((r) => r.obtainedAt),
      ],
    )) as [Record<string, unknown>[], number];
    const done = new Set(
      written.map((w) => keyOf({ workspaceId: String(w['workspace_id']), connectionId: String(w['id']) })),
    );
    return rows.map((r) => done.has(keyOf(r.ref)));
  }
}
