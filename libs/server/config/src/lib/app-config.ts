import { KeyEncryptionKey, parseEncryptionKeys } from './encryption-keys';
import { EnvironmentVariables } from './environment';
import { parseCidrList } from './is-cidr-list.validator';
import { parseTrustProxy, type TrustProxy } from './trust-proxy';

/** Where a development or test hub finds its databases; production reaches no private network unless told. */
const LOOPBACK_NETWORKS = ['127.0.0.0/8', '::1/128'];

export interface OAuthAppCredentials {
  clientId?: string;
  clientSecret?: string;
}

/**
 * The typed configuration every server process receives, built once at boot from validated
 * environment variables. It is also the injection token: `constructor(private config: AppConfig)`.
 */
export class AppConfig {
  readonly env: EnvironmentVariables['NODE_ENV'];
  /** `https` is whether PUBLIC_URL is https: HSTS, and Secure `__Host-` cookies, follow it. */
  readonly http: { host: string; port: number; publicUrl: string; https: boolean; trustProxy: TrustProxy };
  readonly database: { url: string; poolSize: number };
  readonly redis: { url: string; prefix: string };
  readonly worker: {
    healthHost: string;
    healthPort: number;
    syncConcurrency: number;
    refreshConcurrency: number;
    lockDurationMs: number;
    stalledIntervalMs: number;
    drainMs: number;
  };
  readonly metrics: { host: string; port: number };
  readonly log: { level: EnvironmentVariables['LOG_LEVEL']; format: EnvironmentVariables['LOG_FORMAT'] };
  readonly web: { distDir: string };
  readonly session: { idleTimeoutMs: number; absoluteTimeoutMs: number; secureCookie: boolean };
  readonly bootstrapAdmin: { email: string; password: string } | null;
  /** CIDRs the safe connectors may reach although private or loopback (`CONNECTOR_ALLOWED_NETWORKS`). */
  readonly connector: { allowedNetworks: readonly string[] };
  /** Where emulated providers live in development and tests; null in production. */
  readonly sandbox: { url: string; providerIds: readonly string[]; clientSecret: string } | null;
  /** The active key first. Not enumerable, so no accidental JSON.stringify or log of the config shows it. */
  declare readonly encryptionKeys: readonly KeyEncryptionKey[];
  /** `OAUTH_<APP>_CLIENT_ID/SECRET` from the environment, by app key (e.g. GOOGLE). Not enumerable either. */
  declare readonly oauthApps: ReadonlyMap<string, OAuthAppCredentials>;

  constructor(env: EnvironmentVariables, oauthApps: ReadonlyMap<string, OAuthAppCredentials> = new Map()) {
    this.env = env.NODE_ENV;
    const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, '');
    const https = new URL(publicUrl).protocol === 'https:';
    this.http = {
      host: env.HOST,
      port: env.PORT,
      publicUrl,
      https,
      trustProxy: parseTrustProxy(env.TRUST_PROXY) ?? false,
    };
    this.database = { url: env.DATABASE_URL, poolSize: env.DATABASE_POOL_SIZE };
    this.redis = { url: env.REDIS_URL, prefix: env.REDIS_PREFIX };
    this.worker = {
      healthHost: env.WORKER_HEALTH_HOST,
      healthPort: env.WORKER_HEALTH_PORT,
      syncConcurrency: env.WORKER_SYNC_CONCURRENCY,
      refreshConcurrency: env.WORKER_REFRESH_CONCURRENCY,
      lockDurationMs: env.WORKER_LOCK_DURATION_MS,
      stalledIntervalMs: env.WORKER_STALLED_INTERVAL_MS,
      drainMs: env.WORKER_DRAIN_SECONDS * 1000,
    };
    this.metrics = { host: env.METRICS_HOST, port: env.METRICS_PORT };
    this.log = { level: env.LOG_LEVEL, format: env.LOG_FORMAT };
    this.web = { distDir: env.WEB_DIST_DIR };
    this.session = {
      idleTimeoutMs: env.SESSION_IDLE_TIMEOUT_MINUTES * 60_000,
      absoluteTimeoutMs: env.SESSION_ABSOLUTE_TIMEOUT_HOURS * 3_600_000,
      // Browsers keep Secure cookies off plain http: whether people reach the hub over https decides, not NODE_ENV.
      secureCookie: https,
    };
    this.bootstrapAdmin =
      env.HUB_ADMIN_EMAIL && env.HUB_ADMIN_PASSWORD
        ? { email: env.HUB_ADMIN_EMAIL, password: env.HUB_ADMIN_PASSWORD }
        : null;
    this.connector = {
      allowedNetworks: env.CONNECTOR_ALLOWED_NETWORKS
        ? (parseCidrList(env.CONNECTOR_ALLOWED_NETWORKS) ?? [])
        : env.NODE_ENV === 'production'
          ? []
          : LOOPBACK_NETWORKS,
    };
    this.sandbox = env.SANDBOX_URL
      ? {
          url: env.SANDBOX_URL.replace(/\/+$/, ''),
          providerIds: env.SANDBOX_PROVIDERS.split(','),
          clientSecret: env.SANDBOX_CLIENT_SECRET,
        }
      : null;
    Object.defineProperty(this, 'encryptionKeys', {
      value: parseEncryptionKeys(env.ENCRYPTION_KEYS) ?? [],
      enumerable: false,
    });
    Object.defineProperty(this, 'oauthApps', { value: oauthApps, enumerable: false });
  }

  get isProduction(): boolean {
    return this.env === 'production';
  }
}
