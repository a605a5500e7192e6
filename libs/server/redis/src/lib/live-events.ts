import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { Observable, Subject, filter, map } from 'rxjs';
import { AppConfig } from '@hub/server/config';
import type { LiveEvent } from '@hub/shared/contracts';
import { REDIS } from './redis.constants';

const channelOf = (prefix: string, workspaceId: string) => `${prefix}:events:${workspaceId}`;

/**
 * Connection and sync events for the browsers of one workspace, over Redis pub/sub (docs/architecture.md
 * "Live status"). Fire and forget: a lost event costs a stale card until the next one or a reload,
 * never a failed job, so publishing never throws.
 */
@Injectable()
export class LiveEvents {
  private readonly logger = new Logger(LiveEvents.name);
  private failing = false;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly config: AppConfig,
  ) {}

  async publish(workspaceId: string, event: LiveEvent): Promise<void> {
    try {
      await this.redis.publish(channelOf(this.config.redis.prefix, workspaceId), JSON.stringify(event));
      this.failing = false;
    } catch (error) {
      if (!this.failing) this.logger.warn(`Live events are not being delivered (${(error as Error).message}).`);
      this.failing = true;
    }
  }
}

/**
 * The api's side: one subscriber connection per process for every workspace's channel, fanned out
 * to each browser's stream by workspace. The connection subscribes lazily, on the first stream.
 */
@Injectable()
export class LiveEventsFeed implements OnApplicationShutdown {
  private readonly events = new Subject<{ workspaceId: string; event: LiveEvent }>();
  private subscriber?: Redis;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly config: AppConfig,
  ) {}

  /** The events of one workspace, as they are published. */
  stream(workspaceId: string): Observable<LiveEvent> {
    this.ensureSubscribed();
    return this.events.pipe(
      filter((e) => e.workspaceId === workspaceId),
      map((e) => e.event),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    this.events.complete();
    await this.subscriber?.quit().catch(() => this.subscriber?.disconnect());
  }

  private ensureSubscribed(): void {
    if (this.subscriber) return;
    const prefix = `${this.config.redis.prefix}:events:`;
    // A subscriber connection can do nothing else; it re-subscribes by itself after a reconnect.
    // Subscribing is offline-queued even though the api's client is not: it happens once Redis is back.
    const subscriber = this.redis.duplicate({ enableOfflineQueue: true, connectionName: 'hub-events' });
    subscriber.on('error', () => undefined);
    subscriber.on('pmessage', (_pattern: string, channel: string, message: string) => {
      try {
        this.events.next({ workspaceId: channel.slice(prefix.length), event: JSON.parse(message) as LiveEvent });
      } catch {
        // Not ours, or not JSON: ignore.
      }
    });
    void subscriber.psubscribe(`${prefix}*`).catch(() => undefined);
    this.subscriber = subscriber;
  }
}
