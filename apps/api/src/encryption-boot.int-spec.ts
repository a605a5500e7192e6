import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { parseEncryptionKeys, TEST_ENCRYPTION_KEYS, testConfig } from '@hub/server/config';
import { SecretCipher, verifyEncryptionKeys } from '@hub/server/crypto';
import { dataSourceOptions, runMigrations } from '@hub/server/database';
import { builtApp, createScratchDatabase, ScratchDatabase, startProcess, waitForOk } from '@hub/server/testing';

/** docs/security.md C3: a process started with the wrong or a missing key-encryption key refuses to run. */
describe('encryption keys at boot', () => {
  let scratch: ScratchDatabase;

  beforeAll(async () => {
    // A migrated schema whose key check was recorded with the test key, and one data key wrapped by it.
    scratch = await createScratchDatabase('enc_boot');
    await runMigrations(scratch.url);
    await verifyEncryptionKeys(scratch.url, parseEncryptionKeys(TEST_ENCRYPTION_KEYS) ?? []);
    const dataSource = await new DataSource({
      ...dataSourceOptions(scratch.url, { poolSize: 1 }),
      logging: ['error'],
    }).initialize();
    try {
      const config = testConfig({ DATABASE_URL: scratch.url });
      await new SecretCipher(dataSource, config).seal(
        { table: 'provider_apps', column: 'client_secret', rowId: 'google', workspaceId: null },
        'secret',
      );
    } finally {
      await dataSource.destroy();
    }
  });
  afterAll(() => scratch?.drop());

  /** Row counts of every table, and the key tables in full. */
  async function snapshot() {
    const client = new Client({ connectionString: scratch.url });
    await client.connect();
    try {
      const { rows: tables } = await client.query<{ name: string }>(
        "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE' ORDER BY 1",
        [scratch.schema],
      );
      const counts: Record<string, number> = {};
      for (const { name } of tables)
        counts[name] = (await client.query(`SELECT count(*)::int AS n FROM "${name}"`)).rows[0].n;
      const keyTables = [
        (await client.query('SELECT * FROM data_keys ORDER BY id')).rows,
        (await client.query('SELECT * FROM key_checks ORDER BY kek_id')).rows,
      ];
      return { counts, keyTables };
    } finally {
      await client.end();
    }
  }

  const env = (encryptionKeys: string) => ({
    NODE_ENV: 'test',
    DATABASE_URL: scratch.url,
    REDIS_URL: process.env['TEST_REDIS_URL'],
    PORT: '28120',
    WORKER_HEALTH_PORT: '28121',
    LOG_LEVEL: 'info',
    ENCRYPTION_KEYS: encryptionKeys,
  });

  describe.each(['api', 'worker'] as const)('%s', (app) => {
    it('should exit non-zero within 5 s with a wrong key under the recorded id, naming the problem but not the key, writing nothing', async () => {
      const before = await snapshot();
      const wrong = randomBytes(32).toString('base64');
      const result = await startProcess(builtApp(app), env(`test:${wrong}`)).exited;
      expect(result.code).toBe(1);
      expect(result.ms).toBeLessThan(5_000);
      expect(result.stderr.trim()).toMatch(
        /^ENCRYPTION_KEYS key "test" is not the key this database was set up with \(its key check value does not match\)/,
      );
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      for (const material of [
        wrong,
        Buffer.from(wrong, 'base64').toString('hex'),
        TEST_ENCRYPTION_KEYS.split(':')[1],
      ]) {
        expect(result.stderr + result.stdout).not.toContain(material);
      }
      expect(result.stdout).toBe('');
      expect(await snapshot()).toEqual(before);
    });

    it('should exit non-zero within 5 s when the key that wrapped the data keys is missing, writing nothing', async () => {
      const before = await snapshot();
      const other = randomBytes(32).toString('base64');
      const result = await startProcess(builtApp(app), env(`other:${other}`)).exited;
      expect(result.code).toBe(1);
      expect(result.ms).toBeLessThan(5_000);
      expect(result.stderr.trim()).toMatch(
        /^ENCRYPTION_KEYS does not contain the key-encryption key "test" \(1 data key\)/,
      );
      expect(result.stderr).not.toContain(other);
      expect(await snapshot()).toEqual(before);
    });

    it('should start with the right key', async () => {
      const { child, exited } = startProcess(builtApp(app), env(TEST_ENCRYPTION_KEYS));
      try {
        await waitForOk(
          app === 'api' ? 'http://127.0.0.1:28120/api/health/ready' : 'http://127.0.0.1:28121/health/ready',
        );
      } finally {
        child.kill('SIGTERM');
      }
      const result = await exited;
      expect(result.stderr).not.toMatch(/ENCRYPTION_KEYS/);
    });
  });
});
