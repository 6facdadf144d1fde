/**
 * The statutory clock of one case (SPEC §2.3 clock rules, KPI definitions in §3): due dates moved by
 * suspensions (clock stops) and extensions, working days used and left, and the steps that explain them.
 *
 * Pure: no I/O, no clock; the caller passes today's date.
 */
import type { CaseClockStep } from '../../shared/cases.types';
import { checkLimit, dueAt, type LimitUnit } from './calendar.deadlines';
import type { WorkdayIndex } from './calendar.workdays';

export interface SuspensionInput {
  from: string;
  /** Resume date R (the clock runs again on R); null while still suspended. */
  to: string | null;
  reason?: string;
}

export interface ExtensionInput {
  /** Working days granted. */
  days: number;
  approvedOn?: string;
}

export interface CaseClockInput {
  acceptedOn: string;
  promisedLimit: number;
  legalLimit: number;
  unit: LimitUnit;
  suspensions: readonly SuspensionInput[];
  extensions: readonly ExtensionInput[];
  completedOn?: string | null;
  today: string;
}

/** One step of a case clock's explanation; the API carries the same shape (src/shared/cases.types.ts). */
export type ClockStep = CaseClockStep;

export interface CaseClock {
  promisedDueDate: string;
  legalDueDate: string;
  baseLegalDueDate: string;
  basePromisedDueDate: string;
  /** Working days the clock stood still (all suspensions, open ones up to the reference day). */
  suspendedWorkdays: number;
  extensionWorkdays: number;
  workdaysUsed: number;
  workdaysLeft: number;
  /** Reference day (completion or today) is after the promised due date. */
  overdue: boolean;
  provisional: boolean;
  /** Open and not suspended. */
  running: boolean;
  steps: ClockStep[];
}

interface SuspensionInterval {
  input: SuspensionInput;
  start: number;
  end: number;
  workdays: number;
}

/**
 * The statutory clock of one case (SPEC §2.3, KPI definitions in §3).
 *
 * Rule decisions, beyond the SPEC wording:
 * - A suspension [S, R) is clipped to start no earlier than the day after acceptance (the acceptance day
 *   never counts, so suspending on it must not cost a day twice) and no earlier than the end of an earlier
 *   suspension (overlaps count once). An open suspension runs through the reference day (completion or
 *   today), i.e. [S, ref + 1): the due dates keep moving one working day per suspended working day, and
 *   the days left stay constant while suspended.
 * - A suspension moves a due date only if it starts on or before that due date (as moved by earlier
 *   suspensions; for the legal date including granted extensions): once a deadline has passed, stopping
 *   the clock cannot make an overdue case timely again. Suspended days still never count as used.
 * - Extensions (working days) move only the legal due date, applied after the suspensions.
 * - workdaysLeft = working days in (ref, promised due], negative (−working days in (due, ref]) once past
 *   it; on a day off just after the due date it is 0 while `overdue` is already true.
 */
