import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../../../..');

/** Path of a built app's entry; the integration tier builds api, worker and sandbox first. */
export function builtApp(app: 'api' | 'worker' | 'sandbox', entry = 'main.js'): string {
  const path = join(ROOT, 'dist/apps', app, entry);
  if (!existsSync(path))
    throw new Error(`${path} is missing: build first (\`npx nx build ${app}\`), or run through \`npm test\`.`);
  return path;
}

export interface Exited {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * Starts a built app as a real process, in an empty working directory (so no project `.env` is
 * read) with exactly the environment given.
 */
export function startProcess(
  path: string,
  env: Record<string, string | undefined>,
): { child: ChildProcess; exited: Promise<Exited> } {
  const started = Date.now();
  const child = spawn(process.execPath, [path], {
    cwd: mkdtempSync(join(tmpdir(), 'hub-proc-')),
    // METRICS_PORT 0: parallel test processes must not all bind the metrics port.
    env: { PATH: process.env['PATH'], METRICS_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => (stdout += d));
  child.stderr?.on('data', (d) => (stderr += d));
  const exited = new Promise<Exited>((done) =>
    child.on('exit', (code, signal) => done({ code, signal, stdout, stderr, ms: Date.now() - started })),
  );
  return { child, exited };
}

/** Polls a URL until it answers 200 or the deadline passes. */
export async function waitForOk(url: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
