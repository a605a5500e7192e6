export * from './lib/check-database';
export * from './lib/data-source-options';
export * from './lib/database.module';
export * from './lib/hub-database-identity';
export * from './lib/entities';
export * from './lib/migrations';
export * from './lib/run-migrations';
