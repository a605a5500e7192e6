import { setTimeout } from 'node:timers/promises';

/**
 * Client-side pacing of Slack Web API calls. Slack limits each method per app and per workspace in
 * tiers (https://docs.slack.dev/apis/web-api/rate-limits): Tier 2 "20+ per minute", Tier 3 "50+ per
 * minute", with short bursts tolerated. Spacing consecutive calls of one method for one token keeps
 * a long sync under its tier instead of running into 429s; `Retry-After` still wins when Slack
 * answers 429 anyway (RATE_LIMITED with `retryAfterMs`, and the runner waits).
 *
 * Calls are keyed by (method, token fingerprint): one connection's sync does not slow another
 * workspace's. The fingerprint is a hash, so no token is kept in the map.
 */
export class MethodPacer {
  /** Earliest time of the next call per key, epoch milliseconds. */
  private readonly nextAt = new Map<string, number>();

  constructor(
    /** Minimum milliseconds between two calls of a method; methods not listed are not paced. */
    private readonly intervalsMs: Readonly<Record<string, number>>,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Waits until `method` may be called again for `key`, reserving the slot at once (concurrent callers
   * queue behind each other). Rejects with the signal's reason when aborted while waiting.
   */
  async wait(method: string, key: string, signal?: AbortSignal): Promise<void> {
    const interval = this.intervalsMs[method] ?? 0;
    if (!(interval > 0)) return;
    const now = this.now();
    const slot = `${method}\u0000${key}`;
    const at = Math.max(now, this.nextAt.get(slot) ?? 0);
    this.nextAt.set(slot, at + interval);
    this.prune(now);
    if (!(at > now)) return;
    // timers/promises rejects an abort with an AbortError carrying the reason as its `cause`: rethrow
    // the reason itself, as fetch does, so a sync stopped with a reason fails with that reason.
    await setTimeout(at - now, undefined, { signal }).catch((error: unknown) => {
      throw signal?.aborted ? signal.reason : error;
    });
  }

  /** Keys whose slot has passed are forgotten once the map grows (a long-running worker). */
  private prune(now: number): void {
    if (this.nextAt.size <= 1000) return;
    for (const [slot, at] of this.nextAt) if (at <= now) this.nextAt.delete(slot);
  }
}
