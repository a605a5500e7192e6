import { ServiceUnavailableException } from '@nestjs/common';
import type { JobsOptions, Queue } from 'bullmq';

/** Raised when a job cannot be queued because Redis does not answer; the api turns it into a 503. */
export class QueueUnavailableError extends ServiceUnavailableException {
  constructor(queueName: string) {
    super({
      detail: `The job queue is unavailable (Redis does not answer), so "${queueName}" work cannot be started now. Try again shortly.`,
    });
  }
}

/**
 * The one way the api adds jobs. BullMQ waits for Redis forever by design; a request must not, so
 * adding gives up after `timeoutMs` with QueueUnavailableError.
 */
export async function enqueue<T>(queue: Queue, name: string, data: T, options?: JobsOptions, timeoutMs = 2_000) {
  return queueCall(queue, () => queue.add(name as never, data as never, options), timeoutMs);
}

/** Any call to a queue from a request (add, upsert a scheduler, remove a job), with the same bounded wait. */
export async function queueCall<R>(queue: Queue, call: () => Promise<R>, timeoutMs = 2_000): Promise<R> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new QueueUnavailableError(queue.name)), timeoutMs);
  });
  try {
    return await Promise.race([call(), timeout]);
  } catch (error) {
    if (error instanceof QueueUnavailableError) throw error;
    // ioredis rejects at once while disconnected (enableOfflineQueue: false): same meaning.
    if (error instanceof Error && /Stream isn't writeable|Connection is closed|ECONNREFUSED/.test(error.message)) {
      throw new QueueUnavailableError(queue.name);
    }
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
