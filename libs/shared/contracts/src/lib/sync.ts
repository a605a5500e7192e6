/** A sync run's state (docs/architecture.md status model). */
export const SYNC_RUN_STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const;
export type SyncRunStatus = (typeof SYNC_RUN_STATUSES)[number];

/** Who started a run: a person ("Sync now"), the connection's schedule, or connecting the account. */
export const SYNC_RUN_TRIGGERS = ['MANUAL', 'SCHEDULED', 'INITIAL'] as const;
export type SyncRunTrigger = (typeof SYNC_RUN_TRIGGERS)[number];

/** What the last run that touched a synced record did to it; the records change stream reports it. */
export const RECORD_ACTIONS = ['ADDED', 'UPDATED', 'DELETED'] as const;
export type RecordAction = (typeof RECORD_ACTIONS)[number];

/** Counts of one run: what it wrote, and what it found as it was. */
export interface SyncCounts {
  added: number;
  updated: number;
  unchanged: number;
  deleted: number;
}
