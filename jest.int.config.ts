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
  // The contract tier: every answer the api gives these tests is judged against openapi/api.json.
  setupFilesAfterEnv: ['<rootDir>/apps/api/src/testing/contract/jest-setup.ts'],
  globalSetup: '<rootDir>/apps/api/src/testing/contract/global-setup.ts',
  globalTeardown: '<rootDir>/apps/api/src/testing/contract/global-teardown.ts',
  maxWorkers: 1,
};

export default config;
