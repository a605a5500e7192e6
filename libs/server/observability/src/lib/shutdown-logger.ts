import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';

/**
 * Says when a graceful shutdown starts and ends, so operators can tell a drain from a crash.
 * Provide it in the root module: Nest runs the root's shutdown hooks last.
 */
@Injectable()
export class ShutdownLogger implements BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('Shutdown');
  private startedAt = 0;

  beforeApplicationShutdown(signal?: string): void {
    this.startedAt = Date.now();
    this.logger.log(`Shutting down${signal ? ` on ${signal}` : ''}: finishing work in progress`);
  }

  onApplicationShutdown(): void {
    this.logger.log(`Shutdown complete in ${Date.now() - this.startedAt} ms`);
  }
}
