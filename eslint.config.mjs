import { fileURLToPath } from 'node:url';
import nx from '@nx/eslint-plugin';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

/** What a provider module may not import: it gets decrypted credentials and returns plain data. */
export const PROVIDER_FORBIDDEN_IMPORTS = [
  'typeorm',
  '@nestjs/typeorm',
  'ioredis',
  'bullmq',
  '@nestjs/bullmq',
  'pg',
  'pg-pool',
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: ['**/dist', '**/out-tsc', '**/tmp', '.data/**', 'apps/web-e2e/test-output/**'],
  },
  {
    // No import cycles inside a project (Nx's boundaries already refuse them between projects): a
    // cycle makes load order decide whether a class is defined yet. tools/testing/import-cycles.int-spec.ts
    // plants one to prove this fails.
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js', '.mjs', '.cjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [
        createTypeScriptImportResolver({ project: fileURLToPath(new URL('./tsconfig.base.json', import.meta.url)) }),
      ],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.jsx'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: ['^.*/eslint(\\.base)?\\.config\\.[cm]?[jt]s$'],
          // Scopes keep the browser and the server apart; types keep layers pointing one way.
          depConstraints: [
            { sourceTag: 'scope:web', onlyDependOnLibsWithTags: ['scope:web', 'scope:shared'] },
            { sourceTag: 'scope:server', onlyDependOnLibsWithTags: ['scope:server', 'scope:shared'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: [
                'type:feature',
                'type:ui',
                'type:data-access',
                'type:util',
                'type:core',
                'type:provider',
                'type:catalog',
              ],
            },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:util'] },
            {
              sourceTag: 'type:feature',
              onlyDependOnLibsWithTags: ['type:feature', 'type:ui', 'type:data-access', 'type:util', 'type:core'],
            },
            { sourceTag: 'type:ui', onlyDependOnLibsWithTags: ['type:ui', 'type:util'] },
            { sourceTag: 'type:data-access', onlyDependOnLibsWithTags: ['type:data-access', 'type:util', 'type:core'] },
            { sourceTag: 'type:core', onlyDependOnLibsWithTags: ['type:core', 'type:util'] },
            { sourceTag: 'type:provider', onlyDependOnLibsWithTags: ['type:core', 'type:util'] },
            { sourceTag: 'type:catalog', onlyDependOnLibsWithTags: ['type:provider', 'type:core', 'type:util'] },
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'] },
          ],
        },
      ],
    },
  },
];

/**
 * Provider libraries add this to their own config (`[...baseConfig, ...providerLibConfig]`): provider
 * modules get decrypted credentials and return plain data (docs/architecture.md), so no database, queue
 * or Redis client. Per library, because ESLint matches `files` from the directory it runs in.
 */
export const providerLibConfig = [
  {
    files: ['**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: PROVIDER_FORBIDDEN_IMPORTS.map((name) => ({
            name,
            message: 'Provider modules are DB-free: no database, queue or Redis client (docs/architecture.md).',
          })),
          patterns: [{ group: ['pg/*', 'typeorm/*', 'bullmq/*'], message: 'Provider modules are DB-free.' }],
        },
      ],
    },
  },
];

/**
 * Every lib under libs/server/integrations adds this too: providers reach their APIs only through
 * core's ProviderHttp (timeout, no redirects, errors mapped, docs/security.md A10), so no `fetch` of their
 * own outside provider-http.ts. Tests and the testing kit call fixture servers directly.
 */
const NO_FETCH = 'Call the provider API through ProviderHttp (libs/server/integrations/core), not fetch.';
export const providerHttpOnlyConfig = [
  {
    files: ['**/*.ts'],
    ignores: ['**/provider-http.ts', '**/*.spec.ts', '**/testing/**'],
    rules: {
      'no-restricted-globals': ['error', { name: 'fetch', message: NO_FETCH }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name=/^(globalThis|global|self|window)$/][property.name='fetch']",
          message: NO_FETCH,
        },
      ],
    },
  },
];

/**
 * Server libraries and apps add this (`[...baseConfig, ...typeAwareConfig]`): rules that need the
 * types. A promise nobody awaits loses its error (an unhandled rejection kills the worker); awaiting a
 * non-promise hides a missing call. A deliberate fire-and-forget is written `void promise` with its
 * error handled, so it is visible in review.
 */
export const typeAwareConfig = [
  {
    files: ['**/*.ts'],
    // The shipped code; tests run under jest, which reports a rejection as the failure it is.
    ignores: ['**/*.spec.ts', '**/*.int-spec.ts', '**/testing/**'],
    languageOptions: { parserOptions: { projectService: true } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },
];
