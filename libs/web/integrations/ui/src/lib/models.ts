import type {
  ConnectionStatus,
  ConnectionStatusReason,
  ProviderAvailability,
  SyncRunStatus,
  SyncRunTrigger,
} from '@hub/shared/contracts';

/*
 * What the presentational components need to know, declared here so this library depends on no
 * data-access code. The API's DTOs (data-access) satisfy these shapes structurally.
 */

export interface CardIntegration {
  id: string;
  name: string;
  description: string;
  logoUrl: string;
  availability: ProviderAvailability;
  connectMethod: 'oauth2' | 'credentials';
  /** An OAuth provider whose app an instance admin has not set up yet. */
  setupRequired: boolean;
  /** The provider sandbox stands in for the real service (development): the card says so. */
  sandbox?: boolean;
}

export interface CardSyncRun {
  id: string;
  status: SyncRunStatus;
  trigger: SyncRunTrigger;
  counts: { added: number; updated: number; deleted: number };
  pages: number;
  resource?: string | null;
  queuedAt: string;
  startedAt?: string | null;
  finishedAt?: string | null;
  error?: { message: string } | null;
}

export interface CardConnection {
  id: string;
  status: ConnectionStatus;
  statusReason?: ConnectionStatusReason | null;
  statusMessage?: string | null;
  /** `warnings`: what the card warns about the account (e.g. a database role that can write). */
  account: { displayName: string; email?: string; workspaceName?: string; warnings?: string[] };
  connectedAt: string;
  lastSyncedAt?: string | null;
  lastSyncRun?: CardSyncRun | null;
}

/** What a card is busy with. */
export type CardPendingAction = 'connect' | 'disconnect' | 'sync' | 'settings';

/** The card's status chip. */
export type IntegrationCardStatus =
  'connected' | 'syncing' | 'error' | 'disconnected' | 'not-connected' | 'coming-soon';

/** One field of a credentials form (the catalog's `credentialFields`). */
export interface CredentialFieldDef {
  key: string;
  label: string;
  type: 'text' | 'password' | 'number' | 'select' | 'textarea' | 'boolean';
  required: boolean;
  /** Write-only: never shown again once saved. */
  secret: boolean;
  placeholder?: string;
  help?: string;
  default?: string | number | boolean;
  /** The api documents strings, and its example shows `{value, label}`: both are accepted. */
  options?: (string | { value: string; label: string })[];
  min?: number;
  max?: number;
  maxLength?: number;
  pattern?: string;
}

export type CredentialValues = Record<string, string | number | boolean>;

/** How a save or test ended, in words the form can show: a message, and errors per field key. */
export type SubmitOutcome<T = void> =
  { ok: true; value: T } | { ok: false; message: string; fieldErrors: Record<string, string> };

/** `POST …/credentials/test`: who was reached, or why not. */
export type CredentialsCheck =
  | {
      ok: true;
      account: {
        displayName: string;
        email?: string;
        workspaceName?: string;
        details?: Record<string, unknown>;
        warnings?: string[];
      };
    }
  | { ok: false; message: string };

export const ACTIVE_RUN_STATUSES: readonly SyncRunStatus[] = ['QUEUED', 'RUNNING'];

/** The chip a card shows, from the integration's availability and its connection. */
export function cardStatusOf(
  integration: Pick<CardIntegration, 'availability'>,
  connection: Pick<CardConnection, 'status' | 'lastSyncRun'> | null,
): IntegrationCardStatus {
  if (integration.availability === 'coming-soon') return 'coming-soon';
  if (!connection) return 'not-connected';
  if (connection.status === 'ERROR') return 'error';
  if (connection.status === 'DISCONNECTED') return 'disconnected';
  const run = connection.lastSyncRun;
  return run && ACTIVE_RUN_STATUSES.includes(run.status) ? 'syncing' : 'connected';
}
