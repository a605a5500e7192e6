import { type INestApplication, Module, type ModuleMetadata } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppConfig } from '@hub/server/config';
import { AppModule } from '../app/app.module';
import { configureApp } from '../app/configure-app';

@Module({})
class TestAppModule {}

/**
 * The real api module, created and configured exactly as main.ts does (NestFactory, so modules that
 * need the HTTP adapter while they are built, such as the static web app, behave as in production),
 * optionally with extra test-only parts.
 * Note: passport keeps strategies in one process-wide registry, so a second app created while another
 * is in use takes over its `session` and `api-key` strategies; close it last, or restore them.
 */
export async function createTestApp(config: AppConfig, extra: ModuleMetadata = {}): Promise<INestApplication> {
  const module = { module: TestAppModule, ...extra, imports: [AppModule.forRoot(config), ...(extra.imports ?? [])] };
  // abortOnError: false, so a module that fails to start throws into the test instead of aborting jest.
  const app = configureApp(await NestFactory.create(module, { bufferLogs: true, abortOnError: false }));
  await app.init();
  return app;
}
