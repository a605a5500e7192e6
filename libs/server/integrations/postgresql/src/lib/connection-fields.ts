import type { ProviderCredentials } from '@hub/server/integrations/core';

/**
 * The discrete fields of a PostgreSQL connection (docs/security.md §2.3, E1). The patterns are the
 * manifest's, so the form and the connector refuse the same input, before any DNS or network call:
 * no "/" (a unix socket to libpq), no "?", "=", "@" or spaces (a pasted connection string or its
 * options), no "%" (an IPv6 zone).
 */
export const HOST_PATTERN =
  '^(?:\\[[0-9A-Fa-f:.]+\\]|[0-9A-Fa-f:.]+|[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?)$';
/** Database and user names as people write them: letters, digits, "_", "$", "." and "-". */
export const NAME_PATTERN = '^[A-Za-z0-9_][A-Za-z0-9_$.-]*$';

export const SSL_MODES = ['verify-full', 'verify-ca', 'require', 'disable'] as const;
export type SslMode = (typeof SSL_MODES)[number];

export interface PgConnectionFields {
  /** As typed: a DNS name, an IPv4 literal or an IPv6 literal (brackets removed). */
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
  readonly password: string;
  readonly sslMode: SslMode;
  readonly caCertificate?: string;
}

export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

/** The fields, or what is wrong with them; nothing here resolves or connects. */
export function parseConnectionFields(
  credentials: ProviderCredentials,
): { fields: PgConnectionFields; problems: [] } | { fields: null; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const text = (key: string, pattern: string | null, maxLength: number, required = true): string => {
    const value = credentials[key];
    if (value === undefined || value === null || value === '') {
      if (required) problems.push({ field: key, message: `${key} is required` });
      return '';
    }
    if (typeof value !== 'string' || value.length > maxLength || (pattern && !new RegExp(pattern).test(value))) {
      problems.push({ field: key, message: `${key} has an invalid format` });
      return '';
    }
    return value;
  };
  const host = text('host', HOST_PATTERN, 253);
  const database = text('database', NAME_PATTERN, 63);
  const user = text('user', NAME_PATTERN, 63);
  const password = text('password', null, 1024);
  const caCertificate = text('caCertificate', null, 65536, false);
  const port = credentials['port'] ?? 5432;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
    problems.push({ field: 'port', message: 'port must be a whole number from 1 to 65535' });
  }
  const sslMode = credentials['sslMode'] ?? 'verify-full';
  if (!SSL_MODES.includes(sslMode as SslMode)) {
    problems.push({ field: 'sslMode', message: `sslMode must be one of: ${SSL_MODES.join(', ')}` });
  }
  if (problems.length > 0) return { fields: null, problems };
  return {
    fields: {
      host: host.replace(/^\[(.*)\]$/, '$1'),
      port: port as number,
      database,
      user,
      password,
      sslMode: sslMode as SslMode,
      ...(caCertificate ? { caCertificate } : {}),
    },
    problems: [],
  };
}
