/** A connection's state, as docs/architecture.md's status model: the seeds' three, plus a reason. */
export const CONNECTION_STATUSES = ['ACTIVE', 'ERROR', 'DISCONNECTED'] as const;
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number];

/** Why a connection is in ERROR (or was disconnected), as a code the page turns into words and an action. */
export const CONNECTION_STATUS_REASONS = [
  'NEEDS_REAUTH',
  'INSUFFICIENT_SCOPE',
  'PROVIDER_UNAVAILABLE',
  'REFRESH_FAILING',
  'INVALID_CONFIG',
  'DISCONNECTED_BY_USER',
] as const;
export type ConnectionStatusReason = (typeof CONNECTION_STATUS_REASONS)[number];

/** Whether a provider can be connected yet. */
export const PROVIDER_AVAILABILITIES = ['available', 'coming-soon'] as const;
export type ProviderAvailability = (typeof PROVIDER_AVAILABILITIES)[number];

export const WORKSPACE_ROLE_NAMES = ['owner', 'admin', 'member'] as const;
export type WorkspaceRoleName = (typeof WORKSPACE_ROLE_NAMES)[number];
