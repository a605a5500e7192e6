/** Injection token of the process' general-purpose ioredis client (health, locks, pub/sub). */
export const REDIS = Symbol('REDIS');
