import { Client } from 'pg';
import { maskSecrets } from '@hub/server/config';

/**
 * Opens and closes one connection with a short timeout, so a wrong or unreachable DATABASE_URL
 * stops the process at once with one plain sentence instead of a stack of retries.
 */
export async function checkDatabase(url: string, timeoutMs = 3_000): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw new Error(
      `Cannot use PostgreSQL at ${maskSecrets(url)}: ${describePgError(error)}. ` +
        'Start it (`npm start` finds or starts one for you) or correct DATABASE_URL.',
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Boot-time form for api and worker: on failure, print the one sentence and exit non-zero. */
export async function checkDatabaseOrExit(url: string): Promise<void> {
  try {
    await checkDatabase(url);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
}

function describePgError(error: unknown): string {
  const e = error as { code?: string; message?: string };
  switch (e.code) {
    case 'ECONNREFUSED':
      return 'nothing is listening there (connection refused)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the host name does not resolve';
    case '28P01':
    case '28000':
      return 'the server refused the user name or password';
    case '3D000':
      return 'the database does not exist';
    default:
      return maskSecrets(e.message ?? String(error)).replace(/\.$/, '');
  }
}
