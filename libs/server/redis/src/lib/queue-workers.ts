import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { type ConnectionOptions, type Processor, Worker, type WorkerOptions } from 'bullmq';
import { AppConfig } from '@hub/server/config';
import { redisOptions } from './redis-options';

export interface JobOutcome {
  readonly queue: string;
  readonly name: string;
  readonly outcome: 'completed' | 'failed';
  readonly seconds: number;
}

/**
 * The worker process' BullMQ workers, built one way: the worker role's Redis settings (waits for
 * Redis forever, so workers resume by themselves after an outage), the configured lock and stall
 * timings (docs/security.md D4), and one graceful drain on SIGTERM (D5): stop taking jobs, let running
 * ones finish or checkpoint at their next page, abort what still runs after WORKER_DRAIN_SECONDS.
 */
@Injectable()
export class QueueWorkers implements BeforeApplicationShutdown {
  private readonly logger = new Logger(QueueWorkers.name);
  private readonly workers: Worker[] = [];
  private readonly abort = new AbortController();
  private readonly outcomeListeners: ((outcome: JobOutcome) => void)[] = [];
  private stalledListeners: ((queue: string) => void)[] = [];
  private draining = false;
  /** Last time any worker took, finished or failed a job: the liveness probe's heartbeat (D6). */
  lastActivityAt = Date.now();

  constructor(private readonly config: AppConfig) {}

  /** True once SIGTERM arrived: long jobs checkpoint and hand over at their next page. */
  get isDraining(): boolean {
    return this.draining;
  }

  /** Fires WORKER_DRAIN_SECONDS after SIGTERM: in-flight provider calls are aborted then. */
  get hardStop(): AbortSignal {
    return this.abort.signal;
  }

  start<T, R>(queue: string, processor: Processor<T, R>, options: Partial<WorkerOptions> = {}): Worker<T, R> {
    const worker = new Worker<T, R>(queue, processor, {
      // ioredis' and bullmq's declarations of the same options differ only in typing.
      connection: redisOptions(this.config.redis.url, 'worker') as ConnectionOptions,
      prefix: this.config.redis.prefix,
      lockDuration: this.config.worker.lockDurationMs,
      stalledInterval: this.config.worker.stalledIntervalMs,
      ...options,
    });
    worker.on('error', (error) => this.logger.warn(`Worker "${queue}": ${error.message}`));
    worker.on('active', () => (this.lastActivityAt = Date.now()));
    worker.on('stalled', (jobId) => {
      this.logger.warn(`Job ${jobId} of "${queue}" stalled (its worker died or blocked); it runs again.`);
      for (const listener of this.stalledListeners) listener(queue);
    });
    const finished = (outcome: JobOutcome['outcome']) => (job: { name: string; processedOn?: number } | undefined) => {
      this.lastActivityAt = Date.now();
      if (!job?.processedOn) return;
      const seconds = (Date.now() - job.processedOn) / 1000;
      for (const listener of this.outcomeListeners) listener({ queue, name: job.name, outcome, seconds });
    };
    worker.on('completed', finished('completed'));
    worker.on('failed', finished('failed'));
    this.workers.push(worker as unknown as Worker);
    return worker;
  }

  onJobFinished(listener: (outcome: JobOutcome) => void): void {
    this.outcomeListeners.push(listener);
  }

  onJobStalled(listener: (queue: string) => void): void {
    this.stalledListeners.push(listener);
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.workers.length === 0) return;
    this.draining = true;
    const started = Date.now();
    const timer = setTimeout(() => {
      this.logger.warn('Drain time is up: aborting jobs still running (they resume from their last checkpoint).');
      this.abort.abort(new Error('worker shutting down'));
      // A worker whose Redis connection broke may never finish a graceful close: force it.
      for (const w of this.workers) void w.close(true).catch(() => undefined);
    }, this.config.worker.drainMs);
    timer.unref();
    this.logger.log(`Draining ${this.workers.length} queue workers: no new jobs; running jobs finish or checkpoint.`);
    // close() waits for active jobs; a job aborted by the timer above returns promptly.
    await Promise.all(this.workers.map((w) => w.close().catch(() => undefined)));
    clearTimeout(timer);
    this.logger.log(`Queue workers drained in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  }
}
