export * from './lib/connection-fields';
export * from './lib/postgresql.manifest';
export * from './lib/postgresql.module';
export * from './lib/postgresql.provider';
export * from './lib/postgresql-errors';
export {
  CONNECT_FAILED_MESSAGE,
  DatabaseConnectError,
  InvalidConnectionFieldsError,
  SafePgConnector,
  type PgSession,
  type SafePgConnectorOptions,
} from './lib/safe-pg-connector';
