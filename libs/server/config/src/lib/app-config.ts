import { EnvironmentVariables } from './environment';

/**
 * The typed configuration every server process receives, built once at boot from validated
 * environment variables. It is also the injection token: `constructor(private config: AppConfig)`.
 */
export class AppConfig {
  readonly env: EnvironmentVariables['NODE_ENV'];
  readonly http: { host: string; port: number; publicUrl: string };
  readonly database: { url: string; poolSize: number };
  readonly redis: { url: string; prefix: string };
  readonly worker: { healthHost: string; healthPort: number };
  readonly log: { level: EnvironmentVariables['LOG_LEVEL']; format: EnvironmentVariables['LOG_FORMAT'] };
  readonly web: { distDir: string };

  constructor(env: EnvironmentVariables) {
    this.env = env.NODE_ENV;
    this.http = {
      host: env.HOST,
      port: env.PORT,
      publicUrl: (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ''),
    };
    this.database = { url: env.DATABASE_URL, poolSize: env.DATABASE_POOL_SIZE };
    this.redis = { url: env.REDIS_URL, prefix: env.REDIS_PREFIX };
    this.worker = { healthHost: env.WORKER_HEALTH_HOST, healthPort: env.WORKER_HEALTH_PORT };
    this.log = { level: env.LOG_LEVEL, format: env.LOG_FORMAT };
    this.web = { distDir: env.WEB_DIST_DIR };
  }

  get isProduction(): boolean {
    return this.env === 'production';
  }
}
