import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { existsSync } from 'node:fs';
import { AppConfig, OAuthAppCredentials } from './app-config';
import { ENVIRONMENT_VARIABLE_NAMES, EnvironmentVariables, OAUTH_APP_VARIABLE, SECRET_VARIABLES } from './environment';
import { maskSecrets } from './mask-secrets';

/** Thrown when the environment is invalid; its message names every bad variable and why. */
export class ConfigurationError extends Error {
  constructor(readonly problems: { variable: string; reason: string }[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  - ${p.variable} ${p.reason}`).join('\n') +
        '\nSee .env.example for every variable and its meaning.',
    );
    this.name = 'ConfigurationError';
  }
}

/** Validates an environment into the typed config, or throws one ConfigurationError listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const raw: Record<string, string> = {};
  for (const key of ENVIRONMENT_VARIABLE_NAMES) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const candidate = plainToInstance(EnvironmentVariables, raw, { exposeDefaultValues: true });
  const errors = validateSync(candidate, { whitelist: true, forbidUnknownValues: true, stopAtFirstError: true });
  const problems = errors.map(describe);
  if (candidate.NODE_ENV === 'production' && candidate.SANDBOX_URL) {
    problems.push({
      variable: 'SANDBOX_URL',
      reason: 'must not be set in production: the sandbox only emulates providers for development and tests',
    });
  }
  if (problems.length > 0) throw new ConfigurationError(problems);
  return new AppConfig(candidate, oauthAppsFrom(env));
}

function oauthAppsFrom(env: NodeJS.ProcessEnv): Map<string, OAuthAppCredentials> {
  const apps = new Map<string, OAuthAppCredentials>();
  for (const [name, value] of Object.entries(env)) {
    const match = OAUTH_APP_VARIABLE.exec(name);
    if (!match || !value) continue;
    const app = apps.get(match[1]) ?? {};
    if (match[2] === 'CLIENT_ID') app.clientId = value;
    else app.clientSecret = value;
    apps.set(match[1], app);
  }
  return apps;
}

function describe(error: ValidationError) {
  const value = error.value;
  const reasons = Object.values(error.constraints ?? {}).map((m) => m.replace(new RegExp(`^${error.property} `), ''));
  if (value === undefined) return { variable: error.property, reason: `is missing: it ${reasons[0]}` };
  if (SECRET_VARIABLES.has(error.property))
    return { variable: error.property, reason: `${reasons.join('; ')} (value not shown)` };
  return { variable: error.property, reason: `${reasons.join('; ')} (got "${maskSecrets(String(value))}")` };
}

/**
 * Reads `.env` from the working directory into process.env without overriding what is already set,
 * so the real environment always wins.
 */
export function loadEnvFile(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}

/**
 * Boot-time entry point for api, worker and CLI: on a bad environment, print the one message and
 * exit non-zero at once, before anything connects or writes.
 */
export function loadConfigOrExit(): AppConfig {
  loadEnvFile();
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigurationError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
