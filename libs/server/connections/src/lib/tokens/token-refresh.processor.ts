import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Job, type Queue, UnrecoverableError } from 'bullmq';
import type { DataSource } from 'typeorm';
import { AppConfig } from '@hub/server/config';
import { IntegrationError } from '@hub/server/integrations/core';
import { HubMetrics } from '@hub/server/observability';
import { QueueWorkers } from '@hub/server/redis';
import { TokenService } from './token.service';

export const TOKEN_REFRESH_QUEUE = 'token-refresh';
export const TOKEN_REFRESH_JOBS = { scan: 'scan', refresh: 'refresh' } as const;

/** Ids only (SECURITY.md B7). */
export interface RefreshJob {
  readonly workspaceId: string;
  readonly connectionId: string;
  readonly providerId: string;
  /** Refresh even though the token is fresh: its refresh token has been idle for a day. */
  readonly keepAlive: boolean;
}

const SCAN_EVERY_MS = 60_000;
/** Refresh this long before the token's margin is reached, so a scan never arrives too late. */
const LOOKAHEAD_MS = 2 * SCAN_EVERY_MS;
const ADD_BATCH = 1_000;

// Due: within the refresh margin (max(5 min, 20 % of the lifetime), at most half of it) plus the
// look-ahead; or a refresh token unused for a day (keep-alive: some expire when idle).
const DUE_CONNECTIONS = `
SELECT id, workspace_id, provider_id,
  (tokens_obtained_at IS NULL OR tokens_obtained_at < now() - interval '1 day') AS keep_alive
FROM connections
WHERE status = 'ACTIVE' AND has_refresh_token AND credentials IS NOT NULL AND (
  (token_expires_at IS NOT NULL AND token_expires_at
     - LEAST(GREATEST(interval '5 minutes', (token_expires_at - COALESCE(tokens_obtained_at, token_expires_at)) * 0.2),
             (token_expires_at - COALESCE(tokens_obtained_at, token_expires_at)) / 2)
     < now() + make_interval(secs => $1))
  OR tokens_obtained_at IS NULL OR tokens_obtained_at < now() - interval '1 day')`;

/**
 * Keeps tokens fresh in the background (ARCHITECTURE.md "Refresh"): a scan every minute queues one
 * refresh per due connection, deduplicated per connection, and each goes through TokenService —
 * the same single-flight, lease and compare-and-swap path as a refresh on use.
 */
@Injectable()
export class TokenRefreshProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger(TokenRefreshProcessor.name);

  constructor(
    @InjectQueue(TOKEN_REFRESH_QUEUE) private readonly queue: Queue,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly workers: QueueWorkers,
    private readonly tokens: TokenService,
    private readonly metrics: HubMetrics,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.workers.start(TOKEN_REFRESH_QUEUE, (job: Job) => this.process(job), {
      concurrency: this.config.worker.refreshConcurrency,
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
    if (job.name === TOKEN_REFRESH_JOBS.refresh) return this.refresh(job as Job<RefreshJob>);
    throw new Error(`Unknown token-refresh job "${job.name}"`);
  }

  /** Queues a refresh for every due connection; returns how many. */
  async scan(): Promise<number> {
    const due = (await this.dataSource.query(DUE_CONNECTIONS, [LOOKAHEAD_MS / 1000])) as {
      id: string;
      workspace_id: string;
      provider_id: string;
      keep_alive: boolean;
    }[];
    for (let i = 0; i < due.length; i += ADD_BATCH) {
      await this.queue.addBulk(
        due.slice(i, i + ADD_BATCH).map((c) => ({
          name: TOKEN_REFRESH_JOBS.refresh,
          data: {
            workspaceId: c.workspace_id,
            connectionId: c.id,
            providerId: c.provider_id,
            keepAlive: c.keep_alive,
          } satisfies RefreshJob,
          opts: {
            // One refresh per connection at a time, however many scans see it due.
            deduplication: { id: `refresh-${c.id}` },
            attempts: 3,
            backoff: { type: 'exponential', delay: 5_000, jitter: 0.5 },
            removeOnComplete: true,
            removeOnFail: 1_000,
          },
        })),
      );
    }
    return due.length;
  }

  private async refresh(job: Job<RefreshJob>): Promise<string> {
    const { workspaceId, connectionId, providerId, keepAlive } = job.data;
    try {
      const outcome = await this.tokens.refreshInBackground(
        { workspaceId, connectionId },
        { keepAlive, aheadMs: LOOKAHEAD_MS },
      );
      this.metrics.tokenRefreshes.inc({ provider: providerId, outcome });
      return outcome;
    } catch (error) {
      const code = error instanceof IntegrationError ? error.code : 'UNKNOWN';
      if (code === 'AUTH_REVOKED' || code === 'NOT_FOUND' || code === 'INVALID_CONFIG') {
        // The token service set ERROR / NEEDS_REAUTH (or the connection is gone): retrying cannot help.
        this.metrics.tokenRefreshes.inc({
          provider: providerId,
          outcome: code === 'AUTH_REVOKED' ? 'needs_reauth' : 'failed',
        });
        throw new UnrecoverableError((error as Error).message);
      }
      this.metrics.tokenRefreshes.inc({ provider: providerId, outcome: 'failed' });
      throw error;
    }
  }
}
