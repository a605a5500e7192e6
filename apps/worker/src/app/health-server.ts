import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { HttpException } from '@nestjs/common';
import { createServer, Server } from 'node:http';
import { AppConfig } from '@hub/server/config';
import { HealthService } from '@hub/server/observability';
import { PinoLogger } from 'nestjs-pino';

/**
 * The worker's only HTTP surface: Kubernetes probes on their own port. `/health` is liveness,
 * `/health/ready` readiness (PostgreSQL and Redis), with the same answers as the api's.
 */
@Injectable()
export class HealthServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private server?: Server;

  constructor(
    private readonly config: AppConfig,
    private readonly health: HealthService,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext(HealthServer.name);
  }

  async onApplicationBootstrap(): Promise<void> {
    const checks: Record<string, () => Promise<unknown>> = {
      '/health': () => this.health.liveness(),
      '/health/ready': () => this.health.readiness(),
    };
    this.server = createServer((req, res) => {
      const check = req.method === 'GET' ? checks[(req.url ?? '').split('?')[0]] : undefined;
      const answer = (status: number, body: unknown) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (!check) return answer(404, { status: 'error', message: 'Not found: use /health or /health/ready' });
      check().then(
        (result) => answer(200, result),
        (error: unknown) =>
          error instanceof HttpException
            ? answer(error.getStatus(), error.getResponse())
            : answer(500, { status: 'error' }),
      );
    });
    const { healthHost, healthPort } = this.config.worker;
    await new Promise<void>((resolve, reject) => {
      this.server?.once('error', reject);
      this.server?.listen(healthPort, healthHost, resolve);
    });
    this.logger.info(`Worker health probes on http://${healthHost}:${healthPort}/health and /health/ready`);
  }

  async onApplicationShutdown(): Promise<void> {
    await new Promise((resolve) => (this.server ? this.server.close(resolve) : resolve(undefined)));
  }
}
