import type { RedisOptions } from 'ioredis';

/**
 * Producers (the api) must fail fast when Redis is down so a request gets a clear 503 instead of
 * hanging; workers must wait and resume on their own (BullMQ requires maxRetriesPerRequest: null).
 */
export type RedisRole = 'producer' | 'worker';

export function redisOptions(url: string, role: RedisRole): RedisOptions {
  const parsed = new URL(url);
  const db = Number(parsed.pathname.replace(/^\//, '') || 0);
  const base: RedisOptions = {
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    port: Number(parsed.port || 6379),
    db: Number.isInteger(db) ? db : 0,
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    tls: parsed.protocol === 'rediss:' ? {} : undefined,
    connectTimeout: 5_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  };
  return role === 'worker'
    ? { ...base, maxRetriesPerRequest: null }
    : { ...base, maxRetriesPerRequest: 1, enableOfflineQueue: false };
}
