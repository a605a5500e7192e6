import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '@hub/server/config';
import { coreModules, ShutdownLogger } from '@hub/server/observability';
import { ConnectionsModule, ConnectionsWorkerModule, ProviderUrlsModule, TokenService } from '@hub/server/connections';
import { INTEGRATION_PROVIDER_MODULES } from '@hub/server/integrations/all';
import { SyncWorkerModule } from '@hub/server/sync';
import { HealthServer } from './health-server';
import { Maintenance } from './maintenance';
import { WorkerMetrics } from './worker-metrics';

/** The worker process: syncs, token refreshes, revocation retries and housekeeping, on BullMQ. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ...coreModules(config, { redisRole: 'worker' }),
        ProviderUrlsModule,
        ...INTEGRATION_PROVIDER_MODULES,
        ConnectionsModule,
        ConnectionsWorkerModule,
        SyncWorkerModule.register({ imports: [ConnectionsModule], credentials: TokenService }),
      ],
      providers: [HealthServer, ShutdownLogger, WorkerMetrics, Maintenance],
    };
  }
}
