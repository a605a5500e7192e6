import { parseEncryptionKeys } from '@hub/server/config';
import { createScratchDatabase } from '@hub/server/testing';
import { Client } from 'pg';
import { createCryptoTestDatabase, CryptoTestDatabase, keyEntry } from '../testing/crypto-test-database';
import { keyCheckValue } from './envelope';
import { verifyEncryptionKeys } from './key-check';
import { SecretCipher } from './secret-cipher';

const keys = (...entries: string[]) => parseEncryptionKeys(entries.join(',')) ?? [];

/** Every way a key could leak into a message. */
function expectNoKeyMaterial(message: string, ...entries: string[]) {
  for (const key of keys(...entries)) {
    for (const form of [
      key.key.toString('base64'),
      key.key.toString('hex'),
      key.key.toString('base64url'),
      key.key.toString('latin1'),
    ]) {
      expect(message).not.toContain(form);
    }
  }
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the key check to fail');
}

describe('verifyEncryptionKeys', () => {
  let db: CryptoTestDatabase;
  const A = keyEntry('a');
  const B = keyEntry('b');

  beforeAll(async () => {
    db = await createCryptoTestDatabase('crypto_keycheck');
  });
  afterAll(() => db?.close());

  it('should record the key check of every configured key on first run, then pass again with the same keys', async () => {
    expect(await verifyEncryptionKeys(db.scratch.url, keys(A))).toEqual({ status: 'ok', recorded: ['a'] });
    const [row] = await db.dataSource.query("SELECT check_value FROM key_checks WHERE kek_id = 'a'");
    expect((row.check_value as Buffer).equals(keyCheckValue(keys(A)[0].key))).toBe(true);

    // Data keys now exist under "a"; the same key passes, and nothing more is written.
    await new SecretCipher(db.dataSource, db.config(A)).seal(
      { table: 'connections', column: 'credentials', rowId: 'r', workspaceId: await db.workspace() },
      'v',
    );
    const before = await db.keyTables();
    const started = Date.now();
    expect(await verifyEncryptionKeys(db.scratch.url, keys(A))).toEqual({ status: 'ok', recorded: [] });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await db.keyTables()).toEqual(before);
  });

  it('should fail for a wrong key under the same id, naming it, and write nothing', async () => {
    const before = await db.keyTables();
    const wrongA = keyEntry('a');
    // "b" is new: a passing run would record it, so an unchanged table proves the failure wrote nothing.
    const error = await failure(verifyEncryptionKeys(db.scratch.url, keys(B, wrongA)));
    expect(error.message).toMatch(
      /^ENCRYPTION_KEYS key "a" is not the key this database was set up with \(its key check value does not match\)/,
    );
    expectNoKeyMaterial(error.message, wrongA, A, B);
    expect(await db.keyTables()).toEqual(before);
  });

  it('should fail when data keys are wrapped by a key id that is not configured, and write nothing', async () => {
    const before = await db.keyTables();
    const error = await failure(verifyEncryptionKeys(db.scratch.url, keys(B)));
    expect(error.message).toBe(
      'ENCRYPTION_KEYS does not contain the key-encryption key "a" (1 data key) that this database\'s data keys are wrapped with: ' +
        'restore it by adding it to ENCRYPTION_KEYS after the active key "b", then run `npm run hub -- keys rotate`.',
    );
    expectNoKeyMaterial(error.message, A, B);
    expect(await db.keyTables()).toEqual(before);
  });

  it('should accept a new active key placed before the old one, recording only the new key', async () => {
    expect(await verifyEncryptionKeys(db.scratch.url, keys(B, A))).toEqual({ status: 'ok', recorded: ['b'] });
  });

  it('should fail for a wrong key whose check row was lost when it does not unwrap the data keys stored under its id', async () => {
    await db.dataSource.query("DELETE FROM key_checks WHERE kek_id = 'a'");
    const before = await db.keyTables();
    const error = await failure(verifyEncryptionKeys(db.scratch.url, keys(B, keyEntry('a'))));
    expect(error.message).toMatch(
      /^ENCRYPTION_KEYS key "a" is not the key this database was set up with \(it does not unwrap the data keys/,
    );
    expect(await db.keyTables()).toEqual(before);
    // The right key restores the check row.
    expect(await verifyEncryptionKeys(db.scratch.url, keys(B, A))).toEqual({ status: 'ok', recorded: ['a'] });
  });

  it('should skip, writing nothing, on a schema the migrations have not created yet', async () => {
    const empty = await createScratchDatabase('crypto_keycheck_empty');
    try {
      expect(await verifyEncryptionKeys(empty.url, keys(A))).toEqual({ status: 'not-migrated' });
      const client = new Client({ connectionString: empty.url });
      await client.connect();
      const { rows } = await client.query(
        'SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = $1',
        [empty.schema],
      );
      await client.end();
      expect(rows[0].n).toBe(0);
    } finally {
      await empty.drop();
    }
  });

  it('should fail within a couple of seconds, password masked, when the database does not answer', async () => {
    const started = Date.now();
    const error = await failure(verifyEncryptionKeys('postgres://hub:hunter2@127.0.0.1:1/hub', keys(A)));
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(error.message).toMatch(/^Cannot check ENCRYPTION_KEYS against the database: /);
    expect(error.message).not.toContain('hunter2');
  });
});
