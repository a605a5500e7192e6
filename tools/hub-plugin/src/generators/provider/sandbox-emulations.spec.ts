import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceRoot } from '@nx/devkit';
import { SANDBOX_EMULATIONS_INDEX, withSandboxEmulation } from './sandbox-emulations';

const INDEX = `import type { EmulationOptions } from '../lib/emulation';
import { dubEmulation } from './dub';
import { slackEmulation } from './slack';

/** Every emulated provider. */
export const SANDBOX_PROVIDERS = [
  dubEmulation,
  slackEmulation,
] as const;

export type SandboxProviderOptions = EmulationOptions<(typeof SANDBOX_PROVIDERS)[number]>;
`;
const ACME = { importName: 'acmeCrmEmulation', importPath: './acme-crm' };

describe('withSandboxEmulation', () => {
  it('should import the emulation after the other imports and list it last', () => {
    expect(withSandboxEmulation(INDEX, ACME)).toBe(`import type { EmulationOptions } from '../lib/emulation';
import { dubEmulation } from './dub';
import { slackEmulation } from './slack';
import { acmeCrmEmulation } from './acme-crm';

/** Every emulated provider. */
export const SANDBOX_PROVIDERS = [
  dubEmulation,
  slackEmulation,
  acmeCrmEmulation,
] as const;

export type SandboxProviderOptions = EmulationOptions<(typeof SANDBOX_PROVIDERS)[number]>;
`);
  });

  it('should change nothing the second time, and add only the half that is missing', () => {
    const once = withSandboxEmulation(INDEX, ACME);
    expect(withSandboxEmulation(once, ACME)).toBe(once);
    const importOnly = INDEX.replace(
      "import { slackEmulation } from './slack';",
      "import { slackEmulation } from './slack';\nimport { acmeCrmEmulation } from './acme-crm';",
    );
    expect(withSandboxEmulation(importOnly, ACME)).toBe(once);
    const entryOnly = INDEX.replace('  slackEmulation,', '  slackEmulation,\n  acmeCrmEmulation,');
    expect(withSandboxEmulation(entryOnly, ACME)).toBe(once);
  });

  it('should add a trailing comma to a last entry written without one', () => {
    const noComma = INDEX.replace('  slackEmulation,\n]', '  slackEmulation\n]');
    expect(withSandboxEmulation(noComma, ACME)).toBe(withSandboxEmulation(INDEX, ACME));
  });

  it('should refuse a file whose shape it does not recognise', () => {
    expect(() => withSandboxEmulation(INDEX.replace(' as const', ''), ACME)).toThrow(/by hand/);
    expect(() => withSandboxEmulation('export const SANDBOX_PROVIDERS = [\n] as const;\n', ACME)).toThrow(
      SANDBOX_EMULATIONS_INDEX,
    );
  });

  it('should recognise the sandbox’s own index', () => {
    const index = readFileSync(join(workspaceRoot, SANDBOX_EMULATIONS_INDEX), 'utf-8');
    const edited = withSandboxEmulation(index, ACME);
    expect(edited).toContain("import { acmeCrmEmulation } from './acme-crm';");
    expect(edited).toMatch(/ {2}acmeCrmEmulation,\n\] as const;/);
    expect(edited.split('\n')).toHaveLength(index.split('\n').length + 2);
  });
});
