import type { Connection, Integration, IntegrationCatalog, SyncRun } from '@hub/web/shared/api-types';

/** Response shapes as openapi/api.json documents them (GET /api/integrations and friends). */
export function aRun(overrides: Partial<SyncRun> = {}): SyncRun {
  return {
    id: 'run-1',
    connectionId: 'conn-dub',
    providerId: 'dub',
    trigger: 'MANUAL',
    status: 'SUCCEEDED',
    counts: { added: 12, updated: 3, unchanged: 200, deleted: 1 },
    pages: 3,
    resource: null,
    queuedAt: '2026-03-01T10:00:00.000Z',
    startedAt: '2026-03-01T10:00:01.000Z',
    finishedAt: '2026-03-01T10:00:09.000Z',
    error: null,
    cancelRequested: false,
    ...overrides,
  };
}

export function aConnection(overrides: Partial<Connection> = {}): Connection {
  return {
    id: 'conn-dub',
    providerId: 'dub',
    status: 'ACTIVE',
    statusReason: null,
    statusMessage: null,
    externalAccountId: 'ws_1',
    account: { displayName: 'Acme Links', email: 'ada@example.com' },
    grantedScopes: ['links.read'],
    connectedAt: '2026-03-01T09:00:00.000Z',
    hasRefreshToken: true,
    syncEnabled: true,
    syncFrequencyMinutes: 60,
    lastSyncedAt: '2026-03-01T10:00:09.000Z',
    lastSyncRun: aRun(),
    syncSelection: [],
    ...overrides,
  };
}

export function anIntegration(overrides: Partial<Integration> = {}): Integration {
  return {
    id: 'dub',
    name: 'Dub',
    description: 'Short links and their clicks.',
    category: 'Marketing',
    logoUrl: '/providers/dub.svg',
    docsUrl: 'https://dub.co/docs',
    availability: 'available',
    connectMethod: 'oauth2',
    setupRequired: false,
    sandbox: false,
    scopes: ['links.read'],
    credentialFields: [],
    syncResources: [{ id: 'links', name: 'Links', description: 'Short links.' }],
    defaultSyncFrequencyMinutes: 60,
    connections: [],
    ...overrides,
  };
}

export const postgresFields: Integration['credentialFields'] = [
  {
    key: 'host',
    label: 'Host',
    type: 'text',
    required: true,
    secret: false,
    maxLength: 253,
    pattern: '^[^/?=@%\\s]+$',
  },
  { key: 'port', label: 'Port', type: 'number', required: true, secret: false, min: 1, max: 65535, default: 5432 },
  { key: 'database', label: 'Database', type: 'text', required: true, secret: false, maxLength: 63 },
  { key: 'user', label: 'User', type: 'text', required: true, secret: false, maxLength: 63 },
  { key: 'password', label: 'Password', type: 'password', required: true, secret: true },
  {
    key: 'sslMode',
    label: 'SSL mode',
    type: 'select',
    required: true,
    secret: false,
    options: ['verify-full', 'require', 'disable'],
    default: 'verify-full',
  },
  { key: 'caCertificate', label: 'CA certificate', type: 'textarea', required: false, secret: false },
];

export function aCatalog(connections: Connection[] = [aConnection()]): IntegrationCatalog {
  return {
    categories: [
      {
        name: 'Google Workspace',
        integrations: [
          anIntegration({
            id: 'google-drive',
            name: 'Google Drive',
            description: 'File metadata from Drive.',
            category: 'Google Workspace',
            availability: 'coming-soon',
          }),
        ],
      },
      {
        name: 'Databases',
        integrations: [
          anIntegration({
            id: 'postgresql',
            name: 'PostgreSQL',
            description: 'Tables from your own database.',
            category: 'Databases',
            connectMethod: 'credentials',
            scopes: [],
            credentialFields: postgresFields,
            syncSelection: { label: 'Tables', optionsResource: 'tables', max: 20 },
          }),
        ],
      },
      { name: 'Marketing', integrations: [anIntegration({ connections })] },
    ],
  };
}
