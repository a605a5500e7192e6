import type { ClassList } from './class-list';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

export interface MigrationReport {
  applied: string[];
  pending: string[];
}

/** Applies every pending migration, each in its own transaction, and reports what it did. */
export async function runMigrations(url: string, migrations?: ClassList): Promise<MigrationReport> {
  const dataSource = new DataSource({ ...dataSourceOptions(url, { poolSize: 1, migrations }), logging: ['error'] });
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return { applied: applied.map((m) => m.name), pending: [] };
  } finally {
    await dataSource.destroy();
  }
}
