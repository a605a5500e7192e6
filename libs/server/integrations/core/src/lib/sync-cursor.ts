import { IntegrationError } from './integration-error';

/**
 * Cursors and sync tokens are the provider's own JSON, opaque to the hub. `decodeCursor` answers the
 * value only when `isValid` accepts it, and CURSOR_INVALID otherwise (the run then starts the
 * resource over), so a provider never trusts a cursor it did not write.
 */
export function encodeCursor(value: object): string {
  return JSON.stringify(value);
}

export function decodeCursor<T>(cursor: string, provider: string, isValid: (value: unknown) => value is T): T {
  let parsed: unknown;
  try {
    parsed = JSON.parse(cursor);
  } catch {
    parsed = undefined;
  }
  if (isValid(parsed)) return parsed;
  throw new IntegrationError('CURSOR_INVALID', `The saved ${provider} cursor is not one this provider wrote`);
}

/** The cursor's own properties when it is a JSON object, for `isValid` checks. */
export function cursorFields(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
