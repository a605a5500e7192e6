// Jest reporter that records how many tests passed and failed, so `npm test` can print one total
// line across every tier. One file per jest project, named after it, in tmp/test-counts: Nx declares
// that file as the test task's output, so a result replayed from Nx's cache brings its counts back.
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

class CountReporter {
  onRunComplete(contexts, results) {
    const dir = process.env.HUB_TEST_COUNTS_DIR ?? join(__dirname, '../../tmp/test-counts');
    const project = [...contexts][0]?.config.displayName?.name ?? 'tests';
    mkdirSync(dir, { recursive: true });
    // A suite that fails to load (syntax error, missing module) has no test results: count it as a failure.
    const brokenSuites = results.testResults.filter((s) => s.testExecError && s.numFailingTests === 0).length;
    writeFileSync(
      join(dir, `jest-${project}.json`),
      JSON.stringify({
        passed: results.numPassedTests,
        failed: results.numFailedTests + brokenSuites,
        skipped: results.numPendingTests + results.numTodoTests,
      }),
    );
  }
}

module.exports = CountReporter;
