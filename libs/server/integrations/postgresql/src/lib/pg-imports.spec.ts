import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '../../../../../..');
/** Where customer credentials flow: providers, connections and the sync engine. */
const GUARDED = ['libs/server/integrations', 'libs/server/connections', 'libs/server/sync'];
const CONNECTOR = 'libs/server/integrations/postgresql/src/lib/safe-pg-connector.ts';
const IMPORTS_PG = /(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"](?:pg|pg-pool|pg-connection-string)(?:\/[^'"]*)?['"]/;

function* typescriptFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* typescriptFiles(path);
    else if (entry.name.endsWith('.ts')) yield path;
  }
}

// docs/security.md E3 (the ragflow#15608 pattern): a second way to a customer database would skip the
// address checks. The hub's own database code (libs/server/database, crypto, testing) is not guarded.
describe('the one PostgreSQL connector', () => {
  it('should be the only file of the integrations, connections and sync libraries that imports pg', () => {
    const importers = GUARDED.flatMap((dir) => [...typescriptFiles(join(ROOT, dir))])
      .filter((file) => IMPORTS_PG.test(readFileSync(file, 'utf8')))
      .map((file) => relative(ROOT, file));
    expect(importers).toEqual([CONNECTOR]);
  });
});
