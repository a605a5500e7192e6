import nx from '@nx/eslint-plugin';
import baseConfig from '../../eslint.config.mjs';

/**
 * The lint of every web project (apps/web and libs/web/**): Angular's rules for code and templates,
 * selectors prefixed `hub`. Each project's eslint.config.mjs re-exports it, because ESLint matches
 * `files` from the directory of the config it found.
 */
export default [
  ...nx.configs['flat/angular'],
  ...nx.configs['flat/angular-template'],
  ...baseConfig,
  {
    files: ['**/*.ts'],
    rules: {
      '@angular-eslint/directive-selector': ['error', { type: 'attribute', prefix: 'hub', style: 'camelCase' }],
      '@angular-eslint/component-selector': ['error', { type: 'element', prefix: 'hub', style: 'kebab-case' }],
    },
  },
];
