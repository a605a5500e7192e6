import { readJson, type Tree } from '@nx/devkit';
import { INTEGRATION_CATEGORIES } from '@hub/shared/contracts';
import providerGenerator, { generateProvider } from './generator';
import { initials } from './logo';
import { PROVIDER_MODULES_FILE, ProviderOptionsError } from './options';
import { withProviderModule } from './provider-modules';
import { SANDBOX_DEFAULT_FILES, withSandboxDefault } from './sandbox-defaults';
import { withSandboxEmulation } from './sandbox-emulations';
import { filesUnder, SEEDED_FILES, workspaceTree } from './testing/workspace-tree';

const ACME = { id: 'acme-crm', name: 'Acme CRM', category: 'Communication' };
const LIB = 'libs/server/integrations/acme-crm';

/** Every file of the tree as text, to prove a refused run changed nothing. */
function snapshot(tree: Tree): Record<string, string> {
  return Object.fromEntries(filesUnder(tree, '.').map((file) => [file, tree.read(file, 'utf-8') ?? '']));
}

function refusal(tree: Tree, options: Record<string, unknown>): string[] {
  try {
    generateProvider(tree, options);
  } catch (error) {
    if (error instanceof ProviderOptionsError) return [...error.problems];
    throw error;
  }
  throw new Error('expected the generator to refuse the options');
}

