import type { ConnectionStatusReason } from '@hub/shared/contracts';
import type { IntegrationErrorCode } from '@hub/server/integrations/core';

/** What a sync does about an IntegrationError: the one table (docs/architecture.md status model). */
export interface ErrorPolicy {
  /** `retry`: try again later with backoff; `delay`: wait as long as the provider said, not an attempt;
   * `restart`: the cursor is bad, start the resource over; `stop`: a person must act, no retries. */
  readonly action: 'retry' | 'delay' | 'restart' | 'stop';
  /** The connection's next status when the sync gives up (`stop`, or `retry` out of attempts). */
  readonly connection: { readonly status: 'ERROR'; readonly reason: ConnectionStatusReason } | null;
}

export const SYNC_ERROR_POLICY: Readonly<Record<IntegrationErrorCode, ErrorPolicy>> = {
  TEMPORARY: { action: 'retry', connection: { status: 'ERROR', reason: 'PROVIDER_UNAVAILABLE' } },
  RATE_LIMITED: { action: 'delay', connection: null },
  AUTH_REVOKED: { action: 'stop', connection: { status: 'ERROR', reason: 'NEEDS_REAUTH' } },
  INSUFFICIENT_SCOPE: { action: 'stop', connection: { status: 'ERROR', reason: 'INSUFFICIENT_SCOPE' } },
  NOT_FOUND: { action: 'stop', connection: { status: 'ERROR', reason: 'INVALID_CONFIG' } },
  CURSOR_INVALID: { action: 'restart', connection: null },
  INVALID_CONFIG: { action: 'stop', connection: { status: 'ERROR', reason: 'INVALID_CONFIG' } },
  UNKNOWN: { action: 'retry', connection: null },
};

/**
 * The reasons a sync stops at (a person must act): a connection in ERROR for one of these is not
 * synced until someone fixes it; other errors (PROVIDER_UNAVAILABLE, REFRESH_FAILING) let a sync try.
 */
export const NEEDS_A_PERSON: ReadonlySet<ConnectionStatusReason> = new Set(
  Object.values(SYNC_ERROR_POLICY)
    .filter((policy) => policy.action === 'stop' && policy.connection)
    .map((policy) => policy.connection!.reason),
);

/** How a token refresh failed, by what the token endpoint answered (RFC 6749 §5.2). */
export type TokenRefreshFailure =
  /** invalid_grant, or no refresh token at all: the grant is gone. */
  | 'grant_revoked'
  /** Any other 4xx error (invalid_client, unauthorized_client, …): the app's setup is wrong. */
  | 'refused'
  /** 429. */
  | 'rate_limited'
  /** 5xx or no answer. */
  | 'unavailable';

/**
 * What a failed refresh does: the error the caller (a sync, an API call) sees, and the connection's
 * next status. The same table as SYNC_ERROR_POLICY's, for the token endpoint: a temporary failure
 * leaves the connection as it is (the sync's retries decide), the others need a person.
 */
export const TOKEN_REFRESH_POLICY: Readonly<
  Record<
    TokenRefreshFailure,
    {
      readonly error: IntegrationErrorCode;
      readonly connection: { readonly status: 'ERROR'; readonly reason: ConnectionStatusReason } | null;
    }
  >
> = {
  grant_revoked: { error: 'AUTH_REVOKED', connection: { status: 'ERROR', reason: 'NEEDS_REAUTH' } },
  refused: { error: 'INVALID_CONFIG', connection: { status: 'ERROR', reason: 'REFRESH_FAILING' } },
  rate_limited: { error: 'RATE_LIMITED', connection: null },
  unavailable: { error: 'TEMPORARY', connection: null },
};

/** Without a Retry-After, a rate-limited sync waits this long. */
export const DEFAULT_RATE_LIMIT_DELAY_MS = 60_000;
