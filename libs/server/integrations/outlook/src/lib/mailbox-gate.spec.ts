import { MailboxGate } from './mailbox-gate';

/** A task that runs until `release()` is called, noting when it started. */
function held(started: string[], name: string) {
  let release!: () => void;
  const done = new Promise<void>((resolve) => (release = resolve));
  return { task: () => (started.push(name), done), release: () => release() };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('MailboxGate', () => {
  it('should run at most `limit` tasks of one mailbox at a time, the others in arrival order', async () => {
    const gate = new MailboxGate(2);
    const started: string[] = [];
    const tasks = ['a', 'b', 'c', 'd'].map((name) => held(started, name));
    const runs = tasks.map((t) => gate.run('m1', t.task));
    await tick();
    expect({ started: [...started], running: gate.running('m1') }).toEqual({ started: ['a', 'b'], running: 2 });
    tasks[1].release();
    await tick();
    expect(started).toEqual(['a', 'b', 'c']);
    tasks[0].release();
    tasks[2].release();
    tasks[3].release();
    await Promise.all(runs);
    expect(started).toEqual(['a', 'b', 'c', 'd']);
    expect(gate.running('m1')).toBe(0);
  });

  it('should not hold up another mailbox', async () => {
    const gate = new MailboxGate(1);
    const started: string[] = [];
    const first = held(started, 'm1');
    const running = gate.run('m1', first.task);
    await gate.run('m2', async () => started.push('m2'));
    expect(started).toEqual(['m1', 'm2']);
    first.release();
    await running;
  });

  it('should free the slot when a task fails, and pass the failure on', async () => {
    const gate = new MailboxGate(1);
    await expect(gate.run('m1', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(gate.run('m1', async () => 'after')).resolves.toBe('after');
  });

  it('should drop a waiter whose signal aborts, with the signal’s reason, and refuse an aborted signal at once', async () => {
    const gate = new MailboxGate(1);
    const started: string[] = [];
    const first = held(started, 'first');
    const running = gate.run('m1', first.task);
    const abort = new AbortController();
    const waiting = gate.run('m1', async () => started.push('aborted one'), abort.signal);
    const third = gate.run('m1', async () => started.push('third'));
    abort.abort(new Error('stopped'));
    await expect(waiting).rejects.toThrow('stopped');
    first.release();
    await Promise.all([running, third]);
    expect(started).toEqual(['first', 'third']);
    await expect(gate.run('m1', async () => 1, abort.signal)).rejects.toThrow('stopped');
  });

  it('should refuse a limit below 1', () => {
    expect(() => new MailboxGate(0)).toThrow(RangeError);
    expect(() => new MailboxGate(1.5)).toThrow(RangeError);
  });
});
