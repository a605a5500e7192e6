import { Client } from 'pg';
import { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { checkDatabase } from './check-database';
import { dataSourceOptions } from './data-source-options';
import { HubDatabaseMarkerReader } from './hub-database-identity';
import { runMigrations } from './run-migrations';

const url = () => {
  const value = process.env['TEST_DATABASE_URL'];
  if (!value) throw new Error('TEST_DATABASE_URL is not set: run through `npm test`.');
  return value;
};

/**
 * An empty schema of its own for one test, first on the connection's search_path, so migrations
 * start from nothing and leave nothing behind (the test role need not be allowed to create databases).
 */
async function withScratchDatabase<T>(fn: (scratchUrl: string) => Promise<T>): Promise<T> {
  const schema = `scratch_${process.pid}_${Date.now()}`;
  const admin = new Client({ connectionString: url() });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA ${schema}`);
    const scratch = new URL(url());
    scratch.searchParams.set('options', `-c search_path=${schema}`);
    return await fn(scratch.toString());
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await admin.end();
  }
}

class CreateProbeTable1700000000000 implements MigrationInterface {
  name = 'CreateProbeTable1700000000000';
  async up(queryRunner: QueryRunner) {
    await queryRunner.query('CREATE TABLE probe (id serial PRIMARY KEY)');
  }
  async down(queryRunner: QueryRunner) {
    await queryRunner.query('DROP TABLE probe');
  }
}

class FailingMigration1700000000001 implements MigrationInterface {
  name = 'FailingMigration1700000000001';
  async up(queryRunner: QueryRunner) {
    await queryRunner.query('CREATE TABLE half_done (id int)');
    await queryRunner.query('SELECT * FROM no_such_table');
  }
  async down() {
    /* never applied */
  }
}

describe('migrations', () => {
  it('should apply pending migrations once and record them', () =>
    withScratchDatabase(async (scratch) => {
      expect(await runMigrations(scratch, [CreateProbeTable1700000000000])).toEqual({
        applied: ['CreateProbeTable1700000000000'],
        pending: [],
      });
      expect((await runMigrations(scratch, [CreateProbeTable1700000000000])).applied).toEqual([]);
      const client = new Client({ connectionString: scratch });
      await client.connect();
      const { rows } = await client.query('SELECT name FROM migrations');
      await client.end();
      expect(rows).toEqual([{ name: 'CreateProbeTable1700000000000' }]);
    }));

  it('should roll back a failing migration completely, leaving no half-made table', () =>
    withScratchDatabase(async (scratch) => {
      await expect(runMigrations(scratch, [FailingMigration1700000000001])).rejects.toThrow(/no_such_table/);
      const client = new Client({ connectionString: scratch });
      await client.connect();
      const { rows } = await client.query("SELECT to_regclass('half_done') AS t");
      await client.end();
      expect(rows[0].t).toBeNull();
    }));

  it("should leave nothing for TypeORM to change after the project's own migrations (entities and migrations agree)", () =>
    withScratchDatabase(async (scratch) => {
      await runMigrations(scratch);
      const dataSource = new DataSource(dataSourceOptions(scratch, { poolSize: 1 }));
      await dataSource.initialize();
      try {
        const pending = await dataSource.driver.createSchemaBuilder().log();
        expect(pending.upQueries.map((q) => q.query)).toEqual([]);
      } finally {
        await dataSource.destroy();
      }
    }));
});

describe('the hub database marker', () => {
  const markerOf = (scratch: string) =>
    withDataSource(scratch, async (dataSource) => {
      const reader = new HubDatabaseMarkerReader(dataSource);
      const first = await reader.marker();
      expect(await reader.marker()).toBe(first);
      return first;
    });
  const withDataSource = async <T>(scratch: string, work: (dataSource: DataSource) => Promise<T>) => {
    const dataSource = new DataSource(dataSourceOptions(scratch, { poolSize: 1 }));
    await dataSource.initialize();
    try {
      return await work(dataSource);
    } finally {
      await dataSource.destroy();
    }
  };

  it('should be a random id the migrations write as the hub_instance comment, one per database', async () => {
    const markers = [];
    // One after the other: a scratch schema is named after the millisecond.
    for (let i = 0; i < 2; i++) {
      markers.push(
        await withScratchDatabase(async (scratch) => {
          await runMigrations(scratch);
          return markerOf(scratch);
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    for (const marker of markers) {
      expect(marker).toEqual({
        table: 'hub_instance',
        comment: expect.stringMatching(/^integrations-hub database [0-9a-f-]{36}$/),
      });
    }
    expect(markers[0].comment).not.toBe(markers[1].comment);
  });

  it('should not be made up where the migrations have not run', () =>
    withScratchDatabase((scratch) =>
      withDataSource(scratch, (dataSource) =>
        expect(new HubDatabaseMarkerReader(dataSource).marker()).rejects.toThrow(/run the migrations/),
      ),
    ));
});

describe('checkDatabase', () => {
  it('should accept a database that answers', async () => {
    await expect(checkDatabase(url())).resolves.toBeUndefined();
  });

  it('should explain a refused connection in one sentence, password masked', async () => {
    await expect(checkDatabase('postgres://hub:hunter2@127.0.0.1:1/hub', 2_000)).rejects.toThrow(
      'Cannot use PostgreSQL at postgres://hub:***@127.0.0.1:1/hub: nothing is listening there (connection refused). ' +
        'Start it (`npm start` finds or starts one for you) or correct DATABASE_URL.',
    );
  });

  it('should say when the database does not exist', async () => {
    const missing = new URL(url());
    missing.pathname = '/hub_no_such_database';
    await expect(checkDatabase(missing.toString())).rejects.toThrow(/the database does not exist/);
  });
});
