import { setTimeout } from 'node:timers/promises';

/**
 * Spaces Graph calls on one team. Teams limits "a maximum of 4 requests per second per app … on a
 * given team or channel" (https://learn.microsoft.com/en-us/graph/throttling-limits, Microsoft Teams
 * service limits), per app: every connection's sync in this process shares the team's budget, so the
 * key is the team id, not the token. A 429 is still possible (other processes, other apps' counters):
 * it is RATE_LIMITED with Graph's `Retry-After`, and the runner waits that long.
 *
 * The same shape as Slack's MethodPacer (libs/server/integrations/slack), which a provider lib cannot
 * import.
 */
export class TeamPacer {
  /** Earliest time of the next call per team, epoch milliseconds. */
  private readonly nextAt = new Map<string, number>();

  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Waits until `team` may be called again, reserving the slot at once (concurrent callers queue
   * behind each other). Rejects with the signal's reason when aborted while waiting.
   */
  async wait(team: string, signal: AbortSignal): Promise<void> {
    if (!(this.intervalMs > 0)) return;
    const now = this.now();
    const at = Math.max(now, this.nextAt.get(team) ?? 0);
    this.nextAt.set(team, at + this.intervalMs);
    this.prune(now);
    if (!(at > now)) return;
    // timers/promises rejects an abort with an AbortError whose cause is the reason: rethrow the
    // reason itself, as fetch does.
    await setTimeout(at - now, undefined, { signal }).catch((error: unknown) => {
      throw signal.aborted ? signal.reason : error;
    });
  }

  /** Teams whose slot has passed are forgotten once the map grows (a long-running worker). */
  private prune(now: number): void {
    if (this.nextAt.size <= 1000) return;
    for (const [team, at] of this.nextAt) if (at <= now) this.nextAt.delete(team);
  }
}
