import { describe, expect, it } from 'vitest';
import { TtlCache } from './ttl-cache';

function setup(ttlMs = 1000, maxEntries = 10) {
  let t = 0;
  const cache = new TtlCache<string, number>(ttlMs, maxEntries, () => t);
  let loads = 0;
  const load = (v: number | undefined) => async () => {
    loads++;
    return v;
  };
  return { cache, load, loads: () => loads, advance: (ms: number) => (t += ms) };
}

describe('TtlCache', () => {
  it('serves a loaded value until its time is up, then loads again', async () => {
    const s = setup(1000);
    expect(await s.cache.get('a', s.load(1))).toBe(1);
    s.advance(999);
    expect(await s.cache.get('a', s.load(2))).toBe(1);
    s.advance(1);
    expect(await s.cache.get('a', s.load(2))).toBe(2);
    expect(s.loads()).toBe(2);
  });

  it('never remembers an absent value', async () => {
    const s = setup();
    expect(await s.cache.get('a', s.load(undefined))).toBeUndefined();
    expect(await s.cache.get('a', s.load(3))).toBe(3);
    expect(s.loads()).toBe(2);
  });

  it.each([
    ['delete', (c: TtlCache<string, number>) => c.delete('a')],
    ['deleteWhere', (c: TtlCache<string, number>) => c.deleteWhere((v) => v === 1)],
    ['clear', (c: TtlCache<string, number>) => c.clear()],
  ])('%s drops the entry at once', async (_name, drop) => {
    const s = setup();
    await s.cache.get('a', s.load(1));
    await s.cache.get('b', s.load(5));
    drop(s.cache);
    expect(await s.cache.get('a', s.load(2))).toBe(2);
  });

  it('deleteWhere keeps the entries it does not match', async () => {
    const s = setup();
    await s.cache.get('a', s.load(1));
    await s.cache.get('b', s.load(5));
    s.cache.deleteWhere((v) => v === 1);
    expect(await s.cache.get('b', s.load(6))).toBe(5);
  });

  it('does not remember a load that an invalidation overtook', async () => {
    const s = setup();
    let release!: (v: number) => void;
    const slow = s.cache.get('a', () => new Promise<number>((r) => (release = r)));
    s.cache.delete('a');
    release(1);
    expect(await slow).toBe(1);
    expect(await s.cache.get('a', s.load(2))).toBe(2);
  });

  it('shares one load between concurrent misses of a key, and forgets a failed one', async () => {
    const s = setup();
    const [x, y] = await Promise.all([s.cache.get('a', s.load(1)), s.cache.get('a', s.load(9))]);
    expect([x, y, s.loads()]).toEqual([1, 1, 1]);
    await expect(s.cache.get('b', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await s.cache.get('b', s.load(4))).toBe(4);
  });

  it('holds at most maxEntries, dropping the oldest', async () => {
    const s = setup(1000, 2);
    await s.cache.get('a', s.load(1));
    await s.cache.get('b', s.load(2));
    await s.cache.get('c', s.load(3));
    expect(s.cache.size).toBe(2);
    expect(await s.cache.get('a', s.load(10))).toBe(10);
    expect(await s.cache.get('c', s.load(30))).toBe(3);
  });
});
