import { afterAll, afterEach, expect } from '@jest/globals';
import { recordFigures, takeViolations } from './contract-ledger';

/**
 * The contract tier inside the integration tier: a test whose requests got answers the OpenAPI
 * document does not describe fails, with each violation named.
 */
function failOnViolations(): void {
  const violations = takeViolations();
  if (violations.length) throw new Error(`The API answered outside openapi/api.json:\n  ${violations.join('\n  ')}`);
}

afterEach(failOnViolations);
afterAll(() => {
  try {
    failOnViolations();
  } finally {
    recordFigures(expect.getState().testPath ?? 'unknown');
  }
});
