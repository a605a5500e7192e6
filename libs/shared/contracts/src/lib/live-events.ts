import type { ConnectionStatus, ConnectionStatusReason } from './connection-status';
import type { SyncCounts, SyncRunStatus, SyncRunTrigger } from './sync';

/**
 * What `GET /api/events` streams to the browser (server-sent events, one workspace). Ids and
 * statuses only: the page re-reads anything bigger through the REST API.
 */
export type LiveEvent =
  | {
      type: 'connection.updated';
      connectionId: string;
      providerId: string;
      status: ConnectionStatus;
      statusReason: ConnectionStatusReason | null;
      statusMessage: string | null;
      lastSyncedAt: string | null;
    }
  | {
      type: 'sync.run';
      connectionId: string;
      providerId: string;
      runId: string;
      status: SyncRunStatus;
      trigger: SyncRunTrigger;
      counts: SyncCounts;
      pages: number;
      resource: string | null;
      error: string | null;
    };

export type LiveEventType = LiveEvent['type'];
