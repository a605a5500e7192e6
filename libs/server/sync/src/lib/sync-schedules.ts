import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { AppConfig } from '@hub/server/config';
import { ConnectionEntity } from '@hub/server/database';
import { ProviderRegistry } from '@hub/server/integrations/core';
import { queueCall, REDIS, RedisLease } from '@hub/server/redis';
import {
  type ScheduledSyncJob,
  SYNC_JOBS,
  SYNC_QUEUE,
  SYNC_RUN_JOB_OPTIONS,
  SYNC_SCHEDULER_PREFIX,
  syncSchedulerId,
} from './sync-queue';
import type { ConnectionRef } from './sync-runs.service';

type Scheduled = Pick<ConnectionEntity, 'id' | 'workspaceId' | 'providerId' | 'status' | 'syncEnabled'> & {
  syncFrequencyMinutes: number;
};

export interface ReconcileResult {
  upserted: number;
  removed: number;
  unchanged: number;
  requeuedRuns: number;
}

/** Queued runs older than this without a job were lost (Redis restarted without persistence): queue them again. */
const LOST_RUN_AGE_MS = 5 * 60_000;

/**
 * One BullMQ job scheduler per syncing connection (docs/security.md D7), always derived from PostgreSQL:
 * `apply` after any change to a connection, and `reconcileAll` at worker boot and every few minutes
 * under a lease, which also re-queues runs whose jobs were lost (S9).
 */
@Injectable()
export class SyncSchedules {
  private readonly logger = new Logger(SyncSchedules.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(SYNC_QUEUE) private readonly queue: Queue,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly registry: ProviderRegistry,
    private readonly config: AppConfig,
  ) {}

  /**
   * Makes one connection's scheduler match the database. Never throws: with Redis down the change is
   * logged and the reconciler catches up when it is back.
   */
  async apply(ref: ConnectionRef): Promise<void> {
    try {
      const connection = await this.dataSource
        .getRepository(ConnectionEntity)
        .findOneBy({ id: ref.connectionId, workspaceId: ref.workspaceId });
      const everyMs = connection ? this.everyMs(connection) : null;
      const id = syncSchedulerId(ref.connectionId);
      if (everyMs === null) {
        await queueCall(this.queue, () => this.queue.removeJobScheduler(id));
        return;
      }
      const existing = await queueCall(this.queue, () => this.queue.getJobScheduler(id));
      if (existing?.every !== everyMs) await queueCall(this.queue, () => this.upsert(connection!, everyMs));
    } catch (error) {
      this.logger.warn(
        `Could not update the sync schedule of connection ${ref.connectionId} (${(error as Error).message}); ` +
          'the reconciler will.',
      );
    }
  }

  /** Every connection's scheduler from PostgreSQL; null when another worker is reconciling right now. */
  async reconcileAll(): Promise<ReconcileResult | null> {
    const lease = await RedisLease.tryAcquire(this.redis, `${this.config.redis.prefix}:lease:sync-schedules`, {
      ttlMs: 60_000,
      renewEveryMs: 20_000,
    });
    if (!lease) return null;
    try {
      const connections = (await this.dataSource.getRepository(ConnectionEntity).find({
        select: {
          id: true,
          workspaceId: true,
          providerId: true,
          status: true,
          syncEnabled: true,
          syncFrequencyMinutes: true,
        },
      })) as Scheduled[];
      const desired = new Map<string, { connection: Scheduled; everyMs: number }>();
      for (const connection of connections) {
        const everyMs = this.everyMs(connection);
        if (everyMs !== null) desired.set(syncSchedulerId(connection.id), { connection, everyMs });
      }
      const result: ReconcileResult = { upserted: 0, removed: 0, unchanged: 0, requeuedRuns: 0 };
      const existing = (await this.queue.getJobSchedulers(0, -1)).filter((s) =>
        (s.id ?? s.key).startsWith(SYNC_SCHEDULER_PREFIX),
      );
      const seen = new Set<string>();
      for (const scheduler of existing) {
        const id = scheduler.id ?? scheduler.key;
        seen.add(id);
        const want = desired.get(id);
        if (!want) {
          await this.queue.removeJobScheduler(id);
          result.removed++;
        } else if (scheduler.every !== want.everyMs) {
          await this.upsert(want.connection, want.everyMs);
          result.upserted++;
        } else {
          result.unchanged++;
        }
      }
      for (const [id, want] of desired) {
        if (seen.has(id)) continue;
        await this.upsert(want.connection, want.everyMs);
        result.upserted++;
      }
      result.requeuedRuns = await this.requeueLostRuns();
      return result;
    } finally {
      await lease.release();
    }
  }

  /** Runs QUEUED (or RUNNING) for a while whose job is gone: add it again, under the run's id. */
  private async requeueLostRuns(): Promise<number> {
    const rows = (await this.dataSource.query(
      `SELECT id, workspace_id, connection_id FROM sync_runs
       WHERE status IN ('QUEUED', 'RUNNING') AND queued_at < now() - make_interval(secs => $1)`,
      [LOST_RUN_AGE_MS / 1000],
    )) as { id: string; workspace_id: string; connection_id: string }[];
    let requeued = 0;
    for (const row of rows) {
      if (await this.queue.getJob(row.id)) continue;
      await this.queue.add(
        SYNC_JOBS.run,
        { workspaceId: row.workspace_id, connectionId: row.connection_id, runId: row.id },
        { ...SYNC_RUN_JOB_OPTIONS, jobId: row.id },
      );
      requeued++;
    }
    if (requeued > 0) this.logger.warn(`Re-queued ${requeued} sync runs whose jobs were lost.`);
    return requeued;
  }

  private upsert(connection: Scheduled, everyMs: number) {
    const data: ScheduledSyncJob = { workspaceId: connection.workspaceId, connectionId: connection.id };
    return this.queue.upsertJobScheduler(
      syncSchedulerId(connection.id),
      // The first tick after one period: a new connection gets its initial sync on connect.
      { every: everyMs, startDate: Date.now() + everyMs },
      { name: SYNC_JOBS.scheduled, data, opts: { removeOnComplete: 100, removeOnFail: 500 } },
    );
  }

  /** How often this connection syncs on schedule, or null when it does not. */
  private everyMs(connection: Scheduled): number | null {
    if (connection.status === 'DISCONNECTED' || !connection.syncEnabled) return null;
    const provider = this.registry.connectable(connection.providerId);
    if (!provider?.sync || !provider.manifest.sync) return null;
    return connection.syncFrequencyMinutes * 60_000;
  }
}
