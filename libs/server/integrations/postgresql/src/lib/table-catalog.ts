import { type PgSession, quoteIdentifier } from './safe-pg-connector';

export interface ColumnInfo {
  readonly name: string;
  readonly type: string;
  readonly nullable: boolean;
}

/** One table or view the connection's user can read: the `schema` resource's record data. */
export interface TableInfo {
  readonly schema: string;
  readonly name: string;
  readonly kind: 'table' | 'partitioned table' | 'view' | 'materialized view' | 'foreign table';
  readonly columns: readonly ColumnInfo[];
  readonly primaryKey: readonly string[];
  readonly rowEstimate: number | null;
  /** A timestamp column that says when a row last changed: the rows sync reads only changes by it. */
  readonly updatedAtColumn: string | null;
  readonly syncable: boolean;
  readonly reason?: string;
}

/** The record id of a table in the `schema` resource, and the prefix of its rows' ids. */
export const tableId = (table: Pick<TableInfo, 'schema' | 'name'>) => `${table.schema}.${table.name}`;

/** The SQL name of a table, every part quoted (E7). */
export const qualifiedName = (table: Pick<TableInfo, 'schema' | 'name'>) =>
  `${quoteIdentifier(table.schema)}.${quoteIdentifier(table.name)}`;

const KINDS: Readonly<Record<string, TableInfo['kind']>> = {
  r: 'table',
  p: 'partitioned table',
  v: 'view',
  m: 'materialized view',
  f: 'foreign table',
};

const UPDATED_AT_NAMES = ['updated_at', 'updatedat', 'modified_at', 'last_modified'];

/** Above this many rows, a table without statistics is reported as "at least" this many. */
export const COUNTED_ROWS_LIMIT = 1_000_000;

// Relations outside the system schemas that the user may SELECT from, with their columns and primary key.
const LIST_TABLES = `
SELECT n.nspname AS schema, c.relname AS name, c.relkind AS kind, c.reltuples::float8 AS reltuples,
  COALESCE((SELECT json_agg(json_build_object('name', a.attname, 'type', format_type(a.atttypid, a.atttypmod),
                                              'nullable', NOT a.attnotnull) ORDER BY a.attnum)
            FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), '[]') AS columns,
  COALESCE((SELECT json_agg(a.attname ORDER BY k.ord)
            FROM pg_index i CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
            JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
            WHERE i.indrelid = c.oid AND i.indisprimary), '[]') AS primary_key
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast|temp)'
  AND has_schema_privilege(n.oid, 'USAGE') AND has_table_privilege(c.oid, 'SELECT')
ORDER BY n.nspname, c.relname`;

interface TableRow {
  schema: string;
  name: string;
  kind: string;
  reltuples: number;
  columns: ColumnInfo[];
  primary_key: string[];
}

/**
 * Every table and view the user can read, with what the rows sync needs to know about each;
 * `countRows: false` leaves `rowEstimate` out (the rows sync does not need it).
 */
export async function listTables(session: PgSession, { countRows = true } = {}): Promise<TableInfo[]> {
  const rows = await session.query<TableRow>(LIST_TABLES);
  const tables: TableInfo[] = [];
  for (const row of rows) {
    const kind = KINDS[row.kind];
    const primaryKey = row.primary_key;
    const updatedAt = row.columns.find(
      (c) => UPDATED_AT_NAMES.includes(c.name.toLowerCase()) && c.type.startsWith('timestamp'),
    );
    tables.push({
      schema: row.schema,
      name: row.name,
      kind,
      columns: row.columns,
      primaryKey,
      rowEstimate: countRows ? await rowEstimate(session, row, kind) : null,
      updatedAtColumn: updatedAt?.name ?? null,
      ...(primaryKey.length > 0
        ? { syncable: true }
        : {
            syncable: false,
            reason: 'It has no primary key, so its rows cannot be told apart from one sync to the next.',
          }),
    });
  }
  return tables;
}

/**
 * `pg_class.reltuples` when the statistics know it; it is -1 (never analysed) or 0 (not since the
 * rows arrived) without autovacuum, so then a count, bounded so a huge table cannot stall discovery.
 */
async function rowEstimate(session: PgSession, row: TableRow, kind: TableInfo['kind']): Promise<number | null> {
  if (row.reltuples > 0) return Math.round(row.reltuples);
  if (kind === 'view' || kind === 'foreign table') return null;
  const [counted] = await session.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM ${qualifiedName(row)} LIMIT ${COUNTED_ROWS_LIMIT}) AS bounded`,
  );
  return counted.n;
}
