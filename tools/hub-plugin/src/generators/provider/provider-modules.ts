import { INTEGRATION_CATEGORIES, type IntegrationCategory } from '@hub/shared/contracts';

export interface ModuleEntry {
  /** `AcmeCrmModule`. */
  readonly moduleName: string;
  /** `@hub/server/integrations/acme-crm`. */
  readonly importPath: string;
  readonly category: IntegrationCategory;
}

const IMPORT = /^import \{ (\w+) \} from '(@hub\/server\/integrations\/[a-z0-9-]+)';$/;
const LIST_START = /^export const INTEGRATION_PROVIDER_MODULES\b.*= \[$/;
const GROUP = /^ {2}\/\/ (.+)$/;
const ENTRY = /^ {2}(\w+),$/;

/**
 * `integration-provider-modules.ts` with one more provider module: its import among the provider
 * imports (by path), and the module in its category's group of `INTEGRATION_PROVIDER_MODULES` (by
 * class name), or in a new `// <category>` group placed in INTEGRATION_CATEGORIES order. Throws when
 * the file no longer has the shape this expects, rather than guessing.
 */
export function withProviderModule(source: string, entry: ModuleEntry): string {
  const lines = source.split('\n');
  const fail = (why: string) =>
    new Error(
      `Cannot add ${entry.moduleName} to the provider module list: ${why}. Add the import and the entry by hand.`,
    );

  const imports = lines.flatMap((line, index) => {
    const match = IMPORT.exec(line);
    return match ? [{ index, path: match[2] }] : [];
  });
  if (imports.length === 0) throw fail('it imports no @hub/server/integrations/* module');

  const start = lines.findIndex((line) => LIST_START.test(line));
  const end = start < 0 ? -1 : lines.findIndex((line, index) => index > start && line === '];');
  if (start < 0 || end < 0) throw fail('INTEGRATION_PROVIDER_MODULES = [ … ]; was not found');

  const groups: { category: string; header: number; entries: { index: number; name: string }[] }[] = [];
  for (let index = start + 1; index < end; index++) {
    const group = GROUP.exec(lines[index]);
    const item = ENTRY.exec(lines[index]);
    if (group) groups.push({ category: group[1].trim(), header: index, entries: [] });
    else if (item && groups.length > 0) groups[groups.length - 1].entries.push({ index, name: item[1] });
    else if (lines[index].trim() !== '')
      throw fail(`line ${index + 1} is neither a "// <category>" comment nor "Module,"`);
  }

  // The entry first: it sits below the imports, so inserting it leaves their line numbers as they are.
  const entryLine = `  ${entry.moduleName},`;
  const group = groups.find((g) => g.category === entry.category);
  if (group) {
    const next = group.entries.find((e) => e.name.localeCompare(entry.moduleName) > 0);
    const last = group.entries.length > 0 ? group.entries[group.entries.length - 1].index : group.header;
    lines.splice(next ? next.index : last + 1, 0, entryLine);
  } else {
    const rank = (category: string) => INTEGRATION_CATEGORIES.indexOf(category as IntegrationCategory);
    const later = groups.find((g) => rank(g.category) > rank(entry.category));
    lines.splice(later ? later.header : end, 0, `  // ${entry.category}`, entryLine);
  }

  const before = imports.find((i) => i.path.localeCompare(entry.importPath) > 0);
  lines.splice(
    before ? before.index : imports[imports.length - 1].index + 1,
    0,
    `import { ${entry.moduleName} } from '${entry.importPath}';`,
  );
  return lines.join('\n');
}
