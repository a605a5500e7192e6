import { createProjectGraphAsync } from '@nx/devkit';
import { execFile } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(__dirname, '../..');

/**
 * Lints a snippet as though it were a file at `path`, with the workspace's real ESLint config,
 * through the eslint CLI (its ESM config cannot load inside jest's module sandbox).
 */
function boundaryErrors(path: string, code: string): Promise<string[]> {
  return lintErrors(root, path, code, '@nx/enforce-module-boundaries');
}

/** The messages of one rule for a snippet linted as `path`, with the config ESLint finds from `cwd` (as `nx lint` runs it). */
function lintErrors(cwd: string, path: string, code: string, rule: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [require.resolve('eslint/bin/eslint.js'), '--stdin', '--stdin-filename', path, '--format', 'json'],
      { cwd, maxBuffer: 10_000_000 },
      (error, stdout) => {
        try {
          const [result] = JSON.parse(stdout) as { messages: { ruleId: string; message: string }[] }[];
          resolve((result?.messages ?? []).filter((m) => m.ruleId === rule).map((m) => m.message));
        } catch {
          reject(error ?? new Error(`eslint printed no JSON: ${stdout}`));
        }
      },
    );
    child.stdin?.end(code);
  });
}

describe('module boundaries (lint)', () => {
  beforeAll(async () => {
    // The rule reads the cached project graph; make sure it exists and is current.
    await createProjectGraphAsync({ exitOnError: false });
  });

  it('should fail web code that imports server code', async () => {
    const errors = await boundaryErrors(
      'apps/web/src/app/leak.ts',
      "import { loadConfig } from '@hub/server/config';\nexport const leak = loadConfig;\n",
    );
    expect(errors).toEqual([
      expect.stringContaining(
        'A project tagged with "scope:web" can only depend on libs tagged with "scope:web", "scope:shared"',
      ),
    ]);
  });

  it('should fail server code that imports web code', async () => {
    const errors = await boundaryErrors(
      'apps/api/src/leak.ts',
      "import { INTEGRATIONS_ROUTES } from '@hub/web/integrations/feature';\nexport const leak = INTEGRATIONS_ROUTES;\n",
    );
    expect(errors).toEqual([
      expect.stringContaining('"scope:server" can only depend on libs tagged with "scope:server", "scope:shared"'),
    ]);
  });

  it('should let both sides import the shared contracts', async () => {
    const code = "export * from '@hub/shared/contracts';\n";
    expect(await boundaryErrors('apps/web/src/app/ok.ts', code)).toEqual([]);
    expect(await boundaryErrors('apps/api/src/ok.ts', code)).toEqual([]);
  });

  it('should let data access and the presentational components both take the API types', async () => {
    const code = "export type * from '@hub/web/shared/api-types';\n";
    expect(await boundaryErrors('libs/web/integrations/data-access/src/lib/ok.ts', code)).toEqual([]);
    expect(await boundaryErrors('libs/web/integrations/ui/src/lib/ok.ts', code)).toEqual([]);
  });

  it('should keep utility libs from depending on data access', async () => {
    const errors = await boundaryErrors(
      'libs/server/testing/src/lib/leak.ts',
      "import { RedisModule } from '@hub/server/redis';\nexport const leak = RedisModule;\n",
    );
    expect(errors).toEqual([expect.stringContaining('"type:util" can only depend on libs tagged with "type:util"')]);
  });
});

describe('provider libraries (lint)', () => {
  // A real file: the libs' type-aware rules only parse files their tsconfig holds, which a --stdin
  // name is not.
  const inLib = async (lib: string, code: string) => {
    const dir = join(root, 'libs/server/integrations', lib);
    const file = join(dir, 'src/lib', `planted-leak-${process.pid}.ts`);
    writeFileSync(file, code);
    try {
      return await lintErrors(dir, relative(dir, file), code, 'no-restricted-imports');
    } finally {
      rmSync(file, { force: true });
    }
  };

  it.each([
    ['slack', 'typeorm', "import { DataSource } from 'typeorm';\nexport const leak = DataSource;\n"],
    ['google-drive', 'ioredis', "import Redis from 'ioredis';\nexport const leak = Redis;\n"],
    ['github', 'bullmq', "import { Queue } from 'bullmq';\nexport const leak = Queue;\n"],
    ['postgresql', 'ioredis', "import Redis from 'ioredis';\nexport const leak = Redis;\n"],
  ])('should keep the %s provider DB-free: importing %s fails lint', async (lib, name, code) => {
    expect(await inLib(lib, code)).toEqual([expect.stringContaining(`'${name}' import is restricted`)]);
  });

  it('should let a provider import the provider core', async () => {
    expect(await inLib('slack', "export * from '@hub/server/integrations/core';\n")).toEqual([]);
  });
});
