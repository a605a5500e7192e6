import { IntegrationError } from '@hub/server/integrations/core';
import { toPostgresqlIntegrationError } from './postgresql-errors';
import { CONNECT_FAILED_MESSAGE, DatabaseConnectError, InvalidConnectionFieldsError } from './safe-pg-connector';
import { HUB_DATABASE_MESSAGE, RefusedDatabaseError } from './hub-database-check';

describe('toPostgresqlIntegrationError', () => {
  it.each([
    ['auth', 'AUTH_REVOKED'],
    ['dns', 'TEMPORARY'],
    ['unreachable', 'TEMPORARY'],
    ['denied-address', 'INVALID_CONFIG'],
    ['tls', 'INVALID_CONFIG'],
    ['rejected', 'INVALID_CONFIG'],
  ] as const)('should map a %s connect failure to %s, keeping the one generic message', (reason, code) => {
    const mapped = toPostgresqlIntegrationError(new DatabaseConnectError(reason));
    expect(mapped).toMatchObject({ code, message: CONNECT_FAILED_MESSAGE });
  });

  it('should map the hub’s own database to INVALID_CONFIG with its own message (a person must connect another)', () => {
    expect(toPostgresqlIntegrationError(new RefusedDatabaseError('hub_database'))).toMatchObject({
      code: 'INVALID_CONFIG',
      message: HUB_DATABASE_MESSAGE,
    });
  });

  it('should map invalid stored fields to INVALID_CONFIG without naming their values', () => {
    const mapped = toPostgresqlIntegrationError(
      new InvalidConnectionFieldsError([{ field: 'host', message: 'host has an invalid format' }]),
    );
    expect(mapped.code).toBe('INVALID_CONFIG');
  });

  it('should treat a dropped socket as temporary and anything else as unknown', () => {
    expect(toPostgresqlIntegrationError(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })).code).toBe(
      'TEMPORARY',
    );
    expect(toPostgresqlIntegrationError(new Error('Connection terminated unexpectedly')).code).toBe('TEMPORARY');
    expect(toPostgresqlIntegrationError(new TypeError('x is undefined')).code).toBe('UNKNOWN');
  });

  it('should pass an IntegrationError through', () => {
    const error = new IntegrationError('CURSOR_INVALID', 'The tables to sync changed.');
    expect(toPostgresqlIntegrationError(error)).toBe(error);
  });
});
