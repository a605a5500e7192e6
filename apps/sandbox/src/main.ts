/**
 * The provider sandbox process: emulates providers' OAuth servers and REST APIs for development and
 * tests. Never in production.
 */
import { productionRefusal } from './production-guard';
import { sandboxOptionsFromEnv } from './sandbox-config';
import { startSandbox } from './start-sandbox';

async function main(): Promise<void> {
  const refusal = productionRefusal(process.env);
  if (refusal) {
    console.error(refusal);
    process.exit(1);
  }
  const sandbox = await startSandbox(sandboxOptionsFromEnv(process.env));

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    sandbox.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`Provider sandbox: error while stopping on ${signal}`, error);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  console.log(`Provider sandbox on ${sandbox.url}  (providers: ${sandbox.providers.join(', ')})`);
}

main().catch((error: unknown) => {
  console.error('Provider sandbox failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
