import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { getMetadataStorage } from 'class-validator';
import { IsConnectionUrl } from './is-connection-url.validator';
import { IsEncryptionKeys } from './encryption-keys';
import { IsCidrList } from './is-cidr-list.validator';
import { IsTrustProxy } from './trust-proxy';

export const NODE_ENVS = ['development', 'test', 'production'] as const;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const LOG_FORMATS = ['json', 'pretty'] as const;

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;

/**
 * Every environment variable the hub reads, with its rule. `.env.example` documents each one;
 * a test keeps the two in step.
 */
export class EnvironmentVariables {
  @IsIn(NODE_ENVS)
  NODE_ENV: (typeof NODE_ENVS)[number] = 'development';

  @MinLength(1)
  @IsString()
  HOST = '127.0.0.1';

  @Transform(toInt)
  @Max(65535)
  @Min(1)
  @IsInt() // checked first: decorators apply bottom-up and validation stops at the first error
  PORT = 3000;

  /** Also what the api answers to: requests for another Host get 421 (DNS rebinding); https turns on HSTS and Secure cookies. */
  @IsOptional()
  @IsConnectionUrl(['http:', 'https:'])
  PUBLIC_URL?: string;

  /**
   * The reverse proxies in front of the api, whose X-Forwarded-For / -Proto are believed: unset or
   * `off` (none, the default), a hop count, or comma-separated addresses and CIDRs.
   */
  @IsOptional()
  @IsTrustProxy()
  TRUST_PROXY?: string;

  @IsConnectionUrl(['postgres:', 'postgresql:'], { requirePath: true })
  DATABASE_URL!: string;

  @Transform(toInt)
  @Max(100)
  @Min(1)
  @IsInt() // checked first: decorators apply bottom-up and validation stops at the first error
  DATABASE_POOL_SIZE = 10;

  @IsConnectionUrl(['redis:', 'rediss:'])
  REDIS_URL!: string;

  @MinLength(1)
  @IsString()
  REDIS_PREFIX = 'hub';

  @MinLength(1)
  @IsString()
  WORKER_HEALTH_HOST = '127.0.0.1';

  @Transform(toInt)
  @Max(65535)
  @Min(1)
  @IsInt() // checked first: decorators apply bottom-up and validation stops at the first error
  WORKER_HEALTH_PORT = 3001;

  /** Where the api serves Prometheus metrics (`/metrics`), apart from the public port. */
  @MinLength(1)
  @IsString()
  METRICS_HOST = '127.0.0.1';

  /** 0 turns the api's metrics server off (the tests do). */
  @Transform(toInt)
  @Max(65535)
  @Min(0)
  @IsInt() // checked first: decorators apply bottom-up and validation stops at the first error
  METRICS_PORT = 9464;

  /** Sync runs one worker process works on at once. */
  @Transform(toInt)
  @Max(64)
  @Min(1)
  @IsInt() // checked first: decorators apply bottom-up and validation stops at the first error
  WORKER_SYNC_CONCURRENCY = 4;

  /** Token refreshes one worker process makes at once. */
  @Transform(toInt)
  @Max(500)
  @Min(1)
  @IsInt() // checked first: decorators apply bottom-up and validation stops at the first error
  WORKER_REFRESH_CONCURRENCY = 50;

  /** How long a job's lock lives without renewal; a killed worker's job is taken over after about this (docs/security.md D4). */
  @Transform(toInt)
  @Max(600_000)
  @Min(1_000)
  @IsInt() // checked first: decorators apply bottom-up and validation stops at the first error
  WORKER_LOCK_DURATION_MS = 30_000;

  /** How often workers look for jobs whose worker died (stalled jobs). */
  @Transform(toInt)
  @Max(600_000)
  @Min(500)
  @IsInt() // checked first: decorators apply bottom-up and validation stops at the first error
  WORKER_STALLED_INTERVAL_MS = 30_000;

  /** On SIGTERM, how long running jobs get to finish or checkpoint before they are aborted (below the 30 s grace). */
  @Transform(toInt)
  @Max(25)
  @Min(1)
  @IsInt() // checked first: decorators apply bottom-up and validation stops at the first error
  WORKER_DRAIN_SECONDS = 20;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  @IsIn(LOG_FORMATS)
  LOG_FORMAT: (typeof LOG_FORMATS)[number] = 'json';

  @IsString()
  WEB_DIST_DIR = 'dist/apps/web/browser';

  /** Key-encryption keys; never logged, never defaulted (docs/security.md §2.1). */
  @IsEncryptionKeys()
  ENCRYPTION_KEYS!: string;

  @Transform(toInt)
  @Max(7 * 24 * 60)
  @Min(5)
  @IsInt() // checked first: decorators apply bottom-up and validation stops at the first error
  SESSION_IDLE_TIMEOUT_MINUTES = 720;

  @Transform(toInt)
  @Max(90 * 24)
  @Min(1)
  @IsInt() // checked first: decorators apply bottom-up and validation stops at the first error
  SESSION_ABSOLUTE_TIMEOUT_HOURS = 168;

  @IsOptional()
  @IsEmail()
  HUB_ADMIN_EMAIL?: string;

  @IsOptional()
  @MinLength(12)
  @IsString()
  HUB_ADMIN_PASSWORD?: string;

  /**
   * Private networks the safe database connector may reach (docs/security.md E4), comma-separated CIDRs.
   * Unset: loopback in development and tests, nothing in production.
   */
  @IsOptional()
  @IsCidrList()
  CONNECTOR_ALLOWED_NETWORKS?: string;

  /** The provider sandbox (development and tests only): emulated providers connect there. */
  @IsOptional()
  @IsConnectionUrl(['http:', 'https:'])
  SANDBOX_URL?: string;

  @Matches(/^[a-z0-9-]+(,[a-z0-9-]+)*$/, { message: 'SANDBOX_PROVIDERS must be comma-separated provider ids' })
  SANDBOX_PROVIDERS =
    'dub,google-drive,gmail,google-calendar,google-analytics,slack,github,onedrive,outlook,microsoft-teams';

  @MinLength(8)
  @IsString()
  SANDBOX_CLIENT_SECRET = 'sandbox-client-secret';
}

/** Variables whose values are secrets: a validation message names them but never shows the value. */
export const SECRET_VARIABLES: ReadonlySet<string> = new Set([
  'ENCRYPTION_KEYS',
  'HUB_ADMIN_PASSWORD',
  'SANDBOX_CLIENT_SECRET',
]);

/**
 * OAuth app credentials from the environment, the fallback when an instance admin has not set them
 * through the API: `OAUTH_<APP>_CLIENT_ID` and `OAUTH_<APP>_CLIENT_SECRET`, where `<APP>` is the
 * provider manifest's `auth.appKey` (one Google app serves Drive, Gmail, Calendar and Analytics).
 */
export const OAUTH_APP_VARIABLE = /^OAUTH_([A-Z0-9]+(?:_[A-Z0-9]+)*)_(CLIENT_ID|CLIENT_SECRET)$/;

/** The names of every variable above, read from the validation rules themselves. */
export const ENVIRONMENT_VARIABLE_NAMES: readonly string[] = [
  ...new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(EnvironmentVariables, '', true, false)
      .map((rule) => rule.propertyName),
  ),
];
