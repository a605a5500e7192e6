import { NestFactory } from '@nestjs/core';
import { loadConfigOrExit } from '@hub/server/config';
import { checkDatabase } from '@hub/server/database';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app/app.module';
import { configureApp } from './app/configure-app';

async function bootstrap() {
  const config = loadConfigOrExit();
  await checkDatabase(config.database.url).catch((error: Error) => {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  });
  const app = configureApp(await NestFactory.create(AppModule.forRoot(config), { bufferLogs: true }));
  await app.listen(config.http.port, config.http.host);
  app.get(Logger).log(`Integrations Hub API listening on ${config.http.publicUrl} (docs at ${config.http.publicUrl}/api/docs)`);
}

void bootstrap();
