import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Answer, ApiContract } from './api-contract';

/**
 * What the contract tier saw in one test file: answers judged per operation and the violations not
 * yet reported. Kept on globalThis so the recorder (inside the app) and the jest hooks share it.
 */
interface Ledger {
  contract?: ApiContract;
  answers: Record<string, number>;
  pending: string[];
  violations: number;
}

const KEY = Symbol.for('hub.api-contract.ledger');
const ledger: Ledger = ((globalThis as Record<symbol, Ledger>)[KEY] ??= { answers: {}, pending: [], violations: 0 });

export function judgeAnswer(answer: Answer): void {
  let verdict;
  try {
    ledger.contract ??= new ApiContract();
    verdict = ledger.contract.judge(answer);
  } catch (error) {
    // Called from the response's 'finish' event: a throw here would escape the test.
    verdict = {
      operationId: null,
      violations: [`${answer.method} ${answer.path}: the judge failed: ${String(error)}`],
    };
  }
  const operation = verdict.operationId ?? '(no operation)';
  ledger.answers[operation] = (ledger.answers[operation] ?? 0) + 1;
  ledger.pending.push(...verdict.violations);
  ledger.violations += verdict.violations.length;
}

/** The violations since the last call: the jest hooks fail the test that received them. */
export function takeViolations(): string[] {
  return ledger.pending.splice(0);
}

/** The directory the tier's figures are gathered in (set by the integration tier's global setup). */
export const CONTRACT_DIR_ENV = 'HUB_CONTRACT_DIR';

/** Appends this file's figures for the global teardown to add up. */
export function recordFigures(testFile: string): void {
  const dir = process.env[CONTRACT_DIR_ENV];
  if (!dir || !Object.keys(ledger.answers).length) return;
  mkdirSync(dir, { recursive: true });
  const line = { testFile, answers: ledger.answers, violations: ledger.violations };
  appendFileSync(join(dir, 'figures.jsonl'), `${JSON.stringify(line)}\n`);
  ledger.answers = {};
  ledger.violations = 0;
}
