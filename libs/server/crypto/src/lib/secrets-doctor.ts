import { DataSource } from 'typeorm';
import type { AppConfig } from '@hub/server/config';
import { dataKeyIdOf, DecryptionError, openRecord, secretAad, unwrapDataKey } from './envelope';

/** A column that holds sealed secrets, and how to find each value's row id and workspace (its AAD). */
export interface EncryptedColumn {
  readonly table: string;
  readonly column: string;
  readonly idColumn: string;
  /** null: the instance's own secrets. */
  readonly workspaceColumn: string | null;
}

/**
 * Every column the hub stores sealed secrets in. The doctor reads exactly these; a new encrypted
 * column must be added here (and sealed with `{ table, column, rowId: <idColumn>, workspaceId: <workspaceColumn> }`).
 */
export const ENCRYPTED_COLUMNS: readonly EncryptedColumn[] = [
  { table: 'connections', column: 'credentials', idColumn: 'id', workspaceColumn: 'workspace_id' },
  { table: 'provider_apps', column: 'client_secret', idColumn: 'provider_id', workspaceColumn: null },
  { table: 'pending_revocations', column: 'token', idColumn: 'id', workspaceColumn: 'workspace_id' },
];

export interface SecretsDoctorReport {
  readonly secrets: { readonly total: number; readonly readable: number; readonly unreadable: number };
  /** Secrets by the KEK that wraps their data key (secrets whose data key is missing are not counted). */
  readonly byKek: Record<string, number>;
  /** Secrets by the data key they were sealed with. */
  readonly byDataKey: Record<string, number>;
  readonly dataKeys: { readonly total: number; readonly unwrappable: number; readonly failing: string[] };
  /** Unreadable secrets: where, and why in words that never include secret material (at most `maxFailures`). */
  readonly failures: { readonly table: string; readonly rowId: string; readonly reason: string }[];
}

/** Whether every secret and data key could be read. */
export function doctorPassed(report: SecretsDoctorReport): boolean {
  return report.secrets.unreadable === 0 && report.dataKeys.failing.length === 0;
}

interface DataKeyRow {
  id: string;
  workspace_id: string | null;
  kek_id: string;
  wrapped: Buffer;
}

type Resolved =
  { ok: true; kekId: string; workspaceId: string | null; dek: Buffer } | { ok: false; kekId?: string; reason: string };

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/**
 * The secrets doctor (docs/security.md §2.1, C4/C5): unwraps every data key and opens every sealed value
 * in `columns`, reading rows in batches (keyset pagination by id), and counts the results. Decrypted
 * values are discarded at once. Run it after a restore, a rotation, or in CI.
 */
