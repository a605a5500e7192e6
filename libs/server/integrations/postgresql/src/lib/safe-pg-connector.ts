import { Logger } from '@nestjs/common';
import { promises as dns } from 'node:dns';
import { checkServerIdentity, type ConnectionOptions } from 'node:tls';
import ipaddr from 'ipaddr.js';
// The one import of `pg` for customer databases (docs/security.md E3): lint and an architecture test
// keep every other file of the integrations libraries away from it.
import { Client, type ClientConfig, DatabaseError } from 'pg';
import type { HubDatabaseIdentity, ProviderCredentials } from '@hub/server/integrations/core';
import { AddressPolicy, isLocalhostName } from './address-policy';
import { type FieldProblem, parseConnectionFields, type PgConnectionFields } from './connection-fields';
import { refuseHubDatabase } from './hub-database-check';

export { escapeIdentifier as quoteIdentifier } from 'pg';

/** The one answer a client gets for any failure to connect: no oracle for scanning (docs/security.md E5). */
export const CONNECT_FAILED_MESSAGE =
  'Could not connect to the database. Check the host, port, database, user, password and SSL setting, and that the hub may reach this address.';

/** Why a connection was not made; for the server's log and the error mapping, never for the client. */
export type ConnectFailureReason = 'denied-address' | 'dns' | 'unreachable' | 'tls' | 'auth' | 'rejected';

export class DatabaseConnectError extends Error {
  override readonly name = 'DatabaseConnectError';
  constructor(readonly reason: ConnectFailureReason) {
    super(CONNECT_FAILED_MESSAGE);
  }
}

/** The fields themselves are wrong (E1): refused before any DNS or network call. */
export class InvalidConnectionFieldsError extends Error {
  override readonly name = 'InvalidConnectionFieldsError';
  constructor(readonly problems: readonly FieldProblem[]) {
    super(`Invalid connection fields: ${problems.map((p) => p.field).join(', ')}`);
  }
}

export type Resolver = (host: string) => Promise<readonly { address: string }[]>;

export interface SafePgConnectorOptions {
  /**
   * CIDRs private addresses may be reached in (`CONNECTOR_ALLOWED_NETWORKS` and the admins' list);
   * empty denies them all. A function is asked at every connection attempt.
   */
  readonly allowedNetworks: readonly string[] | (() => Promise<readonly string[]>);
  /**
   * The hub's own database, refused after connecting whatever address reached it (ADR 0009). Null
   * only where there is no hub database to protect (tests, tools): the apps always give it.
   */
  readonly hubDatabase: HubDatabaseIdentity | null;
  /** Default: `dns.promises.lookup(host, { all: true })`. */
  readonly resolve?: Resolver;
  readonly connectTimeoutMs?: number;
  readonly statementTimeoutMs?: number;
  readonly applicationName?: string;
  /** Where clients are made (tests count them). */
  readonly createClient?: (config: ClientConfig) => Pick<Client, 'connect' | 'query' | 'end' | 'on'>;
  readonly logger?: Pick<Logger, 'debug' | 'warn'>;
}

/** An open, read-only session on a customer database. */
export interface PgSession {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  close(): Promise<void>;
}

const systemResolver: Resolver = (host) => dns.lookup(host, { all: true, verbatim: true });

/** How clients are made unless a test watches them. */
export const createPgClient = (config: ClientConfig) => new Client(config);

export type PgClientConfig = ClientConfig;

/**
 * The only way the hub reaches a customer's PostgreSQL (docs/security.md §2.3): checks the discrete
 * fields, resolves the host once, refuses denied addresses, connects to the validated address (so a
 * second DNS answer cannot redirect it) with TLS checked against the host name, and opens a read-only
 * session with timeouts.
 */
export class SafePgConnector {
  private readonly resolve: Resolver;
  private readonly createClient: NonNullable<SafePgConnectorOptions['createClient']>;
  private readonly logger: Pick<Logger, 'debug' | 'warn'>;

  constructor(private readonly options: SafePgConnectorOptions) {
    this.resolve = options.resolve ?? systemResolver;
    this.createClient = options.createClient ?? createPgClient;
    this.logger = options.logger ?? new Logger(SafePgConnector.name);
  }

