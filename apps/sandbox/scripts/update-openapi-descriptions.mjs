#!/usr/bin/env node
/**
 * Refreshes the OpenAPI descriptions the fidelity tier holds the GitHub and Slack emulations to
 * (apps/sandbox/src/descriptions/<provider>.openapi.json), trimmed to the operations the hub's provider
 * modules call and every component those reference, without prose or examples:
 *
 * - GitHub: `generated/api.github.com.json` of GitHub's official description, as published in the
 *   `@octokit/openapi` npm package (MIT; fetched with `npm pack`, never installed: it is 385 MB).
 * - Slack: `web-api/slack_web_openapi_v2_without_examples.json` of slackapi/slack-api-specs (MIT),
 *   Swagger 2.0, last published 2021 (its known staleness is listed in slack-fidelity.int-spec.ts).
 *
 *   node apps/sandbox/scripts/update-openapi-descriptions.mjs                 fetch the published ones
 *   node apps/sandbox/scripts/update-openapi-descriptions.mjs github <file>   trim a local copy instead
 *
 * A provider module that starts calling another operation adds it to OPERATIONS below and reruns this.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const OCTOKIT_OPENAPI = '@octokit/openapi@23.0.2';
const SLACK_SPEC =
  'https://raw.githubusercontent.com/slackapi/slack-api-specs/master/web-api/slack_web_openapi_v2_without_examples.json';

/** The operations each provider module calls, as `<method> <path template>`. */
const OPERATIONS = {
  github: [
    'get /user',
    'get /user/orgs',
    'get /user/repos',
    'get /repos/{owner}/{repo}/issues',
    'delete /applications/{client_id}/grant',
  ],
  slack: ['get /auth.test', 'get /auth.revoke', 'get /conversations.list', 'get /conversations.history'],
};

const out = join(dirname(fileURLToPath(import.meta.url)), '../src/descriptions');
const [only, localFile] = process.argv.slice(2);

/** Prose and examples go; a property may be named `description` or `examples` itself (a repository's). */
function withoutProse(node, inProperties = false) {
  if (Array.isArray(node)) return node.map((item) => withoutProse(item));
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(
        ([key, value]) =>
          inProperties ||
          (!(['description', 'summary', 'title'].includes(key) && typeof value === 'string') &&
            !['example', 'examples', 'externalDocs', 'x-github', 'x-octokit', 'x-github-releases'].includes(key)),
      )
      .map(([key, value]) => [key, withoutProse(value, !inProperties && key === 'properties')]),
  );
}

/** Every local reference (`#/components/schemas/x`, `#/definitions/x`) reachable from `roots`. */
function reachable(document, roots) {
  const seen = new Set();
  const queue = [...roots];
  while (queue.length) {
    const node = queue.pop();
    if (Array.isArray(node)) queue.push(...node);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && typeof value === 'string' && value.startsWith('#/') && !seen.has(value)) {
          seen.add(value);
          queue.push(resolve(document, value));
        } else if (key !== 'examples' && key !== 'example') queue.push(value);
      }
    }
  }
  return seen;
}

function resolve(document, ref) {
  return ref
    .slice(2)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((node, part) => node?.[part], document);
}

function trim(provider, document) {
  const paths = {};
  for (const entry of OPERATIONS[provider]) {
    const [method, path] = entry.split(' ');
    const operation = document.paths[path]?.[method];
    if (!operation) throw new Error(`${provider}: the description has no ${entry}`);
    const { parameters } = document.paths[path];
    paths[path] = { ...paths[path], ...(parameters ? { parameters } : {}), [method]: operation };
  }
  const kept = { paths };
  for (const ref of reachable(document, [paths])) {
    const parts = ref.slice(2).split('/');
    let target = kept;
    for (const part of parts.slice(0, -1)) target = target[part] ??= {};
    target[parts.at(-1)] = resolve(document, ref);
  }
  const head = document.openapi
    ? { openapi: document.openapi, servers: document.servers }
    : { swagger: document.swagger, host: document.host, basePath: document.basePath };
  const { title, version, license } = document.info;
  return { info: { title, version, license }, ...withoutProse({ ...head, ...kept }) };
}

async function fetchDocument(provider) {
  if (localFile) return JSON.parse(readFileSync(localFile, 'utf8'));
  if (provider === 'slack') return (await fetch(SLACK_SPEC)).json();
  const dir = mkdtempSync(join(tmpdir(), 'octokit-openapi-'));
  try {
    const tarball = execFileSync('npm', ['pack', OCTOKIT_OPENAPI, '--silent'], { cwd: dir, encoding: 'utf8' }).trim();
    execFileSync('tar', ['-xzf', tarball, 'package/generated/api.github.com.json'], { cwd: dir });
    return JSON.parse(readFileSync(join(dir, 'package/generated/api.github.com.json'), 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

for (const provider of only ? [only] : Object.keys(OPERATIONS)) {
  const document = await fetchDocument(provider);
  const trimmed = trim(provider, document);
  writeFileSync(join(out, `${provider}.openapi.json`), `${JSON.stringify(trimmed)}\n`);
  console.log(
    `${provider}: ${document.info.title} ${document.info.version}, ${OPERATIONS[provider].length} operations`,
  );
}
