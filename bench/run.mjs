// `npm run bench` runs P1, P2 and P3 one after another; `npm run bench -- p2` (or several names) runs
// those only; `p1-parts` is the P1 diagnosis. Each prints its own table. The exit code is non-zero only
// when a benchmark failed to run, never for a missed target.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BENCHES = {
  p1: 'bench/p1-sync-ingest.ts',
  p2: 'bench/p2-refresh-storm.ts',
  p3: 'bench/p3-api-throughput.ts',
  'p1-parts': 'bench/p1-parts.ts',
};
const DEFAULT = ['p1', 'p2', 'p3'];

const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !(name in BENCHES));
if (unknown.length) {
  console.error(`Unknown benchmark ${unknown.join(', ')}; choose from ${Object.keys(BENCHES).join(', ')}.`);
  process.exit(2);
}
// The benchmarks start the built apps: build what changed first (Nx reuses the rest).
const build = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '-p', 'api,worker,sandbox', '--output-style=static'], {
  cwd: ROOT,
  stdio: ['ignore', 'ignore', 'inherit'],
  env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
});
const missing = ['api', 'worker', 'sandbox'].filter((app) => !existsSync(join(ROOT, 'dist/apps', app, 'main.js')));
if (build.status !== 0 || missing.length) {
  console.error(`The build of api, worker and sandbox failed (missing: ${missing.join(', ') || 'none'}).`);
  process.exit(2);
}

let failed = 0;
for (const name of asked.length ? asked : DEFAULT) {
  console.log(`\n=== ${name} (${BENCHES[name]}) ===`);
  // TypeScript straight from source, with the workspace's path aliases (@hub/...).
  const result = spawnSync(process.execPath, ['-r', '@swc-node/register', BENCHES[name]], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, SWC_NODE_PROJECT: 'tsconfig.base.json' },
  });
  if (result.status !== 0) {
    console.error(`${name} did not complete (exit ${result.status ?? result.signal}).`);
    failed++;
  }
}
process.exit(failed ? 1 : 0);
