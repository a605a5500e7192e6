import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig, type KeyEncryptionKey } from '@hub/server/config';
import {
  dataKeyIdOf,
  DecryptionError,
  generateDataKey,
  openRecord,
  sealRecord,
  secretAad,
  type SecretLocation,
  unwrapDataKey,
  wrapDataKey,
} from './envelope';
import { rowsOf, sameWorkspace } from './sql';

/** Where a secret is stored; its ciphertext only opens there (table, column, row and workspace are the AAD). */
export type SecretRef = SecretLocation;

/**
 * Encryptions one data key may perform before it is retired and a new one created: far inside the
 * 2^32 that NIST SP 800-38D §8.3 allows with random 96-bit nonces (SECURITY.md C2).
 */
export const DATA_KEY_USE_LIMIT = 2 ** 30;

/** Unwrapped data keys kept in process memory (never Redis). Each entry is 32 bytes plus ids. */
const CACHE_LIMIT = 10_000;

interface DataKeyRow {
  id: string;
  workspace_id: string | null;
  kek_id: string;
  wrapped: Buffer;
}

interface DataKey {
  readonly id: string;
  readonly workspaceId: string | null;
  readonly dek: Buffer;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Seals and opens stored secrets with the workspace's data key (SECURITY.md §2.1). Pass an
 * EntityManager to work inside the caller's transaction: the data key is then created and counted
 * in that transaction too (which holds the workspace's active-key row lock until it ends, so keep it short).
 */
@Injectable()
export class SecretCipher {
  private readonly cache = new Map<string, DataKey>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async seal(ref: SecretRef, plaintext: string, manager: EntityManager = this.dataSource.manager): Promise<Buffer> {
    const aad = secretAad(ref);
    // UTF-8 cannot carry a lone surrogate: it would come back as U+FFFD, so refuse rather than corrupt.
    if (LONE_SURROGATE.test(plaintext)) throw new TypeError('a secret must be well-formed Unicode text');
    const key = await this.useActiveDataKey(ref.workspaceId, manager);
    return sealRecord({ dek: key.dek, dekId: key.id, plaintext: Buffer.from(plaintext, 'utf8'), aad });
  }

  /** Throws `DecryptionError` for a tampered or moved record, or one whose data key is missing or unwrappable. */
  async open(ref: SecretRef, sealed: Buffer, manager: EntityManager = this.dataSource.manager): Promise<string> {
    const aad = secretAad(ref);
    const key = await this.dataKey(dataKeyIdOf(sealed), manager);
    if (key.workspaceId !== (ref.workspaceId?.toLowerCase() ?? null)) {
      throw new DecryptionError(`data key ${key.id} belongs to another workspace`);
    }
    return openRecord({ dek: key.dek, sealed, aad }).toString('utf8');
  }

  /**
   * Counts one use of the workspace's active data key and returns it; creates the key on first use,
   * and retires it for a new one once it has done DATA_KEY_USE_LIMIT encryptions.
   */
  private async useActiveDataKey(workspaceId: string | null, manager: EntityManager): Promise<DataKey> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const [row] = rowsOf<DataKeyRow>(
        await manager.query(
          `UPDATE data_keys SET use_count = use_count + 1
           WHERE ${sameWorkspace('$1')} AND retired_at IS NULL AND use_count < $2
           RETURNING id, workspace_id, kek_id, wrapped`,
          [workspaceId, DATA_KEY_USE_LIMIT],
        ),
      );
      if (row) return this.cache.get(row.id) ?? this.remember(row);
      // No usable active key: retire an exhausted one, then create one. Concurrent callers race on the
      // partial unique index (one active key per workspace); the losers insert nothing and loop to use
      // the winner's key (under READ COMMITTED the next statement sees it once it commits).
      await manager.query(
        `UPDATE data_keys SET retired_at = now() WHERE ${sameWorkspace('$1')} AND retired_at IS NULL AND use_count >= $2`,
        [workspaceId, DATA_KEY_USE_LIMIT],
      );
      await this.createDataKey(workspaceId, manager);
    }
    throw new Error(`Could not obtain an active data key for ${workspaceId ?? 'the instance'}`);
  }

  private async createDataKey(workspaceId: string | null, manager: EntityManager): Promise<void> {
    const active = activeKek(this.config.encryptionKeys);
    const id = randomUUID();
    const dek = generateDataKey();
    await manager.query(
      `INSERT INTO data_keys (id, workspace_id, kek_id, wrapped) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
      [id, workspaceId, active.id, wrapDataKey(active.key, id, dek)],
    );
    dek.fill(0);
  }

  private async dataKey(id: string, manager: EntityManager): Promise<DataKey> {
    const cached = this.cache.get(id);
    if (cached) return cached;
    const [row] = await manager.query<DataKeyRow[]>(
      'SELECT id, workspace_id, kek_id, wrapped FROM data_keys WHERE id = $1',
      [id],
    );
    if (!row) throw new DecryptionError(`data key ${id} does not exist`);
    return this.remember(row);
  }

  private remember(row: DataKeyRow): DataKey {
    const kek = this.config.encryptionKeys.find((k) => k.id === row.kek_id);
    if (!kek) {
      throw new DecryptionError(
        `data key ${row.id} is wrapped by key-encryption key "${row.kek_id}", which ENCRYPTION_KEYS does not contain`,
      );
    }
    const key: DataKey = {
      id: row.id,
      workspaceId: row.workspace_id,
      dek: unwrapDataKey(kek.key, row.id, row.wrapped),
    };
    if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(row.id, key);
    return key;
  }
}

/** The first configured KEK wraps every new data key. */
export function activeKek(keys: readonly KeyEncryptionKey[]): KeyEncryptionKey {
  const active = keys[0];
  if (!active)
    throw new Error('ENCRYPTION_KEYS is empty: configure at least one key (`npm run hub -- keys generate`).');
  return active;
}
