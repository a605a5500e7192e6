export * from './lib/connection-fields';
export * from './lib/postgresql.manifest';
export * from './lib/postgresql.module';
export * from './lib/postgresql.provider';
export * from './lib/postgresql-errors';
export {
  HUB_DATABASE_MESSAGE,
  RefusedDatabaseError,
  UNVERIFIED_DATABASE_MESSAGE,
  type DatabaseRefusal,
} from './lib/hub-database-check';
export { CAN_WRITE_WARNING, SUPERUSER_WARNING } from './lib/role-powers';
export {
  CONNECT_FAILED_MESSAGE,
  DatabaseConnectError,
  InvalidConnectionFieldsError,
  SafePgConnector,
  type PgSession,
  type SafePgConnectorOptions,
} from './lib/safe-pg-connector';
