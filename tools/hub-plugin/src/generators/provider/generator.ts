import {
  formatFiles,
  generateFiles,
  type GeneratorCallback,
  joinPathFragments,
  logger,
  type Tree,
  updateJson,
} from '@nx/devkit';
import { placeholderLogo } from './logo';
import { PROVIDER_MODULES_FILE, type ProviderOptions, providerOptions, tsString } from './options';
import { withProviderModule } from './provider-modules';
import type { ProviderGeneratorSchema } from './schema';

/**
 * `nx g @hub/plugin:provider --id=acme-crm --name="Acme CRM" --category=Communication`: a provider
 * lib shaped like libs/server/integrations/dub (coming soon, placeholder endpoints, working code
 * against its fixtures), its tsconfig path, its module in the catalog, a logo placeholder and an
 * unregistered sandbox emulation stub. docs/adding-a-provider.md takes it from there.
 */
export default async function providerGenerator(
  tree: Tree,
  schema: ProviderGeneratorSchema,
): Promise<GeneratorCallback> {
  const options = generateProvider(tree, schema);
  await formatFiles(tree);
  return () => logger.info(nextSteps(options));
}

/**
 * Every change of the generator but the formatting, synchronously (tests write the result to disk
 * and load its specs while jest collects tests). Validates first: a refused option writes nothing.
 */
export function generateProvider(tree: Tree, schema: Partial<ProviderGeneratorSchema>): ProviderOptions {
  const options = providerOptions(tree, schema);
  // The catalog list first: a file this cannot edit stops the run before anything is written.
  const modules = tree.read(PROVIDER_MODULES_FILE, 'utf-8');
  if (modules === null) {
    throw new Error(`${PROVIDER_MODULES_FILE} was not found: the catalog lib is where every provider module is listed`);
  }
  const listed = withProviderModule(modules, {
    moduleName: `${options.className}Module`,
    importPath: options.importPath,
    category: options.category,
  });
  // `tsString` quotes the name for TypeScript; `tmpl` strips the `__tmpl__` suffix that keeps the
  // templates out of tsc, eslint, jest and prettier.
  const substitutions = { ...options, tsString, tmpl: '' };
  generateFiles(tree, joinPathFragments(__dirname, 'files', 'lib'), options.libRoot, substitutions);
  generateFiles(tree, joinPathFragments(__dirname, 'files', 'sandbox'), options.sandboxRoot, substitutions);
  tree.write(options.logoPath, placeholderLogo(options.id, options.name));
  addTsConfigPath(tree, options);
  tree.write(PROVIDER_MODULES_FILE, listed);
  return options;
}

/** `@hub/server/integrations/<id>` next to the other providers' paths (before `…/all` when it is there). */
function addTsConfigPath(tree: Tree, options: ProviderOptions): void {
  updateJson(tree, 'tsconfig.base.json', (json: { compilerOptions?: { paths?: Record<string, string[]> } }) => {
    const compilerOptions = (json.compilerOptions ??= {});
    const paths = compilerOptions.paths ?? {};
    const entries = Object.entries(paths);
    const at = entries.findIndex(([key]) => key === '@hub/server/integrations/all');
    const added: [string, string[]] = [options.importPath, [`./${options.libRoot}/src/index.ts`]];
    if (at < 0) entries.push(added);
    else entries.splice(at, 0, added);
    compilerOptions.paths = Object.fromEntries(entries);
    return json;
  });
}

function nextSteps(options: ProviderOptions): string {
  return [
    '',
    `${options.name} is in the catalog as coming soon. Next (docs/adding-a-provider.md):`,
    `  - npx jest -c ${options.libRoot}/jest.config.cts   (the generated provider against its fixtures)`,
    `  - replace the placeholder endpoints in ${options.libRoot}/src/lib/${options.id}.manifest.ts with the real API's`,
    `  - add '${options.id}' to libs/server/integrations/all/src/lib/catalog.spec.ts, which pins the catalog (EXPECTED, the count, the app keys)`,
    `  - register ${options.sandboxRoot}/index.ts in apps/sandbox/src/providers/index.ts when it emulates the real API`,
    '',
  ].join('\n');
}
