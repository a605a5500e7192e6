import { createProjectGraphAsync } from '@nx/devkit';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(__dirname, '../..');

/** ESLint's JSON result for files, run from `cwd` with the config it finds there (as `nx lint` runs it). */
function lint(cwd: string, files: string[]): Promise<{ filePath: string; messages: { ruleId: string }[] }[]> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [require.resolve('eslint/bin/eslint.js'), '--format', 'json', ...files],
      { cwd, maxBuffer: 10_000_000 },
      (error, stdout) => {
        try {
          resolve(JSON.parse(stdout));
        } catch {
          reject(error ?? new Error(`eslint printed no JSON: ${stdout}`));
        }
      },
    );
  });
}

describe('import cycles (lint)', () => {
  const lib = join(root, 'libs/server/connections');
  let planted: string;

  beforeAll(async () => {
    // The boundaries rule in the same config reads the cached project graph (else it warns on stdout).
    await createProjectGraphAsync({ exitOnError: false });
    // Real files: a cycle is between modules on disk, which --stdin cannot show.
    planted = mkdtempSync(join(lib, 'src/lib/planted-cycle-'));
    writeFileSync(
      join(planted, 'tokens.ts'),
      "import { leases } from './leases';\nexport const tokens = () => leases();\n",
    );
    writeFileSync(
      join(planted, 'leases.ts'),
      "import { tokens } from './tokens';\nexport const leases = () => tokens;\n",
    );
    // A type-only import back is no cycle at run time: nothing is loaded for it.
    writeFileSync(
      join(planted, 'typed.ts'),
      "import type { tokens } from './tokens';\nexport type Tokens = typeof tokens;\n",
    );
  });

  afterAll(() => rmSync(planted, { recursive: true, force: true }));

  it('should fail a lib whose modules import each other, naming both', async () => {
    const results = await lint(lib, [relative(lib, planted)]);
    const cyclic = results
      .filter((r) => r.messages.some((m) => m.ruleId === 'import-x/no-cycle'))
      .map((r) => relative(planted, r.filePath))
      .sort();
    expect(cyclic).toEqual(['leases.ts', 'tokens.ts']);
  });
});
