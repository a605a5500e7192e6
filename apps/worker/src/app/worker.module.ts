import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, ConfigModule } from '@hub/server/config';
import { DatabaseModule, HubDatabaseIdentityModule } from '@hub/server/database';
import { HealthModule, LoggerModule, MetricsModule, ShutdownLogger } from '@hub/server/observability';
import { MAINTENANCE_QUEUE, RedisModule } from '@hub/server/redis';
import { AuditModule } from '@hub/server/audit';
import { ConnectionsModule, ConnectionsWorkerModule, ProviderUrlsModule, TokenService } from '@hub/server/connections';
import { CryptoModule } from '@hub/server/crypto';
import { INTEGRATION_PROVIDER_MODULES } from '@hub/server/integrations/all';
import { IntegrationsCoreModule } from '@hub/server/integrations/core';
import { SyncWorkerModule } from '@hub/server/sync';
import { HealthServer } from './health-server';
import { Maintenance } from './maintenance';
import { BullModule } from '@nestjs/bullmq';
import { WorkerMetrics } from './worker-metrics';

/** The worker process: syncs, token refreshes, revocation retries and housekeeping, on BullMQ. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule,
        DatabaseModule,
        // The safe connectors refuse the hub's own database however it is addressed (ADR 0009).
        HubDatabaseIdentityModule,
        RedisModule.forRoot({ role: 'worker' }),
        HealthModule,
        MetricsModule,
        AuditModule,
        CryptoModule,
        IntegrationsCoreModule,
        ProviderUrlsModule,
        ...INTEGRATION_PROVIDER_MODULES,
        ConnectionsModule,
        ConnectionsWorkerModule,
        SyncWorkerModule.register({ imports: [ConnectionsModule], credentials: TokenService }),
        BullModule.registerQueue({ name: MAINTENANCE_QUEUE }),
      ],
      providers: [HealthServer, ShutdownLogger, WorkerMetrics, Maintenance],
    };
  }
}
