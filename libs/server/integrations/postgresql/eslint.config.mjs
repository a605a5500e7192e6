import baseConfig, {
  PROVIDER_FORBIDDEN_IMPORTS,
  providerHttpOnlyConfig,
  typeAwareConfig,
} from '../../../../eslint.config.mjs';

export default [
  ...baseConfig,
  {
    // Customer databases are reached only through SafePgConnector (docs/security.md E3); an architecture
    // test (pg-imports.spec.ts) checks the other integration libraries and the apps.
    files: ['**/*.ts'],
    ignores: ['**/safe-pg-connector.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...['pg', 'pg-pool', 'pg-connection-string'].map((name) => ({
              name,
              message: 'Connect to customer databases through SafePgConnector (safe-pg-connector.ts) only.',
            })),
            ...PROVIDER_FORBIDDEN_IMPORTS.filter((name) => !name.startsWith('pg')).map((name) => ({
              name,
              message: 'Provider modules are DB-free: no hub database, queue or Redis client (docs/architecture.md).',
            })),
          ],
          patterns: [{ group: ['pg/*'], message: 'Connect through SafePgConnector only.' }],
        },
      ],
    },
  },
  ...providerHttpOnlyConfig,
  ...typeAwareConfig,
];
