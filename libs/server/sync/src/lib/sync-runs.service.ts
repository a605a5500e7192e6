import { InjectQueue } from '@nestjs/bullmq';
import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import type { DataSource, EntityManager } from 'typeorm';
import type { SyncRunTrigger } from '@hub/shared/contracts';
import { ConnectionEntity, SyncRunEntity } from '@hub/server/database';
import { ProviderRegistry } from '@hub/server/integrations/core';
import { enqueue, LiveEvents, queueCall } from '@hub/server/redis';
import { NEEDS_A_PERSON } from './error-policy';
import { SYNC_JOBS, SYNC_QUEUE, SYNC_RUN_JOB_OPTIONS, type SyncRunJob } from './sync-queue';
import { syncRunEvent, toSyncRunView, type SyncRunView } from './sync-run-view';

export interface ConnectionRef {
  readonly workspaceId: string;
  readonly connectionId: string;
}

/**
 * A burst of clicks is one request: a click joins a running run queued less than this long before,
 * or one that has not yet written its first page; it reads what the click wants.
 */
const JOIN_WITHIN_MS = 5_000;

/** Reasons a connection cannot sync until a person acts (reconnects, fixes the configuration). */
/**
 * Queues sync runs and answers about them. "Sync now" joins the run that is waiting, or one queued
 * moments ago, so a burst of clicks names one run; a click while a longer run is under way queues one
 * follow-up, which later clicks join (docs/security.md D8, S13). The partial unique indexes make this hold
 * across api replicas.
 */
