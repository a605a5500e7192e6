import { DataSource } from 'typeorm';
import type { AppConfig } from '@hub/server/config';
import { DecryptionError, keyCheckMatches, keyCheckValue, unwrapDataKey, wrapDataKey } from './envelope';
import { wrongKey } from './key-check';
import { activeKek } from './secret-cipher';

export interface KeyRotationReport {
  /** The KEK every data key is wrapped with afterwards. */
  readonly activeKekId: string;
  /** Data keys this run re-wrapped under the active KEK. */
  readonly rewrapped: number;
  /** Data keys that were already wrapped by the active KEK. */
  readonly alreadyCurrent: number;
  /** Whether this run stored the active KEK's check value (it had none). */
  readonly keyCheckRecorded: boolean;
  /** Data keys left as they were because their KEK is not configured or does not unwrap them (ids only). */
  readonly failed: readonly { readonly dataKeyId: string; readonly kekId: string; readonly reason: string }[];
}

/**
 * KEK rotation (docs/security.md §2.1, C4): re-wraps every data key that the active (first) KEK does not
 * wrap yet, one row per short transaction under `SELECT … FOR UPDATE`, so api and worker keep sealing
 * and opening throughout. Touches no data rows: the data keys themselves do not change. Idempotent;
 * run it again to finish after an interruption. Refuses to start when a configured key contradicts
 * its stored check value.
 */
export async function rotateKeys(
  dataSource: DataSource,
  config: Pick<AppConfig, 'encryptionKeys'>,
  { batchSize = 200 }: { batchSize?: number } = {},
): Promise<KeyRotationReport> {
  const keys = config.encryptionKeys;
  const active = activeKek(keys);
  const keyCheckRecorded = await ensureKeyChecks(dataSource, config);

  const [{ count }] = await dataSource.query<{ count: string }[]>(
    'SELECT count(*) AS count FROM data_keys WHERE kek_id = $1',
    [active.id],
  );
  let alreadyCurrent = Number(count);
  let rewrapped = 0;
  const failed: { dataKeyId: string; kekId: string; reason: string }[] = [];

  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const batch = await dataSource.query<{ id: string }[]>(
      'SELECT id FROM data_keys WHERE kek_id <> $1 AND id > $2 ORDER BY id LIMIT $3',
      [active.id, after, batchSize],
    );
    if (batch.length === 0) break;
    after = batch[batch.length - 1].id;
    for (const { id } of batch) {
      await dataSource.transaction(async (manager) => {
        const [row] = await manager.query<{ kek_id: string; wrapped: Buffer }[]>(
          'SELECT kek_id, wrapped FROM data_keys WHERE id = $1 FOR UPDATE',
          [id],
        );
        if (!row) return; // its workspace was deleted meanwhile
        if (row.kek_id === active.id) {
          alreadyCurrent++; // another rotation got there first
          return;
        }
        const old = keys.find((k) => k.id === row.kek_id);
        if (!old) {
          failed.push({
            dataKeyId: id,
            kekId: row.kek_id,
            reason: `key-encryption key "${row.kek_id}" is not in ENCRYPTION_KEYS`,
          });
          return;
        }
        let dek: Buffer;
        try {
          dek = unwrapDataKey(old.key, id, row.wrapped);
        } catch (error) {
          if (!(error instanceof DecryptionError)) throw error;
          failed.push({
            dataKeyId: id,
            kekId: row.kek_id,
            reason: `key-encryption key "${row.kek_id}" does not unwrap it`,
          });
          return;
        }
        await manager.query('UPDATE data_keys SET kek_id = $1, wrapped = $2 WHERE id = $3', [
          active.id,
          wrapDataKey(active.key, id, dek),
          id,
        ]);
        dek.fill(0);
        rewrapped++;
      });
    }
  }
  return { activeKekId: active.id, rewrapped, alreadyCurrent, keyCheckRecorded, failed };
}

/**
 * Fails (before anything is written) when a configured key contradicts its stored check value, or
 * when the active key has none yet but does not unwrap a data key stored under its id; then records
 * the active key's check value if missing. Returns whether it recorded one.
 */
async function ensureKeyChecks(dataSource: DataSource, config: Pick<AppConfig, 'encryptionKeys'>): Promise<boolean> {
  const active = activeKek(config.encryptionKeys);
  const stored = await dataSource.query<{ kek_id: string; check_value: Buffer }[]>(
    'SELECT kek_id, check_value FROM key_checks',
  );
  for (const key of config.encryptionKeys) {
    const row = stored.find((r) => r.kek_id === key.id);
    if (row && !keyCheckMatches(key.key, row.check_value)) throw wrongKey(key.id, 'its key check value does not match');
  }
  if (stored.some((r) => r.kek_id === active.id)) return false;

  const [sample] = await dataSource.query<{ id: string; wrapped: Buffer }[]>(
    'SELECT id, wrapped FROM data_keys WHERE kek_id = $1 ORDER BY created_at DESC LIMIT 1',
    [active.id],
  );
  if (sample) {
    try {
      unwrapDataKey(active.key, sample.id, sample.wrapped).fill(0);
    } catch {
      throw wrongKey(active.id, 'it does not unwrap the data keys stored under that id');
    }
  }
  return dataSource.transaction(async (manager) => {
    const inserted = await manager.query<{ kek_id: string }[]>(
      'INSERT INTO key_checks (kek_id, check_value) VALUES ($1, $2) ON CONFLICT (kek_id) DO NOTHING RETURNING kek_id',
      [active.id, keyCheckValue(active.key)],
    );
    if (inserted.length > 0) return true;
    const [row] = await manager.query<{ check_value: Buffer }[]>(
      'SELECT check_value FROM key_checks WHERE kek_id = $1',
      [active.id],
    );
    if (!row || !keyCheckMatches(active.key, row.check_value)) {
      throw wrongKey(active.id, 'another process recorded a different key under that id');
    }
    return false;
  });
}
