import type { ProviderManifest } from '@hub/server/integrations/core';
import { HOST_PATTERN, NAME_PATTERN } from './connection-fields';

/**
 * PostgreSQL, connected with discrete fields (never a connection string, so nothing in a URL can
 * smuggle options): the schema, and rows of the tables chosen in Settings.
 *
 * Connection parameters and SSL modes: https://www.postgresql.org/docs/current/libpq-connect.html
 * and https://www.postgresql.org/docs/current/libpq-ssl.html
 */
export const POSTGRESQL_MANIFEST: ProviderManifest = {
  id: 'postgresql',
  name: 'PostgreSQL',
  description: 'Sync the schema and selected tables from a PostgreSQL database',
  category: 'Databases',
  logo: 'providers/postgresql.svg',
  docsUrl: 'https://www.postgresql.org/docs/current/libpq-connect.html',
  availability: 'available',
  auth: {
    kind: 'credentials',
    fields: [
      {
        key: 'host',
        label: 'Host',
        type: 'text',
        required: true,
        secret: false,
        placeholder: 'db.example.com',
        help: 'Host name or IP address of the database server.',
        // 253: the longest DNS name. The pattern refuses a pasted connection string (no "/", "@", "?").
        maxLength: 253,
        pattern: HOST_PATTERN,
      },
      {
        key: 'port',
        label: 'Port',
        type: 'number',
        required: true,
        secret: false,
        default: 5432,
        min: 1,
        max: 65535,
      },
      {
        key: 'database',
        label: 'Database',
        type: 'text',
        required: true,
        secret: false,
        placeholder: 'app_production',
        // PostgreSQL identifiers are at most 63 bytes (NAMEDATALEN - 1).
        maxLength: 63,
        pattern: NAME_PATTERN,
      },
      {
        key: 'user',
        label: 'User',
        type: 'text',
        required: true,
        secret: false,
        help: 'Use a role that can only read (SELECT on the tables you want to sync).',
        maxLength: 63,
        pattern: NAME_PATTERN,
      },
      {
        key: 'password',
        label: 'Password',
        type: 'password',
        required: true,
        secret: true,
        maxLength: 1024,
      },
      {
        key: 'sslMode',
        label: 'SSL',
        type: 'select',
        required: true,
        secret: false,
        default: 'verify-full',
        // libpq sslmode values; "prefer" and "allow" are left out: they fall back to plain text silently.
        options: [
          { value: 'verify-full', label: 'Verify certificate and host name (recommended)' },
          { value: 'verify-ca', label: 'Verify certificate only' },
          { value: 'require', label: 'Encrypt, but do not verify the certificate' },
          { value: 'disable', label: 'No encryption (trusted networks only)' },
        ],
      },
      {
        key: 'caCertificate',
        label: 'CA certificate',
        type: 'textarea',
        required: false,
        // A CA certificate is public: stored as is and shown again on edit.
        secret: false,
        placeholder: '-----BEGIN CERTIFICATE-----',
        help: 'PEM-encoded certificate of the authority that signed the server certificate, if it is not a public one (for example your cloud provider’s CA bundle).',
        maxLength: 65536,
      },
    ],
  },
  sync: {
    resources: [
      {
        id: 'schema',
        name: 'Schema',
        description: 'Schemas, tables and columns with their types, and estimated row counts',
      },
      {
        id: 'rows',
        name: 'Rows',
        description: 'Rows of the tables selected in Settings',
      },
    ],
    defaultFrequencyMinutes: 60,
    selection: { label: 'Tables to sync', optionsResource: 'schema', max: 100 },
  },
};
