export * from './lib/server-redis';
