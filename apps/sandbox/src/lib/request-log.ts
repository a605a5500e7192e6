/** One answered REST API request, as `GET /_sandbox/<id>/requests` lists it. */
export interface LoggedRequest {
  /** When the request arrived, epoch milliseconds. */
  readonly at: number;
  readonly method: string;
  /** Relative to `/<id>/api`, without the query string, e.g. `/links`. */
  readonly path: string;
  readonly status: number;
}

export const REQUEST_LOG_CAPACITY = 2000;

/**
 * The last `capacity` answered requests of one provider's API, in a fixed-size ring: one array slot
 * written per request, nothing allocated beyond the entry, nothing shifted.
 */
export class RequestLog {
  private readonly entries: (LoggedRequest | undefined)[];
  /** Slot the next entry goes to. */
  private next = 0;
  private count = 0;

  constructor(readonly capacity = REQUEST_LOG_CAPACITY) {
    this.entries = new Array<LoggedRequest | undefined>(capacity);
  }

  add(entry: LoggedRequest): void {
    this.entries[this.next] = entry;
    this.next = (this.next + 1) % this.capacity;
    if (this.count < this.capacity) this.count += 1;
  }

  /** Oldest first. */
  list(): LoggedRequest[] {
    const out: LoggedRequest[] = [];
    const first = (this.next - this.count + this.capacity) % this.capacity;
    for (let i = 0; i < this.count; i++) out.push(this.entries[(first + i) % this.capacity] as LoggedRequest);
    return out;
  }

  clear(): void {
    this.entries.fill(undefined);
    this.next = 0;
    this.count = 0;
  }
}
