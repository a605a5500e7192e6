/** The sandbox's one registration list: every emulation, in `SANDBOX_PROVIDERS`. */
export const SANDBOX_EMULATIONS_INDEX = 'apps/sandbox/src/providers/index.ts';

const REGISTRY = /^export const SANDBOX_PROVIDERS = \[\n([\s\S]*?)\n?\] as const;$/m;
const IMPORT = /^import [^;]*? from '[^']+';$/gm;

/**
 * `indexSource` (the sandbox's `providers/index.ts`) with the emulation `importName` imported from
 * `importPath` and listed last in `SANDBOX_PROVIDERS`. Unchanged when both are there already; a
 * missing half is added. Throws when the file no longer has the shape it edits, so the generator
 * says so instead of writing a broken registry.
 */
export function withSandboxEmulation(
  indexSource: string,
  emulation: { importName: string; importPath: string },
): string {
  const { importName, importPath } = emulation;
  const registry = REGISTRY.exec(indexSource);
  const imports = [...indexSource.matchAll(IMPORT)];
  if (!registry || imports.length === 0) {
    throw new Error(
      `${SANDBOX_EMULATIONS_INDEX} is not in the shape the generator edits (imports, then ` +
        '`export const SANDBOX_PROVIDERS = [ … ] as const;`): register the emulation there by hand',
    );
  }
  const entries = registry[1]
    .split('\n')
    .map((line) => line.trim().replace(/,$/, ''))
    .filter(Boolean);
  const importLine = `import { ${importName} } from '${importPath}';`;

  let source = indexSource;
  if (!entries.includes(importName)) {
    const list = [...entries, importName].map((entry) => `  ${entry},`).join('\n');
    source = source.replace(REGISTRY, `export const SANDBOX_PROVIDERS = [\n${list}\n] as const;`);
  }
  if (!imports.some(([line]) => line === importLine)) {
    const last = imports[imports.length - 1];
    const end = (last.index ?? 0) + last[0].length;
    source = `${source.slice(0, end)}\n${importLine}${source.slice(end)}`;
  }
  return source;
}
