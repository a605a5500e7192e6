import type { AccountMetadata, ConnectionEntity, SyncRunEntity } from '@hub/server/database';
import type { AccountInfo } from '@hub/server/integrations/core';
import { toSyncRunView, type SyncRunView } from '@hub/server/sync';
import type { ConnectionStatus, ConnectionStatusReason } from '@hub/shared/contracts';

/** What the API says about a connection: metadata only, never credentials (docs/security.md §2.1 "Exposure"). */
export interface ConnectionView {
  id: string;
  providerId: string;
  status: ConnectionStatus;
  statusReason: ConnectionStatusReason | null;
  statusMessage: string | null;
  externalAccountId: string;
  account: ConnectionEntity['account'];
  grantedScopes: string[];
  connectedBy: string | null;
  connectedAt: Date;
  disconnectedAt: Date | null;
  tokenExpiresAt: Date | null;
  hasRefreshToken: boolean;
  syncEnabled: boolean;
  syncFrequencyMinutes: number;
  /** What the connection chose to sync (the integration's `syncSelection`), e.g. PostgreSQL tables. */
  syncSelection: string[];
  lastSyncedAt: Date | null;
  /** The newest sync run (queued, running or ended), for the card's sync status; null before the first. */
  lastSyncRun: SyncRunView | null;
}

export function toConnectionView(c: ConnectionEntity, lastRun?: SyncRunEntity | null): ConnectionView {
  return {
    id: c.id,
    providerId: c.providerId,
    status: c.status,
    statusReason: c.statusReason,
    statusMessage: c.statusMessage,
    externalAccountId: c.externalAccountId,
    account: c.account,
    grantedScopes: c.grantedScopes,
    connectedBy: c.connectedBy,
    connectedAt: c.connectedAt,
    disconnectedAt: c.disconnectedAt,
    tokenExpiresAt: c.tokenExpiresAt,
    hasRefreshToken: c.hasRefreshToken,
    syncEnabled: c.syncEnabled,
    syncFrequencyMinutes: c.syncFrequencyMinutes,
    syncSelection: c.syncSelection,
    lastSyncedAt: c.lastSyncedAt,
    lastSyncRun: lastRun ? toSyncRunView(lastRun) : null,
  };
}

/** What a connection keeps and shows of the provider's account info (its id has a column of its own). */
export function toAccountMetadata(account: AccountInfo): AccountMetadata {
  return {
    displayName: account.displayName,
    email: account.email,
    workspaceName: account.workspaceName,
    url: account.url,
    details: account.details,
    ...(account.warnings?.length ? { warnings: [...account.warnings] } : {}),
  };
}
