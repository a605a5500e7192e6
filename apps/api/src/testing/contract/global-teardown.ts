import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ApiContract } from './api-contract';
import { CONTRACT_DIR_ENV } from './contract-ledger';

/** Set by `npm test` for the whole integration tier: every operation must then have been answered. */
export const REQUIRE_ALL_OPERATIONS_ENV = 'HUB_CONTRACT_REQUIRE_ALL';

/** Prints the contract tier's figures; with the whole tier run, an operation no test reached fails it. */
export default function contractGlobalTeardown(): void {
  const dir = process.env[CONTRACT_DIR_ENV];
  if (!dir) return;
  const file = join(dir, 'figures.jsonl');
  const lines = existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { answers: Record<string, number>; violations: number })
    : [];
  rmSync(dir, { recursive: true, force: true });
  const answered: Record<string, number> = {};
  for (const line of lines)
    for (const [operation, count] of Object.entries(line.answers))
      answered[operation] = (answered[operation] ?? 0) + count;
  const operations = new ApiContract().operations.map((op) => op.operationId);
  const uncovered = operations.filter((id) => !answered[id]);
  const total = Object.values(answered).reduce((sum, n) => sum + n, 0);
  const violations = lines.reduce((sum, line) => sum + line.violations, 0);
  if (!total && process.env[REQUIRE_ALL_OPERATIONS_ENV] !== '1') return;
  process.stderr.write(
    `\nAPI contract: ${operations.length - uncovered.length}/${operations.length} operations answered, ` +
      `${total} answers judged against openapi/api.json, ${violations} violations` +
      (uncovered.length ? `; not reached: ${uncovered.join(', ')}` : '') +
      '\n',
  );
  if (process.env[REQUIRE_ALL_OPERATIONS_ENV] === '1' && uncovered.length)
    throw new Error(`No integration test reached these operations: ${uncovered.join(', ')}`);
}
