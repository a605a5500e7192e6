import type { SecretRef } from '@hub/server/crypto';
import type { ConnectionEntity } from '@hub/server/database';

/** Where a connection's sealed credentials live: the AAD binds them to this row and workspace. */
export const credentialsRef = (c: Pick<ConnectionEntity, 'id' | 'workspaceId'>): SecretRef => ({
  table: 'connections',
  column: 'credentials',
  rowId: c.id,
  workspaceId: c.workspaceId,
});
