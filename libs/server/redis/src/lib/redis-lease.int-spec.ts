import { Redis } from 'ioredis';
import { RedisLease } from './redis-lease';

const url = process.env['TEST_REDIS_URL'];
const prefix = `hub-test-lease-${process.pid}`;
let redis: Redis;

beforeAll(() => {
  if (!url) throw new Error('TEST_REDIS_URL is not set: run through `npm test`.');
  redis = new Redis(url);
});
afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
});

describe('RedisLease', () => {
  it('should take one lease per key, and refuse a key someone else holds until it is released', async () => {
    const key = `${prefix}:one`;
    const first = await RedisLease.tryAcquire(redis, key);
    expect(first).not.toBeNull();
    expect(await RedisLease.tryAcquire(redis, key)).toBeNull();
    await first!.release();
    const again = await RedisLease.tryAcquire(redis, key);
    expect(again).not.toBeNull();
    await again!.release();
  });

  it('should take several leases at once, null for each one already held, and release only those it took', async () => {
    const keys = [0, 1, 2, 3].map((i) => `${prefix}:batch-${i}`);
    const other = await RedisLease.tryAcquire(redis, keys[2]);

    const leases = await RedisLease.tryAcquireAll(redis, keys);

    expect(leases.map((lease) => lease !== null)).toEqual([true, true, false, true]);
    expect(await RedisLease.tryAcquire(redis, keys[0])).toBeNull();
    await RedisLease.releaseAll(redis, leases);
    // Ours are free again; the other holder's lease is untouched.
    expect(await redis.exists(keys[0], keys[1], keys[3])).toBe(0);
    expect(await redis.exists(keys[2])).toBe(1);
    expect(await RedisLease.tryAcquire(redis, keys[2])).toBeNull();
    await other!.release();
  });

  it('should not release a lease that expired and was taken by someone else meanwhile', async () => {
    const key = `${prefix}:expired`;
    const [mine] = await RedisLease.tryAcquireAll(redis, [key], { ttlMs: 50, renewEveryMs: 60_000 });
    await new Promise((resolve) => setTimeout(resolve, 120));
    const theirs = await RedisLease.tryAcquire(redis, key);
    expect(theirs).not.toBeNull();

    await RedisLease.releaseAll(redis, [mine]);

    expect(await RedisLease.tryAcquire(redis, key)).toBeNull();
    await theirs!.release();
  });

  it('should keep a batch lease alive past its time to live while held, by renewing it', async () => {
    const key = `${prefix}:renewed`;
    const [lease] = await RedisLease.tryAcquireAll(redis, [key], { ttlMs: 200, renewEveryMs: 50 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await RedisLease.tryAcquire(redis, key)).toBeNull();
    await RedisLease.releaseAll(redis, [lease]);
    expect(await redis.exists(key)).toBe(0);
  });
});
