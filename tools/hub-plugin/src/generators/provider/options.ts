import { getProjects, names, readJson, type Tree } from '@nx/devkit';
import { INTEGRATION_CATEGORIES, type IntegrationCategory } from '@hub/shared/contracts';
import type { ProviderGeneratorSchema } from './schema';

/** The manifest's id rule (libs/server/integrations/core/src/lib/validate-manifest.ts). */
export const PROVIDER_ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
export const MAX_ID_LENGTH = 40;
export const MAX_NAME_LENGTH = 50;
/**
 * Letters, digits, spaces and a little punctuation: the name goes into TypeScript strings, comments,
 * Markdown and SVG, and the manifest's description (at most 200 characters) is built from it.
 */
const PROVIDER_NAME = /^[\p{L}\p{N}][\p{L}\p{N} .,&+'’()!-]*$/u;

export const PROVIDER_LIBS = 'libs/server/integrations';
export const PROVIDER_MODULES_FILE = `${PROVIDER_LIBS}/all/src/lib/integration-provider-modules.ts`;
export const LOGOS = 'apps/web/public/providers';
export const SANDBOX_PROVIDERS = 'apps/sandbox/src/providers';

/** Everything the templates and the workspace edits need, derived from validated options. */
export interface ProviderOptions {
  readonly id: string;
  readonly name: string;
  readonly category: IntegrationCategory;
  /** `AcmeCrm`: `AcmeCrmProvider`, `AcmeCrmModule`. */
  readonly className: string;
  /** `acmeCrm`: `acmeCrmSandbox()`. */
  readonly propertyName: string;
  /** `ACME_CRM`: `ACME_CRM_MANIFEST`, the OAuth app key, `SANDBOX_ACME_CRM_ITEMS`. */
  readonly constantName: string;
  readonly libRoot: string;
  readonly projectName: string;
  readonly importPath: string;
  readonly logoPath: string;
  readonly sandboxRoot: string;
}

/** Options the generator refuses, every problem named. Nothing has been written when it is thrown. */
export class ProviderOptionsError extends Error {
  override readonly name = 'ProviderOptionsError';

  constructor(readonly problems: readonly string[]) {
    super(`Cannot generate the provider:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Validates the options against the rules and the workspace (the id must be free), or throws ProviderOptionsError. */
export function providerOptions(tree: Tree, schema: Partial<ProviderGeneratorSchema>): ProviderOptions {
  const problems: string[] = [];
  const id = typeof schema.id === 'string' ? schema.id.trim() : '';
  const name = typeof schema.name === 'string' ? schema.name.trim().replace(/\s+/g, ' ') : '';
  const category = typeof schema.category === 'string' ? schema.category.trim() : '';

  if (id === '') {
    problems.push('--id is required: a kebab-case id such as acme-crm');
  } else if (!PROVIDER_ID.test(id)) {
    problems.push(
      `--id "${id}" is not kebab-case: lower-case letters and digits in words joined by single hyphens, starting with a letter (e.g. acme-crm)`,
    );
  } else if (id.length > MAX_ID_LENGTH) {
    problems.push(`--id "${id}" is longer than ${MAX_ID_LENGTH} characters`);
  }

  if (name === '') {
    problems.push('--name is required: the name the card shows, e.g. "Acme CRM"');
  } else if (name.length > MAX_NAME_LENGTH) {
    problems.push(`--name is longer than ${MAX_NAME_LENGTH} characters`);
  } else if (!PROVIDER_NAME.test(name)) {
    problems.push(
      `--name "${name}" must start with a letter or digit and hold only letters, digits, spaces and . , & + ' ( ) ! -`,
    );
  }

  if (!(INTEGRATION_CATEGORIES as readonly string[]).includes(category)) {
    const near = INTEGRATION_CATEGORIES.find((c) => c.toLowerCase() === category.toLowerCase());
    problems.push(
      `--category ${category === '' ? 'is required' : `"${category}" is not a category`}${near ? ` (did you mean "${near}"?)` : ''}: one of ${INTEGRATION_CATEGORIES.map((c) => `"${c}"`).join(', ')}`,
    );
  }

  const derived = names(id);
  const options: ProviderOptions = {
    id,
    name,
    category: category as IntegrationCategory,
    className: derived.className,
    propertyName: derived.propertyName,
    constantName: derived.constantName,
    libRoot: `${PROVIDER_LIBS}/${id}`,
    projectName: `server-integrations-${id}`,
    importPath: `@hub/server/integrations/${id}`,
    logoPath: `${LOGOS}/${id}.svg`,
    sandboxRoot: `${SANDBOX_PROVIDERS}/${id}`,
  };
  // Whether a well-formed id is free is worth saying even when other options are wrong.
  if (PROVIDER_ID.test(id) && id.length <= MAX_ID_LENGTH) problems.push(...takenBy(tree, options));
  if (problems.length > 0) throw new ProviderOptionsError(problems);
  return options;
}

/** Why the id (or the class names derived from it) is already in use; empty when it is free. */
function takenBy(tree: Tree, options: ProviderOptions): string[] {
  const { id } = options;
  const taken: string[] = [];
  if (tree.exists(options.libRoot)) taken.push(`--id "${id}" is taken: ${options.libRoot} already exists`);
  if (tree.exists('tsconfig.base.json')) {
    const paths = readJson<{ compilerOptions?: { paths?: Record<string, unknown> } }>(tree, 'tsconfig.base.json')
      .compilerOptions?.paths;
    if (paths && options.importPath in paths) {
      taken.push(`--id "${id}" is taken: tsconfig.base.json already maps ${options.importPath}`);
    }
  }
  if (getProjects(tree).has(options.projectName)) {
    taken.push(`--id "${id}" is taken: a project is already named ${options.projectName}`);
  }
  if (tree.exists(options.logoPath)) taken.push(`--id "${id}" is taken: ${options.logoPath} already exists`);
  if (tree.exists(options.sandboxRoot)) taken.push(`--id "${id}" is taken: ${options.sandboxRoot} already exists`);
  const modules = tree.read(PROVIDER_MODULES_FILE, 'utf-8');
  if (modules && new RegExp(`\\b${options.className}Module\\b`).test(modules)) {
    taken.push(
      `--id "${id}" would name its module ${options.className}Module, which ${PROVIDER_MODULES_FILE} already lists`,
    );
  }
  return taken;
}

/** `'Bob\'s CRM'`: a single-quoted TypeScript string literal. */
export function tsString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export function xmlText(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
