import { DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { AuditModule } from '@hub/server/audit';
import { AccountsModule, AccountsService } from '@hub/server/auth';
import { type AppConfig, ConfigModule } from '@hub/server/config';
import { DatabaseModule } from '@hub/server/database';

/** Just enough of the api for account commands: configuration, the database, the audit log, accounts. */
@Module({})
class AccountsCliModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AccountsCliModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule, AuditModule, AccountsModule],
    };
  }
}

async function withAccounts<T>(config: AppConfig, fn: (accounts: AccountsService) => Promise<T>): Promise<T> {
  const app = await NestFactory.createApplicationContext(AccountsCliModule.forRoot(config), { logger: ['error'] });
  try {
    return await fn(app.get(AccountsService));
  } finally {
    await app.close();
  }
}

/** Reads a password without echoing it (a terminal), or the first line of stdin (a pipe). */
async function readPassword(prompt: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: process.stdin.isTTY });
  if (process.stdin.isTTY) {
    process.stderr.write(prompt);
    // Mute the echo: readline writes typed characters through _writeToOutput.
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => undefined;
  }
  const line = await new Promise<string>((resolve) => rl.once('line', resolve).once('close', () => resolve('')));
  rl.close();
  if (process.stdin.isTTY) process.stderr.write('\n');
  return line;
}

export const CREATE_ADMIN_USAGE =
  'create-admin --email <email> [--name <name>] [--workspace <name>]   create an instance administrator (password from HUB_ADMIN_PASSWORD, or asked)';

/** `hub create-admin`: an instance administrator with a workspace of their own (or an existing person promoted). */
export async function createAdminCommand(args: string[], config: AppConfig): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { email: { type: 'string' }, name: { type: 'string' }, workspace: { type: 'string' } },
  });
  if (!values.email || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(values.email)) {
    process.stderr.write(`Give the administrator's email: npm run hub -- ${CREATE_ADMIN_USAGE}\n`);
    return 2;
  }
  const password =
    process.env['HUB_ADMIN_PASSWORD'] ||
    (await readPassword(`Password for ${values.email} (at least 12 characters): `));
  if (password.length < 12) {
    process.stderr.write('The password must have at least 12 characters.\n');
    return 2;
  }
  const { created, user } = await withAccounts(config, (accounts) =>
    accounts.ensureInstanceAdmin(
      { email: values.email!, password, name: values.name, workspaceName: values.workspace },
      { always: true },
    ),
  );
  process.stdout.write(
    created
      ? `Created instance administrator ${user.email} with a workspace of their own. Sign in at ${config.http.publicUrl}.\n`
      : `${user.email} already had an account; they are now an instance administrator (their password is unchanged).\n`,
  );
  return 0;
}

export const DEMO_ACCOUNT = {
  email: 'demo@example.com',
  password: 'hub-demo-password',
  name: 'Demo User',
  workspaceName: 'Demo workspace',
};

/** `hub seed-demo` (development only): a demo person and workspace to sign in with. */
export async function seedDemoCommand(_args: string[], config: AppConfig): Promise<number> {
  if (config.env !== 'development') {
    process.stderr.write(
      'seed-demo only runs with NODE_ENV=development: a demo account with a published password has no place elsewhere.\n',
    );
    return 2;
  }
  const { created } = await withAccounts(config, (accounts) =>
    accounts.ensureInstanceAdmin(DEMO_ACCOUNT, { always: true }),
  );
  process.stdout.write(
    `${created ? 'Seeded' : 'Found'} the demo account: sign in as ${DEMO_ACCOUNT.email} / ${DEMO_ACCOUNT.password}\n`,
  );
  return 0;
}
