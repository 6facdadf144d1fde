import { unprocessable } from './errors';
import { resolvePeriod, type Period, type PeriodInput } from '../shared/period';

/**
 * The reporting period of a request, or 422 INVALID_PERIOD naming the parameter at fault. Every route
 * that takes from/to uses this one check (src/shared/period.ts), so the summary, the drill-down and the
 * statistics of each module accept and refuse the same periods.
 */
export function periodOrFail(input: PeriodInput, today: string): Period {
  const r = resolvePeriod(input, today);
  if ('field' in r) throw unprocessable('INVALID_PERIOD', r.message, { field: r.field });
  return r.period;
}
