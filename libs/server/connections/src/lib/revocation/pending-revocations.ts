import type { SecretRef } from '@hub/server/crypto';

export const pendingRevocationRef = (row: { id: string; workspaceId: string }): SecretRef => ({
  table: 'pending_revocations',
  column: 'token',
  rowId: row.id,
  workspaceId: row.workspaceId,
});
