/**
 * What went wrong talking to a provider, in terms the hub acts on (docs/architecture.md status model):
 * each code maps to the connection's next status and to retry or stop. Provider modules translate
 * their API's errors into these in `toIntegrationError`.
 */
export const INTEGRATION_ERROR_CODES = [
  'TEMPORARY',
  'RATE_LIMITED',
  'AUTH_REVOKED',
  'INSUFFICIENT_SCOPE',
  'NOT_FOUND',
  'CURSOR_INVALID',
  'INVALID_CONFIG',
  'UNKNOWN',
] as const;
export type IntegrationErrorCode = (typeof INTEGRATION_ERROR_CODES)[number];

export class IntegrationError extends Error {
  override readonly name = 'IntegrationError';

  constructor(
    readonly code: IntegrationErrorCode,
    /** Safe to show and log: never a token, password or raw provider response body. */
    message: string,
    readonly options: { retryAfterMs?: number; status?: number } = {},
  ) {
    super(message);
  }

  /** Whether trying again later can succeed without a person doing something. */
  get retryable(): boolean {
    return this.code === 'TEMPORARY' || this.code === 'RATE_LIMITED' || this.code === 'UNKNOWN';
  }
}
