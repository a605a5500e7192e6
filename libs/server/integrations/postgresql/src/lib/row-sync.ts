import { IntegrationError, type SyncPage } from '@hub/server/integrations/core';
import { type PgSession, quoteIdentifier } from './safe-pg-connector';
import { qualifiedName, type TableInfo, tableId } from './table-catalog';

/**
 * Where a rows pass stands. A `full` pass reads every selected table by primary key (the engine then
 * marks rows it did not see as deleted); a `changes` pass reads only rows whose (updated-at, key) is
 * past the table's high-water mark. The cursor of the last page of a pass (its `syncToken`) is the
 * start of the next, incremental, pass.
 */
export interface RowsCursor {
  readonly v: 1;
  readonly mode: 'full' | 'changes';
  /** The selection this pass reads, sorted: another selection starts a full pass. */
  readonly tables: readonly string[];
  /** Index in `tables` of the table being read. */
  readonly table: number;
  /** Full pass: the primary key (as text) of the last row read in the current table. */
  readonly after: readonly string[] | null;
  /** Per table: (updated-at, ...primary key) as text of the newest row read, null while none. */
  readonly marks: Readonly<Record<string, readonly string[] | null>>;
  /** When the last full pass started (ISO): deletions are only seen by full passes. */
  readonly fullPassAt: string;
}

export interface RowSyncOptions {
  readonly pageSize: number;
  /** A run after this long since the last full pass is a full pass again (to see deletions). */
  readonly fullPassEveryMs: number;
}

/**
 * Rows of the selected tables, a page at a time, keyset-paginated (never OFFSET): by primary key in
 * a full pass, by (updated-at, primary key) in a changes pass.
 */
export async function* syncRows(
  session: PgSession,
  tables: readonly TableInfo[],
  selection: readonly string[],
  cursor: string | null,
  options: RowSyncOptions,
): AsyncIterable<SyncPage> {
  const selected = [...new Set(selection)].sort();
  const byId = new Map(tables.map((t) => [tableId(t), t]));
  for (const id of selected) {
    const table = byId.get(id);
    if (!table) throw new IntegrationError('NOT_FOUND', `The selected table ${id} no longer exists or cannot be read.`);
    if (!table.syncable)
      throw new IntegrationError('INVALID_CONFIG', `The selected table ${id} cannot sync: ${table.reason}`);
  }
  let state: RowsCursor = cursor ? parseCursor(cursor) : startFullPass(selected);
  if (state.tables.join('\n') !== selected.join('\n')) {
    // Tables were added or removed: a full pass reads the new ones and lets the engine drop the others.
    throw new IntegrationError('CURSOR_INVALID', 'The tables to sync changed.');
  }
  while (state.table < state.tables.length) {
    const table = byId.get(state.tables[state.table])!;
    if (state.mode === 'full' && state.after === null && !(tableId(table) in state.marks)) {
      state = { ...state, marks: { ...state.marks, [tableId(table)]: await highWaterMark(session, table) } };
    }
    const page = await readPage(session, table, state, options.pageSize);
    state = page.done ? nextTable(state, table, page.position) : advance(state, table, page.position);
    const finished = state.table >= state.tables.length;
    if (!finished) {
      yield { records: page.records, nextCursor: JSON.stringify(state) };
      continue;
    }
    const token = syncTokenAfter(
      state,
      tables.filter((t) => selected.includes(tableId(t))),
      options,
    );
    yield { records: page.records, nextCursor: null, ...(token ? { syncToken: token } : {}) };
  }
  // Nothing selected: an empty full pass, which removes the rows of tables no longer selected.
  if (state.tables.length === 0) yield { records: [], nextCursor: null };
}

function startFullPass(tables: readonly string[]): RowsCursor {
  return { v: 1, mode: 'full', tables, table: 0, after: null, marks: {}, fullPassAt: new Date().toISOString() };
}

