import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { actorId } from '@hub/server/audit';
import type { WorkspaceCaller } from '@hub/server/auth';
import { AppConfig } from '@hub/server/config';
import { REDIS } from '@hub/server/redis';

/** Connection attempts one person (or API key) may make per workspace and minute (docs/security.md E5). */
export const CONNECTION_TESTS_PER_MINUTE = 10;
/** … and a whole workspace, so several people or keys cannot add up to a scanner. */
export const WORKSPACE_CONNECTION_TESTS_PER_MINUTE = 30;

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
 * Limits connection attempts — a "Test connection" and a save alike, whichever route makes them — per
 * person and per workspace, so the form cannot be used to scan a network. Shared by every api replica
 * through Redis, with an in-process fallback while Redis is down (as SignInLimiter does).
 */
@Injectable()
export class ConnectionTestLimiter {
  private readonly perPerson: RateLimiterRedis;
  private readonly perWorkspace: RateLimiterRedis;

  constructor(@Inject(REDIS) redis: Redis, config: AppConfig) {
    const limiter = (points: number, name: string) =>
      new RateLimiterRedis({
        points,
        duration: 60,
        storeClient: redis,
        keyPrefix: `${config.redis.prefix}:${name}`,
        insuranceLimiter: new RateLimiterMemory({ points, duration: 60 }),
      });
    this.perPerson = limiter(CONNECTION_TESTS_PER_MINUTE, 'connection-test');
    this.perWorkspace = limiter(WORKSPACE_CONNECTION_TESTS_PER_MINUTE, 'connection-test-workspace');
  }

  /** Counts one attempt; throws 429 when the person's or the workspace's minute is used up. */
  async consume(caller: WorkspaceCaller): Promise<void> {
    try {
      await this.perPerson.consume(`${caller.workspaceId}:${actorId(caller.actor) ?? 'anonymous'}`);
      await this.perWorkspace.consume(caller.workspaceId);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes)
        throw new TooManyConnectionTestsException(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
      throw rejection;
    }
  }
}
