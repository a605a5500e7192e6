import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const ROOT = join(__dirname, '../..');

/**
 * The document as a client author uses it: types generated with openapi-typescript from the
 * committed openapi/api.json (the same generator the web app uses), and a usage file written
 * against them with openapi-fetch, type-checked strictly (docs/adr/0014-openapi-contract.md).
 */
describe('a client generated from openapi/api.json', () => {
  const dir = join(ROOT, 'node_modules/.cache/hub-generated-client');
  let types = '';

  beforeAll(() => {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    types = execFileSync(
      process.execPath,
      [join(ROOT, 'libs/web/shared/api-types/scripts/generate-api-types.mjs'), '--stdout'],
      { encoding: 'utf8' },
    );
    writeFileSync(join(dir, 'api.ts'), types);
    copyFileSync(join(__dirname, 'generated-client/usage.ts'), join(dir, 'usage.ts'));
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function typeErrors(file: string): string[] {
    const program = ts.createProgram([join(dir, file)], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
      skipLibCheck: true,
    });
    return ts
      .getPreEmitDiagnostics(program)
      .map(
        (d) => `${d.file?.fileName.replace(dir, '') ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
      );
  }

  it('should compile the usage file with no type errors', () => {
    expect(typeErrors('usage.ts')).toEqual([]);
  });

  it('should fail to compile a usage that contradicts the document (the check can fail)', () => {
    writeFileSync(
      join(dir, 'wrong.ts'),
      `import type { components } from './api';
       export const message: components['schemas']['ConnectionDto']['statusMessage'] = 42;`,
    );
    expect(typeErrors('wrong.ts').join('\n')).toMatch(/Type 'number' is not assignable to type 'string'/);
  });

  it('should type no schema as Record<string, never>', () => {
    expect(types).toContain('ConnectionDto');
    const vague = types
      .split('\n')
      .filter((line) => line.includes('Record<string, never>') && !/^export type (webhooks|\$defs) =/.test(line));
    expect(vague).toEqual([]);
  });
});
