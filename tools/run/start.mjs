#!/usr/bin/env node
// `npm start` and `npm run dev`: find or start PostgreSQL and Redis, apply migrations, build what is
// stale, run api + worker (and in dev the Angular dev server), and say where to go.
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { loadDotEnv, mustRun, portIsFree, prepareServices, ROOT, waitForHttp } from './process.mjs';

const { values: flags } = parseArgs({ options: { dev: { type: 'boolean', default: false } } });

async function main() {
  loadDotEnv();
  const port = Number(process.env.PORT ?? 3000);
  const workerPort = Number(process.env.WORKER_HEALTH_PORT ?? 3001);
  const metricsPort = Number(process.env.METRICS_PORT ?? 9464);
  // In development the provider sandbox stands in for the providers it emulates (SANDBOX=off to skip it).
  const development = (process.env.NODE_ENV ?? 'development') === 'development';
  const sandbox = development && process.env.SANDBOX !== 'off' && !process.env.SANDBOX_URL;
  const sandboxPort = Number(process.env.SANDBOX_PORT ?? 3900);
  for (const [name, p] of [
    ['PORT', port],
    ['WORKER_HEALTH_PORT', workerPort],
    ...(metricsPort > 0 ? [['METRICS_PORT', metricsPort]] : []),
    ...(flags.dev ? [['web dev server', 4200]] : []),
    ...(sandbox ? [['SANDBOX_PORT', sandboxPort]] : []),
  ]) {
    if (!(await portIsFree(p))) {
      throw new Error(
        `Port ${p} (${name}) is already in use — is the hub already running? Stop it, or choose another port: ` +
          `PORT=3100 WORKER_HEALTH_PORT=3101 METRICS_PORT=9465 npm start`,
      );
    }
  }

  const { env: servicesEnv } = await prepareServices({ developmentKey: true });
  const publicUrl = (process.env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
  const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
  const env = {
    ...servicesEnv,
    LOG_FORMAT: process.env.LOG_FORMAT ?? 'pretty',
    ...(sandbox
      ? { SANDBOX_URL: sandboxUrl, SANDBOX_PORT: String(sandboxPort), SANDBOX_REDIRECT_BASES: publicUrl }
      : {}),
  };

  const projects = [flags.dev ? 'api,worker' : 'api,worker,web', ...(sandbox ? ['sandbox'] : [])].join(',');
  console.error(`\nBuilding ${projects} (Nx reuses what has not changed)…`);
  await mustRun('The build', 'npx', ['nx', 'run-many', '-t', 'build', '-p', projects, '--output-style=static'], {
    env,
  });
  await mustRun('Database migration', process.execPath, ['dist/apps/api/cli.js', 'migrate'], { env });
  if (development)
    await mustRun('Seeding the demo account', process.execPath, ['dist/apps/api/cli.js', 'seed-demo'], { env });

  if (sandbox) {
    const sandboxChild = spawnChild('sandbox', process.execPath, ['dist/apps/sandbox/main.js'], env);
    if (!(await waitForHttp(`${sandboxUrl}/_sandbox/stats`, { timeoutMs: 30_000, child: sandboxChild }))) {
      console.error('\nThe provider sandbox did not start; its log above says why.');
      return stopAll(1);
    }
  }
  let apiChild;
  if (flags.dev) {
    apiChild = spawnChild(
      'nx',
      'npx',
      ['nx', 'run-many', '-t', 'serve', '-p', 'api,worker,web', '--output-style=stream'],
      env,
    );
  } else {
    apiChild = spawnChild('api', process.execPath, ['dist/apps/api/main.js'], env);
    spawnChild('worker', process.execPath, ['dist/apps/worker/main.js'], env);
  }
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => void stopAll(0));

  const apiUrl = `http://localhost:${port}`;
  const ready = await waitForHttp(`${apiUrl}/api/health/ready`, {
    timeoutMs: flags.dev ? 180_000 : 60_000,
    child: apiChild,
  });
  if (!ready) {
    console.error('\nThe api did not become ready; its log above says why.');
    return stopAll(1);
  }
  const webUrl = flags.dev ? 'http://localhost:4200' : apiUrl;
  // The sandbox's index names what it emulates.
  const emulated = sandbox
    ? await fetch(sandboxUrl)
        .then((response) => response.json())
        .then((index) => index.providers.map((provider) => provider.name).join(', '))
        .catch(() => 'the emulated providers')
    : '';
  console.error(
    [
      '',
      `  Integrations Hub is running.`,
      `    App:       ${webUrl}/settings/integrations`,
      `    API docs:  ${apiUrl}/api/docs`,
      `    Health:    ${apiUrl}/api/health/ready`,
      ...(development ? [`    Sign in:   demo@example.com / hub-demo-password (development only)`] : []),
      ...(sandbox
        ? [
            `    Sandbox:   ${sandboxUrl} stands in for ${emulated}`,
            `               (SANDBOX=off npm start to use the real services)`,
          ]
        : []),
      `  Press Ctrl+C to stop. (PostgreSQL and Redis keep running: \`npm run services:down\` stops the ones the hub started.)`,
      '',
    ].join('\n'),
  );
}

/** api, worker (or the Nx dev servers): if one dies, the others are stopped too. */
const children = [];
let stopping = false;

function spawnChild(name, command, args, env) {
  // Its own process group, so stopping reaches every process under it (npx → nx → executors).
  const child = spawn(command, args, { cwd: ROOT, env, stdio: 'inherit', detached: true });
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`\n${name} exited (${signal ?? `code ${code}`}); stopping.`);
    void stopAll(code || 1);
  });
  children.push(child);
  return child;
}

async function stopAll(exitCode) {
  stopping = true;
  const running = children.filter((c) => c.exitCode === null && c.signalCode === null);
  for (const child of running) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      child.kill('SIGTERM');
    }
  }
  await Promise.all(running.map((c) => new Promise((r) => c.once('exit', r))));
  process.exit(exitCode);
}

main().catch((error) => {
  console.error(`\n${error.message}`);
  process.exit(1);
});
