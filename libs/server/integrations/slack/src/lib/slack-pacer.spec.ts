import { MethodPacer } from './slack-pacer';

/** A pacer whose first call of `m` has already been made, so the next one waits `intervalMs`. */
async function busyPacer(intervalMs: number): Promise<MethodPacer> {
  const pacer = new MethodPacer({ m: intervalMs });
  await pacer.wait('m', 'token');
  return pacer;
}

describe('MethodPacer', () => {
  it('should let the first call through at once and make the next one wait out the interval', async () => {
    const pacer = new MethodPacer({ m: 100 });
    const started = Date.now();
    await pacer.wait('m', 'token');
    expect(Date.now() - started).toBeLessThan(50);
    await pacer.wait('m', 'token');
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
  });

  it('should reject promptly with the signal’s reason when aborted while waiting', async () => {
    const pacer = await busyPacer(5000);
    const controller = new AbortController();
    const reason = new Error('stopped');
    const pending = pacer.wait('m', 'token', controller.signal);
    const started = Date.now();
    setTimeout(() => controller.abort(reason), 20);
    await expect(pending).rejects.toBe(reason);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('should reject at once with the signal’s reason when already aborted', async () => {
    const pacer = await busyPacer(5000);
    const reason = new Error('already stopped');
    const started = Date.now();
    await expect(pacer.wait('m', 'token', AbortSignal.abort(reason))).rejects.toBe(reason);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('should reject with the AbortError of abort() without a reason', async () => {
    const pacer = await busyPacer(5000);
    const controller = new AbortController();
    const pending = pacer.wait('m', 'token', controller.signal);
    controller.abort();
    await expect(pending).rejects.toBe(controller.signal.reason);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('should ignore a signal that is never aborted', async () => {
    const pacer = await busyPacer(30);
    await expect(pacer.wait('m', 'token', new AbortController().signal)).resolves.toBeUndefined();
  });

  it('should answer at once, whatever the signal, when the method is not paced', async () => {
    const pacer = new MethodPacer({});
    await expect(pacer.wait('m', 'token', AbortSignal.abort(new Error('ignored')))).resolves.toBeUndefined();
  });
});
