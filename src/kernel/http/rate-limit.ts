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

/**
 * A route's request budget, declared next to its access rule:
 * `config: { access: 'public', rateLimit: { name: 'progress', limit: 30, windowMs: 60_000, key: 'ip' } }`.
 * `key: 'account'` counts per signed-in account (anonymous callers fall back to their IP). Routes that
 * share a `name` share one budget. Several limits may be given as an array (e.g. per IP and per account).
 */
export interface RouteRateLimit {
  name: string;
  limit: number;
  windowMs: number;
  key: 'ip' | 'account';
}

declare module 'fastify' {
  interface FastifyContextConfig {
    rateLimit?: RouteRateLimit | readonly RouteRateLimit[];
  }
}

/** Budgets for the public write and lookup paths; modules use these so the figures live in one place. */
export const RATE_LIMITS = {
  /** Applicants' progress lookup by case number + last 4 ID digits: bounds guessing the 4 digits. */
  publicLookup: { name: 'public.lookup', limit: 30, windowMs: 60_000, key: 'ip' },
  /** 市长信箱 submissions. */
  mailbox: { name: 'mailbox.submit', limit: 5, windowMs: 60 * 60_000, key: 'ip' },
  /** Open311 POST requests per client IP (the api_key is checked by the route itself). */
  open311Post: { name: 'open311.post', limit: 30, windowMs: 60 * 60_000, key: 'ip' },
  /** Citizen-submitted writes (applications, evaluations, letters) per account. */
  citizenWrite: { name: 'citizen.write', limit: 60, windowMs: 60 * 60_000, key: 'account' },
} as const satisfies Record<string, RouteRateLimit>;

/** Builds the onRequest check; called by the kernel after access is decided (a 403 is never a 429). */
export function routeRateLimiter(clock: Clock) {
  const limiters = new Map<string, RateLimiter>();
  const limiterFor = (l: RouteRateLimit) => {
    const id = `${l.name}:${l.key}:${l.limit}:${l.windowMs}`;
    let r = limiters.get(id);
    if (!r) limiters.set(id, (r = new RateLimiter(clock, l.limit, l.windowMs)));
    return r;
  };
  return {
    /** Counts one request; returns the seconds to wait when any budget is spent (the request is refused). */
    check(limits: RouteRateLimit | readonly RouteRateLimit[], who: { ip: string; accountId: number | null }): number {
      const list = (Array.isArray(limits) ? limits : [limits]) as readonly RouteRateLimit[];
      let wait = 0;
      for (const l of list) {
        const r = limiterFor(l);
        const key = l.key === 'account' && who.accountId !== null ? `acct:${who.accountId}` : `ip:${who.ip}`;
        const w = r.retryAfter(key);
        if (w > 0) wait = Math.max(wait, w);
        else r.hit(key);
      }
      return wait;
    },
  };
}
