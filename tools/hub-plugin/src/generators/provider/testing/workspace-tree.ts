import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Tree, workspaceRoot } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { PROVIDER_MODULES_FILE } from '../options';
import { SANDBOX_DEFAULT_FILES } from '../sandbox-defaults';

/** The real files the generator reads or edits, copied into a virtual tree. */
export const SEEDED_FILES = [
  'tsconfig.base.json',
  '.prettierrc',
  PROVIDER_MODULES_FILE,
  'apps/sandbox/src/providers/index.ts',
  ...SANDBOX_DEFAULT_FILES,
] as const;

/**
 * A virtual workspace holding today's versions of the files the generator edits (nothing else of the
 * real tree: existing providers are seeded by the tests that need them). Writes stay in memory.
 */
export function workspaceTree(): Tree {
  const tree = createTreeWithEmptyWorkspace();
  // The empty workspace names oxfmt as its formatter; this one uses prettier.
  tree.delete('.oxfmtrc.json');
  for (const file of SEEDED_FILES) tree.write(file, readFileSync(join(workspaceRoot, file), 'utf-8'));
  return tree;
}

/** The paths of the files under `folder` in the tree, sorted. */
export function filesUnder(tree: Tree, folder: string): string[] {
  const files: string[] = [];
  const visit = (path: string) => {
    if (tree.isFile(path)) files.push(path);
    else for (const child of tree.children(path)) visit(path === '' ? child : `${path}/${child}`);
  };
  visit(folder === '.' ? '' : folder);
  return files.sort();
}
