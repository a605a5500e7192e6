#!/usr/bin/env node
/**
 * Generates the web's API types from openapi/api.json (openapi-typescript) into
 * src/lib/api.types.ts, formatted with the repo's prettier config so the file is stable.
 *
 *   node libs/web/shared/api-types/scripts/generate-api-types.mjs           write the file
 *   node libs/web/shared/api-types/scripts/generate-api-types.mjs --stdout  print it (the spec compares)
 */
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import * as prettier from 'prettier';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../../../..');
const specPath = resolve(root, 'openapi/api.json');
const outPath = resolve(here, '../src/lib/api.types.ts');

const HEADER = `/**
 * GENERATED from openapi/api.json by libs/web/shared/api-types/scripts/generate-api-types.mjs.
 * Do not edit: run \`npx nx run web-shared-api-types:generate-api-types\` (api.types.spec.ts
 * fails when this file and the spec disagree).
 */
/* eslint-disable */
`;

async function generate() {
  const spec = JSON.parse(await readFile(specPath, 'utf8'));
  const ast = await openapiTS(spec);
  const source = HEADER + astToString(ast);
  const config = (await prettier.resolveConfig(outPath)) ?? {};
  return prettier.format(source, { ...config, filepath: outPath });
}

const output = await generate();
if (process.argv.includes('--stdout')) {
  process.stdout.write(output);
} else {
  await writeFile(outPath, output);
  console.log(`wrote ${outPath}`);
}
