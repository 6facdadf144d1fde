import type { Clock } from '../clock';

/**
 * Fixed-window counters in memory. Per-instance: with N instances an attacker gets at most N× the
 * budget, which still bounds guessing; a shared store can replace this behind the same interface.
 */
export class RateLimiter {
  private windows = new Map<string, { start: number; count: number }>();
  constructor(
    private readonly clock: Clock,
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Seconds until the key may try again, or 0 when it is under its limit. */
  retryAfter(key: string): number {
    const w = this.current(key);
    if (!w || w.count < this.limit) return 0;
    return Math.max(1, Math.ceil((w.start + this.windowMs - this.clock.now().getTime()) / 1000));
  }

  hit(key: string): number {
    const now = this.clock.now().getTime();
    let w = this.current(key);
    if (!w) {
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    w.count++;
    if (this.windows.size > 50_000) this.prune(now);
    return w.count;
  }

  reset(key: string): void {
    this.windows.delete(key);
  }

  private current(key: string) {
    const w = this.windows.get(key);
    if (w && w.start + this.windowMs <= this.clock.now().getTime()) {
      this.windows.delete(key);
      return undefined;
    }
    return w;
  }

  private prune(now: number) {
    for (const [k, w] of this.windows) if (w.start + this.windowMs <= now) this.windows.delete(k);
  }
}
