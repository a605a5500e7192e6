import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService, SYSTEM_ACTOR } from '@hub/server/audit';
import type { AppConfig } from '@hub/server/config';
import { dataSourceOptions } from '@hub/server/database';
import { rotateKeys } from './key-rotation';
import { doctorPassed, runSecretsDoctor, type SecretsDoctorReport } from './secrets-doctor';

export const KEYS_USAGE = `Usage: hub keys <subcommand>

Subcommands:
  generate             print a new ENCRYPTION_KEYS entry (<id>:<base64 of 32 random bytes>)
  rotate               re-wrap every data key under the active (first) key in ENCRYPTION_KEYS
  doctor               decrypt every stored secret and report; exit 1 if any cannot be read
`;

export interface KeysCliDeps {
  /** Loads and validates the configuration (only `rotate` and `doctor` need it). */
  loadConfig(): AppConfig;
  /** An initialized DataSource; the command destroys it when done. Default: the hub's own options, pool of 2. */
  openDataSource?(config: AppConfig): Promise<DataSource>;
  stdout?(text: string): void;
  stderr?(text: string): void;
  now?(): Date;
}

/** `hub keys …`: returns the exit code. Errors (e.g. a key that does not fit the database) are thrown. */
export async function keysCommand(args: string[], deps: KeysCliDeps): Promise<number> {
  const out = deps.stdout ?? ((text: string) => void process.stdout.write(text));
  const err = deps.stderr ?? ((text: string) => void process.stderr.write(text));
  const [sub, ...rest] = args;
  if (rest.length > 0) {
    err(`"hub keys ${sub}" takes no arguments.\n\n${KEYS_USAGE}`);
    return 2;
  }
  switch (sub) {
    case 'generate': {
      out(`${generateKeyEntry(deps.now?.() ?? new Date())}\n`);
      err(
        'Put it first in ENCRYPTION_KEYS, keep the current entries after it, restart, then run `npm run hub -- keys rotate`.\n',
      );
      return 0;
    }
    case 'rotate':
      return withDataSource(deps, async (dataSource, config) => {
        const report = await rotateKeys(dataSource, config);
        await new AuditService(dataSource).record({
          actor: SYSTEM_ACTOR,
          action: 'keys.rotated',
          outcome: report.failed.length > 0 ? 'failure' : 'success',
          details: {
            activeKekId: report.activeKekId,
            rewrapped: report.rewrapped,
            alreadyCurrent: report.alreadyCurrent,
            failed: report.failed.length,
          },
        });
        out(
          `Re-wrapped ${plural(report.rewrapped, 'data key')} under "${report.activeKekId}"; ${report.alreadyCurrent} already current.\n` +
            (report.keyCheckRecorded ? `Recorded the key check for "${report.activeKekId}".\n` : ''),
        );
        for (const f of report.failed) err(`Not re-wrapped: data key ${f.dataKeyId}: ${f.reason}.\n`);
        if (report.failed.length > 0) return 1;
        out('Run `npm run hub -- keys doctor`; once it passes, older keys can be removed from ENCRYPTION_KEYS.\n');
        return 0;
      });
    case 'doctor':
      return withDataSource(deps, async (dataSource, config) => {
        const report = await runSecretsDoctor(dataSource, config);
        await new AuditService(dataSource).record({
          actor: SYSTEM_ACTOR,
          action: 'keys.doctor_ran',
          outcome: doctorPassed(report) ? 'success' : 'failure',
          details: {
            // Not named "secrets": the audit log drops anything named like one.
            storedValues: report.secrets,
            dataKeys: { total: report.dataKeys.total, unwrappable: report.dataKeys.unwrappable },
            byKek: report.byKek,
          },
        });
        out(formatDoctorReport(report));
        return doctorPassed(report) ? 0 : 1;
      });
    case undefined:
    case '--help':
      (sub ? out : err)(KEYS_USAGE);
      return sub ? 0 : 2;
    default:
      err(`Unknown keys subcommand "${sub}".\n\n${KEYS_USAGE}`);
      return 2;
  }
}

/** `kek-YYYYMMDD-HHMM:<base64 of 32 random bytes>` (UTC), ready for ENCRYPTION_KEYS. */
export function generateKeyEntry(now: Date = new Date()): string {
  const stamp = now.toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
  return `kek-${stamp}:${randomBytes(32).toString('base64')}`;
}

export function formatDoctorReport(report: SecretsDoctorReport): string {
  const { secrets, dataKeys, failures } = report;
  // Most secrets first; a large instance has one data key per workspace, so the list is cut short.
  const counts = (record: Record<string, number>, limit = 20) => {
    const entries = Object.entries(record).sort(([a, m], [b, n]) => n - m || a.localeCompare(b));
    if (entries.length === 0) return ['    (none)'];
    const shown = entries.slice(0, limit).map(([id, n]) => `    ${id}: ${n}`);
    return entries.length > limit ? [...shown, `    … and ${entries.length - limit} more`] : shown;
  };
  const lines = [
    `Secrets: ${secrets.total} total, ${secrets.readable} readable, ${secrets.unreadable} unreadable`,
    '  by key-encryption key:',
    ...counts(report.byKek),
    '  by data key:',
    ...counts(report.byDataKey),
    `Data keys: ${dataKeys.total} total, ${dataKeys.unwrappable} unwrappable${dataKeys.failing.length ? `, failing: ${dataKeys.failing.join(', ')}` : ''}`,
  ];
  if (failures.length > 0) {
    lines.push('Unreadable secrets:', ...failures.map((f) => `  ${f.table} ${f.rowId}: ${f.reason}`));
    if (secrets.unreadable > failures.length) lines.push(`  … and ${secrets.unreadable - failures.length} more`);
  }
  lines.push(
    doctorPassed(report)
      ? 'OK: every secret and data key can be read.'
      : `FAILED: ${plural(secrets.unreadable, 'secret')} and ${plural(dataKeys.failing.length, 'data key')} cannot be read.`,
  );
  return `${lines.join('\n')}\n`;
}

async function withDataSource(
  deps: KeysCliDeps,
  run: (dataSource: DataSource, config: AppConfig) => Promise<number>,
): Promise<number> {
  const config = deps.loadConfig();
  const dataSource = deps.openDataSource
    ? await deps.openDataSource(config)
    : await new DataSource({
        ...dataSourceOptions(config.database.url, { poolSize: 2 }),
        logging: ['error'],
      }).initialize();
  try {
    return await run(dataSource, config);
  } finally {
    await dataSource.destroy();
  }
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
