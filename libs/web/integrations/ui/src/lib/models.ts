import type { Connection, CredentialField, Integration, SyncRun } from '@hub/web/shared/api-types';

/*
 * What the presentational components read of the API's shapes (@hub/web/shared/api-types), picked
 * so a component says what it needs and takes any object that has it.
 */

export type CardIntegration = Pick<
  Integration,
  'id' | 'name' | 'description' | 'logoUrl' | 'availability' | 'connectMethod' | 'setupRequired' | 'sandbox'
> &
  Partial<Pick<Integration, 'adminConsent'>>;

export type CardSyncRun = Pick<
  SyncRun,
  'id' | 'status' | 'trigger' | 'counts' | 'pages' | 'resource' | 'queuedAt' | 'startedAt' | 'finishedAt' | 'error'
>;

export type CardConnection = Pick<
  Connection,
  'id' | 'status' | 'statusReason' | 'statusMessage' | 'account' | 'connectedAt' | 'lastSyncedAt'
> & { lastSyncRun?: CardSyncRun | null };

/** What a card is busy with. */
export type CardPendingAction = 'connect' | 'disconnect' | 'sync' | 'settings' | 'approve';

/** The card's status chip. */
export type IntegrationCardStatus =
  'connected' | 'syncing' | 'error' | 'disconnected' | 'not-connected' | 'needs-approval' | 'coming-soon';

/** One field of a credentials form (the catalog's `credentialFields`). */
export type CredentialFieldDef = CredentialField;

/** How a save or test ended, in words the form can show: a message, and errors per field key. */
export type SubmitOutcome<T = void> =
  { ok: true; value: T } | { ok: false; message: string; fieldErrors: Record<string, string> };

export const ACTIVE_RUN_STATUSES: readonly SyncRun['status'][] = ['QUEUED', 'RUNNING'];

/** The chip a card shows, from the integration's availability and its connection. */
export function cardStatusOf(
  integration: Pick<CardIntegration, 'availability' | 'adminConsent'>,
  connection: Pick<CardConnection, 'status' | 'lastSyncRun'> | null,
): IntegrationCardStatus {
  if (integration.availability === 'coming-soon') return 'coming-soon';
  const waitingForApproval = integration.adminConsent?.status === 'required';
  if (!connection || connection.status === 'DISCONNECTED') {
    if (waitingForApproval) return 'needs-approval';
  }
  if (!connection) return 'not-connected';
  if (connection.status === 'ERROR') return 'error';
  if (connection.status === 'DISCONNECTED') return 'disconnected';
  const run = connection.lastSyncRun;
  return run && ACTIVE_RUN_STATUSES.includes(run.status) ? 'syncing' : 'connected';
}
