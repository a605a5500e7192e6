/**
 * At most `limit` requests at a time per mailbox, across every Outlook sync and account check of this
 * process. Outlook allows an app 4 concurrent requests per mailbox and answers the fifth 429
 * `ApplicationThrottled` (MailboxConcurrency); "exceeding the limit for one mailbox doesn't affect …
 * another mailbox" (https://learn.microsoft.com/en-us/graph/throttling-limits#outlook-service-limits).
 * Waiters are served in arrival order; one that is aborted while it waits leaves the queue.
 */
export class MailboxGate {
  private readonly mailboxes = new Map<string, { running: number; waiting: (() => void)[] }>();

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError('A mailbox gate admits at least 1 request');
  }

  /** Requests of `mailbox` running now (for tests and metrics). */
  running(mailbox: string): number {
    return this.mailboxes.get(mailbox)?.running ?? 0;
  }

  /** Runs `task` once fewer than `limit` requests of `mailbox` run; rejects with the signal's reason if aborted first. */
  async run<T>(mailbox: string, task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.enter(mailbox, signal);
    try {
      return await task();
    } finally {
      this.leave(mailbox);
    }
  }

  private enter(mailbox: string, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    let state = this.mailboxes.get(mailbox);
    if (!state) {
      state = { running: 0, waiting: [] };
      this.mailboxes.set(mailbox, state);
    }
    if (state.running < this.limit) {
      state.running++;
      return Promise.resolve();
    }
    const queue = state.waiting;
    return new Promise<void>((resolve, reject) => {
      const admit = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = () => {
        const index = queue.indexOf(admit);
        if (index >= 0) queue.splice(index, 1);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      queue.push(admit);
    });
  }

  private leave(mailbox: string): void {
    const state = this.mailboxes.get(mailbox);
    if (!state) return;
    const next = state.waiting.shift();
    // The slot passes straight to the next waiter: `running` stays the same.
    if (next) next();
    else if (--state.running === 0) this.mailboxes.delete(mailbox);
  }
}
