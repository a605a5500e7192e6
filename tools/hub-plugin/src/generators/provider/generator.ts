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
import { SANDBOX_DEFAULT_FILES, withSandboxDefault } from './sandbox-defaults';
import { SANDBOX_EMULATIONS_INDEX, withSandboxEmulation } from './sandbox-emulations';
import type { ProviderGeneratorSchema } from './schema';

/**
 * `nx g @hub/plugin:provider --id=acme-crm --name="Acme CRM" --category=Communication`: a provider
 * lib shaped like libs/server/integrations/dub (coming soon, placeholder endpoints, working code
 * against its fixtures), its tsconfig path, its module in the catalog, a logo placeholder, a sandbox
 * emulation stub registered in the sandbox, and its id in the default SANDBOX_PROVIDERS (config and
 * .env.example). Nothing else
 * lists providers: the catalog's specs derive theirs. docs/adding-a-provider.md takes it from there.
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
  // The central lists first: a file this cannot edit stops the run before anything is written.
  const modules = tree.read(PROVIDER_MODULES_FILE, 'utf-8');
  if (modules === null) {
    throw new Error(`${PROVIDER_MODULES_FILE} was not found: the catalog lib is where every provider module is listed`);
  }
  const listed = withProviderModule(modules, {
    moduleName: `${options.className}Module`,
    importPath: options.importPath,
    category: options.category,
  });
  const sandboxDefaults = SANDBOX_DEFAULT_FILES.map((file) => {
    const source = tree.read(file, 'utf-8');
    if (source === null) throw new Error(`${file} was not found: it names the providers the sandbox serves by default`);
    return [file, withSandboxDefault(source, options.id, file)] as const;
  });
  const emulations = tree.read(SANDBOX_EMULATIONS_INDEX, 'utf-8');
  if (emulations === null) throw new Error(`${SANDBOX_EMULATIONS_INDEX} was not found: it registers every emulation`);
  const registered = withSandboxEmulation(emulations, {
    importName: `${options.propertyName}Emulation`,
    importPath: `./${options.id}`,
  });
  // `tsString` quotes the name for TypeScript; `tmpl` strips the `__tmpl__` suffix that keeps the
  // templates out of tsc, eslint, jest and prettier.
  const substitutions = { ...options, tsString, tmpl: '' };
  generateFiles(tree, joinPathFragments(__dirname, 'files', 'lib'), options.libRoot, substitutions);
  generateFiles(tree, joinPathFragments(__dirname, 'files', 'sandbox'), options.sandboxRoot, substitutions);
  tree.write(options.logoPath, placeholderLogo(options.id, options.name));
  addTsConfigPath(tree, options);
  tree.write(PROVIDER_MODULES_FILE, listed);
  for (const [file, source] of sandboxDefaults) tree.write(file, source);
  tree.write(SANDBOX_EMULATIONS_INDEX, registered);
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
    `  - npx jest -c libs/server/integrations/all/jest.config.cts   (catalog.spec.ts checks the catalog with ${options.id} in it)`,
    `  - make ${options.sandboxRoot}/index.ts emulate the real API (its dialect, paging and errors)`,
    '',
  ].join('\n');
}
