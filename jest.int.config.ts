import type { Config } from 'jest';

/**
 * The integration tier: every `*.int-spec.ts` in the workspace, against real PostgreSQL and Redis
 * (TEST_DATABASE_URL / TEST_REDIS_URL, set by `npm test`). One file at a time: they share servers.
 */
const config: Config = {
  displayName: 'integration',
  preset: './jest.preset.js',
  rootDir: '.',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/{apps,libs,tools}/**/*.int-spec.ts'],
  transform: { '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }] },
  moduleFileExtensions: ['ts', 'js', 'html'],
  testTimeout: 60_000,
  maxWorkers: 1,
};

export default config;
