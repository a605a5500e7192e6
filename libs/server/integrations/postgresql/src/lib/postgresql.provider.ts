import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import {
  type AccountInfo,
  type CheckResult,
  type CredentialsParams,
  CONNECTOR_NETWORK_POLICY,
  type ConnectorNetworkPolicy,
  HUB_DATABASE_IDENTITY,
  type HubDatabaseIdentity,
  IntegrationError,
  type IntegrationProvider,
  IntegrationProviderClass,
  providerOptionsToken,
  type SyncPage,
  type SyncParams,
} from '@hub/server/integrations/core';
import { POSTGRESQL_MANIFEST } from './postgresql.manifest';
import { toPostgresqlIntegrationError } from './postgresql-errors';
import { RefusedDatabaseError } from './hub-database-check';
import { readRolePowers, roleWarnings } from './role-powers';
import { syncRows } from './row-sync';
import { type PgSession, SafePgConnector, type SafePgConnectorOptions } from './safe-pg-connector';
import { listTables, tableId } from './table-catalog';

/** The connector's options a provider's user may set: the apps give the network policy and the hub's identity. */
type TunableConnectorOptions = Omit<SafePgConnectorOptions, 'allowedNetworks' | 'hubDatabase'>;

export interface PostgresqlProviderOptions extends Partial<TunableConnectorOptions> {
  /** Rows per page of the rows sync. */
  readonly pageSize?: number;
  /** How often the rows sync reads everything again, to notice deleted rows. */
  readonly fullPassEveryMs?: number;
}

/** Nest token for `PostgresqlProviderOptions` (optional). */
export const POSTGRESQL_PROVIDER_OPTIONS = providerOptionsToken<PostgresqlProviderOptions>('postgresql');

/** Without the hub's identity (a provider built outside the apps) the connector cannot tell: it refuses. */
const UNKNOWN_HUB_DATABASE: HubDatabaseIdentity = {
  marker: () => Promise.reject(new Error('HUB_DATABASE_IDENTITY is not provided')),
};

/**
 * PostgreSQL, through the one safe connector: "connected as" the server, database and user, with
 * warnings when the role is a superuser or can write; the `schema` resource lists every table and
 * view the user can read, the `rows` resource syncs the rows of the tables the connection selected
 * (manifest `sync.selection`).
 */
@Injectable()
@IntegrationProviderClass()
export class PostgresqlProvider implements IntegrationProvider {
  readonly manifest = POSTGRESQL_MANIFEST;
  private readonly connector: SafePgConnector;
  private readonly logger = new Logger(PostgresqlProvider.name);

  constructor(
    @Optional() @Inject(CONNECTOR_NETWORK_POLICY) private readonly network?: ConnectorNetworkPolicy | null,
    @Optional() @Inject(POSTGRESQL_PROVIDER_OPTIONS) private readonly options: PostgresqlProviderOptions = {},
    @Optional() @Inject(HUB_DATABASE_IDENTITY) private readonly hubDatabase?: HubDatabaseIdentity | null,
  ) {
    // Without a policy (a provider built outside the apps) every private address is refused.
    this.connector = new SafePgConnector({
      ...options,
      allowedNetworks: network ? () => network.allowedNetworks() : [],
      hubDatabase: hubDatabase ?? UNKNOWN_HUB_DATABASE,
    });
  }

  /** The same provider with other options (tests). */
  withOptions(options: PostgresqlProviderOptions): PostgresqlProvider {
    return new PostgresqlProvider(this.network, { ...this.options, ...options }, this.hubDatabase);
  }

  async testCredentials(params: CredentialsParams): Promise<CheckResult> {
    try {
      return { ok: true, account: await this.getAccountInfo(params) };
    } catch (error) {
      const mapped = this.toIntegrationError(error);
      // Connect failures already carry the one generic message; the cause went to the debug log.
      this.logger.debug(`Test connection failed: ${mapped.code}`);
      const refused = error instanceof RefusedDatabaseError ? { refused: error.refusal } : {};
      return { ok: false, message: mapped.message, ...refused };
    }
  }

  async getAccountInfo(params: CredentialsParams): Promise<AccountInfo> {
    const { server, powers } = await this.connector.withSession(
      params.credentials,
      async (session) => ({
        server: (
          await session.query<{ version: string; database: string; user: string }>(
            `SELECT current_setting('server_version') AS version, current_database() AS database, current_user AS user`,
          )
        )[0],
        powers: await readRolePowers(session),
      }),
      params.signal,
    );
    const warnings = roleWarnings(powers);
    const host = String(params.credentials['host']);
    const port = Number(params.credentials['port'] ?? 5432);
    return {
      externalAccountId: `${host.toLowerCase()}:${port}/${server.database}`,
      displayName: `${server.database} on ${host}`,
      // The form's non-secret fields too, so "Edit" starts from what was saved (never the password).
      details: {
        serverVersion: server.version,
        host,
        port,
        database: server.database,
        user: server.user,
        sslMode: String(params.credentials['sslMode'] ?? 'verify-full'),
      },
      ...(warnings.length > 0 ? { warnings } : {}),
    };
  }

  async *sync(params: SyncParams): AsyncIterable<SyncPage> {
    if (params.resource !== 'schema' && params.resource !== 'rows') {
      throw new IntegrationError('INVALID_CONFIG', `PostgreSQL cannot sync "${params.resource}"`);
    }
    const session = await this.connector.open(params.credentials, params.signal);
    try {
      yield* params.resource === 'schema'
        ? this.syncSchema(session)
        : syncRows(session, await listTables(session, { countRows: false }), params.selection, params.cursor, {
            pageSize: this.options.pageSize ?? 1000,
            fullPassEveryMs: this.options.fullPassEveryMs ?? 24 * 3_600_000,
          });
    } finally {
      await session.close();
    }
  }

  toIntegrationError(error: unknown): IntegrationError {
    return toPostgresqlIntegrationError(error);
  }

  /** One page: the whole catalog is small next to the rows, and a full pass notices dropped tables. */
  private async *syncSchema(session: PgSession): AsyncIterable<SyncPage> {
    const tables = await listTables(session);
    yield { records: tables.map((table) => ({ externalId: tableId(table), data: { ...table } })), nextCursor: null };
  }
}