/** The next run reads only changes when every table can say what changed, and a full pass is not due. */
function syncTokenAfter(state: RowsCursor, tables: readonly TableInfo[], options: RowSyncOptions): string | undefined {
  if (tables.some((t) => t.updatedAtColumn === null)) return undefined;
  if (Date.now() - Date.parse(state.fullPassAt) >= options.fullPassEveryMs) return undefined;
  return JSON.stringify({ ...state, mode: 'changes', table: 0, after: null } satisfies RowsCursor);
}

function advance(state: RowsCursor, table: TableInfo, position: readonly string[] | null): RowsCursor {
  if (state.mode === 'full') return { ...state, after: position };
  return { ...state, marks: { ...state.marks, [tableId(table)]: position ?? state.marks[tableId(table)] ?? null } };
}

function nextTable(state: RowsCursor, table: TableInfo, position: readonly string[] | null): RowsCursor {
  return { ...advance(state, table, position), table: state.table + 1, after: null };
}

/** The newest (updated-at, key) before a full pass reads the table: the next changes pass starts there. */
async function highWaterMark(session: PgSession, table: TableInfo): Promise<string[] | null> {
  if (!table.updatedAtColumn) return null;
  const columns = [table.updatedAtColumn, ...table.primaryKey].map((c) => `t.${quoteIdentifier(c)}`);
  const [row] = await session.query<{ position: string[] }>(
    `SELECT ARRAY[${columns.map((c) => `${c}::text`).join(', ')}] AS position FROM ${qualifiedName(table)} AS t
     WHERE t.${quoteIdentifier(table.updatedAtColumn)} IS NOT NULL
     ORDER BY ${columns.map((c) => `${c} DESC`).join(', ')} LIMIT 1`,
  );
  return row?.position ?? null;
}

/** One page of a table after the cursor's position; `done` when the table has no more. */
async function readPage(
  session: PgSession,
  table: TableInfo,
  state: RowsCursor,
  pageSize: number,
): Promise<{ records: SyncPage['records']; position: readonly string[] | null; done: boolean }> {
  const changes = state.mode === 'changes';
  const order = (changes ? [table.updatedAtColumn!, ...table.primaryKey] : table.primaryKey).map(
    (c) => `t.${quoteIdentifier(c)}`,
  );
  const after = changes ? (state.marks[tableId(table)] ?? null) : state.after;
  const conditions = [
    // Parameters take the column types from the other side of the row comparison.
    ...(after ? [`(${order.join(', ')}) > (${after.map((_, i) => `$${i + 1}`).join(', ')})`] : []),
    ...(changes ? [`${order[0]} IS NOT NULL`] : []),
  ];
  const key = table.primaryKey.map((c) => `t.${quoteIdentifier(c)}`);
  const rows = await session.query<{ data: Record<string, unknown>; key: string; position: string[] }>(
    `SELECT to_jsonb(t.*) AS data, json_build_array(${key.join(', ')})::text AS key,
       ARRAY[${order.map((c) => `${c}::text`).join(', ')}] AS position
     FROM ${qualifiedName(table)} AS t
     ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
     ORDER BY ${order.join(', ')} LIMIT ${pageSize}`,
    after ?? [],
  );
  return {
    records: rows.map((r) => ({ externalId: `${tableId(table)}:${r.key}`, data: r.data })),
    position: rows.at(-1)?.position ?? after,
    done: rows.length < pageSize,
  };
}

function parseCursor(cursor: string): RowsCursor {
  try {
    const parsed = JSON.parse(cursor) as RowsCursor;
    const valid =
      parsed.v === 1 &&
      (parsed.mode === 'full' || parsed.mode === 'changes') &&
      Array.isArray(parsed.tables) &&
      Number.isInteger(parsed.table) &&
      typeof parsed.marks === 'object' &&
      parsed.marks !== null &&
      !Number.isNaN(Date.parse(parsed.fullPassAt));
    if (valid) return parsed;
  } catch {
    // fall through
  }
  throw new IntegrationError('CURSOR_INVALID', 'The saved rows cursor is not one this provider wrote.');
}
