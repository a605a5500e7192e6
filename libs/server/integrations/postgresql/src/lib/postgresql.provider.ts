import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import {
  type AccountInfo,
  type CheckResult,
  CONNECTOR_NETWORK_POLICY,
  type ConnectorNetworkPolicy,
  IntegrationError,
  type IntegrationProvider,
  IntegrationProviderClass,
  type ProviderCredentials,
  type SyncPage,
} from '@hub/server/integrations/core';
import { POSTGRESQL_MANIFEST } from './postgresql.manifest';
import { toPostgresqlIntegrationError } from './postgresql-errors';
import { syncRows } from './row-sync';
import { type PgSession, SafePgConnector, type SafePgConnectorOptions } from './safe-pg-connector';
import { listTables, tableId } from './table-catalog';

export interface PostgresqlProviderOptions extends Partial<Omit<SafePgConnectorOptions, 'allowedNetworks'>> {
  /** Rows per page of the rows sync. */
  readonly pageSize?: number;
  /** How often the rows sync reads everything again, to notice deleted rows. */
  readonly fullPassEveryMs?: number;
}

/** Nest token for `PostgresqlProviderOptions` (optional). */
export const POSTGRESQL_PROVIDER_OPTIONS = 'POSTGRESQL_PROVIDER_OPTIONS';

/**
 * PostgreSQL, through the one safe connector: "connected as" the server, database and user; the
 * `schema` resource lists every table and view the user can read, the `rows` resource syncs the rows
 * of the tables the connection selected (manifest `sync.selection`).
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
  ) {
    // Without a policy (a provider built outside the apps) every private address is refused.
    this.connector = new SafePgConnector({
      ...options,
      allowedNetworks: network ? () => network.allowedNetworks() : [],
    });
  }

  /** The same provider with other options (tests). */
  withOptions(options: PostgresqlProviderOptions): PostgresqlProvider {
    return new PostgresqlProvider(this.network, { ...this.options, ...options });
  }

  async testCredentials(params: { credentials: ProviderCredentials; signal?: AbortSignal }): Promise<CheckResult> {
    try {
      return { ok: true, account: await this.getAccountInfo(params) };
    } catch (error) {
      const mapped = this.toIntegrationError(error);
      // Connect failures already carry the one generic message; the cause went to the debug log.
      this.logger.debug(`Test connection failed: ${mapped.code}`);
      return { ok: false, message: mapped.message };
    }
  }

  async getAccountInfo(params: { credentials: ProviderCredentials; signal?: AbortSignal }): Promise<AccountInfo> {
    const [server] = await this.connector.withSession(
      params.credentials,
      (session) =>
        session.query<{ version: string; database: string; user: string }>(
          `SELECT current_setting('server_version') AS version, current_database() AS database, current_user AS user`,
        ),
      params.signal,
    );
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
    };
  }

  async *sync(params: {
    credentials: ProviderCredentials;
    resource: string;
    cursor: string | null;
    selection: readonly string[];
    signal: AbortSignal;
  }): AsyncIterable<SyncPage> {
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
