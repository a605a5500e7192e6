import { Client } from 'pg';
import { type AppConfig, type KeyEncryptionKey, maskSecrets } from '@hub/server/config';
import { DecryptionError, keyCheckMatches, keyCheckValue, unwrapDataKey } from './envelope';

/** A configured key-encryption key does not fit this database. The message never holds key material. */
export class EncryptionKeyError extends Error {
  override readonly name = 'EncryptionKeyError';
}

export type KeyCheckOutcome =
  /** Every check passed; `recorded` lists the KEK ids whose check value this run stored for the first time. */
  | { status: 'ok'; recorded: string[] }
  /** The schema has no key tables yet (migrations not applied), so there is nothing to check against. */
  | { status: 'not-migrated' };

/**
 * The boot-time key check (docs/security.md §2.1, C3), on one short-lived connection:
 * - a configured key whose stored check value differs fails;
 * - a data key wrapped by a KEK id that is not configured fails;
 * - a configured key with no stored check value but with data keys under its id must unwrap one of
 *   them (a lost or never-written check row must not let a wrong key be recorded as right);
 * - only when all of that passes are the missing check values inserted, so a failure writes nothing.
 */
export async function verifyEncryptionKeys(
  databaseUrl: string,
  keys: readonly KeyEncryptionKey[],
  { timeoutMs = 2_000 }: { timeoutMs?: number } = {},
): Promise<KeyCheckOutcome> {
  if (keys.length === 0)
    throw new EncryptionKeyError(
      'ENCRYPTION_KEYS is empty: configure at least one key (`npm run hub -- keys generate`).',
    );
  const client = new Client({
    connectionString: databaseUrl,
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs,
    statement_timeout: timeoutMs,
    application_name: 'integrations-hub-key-check',
  });
  try {
    await client.connect();
    const { rows: tables } = await client.query<{ ready: boolean }>(
      "SELECT to_regclass('key_checks') IS NOT NULL AND to_regclass('data_keys') IS NOT NULL AS ready",
    );
    // Skipped rather than failed: before `npm run db:migrate` nothing can be encrypted, and processes
    // (and the boot tests) may start on an empty schema. The first boot after the migration checks and
    // records the keys, and a data key written meanwhile is still caught below by unwrapping it.
    if (!tables[0]?.ready) return { status: 'not-migrated' };

    const { rows: checks } = await client.query<{ kek_id: string; check_value: Buffer }>(
      'SELECT kek_id, check_value FROM key_checks',
    );
    const stored = new Map(checks.map((row) => [row.kek_id, row.check_value]));
    for (const key of keys) {
      const value = stored.get(key.id);
      if (value && !keyCheckMatches(key.key, value)) throw wrongKey(key.id, 'its key check value does not match');
    }

    const { rows: wrappers } = await client.query<{ kek_id: string; count: string }>(
      'SELECT kek_id, count(*) AS count FROM data_keys GROUP BY kek_id ORDER BY kek_id',
    );
    const missing = wrappers.filter((row) => !keys.some((k) => k.id === row.kek_id));
    if (missing.length > 0) throw missingKeys(missing, keys[0].id);

    const unchecked = keys.filter((k) => !stored.has(k.id));
    const { rows: samples } = await client.query<{ id: string; kek_id: string; wrapped: Buffer }>(
      'SELECT DISTINCT ON (kek_id) id, kek_id, wrapped FROM data_keys WHERE kek_id = ANY($1) ORDER BY kek_id, created_at DESC',
      [unchecked.map((k) => k.id)],
    );
    for (const sample of samples) {
      const key = unchecked.find((k) => k.id === sample.kek_id) as KeyEncryptionKey;
      try {
        unwrapDataKey(key.key, sample.id, sample.wrapped).fill(0);
      } catch (error) {
        if (!(error instanceof DecryptionError)) throw error;
        throw wrongKey(key.id, 'it does not unwrap the data keys stored under that id');
      }
    }

    if (unchecked.length === 0) return { status: 'ok', recorded: [] };
    // In one transaction with a re-read, so a process starting at the same moment with another key
    // under the same id cannot leave this one running unverified.
    await client.query('BEGIN');
    try {
      const { rows: inserted } = await client.query<{ kek_id: string }>(
        `INSERT INTO key_checks (kek_id, check_value) SELECT * FROM unnest($1::text[], $2::bytea[])
         ON CONFLICT (kek_id) DO NOTHING RETURNING kek_id`,
        [unchecked.map((k) => k.id), unchecked.map((k) => keyCheckValue(k.key))],
      );
      const { rows: now } = await client.query<{ kek_id: string; check_value: Buffer }>(
        'SELECT kek_id, check_value FROM key_checks WHERE kek_id = ANY($1)',
        [unchecked.map((k) => k.id)],
      );
      for (const row of now) {
        const key = unchecked.find((k) => k.id === row.kek_id) as KeyEncryptionKey;
        if (!keyCheckMatches(key.key, row.check_value))
          throw wrongKey(key.id, 'another process recorded a different key under that id');
      }
      await client.query('COMMIT');
      return { status: 'ok', recorded: inserted.map((row) => row.kek_id) };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  } catch (error) {
    if (error instanceof EncryptionKeyError) throw error;
    throw new EncryptionKeyError(
      `Cannot check ENCRYPTION_KEYS against the database: ${maskSecrets((error as Error).message ?? String(error)).replace(/\.$/, '')}.`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Boot-time form for api and worker: on failure, print the one sentence (never a key) and exit non-zero. */
export async function verifyEncryptionKeysOrExit(config: AppConfig): Promise<void> {
  try {
    await verifyEncryptionKeys(config.database.url, config.encryptionKeys);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
}

/** The sentence for a configured key that does not fit the database (shared with key rotation). */
export function wrongKey(id: string, why: string): EncryptionKeyError {
  return new EncryptionKeyError(
    `ENCRYPTION_KEYS key "${id}" is not the key this database was set up with (${why}): ` +
      `set "${id}" to its original value; a new key needs a new id, placed first, then \`npm run hub -- keys rotate\`.`,
  );
}

function missingKeys(missing: { kek_id: string; count: string }[], activeId: string): EncryptionKeyError {
  const list = missing
    .map((row) => `"${row.kek_id}" (${row.count} data key${row.count === '1' ? '' : 's'})`)
    .join(', ');
  return new EncryptionKeyError(
    `ENCRYPTION_KEYS does not contain the key-encryption key${missing.length === 1 ? '' : 's'} ${list} that this database's data keys are wrapped with: ` +
      `restore ${missing.length === 1 ? 'it' : 'them'} by adding ${missing.length === 1 ? 'it' : 'them'} to ENCRYPTION_KEYS after the active key "${activeId}", ` +
      'then run `npm run hub -- keys rotate`.',
  );
}
