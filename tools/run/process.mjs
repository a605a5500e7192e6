// Small helpers shared by start.mjs and test.mjs: run commands, wait for ports and URLs.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { ensureServices } from '../services/services.mjs';

export const ROOT = resolve(import.meta.dirname, '../..');

/** Environment for Nx: no daemon, no cloud, no TUI, no analytics prompts. */
export const NX_ENV = { NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', NG_CLI_ANALYTICS: 'false' };

/** `.env` values for anything the real environment does not set (the real environment wins). */
export function loadDotEnv() {
  const file = resolve(ROOT, '.env');
  if (existsSync(file)) process.loadEnvFile(file);
}

/**
 * Reads `.env`, finds or starts PostgreSQL and Redis for the configured (or default) URLs, and
 * returns what to use plus an environment for child processes pointing at them.
 */
export async function prepareServices() {
  loadDotEnv();
  const services = await ensureServices({
    databaseUrl: process.env.DATABASE_URL,
    redisUrl: process.env.REDIS_URL,
    projectRoot: ROOT,
  });
  const env = { ...process.env, ...NX_ENV, DATABASE_URL: services.databaseUrl, REDIS_URL: services.redisUrl };
  return { services, env };
}

/** Runs a command to completion with inherited output; resolves with its exit code. */
export function run(command, args, { env = process.env, cwd = ROOT } = {}) {
  return new Promise((resolveExit) => {
    const child = spawn(command, args, { cwd, env, stdio: 'inherit' });
    child.on('error', (error) => {
      console.error(`Could not run ${command}: ${error.message}`);
      resolveExit(127);
    });
    child.on('exit', (code, signal) => resolveExit(code ?? (signal ? 128 : 1)));
  });
}

/** Like run(), but throws a readable error when the command fails. */
export async function mustRun(description, command, args, options) {
  const code = await run(command, args, options);
  if (code !== 0) throw new Error(`${description} failed (exit code ${code}).`);
}

/** True when nothing listens on host:port. */
export function portIsFree(port, host = '127.0.0.1') {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen(port, host, () => server.close(() => done(true)));
  });
}

/** Polls a URL until it answers 200, the child exits, or the timeout passes. */
export async function waitForHttp(url, { timeoutMs = 60_000, child } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) return false;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return true;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}
