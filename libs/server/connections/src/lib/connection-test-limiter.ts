import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { actorId } from '@hub/server/audit';
import type { WorkspaceCaller } from '@hub/server/auth';
import { AppConfig } from '@hub/server/config';
import { REDIS } from '@hub/server/redis';

/** Test connections one person (or API key) may try per workspace and minute (SECURITY.md E5). */
export const CONNECTION_TESTS_PER_MINUTE = 10;

/** 429 with Retry-After, as problem+json. */
export class TooManyConnectionTestsException extends HttpException {
  constructor(readonly retryAfterSeconds: number) {
    super(
      {
        detail: `Too many connection tests. Try again in ${retryAfterSeconds} seconds.`,
        extensions: { retryAfterSeconds },
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}

/**
 * Limits test connections per workspace and person, so the form cannot be used to scan a network.
 * Shared by every api replica through Redis, with an in-process fallback while Redis is down (as
 * SignInLimiter does).
 */
@Injectable()
export class ConnectionTestLimiter {
  private readonly limiter: RateLimiterRedis;

  constructor(@Inject(REDIS) redis: Redis, config: AppConfig) {
    const limit = { points: CONNECTION_TESTS_PER_MINUTE, duration: 60 };
    this.limiter = new RateLimiterRedis({
      ...limit,
      storeClient: redis,
      keyPrefix: `${config.redis.prefix}:connection-test`,
      insuranceLimiter: new RateLimiterMemory(limit),
    });
  }

  /** Counts one test; throws 429 when the minute's tests are used up. */
  async consume(caller: WorkspaceCaller): Promise<void> {
    try {
      await this.limiter.consume(`${caller.workspaceId}:${actorId(caller.actor) ?? 'anonymous'}`);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes)
        throw new TooManyConnectionTestsException(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
      throw rejection;
    }
  }
}
