import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, OnModuleInit } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { Gauge } from 'prom-client';
import { REVOCATIONS_QUEUE, TOKEN_REFRESH_QUEUE } from '@hub/server/connections';
import { HubMetrics } from '@hub/server/observability';
import { MAINTENANCE_QUEUE, QueueWorkers } from '@hub/server/redis';
import { SYNC_QUEUE } from '@hub/server/sync';

/** Feeds the worker's job events into the metrics (docs/security.md D12). */
@Injectable()
export class WorkerMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: HubMetrics,
    private readonly workers: QueueWorkers,
    @InjectQueue(SYNC_QUEUE) private readonly sync: Queue,
    @InjectQueue(TOKEN_REFRESH_QUEUE) private readonly refresh: Queue,
    @InjectQueue(REVOCATIONS_QUEUE) private readonly revocations: Queue,
    @InjectQueue(MAINTENANCE_QUEUE) private readonly maintenance: Queue,
  ) {}

  onModuleInit(): void {
    this.metrics.watchQueues([this.sync, this.refresh, this.revocations, this.maintenance]);
    this.workers.onJobFinished(({ queue, name, outcome, seconds }) =>
      this.metrics.jobDuration.observe({ queue, name, outcome }, seconds),
    );
    this.workers.onJobStalled((queue) => this.metrics.stalledJobs.inc({ queue }));
    const workers = this.workers;
    new Gauge({
      name: 'hub_worker_idle_seconds',
      help: 'Seconds since this worker last took or finished a job.',
      registers: [this.metrics.registry],
      collect() {
        this.set((Date.now() - workers.lastActivityAt) / 1000);
      },
    });
  }
}
