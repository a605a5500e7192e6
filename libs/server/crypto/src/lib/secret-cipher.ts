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
 * 2^32 that NIST SP 800-38D §8.3 allows with random 96-bit nonces (docs/security.md C2).
 */
export const DATA_KEY_USE_LIMIT = 2 ** 30;

/**
 * Uses a process reserves at once when it seals outside a transaction: one `UPDATE data_keys` per
 * block instead of one per seal. Reserved uses count as done whether or not they are used, so the
 * limit above still bounds the encryptions; a restart wastes at most one block per workspace.
 */
export const DATA_KEY_USE_BLOCK = 1_000;

/** A reservation is used for at most this long, so a data key retired by an operator stops being used soon. */
const RESERVATION_TTL_MS = 60_000;

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

interface Reservation {
  readonly key: DataKey;
  remaining: number;
  readonly expiresAt: number;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Seals and opens stored secrets with the workspace's data key (docs/security.md §2.1). Pass an
 * EntityManager to work inside the caller's transaction: the data key is then created and counted
 * in that transaction too (which holds the workspace's active-key row lock until it ends, so keep it
 * short). Without one, seals draw on a block of uses reserved for this process (DATA_KEY_USE_BLOCK).
 */
@Injectable()
export class SecretCipher {
  private readonly cache = new Map<string, DataKey>();
  /** By workspace id ('' for the instance). Never reserved inside a caller's transaction: a rollback would undo the count. */
  private readonly reservations = new Map<string, Reservation>();
  private readonly reserving = new Map<string, Promise<void>>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async seal(ref: SecretRef, plaintext: string, manager?: EntityManager): Promise<Buffer> {
    const aad = secretAad(ref);
    // UTF-8 cannot carry a lone surrogate: it would come back as U+FFFD, so refuse rather than corrupt.
    if (LONE_SURROGATE.test(plaintext)) throw new TypeError('a secret must be well-formed Unicode text');
    const key = manager
      ? await this.useActiveDataKey(ref.workspaceId, manager, 1)
      : await this.reservedDataKey(ref.workspaceId);
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

  /** Takes one use from this process's reservation for the workspace, reserving a new block when it is spent or old. */
  private async reservedDataKey(workspaceId: string | null): Promise<DataKey> {
    const slot = workspaceId?.toLowerCase() ?? '';
    for (;;) {
      const reservation = this.reservations.get(slot);
      if (reservation && reservation.remaining > 0 && reservation.expiresAt > Date.now()) {
        reservation.remaining--;
        return reservation.key;
      }
      // One reservation at a time per workspace: concurrent seals wait for it instead of each reserving a block.
      let pending = this.reserving.get(slot);
      if (!pending) {
        pending = this.useActiveDataKey(workspaceId, this.dataSource.manager, DATA_KEY_USE_BLOCK)
          .then((key) => {
            if (this.reservations.size >= CACHE_LIMIT) this.reservations.clear();
            this.reservations.set(slot, {
              key,
              remaining: DATA_KEY_USE_BLOCK,
              expiresAt: Date.now() + RESERVATION_TTL_MS,
            });
          })
          .finally(() => this.reserving.delete(slot));
        this.reserving.set(slot, pending);
      }
      await pending;
    }
  }

  /**
   * Counts `uses` encryptions on the workspace's active data key and returns it; creates the key on
   * first use, and retires it for a new one once fewer than `uses` remain of DATA_KEY_USE_LIMIT.
   */
  private async useActiveDataKey(workspaceId: string | null, manager: EntityManager, uses: number): Promise<DataKey> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const [row] = rowsOf<DataKeyRow>(
        await manager.query(
          `UPDATE data_keys SET use_count = use_count + $3::bigint
           WHERE ${sameWorkspace('$1')} AND retired_at IS NULL AND use_count <= $2::bigint - $3::bigint
           RETURNING id, workspace_id, kek_id, wrapped`,
          [workspaceId, DATA_KEY_USE_LIMIT, uses],
        ),
      );
      if (row) return this.cache.get(row.id) ?? this.remember(row);
      // No usable active key: retire an exhausted one, then create one. Concurrent callers race on the
      // partial unique index (one active key per workspace); the losers insert nothing and loop to use
      // the winner's key (under READ COMMITTED the next statement sees it once it commits).
      await manager.query(
        `UPDATE data_keys SET retired_at = now() WHERE ${sameWorkspace('$1')} AND retired_at IS NULL AND use_count > $2::bigint - $3::bigint`,
        [workspaceId, DATA_KEY_USE_LIMIT, uses],
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
