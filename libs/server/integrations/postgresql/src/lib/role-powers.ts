import type { PgSession } from './safe-pg-connector';

/** What the connecting role could do beyond reading, as the card warns about it. */
export interface RolePowers {
  /** A superuser, or a member of one (it can `SET ROLE` to it). */
  readonly superuser: boolean;
  /**
   * It may insert, update, delete or truncate in a table or view it can reach (granted to it, to a
   * role it inherits from, or through pg_write_all_data), or create objects in the database or one
   * of its schemas.
   */
  readonly canWrite: boolean;
  /** Role attributes beyond reading: CREATEROLE, CREATEDB, REPLICATION, BYPASSRLS. */
  readonly attributes: readonly string[];
}

/**
 * One query over the catalog, bounded by the session's statement timeout: the role's own attributes
 * (pg_roles, small), superuser roles it is a member of, and the first relation or schema it could
 * write (each EXISTS stops at the first). System schemas are left out: only a superuser writes there.
 */
export const ROLE_POWERS_SQL = `
WITH me AS (
  SELECT r.oid, r.rolsuper, r.rolcreaterole, r.rolcreatedb, r.rolreplication, r.rolbypassrls
    FROM pg_catalog.pg_roles r WHERE r.rolname = current_user
), schemas AS (
  SELECT n.oid FROM pg_catalog.pg_namespace n
   WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
)
SELECT
  me.rolsuper OR EXISTS (
    SELECT 1 FROM pg_catalog.pg_roles s
     WHERE s.rolsuper AND s.oid <> me.oid AND pg_catalog.pg_has_role(me.oid, s.oid, 'MEMBER')
  ) AS superuser,
  pg_catalog.has_database_privilege(me.oid, pg_catalog.current_database(), 'CREATE')
  OR EXISTS (SELECT 1 FROM schemas WHERE pg_catalog.has_schema_privilege(me.oid, schemas.oid, 'CREATE'))
  OR EXISTS (
    SELECT 1 FROM pg_catalog.pg_class c JOIN schemas ON schemas.oid = c.relnamespace
     WHERE c.relkind IN ('r', 'p', 'v', 'f')
       AND pg_catalog.has_schema_privilege(me.oid, schemas.oid, 'USAGE')
       AND (pg_catalog.has_table_privilege(me.oid, c.oid, 'INSERT, UPDATE, DELETE, TRUNCATE')
         OR pg_catalog.has_any_column_privilege(me.oid, c.oid, 'INSERT, UPDATE'))
  ) AS "canWrite",
  me.rolcreaterole AS createrole, me.rolcreatedb AS createdb,
  me.rolreplication AS replication, me.rolbypassrls AS bypassrls
FROM me`;

type Row = {
  superuser: boolean;
  canWrite: boolean;
  createrole: boolean;
  createdb: boolean;
  replication: boolean;
  bypassrls: boolean;
};

export async function readRolePowers(session: Pick<PgSession, 'query'>): Promise<RolePowers> {
  const [row] = await session.query<Row>(ROLE_POWERS_SQL);
  if (!row) return { superuser: false, canWrite: false, attributes: [] };
  const attributes = (['createrole', 'createdb', 'replication', 'bypassrls'] as const)
    .filter((key) => row[key])
    .map((key) => key.toUpperCase());
  return { superuser: row.superuser, canWrite: row.canWrite, attributes };
}

export const SUPERUSER_WARNING = 'This role is a superuser: use a read-only role.';
export const CAN_WRITE_WARNING = 'This role can write to the database: use a read-only role.';

/** The card's warning lines; a superuser's one says it all. */
export function roleWarnings(powers: RolePowers): string[] {
  if (powers.superuser) return [SUPERUSER_WARNING];
  const warnings = powers.canWrite ? [CAN_WRITE_WARNING] : [];
  if (powers.attributes.length > 0) {
    const list = powers.attributes.join(', ');
    warnings.push(
      `This role has ${list}: use a read-only role without ${powers.attributes.length > 1 ? 'them' : 'it'}.`,
    );
  }
  return warnings;
}
