import { Queue, QueueEvents, Worker } from 'bullmq';
import type { ConnectionOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { enqueue, QueueUnavailableError } from './enqueue';
import { redisOptions } from './redis-options';

const url = () => {
  const value = process.env['TEST_REDIS_URL'];
  if (!value) throw new Error('TEST_REDIS_URL is not set: run through `npm test`.');
  return value;
};
const prefix = `hub-test-redis-${process.pid}`;

describe('BullMQ over the shared connection settings', () => {
  it('should carry a job from a producer-configured queue to a worker-configured processor', async () => {
    const queue = new Queue('roundtrip', { connection: redisOptions(url(), 'producer') as ConnectionOptions, prefix });
    const events = new QueueEvents('roundtrip', {
      connection: redisOptions(url(), 'worker') as ConnectionOptions,
      prefix,
    });
    const worker = new Worker('roundtrip', async (job) => ({ sum: job.data.a + job.data.b }), {
      connection: redisOptions(url(), 'worker') as ConnectionOptions,
      prefix,
    });
    try {
      await events.waitUntilReady();
      const job = await enqueue(queue, 'add', { a: 2, b: 3 });
      await expect(job.waitUntilFinished(events, 10_000)).resolves.toEqual({ sum: 5 });
    } finally {
      await worker.close();
      await queue.obliterate({ force: true });
      await queue.close();
      await events.close();
    }
  });

  it('should make a producer give up quickly with QueueUnavailableError when Redis is down, instead of hanging', async () => {
    // Our own client, so the test can stop its reconnect loop (BullMQ's close() would wait for it forever).
    const connection = new Redis(redisOptions('redis://127.0.0.1:1/0', 'producer'));
    connection.on('error', () => undefined);
    const queue = new Queue('unreachable', { connection: connection as unknown as ConnectionOptions, prefix });
    queue.on('error', () => undefined);
    const started = Date.now();
    try {
      await expect(enqueue(queue, 'x', { connectionId: 'c1' }, undefined, 500)).rejects.toBeInstanceOf(
        QueueUnavailableError,
      );
      expect(Date.now() - started).toBeLessThan(1_500);
    } finally {
      connection.disconnect();
    }
  });
});
