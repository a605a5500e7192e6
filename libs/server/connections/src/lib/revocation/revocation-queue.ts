import type { JobsOptions } from 'bullmq';

/** Background retries of revocations that failed at disconnect (docs/security.md A12). */
export const REVOCATIONS_QUEUE = 'revocations';

/** Ids only: the token stays sealed in PostgreSQL (docs/security.md B7). */
export interface RevocationJob {
  readonly workspaceId: string;
  readonly pendingRevocationId: string;
}

/** 8 tries over about two hours: 30 s, 1 min, 2 min, … with BullMQ's exponential backoff. */
export const REVOCATION_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 30_000 },
  removeOnComplete: 1_000,
  removeOnFail: 5_000,
};
