import type { JobsOptions } from 'bullmq';

/** Sync runs and schedule ticks. */
export const SYNC_QUEUE = 'sync';

/** Job names on the sync queue. */
export const SYNC_JOBS = {
  /** Carry out one sync run (a `sync_runs` row). */
  run: 'run',
  /** A connection's schedule fired: queue a SCHEDULED run unless one is already waiting. */
  scheduled: 'scheduled',
} as const;

/** Ids only (docs/security.md B7): the processor loads everything else from PostgreSQL, within the workspace. */
export interface SyncRunJob {
  readonly workspaceId: string;
  readonly connectionId: string;
  readonly runId: string;
}

export interface ScheduledSyncJob {
  readonly workspaceId: string;
  readonly connectionId: string;
}

/**
 * 5 attempts, exponential backoff from 10 s with ±50 % jitter (docs/security.md D10). The job id is the
 * run id, so a run is queued at most once.
 */
export const SYNC_RUN_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 10_000, jitter: 0.5 },
  removeOnComplete: { count: 1_000 },
  removeOnFail: { count: 5_000 },
};

/** The one job scheduler of a connection (docs/security.md D7). */
export const syncSchedulerId = (connectionId: string) => `sync-${connectionId}`;
export const SYNC_SCHEDULER_PREFIX = 'sync-';
