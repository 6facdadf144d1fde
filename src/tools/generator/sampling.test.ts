import { describe, expect, it } from 'vitest';
import { Rng } from './rng';
import { at, draw, perDay, plusHours, weighted, yearDays } from './sampling';

describe('perDay', () => {
  it.each([
    ['working days only', 6000, [1, 1, 0, 0, 1, 1, 1]],
    ['weekends at 4 %', 600_000, [1, 1, 1, 1, 1, 0.04, 0.04]],
    ['weekends at 60 %', 63, [1, 0.6, 0.6, 1]],
    ['fewer than the days', 3, [1, 1, 1, 1, 1, 1, 1, 1]],
  ])('spreads the volume over the days by weight (%s), the year summing to the volume (at most one lost to rounding)', (_name, total, weights) => {
    const days = perDay(total, weights);
    expect(days).toHaveLength(weights.length);
    const sum = days.reduce((a, b) => a + b, 0);
    expect(sum).toBeLessThanOrEqual(total);
    expect(sum).toBeGreaterThanOrEqual(total - 1);
    weights.forEach((w, i) => expect(Math.abs(days[i] - (total * w) / weights.reduce((a, b) => a + b, 0))).toBeLessThan(1));
  });

  it('gives a day of weight 0 nothing', () => {
    expect(perDay(10, [1, 0, 1])[1]).toBe(0);
  });
});

describe('draw', () => {
  it('never draws a zero weight and follows the others', () => {
    const w = weighted(['a', 'never', 'b'], (_t, i) => [1, 0, 3][i]);
    const rng = new Rng(1);
    const seen = new Map<string, number>();
    for (let i = 0; i < 4000; i++) {
      const x = draw(w, rng);
      seen.set(x, (seen.get(x) ?? 0) + 1);
    }
    expect(seen.has('never')).toBe(false);
    expect(seen.get('a')! / 4000).toBeGreaterThan(0.2);
    expect(seen.get('a')! / 4000).toBeLessThan(0.3);
  });

  it('is the same for the same seed', () => {
    const w = weighted([1, 2, 3, 4, 5], (_t, i) => 1 / (i + 1));
    const run = (seed: number) => {
      const rng = new Rng(seed);
      return Array.from({ length: 50 }, () => draw(w, rng));
    };
    expect(run(9)).toEqual(run(9));
    expect(run(9)).not.toEqual(run(10));
  });
});

describe('days and instants', () => {
  it.each([
    [2024, 366],
    [2025, 365],
  ])('lists every day of %i', (year, n) => {
    const days = yearDays(year);
    expect(days).toHaveLength(n);
    expect(days[0]).toBe(`${year}-01-01`);
    expect(days.at(-1)).toBe(`${year}-12-31`);
  });

  it('reads wall-clock times in Shanghai', () => {
    expect(at('2025-03-03', 8, 5)).toBe('2025-03-03T00:05:00.000Z');
    expect(at('2025-03-03', 7)).toBe('2025-03-02T23:00:00.000Z');
    expect(plusHours('2025-03-03T00:00:00.000Z', -0.5)).toBe('2025-03-02T23:30:00.000Z');
  });
});
