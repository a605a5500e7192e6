import { TEST_ENCRYPTION_KEYS } from '@hub/server/config';
import { builtApp, Exited, startProcess, waitForOk } from '@hub/server/testing';

/** Nest runs its shutdown hooks, then re-raises the signal: the process ends by SIGTERM, not a crash. */
function expectGracefulShutdown(result: Exited) {
  expect(result.signal ?? result.code).toBe(result.signal ? 'SIGTERM' : 0);
  expect(result.stdout).toMatch(/Shutting down on SIGTERM/);
  expect(result.stdout).toMatch(/Shutdown complete in \d+ ms/);
}

const env = () => ({
  NODE_ENV: 'test',
  DATABASE_URL: process.env['TEST_DATABASE_URL'],
  REDIS_URL: process.env['TEST_REDIS_URL'],
  WORKER_HEALTH_PORT: '28101',
  PORT: '28100',
  LOG_LEVEL: 'info',
  ENCRYPTION_KEYS: TEST_ENCRYPTION_KEYS,
});

describe.each(['api', 'worker'] as const)('%s process at boot', (app) => {
  it('should stop within 5 s with one clear message when DATABASE_URL does not answer', async () => {
    const { exited } = startProcess(builtApp(app), {
      ...env(),
      DATABASE_URL: 'postgres://hub:hunter2@127.0.0.1:1/hub',
    });
    const result = await exited;
    expect(result.code).toBe(1);
    expect(result.ms).toBeLessThan(5_000);
    expect(result.stderr.trim()).toBe(
      'Cannot use PostgreSQL at postgres://hub:***@127.0.0.1:1/hub: nothing is listening there (connection refused). ' +
        'Start it (`npm start` finds or starts one for you) or correct DATABASE_URL.',
    );
    expect(result.stdout).toBe('');
  });

  it('should stop within 5 s naming every bad or missing variable', async () => {
    const { exited } = startProcess(builtApp(app), { PORT: 'eighty', REDIS_URL: 'http://cache:6379' });
    const result = await exited;
    expect(result.code).toBe(1);
    expect(result.ms).toBeLessThan(5_000);
    expect(result.stderr).toMatch(/^Invalid configuration \(4 problems\):/);
    expect(result.stderr).toMatch(/- ENCRYPTION_KEYS is missing/);
    expect(result.stderr).toMatch(/- PORT must be an integer number \(got "eighty"\)/);
    expect(result.stderr).toMatch(/- DATABASE_URL is missing/);
    expect(result.stderr).toMatch(/- REDIS_URL must be a redis: or rediss: URL/);
  });
});

describe('worker process', () => {
  it('should serve its probes and exit cleanly on SIGTERM', async () => {
    const { child, exited } = startProcess(builtApp('worker'), env());
    try {
      await waitForOk('http://127.0.0.1:28101/health/ready');
      const live = await fetch('http://127.0.0.1:28101/health');
      expect(live.status).toBe(200);
      expect((await fetch('http://127.0.0.1:28101/elsewhere')).status).toBe(404);
    } finally {
      child.kill('SIGTERM');
    }
    const result = await exited;
    expectGracefulShutdown(result);
    expect(result.ms).toBeLessThan(20_000);
  });
});

describe('api process', () => {
  it('should answer readiness over HTTP and exit cleanly on SIGTERM', async () => {
    const { child, exited } = startProcess(builtApp('api'), env());
    try {
      await waitForOk('http://127.0.0.1:28100/api/health/ready');
    } finally {
      child.kill('SIGTERM');
    }
    const result = await exited;
    expectGracefulShutdown(result);
    // Logs are JSON lines, one object each.
    for (const line of result.stdout.trim().split('\n').filter(Boolean)) expect(() => JSON.parse(line)).not.toThrow();
  });
});
