import { IntegrationError } from '@hub/server/integrations/core';
import {
  CONNECT_FAILED_MESSAGE,
  DatabaseConnectError,
  InvalidConnectionFieldsError,
  sqlStateOf,
} from './safe-pg-connector';
import { RefusedDatabaseError } from './hub-database-check';

/** SQLSTATE classes that pass (https://www.postgresql.org/docs/current/errcodes-appendix.html). */
const TRANSIENT_CLASSES = ['08', '40', '53', '57P'];

/**
 * What went wrong with a customer database, as the hub acts on it. Failures to connect keep the one
 * generic message whatever the cause (docs/security.md E5); the code alone decides what happens next.
 */
export function toPostgresqlIntegrationError(error: unknown): IntegrationError {
  if (error instanceof IntegrationError) return error;
  // The hub's own database (or one it could not tell apart): a person must connect another one.
  if (error instanceof RefusedDatabaseError) return new IntegrationError('INVALID_CONFIG', error.message);
  if (error instanceof InvalidConnectionFieldsError) {
    return new IntegrationError('INVALID_CONFIG', 'The connection’s fields are not valid: edit the connection.');
  }
  if (error instanceof DatabaseConnectError) {
    if (error.reason === 'auth') return new IntegrationError('AUTH_REVOKED', CONNECT_FAILED_MESSAGE);
    if (error.reason === 'dns' || error.reason === 'unreachable') {
      return new IntegrationError('TEMPORARY', CONNECT_FAILED_MESSAGE);
    }
    // A denied address, a certificate that does not verify, no such database: a person must act.
    return new IntegrationError('INVALID_CONFIG', CONNECT_FAILED_MESSAGE);
  }
  const state = sqlStateOf(error);
  if (state === '28P01' || state === '28000') return new IntegrationError('AUTH_REVOKED', CONNECT_FAILED_MESSAGE);
  if (state === '42501') {
    return new IntegrationError(
      'INSUFFICIENT_SCOPE',
      'The database user may not read a selected table: grant it SELECT, or change the tables to sync.',
    );
  }
  if (state === '42P01' || state === '3F000') {
    return new IntegrationError('NOT_FOUND', 'A selected table no longer exists: change the tables to sync.');
  }
  // A column the sync reads (key or updated-at) was dropped or renamed: start the pass over.
  if (state === '42703') return new IntegrationError('CURSOR_INVALID', 'The columns of a selected table changed.');
  if (state === '57014') {
    return new IntegrationError('TEMPORARY', 'A query ran longer than the statement timeout and was cancelled.');
  }
  if (state && TRANSIENT_CLASSES.some((c) => state.startsWith(c))) {
    return new IntegrationError('TEMPORARY', `The database is unavailable for now (SQLSTATE ${state}).`);
  }
  if (state) return new IntegrationError('UNKNOWN', `The database answered with an error (SQLSTATE ${state}).`);
  // Node's socket errors (ECONNRESET…) and pg's own ("Connection terminated", "Query read timeout").
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if ((typeof code === 'string' && /^E[A-Z]+$/.test(code)) || /connection terminated|timeout/i.test(String(message))) {
    return new IntegrationError('TEMPORARY', 'The connection to the database was lost.');
  }
  return new IntegrationError('UNKNOWN', 'Unexpected error while reading the database.');
}
