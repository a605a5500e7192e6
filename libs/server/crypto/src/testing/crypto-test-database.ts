import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppConfig, testConfig } from '@hub/server/config';
import { dataSourceOptions, runMigrations } from '@hub/server/database';
import { createScratchDatabase, ScratchDatabase } from '@hub/server/testing';

/**
 * For this lib's integration tests only (not exported): a scratch schema with the project's
 * migrations applied, a DataSource on it, and small helpers to make workspaces and connections.
 */
export interface CryptoTestDatabase {
  readonly scratch: ScratchDatabase;
  readonly dataSource: DataSource;
  /** Test configuration on the scratch schema with these `ENCRYPTION_KEYS` entries (active first). */
  config(...entries: string[]): AppConfig;
  workspace(): Promise<string>;
  connection(workspaceId: string): Promise<string>;
  /** Every row of data_keys and key_checks, to prove that something wrote nothing. */
  keyTables(): Promise<unknown[]>;
  close(): Promise<void>;
}

/** `<id>:<base64 of 32 random bytes>` */
export const keyEntry = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;

export async function createCryptoTestDatabase(prefix: string, poolSize = 10): Promise<CryptoTestDatabase> {
  const scratch = await createScratchDatabase(prefix);
  await runMigrations(scratch.url);
  const dataSource = await new DataSource({
    ...dataSourceOptions(scratch.url, { poolSize }),
    logging: ['error'],
  }).initialize();
  return {
    scratch,
    dataSource,
    config: (...entries) => testConfig({ DATABASE_URL: scratch.url, ENCRYPTION_KEYS: entries.join(',') }),
    async workspace() {
      const [row] = await dataSource.query<{ id: string }[]>('INSERT INTO workspaces (name) VALUES ($1) RETURNING id', [
        'Test',
      ]);
      return row.id;
    },
    async connection(workspaceId) {
      const [row] = await dataSource.query<{ id: string }[]>(
        `INSERT INTO connections (workspace_id, provider_id, external_account_id, status, account, connected_at, sync_frequency_minutes)
         VALUES ($1, 'github', $2, 'ACTIVE', '{"displayName":"Test"}', now(), 60) RETURNING id`,
        [workspaceId, randomUUID()],
      );
      return row.id;
    },
    async keyTables() {
      return [
        await dataSource.query('SELECT * FROM data_keys ORDER BY id'),
        await dataSource.query('SELECT * FROM key_checks ORDER BY kek_id'),
      ];
    },
    async close() {
      await dataSource.destroy();
      await scratch.drop();
    },
  };
}
