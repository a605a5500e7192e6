import { Injectable, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckResult, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { RedisHealthIndicator } from '@hub/server/redis';

/** Liveness and readiness, the same for the api and the worker's probe port. */
@Injectable()
export class HealthService {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
  ) {}

  /** The process is up and its event loop answers; says nothing about dependencies. */
  liveness() {
    return this.health.check([]);
  }

  /** PostgreSQL and Redis both answer; throws ServiceUnavailableException (503) otherwise. */
  async readiness(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([
        () => this.database.pingCheck('database', { timeout: 1_500 }),
        () => this.redis.pingCheck('redis', 1_500),
      ]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const result = error.getResponse() as HealthCheckResult;
      const failing = Object.entries(result.error ?? {}).map(([name, check]) => `${name} (${String(check?.['message'] ?? 'down')})`);
      throw new ServiceUnavailableException({ detail: `Not ready: ${failing.join(', ')}.`, extensions: { checks: result.details } });
    }
  }
}
