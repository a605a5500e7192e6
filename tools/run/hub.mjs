#!/usr/bin/env node
// `npm run hub -- <command>` (and `npm run db:migrate`): the hub's CLI with PostgreSQL and Redis
// found or started and the api build current, so it works on a fresh clone.
import { mustRun, prepareServices, run } from './process.mjs';

async function main() {
  const args = process.argv.slice(2);
  // `keys generate` makes a key for you to place; generating one into .env first would be confusing.
  const { env } = await prepareServices({ developmentKey: !(args[0] === 'keys' && args[1] === 'generate') });
  await mustRun('Building the api', 'npx', ['nx', 'build', 'api', '--output-style=static'], { env });
  process.exit(await run(process.execPath, ['dist/apps/api/cli.js', ...args], { env }));
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