export function computeCaseClock(index: WorkdayIndex, input: CaseClockInput): CaseClock {
  const { promisedLimit, legalLimit, unit } = input;
  checkLimit(promisedLimit, 'promisedLimit');
  checkLimit(legalLimit, 'legalLimit');
  const a = index.offsetOf(input.acceptedOn);
  const completed = input.completedOn != null;
  const ref = index.offsetOf(completed ? (input.completedOn as string) : input.today);
  index.offsetOf(input.today); // validated even when completed, so bad input never passes silently

  const basePromised = dueAt(index, a, promisedLimit, unit);
  const baseLegal = dueAt(index, a, legalLimit, unit);

  let extensionWorkdays = 0;
  for (const e of input.extensions) {
    checkLimit(e.days, 'extension days');
    extensionWorkdays += e.days;
  }

  const intervals: SuspensionInterval[] = [];
  let open = false;
  const sorted = input.suspensions.length > 1
    ? [...input.suspensions].sort((x, y) => (x.from < y.from ? -1 : x.from > y.from ? 1 : 0))
    : input.suspensions;
  let cursor = a + 1;
  for (const s of sorted) {
    const rawStart = index.offsetOf(s.from);
    let end: number;
    if (s.to === null || s.to === undefined) {
      open = true;
      end = Math.min(ref + 1, index.size);
    } else {
      end = index.endOffsetOf(s.to);
      if (end < rawStart) throw new RangeError(`Suspension resumes (${s.to}) before it starts (${s.from})`);
    }
    const start = Math.max(rawStart, cursor);
    const workdays = index.workdaysInOffsets(start, end);
    intervals.push({ input: s, start, end, workdays });
    if (end > cursor) cursor = end;
  }

  const steps: ClockStep[] = [{ kind: 'start', date: index.dateAt(a), promisedLimit, legalLimit, unit }];
  const suspensionSteps: ClockStep[] = [];
  let promised = basePromised;
  let legal = baseLegal;
  let suspendedWorkdays = 0;
  for (const iv of intervals) {
    suspendedWorkdays += iv.workdays;
    let promisedShift = 0;
    let legalShift = 0;
    if (iv.workdays > 0) {
      if (iv.start <= promised) {
        promisedShift = iv.workdays;
        promised = index.addWorkdaysAt(promised, promisedShift);
      }
      if (iv.start <= index.addWorkdaysAt(legal, extensionWorkdays)) {
        legalShift = iv.workdays;
        legal = index.addWorkdaysAt(legal, legalShift);
      }
    }
    const step: ClockStep = {
      kind: 'suspension',
      from: iv.input.from,
      to: iv.input.to ?? null,
      lastDay: iv.end > iv.start ? index.dateAt(iv.end - 1) : null,
      open: iv.input.to == null,
      workdays: iv.workdays,
      promisedShift,
      legalShift,
      promisedDueDate: index.dateAt(promised),
      legalDueDate: index.dateAt(legal),
    };
    if (iv.input.reason !== undefined) step.reason = iv.input.reason;
    suspensionSteps.push(step);
  }

  const extensionSteps: ClockStep[] = [];
  for (const e of input.extensions) {
    const previous = legal;
    legal = index.addWorkdaysAt(legal, e.days);
    const step: ClockStep = {
      kind: 'extension',
      days: e.days,
      workdays: e.days,
      previousLegalDueDate: index.dateAt(previous),
      legalDueDate: index.dateAt(legal),
    };
    if (e.approvedOn !== undefined) step.approvedOn = e.approvedOn;
    extensionSteps.push(step);
  }

  // Days used: (acceptance, ref] minus suspended working days inside that span.
  let workdaysUsed = 0;
  if (ref > a) {
    workdaysUsed = index.workdaysInOffsets(a + 1, ref + 1);
    for (const iv of intervals) workdaysUsed -= index.workdaysInOffsets(iv.start, Math.min(iv.end, ref + 1));
  }
  const workdaysLeft = index.workdaysInOffsets(0, promised + 1) - index.workdaysInOffsets(0, ref + 1);

  const last = Math.max(promised, legal, ref);
  const provisional = index.anyProvisionalAt(a + 1, last) || index.isProvisionalAt(promised) || index.isProvisionalAt(legal);

  for (const h of index.holidaySpansAt(a + 1, Math.max(promised, legal))) steps.push({ kind: 'holiday', ...h });
  steps.push(...suspensionSteps, ...extensionSteps);
  steps.push({
    kind: 'due', which: 'promised', date: index.dateAt(promised), baseDate: index.dateAt(basePromised),
    limit: promisedLimit, unit, provisional: index.anyProvisionalAt(a + 1, promised) || index.isProvisionalAt(promised),
  });
  steps.push({
    kind: 'due', which: 'legal', date: index.dateAt(legal), baseDate: index.dateAt(baseLegal),
    limit: legalLimit, unit, provisional: index.anyProvisionalAt(a + 1, legal) || index.isProvisionalAt(legal),
  });

  return {
    promisedDueDate: index.dateAt(promised),
    legalDueDate: index.dateAt(legal),
    baseLegalDueDate: index.dateAt(baseLegal),
    basePromisedDueDate: index.dateAt(basePromised),
    suspendedWorkdays,
    extensionWorkdays,
    workdaysUsed,
    workdaysLeft,
    overdue: ref > promised,
    provisional,
    running: !completed && !open,
    steps,
  };
}
