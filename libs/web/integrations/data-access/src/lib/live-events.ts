import { InjectionToken } from '@angular/core';
import type { LiveEvent } from '@hub/shared/contracts';

/** Opens the event stream; tests replace it with a fake. */
export const EVENT_SOURCE_FACTORY = new InjectionToken<(url: string) => EventSource>('EVENT_SOURCE_FACTORY', {
  providedIn: 'root',
  factory: () => (url) => new EventSource(url, { withCredentials: true }),
});

export const LIVE_EVENTS_URL = '/api/events';
const EVENT_TYPES: LiveEvent['type'][] = ['connection.updated', 'sync.run'];
const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 30_000;

export interface LiveEventsHandlers {
  event: (event: LiveEvent) => void;
  /** `true` once the stream is open, `false` after it dropped (a reconnect is already scheduled). */
  open: (open: boolean) => void;
}

/**
 * Follows `GET /api/events`. EventSource retries by itself only after some failures (not after an
 * HTTP error such as 401 or 503), so every error closes the stream and reopens it with exponential
 * backoff and jitter, which also spares a recovering api a reconnect storm.
 */
export class LiveEventsConnection {
  private source: EventSource | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private retryDelay = FIRST_RETRY_MS;
  private closed = false;

  constructor(
    private readonly openSource: (url: string) => EventSource,
    private readonly handlers: LiveEventsHandlers,
  ) {
    this.connect();
  }

  close(): void {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.source?.close();
    this.source = null;
  }

  private connect(): void {
    if (this.closed) return;
    const source = this.openSource(LIVE_EVENTS_URL);
    this.source = source;
    source.onopen = () => {
      this.retryDelay = FIRST_RETRY_MS;
      this.handlers.open(true);
    };
    source.onerror = () => {
      source.close();
      if (this.source !== source || this.closed) return;
      this.source = null;
      this.handlers.open(false);
      this.scheduleRetry();
    };
    for (const type of EVENT_TYPES) {
      source.addEventListener(type, (message) => {
        const event = parseEvent((message as MessageEvent<string>).data);
        if (event) this.handlers.event(event);
      });
    }
  }

  private scheduleRetry(): void {
    const delay = this.retryDelay * (0.75 + Math.random() * 0.5);
    this.retryDelay = Math.min(this.retryDelay * 2, MAX_RETRY_MS);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, delay);
  }
}

function parseEvent(data: string): LiveEvent | null {
  try {
    const event = JSON.parse(data) as LiveEvent;
    return EVENT_TYPES.includes(event?.type) ? event : null;
  } catch {
    return null;
  }
}
