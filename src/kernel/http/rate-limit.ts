import { sql } from 'kysely';
import type { Clock } from '../clock';
import type { Db } from '../db/db';
import { primaryReads } from '../db/read-replica';

/** A fixed window of one key: when it started and how many hits it holds. */
export interface RateWindow {
  start: number;
  count: number;
}

/**
 * Where fixed-window counters live. In memory on SQLite (one instance). On PostgreSQL (several stateless
 * instances behind a load balancer) in the shared `kernel_rate_limits` table, so a budget is the same
 * whichever instance answers — per-instance counters would hand an attacker N× the login attempts.
 */
export interface RateLimitStore {
  /** The key's running window, or null when it has none (or it has ended). */
  peek(key: string, nowMs: number): Promise<RateWindow | null>;
  /** Counts one hit, starting a new window when none is running. */
  hit(key: string, windowMs: number, nowMs: number): Promise<RateWindow>;
  reset(key: string): Promise<void>;
}

export class MemoryRateLimitStore implements RateLimitStore {
  private windows = new Map<string, RateWindow & { end: number }>();

  async peek(key: string, nowMs: number): Promise<RateWindow | null> {
    const w = this.windows.get(key);
    if (!w) return null;
    if (w.end <= nowMs) {
      this.windows.delete(key);
      return null;
    }
    return w;
  }

  async hit(key: string, windowMs: number, nowMs: number): Promise<RateWindow> {
    let w = await this.peek(key, nowMs);
    if (!w) {
      w = { start: nowMs, count: 0, end: nowMs + windowMs } as RateWindow & { end: number };
      this.windows.set(key, w as RateWindow & { end: number });
      if (this.windows.size > 50_000) for (const [k, x] of this.windows) if (x.end <= nowMs) this.windows.delete(k);
    }
    w.count++;
    return w;
  }

  async reset(key: string): Promise<void> {
    this.windows.delete(key);
  }
}

export class DbRateLimitStore implements RateLimitStore {
  constructor(private readonly db: Db) {}

  async peek(key: string, nowMs: number): Promise<RateWindow | null> {
    // Counters are read-your-own-write: a lagging replica would under-count and let a guesser through.
    const r = await primaryReads(() => this.db.selectFrom('kernel_rate_limits').select(['window_start', 'window_end', 'count']).where('key', '=', key).executeTakeFirst());
    if (!r || Number(r.window_end) <= nowMs) return null;
    return { start: Number(r.window_start), count: Number(r.count) };
  }

  async hit(key: string, windowMs: number, nowMs: number): Promise<RateWindow> {
    // One statement, so two instances counting the same key at once both count.
    const ended = sql<boolean>`kernel_rate_limits.window_end <= ${nowMs}`;
    const r = await this.db
      .insertInto('kernel_rate_limits')
      .values({ key, window_start: nowMs, window_end: nowMs + windowMs, count: 1 })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          window_start: sql`case when ${ended} then ${nowMs} else kernel_rate_limits.window_start end`,
          window_end: sql`case when ${ended} then ${nowMs + windowMs} else kernel_rate_limits.window_end end`,
          count: sql`case when ${ended} then 1 else kernel_rate_limits.count + 1 end`,
        }),
      )
      .returning(['window_start', 'count'])
      .executeTakeFirstOrThrow();
    return { start: Number(r.window_start), count: Number(r.count) };
  }

  async reset(key: string): Promise<void> {
    await this.db.deleteFrom('kernel_rate_limits').where('key', '=', key).execute();
  }

  /** Drops ended windows (a kernel job). */
  async prune(nowMs: number): Promise<number> {
    const r = await this.db.deleteFrom('kernel_rate_limits').where('window_end', '<=', nowMs).executeTakeFirst();
    return Number(r.numDeletedRows ?? 0);
  }
}

/** Fixed-window counters of one budget (`name`) over a store shared by every budget. */
export class RateLimiter {
  constructor(
    private readonly clock: Clock,
    readonly limit: number,
    readonly windowMs: number,
    private readonly store: RateLimitStore = new MemoryRateLimitStore(),
    private readonly name = 'limit',
  ) {}

  private k(key: string) {
    return `${this.name}|${key}`;
  }

  /** Seconds until the key may try again, or 0 when it is under its limit. */
  async retryAfter(key: string): Promise<number> {
    const now = this.clock.now().getTime();
    const w = await this.store.peek(this.k(key), now);
    if (!w || w.count < this.limit) return 0;
    return Math.max(1, Math.ceil((w.start + this.windowMs - now) / 1000));
  }

  async hit(key: string): Promise<number> {
    return (await this.store.hit(this.k(key), this.windowMs, this.clock.now().getTime())).count;
  }

  /**
   * Counts this request and answers 0 when it is within the limit, else the seconds until its window ends:
   * one store call, so concurrent requests on several instances cannot all slip under the limit.
   */
  async take(key: string): Promise<number> {
    const now = this.clock.now().getTime();
    const w = await this.store.hit(this.k(key), this.windowMs, now);
    return w.count <= this.limit ? 0 : Math.max(1, Math.ceil((w.start + this.windowMs - now) / 1000));
  }

  async reset(key: string): Promise<void> {
    await this.store.reset(this.k(key));
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
export function routeRateLimiter(clock: Clock, store: RateLimitStore = new MemoryRateLimitStore()) {
  const limiters = new Map<string, RateLimiter>();
  const limiterFor = (l: RouteRateLimit) => {
    const id = `${l.name}:${l.key}:${l.limit}:${l.windowMs}`;
    let r = limiters.get(id);
    if (!r) limiters.set(id, (r = new RateLimiter(clock, l.limit, l.windowMs, store, `route:${id}`)));
    return r;
  };
  return {
    /** Counts one request; returns the seconds to wait when any budget is spent (the request is refused). */
    async check(limits: RouteRateLimit | readonly RouteRateLimit[], who: { ip: string; accountId: number | null }): Promise<number> {
      const list = (Array.isArray(limits) ? limits : [limits]) as readonly RouteRateLimit[];
      let wait = 0;
      for (const l of list) {
        const r = limiterFor(l);
        const key = l.key === 'account' && who.accountId !== null ? `acct:${who.accountId}` : `ip:${who.ip}`;
        wait = Math.max(wait, await r.take(key));
      }
      return wait;
    },
  };
}
