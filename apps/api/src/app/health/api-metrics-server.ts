import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { Server } from 'node:http';
import { AppConfig } from '@hub/server/config';
import { REVOCATIONS_QUEUE, TOKEN_REFRESH_QUEUE } from '@hub/server/connections';
import { closeOpsServer, HubMetrics, startOpsServer } from '@hub/server/observability';
import { MAINTENANCE_QUEUE } from '@hub/server/redis';
import { SYNC_QUEUE } from '@hub/server/sync';

/**
 * Prometheus metrics of the api on METRICS_HOST:METRICS_PORT (`/metrics`), apart from the public
 * port; METRICS_PORT=0 turns it off. Queue depth and connections by status are read when scraped.
 */
@Injectable()
export class ApiMetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private server?: Server;

  constructor(
    private readonly config: AppConfig,
    private readonly metrics: HubMetrics,
    @InjectQueue(SYNC_QUEUE) sync: Queue,
    @InjectQueue(TOKEN_REFRESH_QUEUE) refresh: Queue,
    @InjectQueue(REVOCATIONS_QUEUE) revocations: Queue,
    @InjectQueue(MAINTENANCE_QUEUE) maintenance: Queue,
  ) {
    metrics.watchQueues([sync, refresh, revocations, maintenance]);
  }

  async onApplicationBootstrap(): Promise<void> {
    const { host, port } = this.config.metrics;
    if (port === 0) return;
    this.server = await startOpsServer('ApiMetrics', host, port, { '/metrics': () => this.metrics.text() });
  }

  async onApplicationShutdown(): Promise<void> {
    await closeOpsServer(this.server);
  }
}
