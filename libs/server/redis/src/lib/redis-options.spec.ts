import { redisOptions } from './redis-options';

describe('redisOptions', () => {
  it('should let workers wait for Redis forever, as BullMQ requires', () => {
    expect(redisOptions('redis://127.0.0.1:6379/0', 'worker')).toMatchObject({ maxRetriesPerRequest: null });
  });

  it('should make producers fail fast while Redis is down', () => {
    expect(redisOptions('redis://127.0.0.1:6379/0', 'producer')).toMatchObject({
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
    });
  });

  it('should read host, port, database, credentials and TLS from the URL', () => {
    expect(redisOptions('rediss://user:p%40ss@cache.internal:6380/3', 'worker')).toMatchObject({
      host: 'cache.internal',
      port: 6380,
      db: 3,
      username: 'user',
      password: 'p@ss',
      tls: {},
    });
  });

  it('should default to port 6379 and database 0', () => {
    expect(redisOptions('redis://[::1]', 'producer')).toMatchObject({ host: '::1', port: 6379, db: 0, tls: undefined });
  });
});
