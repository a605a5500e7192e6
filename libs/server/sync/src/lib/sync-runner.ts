import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import type { DataSource } from 'typeorm';
import { ConnectionEntity, SyncRunEntity } from '@hub/server/database';
import {
  IntegrationError,
  type IntegrationProvider,
  ProviderRegistry,
  type ProviderCredentials,
  type SyncPage,
} from '@hub/server/integrations/core';
import { HubMetrics } from '@hub/server/observability';
import { LiveEvents, QueueWorkers } from '@hub/server/redis';
import type { SyncRunStatus } from '@hub/shared/contracts';
import { DEFAULT_RATE_LIMIT_DELAY_MS, SYNC_ERROR_POLICY } from './error-policy';
import { type PreparedPage, RecordWriter, RunNotRunningError } from './record-writer';
import { SYNC_CREDENTIALS, type SyncCredentials } from './sync-credentials';
import type { SyncRunJob } from './sync-queue';
import { ConnectionStates } from './connection-states';
import { syncRunEvent } from './sync-run-view';
import { type RunProblem, SyncRunRows } from './sync-run-rows';

/** A run that keeps dying (crash, OOM, kill) this many starts in a row without committing a page is failed. */
export const MAX_STARTS_WITHOUT_PROGRESS = 8;
/** Another run of the connection is RUNNING: look again after this long (docs/security.md D9). */
const BUSY_RETRY_MS = 5_000;
/** Progress events at most this often per run (the last page always publishes). */
const PROGRESS_EVERY_MS = 500;

export type RunOutcome = Extract<SyncRunStatus, 'SUCCEEDED' | 'CANCELLED'> | 'NOT_RUNNABLE';

class Checkpointed extends Error {}

/**
 * Carries out one sync run (docs/architecture.md "Sync"): loads the connection within the job's
 * workspace, takes the connection's one RUNNING slot, gets credentials, and walks each resource page
 * by page from its cursor, each page committed with its cursor. Errors follow SYNC_ERROR_POLICY; a
 * deploy (SIGTERM) checkpoints at the next page and hands the run to another worker.
 */
@Injectable()
export class SyncRunner {
  private readonly logger = new Logger(SyncRunner.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: ProviderRegistry,
    private readonly writer: RecordWriter,
    private readonly events: LiveEvents,
    private readonly workers: QueueWorkers,
    @Inject(SYNC_CREDENTIALS) private readonly credentials: SyncCredentials,
    private readonly metrics: HubMetrics,
    private readonly states: ConnectionStates,
    private readonly runs: SyncRunRows,
  ) {}

  async execute(job: Job<SyncRunJob>, token?: string): Promise<RunOutcome> {
    const { workspaceId, connectionId } = job.data;
    const connection = await this.dataSource
      .getRepository(ConnectionEntity)
      .findOneBy({ id: connectionId, workspaceId });
    const provider = connection ? this.registry.connectable(connection.providerId) : undefined;
    if (!connection || !provider?.sync || !provider.manifest.sync || connection.status === 'DISCONNECTED') {
      await this.finish(job.data, 'CANCELLED', {
        code: 'NOT_SYNCABLE',
        message: 'The connection cannot sync any more.',
      });
      return 'NOT_RUNNABLE';
    }

    const run = await this.runs.start(job.data);
    if (run === 'busy') return this.defer(job, token, Date.now() + BUSY_RETRY_MS);
    if (!run) return 'NOT_RUNNABLE';
    if (run.cancelRequestedAt) {
      await this.finish(job.data, 'CANCELLED');
      return 'CANCELLED';
    }
    if (run.startsWithoutProgress > MAX_STARTS_WITHOUT_PROGRESS) {
      await this.fail(job.data, connection, null, {
        code: 'NO_PROGRESS',
        message: `The sync stopped ${MAX_STARTS_WITHOUT_PROGRESS} times in a row without saving a page.`,
      });
      throw new UnrecoverableError('The sync keeps stopping without progress');
    }
    await this.publish(run.id);

    try {
      let cancelled = false;
      for (const resource of provider.manifest.sync.resources) {
        cancelled = await this.syncResource(job, token, provider, run, resource.id, connection.syncSelection);
        if (cancelled) break;
      }
      await this.finish(job.data, cancelled ? 'CANCELLED' : 'SUCCEEDED');
      if (!cancelled) await this.markSynced(connection);
      return cancelled ? 'CANCELLED' : 'SUCCEEDED';
    } catch (error) {
      if (error instanceof Checkpointed) return this.defer(job, token, Date.now(), true);
      if (error instanceof RunNotRunningError) return 'CANCELLED';
      if (error instanceof DelayedError || error instanceof UnrecoverableError) throw error;
      // Asked to stop (a cancel, or a disconnect that took the credentials away) and failed on the way:
      // the run ends as it was asked to, not as a failure.
      if (await this.runs.cancelRequested(job.data)) {
        await this.finish(job.data, 'CANCELLED');
        return 'CANCELLED';
      }
      return this.handleFailure(job, token, connection, provider, error);
    }
  }

