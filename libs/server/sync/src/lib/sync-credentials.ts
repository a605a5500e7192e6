import type { ProviderCredentials } from '@hub/server/integrations/core';
import type { ConnectionRef } from './sync-runs.service';

/**
 * Where a sync gets the connection's decrypted credentials: the token service (the one path to a
 * fresh access token, refreshing under its lease when needed). Injected by the worker app, so this
 * library does not depend on the connections library that depends on it.
 */
export interface SyncCredentials {
  /** `rejected`: credentials the provider just refused (a 401); a refresh is forced unless already replaced. */
  credentialsFor(ref: ConnectionRef, options?: { rejected?: ProviderCredentials }): Promise<ProviderCredentials>;
}

export const SYNC_CREDENTIALS = Symbol('SYNC_CREDENTIALS');
