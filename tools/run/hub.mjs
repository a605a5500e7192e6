#!/usr/bin/env node
// `npm run hub -- <command>` (and `npm run db:migrate`): the hub's CLI with PostgreSQL and Redis
// found or started and the api build current, so it works on a fresh clone.
import { mustRun, prepareServices, run } from './process.mjs';

async function main() {
  const { env } = await prepareServices();
  await mustRun('Building the api', 'npx', ['nx', 'build', 'api', '--output-style=static'], { env });
  process.exit(await run(process.execPath, ['dist/apps/api/cli.js', ...process.argv.slice(2)], { env }));
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
