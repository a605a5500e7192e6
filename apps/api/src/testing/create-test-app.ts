import type { INestApplication, ModuleMetadata } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AppConfig } from '@hub/server/config';
import { AppModule } from '../app/app.module';
import { configureApp } from '../app/configure-app';

/**
 * The real api module, configured exactly as main.ts does, optionally with extra test-only parts.
 * Note: passport keeps strategies in one process-wide registry, so a second app created while another
 * is in use takes over its `session` and `api-key` strategies; close it last, or restore them.
 */
export async function createTestApp(config: AppConfig, extra: ModuleMetadata = {}): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    ...extra,
    imports: [AppModule.forRoot(config), ...(extra.imports ?? [])],
  }).compile();
  const app = configureApp(moduleRef.createNestApplication({ bufferLogs: true }));
  await app.init();
  return app;
}
