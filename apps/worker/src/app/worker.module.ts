import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, ConfigModule } from '@hub/server/config';
import { DatabaseModule } from '@hub/server/database';
import { HealthModule, LoggerModule, ShutdownLogger } from '@hub/server/observability';
import { RedisModule } from '@hub/server/redis';
import { AuditModule } from '@hub/server/audit';
import { ProviderUrlsModule, RevocationRetryModule } from '@hub/server/connections';
import { CryptoModule } from '@hub/server/crypto';
import { INTEGRATION_PROVIDER_MODULES } from '@hub/server/integrations/all';
import { IntegrationsCoreModule } from '@hub/server/integrations/core';
import { HealthServer } from './health-server';

/** The worker process: queue processors (revocation retries now; token refresh and sync next). */
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
        AuditModule,
        CryptoModule,
        IntegrationsCoreModule,
        ProviderUrlsModule,
        ...INTEGRATION_PROVIDER_MODULES,
        RevocationRetryModule,
      ],
      providers: [HealthServer, ShutdownLogger],
    };
  }
}
