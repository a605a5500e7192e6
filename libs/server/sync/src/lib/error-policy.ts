import type { ConnectionStatusReason } from '@hub/shared/contracts';
import type { IntegrationErrorCode } from '@hub/server/integrations/core';

/** What a sync does about an IntegrationError: the one table (ARCHITECTURE.md status model). */
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

/** Without a Retry-After, a rate-limited sync waits this long. */
export const DEFAULT_RATE_LIMIT_DELAY_MS = 60_000;
