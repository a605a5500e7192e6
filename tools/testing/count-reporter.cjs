// Jest reporter that records how many tests passed and failed, so `npm test` can print one total
// line across every tier. Writes nothing unless HUB_TEST_COUNTS_DIR is set.
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

class CountReporter {
  constructor(globalConfig) {
    this.globalConfig = globalConfig;
  }

  onRunComplete(_contexts, results) {
    const dir = process.env.HUB_TEST_COUNTS_DIR;
    if (!dir) return;
    mkdirSync(dir, { recursive: true });
    const name = `jest-${process.pid}-${Date.now()}.json`;
    // A suite that fails to load (syntax error, missing module) has no test results: count it as a failure.
    const brokenSuites = results.testResults.filter((s) => s.testExecError && s.numFailingTests === 0).length;
    writeFileSync(
      join(dir, name),
      JSON.stringify({
        passed: results.numPassedTests,
        failed: results.numFailedTests + brokenSuites,
        skipped: results.numPendingTests + results.numTodoTests,
      }),
    );
  }
}

module.exports = CountReporter;
