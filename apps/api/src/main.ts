import { NestFactory } from '@nestjs/core';
import { loadConfigOrExit } from '@hub/server/config';
import { verifyEncryptionKeysOrExit } from '@hub/server/crypto';
import { checkDatabaseOrExit } from '@hub/server/database';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app/app.module';
import { configureApp } from './app/configure-app';

async function bootstrap() {
  const config = loadConfigOrExit();
  await checkDatabaseOrExit(config.database.url);
  await verifyEncryptionKeysOrExit(config);
  const app = configureApp(await NestFactory.create(AppModule.forRoot(config), { bufferLogs: true }));
  await app.listen(config.http.port, config.http.host);
  app
    .get(Logger)
    .log(`Integrations Hub API listening on ${config.http.publicUrl} (docs at ${config.http.publicUrl}/api/docs)`);
}

void bootstrap();
