/**
 * How the safe database connectors recognise the hub's own database however it is reached (another
 * host name, a port forward, a physical replica): not by its address but by a marker the database
 * carries (issue 15, finding 11; ADR 0009). The hub's migrations create `table` and write `comment`
 * on it: a random id, stored in the catalog (`pg_description`), which every role that may connect
 * can read, and which replicas and dumps carry along.
 */
export interface HubDatabaseMarker {
  /** The table the marker is written on (any schema). */
  readonly table: string;
  /** That table's comment in the hub's own database. */
  readonly comment: string;
}

export interface HubDatabaseIdentity {
  /** The hub's marker; throws when it cannot be read (then nothing is connected: fail closed). */
  marker(): Promise<HubDatabaseMarker>;
}

/** Nest injection token for `HubDatabaseIdentity`, provided by the apps from the database library. */
export const HUB_DATABASE_IDENTITY = 'HUB_DATABASE_IDENTITY';
