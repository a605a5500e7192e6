import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DataSource } from 'typeorm';

const QUEUE_STATES = [
  'waiting',
  'active',
  'delayed',
  'failed',
  'completed',
  'prioritized',
  'waiting-children',
] as const;

/**
 * The hub's Prometheus metrics (docs/security.md D12), one registry per process. Queue depth, the oldest
 * waiting job's age and connections by status are read when scraped, so every api and worker
 * replica reports the same numbers; job durations, refresh outcomes and sync counts are counted
 * where they happen (the worker). docker/k8s/prometheus-rules.yaml alerts on them.
 */
@Injectable()
export class HubMetrics {
  private readonly logger = new Logger(HubMetrics.name);
  readonly registry = new Registry();
  private readonly queues: Queue[] = [];

  readonly jobDuration = new Histogram({
    name: 'hub_job_duration_seconds',
    help: 'How long jobs ran, by queue, job name and outcome.',
    labelNames: ['queue', 'name', 'outcome'] as const,
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 1800],
    registers: [this.registry],
  });

  readonly tokenRefreshes = new Counter({
    name: 'hub_token_refreshes_total',
    help: 'Background token refreshes by provider and outcome (refreshed, skipped, needs_reauth, failed).',
    labelNames: ['provider', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly syncRuns = new Counter({
    name: 'hub_sync_runs_total',
    help: 'Sync runs that ended, by provider and final status.',
    labelNames: ['provider', 'status'] as const,
    registers: [this.registry],
  });

  readonly syncRecords = new Counter({
    name: 'hub_sync_records_total',
    help: 'Records written by syncs, by provider and action (added, updated, unchanged, deleted).',
    labelNames: ['provider', 'action'] as const,
    registers: [this.registry],
  });

  readonly stalledJobs = new Counter({
    name: 'hub_worker_stalled_jobs_total',
    help: 'Jobs whose worker died or blocked, taken over by another worker.',
    labelNames: ['queue'] as const,
    registers: [this.registry],
  });

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    collectDefaultMetrics({ register: this.registry });
    // prom-client calls collect() with the gauge as `this`; these close over what it reads.
    const queues = this.queues;
    const safely = <T>(read: () => Promise<T>, fallback: T) => this.safely(read, fallback);
    const oldestWaiting = (queue: Queue) => this.oldestWaitingSeconds(queue);
    const query = (sql: string) =>
      this.dataSource.query(sql) as Promise<{ provider_id: string; status: string; n: number }[]>;
    new Gauge({
      name: 'hub_queue_jobs',
      help: 'Jobs in each queue, by state.',
      labelNames: ['queue', 'state'] as const,
      registers: [this.registry],
      async collect() {
        for (const queue of queues) {
          const counts = await safely(() => queue.getJobCounts(...QUEUE_STATES), {} as Record<string, number>);
          for (const state of QUEUE_STATES) this.set({ queue: queue.name, state }, counts[state] ?? 0);
        }
      },
    });
    new Gauge({
      name: 'hub_queue_oldest_waiting_seconds',
      help: 'Age of the oldest job waiting to be picked up (0 when none waits).',
      labelNames: ['queue'] as const,
      registers: [this.registry],
      async collect() {
        for (const queue of queues) this.set({ queue: queue.name }, await oldestWaiting(queue));
      },
    });
    new Gauge({
      name: 'hub_connections',
      help: 'Connections by provider and status.',
      labelNames: ['provider', 'status'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        const rows = await safely(
          () => query(`SELECT provider_id, status, count(*)::int AS n FROM connections GROUP BY provider_id, status`),
          [],
        );
        for (const row of rows) this.set({ provider: row.provider_id, status: row.status }, row.n);
      },
    });
  }

  /** Queues whose depth and waiting age this process reports. */
  watchQueues(queues: Queue[]): void {
    for (const queue of queues) {
      // Without a listener BullMQ prints every reconnect failure; the Redis module already says it once.
      queue.on('error', (error) => this.logger.debug(`Queue "${queue.name}": ${error.message}`));
    }
    this.queues.push(...queues);
  }

  /** The oldest waiting job's age across the watched queues, in seconds. */
  async oldestWaitingSecondsOfAll(): Promise<number> {
    let oldest = 0;
    for (const queue of this.queues) oldest = Math.max(oldest, await this.oldestWaitingSeconds(queue));
    return oldest;
  }

  async text(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private async oldestWaitingSeconds(queue: Queue): Promise<number> {
    // The wait list is pushed on the left, so its oldest job is the last one.
    const [job] = await this.safely(() => queue.getWaiting(-1, -1), []);
    return job ? Math.max(0, (Date.now() - job.timestamp) / 1000) : 0;
  }

  private async safely<T>(read: () => Promise<T>, fallback: T): Promise<T> {
    try {
      return await read();
    } catch (error) {
      this.logger.debug(`Metric not read: ${(error as Error).message}`);
      return fallback;
    }
  }
}
