import { describe, expect, it } from 'vitest';
import { inParallel, SUMMARY_SOURCES_AT_ONCE } from './stats.parallel';

describe('inParallel: the summary asks its KPI sources a few at a time', () => {
  const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('answers in the items’ order whatever order they finish in, never more than the limit at once', async () => {
    let running = 0;
    let most = 0;
    const out = await inParallel([30, 5, 20, 1, 10, 2, 8], 3, async (ms) => {
      running++;
      most = Math.max(most, running);
      await tick(ms);
      running--;
      return ms * 2;
    });
    expect(out).toEqual([60, 10, 40, 2, 20, 4, 16]);
    expect(most).toBe(3);
  });

  it('runs one at a time with a limit of 1, and handles no items', async () => {
    const order: string[] = [];
    await inParallel(['a', 'b', 'c'], 1, async (x) => {
      order.push(`start ${x}`);
      await tick(1);
      order.push(`end ${x}`);
    });
    expect(order).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(await inParallel([], SUMMARY_SOURCES_AT_ONCE, async () => 1)).toEqual([]);
  });

  it('rejects with the first failure', async () => {
    await expect(inParallel([1, 2, 3], 2, async (x) => { if (x === 2) throw new Error('source 2 failed'); return x; })).rejects.toThrow('source 2 failed');
  });
});
