import { BullModule } from '@nestjs/bullmq';
import type { ConnectionOptions } from 'bullmq';
import { DynamicModule, Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { AppConfig } from '@hub/server/config';
import { Redis } from 'ioredis';
import { EvictionPolicyCheck } from './eviction-policy.check';
import { RedisRole, redisOptions } from './redis-options';
import { RedisHealthIndicator } from './redis.health';
import { REDIS } from './redis.constants';
import { LiveEvents, LiveEventsFeed } from './live-events';
import { QueueWorkers } from './queue-workers';

/**
 * The one Redis connection setup for api and worker: a general-purpose client and BullMQ's
 * connection, both configured for the process' role.
 */
@Global()
@Module({})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  static forRoot({ role }: { role: RedisRole }): DynamicModule {
    return {
      module: RedisModule,
      imports: [
        TerminusModule,
        BullModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            // ioredis' and bullmq's declarations of the same options differ only in typing.
            connection: redisOptions(config.redis.url, role) as ConnectionOptions,
            prefix: config.redis.prefix,
          }),
        }),
      ],
      providers: [
        {
          provide: REDIS,
          inject: [AppConfig],
          useFactory: (config: AppConfig) => {
            const client = new Redis({ ...redisOptions(config.redis.url, role), connectionName: `hub-${role}` });
            // ioredis reconnects by itself; log the outage once rather than on every attempt.
            const logger = new Logger('Redis');
            let down = false;
            client.on('error', (error: Error) => {
              if (!down) logger.warn(`Redis unavailable (${error.message}); reconnecting in the background.`);
              down = true;
            });
            client.on('ready', () => {
              if (down) logger.log('Redis is back.');
              down = false;
            });
            return client;
          },
        },
        RedisHealthIndicator,
        EvictionPolicyCheck,
        LiveEvents,
        LiveEventsFeed,
        // Only worker processes take jobs.
        ...(role === 'worker' ? [QueueWorkers] : []),
      ],
      exports: [
        REDIS,
        RedisHealthIndicator,
        BullModule,
        LiveEvents,
        LiveEventsFeed,
        ...(role === 'worker' ? [QueueWorkers] : []),
      ],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
