#!/usr/bin/env node
// `npm test`: every tier — lint, unit, integration (real PostgreSQL and Redis), browser — then one
// line `N passed, N failed` over every test that ran. Exits non-zero if any tier failed.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { stopServices } from '../services/services.mjs';
import { ensureChromium } from './chromium.mjs';
import { prepareServices, ROOT, run } from './process.mjs';

const TIERS = ['lint', 'unit', 'integration', 'e2e'];
const { values: flags } = parseArgs({ options: { only: { type: 'string', multiple: true } } });
const selected = flags.only?.length ? flags.only : TIERS;

async function main() {
  const countsDir = join(ROOT, 'tmp', 'test-counts');
  rmSync(countsDir, { recursive: true, force: true });
  mkdirSync(countsDir, { recursive: true });

  const { services, env: servicesEnv } = await prepareServices();
  const env = {
    ...servicesEnv,
    NODE_ENV: 'test',
    HUB_TEST_COUNTS_DIR: countsDir,
    TEST_DATABASE_URL: services.testDatabaseUrl,
    TEST_REDIS_URL: services.testRedisUrl,
    // The browser tier runs the whole product against the test database.
    DATABASE_URL: services.testDatabaseUrl,
    REDIS_URL: services.testRedisUrl,
  };
  const nx = (...args) => run('npx', ['nx', ...args, '--output-style=static'], { env });

  const outcomes = [];
  try {
    for (const tier of selected) {
      console.error(`\n━━ ${tier} ━━`);
      const started = Date.now();
      const failedBefore = countTests(countsDir).failed;
      const code = await {
        lint: async () => (await run('npx', ['nx', 'format:check'], { env })) || nx('run-many', '-t', 'lint'),
        unit: () => nx('run-many', '-t', 'test'),
        integration: async () =>
          (await nx('run-many', '-t', 'build', '-p', 'api,worker,sandbox')) ||
          // The whole tier: the contract check then also needs every API operation answered by some test.
          run('npx', ['jest', '-c', 'jest.int.config.ts', '--runInBand'], {
            env: { ...env, HUB_CONTRACT_REQUIRE_ALL: '1' },
          }),
        e2e: async () => {
          await ensureChromium();
          return nx('e2e', 'web-e2e', '--skip-nx-cache');
        },
      }[tier]();
      const failedTests = countTests(countsDir).failed - failedBefore;
      outcomes.push({ tier, ok: code === 0, failedTests, seconds: ((Date.now() - started) / 1000).toFixed(1) });
    }
  } finally {
    const stopped = await stopServices({ projectRoot: ROOT, only: services.started });
    if (stopped?.length) console.error(`Stopped what this run started: ${stopped.join(', ')}`);
  }

  const totals = countTests(countsDir);
  console.error('\n━━ summary ━━');
  for (const o of outcomes) console.error(`  ${o.ok ? 'ok  ' : 'FAIL'} ${o.tier.padEnd(12)} ${o.seconds}s`);
  // A tier that failed without a failing test (lint, a build error) counts as one failure.
  const failed = totals.failed + outcomes.filter((o) => !o.ok && o.failedTests === 0).length;
  console.log(`${totals.passed} passed, ${failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
  process.exit(failed > 0 || outcomes.some((o) => !o.ok) ? 1 : 0);
}

/** Adds up the jest reporter's files and Playwright's JSON report. */
function countTests(dir) {
  const totals = { passed: 0, failed: 0, skipped: 0 };
  for (const file of readdirSync(dir)) {
    const data = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    if (file.startsWith('jest-')) {
      totals.passed += data.passed;
      totals.failed += data.failed;
      totals.skipped += data.skipped;
    } else if (file === 'playwright.json' && data.stats) {
      totals.passed += data.stats.expected + data.stats.flaky;
      totals.failed += data.stats.unexpected;
      totals.skipped += data.stats.skipped;
    }
  }
  return totals;
}

main().catch((error) => {
  console.error(`\n${error.message}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
