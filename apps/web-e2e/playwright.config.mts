import { defineConfig, devices } from '@playwright/test';
import { nxE2EPreset } from '@nx/playwright/preset';
import { workspaceRoot } from '@nx/devkit';
import { join } from 'node:path';

// The whole product, as `npm start` runs it, on ports of its own so a running hub is not disturbed.
const PORT = process.env['E2E_PORT'] ?? '4310';
// The same fixed test key as libs/server/config's testConfig (a web-e2e project may not import server code).
const TEST_ENCRYPTION_KEYS = 'test:1nA/WA5ZI329pcsApzbOmz4QCPeoUcmoZdklrgd8FQA=';
const baseURL = `http://127.0.0.1:${PORT}`;
const countsDir = process.env['HUB_TEST_COUNTS_DIR'];

export default defineConfig({
  ...nxE2EPreset(import.meta.dirname, { testDir: './src' }),
  outputDir: join(workspaceRoot, 'tmp/web-e2e/test-output'),
  reporter: [['list'], ...(countsDir ? [['json', { outputFile: join(countsDir, 'playwright.json') }] as const] : [])],
  retries: 0,
  use: { baseURL, trace: 'retain-on-failure', screenshot: 'only-on-failure' },
  webServer: {
    command: 'node tools/run/start.mjs',
    url: `${baseURL}/api/health/ready`,
    cwd: workspaceRoot,
    reuseExistingServer: false,
    // Building api, worker, sandbox and web from cold can take minutes on a busy 2-core machine.
    timeout: 480_000,
    // The test database, Redis and key (never a developer's own data), in development mode so the demo
    // workspace is seeded to sign in with.
    env: {
      PORT,
      WORKER_HEALTH_PORT: String(Number(PORT) + 1),
      PUBLIC_URL: baseURL,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'development',
      ...(process.env['TEST_DATABASE_URL'] ? { DATABASE_URL: process.env['TEST_DATABASE_URL'] } : {}),
      ...(process.env['TEST_REDIS_URL'] ? { REDIS_URL: process.env['TEST_REDIS_URL'] } : {}),
      ENCRYPTION_KEYS: TEST_ENCRYPTION_KEYS,
      SANDBOX_PORT: String(Number(PORT) + 2),
      METRICS_PORT: String(Number(PORT) + 3),
    },
    gracefulShutdown: { signal: 'SIGTERM', timeout: 20_000 },
  },
  projects: [
    // Signs the demo person in once; the browser tests start from that session.
    { name: 'setup', testMatch: /.*\.setup\.ts$/ },
    {
      name: 'chromium',
      dependencies: ['setup'],
      use: {
        ...devices['Desktop Chrome'],
        storageState: join(workspaceRoot, 'tmp/web-e2e/.auth/demo.json'),
        // Debian's chromium; we never download a browser.
        launchOptions: {
          executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
          args: [
            '--headless',
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
          ],
        },
      },
    },
  ],
});
