import type { LiveEvent } from '@hub/shared/contracts';
import type { Connection, IntegrationCategoryGroup, SyncRun } from '@hub/web/shared/api-types';
import { findConnection, patchConnection } from './catalog';

type SyncRunEvent = Extract<LiveEvent, { type: 'sync.run' }>;

const TERMINAL_RUNS: ReadonlySet<SyncRun['status']> = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

/** The catalog after a live event, and what the event leaves for the page to do. */
export interface LiveEventResult {
  categories: IntegrationCategoryGroup[];
  /**
   * Read the connection whole: the page does not know it yet (made in another tab or through the
   * API), or it has just reconnected (the account and scopes may have changed; the event does not say).
   */
  refetch: boolean;
  /** The run this event ended, with its connection as it now is. */
  ended: { connection: Connection; run: SyncRun } | null;
}

/** Applies one event of `GET /api/events` to the catalog. `now` stamps the times the event leaves out. */
export function applyLiveEvent(categories: IntegrationCategoryGroup[], event: LiveEvent, now: string): LiveEventResult {
  const connection = findConnection(categories, event.connectionId);
  if (!connection) return { categories, refetch: true, ended: null };
  if (event.type === 'connection.updated') {
    const { status, statusReason, statusMessage, lastSyncedAt } = event;
    const updated = { ...connection, status, statusReason, statusMessage, lastSyncedAt };
    return {
      categories: patchConnection(categories, connection.id, () => updated),
      refetch: status === 'ACTIVE' && connection.status !== 'ACTIVE',
      ended: null,
    };
  }
  const run = runAfter(connection, event, now);
  if (!run) return { categories, refetch: false, ended: null };
  const updated = { ...connection, lastSyncRun: run };
  return {
    categories: patchConnection(categories, connection.id, () => updated),
    refetch: false,
    ended: TERMINAL_RUNS.has(run.status) ? { connection: updated, run } : null,
  };
}

/** The run a card shows after a `sync.run` event, or null when it keeps showing the one it has. */
function runAfter(connection: Connection, event: SyncRunEvent, now: string): SyncRun | null {
  const current = connection.lastSyncRun;
  const sameRun = current?.id === event.runId;
  // A follow-up run is queued while one runs: keep showing the running one until it ends.
  if (!sameRun && current?.status === 'RUNNING' && event.status === 'QUEUED') return null;
  const base: SyncRun = sameRun && current ? current : { ...emptyRun(event.runId, now), connectionId: connection.id };
  return {
    ...base,
    providerId: event.providerId,
    status: event.status,
    trigger: event.trigger,
    counts: event.counts,
    pages: event.pages,
    resource: event.resource,
    startedAt: base.startedAt ?? (event.status === 'QUEUED' ? null : now),
    finishedAt: TERMINAL_RUNS.has(event.status) ? (base.finishedAt ?? now) : null,
    error: event.error ? { code: base.error?.code ?? 'ERROR', message: event.error } : null,
  };
}

function emptyRun(id: string, queuedAt: string): SyncRun {
  return {
    id,
    connectionId: '',
    providerId: '',
    trigger: 'MANUAL',
    status: 'QUEUED',
    counts: { added: 0, updated: 0, unchanged: 0, deleted: 0 },
    pages: 0,
    resource: null,
    queuedAt,
    startedAt: null,
    finishedAt: null,
    retryAt: null,
    error: null,
    cancelRequested: false,
  };
}
