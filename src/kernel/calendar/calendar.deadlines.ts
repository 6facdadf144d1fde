/**
 * Statutory due dates (SPEC §2.3): a time limit in working or natural days counted from acceptance on
 * the working-day index, and whether a completion was on time.
 *
 * Pure: no I/O, no clock.
 */
import { toDayNumber } from './calendar.days';
import type { WorkdayIndex } from './calendar.workdays';

export type LimitUnit = 'workday' | 'natural';

export interface DueDateInput {
  /** Acceptance date; it never counts towards the limit. */
  start: string;
  /** Time limit P ≥ 0; 0 is 即办件. */
  limit: number;
  unit: LimitUnit;
}

/** RangeError unless `limit` is a non-negative integer (shared with the case clock). */
export function checkLimit(limit: number, what: string): void {
  if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`${what} must be a non-negative integer, got ${limit}`);
}

/** Offset of the due date for a limit counted from offset `start` (the start day never counts). */
export function dueAt(index: WorkdayIndex, start: number, limit: number, unit: LimitUnit): number {
  if (limit === 0) return start;
  if (unit === 'workday') return index.addWorkdaysAt(start, limit);
  if (unit === 'natural') {
    const j = start + limit;
    if (j >= index.size) throw new RangeError(`${limit} days from ${index.dateAt(start)} fall outside the working-day calendar`);
    return index.nextWorkdayAt(j);
  }
  throw new RangeError(`Unknown limit unit ${JSON.stringify(unit)}`);
}

/**
 * SPEC §2.3: the start day does not count; a working-day limit P ends on the P-th working day after the
 * start; a natural-day limit ends on start + P, moved to the next working day when that is a day off;
 * P = 0 (即办件) is due on the start day itself.
 */
export function computeDueDate(index: WorkdayIndex, input: DueDateInput): string {
  const { start, limit, unit } = input;
  checkLimit(limit, 'limit');
  return index.dateAt(dueAt(index, index.offsetOf(start), limit, unit));
}

/** SPEC §2.3: on time = completed on or before the promised due date (extensions do not help). */
export function isOnTime(completedOn: string, promisedDueDate: string): boolean {
  return toDayNumber(completedOn) <= toDayNumber(promisedDueDate);
}

/** Completed after the promised due date (the `completed_late` red card). */
export function isLateCompletion(completedOn: string, promisedDueDate: string): boolean {
  return !isOnTime(completedOn, promisedDueDate);
}
