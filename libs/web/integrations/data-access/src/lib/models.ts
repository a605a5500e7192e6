import type { Connection, Integration, SyncRun } from '@hub/web/shared/api-types';

/** What a card is busy with; its buttons wait for it. */
export type PendingAction = 'connect' | 'disconnect' | 'sync' | 'settings' | 'approve';

/** How the page hears about changes: the event stream, or a slow poll while the stream is down. */
export type LiveMode = 'connecting' | 'live' | 'polling';

const ACTIVE_RUN_STATUSES: ReadonlySet<SyncRun['status']> = new Set(['QUEUED', 'RUNNING']);

/** A run is under way while it is queued or running. */
export function isSyncing(connection: Pick<Connection, 'lastSyncRun'> | null | undefined): boolean {
  return !!connection?.lastSyncRun && ACTIVE_RUN_STATUSES.has(connection.lastSyncRun.status);
}

/**
 * The connection a card shows: a live one (active or failing) before a disconnected one, the newest
 * first. An integration may hold several accounts; the card speaks for the most relevant.
 */
export function primaryConnection(integration: Pick<Integration, 'connections'>): Connection | null {
  const rank = (c: Connection) => (c.status === 'DISCONNECTED' ? 1 : 0);
  const sorted = [...integration.connections].sort(
    (a, b) => rank(a) - rank(b) || Date.parse(b.connectedAt) - Date.parse(a.connectedAt),
  );
  return sorted[0] ?? null;
}
