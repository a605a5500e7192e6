import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AppConfig } from '@hub/server/config';
import { REDIS } from '@hub/server/redis';

/** 429 with Retry-After, as problem+json. */
export class TooManyAttemptsException extends HttpException {
  constructor(readonly retryAfterSeconds: number) {
    super(
      {
        detail: `Too many sign-in attempts. Try again in ${retryAfterSeconds} seconds.`,
        extensions: { retryAfterSeconds },
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}

/**
 * Limits sign-in attempts per client address (request.ip, so behind a trusted proxy each person's
 * own, not the proxy's) and per email, shared by every api replica through
 * Redis (with an in-process fallback while Redis is down, so the limit never silently disappears).
 */
@Injectable()
export class SignInLimiter {
  private readonly perAddress: RateLimiterRedis;
  private readonly perEmail: RateLimiterRedis;

  constructor(@Inject(REDIS) redis: Redis, config: AppConfig) {
    const common = { storeClient: redis, keyPrefix: `${config.redis.prefix}:sign-in` };
    this.perAddress = new RateLimiterRedis({
      ...common,
      keyPrefix: `${common.keyPrefix}:ip`,
      points: 30,
      duration: 10 * 60,
      insuranceLimiter: new RateLimiterMemory({ points: 30, duration: 10 * 60 }),
    });
    this.perEmail = new RateLimiterRedis({
      ...common,
      keyPrefix: `${common.keyPrefix}:email`,
      points: 10,
      duration: 15 * 60,
      insuranceLimiter: new RateLimiterMemory({ points: 10, duration: 15 * 60 }),
    });
  }

  /** Counts one attempt; throws 429 when either limit is used up. */
  async consume(ip: string | undefined, email: string): Promise<void> {
    try {
      await Promise.all([this.perAddress.consume(ip ?? 'unknown'), this.perEmail.consume(email.trim().toLowerCase())]);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes)
        throw new TooManyAttemptsException(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
      throw rejection;
    }
  }

  /** A successful sign-in clears the email's count (the address keeps its own). */
  async reset(email: string): Promise<void> {
    await this.perEmail.delete(email.trim().toLowerCase()).catch(() => undefined);
  }
}
