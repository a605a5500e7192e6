import type { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';

// Release and renew only while we still own the lease: never delete someone else's (Nango's owner-less DEL).
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

export interface LeaseOptions {
  /** How long a lease lives unless renewed (docs/security.md B3: 30 s). */
  readonly ttlMs: number;
  /** Renewed every ttl/3 while the holder works. */
  readonly renewEveryMs: number;
}

export const DEFAULT_LEASE: LeaseOptions = { ttlMs: 30_000, renewEveryMs: 10_000 };

/**
 * A cross-process lease in Redis (a token refresh, docs/security.md B3; the schedulers' reconciler, D7):
 * SET NX PX with a random owner, renewed while held, released only by its owner.
 */
export class RedisLease {
  private renewal?: NodeJS.Timeout;

  private constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly owner: string,
  ) {}

  /** Takes the lease, or answers null when another process holds it. */
  static async tryAcquire(
    redis: Redis,
    key: string,
    options: LeaseOptions = DEFAULT_LEASE,
  ): Promise<RedisLease | null> {
    const [lease] = await RedisLease.tryAcquireAll(redis, [key], options);
    return lease;
  }

  /** Takes several leases in one round trip; null for each that another process holds. */
  static async tryAcquireAll(
    redis: Redis,
    keys: readonly string[],
    options: LeaseOptions = DEFAULT_LEASE,
  ): Promise<(RedisLease | null)[]> {
    if (keys.length === 0) return [];
    const owners = keys.map(() => randomBytes(16).toString('hex'));
    const answers = await keys
      .reduce((pipeline, key, i) => pipeline.set(key, owners[i], 'PX', options.ttlMs, 'NX'), redis.pipeline())
      .exec();
    const leases = keys.map((key, i) =>
      answers?.[i]?.[1] === 'OK' ? RedisLease.held(redis, key, owners[i], options) : null,
    );
    const failure = answers ? answers.find(([error]) => error)?.[0] : new Error('Redis gave no answer');
    if (failure) {
      // Redis failing is not another process's lease: give back what was taken and throw, as one SET would.
      await RedisLease.releaseAll(redis, leases).catch(() => undefined);
      throw failure;
    }
    return leases;
  }

  /** Releases several leases in one round trip (each only if still ours). */
  static async releaseAll(redis: Redis, leases: readonly (RedisLease | null)[]): Promise<void> {
    const held = leases.filter((lease): lease is RedisLease => lease !== null);
    if (held.length === 0) return;
    for (const lease of held) clearInterval(lease.renewal);
    await held.reduce((pipeline, lease) => pipeline.eval(RELEASE, 1, lease.key, lease.owner), redis.pipeline()).exec();
  }

  async release(): Promise<void> {
    clearInterval(this.renewal);
    await this.redis.eval(RELEASE, 1, this.key, this.owner);
  }

  private static held(redis: Redis, key: string, owner: string, options: LeaseOptions): RedisLease {
    const lease = new RedisLease(redis, key, owner);
    lease.renewal = setInterval(
      () => void redis.eval(RENEW, 1, key, owner, String(options.ttlMs)).catch(() => undefined),
      options.renewEveryMs,
    );
    lease.renewal.unref();
    return lease;
  }
}
