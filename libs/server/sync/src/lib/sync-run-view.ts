import type { ConnectionEntity, SyncRunEntity } from '@hub/server/database';
import type { LiveEvent, SyncCounts, SyncRunStatus, SyncRunTrigger } from '@hub/shared/contracts';

/** A sync run as the API shows it. */
export interface SyncRunView {
  id: string;
  connectionId: string;
  providerId: string;
  trigger: SyncRunTrigger;
  status: SyncRunStatus;
  counts: SyncCounts;
  pages: number;
  resource: string | null;
  queuedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** Set while the run waits to try again (backoff or the provider's Retry-After). */
  retryAt: Date | null;
  error: { code: string; message: string } | null;
  cancelRequested: boolean;
}

export function toSyncRunView(run: SyncRunEntity): SyncRunView {
  return {
    id: run.id,
    connectionId: run.connectionId,
    providerId: run.providerId,
    trigger: run.trigger,
    status: run.status,
    counts: { added: run.added, updated: run.updated, unchanged: run.unchanged, deleted: run.deleted },
    pages: run.pages,
    resource: run.resource,
    queuedAt: run.queuedAt,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    retryAt: run.retryAt,
    error: run.errorCode ? { code: run.errorCode, message: run.errorMessage ?? run.errorCode } : null,
    cancelRequested: run.cancelRequestedAt !== null,
  };
}

/** A connection's status for the open pages of its workspace. */
export function connectionEvent(
  c: Pick<ConnectionEntity, 'id' | 'providerId' | 'status' | 'statusReason' | 'statusMessage' | 'lastSyncedAt'>,
): LiveEvent {
  return {
    type: 'connection.updated',
    connectionId: c.id,
    providerId: c.providerId,
    status: c.status,
    statusReason: c.statusReason,
    statusMessage: c.statusMessage,
    lastSyncedAt: c.lastSyncedAt?.toISOString() ?? null,
  };
}

export function syncRunEvent(run: SyncRunEntity): LiveEvent {
  return {
    type: 'sync.run',
    connectionId: run.connectionId,
    providerId: run.providerId,
    runId: run.id,
    status: run.status,
    trigger: run.trigger,
    counts: { added: run.added, updated: run.updated, unchanged: run.unchanged, deleted: run.deleted },
    pages: run.pages,
    resource: run.resource,
    error: run.errorMessage,
  };
}
