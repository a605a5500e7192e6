import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { SyncRunEntity } from '@hub/server/database';
import type { SyncRunJob } from './sync-queue';

/** A run's failure as it is stored and shown. */
export interface RunProblem {
  readonly code: string;
  readonly message: string;
}

/**
 * The sync runner's statements on its run and its cursors, beside RecordWriter (which commits the
 * pages): each guarded on the run's status, so a cancelled or ended run is never written as running.
 */
@Injectable()
export class SyncRunRows {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Takes the connection's RUNNING slot for this run; 'busy' when another run holds it, null when it ended. */
  async start(ref: SyncRunJob): Promise<SyncRunEntity | 'busy' | null> {
    try {
      const [rows] = (await this.dataSource.query(
        `UPDATE sync_runs SET status = 'RUNNING', started_at = COALESCE(started_at, now()), starts = starts + 1,
           starts_without_progress = starts_without_progress + 1, retry_at = NULL
         WHERE id = $1 AND workspace_id = $2 AND connection_id = $3 AND status IN ('QUEUED', 'RUNNING')
         RETURNING id`,
        [ref.runId, ref.workspaceId, ref.connectionId],
      )) as [{ id: string }[], number];
      if (!rows[0]) return null;
      return this.dataSource.getRepository(SyncRunEntity).findOneByOrFail({ id: ref.runId });
    } catch (error) {
      // The partial unique index on (connection) WHERE status = 'RUNNING'.
      if ((error as { code?: string }).code === '23505') return 'busy';
      throw error;
    }
  }

  /** Waiting (for another run, or a checkpoint hand-over) is not a failed start. */
  async uncountStart(ref: SyncRunJob): Promise<void> {
    await this.dataSource.query(
      `UPDATE sync_runs SET starts_without_progress = GREATEST(starts_without_progress - 1, 0)
       WHERE id = $1 AND workspace_id = $2`,
      [ref.runId, ref.workspaceId],
    );
  }

  /** The run waits to try again (`retryAt`: the provider's Retry-After; null: the queue's backoff). */
  async waitToRetry(ref: SyncRunJob, problem: RunProblem, retryAt: Date | null): Promise<void> {
    await this.dataSource.query(
      `UPDATE sync_runs SET error_code = $3, error_message = $4, retry_at = $5,
         starts_without_progress = GREATEST(starts_without_progress - 1, 0)
       WHERE id = $1 AND workspace_id = $2 AND status = 'RUNNING'`,
      [ref.runId, ref.workspaceId, problem.code, problem.message, retryAt],
    );
  }

  async cancelRequested(ref: SyncRunJob): Promise<boolean> {
    const [row] = (await this.dataSource.query(
      `SELECT cancel_requested_at IS NOT NULL AS requested FROM sync_runs WHERE id = $1 AND workspace_id = $2`,
      [ref.runId, ref.workspaceId],
    )) as { requested: boolean }[];
    return row?.requested ?? false;
  }

  /** Ends the run (if it has not ended); answers it as it now is. */
  async finish(ref: SyncRunJob, status: 'SUCCEEDED' | 'CANCELLED' | 'FAILED', problem?: RunProblem): Promise<void> {
    await this.dataSource.query(
      `UPDATE sync_runs SET status = $3, finished_at = now(), retry_at = NULL,
         error_code = CASE WHEN $3 = 'SUCCEEDED' THEN NULL ELSE COALESCE($4, error_code) END,
         error_message = CASE WHEN $3 = 'SUCCEEDED' THEN NULL ELSE COALESCE($5, error_message) END
       WHERE id = $1 AND workspace_id = $2 AND status IN ('QUEUED', 'RUNNING')`,
      [ref.runId, ref.workspaceId, status, problem?.code ?? null, problem?.message ?? null],
    );
  }

  find(runId: string): Promise<SyncRunEntity | null> {
    return this.dataSource.getRepository(SyncRunEntity).findOneBy({ id: runId });
  }

  /** Where a resource's sync stopped (RecordWriter stores it with each page). */
  async cursor(target: { workspaceId: string; connectionId: string; resource: string }): Promise<string | null> {
    const [row] = (await this.dataSource.query(
      `SELECT cursor FROM sync_cursors WHERE workspace_id = $1 AND connection_id = $2 AND resource = $3`,
      [target.workspaceId, target.connectionId, target.resource],
    )) as { cursor: string | null }[];
    return row?.cursor ?? null;
  }
}
