import { TEST_ENCRYPTION_KEYS } from '@hub/server/config';
import { builtApp, startProcess, waitForOk } from '@hub/server/testing';
import type { TestWorld } from './test-world';

/**
 * The built worker as a real process against a test world's database and Redis prefix, with short
 * lock and stall timings so a killed worker's job is taken over within seconds.
 */
export async function startWorkerProcess(
  world: TestWorld,
  options: { healthPort: number; sandboxUrl?: string; env?: Record<string, string> },
) {
  const proc = startProcess(builtApp('worker'), {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATABASE_URL: world.scratch.url,
    REDIS_URL: world.config.redis.url,
    REDIS_PREFIX: world.config.redis.prefix,
    ENCRYPTION_KEYS: TEST_ENCRYPTION_KEYS,
    SANDBOX_URL: options.sandboxUrl,
    WORKER_HEALTH_PORT: String(options.healthPort),
    WORKER_LOCK_DURATION_MS: '3000',
    WORKER_STALLED_INTERVAL_MS: '1000',
    ...options.env,
  });
  const probe = `http://127.0.0.1:${options.healthPort}`;
  await Promise.race([
    waitForOk(`${probe}/health/ready`, 30_000),
    proc.exited.then((e) => {
      throw new Error(`worker exited during boot (${e.code ?? e.signal}): ${e.stderr.slice(-2000)}`);
    }),
  ]);
  return {
    ...proc,
    probe,
    /** Stops it (SIGKILL after 30 s, so a stuck shutdown fails the test instead of hanging it). */
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (proc.child.exitCode === null && proc.child.signalCode === null) proc.child.kill(signal);
      const timer = setTimeout(() => proc.child.kill('SIGKILL'), 30_000);
      try {
        return await proc.exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

export type WorkerProcess = Awaited<ReturnType<typeof startWorkerProcess>>;

/** Polls until `check` answers a value, or fails with what `describe` says. */
export async function eventually<T>(
  check: () => Promise<T | undefined | null | false>,
  { timeoutMs = 30_000, what = 'condition' }: { timeoutMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
