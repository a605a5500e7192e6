import { AppConfig } from './app-config';
import { loadConfig } from './load-config';

/** A fixed key-encryption key for tests only (never accepted outside them by any deployment file). */
export const TEST_ENCRYPTION_KEYS = 'test:1nA/WA5ZI329pcsApzbOmz4QCPeoUcmoZdklrgd8FQA=';

/**
 * Configuration for integration tests: the test database and Redis that `npm test` found or
 * started (TEST_DATABASE_URL, TEST_REDIS_URL), with per-test overrides.
 */
export function testConfig(overrides: NodeJS.ProcessEnv = {}): AppConfig {
  const { TEST_DATABASE_URL, TEST_REDIS_URL } = process.env;
  if (!TEST_DATABASE_URL || !TEST_REDIS_URL) {
    throw new Error(
      'TEST_DATABASE_URL and TEST_REDIS_URL are not set: run integration tests through `npm test` (or `npm run test:integration`).',
    );
  }
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: TEST_DATABASE_URL,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: `hub-test-${process.pid}`,
    WEB_DIST_DIR: '/nonexistent',
    ENCRYPTION_KEYS: TEST_ENCRYPTION_KEYS,
    METRICS_PORT: '0',
    ...overrides,
  });
}
