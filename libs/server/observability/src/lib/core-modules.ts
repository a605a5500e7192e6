import type { DynamicModule, Type } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { AuditModule } from '@hub/server/audit';
import { type AppConfig, ConfigModule } from '@hub/server/config';
import { CryptoModule } from '@hub/server/crypto';
import { DatabaseModule, HubDatabaseIdentityModule } from '@hub/server/database';
import { IntegrationsCoreModule } from '@hub/server/integrations/core';
import { MAINTENANCE_QUEUE, RedisModule, type RedisRole } from '@hub/server/redis';
import { HealthModule } from './health.module';
import { LoggerModule } from './logger.module';
import { MetricsModule } from './metrics.module';

/**
 * The modules every hub process (the api and the worker) runs on, listed once so the two cannot
 * drift. Each app adds the connections and the provider catalog itself: they sit above this layer.
 */
export function coreModules(config: AppConfig, options: { redisRole: RedisRole }): (Type | DynamicModule)[] {
  return [
    ConfigModule.forRoot(config),
    LoggerModule,
    DatabaseModule,
    // The safe connectors refuse the hub's own database however it is addressed (ADR 0009).
    HubDatabaseIdentityModule,
    RedisModule.forRoot({ role: options.redisRole }),
    HealthModule,
    MetricsModule,
    AuditModule,
    CryptoModule,
    IntegrationsCoreModule,
    BullModule.registerQueue({ name: MAINTENANCE_QUEUE }),
  ];
}