  async open(credentials: ProviderCredentials, signal?: AbortSignal): Promise<PgSession> {
    const parsed = parseConnectionFields(credentials);
    if (!parsed.fields) throw new InvalidConnectionFieldsError(parsed.problems);
    const fields = parsed.fields;
    const target = `${fields.host}:${fields.port}`;
    const address = await this.pinnedAddress(fields.host, target);
    const client = this.createClient(this.clientConfig(fields, address));
    // A dropped connection emits 'error' on the client; the next query fails, which is enough.
    client.on('error', (error) => this.logger.debug(`PostgreSQL ${target}: connection lost (${describe(error)})`));
    const onAbort = () => void client.end().catch(() => undefined);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      signal?.throwIfAborted();
      await client.connect();
    } catch (error) {
      signal?.removeEventListener('abort', onAbort);
      await client.end().catch(() => undefined);
      const reason = connectFailureReason(error);
      this.logger.debug(`PostgreSQL ${target} (${address}): ${reason}: ${describe(error)}`);
      throw new DatabaseConnectError(reason);
    }
    const session: PgSession = {
      query: async <Row>(sql: string, params: readonly unknown[] = []) =>
        (await client.query(sql, params as unknown[])).rows as Row[],
      close: async () => {
        signal?.removeEventListener('abort', onAbort);
        await client.end().catch(() => undefined);
      },
    };
    // Before any query of the customer's data: is this the hub's own database, however addressed?
    if (this.options.hubDatabase) {
      try {
        await refuseHubDatabase(session.query, this.options.hubDatabase, (line) =>
          this.logger.warn(`PostgreSQL ${target} (${address}) refused: ${line}`),
        );
      } catch (error) {
        await session.close();
        throw error;
      }
    }
    return session;
  }

  /** Opens a session, runs `work` in it, and closes it whatever happens. */
  async withSession<T>(
    credentials: ProviderCredentials,
    work: (session: PgSession) => Promise<T>,
    signal?: AbortSignal,
  ): Promise<T> {
    const session = await this.open(credentials, signal);
    try {
      return await work(session);
    } finally {
      await session.close();
    }
  }

  /** The address to connect to: every answer must be allowed, and the first is used (pinned). */
  private async pinnedAddress(host: string, target: string): Promise<string> {
    let addresses: string[];
    if (ipaddr.isValid(host)) addresses = [ipaddr.process(host).toString()];
    // RFC 6761: *.localhost is this machine, whatever a resolver would say.
    else if (isLocalhostName(host)) addresses = ['127.0.0.1', '::1'];
    else {
      try {
        addresses = (await this.resolve(host)).map((a) => a.address);
      } catch (error) {
        this.logger.debug(`PostgreSQL ${target}: DNS lookup failed (${describe(error)})`);
        throw new DatabaseConnectError('dns');
      }
    }
    if (addresses.length === 0) throw new DatabaseConnectError('dns');
    const allowed = this.options.allowedNetworks;
    const policy = new AddressPolicy(typeof allowed === 'function' ? await allowed() : allowed);
    for (const address of addresses) {
      const denial = policy.denialReason(address);
      if (denial) {
        this.logger.debug(
          `PostgreSQL ${target}: refused, ${address} is ${denial} and not in CONNECTOR_ALLOWED_NETWORKS`,
        );
        throw new DatabaseConnectError('denied-address');
      }
    }
    return addresses[0];
  }

  private clientConfig(fields: PgConnectionFields, address: string): ClientConfig {
    const statementTimeoutMs = this.options.statementTimeoutMs ?? 30_000;
    return {
      host: address,
      port: fields.port,
      database: fields.database,
      user: fields.user,
      password: fields.password,
      ssl: tlsOptions(fields),
      connectionTimeoutMillis: this.options.connectTimeoutMs ?? 5_000,
      statement_timeout: statementTimeoutMs,
      // A network that stops answering mid-query is caught by the client too.
      query_timeout: statementTimeoutMs + 5_000,
      idle_in_transaction_session_timeout: statementTimeoutMs,
      application_name: this.options.applicationName ?? 'integrations-hub',
      // Fixed by the hub, never from the person: every transaction read-only (E7); times in UTC so
      // high-water marks read back as they were written.
      options: '-c default_transaction_read_only=on -c TimeZone=UTC',
    };
  }
}

/** libpq's sslmode semantics (https://www.postgresql.org/docs/current/libpq-ssl.html) on Node's TLS. */
function tlsOptions(fields: PgConnectionFields): false | ConnectionOptions {
  if (fields.sslMode === 'disable') return false;
  if (fields.sslMode === 'require') return { rejectUnauthorized: false };
  const ca = fields.caCertificate ? { ca: fields.caCertificate } : {};
  if (fields.sslMode === 'verify-ca') return { ...ca, rejectUnauthorized: true, checkServerIdentity: () => undefined };
  return {
    ...ca,
    rejectUnauthorized: true,
    // We connect to the pinned IP, so the certificate is checked against the name that was typed.
    ...(ipaddr.isValid(fields.host) ? {} : { servername: fields.host }),
    checkServerIdentity: (_connectedTo, certificate) => checkServerIdentity(fields.host, certificate),
  };
}

function connectFailureReason(error: unknown): ConnectFailureReason {
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  // Invalid password (28P01) or no pg_hba.conf entry / role (28000).
  if (code === '28P01' || code === '28000') return 'auth';
  if (/SSL|TLS|certificate|CERT_|self[- ]signed/i.test(`${code} ${message}`)) return 'tls';
  // Any other answer of the server (e.g. 3D000, no such database).
  if (error instanceof DatabaseError) return 'rejected';
  return 'unreachable';
}

/** An error as the debug log shows it: its code and message, which never carry the password. */
function describe(error: unknown): string {
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  return [code, message].filter(Boolean).join(' ') || String(error);
}

/** The SQLSTATE of an error the database server answered with, else null. */
export function sqlStateOf(error: unknown): string | null {
  return error instanceof DatabaseError ? (error.code ?? null) : null;
}
