import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Job, type Queue } from 'bullmq';
import type Redis from 'ioredis';
import type { DataSource } from 'typeorm';
import { AppConfig } from '@hub/server/config';
import { IntegrationError } from '@hub/server/integrations/core';
import { HubMetrics } from '@hub/server/observability';
import { QueueWorkers, REDIS } from '@hub/server/redis';
import { TokenService } from './token.service';

export const TOKEN_REFRESH_QUEUE = 'token-refresh';
export const TOKEN_REFRESH_JOBS = { scan: 'scan', refresh: 'refresh' } as const;

/** Ids only (docs/security.md B7). */
export interface RefreshTarget {
  readonly workspaceId: string;
  readonly connectionId: string;
  readonly providerId: string;
}

/** Several connections per job: BullMQ's own work per job costs more than a refresh's database work. */
export interface RefreshBatchJob {
  readonly connections: readonly RefreshTarget[];
}

const SCAN_EVERY_MS = 60_000;
/** Refresh this long before the token's margin is reached, so a scan never arrives too late. */
const LOOKAHEAD_MS = 2 * SCAN_EVERY_MS;
const ADD_BATCH = 1_000;
/** Connections per refresh job; WORKER_REFRESH_CONCURRENCY refreshes run at once across jobs. */
export const REFRESH_BATCH_SIZE = 25;
/** A queued connection is not queued again by the next scans while its job waits or retries. */
const QUEUED_CLAIM_MS = 10 * 60_000;
const REFRESH_ATTEMPTS = 3;

// Due: within the refresh margin (max(5 min, 20 % of the lifetime), at most half of it) plus the
// look-ahead; or a refresh token unused for a day (keep-alive: some expire when idle).
const DUE_CONNECTIONS = `
SELECT id, workspace_id, provider_id
FROM connections
WHERE status = 'ACTIVE' AND has_refresh_token AND credentials IS NOT NULL AND (
  (token_expires_at IS NOT NULL AND token_expires_at
     - LEAST(GREATEST(interval '5 minutes', (token_expires_at - COALESCE(tokens_obtained_at, token_expires_at)) * 0.2),
             (token_expires_at - COALESCE(tokens_obtained_at, token_expires_at)) / 2)
     < now() + make_interval(secs => $1))
  OR tokens_obtained_at IS NULL OR tokens_obtained_at < now() - interval '1 day')`;

/**
 * Keeps tokens fresh in the background (docs/architecture.md "Refresh"): a scan every minute queues one
 * refresh per due connection, deduplicated per connection, and each goes through TokenService —
 * the same single-flight, lease and compare-and-swap path as a refresh on use.
 */
