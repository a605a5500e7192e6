import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, ConfigModule } from '@hub/server/config';
import { DatabaseModule } from '@hub/server/database';
import { HealthModule, LoggerModule, ShutdownLogger } from '@hub/server/observability';
import { RedisModule } from '@hub/server/redis';
import { HealthServer } from './health-server';

/** The worker process: queue processors (token refresh, sync) register here as they are built. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule,
        DatabaseModule,
        RedisModule.forRoot({ role: 'worker' }),
        HealthModule,
      ],
      providers: [HealthServer, ShutdownLogger],
    };
  }
}
