/**
 * How the generator spreads a year's volume over days and draws from skewed lists — deterministic given
 * the seeded `Rng` (nothing here reads the clock or Math.random).
 */
import type { Rng } from './rng';

/** A discrete distribution: cumulative weights, drawn by binary search. */
export interface Weighted<T> {
  items: T[];
  cum: number[];
}

export function weighted<T>(items: T[], weight: (t: T, i: number) => number): Weighted<T> {
  const cum: number[] = [];
  let s = 0;
  items.forEach((t, i) => {
    s += weight(t, i);
    cum.push(s);
  });
  return { items, cum };
}

export function draw<T>(w: Weighted<T>, rng: Rng): T {
  const x = rng.next() * w.cum[w.cum.length - 1];
  let lo = 0;
  let hi = w.cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (w.cum[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return w.items[lo];
}

/** Every day of `year`, as 'YYYY-MM-DD'. */
export function yearDays(year: number): string[] {
  const out: string[] = [];
  for (let d = new Date(Date.UTC(year, 0, 1)); d.getUTCFullYear() === year; d = new Date(d.getTime() + 86_400_000)) out.push(d.toISOString().slice(0, 10));
  return out;
}

/**
 * `total` spread over days in proportion to `weights`, the rounding remainder carried to the next day so
 * that the year sums to the volume (or one less, when the last remainder falls a hair short of 1 in
 * floating point: 630 orders a year write 629).
 */
export function perDay(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const out: number[] = [];
  let carry = 0;
  for (const w of weights) {
    const exact = (total * w) / sum + carry;
    const n = Math.floor(exact);
    carry = exact - n;
    out.push(n);
  }
  return out;
}

/** The instant of a Shanghai wall-clock time on `day`. */
export const at = (day: string, hour: number, minute = 0) => new Date(`${day}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00+08:00`).toISOString();

/** `base` moved by `hours` (fractions allowed, negative for earlier). */
export const plusHours = (base: string, hours: number) => new Date(new Date(base).getTime() + hours * 3_600_000).toISOString();