@Injectable()
export class TokenRefreshProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger(TokenRefreshProcessor.name);

  constructor(
    @InjectQueue(TOKEN_REFRESH_QUEUE) private readonly queue: Queue,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly workers: QueueWorkers,
    private readonly tokens: TokenService,
    private readonly metrics: HubMetrics,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.workers.start(TOKEN_REFRESH_QUEUE, (job: Job) => this.process(job), {
      concurrency: Math.ceil(this.config.worker.refreshConcurrency / REFRESH_BATCH_SIZE),
    });
    // Idempotent by id: every replica may upsert it at boot; one scan a minute runs in all.
    await this.queue
      .upsertJobScheduler(
        'token-refresh-scan',
        { every: SCAN_EVERY_MS },
        { name: TOKEN_REFRESH_JOBS.scan, opts: { removeOnComplete: 10, removeOnFail: 50 } },
      )
      .catch((error: Error) => this.logger.warn(`Could not schedule the refresh scan yet: ${error.message}`));
  }

  async process(job: Job): Promise<string> {
    if (job.name === TOKEN_REFRESH_JOBS.scan) return `queued ${await this.scan()}`;
    if (job.name === TOKEN_REFRESH_JOBS.refresh) return this.refreshBatch(job as Job<RefreshBatchJob>);
    throw new Error(`Unknown token-refresh job "${job.name}"`);
  }

  /** Queues a refresh for every due connection not queued yet; returns how many. */
  async scan(): Promise<number> {
    const due = (await this.dataSource.query(DUE_CONNECTIONS, [LOOKAHEAD_MS / 1000])) as {
      id: string;
      workspace_id: string;
      provider_id: string;
    }[];
    let queued = 0;
    for (let i = 0; i < due.length; i += ADD_BATCH) {
      const chunk = due.slice(i, i + ADD_BATCH);
      // One claim per connection, however many scans (replicas) see it due: a connection is in one job at a time.
      const claims = await chunk
        .reduce(
          (pipeline, c) => pipeline.set(this.claimKey(c.id), '1', 'PX', QUEUED_CLAIM_MS, 'NX'),
          this.redis.pipeline(),
        )
        .exec();
      const targets = chunk
        .filter((_, k) => claims?.[k]?.[1] === 'OK')
        .map((c) => ({ workspaceId: c.workspace_id, connectionId: c.id, providerId: c.provider_id }));
      const jobs = [];
      for (let j = 0; j < targets.length; j += REFRESH_BATCH_SIZE) {
        jobs.push({
          name: TOKEN_REFRESH_JOBS.refresh,
          data: { connections: targets.slice(j, j + REFRESH_BATCH_SIZE) } satisfies RefreshBatchJob,
          opts: {
            attempts: REFRESH_ATTEMPTS,
            backoff: { type: 'exponential', delay: 5_000, jitter: 0.5 },
            removeOnComplete: true,
            removeOnFail: 1_000,
          },
        });
      }
      await this.queue.addBulk(jobs);
      queued += targets.length;
    }
    return queued;
  }

  /**
   * Refreshes the job's connections side by side, each through TokenService (lease, re-read, CAS). The
   * ones that failed for a reason that may pass are kept in the job and retried with backoff; the
   * rest are done and free to be queued again.
   */
  private async refreshBatch(job: Job<RefreshBatchJob>): Promise<string> {
    const targets = job.data.connections;
    const settled = await this.tokens.refreshInBackground(
      targets.map(({ workspaceId, connectionId }) => ({ workspaceId, connectionId })),
      { aheadMs: LOOKAHEAD_MS },
    );
    const outcomes = settled.map((result, i) => this.outcomeOf(targets[i], result));
    const retry = targets.filter((_, i) => outcomes[i] === 'retry');
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const done = lastAttempt ? targets : targets.filter((_, i) => outcomes[i] !== 'retry');
    if (done.length) await this.redis.del(...done.map((target) => this.claimKey(target.connectionId)));
    if (retry.length === 0) return `refreshed ${outcomes.filter((o) => o === 'refreshed').length}`;
    await job.updateData({ connections: retry });
    throw new Error(`${retry.length} of ${outcomes.length} refreshes failed for now; retrying those`);
  }

  private outcomeOf(
    { connectionId, providerId }: RefreshTarget,
    result: PromiseSettledResult<'refreshed' | 'skipped'>,
  ): RefreshOutcome {
    if (result.status === 'fulfilled') {
      this.metrics.tokenRefreshes.inc({ provider: providerId, outcome: result.value });
      return result.value;
    }
    const error: unknown = result.reason;
    const code = error instanceof IntegrationError ? error.code : 'UNKNOWN';
    // The token service set ERROR / NEEDS_REAUTH (or the connection is gone): retrying cannot help.
    const final = code === 'AUTH_REVOKED' || code === 'NOT_FOUND' || code === 'INVALID_CONFIG';
    this.metrics.tokenRefreshes.inc({
      provider: providerId,
      outcome: code === 'AUTH_REVOKED' ? 'needs_reauth' : 'failed',
    });
    if (!final) this.logger.warn(`Refreshing connection ${connectionId} failed for now: ${(error as Error).message}`);
    return final ? 'failed' : 'retry';
  }

  private claimKey(connectionId: string): string {
    return `${this.config.redis.prefix}:refresh-queued:${connectionId}`;
  }
}

type RefreshOutcome = 'refreshed' | 'skipped' | 'failed' | 'retry';
