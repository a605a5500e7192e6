#!/usr/bin/env node
// node tools/services/cli.mjs up [--json] | down [postgres|redis ...] | status [--json]   [--root DIR]
//
// Reads DATABASE_URL and REDIS_URL from the environment. Talks to people on stderr; with --json,
// `up` and `status` print one JSON line on stdout for scripts. Exit code 0 when fine, 1 otherwise.

import path from 'node:path';
import {
  DEFAULT_PROJECT_ROOT,
  ServicesError,
  ensureServices,
  redact,
  servicesStatus,
  stopServices,
} from './services.mjs';

const USAGE = `Usage: node tools/services/cli.mjs <command> [options]

Commands:
  up        find PostgreSQL and Redis, or start them here; create the role and databases
  down      stop what "up" started (never anything else); "down redis" stops only Redis
  status    say what answers and what "up" started

Options:
  --json          also print the result as one JSON line on stdout (up, status)
  --root DIR      project root holding .data/ (default: $HUB_PROJECT_ROOT or the repository)
  --only a,b      same as naming services after "down": postgres, redis

Environment:
  DATABASE_URL    default postgres://hub:***@127.0.0.1:5432/hub
  REDIS_URL       default redis://127.0.0.1:6379/0`;

function parseArgs(argv) {
  const o = { command: null, json: false, root: null, only: [], help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') o.json = true;
    else if (a === '-h' || a === '--help' || a === 'help') o.help = true;
    else if (a === '--root') o.root = argv[++i];
    else if (a.startsWith('--root=')) o.root = a.slice('--root='.length);
    else if (a === '--only') o.only.push(...String(argv[++i] ?? '').split(','));
    else if (a.startsWith('--only=')) o.only.push(...a.slice('--only='.length).split(','));
    else if (a.startsWith('-')) throw new ServicesError(`Unknown option ${a}.\n\n${USAGE}`);
    else if (!o.command) o.command = a;
    else o.only.push(a);
  }
  o.only = o.only.map((s) => s.trim()).filter(Boolean);
  if (o.root === undefined || o.root === '') throw new ServicesError('--root needs a folder.');
  return o;
}

const env = (name) => (process.env[name] ? process.env[name] : undefined);
const log = (msg) => process.stderr.write(`${msg}\n`);

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (o.help || !o.command) {
    log(USAGE);
    return o.help ? 0 : 1;
  }
  const projectRoot = path.resolve(o.root ?? env('HUB_PROJECT_ROOT') ?? DEFAULT_PROJECT_ROOT);
  const urls = { databaseUrl: env('DATABASE_URL'), redisUrl: env('REDIS_URL') };

  switch (o.command) {
    case 'up': {
      if (o.only.length) throw new ServicesError('"up" always ensures both PostgreSQL and Redis.');
      const result = await ensureServices({ ...urls, projectRoot, log });
      log(
        result.started.length
          ? `Ready. Started: ${result.started.join(', ')} (stop them with: node tools/services/cli.mjs down).`
          : 'Ready. Nothing needed starting.',
      );
      if (o.json) process.stdout.write(JSON.stringify(result) + '\n');
      return 0;
    }
    case 'down': {
      const stopped = await stopServices({
        projectRoot,
        only: o.only.length ? o.only : undefined, // no names: both
        log,
      });
      log(stopped.length ? `Stopped: ${stopped.join(', ')}.` : 'Nothing was stopped.');
      if (o.json) process.stdout.write(JSON.stringify({ stopped }) + '\n');
      return 0;
    }
    case 'status': {
      const s = await servicesStatus({ ...urls, projectRoot });
      for (const [name, label] of [
        ['postgres', 'PostgreSQL'],
        ['redis', 'Redis'],
      ]) {
        const x = s[name];
        const mine = x.startedByScript;
        const by = mine
          ? mine.kind === 'docker'
            ? '; its docker container was started by this script'
            : `; started by this script (pid ${mine.pid}, ${mine.running ? 'running' : 'not running'})`
          : '';
        log(`${label}: ${x.url} ${x.answering ? 'answers' : `is not usable (${x.detail})`}${by}.`);
      }
      const ok = s.postgres.answering && s.redis.answering;
      if (!ok) log('Run "node tools/services/cli.mjs up" to start what is missing.');
      if (o.json) process.stdout.write(JSON.stringify(s) + '\n');
      return ok ? 0 : 1;
    }
    default:
      throw new ServicesError(`Unknown command "${o.command}".\n\n${USAGE}`);
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    if (e instanceof ServicesError) log(redact(e.message));
    else log(redact(`Unexpected error: ${e?.stack ?? e}`));
    process.exit(1);
  },
);
