import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, dialects, type TestApp } from '../../../test/harness';
import { FixedClock } from '../clock';
import { DbRateLimitStore, MemoryRateLimitStore, RateLimiter, type RateLimitStore } from './rate-limit';

describe.each(dialects)('rate-limit stores on %s', (dialect) => {
  let t: TestApp;
  let stores: Array<[string, RateLimitStore]>;
  beforeAll(async () => {
    t = await buildTestApp({ dialect, seed: [] });
    stores = [
      ['memory', new MemoryRateLimitStore()],
      ['database', new DbRateLimitStore(t.ctx.db)],
    ];
  });
  afterAll(async () => t?.close());

  it('counts within a window, refuses past the limit with the seconds left, and starts afresh after it', async () => {
    for (const [name, store] of stores) {
      const clock = new FixedClock('2026-09-30T09:00:00+08:00');
      const limiter = new RateLimiter(clock, 3, 60_000, store, `test.${name}`);
      for (let i = 1; i <= 3; i++) {
        expect(await limiter.retryAfter('ip:1.2.3.4'), name).toBe(0);
        expect(await limiter.hit('ip:1.2.3.4'), name).toBe(i);
      }
      expect(await limiter.retryAfter('ip:1.2.3.4'), name).toBe(60);
      clock.advance(45_000);
      expect(await limiter.retryAfter('ip:1.2.3.4'), name).toBe(15);
      // Another key and another budget with the same key are counted apart.
      expect(await limiter.retryAfter('ip:5.6.7.8'), name).toBe(0);
      expect(await new RateLimiter(clock, 3, 60_000, store, `other.${name}`).retryAfter('ip:1.2.3.4'), name).toBe(0);
      clock.advance(15_000);
      expect(await limiter.retryAfter('ip:1.2.3.4'), name).toBe(0);
      expect(await limiter.hit('ip:1.2.3.4'), name).toBe(1);
      await limiter.reset('ip:1.2.3.4');
      expect(await limiter.hit('ip:1.2.3.4'), name).toBe(1);
    }
  });

  it('take counts and answers in one call: within the limit 0, past it the seconds left', async () => {
    for (const [name, store] of stores) {
      const clock = new FixedClock('2026-09-30T09:00:00+08:00');
      const limiter = new RateLimiter(clock, 2, 60_000, store, `take.${name}`);
      expect([await limiter.take('ip:9'), await limiter.take('ip:9'), await limiter.take('ip:9')], name).toEqual([0, 0, 60]);
      clock.advance(50_000);
      expect(await limiter.take('ip:9'), name).toBe(10);
      clock.advance(10_000);
      expect(await limiter.take('ip:9'), name).toBe(0);
    }
  });

  it('the shared store counts every one of many concurrent hits (two instances see one budget)', async () => {
    const clock = new FixedClock('2026-09-30T09:00:00+08:00');
    const store = new DbRateLimitStore(t.ctx.db);
    const a = new RateLimiter(clock, 100, 60_000, store, 'shared');
    const b = new RateLimiter(clock, 100, 60_000, new DbRateLimitStore(t.ctx.db), 'shared');
    const counts = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).hit('acct:7')));
    expect([...counts].sort((x, y) => x - y)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    clock.advance(61_000);
    expect(await store.prune(clock.now().getTime())).toBeGreaterThanOrEqual(1);
    expect(await store.peek('shared|acct:7', clock.now().getTime())).toBeNull();
  });
});
