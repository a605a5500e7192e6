/**
 * TypeORM's postgres `query()` returns the rows, except for UPDATE and DELETE, where it returns
 * `[rows, rowCount]`. This gives the rows either way.
 */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') {
    return result[0] as T[];
  }
  return result as T[];
}

/**
 * Matches a workspace's data keys (or, for null, the instance's) with the same expression the partial
 * unique index `data_keys_one_active_key` is built on, so the lookup can use that index.
 * `$n` is the workspace id parameter.
 */
export const sameWorkspace = (param: string) =>
  `COALESCE(workspace_id, '00000000-0000-0000-0000-000000000000'::uuid) = ` +
  `COALESCE(${param}::uuid, '00000000-0000-0000-0000-000000000000'::uuid)`;