  /** One resource: from its cursor to its last page; true when the run was cancelled on the way. */
  private async syncResource(
    job: Job<SyncRunJob>,
    token: string | undefined,
    provider: IntegrationProvider,
    run: SyncRunEntity,
    resource: string,
    selection: readonly string[],
  ): Promise<boolean> {
    const base = { workspaceId: run.workspaceId, connectionId: run.connectionId, resource, runId: run.id };
    for (let restarts = 0; ; restarts++) {
      const pass = await this.writer.beginPass(base, run.startedAt);
      // This run finished the resource before a crash or a deploy: nothing left to do.
      if (!pass) return false;
      let credentials = await this.credentials.credentialsFor(base);
      let authRetried = false;
      let cursor = pass.cursor;
      try {
        for (;;) {
          try {
            const result = await this.walk(provider, { ...base, ...pass }, credentials, cursor, selection, job);
            return result === 'cancelled';
          } catch (error) {
            const mapped = provider.toIntegrationError(error);
            if (mapped.code !== 'AUTH_REVOKED' || authRetried) throw error;
            // The token expired or was replaced mid-sync: one forced refresh, then carry on from the cursor.
            authRetried = true;
            credentials = await this.credentials.credentialsFor(base, { rejected: credentials });
            cursor = await this.runs.cursor(base);
          }
        }
      } catch (error) {
        if (error instanceof Checkpointed || error instanceof RunNotRunningError) throw error;
        const mapped = provider.toIntegrationError(error);
        if (mapped.code !== 'CURSOR_INVALID' || restarts > 0) throw error;
        this.logger.warn(`Cursor of ${resource} (connection ${run.connectionId}) is invalid: starting it over.`);
        await this.writer.resetCursor(base);
      }
    }
  }

  /** Fetches pages and commits each; the next page is already being fetched while one is written. */
  private async walk(
    provider: IntegrationProvider,
    target: Parameters<RecordWriter['commitPage']>[0],
    credentials: ProviderCredentials,
    cursor: string | null,
    selection: readonly string[],
    job: Job<SyncRunJob>,
  ): Promise<'done' | 'cancelled'> {
    const abort = new AbortController();
    const onHardStop = () => abort.abort(this.workers.hardStop.reason);
    this.workers.hardStop.addEventListener('abort', onHardStop);
    const pages = provider.sync!({ credentials, resource: target.resource, cursor, selection, signal: abort.signal })[
      Symbol.asyncIterator
    ]();
    // Each page is encoded as soon as it arrives, so while the one before it commits.
    const fetchNext = (): Promise<IteratorResult<PreparedPage, unknown>> =>
      pages.next().then((step) => (step.done ? step : { done: false, value: this.writer.prepare(step.value) }));
    let lastPublish = 0;
    try {
      let next = fetchNext();
      for (;;) {
        let step: IteratorResult<PreparedPage, unknown>;
        try {
          step = await next;
        } catch (error) {
          if (this.workers.hardStop.aborted) throw new Checkpointed();
          throw error;
        }
        if (step.done) {
          // A provider that ended without a final page: close the pass as if it had sent one.
          await this.writer.commitPage(target, { records: [], nextCursor: null });
          return 'done';
        }
        const prepared = step.value;
        const last = prepared.page.nextCursor === null;
        if (!last) {
          next = fetchNext();
          next.catch(() => undefined); // awaited on the next turn; a failure there must not go unhandled now
        }
        const result = await this.writer.commitPage(target, prepared);
        for (const [action, count] of Object.entries(result.counts)) {
          if (count > 0) this.metrics.syncRecords.inc({ provider: provider.manifest.id, action }, count);
        }
        if (last || Date.now() - lastPublish >= PROGRESS_EVERY_MS) {
          lastPublish = Date.now();
          await this.publish(target.runId);
          await job.updateProgress({ resource: target.resource }).catch(() => undefined);
        }
        if (result.cancelRequested) return 'cancelled';
        if (last) return 'done';
        if (this.workers.isDraining) throw new Checkpointed();
      }
    } finally {
      this.workers.hardStop.removeEventListener('abort', onHardStop);
      abort.abort();
      await pages.return?.().catch(() => undefined);
    }
  }

