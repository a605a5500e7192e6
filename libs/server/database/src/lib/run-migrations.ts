import type { ClassList } from './class-list';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

export interface MigrationReport {
  applied: string[];
  pending: string[];
}

/** Any fixed number: the advisory lock that lets only one process migrate at a time. */
const MIGRATION_LOCK = 7_461_990_451;

/**
 * Applies every pending migration, each in its own transaction, and reports what it did. Several
 * processes may start at once (Kubernetes init containers): they wait for each other on an advisory
 * lock, and the later ones find nothing pending.
 */
export async function runMigrations(url: string, migrations?: ClassList): Promise<MigrationReport> {
  const dataSource = new DataSource({ ...dataSourceOptions(url, { poolSize: 1, migrations }), logging: ['error'] });
  await dataSource.initialize();
  try {
    // One connection in the pool: the session lock and the migrations share it.
    await dataSource.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return { applied: applied.map((m) => m.name), pending: [] };
    } finally {
      await dataSource.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    await dataSource.destroy();
  }
}
