export * from './lib/redis-options';
export * from './lib/redis.constants';
export * from './lib/redis.health';
export * from './lib/redis.module';
export * from './lib/enqueue';
