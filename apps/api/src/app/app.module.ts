import { DynamicModule, Module } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { AppConfig, ConfigModule } from '@hub/server/config';
import { DatabaseModule } from '@hub/server/database';
import { HealthModule, LoggerModule, ShutdownLogger } from '@hub/server/observability';
import { RedisModule } from '@hub/server/redis';
import { HealthController } from './health/health.controller';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule,
        DatabaseModule,
        RedisModule.forRoot({ role: 'producer' }),
        HealthModule,
        ...webApp(config),
      ],
      controllers: [HealthController],
      providers: [ShutdownLogger],
    };
  }
}

/** Serves the built Angular app at `/` (with SPA fallback) when it has been built; dev uses ng serve. */
function webApp(config: AppConfig): DynamicModule[] {
  const rootPath = resolve(config.web.distDir);
  if (!existsSync(resolve(rootPath, 'index.html'))) return [];
  return [ServeStaticModule.forRoot({ rootPath, exclude: ['/api{/*path}'] })];
}
