import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { REDIS } from './redis.constants';

/**
 * BullMQ loses jobs silently if Redis evicts keys under memory pressure, so anything but
 * `noeviction` gets a loud warning at boot.
 */
@Injectable()
export class EvictionPolicyCheck implements OnApplicationBootstrap {
  private readonly logger = new Logger(EvictionPolicyCheck.name);

  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  onApplicationBootstrap(): void {
    // Never delay boot: the api must start (and serve reads) while Redis is still coming up.
    if (this.redis.status === 'ready') void this.check();
    else this.redis.once('ready', () => void this.check());
  }

  async check(): Promise<void> {
    const policy = await this.readPolicy();
    if (policy === 'noeviction') return;
    if (policy === undefined) {
      this.logger.warn('Could not read Redis maxmemory-policy; make sure it is "noeviction" or queued jobs may be lost.');
      return;
    }
    this.logger.warn(
      `Redis maxmemory-policy is "${policy}", not "noeviction": under memory pressure Redis will delete queued jobs ` +
        'and locks. Set `maxmemory-policy noeviction` in redis.conf (or CONFIG SET maxmemory-policy noeviction).',
    );
  }

  private async readPolicy(): Promise<string | undefined> {
    try {
      const reply = (await this.redis.call('CONFIG', 'GET', 'maxmemory-policy')) as string[];
      return reply[1];
    } catch {
      return undefined;
    }
  }
}
