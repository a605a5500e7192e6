export * from './lib/postgresql.manifest';
export * from './lib/postgresql.module';
export * from './lib/postgresql.provider';