export async function runSecretsDoctor(
  dataSource: DataSource,
  config: Pick<AppConfig, 'encryptionKeys'>,
  {
    batchSize = 500,
    maxFailures = 1_000,
    columns = ENCRYPTED_COLUMNS,
  }: { batchSize?: number; maxFailures?: number; columns?: readonly EncryptedColumn[] } = {},
): Promise<SecretsDoctorReport> {
  const keys = config.encryptionKeys;
  const resolved = new Map<string, Resolved>();
  const resolve = (row: DataKeyRow): Resolved => {
    const kek = keys.find((k) => k.id === row.kek_id);
    if (!kek)
      return {
        ok: false,
        kekId: row.kek_id,
        reason: `data key ${row.id} is wrapped by key-encryption key "${row.kek_id}", which ENCRYPTION_KEYS does not contain`,
      };
    try {
      return {
        ok: true,
        kekId: row.kek_id,
        workspaceId: row.workspace_id,
        dek: unwrapDataKey(kek.key, row.id, row.wrapped),
      };
    } catch (error) {
      if (!(error instanceof DecryptionError)) throw error;
      return {
        ok: false,
        kekId: row.kek_id,
        reason: `data key ${row.id} does not unwrap with key-encryption key "${row.kek_id}"`,
      };
    }
  };

  const dataKeys = { total: 0, unwrappable: 0, failing: [] as string[] };
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const batch = await dataSource.query<DataKeyRow[]>(
      'SELECT id, workspace_id, kek_id, wrapped FROM data_keys WHERE id > $1 ORDER BY id LIMIT $2',
      [after, batchSize],
    );
    if (batch.length === 0) break;
    after = batch[batch.length - 1].id;
    for (const row of batch) {
      const result = resolve(row);
      resolved.set(row.id, result);
      dataKeys.total++;
      if (result.ok) dataKeys.unwrappable++;
      else dataKeys.failing.push(row.id);
    }
  }
  // A data key created after the pass above (writers keep working) is looked up when first seen.
  const dataKey = async (id: string): Promise<Resolved> => {
    let result = resolved.get(id);
    if (!result) {
      const [row] = await dataSource.query<DataKeyRow[]>(
        'SELECT id, workspace_id, kek_id, wrapped FROM data_keys WHERE id = $1',
        [id],
      );
      result = row ? resolve(row) : { ok: false, reason: `data key ${id} does not exist` };
      resolved.set(id, result);
    }
    return result;
  };

  const secrets = { total: 0, readable: 0, unreadable: 0 };
  const byKek: Record<string, number> = {};
  const byDataKey: Record<string, number> = {};
  const failures: { table: string; rowId: string; reason: string }[] = [];
  const fail = (table: string, rowId: string, reason: string) => {
    secrets.unreadable++;
    if (failures.length < maxFailures) failures.push({ table, rowId, reason });
  };

  for (const { table, column, idColumn, workspaceColumn } of columns) {
    for (const name of [table, column, idColumn, workspaceColumn ?? 'null']) {
      if (!IDENTIFIER.test(name)) throw new TypeError(`"${name}" is not a plain SQL identifier`);
    }
    const select =
      `SELECT "${idColumn}"::text AS id, ${workspaceColumn ? `"${workspaceColumn}"::text` : 'NULL::text'} AS workspace_id, "${column}" AS sealed ` +
      `FROM "${table}" WHERE "${column}" IS NOT NULL`;
    let cursor: string | null = null;
    for (;;) {
      const batch: { id: string; workspace_id: string | null; sealed: Buffer }[] =
        cursor === null
          ? await dataSource.query(`${select} ORDER BY "${idColumn}" LIMIT $1`, [batchSize])
          : await dataSource.query(`${select} AND "${idColumn}" > $1 ORDER BY "${idColumn}" LIMIT $2`, [
              cursor,
              batchSize,
            ]);
      if (batch.length === 0) break;
      cursor = batch[batch.length - 1].id;
      for (const row of batch) {
        secrets.total++;
        let dekId: string;
        try {
          dekId = dataKeyIdOf(row.sealed);
        } catch (error) {
          fail(table, row.id, (error as Error).message);
          continue;
        }
        byDataKey[dekId] = (byDataKey[dekId] ?? 0) + 1;
        const key = await dataKey(dekId);
        if (key.kekId) byKek[key.kekId] = (byKek[key.kekId] ?? 0) + 1;
        if (!key.ok) {
          fail(table, row.id, key.reason);
          continue;
        }
        if (key.workspaceId !== row.workspace_id) {
          fail(table, row.id, `data key ${dekId} belongs to another workspace`);
          continue;
        }
        try {
          const aad = secretAad({ table, column, rowId: row.id, workspaceId: row.workspace_id });
          openRecord({ dek: key.dek, sealed: row.sealed, aad }).fill(0);
          secrets.readable++;
        } catch (error) {
          if (!(error instanceof DecryptionError)) throw error;
          fail(table, row.id, error.message);
        }
      }
    }
  }
  for (const result of resolved.values()) if (result.ok) result.dek.fill(0);
  return { secrets, byKek, byDataKey, dataKeys, failures };
}
