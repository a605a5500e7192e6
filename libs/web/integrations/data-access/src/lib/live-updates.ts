import { signal } from '@angular/core';
import type { LiveEvent } from '@hub/shared/contracts';
import { LiveEventsConnection } from './live-events';
import type { LiveMode } from './models';

/** How often the page re-reads the catalog while the event stream is down. */
export const FALLBACK_POLL_MS = 30_000;

export interface LiveUpdatesHandlers {
  event: (event: LiveEvent) => void;
  /** The stream (re)opened: events sent before, or while it was down, are lost. */
  opened: () => void;
  /** Every FALLBACK_POLL_MS while the stream is down. */
  poll: () => void;
}

/** Keeps the page current: follows the event stream, and polls while it is down. */
export class LiveUpdates {
  private readonly modeState = signal<LiveMode>('connecting');
  private connection: LiveEventsConnection | null = null;
  private pollTimer: ReturnType<typeof setInterval> | null = null;

  readonly mode = this.modeState.asReadonly();

  constructor(
    private readonly openSource: (url: string) => EventSource,
    private readonly handlers: LiveUpdatesHandlers,
  ) {}

  start(): void {
    if (this.connection) return;
    this.connection = new LiveEventsConnection(this.openSource, {
      event: (event) => this.handlers.event(event),
      open: (open) => {
        this.modeState.set(open ? 'live' : 'polling');
        if (open) {
          this.stopPolling();
          this.handlers.opened();
        } else {
          this.pollTimer ??= setInterval(() => this.handlers.poll(), FALLBACK_POLL_MS);
        }
      },
    });
  }

  stop(): void {
    this.connection?.close();
    this.connection = null;
    this.stopPolling();
  }

  private stopPolling(): void {
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = null;
  }
}