describe('nx g @hub/plugin:provider', () => {
  let tree: Tree;
  beforeEach(() => {
    tree = workspaceTree();
  });

  it('should create the lib as the Dub lib is laid out, the logo and the sandbox stub, and nothing else new', () => {
    const before = new Set(filesUnder(tree, '.'));
    generateProvider(tree, ACME);
    const created = filesUnder(tree, '.').filter((file) => !before.has(file));
    expect(created).toEqual(
      [
        `${LIB}/README.md`,
        `${LIB}/eslint.config.mjs`,
        `${LIB}/jest.config.cts`,
        `${LIB}/project.json`,
        `${LIB}/src/index.ts`,
        `${LIB}/src/lib/acme-crm-errors.ts`,
        `${LIB}/src/lib/acme-crm.conformance.spec.ts`,
        `${LIB}/src/lib/acme-crm.manifest.ts`,
        `${LIB}/src/lib/acme-crm.module.ts`,
        `${LIB}/src/lib/acme-crm.provider.spec.ts`,
        `${LIB}/src/lib/acme-crm.provider.ts`,
        ...[
          'error-401',
          'error-403',
          'error-404',
          'error-429',
          'error-500',
          'items-page-1',
          'items-page-2',
          'items-page-3',
          'me',
        ].map((name) => `${LIB}/src/lib/fixtures/${name}.json`),
        `${LIB}/tsconfig.json`,
        `${LIB}/tsconfig.lib.json`,
        `${LIB}/tsconfig.spec.json`,
        'apps/sandbox/src/providers/acme-crm/index.ts',
        'apps/web/public/providers/acme-crm.svg',
      ].sort(),
    );
  });

  it('should leave no template syntax, template suffix or TODO in what it writes', () => {
    generateProvider(tree, ACME);
    for (const file of [...filesUnder(tree, LIB), 'apps/sandbox/src/providers/acme-crm/index.ts']) {
      const text = tree.read(file, 'utf-8') ?? '';
      expect({ file, leftovers: /<%|%>|__tmpl__|__id__|\bTODO\b/.exec(text)?.[0] ?? null }).toEqual({
        file,
        leftovers: null,
      });
    }
  });

  it('should write a provider project tagged like the other providers, with its own jest config', () => {
    generateProvider(tree, ACME);
    expect(readJson(tree, `${LIB}/project.json`)).toEqual({
      name: 'server-integrations-acme-crm',
      $schema: '../../../../node_modules/nx/schemas/project-schema.json',
      sourceRoot: `${LIB}/src`,
      projectType: 'library',
      tags: ['scope:server', 'type:provider'],
      '// targets': 'to see all targets run: nx show project server-integrations-acme-crm --web',
      targets: {},
    });
    expect(tree.read(`${LIB}/jest.config.cts`, 'utf-8')).toContain("displayName: 'server-integrations-acme-crm'");
    expect(readJson(tree, `${LIB}/tsconfig.json`).extends).toBe('../../../../tsconfig.base.json');
  });

  it('should write a coming-soon OAuth manifest with PKCE, the chosen category and placeholder endpoints only', () => {
    generateProvider(tree, { ...ACME, category: 'Marketing' });
    const manifest = tree.read(`${LIB}/src/lib/acme-crm.manifest.ts`, 'utf-8') ?? '';
    expect(manifest).toContain('export const ACME_CRM_MANIFEST: ProviderManifest = {');
    expect(manifest).toContain("id: 'acme-crm',");
    expect(manifest).toContain("name: 'Acme CRM',");
    expect(manifest).toContain("category: 'Marketing',");
    expect(manifest).toContain("availability: 'coming-soon',");
    expect(manifest).toContain("kind: 'oauth2',");
    expect(manifest).toContain('pkce: { required: true },');
    expect(manifest).toContain("appKey: 'ACME_CRM',");
    expect(manifest).toContain("id: 'items',");
    const urls = manifest.match(/https:\/\/[^\s'`)]+/g) ?? [];
    expect(urls.length).toBeGreaterThan(4);
    expect(urls.filter((url) => new URL(url).hostname !== 'acme-crm.example')).toEqual([]);
  });

  it('should quote a name with an apostrophe and an ampersand safely in TypeScript and SVG', () => {
    generateProvider(tree, { ...ACME, name: "Bob's CRM & Co" });
    expect(tree.read(`${LIB}/src/lib/acme-crm.manifest.ts`, 'utf-8')).toContain("name: 'Bob\\'s CRM & Co',");
    const logo = tree.read('apps/web/public/providers/acme-crm.svg', 'utf-8');
    expect(logo).toContain('aria-label="Bob&apos;s CRM &amp; Co"');
    expect(logo).toContain('>BC</text>');
  });

  it('should map @hub/server/integrations/<id> in tsconfig.base.json, beside the other providers, changing nothing else', () => {
    const before = readJson(tree, 'tsconfig.base.json');
    generateProvider(tree, ACME);
    const after = readJson(tree, 'tsconfig.base.json');
    const keys = Object.keys(after.compilerOptions.paths);
    expect(after.compilerOptions.paths['@hub/server/integrations/acme-crm']).toEqual([`./${LIB}/src/index.ts`]);
    expect(keys.indexOf('@hub/server/integrations/acme-crm')).toBe(keys.indexOf('@hub/server/integrations/all') - 1);
    delete after.compilerOptions.paths['@hub/server/integrations/acme-crm'];
    expect(after).toEqual(before);
  });

  it('should list the module in the catalog, imported and in its category’s group', () => {
    const before = tree.read(PROVIDER_MODULES_FILE, 'utf-8') ?? '';
    generateProvider(tree, ACME);
    const after = tree.read(PROVIDER_MODULES_FILE, 'utf-8') ?? '';
    expect(after).toContain("import { AcmeCrmModule } from '@hub/server/integrations/acme-crm';");
    const communication = after.slice(after.indexOf('// Communication'), after.indexOf('// Microsoft 365'));
    expect(communication.match(/\w+Module/g)?.[0]).toBe('AcmeCrmModule');
    expect(after.split('\n').length).toBe(before.split('\n').length + 2);
  });

  it('should write a sandbox stub on the emulation kit, registered in the sandbox’s one list', () => {
    const registry = tree.read('apps/sandbox/src/providers/index.ts', 'utf-8') ?? '';
    generateProvider(tree, ACME);
    const stub = tree.read('apps/sandbox/src/providers/acme-crm/index.ts', 'utf-8') ?? '';
    expect(stub).toContain("import { ACME_CRM_MANIFEST } from '@hub/server/integrations/acme-crm';");
    expect(stub).toContain('export function acmeCrmSandbox(options: AcmeCrmSandboxOptions = {}): SandboxProvider {');
    expect(stub).toContain('export const acmeCrmEmulation = defineEmulation({');
    expect(stub).toContain("router.get('/items'");
    const after = tree.read('apps/sandbox/src/providers/index.ts', 'utf-8') ?? '';
    expect(after).toBe(withSandboxEmulation(registry, { importName: 'acmeCrmEmulation', importPath: './acme-crm' }));
    expect(after).not.toBe(registry);
  });

  it('should run as `nx g` runs it: formats, then names the next steps', async () => {
    const skip = process.env['NX_SKIP_FORMAT'];
    // Prettier is an ES module jest cannot import here; `nx g` formats for real (see the README).
    process.env['NX_SKIP_FORMAT'] = 'true';
    try {
      const callback = await providerGenerator(tree, ACME);
      expect(tree.exists(`${LIB}/src/lib/acme-crm.provider.ts`)).toBe(true);
      const info = jest.spyOn(console, 'info').mockImplementation(() => undefined);
      const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
      await callback();
      const printed = [...info.mock.calls, ...log.mock.calls].flat().join('\n');
      info.mockRestore();
      log.mockRestore();
      expect(printed).toContain('catalog.spec.ts');
      expect(printed).toContain('npx jest -c libs/server/integrations/acme-crm/jest.config.cts');
    } finally {
      if (skip === undefined) delete process.env['NX_SKIP_FORMAT'];
      else process.env['NX_SKIP_FORMAT'] = skip;
    }
  });

  describe('refuses, naming the problem and writing nothing', () => {
    it.each([
      ['AcmeCRM', /not kebab-case/],
      ['acme_crm', /not kebab-case/],
      ['1acme', /not kebab-case/],
      ['acme--crm', /not kebab-case/],
      ['acme-', /not kebab-case/],
      ['acme crm', /not kebab-case/],
      ['', /--id is required/],
      ['a'.repeat(41), /longer than 40/],
    ])('should refuse the id %j', (id, message) => {
      const before = snapshot(tree);
      expect(refusal(tree, { ...ACME, id })).toEqual([expect.stringMatching(message)]);
      expect(snapshot(tree)).toEqual(before);
    });

    it.each([
      [
        'an existing lib folder',
        'libs/server/integrations/acme-crm/src/index.ts',
        /libs\/server\/integrations\/acme-crm already exists/,
      ],
      ['an existing logo', 'apps/web/public/providers/acme-crm.svg', /acme-crm\.svg already exists/],
      [
        'an existing sandbox emulation',
        'apps/sandbox/src/providers/acme-crm/index.ts',
        /providers\/acme-crm already exists/,
      ],
    ])('should refuse an id taken by %s', (_what, path, message) => {
      tree.write(path, 'taken');
      const before = snapshot(tree);
      expect(refusal(tree, ACME)).toEqual([expect.stringMatching(message)]);
      expect(snapshot(tree)).toEqual(before);
    });

    it('should refuse an id already mapped in tsconfig.base.json, or taken by a project name', () => {
      const paths = readJson(tree, 'tsconfig.base.json').compilerOptions.paths;
      expect(refusal(tree, { ...ACME, id: 'dub' })).toContain(
        '--id "dub" is taken: tsconfig.base.json already maps @hub/server/integrations/dub',
      );
      expect(paths['@hub/server/integrations/dub']).toBeDefined();
      tree.write('elsewhere/project.json', JSON.stringify({ name: 'server-integrations-acme-crm', root: 'elsewhere' }));
      expect(refusal(tree, ACME)).toEqual([
        expect.stringMatching(/a project is already named server-integrations-acme-crm/),
      ]);
    });

    it('should refuse an id whose module class another provider already has (git-hub → GitHubModule)', () => {
      expect(refusal(tree, { ...ACME, id: 'git-hub' })).toEqual([expect.stringMatching(/GitHubModule/)]);
    });

    it.each([
      ['', /--name is required/],
      ['   ', /--name is required/],
      ['x'.repeat(51), /longer than 50/],
      ['Acme */ CRM', /must start with a letter or digit/],
      ['<script>', /must start with a letter or digit/],
    ])('should refuse the name %j', (name, message) => {
      expect(refusal(tree, { ...ACME, name })).toEqual([expect.stringMatching(message)]);
    });

    it('should refuse a category that is not one of INTEGRATION_CATEGORIES, listing them (and a near miss)', () => {
      const [problem] = refusal(tree, { ...ACME, category: 'CRM' });
      for (const category of INTEGRATION_CATEGORIES) expect(problem).toContain(`"${category}"`);
      expect(refusal(tree, { ...ACME, category: 'communication' })).toEqual([
        expect.stringContaining('(did you mean "Communication"?)'),
      ]);
      expect(refusal(tree, { ...ACME, category: undefined })).toEqual([
        expect.stringContaining('--category is required'),
      ]);
    });

    it('should name every problem at once', () => {
      expect(refusal(tree, { id: 'Bad Id', name: '', category: 'Other' })).toHaveLength(3);
      tree.write('apps/web/public/providers/acme-crm.svg', 'taken');
      expect(refusal(tree, { ...ACME, category: 'CRM' })).toEqual([
        expect.stringContaining('--category "CRM"'),
        expect.stringContaining('acme-crm.svg already exists'),
      ]);
    });
  });

  it('should stop before writing anything when the catalog list is not one it can edit', () => {
    tree.write(PROVIDER_MODULES_FILE, 'export const INTEGRATION_PROVIDER_MODULES = [];\n');
    const before = snapshot(tree);
    expect(() => generateProvider(tree, ACME)).toThrow(/Add the import and the entry by hand/);
    expect(snapshot(tree)).toEqual(before);
    tree.delete(PROVIDER_MODULES_FILE);
    expect(() => generateProvider(tree, ACME)).toThrow(/integration-provider-modules.ts was not found/);
    expect(tree.exists(LIB)).toBe(false);
  });

  it('should add the id to the default SANDBOX_PROVIDERS of the config and .env.example, changing nothing else', () => {
    const before = SANDBOX_DEFAULT_FILES.map((file) => tree.read(file, 'utf-8') ?? '');
    generateProvider(tree, ACME);
    SANDBOX_DEFAULT_FILES.forEach((file, index) => {
      const after = tree.read(file, 'utf-8') ?? '';
      expect(after).toMatch(/SANDBOX_PROVIDERS\s*=\s*'?[a-z0-9,-]*,acme-crm'?;?$/m);
      expect(after.replace(',acme-crm', '')).toBe(before[index]);
    });
  });

  it('should stop before writing anything when a default SANDBOX_PROVIDERS is not one it can edit', () => {
    tree.write('.env.example', 'NODE_ENV=development\n');
    const before = snapshot(tree);
    expect(() => generateProvider(tree, ACME)).toThrow(/\.env\.example names no default SANDBOX_PROVIDERS/);
    expect(snapshot(tree)).toEqual(before);
  });

  it('should seed its tree from the real workspace files it edits', () => {
    for (const file of SEEDED_FILES) expect(tree.exists(file)).toBe(true);
  });
});

describe('withProviderModule', () => {
  const LIST = [
    "import type { Type } from '@nestjs/common';",
    "import { DubModule } from '@hub/server/integrations/dub';",
    "import { SlackModule } from '@hub/server/integrations/slack';",
    '',
    'export const INTEGRATION_PROVIDER_MODULES: readonly Type<unknown>[] = [',
    '  // Communication',
    '  SlackModule,',
    '  // Marketing',
    '  DubModule,',
    '];',
    '',
  ].join('\n');

  it('should add a group for a category that has none, in INTEGRATION_CATEGORIES order', () => {
    const result = withProviderModule(LIST, {
      moduleName: 'AcmeDbModule',
      importPath: '@hub/server/integrations/acme-db',
      category: 'Databases',
    });
    expect(result).toBe(
      [
        "import type { Type } from '@nestjs/common';",
        "import { AcmeDbModule } from '@hub/server/integrations/acme-db';",
        "import { DubModule } from '@hub/server/integrations/dub';",
        "import { SlackModule } from '@hub/server/integrations/slack';",
        '',
        'export const INTEGRATION_PROVIDER_MODULES: readonly Type<unknown>[] = [',
        '  // Databases',
        '  AcmeDbModule,',
        '  // Communication',
        '  SlackModule,',
        '  // Marketing',
        '  DubModule,',
        '];',
        '',
      ].join('\n'),
    );
  });

  it('should append a group for the last category, and a module after the last of its group', () => {
    const analytics = withProviderModule(LIST, {
      moduleName: 'ZedModule',
      importPath: '@hub/server/integrations/zed',
      category: 'Analytics',
    });
    expect(analytics).toContain('  DubModule,\n  // Analytics\n  ZedModule,\n];');
    expect(analytics).toContain("import { SlackModule } from '@hub/server/integrations/slack';\nimport { ZedModule }");
    const communication = withProviderModule(LIST, {
      moduleName: 'TeamsModule',
      importPath: '@hub/server/integrations/teams',
      category: 'Communication',
    });
    expect(communication).toContain('  SlackModule,\n  TeamsModule,\n  // Marketing');
  });

  it('should refuse a file it does not understand instead of guessing', () => {
    const entry = { moduleName: 'AModule', importPath: '@hub/server/integrations/a', category: 'Marketing' } as const;
    expect(() => withProviderModule('export const X = 1;\n', entry)).toThrow(/imports no @hub\/server\/integrations/);
    expect(() => withProviderModule(LIST.replace('= [', '= Object.freeze(['), entry)).toThrow(
      /INTEGRATION_PROVIDER_MODULES = \[ … \]; was not found/,
    );
    expect(() => withProviderModule(LIST.replace('  SlackModule,', '  ...OTHER_MODULES,'), entry)).toThrow(/line 7/);
  });
});

describe('withSandboxDefault', () => {
  it('should append the id to the list in either file, once', () => {
    const config = "  @Matches(/x/)\n  SANDBOX_PROVIDERS = 'dub,slack';\n";
    expect(withSandboxDefault(config, 'acme', 'environment.ts')).toBe(
      "  @Matches(/x/)\n  SANDBOX_PROVIDERS = 'dub,slack,acme';\n",
    );
    expect(withSandboxDefault('A=1\nSANDBOX_PROVIDERS=dub\nB=2\n', 'acme', '.env.example')).toBe(
      'A=1\nSANDBOX_PROVIDERS=dub,acme\nB=2\n',
    );
    expect(withSandboxDefault('SANDBOX_PROVIDERS=dub,acme\n', 'acme', '.env.example')).toBe(
      'SANDBOX_PROVIDERS=dub,acme\n',
    );
  });

  it('should refuse a file without the list instead of guessing', () => {
    expect(() => withSandboxDefault('# SANDBOX_PROVIDERS is gone\n', 'acme', '.env.example')).toThrow(/by hand/);
  });
});

describe('the placeholder logo', () => {
  it.each([
    ['Acme CRM', 'AC'],
    ['Dub', 'DU'],
    ['365 mail', '3M'],
    ['(Bob) & co', 'BC'],
  ])('should show the initials of %j as %s', (name, expected) => {
    expect(initials(name)).toBe(expected);
  });
});
