import { Injectable, OnApplicationBootstrap, OnApplicationShutdown, ServiceUnavailableException } from '@nestjs/common';
import type { Server } from 'node:http';
import { AppConfig } from '@hub/server/config';
import { closeOpsServer, HealthService, HubMetrics, startOpsServer } from '@hub/server/observability';
import { QueueWorkers } from '@hub/server/redis';

/** Jobs waiting this long while the worker has done nothing: it is stuck (docs/security.md D6, bullmq#648). */
const STUCK_AFTER_MS = 2 * 60_000;

/**
 * The worker's only HTTP surface, on its own port: `/health` is liveness (the process answers, and
 * it is not sitting idle while jobs wait), `/health/ready` readiness (PostgreSQL and Redis), and
 * `/metrics` for Prometheus.
 */
@Injectable()
export class HealthServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private server?: Server;

  constructor(
    private readonly config: AppConfig,
    private readonly health: HealthService,
    private readonly metrics: HubMetrics,
    private readonly workers: QueueWorkers,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { healthHost, healthPort } = this.config.worker;
    this.server = await startOpsServer('WorkerProbes', healthHost, healthPort, {
      '/health': async () => ({ body: await this.liveness() }),
      '/health/ready': async () => ({ body: await this.health.readiness() }),
      '/metrics': async () => {
        const { contentType, body } = await this.metrics.text();
        return { contentType, body };
      },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await closeOpsServer(this.server);
  }

  private async liveness() {
    const idleMs = Date.now() - this.workers.lastActivityAt;
    if (idleMs > STUCK_AFTER_MS && !this.workers.isDraining) {
      const waitingSeconds = await this.metrics.oldestWaitingSecondsOfAll();
      if (waitingSeconds * 1000 > STUCK_AFTER_MS) {
        throw new ServiceUnavailableException({
          detail: `Stuck: jobs have waited ${Math.round(waitingSeconds)} s while this worker did nothing for ${Math.round(idleMs / 1000)} s.`,
        });
      }
    }
    return this.health.liveness();
  }
}
