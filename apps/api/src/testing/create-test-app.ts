import { type INestApplication, Module, type ModuleMetadata, type Type } from '@nestjs/common';
import { MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { NestFactory } from '@nestjs/core';
import { AppConfig } from '@hub/server/config';
import { AppModule } from '../app/app.module';
import { API_PREFIX, configureApp } from '../app/configure-app';
import { recordAnswers } from './contract/record-answers';

@Module({})
class TestAppModule {}

/**
 * The real api module, created and configured exactly as main.ts does (NestFactory, so modules that
 * need the HTTP adapter while they are built, such as the static web app, behave as in production),
 * optionally with extra test-only parts. Every answer it gives is judged against the OpenAPI document
 * (contract/record-answers.ts).
 * Note: passport keeps strategies in one process-wide registry, so a second app created while another
 * is in use takes over its `session` and `api-key` strategies; close it last, or restore them.
 */
export async function createTestApp(config: AppConfig, extra: ModuleMetadata = {}): Promise<INestApplication> {
  const module = { module: TestAppModule, ...extra, imports: [AppModule.forRoot(config), ...(extra.imports ?? [])] };
  // abortOnError: false, so a module that fails to start throws into the test instead of aborting jest.
  const app = await NestFactory.create(module, { bufferLogs: true, abortOnError: false });
  recordAnswers(app, { testOnly: testOnlyPaths(extra) });
  configureApp(app);
  await app.init();
  return app;
}

/** The paths of controllers a test adds: they are not the api, so the contract does not judge them. */
function testOnlyPaths(extra: ModuleMetadata): string[] {
  const modules = (extra.imports ?? []).filter((m): m is Type => typeof m === 'function');
  const controllers: Type[] = [
    ...(extra.controllers ?? []),
    ...modules.flatMap((m) => (Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, m) as Type[] | undefined) ?? []),
  ];
  return controllers.map((c) => `/${API_PREFIX}/${String(Reflect.getMetadata(PATH_METADATA, c))}`);
}