@Injectable()
export class SyncRunsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: ProviderRegistry,
    @InjectQueue(SYNC_QUEUE) private readonly queue: Queue,
    private readonly events: LiveEvents,
  ) {}

  /**
   * The run that will carry out this request: the waiting one, or a new one. Throws 404 for another
   * workspace's connection, 409 when the connection cannot sync, 503 when the queue is down.
   */
  async request(
    ref: ConnectionRef,
    trigger: SyncRunTrigger,
    requestedBy: string | null = null,
  ): Promise<{ run: SyncRunView; created: boolean }> {
    const connection = await this.dataSource
      .getRepository(ConnectionEntity)
      .findOneBy({ id: ref.connectionId, workspaceId: ref.workspaceId });
    if (!connection) throw new NotFoundException({ detail: 'No such connection in this workspace.' });
    const problem = this.whyNotSyncable(connection);
    if (problem) throw new ConflictException({ detail: problem });

    const runs = this.dataSource.getRepository(SyncRunEntity);
    for (let attempt = 0; attempt < 3; attempt++) {
      const waiting = await runs
        .createQueryBuilder('r')
        .where('r.workspace_id = :workspaceId AND r.connection_id = :connectionId', ref)
        .andWhere(
          `(r.status = 'QUEUED'
            OR (r.status = 'RUNNING' AND r.pages = 0 AND r.cancel_requested_at IS NULL)
            OR (r.status = 'RUNNING' AND r.cancel_requested_at IS NULL
                AND r.queued_at > now() - make_interval(secs => :joinSeconds)))`,
          { joinSeconds: JOIN_WITHIN_MS / 1000 },
        )
        .orderBy(`r.status = 'QUEUED'`, 'DESC')
        .addOrderBy('r.queued_at', 'DESC')
        .getOne();
      if (waiting) return { run: toSyncRunView(waiting), created: false };

      const [inserted] = (await this.dataSource.query(
        `INSERT INTO sync_runs (workspace_id, connection_id, provider_id, trigger, status, requested_by)
         VALUES ($1, $2, $3, $4, 'QUEUED', $5)
         ON CONFLICT (connection_id) WHERE status = 'QUEUED' DO NOTHING
         RETURNING id`,
        [ref.workspaceId, ref.connectionId, connection.providerId, trigger, requestedBy],
      )) as { id: string }[];
      // Another request queued one between our look and our insert: join it.
      if (!inserted) continue;

      const run = await runs.findOneByOrFail({ id: inserted.id });
      const job: SyncRunJob = { workspaceId: ref.workspaceId, connectionId: ref.connectionId, runId: run.id };
      try {
        await enqueue(this.queue, SYNC_JOBS.run, job, { ...SYNC_RUN_JOB_OPTIONS, jobId: run.id });
      } catch (error) {
        // Nothing will run it: do not leave a run that looks queued.
        await runs.delete({ id: run.id, status: 'QUEUED' });
        throw error;
      }
      await this.events.publish(ref.workspaceId, syncRunEvent(run));
      return { run: toSyncRunView(run), created: true };
    }
    throw new ConflictException({ detail: 'Sync requests for this connection are racing; try again.' });
  }

  /** Asks every queued or running run of the connection to stop (disconnect): each ends CANCELLED after its page. */
  async cancelUnderWay(ref: ConnectionRef, manager: EntityManager): Promise<void> {
    await manager.query(
      `UPDATE sync_runs SET cancel_requested_at = COALESCE(cancel_requested_at, now())
       WHERE workspace_id = $1 AND connection_id = $2 AND status IN ('QUEUED', 'RUNNING')`,
      [ref.workspaceId, ref.connectionId],
    );
  }

  /**
   * Cancels a run: a queued (or waiting-to-retry) one at once, a running one after the page it is
   * writing. Its cursor stays, so the next run carries on from there.
   */
  async cancel(ref: ConnectionRef, runId: string): Promise<SyncRunView> {
    const run = await this.find(ref, runId);
    if (run.status !== 'QUEUED' && run.status !== 'RUNNING') {
      throw new ConflictException({ detail: `This run has already ended (${run.status}).` });
    }
    await this.dataSource.query(
      `UPDATE sync_runs SET cancel_requested_at = COALESCE(cancel_requested_at, now())
       WHERE id = $1 AND workspace_id = $2 AND status IN ('QUEUED', 'RUNNING')`,
      [run.id, ref.workspaceId],
    );
    // A job not being worked on (queued, or delayed for a retry) is removed and the run ends now.
    const job = await queueCall(this.queue, () => this.queue.getJob(run.id)).catch(() => undefined);
    const idle = !job || (await job.isWaiting()) || (await job.isDelayed());
    if (idle) {
      await job?.remove().catch(() => undefined);
      await this.dataSource.query(
        `UPDATE sync_runs SET status = 'CANCELLED', finished_at = now(), retry_at = NULL
         WHERE id = $1 AND workspace_id = $2 AND status IN ('QUEUED', 'RUNNING')`,
        [run.id, ref.workspaceId],
      );
    }
    const after = await this.find(ref, runId);
    await this.events.publish(ref.workspaceId, syncRunEvent(after));
    return toSyncRunView(after);
  }

  async get(ref: ConnectionRef, runId: string): Promise<SyncRunView> {
    return toSyncRunView(await this.find(ref, runId));
  }

  /** Newest first; `before` is the `queuedAt` of the last run of the previous page. */
  async list(ref: ConnectionRef, { limit, before }: { limit: number; before?: Date }): Promise<SyncRunView[]> {
    await this.mustHaveConnection(ref);
    const query = this.dataSource
      .getRepository(SyncRunEntity)
      .createQueryBuilder('r')
      .where('r.workspace_id = :workspaceId AND r.connection_id = :connectionId', ref)
      .orderBy('r.queued_at', 'DESC')
      .addOrderBy('r.id', 'DESC')
      .take(limit);
    if (before) query.andWhere('r.queued_at < :before', { before });
    return (await query.getMany()).map(toSyncRunView);
  }

  /** Why this connection cannot sync now, in words for the person who asked; null when it can. */
  whyNotSyncable(connection: ConnectionEntity): string | null {
    const provider = this.registry.connectable(connection.providerId);
    if (!provider?.sync || !provider.manifest.sync) {
      return `${provider?.manifest.name ?? connection.providerId} has nothing to sync.`;
    }
    if (connection.status === 'DISCONNECTED') return 'This connection is disconnected; connect it again to sync.';
    if (connection.status === 'ERROR' && connection.statusReason && NEEDS_A_PERSON.has(connection.statusReason)) {
      return connection.statusMessage ?? 'This connection needs attention before it can sync; connect it again.';
    }
    return null;
  }

  private async find(ref: ConnectionRef, runId: string): Promise<SyncRunEntity> {
    const run = await this.dataSource
      .getRepository(SyncRunEntity)
      .findOneBy({ id: runId, workspaceId: ref.workspaceId, connectionId: ref.connectionId });
    if (!run) throw new NotFoundException({ detail: 'No such sync run for this connection.' });
    return run;
  }

  private async mustHaveConnection(ref: ConnectionRef): Promise<void> {
    const found = await this.dataSource
      .getRepository(ConnectionEntity)
      .existsBy({ id: ref.connectionId, workspaceId: ref.workspaceId });
    if (!found) throw new NotFoundException({ detail: 'No such connection in this workspace.' });
  }
}
