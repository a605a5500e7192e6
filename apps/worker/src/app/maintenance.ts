import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Job, type Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { AppConfig } from '@hub/server/config';
import { REVOCATION_JOB_OPTIONS, REVOCATIONS_QUEUE } from '@hub/server/connections';
import { MAINTENANCE_QUEUE, QueueWorkers } from '@hub/server/redis';
import { SyncSchedules } from '@hub/server/sync';

const EVERY_MS = 5 * 60_000;

/**
 * Housekeeping, once every five minutes across all replicas (a job scheduler), and once at each
 * worker's boot: sync schedulers reconciled from PostgreSQL (docs/security.md D7, S9), revocation retries
 * whose jobs were lost queued again, and expired sessions deleted.
 */
@Injectable()
export class Maintenance implements OnApplicationBootstrap {
  private readonly logger = new Logger(Maintenance.name);

  constructor(
    @InjectQueue(MAINTENANCE_QUEUE) private readonly queue: Queue,
    @InjectQueue(REVOCATIONS_QUEUE) private readonly revocations: Queue,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly schedules: SyncSchedules,
    private readonly workers: QueueWorkers,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.workers.start(MAINTENANCE_QUEUE, (job: Job) => this.run(job.name));
    await this.queue
      .upsertJobScheduler('maintenance', { every: EVERY_MS }, { name: 'housekeeping', opts: { removeOnComplete: 10 } })
      .catch((error: Error) => this.logger.warn(`Could not schedule housekeeping yet: ${error.message}`));
    // At boot too, so a fresh deployment has its schedules before the first tick.
    void this.run('boot').catch((error: Error) => this.logger.warn(`Boot reconcile failed: ${error.message}`));
  }

  async run(reason: string): Promise<string> {
    const schedules = await this.schedules.reconcileAll();
    const revocations = await this.requeueRevocations();
    const sessions = await this.deleteExpiredSessions();
    const summary =
      `${
        schedules
          ? `schedules +${schedules.upserted} -${schedules.removed} =${schedules.unchanged}, ` +
            `runs re-queued ${schedules.requeuedRuns}`
          : 'schedules reconciled by another worker'
      }; ` + `revocations re-queued ${revocations}; expired sessions deleted ${sessions}`;
    this.logger.log(`Housekeeping (${reason}): ${summary}`);
    return summary;
  }

  private async requeueRevocations(): Promise<number> {
    const rows = (await this.dataSource.query(
      `SELECT id, workspace_id FROM pending_revocations WHERE created_at < now() - interval '5 minutes'`,
    )) as { id: string; workspace_id: string }[];
    let requeued = 0;
    for (const row of rows) {
      if (await this.revocations.getJob(row.id)) continue;
      await this.revocations.add(
        'revoke',
        { workspaceId: row.workspace_id, pendingRevocationId: row.id },
        { ...REVOCATION_JOB_OPTIONS, jobId: row.id },
      );
      requeued++;
    }
    return requeued;
  }

  private async deleteExpiredSessions(): Promise<number> {
    const [, deleted] = (await this.dataSource.query(
      `DELETE FROM sessions WHERE expires_at < now() OR last_seen_at < now() - make_interval(secs => $1)`,
      [this.config.session.idleTimeoutMs / 1000],
    )) as [unknown, number];
    return deleted;
  }
}
