import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Job } from 'bullmq';
import type { DataSource } from 'typeorm';
import { AppConfig } from '@hub/server/config';
import { ConnectionEntity } from '@hub/server/database';
import { QueueWorkers } from '@hub/server/redis';
import { type ScheduledSyncJob, SYNC_JOBS, SYNC_QUEUE, type SyncRunJob } from './sync-queue';
import { SyncRunner } from './sync-runner';
import { SyncRunsService } from './sync-runs.service';

/**
 * The sync queue's worker: runs sync runs, and turns schedule ticks into SCHEDULED runs.
 *
 * BullMQ fails a job after `maxStalledCount` worker deaths; a long sync survives many deploys and
 * kills, so that count is set high and SyncRunner fails a run instead when it keeps dying without
 * committing a page (MAX_STARTS_WITHOUT_PROGRESS): progress-aware, which BullMQ's count is not.
 */
@Injectable()
export class SyncProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger(SyncProcessor.name);

  constructor(
    private readonly workers: QueueWorkers,
    private readonly runner: SyncRunner,
    private readonly runs: SyncRunsService,
    private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onApplicationBootstrap(): void {
    this.workers.start(SYNC_QUEUE, (job: Job, token?: string) => this.process(job, token), {
      concurrency: this.config.worker.syncConcurrency,
      maxStalledCount: 1_000,
    });
  }

  async process(job: Job, token?: string): Promise<string> {
    if (job.name === SYNC_JOBS.run) return this.runner.execute(job as Job<SyncRunJob>, token);
    if (job.name === SYNC_JOBS.scheduled) return this.scheduled(job.data as ScheduledSyncJob);
    throw new Error(`Unknown sync job "${job.name}"`);
  }

  private async scheduled({ workspaceId, connectionId }: ScheduledSyncJob): Promise<string> {
    const connection = await this.dataSource
      .getRepository(ConnectionEntity)
      .findOneBy({ id: connectionId, workspaceId });
    const problem = connection ? this.runs.whyNotSyncable(connection) : 'gone';
    if (problem) {
      this.logger.debug(`Scheduled sync of ${connectionId} skipped: ${problem}`);
      return 'skipped';
    }
    const { run, created } = await this.runs.request({ workspaceId, connectionId }, 'SCHEDULED');
    return created ? `queued ${run.id}` : `joined ${run.id}`;
  }
}
