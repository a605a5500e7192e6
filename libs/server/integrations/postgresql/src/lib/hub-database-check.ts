import type { HubDatabaseIdentity, HubDatabaseMarker } from '@hub/server/integrations/core';

/** Sent when the server turns out to be the hub's own database, whatever address was typed. */
export const HUB_DATABASE_MESSAGE =
  'This is the hub’s own database: the hub does not connect to it as an integration. Connect another database.';

/** Sent when the hub could not make sure of it (fail closed). */
export const UNVERIFIED_DATABASE_MESSAGE =
  'The hub could not make sure this is not its own database, so it does not connect to it. The database user must be able to read the system catalog (pg_class).';

export type DatabaseRefusal = 'hub_database' | 'database_unverified';

/** The connection reached a database the hub refuses after connecting (issue 15, finding 11). */
export class RefusedDatabaseError extends Error {
  override readonly name = 'RefusedDatabaseError';
  constructor(readonly refusal: DatabaseRefusal) {
    super(refusal === 'hub_database' ? HUB_DATABASE_MESSAGE : UNVERIFIED_DATABASE_MESSAGE);
  }
}

type Query = (sql: string, params: readonly unknown[]) => Promise<{ comment: string | null }[]>;

/**
 * The comments of every table named like the hub's marker table, in any schema. Only the catalog is
 * read (which every role that may connect can read, schema privileges or not), with every name
 * qualified so that a role's own search_path cannot put a function or operator of its own in place.
 */
export const MARKER_COMMENTS_SQL = `SELECT pg_catalog.obj_description(c.oid, 'pg_class') AS comment
  FROM pg_catalog.pg_class c WHERE c.relname OPERATOR(pg_catalog.=) $1::pg_catalog.name`;

/** True when one of the comments found is the hub's marker: then this is the hub's database (or a copy). */
export function isHubDatabase(comments: readonly (string | null)[], marker: HubDatabaseMarker): boolean {
  return marker.comment.length > 0 && comments.some((comment) => comment === marker.comment);
}

/**
 * Refuses the hub's own database, decided from what the connected server holds, not from the
 * address: another spelling of the host, a port forward, a physical replica or a restored dump all
 * carry the marker. Another database of the same server is not the hub's (its tables are not
 * reachable from there) and passes. When either side cannot be read, it refuses.
 */
export async function refuseHubDatabase(
  query: Query,
  identity: HubDatabaseIdentity,
  log: (line: string) => void,
): Promise<void> {
  let marker: HubDatabaseMarker;
  try {
    marker = await identity.marker();
  } catch (error) {
    log(`the hub's own database marker could not be read (${(error as Error).message})`);
    throw new RefusedDatabaseError('database_unverified');
  }
  let comments: (string | null)[];
  try {
    comments = (await query(MARKER_COMMENTS_SQL, [marker.table])).map((row) => row.comment);
  } catch (error) {
    log(`the catalog could not be read (${(error as { code?: string }).code ?? (error as Error).message})`);
    throw new RefusedDatabaseError('database_unverified');
  }
  if (isHubDatabase(comments, marker)) {
    log(`it is the hub's own database`);
    throw new RefusedDatabaseError('hub_database');
  }
}
