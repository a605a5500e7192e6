import { Client } from 'pg';

export interface ScratchDatabase {
  /** TEST_DATABASE_URL with the scratch schema first on the search_path. */
  readonly url: string;
  readonly schema: string;
  drop(): Promise<void>;
}

let counter = 0;

/**
 * An empty schema of its own for one test file, so tests start from nothing, can run migrations and
 * leave nothing behind (the test role need not be allowed to create databases). Run the project's
 * migrations against `url` to get the real schema.
 */
export async function createScratchDatabase(prefix = 'scratch'): Promise<ScratchDatabase> {
  const base = process.env['TEST_DATABASE_URL'];
  if (!base) throw new Error('TEST_DATABASE_URL is not set: run integration tests through `npm test`.');
  const schema = `${prefix}_${process.pid}_${Date.now()}_${counter++}`.toLowerCase();
  const admin = new Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA "${schema}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    schema,
    async drop() {
      const client = new Client({ connectionString: base });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}
