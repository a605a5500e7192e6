// One of several processes racing for a connection's token (docs/security.md B3, scenario S1): run with
// `node -r @swc-node/register`; prints one JSON line with what each of its callers got.
import 'reflect-metadata';
import { DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AuditModule } from '@hub/server/audit';
import { type AppConfig, ConfigModule, loadConfig } from '@hub/server/config';
import { ConnectionsModule, ProviderUrlsModule, TokenService } from '@hub/server/connections';
import { CryptoModule } from '@hub/server/crypto';
import { DatabaseModule } from '@hub/server/database';
import { INTEGRATION_PROVIDER_MODULES } from '@hub/server/integrations/all';
import { IntegrationError, IntegrationsCoreModule } from '@hub/server/integrations/core';
import type Redis from 'ioredis';
import { REDIS, RedisModule } from '@hub/server/redis';

@Module({})
class StormModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: StormModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        RedisModule.forRoot({ role: 'producer' }),
        AuditModule,
        CryptoModule,
        IntegrationsCoreModule,
        ProviderUrlsModule,
        ...INTEGRATION_PROVIDER_MODULES,
        ConnectionsModule,
      ],
    };
  }
}

async function main() {
  const app = await NestFactory.createApplicationContext(StormModule.forRoot(loadConfig(process.env)), {
    logger: false,
  });
  const tokens = app.get(TokenService);
  const ref = { workspaceId: process.env['STORM_WORKSPACE']!, connectionId: process.env['STORM_CONNECTION']! };
  // The api's producer connection fails fast instead of queueing while it connects: a process that
  // booted slowly must be connected before its callers race, or it tests its own boot, not the lease.
  const redis = app.get<Redis>(REDIS);
  if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
  await new Promise((r) => setTimeout(r, Math.max(0, Number(process.env['STORM_START_AT']) - Date.now())));
  const results = await Promise.allSettled(
    Array.from({ length: Number(process.env['STORM_CALLERS'] ?? 25) }, () => tokens.getAccessToken(ref)),
  );
  const fulfilled = results
    .filter((r): r is PromiseFulfilledResult<string> => r.status === 'fulfilled')
    .map((r) => r.value);
  const errors = results
    .filter((r): r is PromiseRejectedResult => r.status === 'rejected')
    .map((r) => (r.reason instanceof IntegrationError ? r.reason.code : String(r.reason)));
  process.stdout.write(
    `${JSON.stringify({ ok: fulfilled.length, distinctTokens: new Set(fulfilled).size, errors })}\n`,
  );
  await app.close();
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
