import { describe, expect, it } from 'vitest';
import { TASK_ACTIONS, TASK_STATUSES, checkTask, claimedOnTime, drawFrom, mergeConfig, seedHash } from './regulation.rules';

describe('监管任务 transitions', () => {
  const allowed: Record<string, string[]> = { claim: ['pending'], close: ['claimed'] };
  for (const action of TASK_ACTIONS)
    for (const status of TASK_STATUSES)
      it(`${action} from ${status}`, () => {
        const problem = checkTask(action, status);
        if (allowed[action].includes(status)) expect(problem).toBeNull();
        else expect(problem).toMatch(/不能/);
      });
});

describe('claim on time', () => {
  it.each([
    ['2026-11-06', '2026-11-06', true],
    ['2026-11-05', '2026-11-06', true],
    ['2026-11-09', '2026-11-06', false],
  ])('claimed %s, due %s → %s', (on, due, ok) => expect(claimedOnTime(on, due)).toBe(ok));
});

describe('双随机 draw', () => {
  const pool = Array.from({ length: 30 }, (_, i) => `S${i}`);
  it('is reproducible from the seed and differs between seeds', () => {
    const a = drawFrom('seed-1', 'subjects', pool, 5);
    expect(drawFrom('seed-1', 'subjects', pool, 5)).toEqual(a);
    expect(new Set(a).size).toBe(5);
    for (const x of a) expect(pool).toContain(x);
    expect(drawFrom('seed-2', 'subjects', pool, 5)).not.toEqual(a);
    expect(drawFrom('seed-1', 'inspectors', pool, 5)).not.toEqual(a);
  });
  it('draws the whole pool as a permutation and refuses more than the pool', () => {
    expect([...drawFrom('s', 'x', pool, 30)].sort()).toEqual([...pool].sort());
    expect(() => drawFrom('s', 'x', pool, 31)).toThrow(RangeError);
  });
  it('is roughly uniform', () => {
    const hits = new Map<string, number>();
    for (let i = 0; i < 600; i++) for (const x of drawFrom(`seed${i}`, 's', ['a', 'b', 'c'], 1)) hits.set(x, (hits.get(x) ?? 0) + 1);
    for (const k of ['a', 'b', 'c']) expect(hits.get(k)!).toBeGreaterThan(140);
  });
  it('commits to the seed with SHA-256', () => {
    expect(seedHash('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('config', () => {
  it('defaults to 5 working days and checks the range', () => {
    expect(mergeConfig(null)).toEqual({ claimWorkdays: 5 });
    expect(mergeConfig({ claimWorkdays: 3 })).toEqual({ claimWorkdays: 3 });
    expect(() => mergeConfig({ claimWorkdays: 0 })).toThrow(/认领时限/);
    expect(() => mergeConfig({ claimWorkdays: 2.5 })).toThrow(/认领时限/);
  });
});
