import { NestFactory } from '@nestjs/core';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, loadConfigOrExit } from '@hub/server/config';
import { keysCommand } from '@hub/server/crypto';
import { checkDatabase, runMigrations } from '@hub/server/database';
import { AppModule } from './app/app.module';
import { CREATE_ADMIN_USAGE, createAdminCommand, seedDemoCommand } from './cli/accounts-commands';
import { createOpenApiDocument, API_PREFIX } from './app/configure-app';

const USAGE = `Usage: hub <command>

Commands:
  migrate              apply pending database migrations
  openapi [--check]    write the OpenAPI document to openapi/api.json (--check: fail if it differs)
  keys generate        print a new ENCRYPTION_KEYS entry (needs no database)
  keys rotate          re-wrap every data key under the active (first) ENCRYPTION_KEYS key
  keys doctor          decrypt every stored secret and report (exit 1 if any cannot be read)
  ${CREATE_ADMIN_USAGE}
  seed-demo            development only: the demo workspace and person (demo@example.com)
`;

type Command = (args: string[]) => Promise<number>;

const commands: Record<string, Command> = {
  async migrate() {
    const config = loadConfigOrExit();
    await checkDatabase(config.database.url);
    const { applied } = await runMigrations(config.database.url);
    process.stdout.write(
      applied.length
        ? `Applied ${applied.length} migration(s): ${applied.join(', ')}\n`
        : 'Database schema is up to date.\n',
    );
    return 0;
  },

  async openapi(args) {
    const { values } = parseArgs({
      args,
      options: { check: { type: 'boolean' }, out: { type: 'string', default: 'openapi/api.json' } },
    });
    const text = await renderOpenApi();
    const out = values.out as string;
    if (values.check) {
      const committed = readFileSync(out, 'utf8');
      if (committed !== text) {
        process.stderr.write(`${out} is out of date with the code. Run \`npm run openapi\` and commit the result.\n`);
        return 1;
      }
      process.stdout.write(`${out} matches the code.\n`);
      return 0;
    }
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, text);
    process.stdout.write(`Wrote ${out}\n`);
    return 0;
  },

  keys: (args) => keysCommand(args, { loadConfig: loadConfigOrExit }),

  'create-admin': (args) => createAdminCommand(args, loadConfigOrExit()),

  'seed-demo': (args) => seedDemoCommand(args, loadConfigOrExit()),
};

/**
 * Builds the OpenAPI document from the module graph without connecting to anything (Nest's
 * preview mode instantiates no providers).
 */
export async function renderOpenApi(): Promise<string> {
  // Preview mode connects to nothing, so placeholder URLs keep the document independent of the machine.
  const config = loadConfig({
    DATABASE_URL: 'postgres://preview@localhost/preview',
    REDIS_URL: 'redis://localhost',
    ENCRYPTION_KEYS: `preview:${Buffer.alloc(32).toString('base64')}`,
  });
  const app = await NestFactory.create(AppModule.forRoot(config), { preview: true, logger: false });
  app.setGlobalPrefix(API_PREFIX);
  const document = createOpenApiDocument(app);
  await app.close();
  return `${JSON.stringify(document, null, 2)}\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) {
    process.stderr.write(name && name !== '--help' ? `Unknown command "${name}".\n\n${USAGE}` : USAGE);
    return name && name !== '--help' ? 2 : 0;
  }
  return command(rest);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  },
);
