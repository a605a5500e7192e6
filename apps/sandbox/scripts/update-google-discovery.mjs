#!/usr/bin/env node
/**
 * Refreshes the Google discovery documents the fidelity tier holds the Google emulations to
 * (apps/sandbox/src/descriptions/google/*.json), trimmed to what it reads: the URLs, the standard
 * parameters, every method's path, parameters, request and response, and the schemas, without
 * descriptions. Source: Google's Discovery Service (Apache-2.0).
 *
 *   node apps/sandbox/scripts/update-google-discovery.mjs            fetch the current documents
 *   node apps/sandbox/scripts/update-google-discovery.mjs <dir>      trim the documents in <dir> instead
 */
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const APIS = ['drive.v3', 'gmail.v1', 'calendar.v3', 'analyticsadmin.v1beta', 'analyticsdata.v1beta'];
const out = join(dirname(fileURLToPath(import.meta.url)), '../src/descriptions/google');
const from = process.argv[2];

const PROSE = ['description', 'enumDescriptions', 'enumDeprecated', 'documentationLink'];

/** Drops descriptions (and other prose) everywhere, keeping what validation reads. */
function withoutProse(node) {
  if (Array.isArray(node)) return node.map(withoutProse);
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      // Prose is a string (or a list of them); a property may be named `description` too (Calendar's Event).
      .filter(
        ([key, value]) =>
          !(PROSE.includes(key) && (typeof value === 'string' || (Array.isArray(value) && key !== 'description'))),
      )
      .map(([key, value]) => [key, withoutProse(value)]),
  );
}

function methods(resources) {
  return Object.fromEntries(
    Object.entries(resources ?? {}).map(([name, resource]) => [
      name,
      {
        ...(resource.methods ? { methods: resource.methods } : {}),
        ...(resource.resources ? { resources: methods(resource.resources) } : {}),
      },
    ]),
  );
}

for (const api of APIS) {
  const [name, version] = api.split('.');
  const document = from
    ? JSON.parse(await readFile(join(from, `${api}.json`), 'utf8'))
    : await (await fetch(`https://www.googleapis.com/discovery/v1/apis/${name}/${version}/rest`)).json();
  const trimmed = withoutProse({
    name: document.name,
    version: document.version,
    revision: document.revision,
    rootUrl: document.rootUrl,
    servicePath: document.servicePath,
    parameters: document.parameters,
    resources: methods(document.resources),
    schemas: document.schemas,
  });
  await writeFile(join(out, `${api}.json`), `${JSON.stringify(trimmed)}\n`);
  console.log(`${api}: revision ${document.revision}`);
}
