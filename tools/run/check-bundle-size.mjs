#!/usr/bin/env node
// The web app's initial JavaScript budget, measured the way people download it: gzipped. Angular's
// budgets count raw bytes, so this reads the production build's index.html, gzips every script it
// loads up front (<script src> and <link rel="modulepreload">), prints the total and fails above it.
//
//   node tools/run/check-bundle-size.mjs [dist/apps/web/browser] [--budget-kb=250]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { 'budget-kb': { type: 'string', default: '250' } },
});
const dir = positionals[0] ?? 'dist/apps/web/browser';
const budgetBytes = Number(values['budget-kb']) * 1000;

const html = readFileSync(join(dir, 'index.html'), 'utf8');
const initialScripts = [
  ...html.matchAll(/<script\b[^>]*\bsrc="([^"]+\.js)"/g),
  ...html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+\.js)"/g),
].map((match) => match[1]);
const files = [...new Set(initialScripts)];
if (files.length === 0) {
  console.error(`No initial scripts found in ${join(dir, 'index.html')}: build the web app first.`);
  process.exit(2);
}

const kb = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
let raw = 0;
let gzipped = 0;
for (const file of files) {
  const content = readFileSync(join(dir, file));
  const size = gzipSync(content, { level: 9 }).length;
  raw += content.length;
  gzipped += size;
  console.log(`  ${file.padEnd(28)} ${kb(content.length).padStart(10)} raw ${kb(size).padStart(10)} gzipped`);
}
const verdict = gzipped <= budgetBytes ? 'within' : 'OVER';
console.log(`Initial JavaScript: ${kb(gzipped)} gzipped (${kb(raw)} raw), ${verdict} the ${kb(budgetBytes)} budget.`);
process.exit(gzipped <= budgetBytes ? 0 : 1);