  private async handleFailure(
    job: Job<SyncRunJob>,
    token: string | undefined,
    connection: ConnectionEntity,
    provider: IntegrationProvider,
    error: unknown,
  ): Promise<never> {
    const mapped = error instanceof IntegrationError ? error : provider.toIntegrationError(error);
    const policy = SYNC_ERROR_POLICY[mapped.code];
    const problem = { code: mapped.code, message: mapped.message };
    if (policy.action === 'delay') {
      const waitMs = mapped.options.retryAfterMs ?? DEFAULT_RATE_LIMIT_DELAY_MS;
      await this.waitToRetry(job.data, problem, new Date(Date.now() + waitMs));
      this.logger.log(`Run ${job.data.runId}: ${provider.manifest.name} asked to wait ${Math.round(waitMs / 1000)} s.`);
      return this.defer(job, token, Date.now() + waitMs, true);
    }
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    if (policy.action === 'stop' || policy.action === 'restart' || lastAttempt) {
      await this.fail(job.data, connection, policy.connection, problem);
      if (policy.action !== 'retry') throw new UnrecoverableError(mapped.message);
      throw mapped;
    }
    this.logger.warn(
      `Run ${job.data.runId} failed (attempt ${job.attemptsMade + 1}): ${mapped.code} ${mapped.message}`,
    );
    await this.waitToRetry(job.data, problem, null);
    throw mapped;
  }

  /** Hands the job back to the queue for later (not a failed attempt), as BullMQ documents for DelayedError. */
  private async defer(
    job: Job<SyncRunJob>,
    token: string | undefined,
    at: number,
    keepProgress = false,
  ): Promise<never> {
    if (!keepProgress) await this.runs.uncountStart(job.data);
    await job.moveToDelayed(at, token);
    throw new DelayedError();
  }

  private async waitToRetry(ref: SyncRunJob, problem: RunProblem, retryAt: Date | null) {
    await this.runs.waitToRetry(ref, problem, retryAt);
    await this.publish(ref.runId);
  }

  private async finish(ref: SyncRunJob, status: 'SUCCEEDED' | 'CANCELLED' | 'FAILED', problem?: RunProblem) {
    await this.runs.finish(ref, status, problem);
    const run = await this.publish(ref.runId);
    if (run?.status === status) this.metrics.syncRuns.inc({ provider: run.providerId, status });
  }

  private async fail(
    ref: SyncRunJob,
    connection: ConnectionEntity,
    next: { status: 'ERROR'; reason: ConnectionEntity['statusReason'] } | null,
    problem: RunProblem,
  ): Promise<void> {
    await this.finish(ref, 'FAILED', problem);
    if (!next) return;
    // Only from ACTIVE: the token service may have set a more precise reason already (NEEDS_REAUTH on
    // invalid_grant), and a disconnected connection stays disconnected.
    await this.states.announce(
      await this.states.markError(
        { workspaceId: connection.workspaceId, connectionId: connection.id },
        { reason: next.reason!, message: problem.message, from: ['ACTIVE'] },
      ),
    );
  }

  /** After a successful run: when it synced, and out of a temporary error state. */
  private async markSynced(connection: ConnectionEntity): Promise<void> {
    await this.states.announce(
      await this.states.synced({ workspaceId: connection.workspaceId, connectionId: connection.id }),
    );
  }

  private async publish(runId: string): Promise<SyncRunEntity | null> {
    const run = await this.runs.find(runId);
    if (run) await this.events.publish(run.workspaceId, syncRunEvent(run));
    return run;
  }
}
