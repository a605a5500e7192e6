import type { ClassList } from './class-list';
import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from './migrations';
import { ENTITIES } from './entities';

/**
 * The one description of how the hub talks to PostgreSQL, shared by the Nest modules and the CLI.
 * Entities and migrations are listed explicitly (webpack bundles cannot glob), and the schema only
 * ever changes through migrations.
 */
export function dataSourceOptions(
  url: string,
  { poolSize = 10, migrations = MIGRATIONS }: { poolSize?: number; migrations?: ClassList } = {},
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    // gen_random_uuid() is built into PostgreSQL 13+; the app role need not install extensions.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    migrationsRun: false,
    logging: ['error', 'migration'],
    extra: { max: poolSize, connectionTimeoutMillis: 5_000, application_name: 'integrations-hub' },
  };
}
