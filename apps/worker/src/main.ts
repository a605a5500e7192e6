import { NestFactory } from '@nestjs/core';
import { loadConfigOrExit } from '@hub/server/config';
import { verifyEncryptionKeysOrExit } from '@hub/server/crypto';
import { checkDatabaseOrExit } from '@hub/server/database';
import { Logger } from 'nestjs-pino';
import { WorkerModule } from './app/worker.module';

async function bootstrap() {
  const config = loadConfigOrExit();
  await checkDatabaseOrExit(config.database.url);
  await verifyEncryptionKeysOrExit(config);
  // An application context, not an HTTP app: the worker's only port is its health probe.
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  // Without shutdown hooks SIGTERM would kill running jobs instead of letting BullMQ close gracefully.
  app.enableShutdownHooks();
  // A shutdown that outlives the drain (a connection that never answers) must not hold the pod until
  // Kubernetes kills it: exit on our own a few seconds after the drain time.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      setTimeout(() => {
        app.get(Logger).error(`Shutdown did not finish within ${config.worker.drainMs / 1000 + 4} s; exiting.`);
        process.exit(1);
      }, config.worker.drainMs + 4_000).unref();
    });
  }
  await app.init();
  app.get(Logger).log('Integrations Hub worker started');
}

void bootstrap();
