/**
 * Working-day calendar and statutory deadline rules (SPEC §2.1 calendar, §2.3 clock rules).
 *
 * Pure: no I/O, no clock, no dependence on the machine's time zone. Dates are 'YYYY-MM-DD' strings that
 * name Asia/Shanghai calendar days; internally they are integer day numbers (days since 1970-01-01), so
 * `new Date()` parsing quirks and DST of the host never leak into a deadline.
 */

// ---------------------------------------------------------------------------------------------------
// Day numbers
// ---------------------------------------------------------------------------------------------------

const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function civilToDayNumber(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = month > 2 ? month - 3 : month + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Inverse of {@link civilToDayNumber}. */
export function dayNumberToCivil(dayNumber: number): { year: number; month: number; day: number } {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/**
 * Parses a strict 'YYYY-MM-DD' string into a day number, or returns NaN. Hand-rolled on char codes
 * because this sits on the deadline hot path (SPEC §6: ≥ 1M due dates/s).
 */
function parseDayNumber(date: string): number {
  if (typeof date !== 'string' || date.length !== 10) return NaN;
  if (date.charCodeAt(4) !== 45 || date.charCodeAt(7) !== 45) return NaN;
  const y0 = date.charCodeAt(0) - 48, y1 = date.charCodeAt(1) - 48, y2 = date.charCodeAt(2) - 48, y3 = date.charCodeAt(3) - 48;
  const m0 = date.charCodeAt(5) - 48, m1 = date.charCodeAt(6) - 48;
  const d0 = date.charCodeAt(8) - 48, d1 = date.charCodeAt(9) - 48;
  // One unsigned comparison rejects every non-digit.
  if ((y0 >>> 0) > 9 || (y1 >>> 0) > 9 || (y2 >>> 0) > 9 || (y3 >>> 0) > 9 || (m0 >>> 0) > 9 || (m1 >>> 0) > 9 ||
    (d0 >>> 0) > 9 || (d1 >>> 0) > 9) return NaN;
  const year = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const month = m0 * 10 + m1;
  const day = d0 * 10 + d1;
  if (month < 1 || month > 12 || day < 1) return NaN;
  if (day > DAYS_IN_MONTH[month] && !(month === 2 && day === 29 && isLeapYear(year))) return NaN;
  return civilToDayNumber(year, month, day);
}

/** True when `date` is a real calendar date written exactly as 'YYYY-MM-DD'. */
export function isValidDateString(date: string): boolean {
  return !Number.isNaN(parseDayNumber(date));
}

/** 'YYYY-MM-DD' → days since 1970-01-01. Throws RangeError on anything else. */
export function toDayNumber(date: string): number {
  const n = parseDayNumber(date);
  if (Number.isNaN(n)) throw new RangeError(`Invalid date ${JSON.stringify(date)}: expected 'YYYY-MM-DD'`);
  return n;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Days since 1970-01-01 → 'YYYY-MM-DD'. */
export function fromDayNumber(dayNumber: number): string {
  if (!Number.isInteger(dayNumber)) throw new RangeError(`Invalid day number ${dayNumber}`);
  const { year, month, day } = dayNumberToCivil(dayNumber);
  if (year < 0 || year > 9999) throw new RangeError(`Day number ${dayNumber} is outside years 0000-9999`);
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

/** Day of week of a day number: 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOfDayNumber(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

/** Day of week of a date string: 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: string): number {
  return weekdayOfDayNumber(toDayNumber(date));
}

const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;
const MS_PER_DAY = 86400 * 1000;

/**
 * Asia/Shanghai calendar date of an instant. China has used a fixed UTC+8 without DST since 1991, so a
 * constant offset is exact for every date this platform handles and avoids depending on the host's tz data.
 */
export function shanghaiDate(instant: Date | number): string {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('Invalid instant');
  return fromDayNumber(Math.floor((ms + SHANGHAI_OFFSET_MS) / MS_PER_DAY));
}

// ---------------------------------------------------------------------------------------------------
// Calendar index
// ---------------------------------------------------------------------------------------------------

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'adjusted_workday';

/** An exception to "Mon–Fri work, Sat/Sun off". */
export interface CalendarDayEntry {
  date: string;
  kind: DayKind;
  name?: string;
}

export interface DayInfo {
  date: string;
  kind: DayKind;
  name?: string;
  workday: boolean;
  /** The day's year has no published State Council schedule: weekends + fixed-date holidays only. */
  provisional: boolean;
}

/** A maximal run of consecutive days off that contains at least one statutory holiday. */
export interface HolidaySpan {
  from: string;
  to: string;
  /** Holiday names in order of first appearance, e.g. ['国庆节', '中秋节'] for 2025. */
  names: string[];
  /** Natural days in the span. */
  days: number;
  provisional: boolean;
}

export interface WorkdayIndexOptions {
  entries: readonly CalendarDayEntry[];
  publishedYears: readonly number[];
  /** First day covered; default 2000-01-01. */
  from?: string;
  /** Last day covered (inclusive); default 2045-12-31. */
  to?: string;
}

/**
 * Statutory holidays of 全国年节及纪念日放假办法 (2025 revision) that fall on a fixed Gregorian date. The
 * lunar ones (春节, 清明, 端午, 中秋) and all 调休 arrangements need the State Council's yearly notice, so a
 * provisional year knows only these.
 */
export const PROVISIONAL_FIXED_HOLIDAYS: readonly { month: number; day: number; name: string }[] = [
  { month: 1, day: 1, name: '元旦' },
  { month: 5, day: 1, name: '劳动节' },
  { month: 5, day: 2, name: '劳动节' },
  { month: 10, day: 1, name: '国庆节' },
  { month: 10, day: 2, name: '国庆节' },
  { month: 10, day: 3, name: '国庆节' },
];

const K_WORKDAY = 0;
const K_WEEKEND = 1;
const K_HOLIDAY = 2;
const K_ADJUSTED = 3;
const KIND_NAMES: readonly DayKind[] = ['workday', 'weekend', 'holiday', 'adjusted_workday'];
const KIND_CODES: Record<DayKind, number> = { workday: K_WORKDAY, weekend: K_WEEKEND, holiday: K_HOLIDAY, adjusted_workday: K_ADJUSTED };

interface SpanRecord {
  from: number;
  to: number;
  names: string[];
  provisional: boolean;
}

/**
 * Precomputed working-day calendar. Every per-day query is a few typed-array reads; offsets (`i`) are
 * day numbers relative to `from`. The offset-based methods are public for the deadline functions in this
 * module and for callers with their own hot loops; most code should use the date-string methods.
 */
export class WorkdayIndex {
  readonly from: string;
  readonly to: string;
  /** Day number of `from`. */
  readonly firstDay: number;
  /** Number of days covered. */
  readonly size: number;

  private readonly kinds: Uint8Array;
  private readonly names: (string | undefined)[];
  private readonly provisionalDay: Uint8Array;
  /** provisionalCum[i] = provisional days in [0, i). */
  private readonly provisionalCum: Int32Array;
  /** cum[i] = working days in [0, i); length size + 1 so that exclusive ends may equal size. */
  private readonly cum: Int32Array;
  /** ordinal → offset of the (ordinal+1)-th working day. */
  private readonly workdayAt: Int32Array;
  /** Offset of the first working day at or after i, or -1. */
  private readonly nextWork: Int32Array;
  private readonly spans: SpanRecord[];
  /** Index into `spans` of the first span ending at or after i (spans.length if none); length size + 1. */
  private readonly spanFrom: Int32Array;
  private readonly dates: string[];
  private readonly published: ReadonlySet<number>;

  constructor(options: WorkdayIndexOptions) {
    this.from = options.from ?? '2000-01-01';
    this.to = options.to ?? '2045-12-31';
    const first = toDayNumber(this.from);
    const last = toDayNumber(this.to);
    if (last < first) throw new RangeError(`Calendar range ${this.from}..${this.to} is empty`);
    const n = last - first + 1;
    this.firstDay = first;
    this.size = n;
    this.published = new Set(options.publishedYears);

    this.kinds = new Uint8Array(n);
    this.names = new Array<string | undefined>(n).fill(undefined);
    this.provisionalDay = new Uint8Array(n);
    this.dates = new Array<string>(n);

    // Walk the range once by civil date, so that years and fixed-date holidays need no division per day.
    let { year, month, day } = dayNumberToCivil(first);
    let yearProvisional = !this.published.has(year);
    for (let i = 0; i < n; i++) {
      this.dates[i] = `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
      const dow = weekdayOfDayNumber(first + i);
      let kind = dow === 0 || dow === 6 ? K_WEEKEND : K_WORKDAY;
      if (yearProvisional) {
        this.provisionalDay[i] = 1;
        for (const h of PROVISIONAL_FIXED_HOLIDAYS) {
          if (h.month === month && h.day === day) {
            kind = K_HOLIDAY;
            this.names[i] = h.name;
          }
        }
      }
      this.kinds[i] = kind;
      day++;
      if (day > DAYS_IN_MONTH[month] && !(month === 2 && day === 29 && isLeapYear(year))) {
        day = 1;
        month++;
        if (month > 12) {
          month = 1;
          year++;
          yearProvisional = !this.published.has(year);
        }
      }
    }

    // Entries win over the defaults, also in provisional years: that is how an admin corrects a year
    // before (or instead of) publishing it. Out-of-range entries are ignored so that one seed can feed
    // indexes of any range.
    for (const e of options.entries) {
      const dn = toDayNumber(e.date);
      const i = dn - first;
      if (i < 0 || i >= n) continue;
      const code = KIND_CODES[e.kind];
      if (code === undefined) throw new RangeError(`Unknown day kind ${JSON.stringify(e.kind)} for ${e.date}`);
      const dow = weekdayOfDayNumber(dn);
      const weekend = dow === 0 || dow === 6;
      const work = code === K_WORKDAY || code === K_ADJUSTED;
      // Normalise so that the kind always agrees with the weekday: callers may say 'workday' for a
      // 调休 Saturday or 'weekend' for a weekday off, and reports must not show two spellings of one fact.
      this.kinds[i] = work ? (weekend ? K_ADJUSTED : K_WORKDAY) : code === K_HOLIDAY || !weekend ? K_HOLIDAY : K_WEEKEND;
      this.names[i] = e.name;
    }

    this.cum = new Int32Array(n + 1);
    let total = 0;
    for (let i = 0; i < n; i++) {
      this.cum[i] = total;
      const k = this.kinds[i];
      if (k === K_WORKDAY || k === K_ADJUSTED) total++;
    }
    this.cum[n] = total;

    this.workdayAt = new Int32Array(total);
    for (let i = 0, o = 0; i < n; i++) {
      const k = this.kinds[i];
      if (k === K_WORKDAY || k === K_ADJUSTED) this.workdayAt[o++] = i;
    }

    this.nextWork = new Int32Array(n);
    for (let i = n - 1, next = -1; i >= 0; i--) {
      const k = this.kinds[i];
      if (k === K_WORKDAY || k === K_ADJUSTED) next = i;
      this.nextWork[i] = next;
    }

    this.provisionalCum = new Int32Array(n + 1);
    for (let i = 0, c = 0; i <= n; i++) {
      this.provisionalCum[i] = c;
      if (i < n) c += this.provisionalDay[i];
    }

    this.spans = [];
    for (let i = 0; i < n; ) {
      if (this.isWorkdayAt(i)) {
        i++;
        continue;
      }
      let j = i;
      let hasHoliday = false;
      let provisional = false;
      const names: string[] = [];
      while (j < n && !this.isWorkdayAt(j)) {
        if (this.kinds[j] === K_HOLIDAY) {
          hasHoliday = true;
          const name = this.names[j];
          if (name && !names.includes(name)) names.push(name);
        }
        if (this.provisionalDay[j]) provisional = true;
        j++;
      }
      if (hasHoliday) this.spans.push({ from: i, to: j - 1, names, provisional });
      i = j;
    }
    this.spanFrom = new Int32Array(n + 1);
    for (let i = n, s = this.spans.length; i >= 0; i--) {
      while (s > 0 && this.spans[s - 1].to >= i) s--;
      this.spanFrom[i] = s;
    }
  }

  // --- offsets -------------------------------------------------------------------------------------

  private rangeError(date: string): RangeError {
    return new RangeError(`Date ${date} is outside the working-day calendar (${this.from}..${this.to})`);
  }

  /** Offset of a date inside the index; RangeError when invalid or outside the range. */
  offsetOf(date: string): number {
    const i = parseDayNumber(date) - this.firstDay;
    if (i >= 0 && i < this.size) return i;
    if (!isValidDateString(date)) throw new RangeError(`Invalid date ${JSON.stringify(date)}: expected 'YYYY-MM-DD'`);
    throw this.rangeError(date);
  }

  /** Like {@link offsetOf} but accepts the day after `to`, for exclusive range ends. */
  endOffsetOf(date: string): number {
    const i = parseDayNumber(date) - this.firstDay;
    if (i >= 0 && i <= this.size) return i;
    if (!isValidDateString(date)) throw new RangeError(`Invalid date ${JSON.stringify(date)}: expected 'YYYY-MM-DD'`);
    throw this.rangeError(date);
  }

  dateAt(i: number): string {
    const d = this.dates[i];
    if (d === undefined) throw new RangeError(`Offset ${i} is outside the working-day calendar (${this.from}..${this.to})`);
    return d;
  }

  isWorkdayAt(i: number): boolean {
    const k = this.kinds[i];
    return k === K_WORKDAY || k === K_ADJUSTED;
  }

  /** Working days in offsets [a, b) (a, b in 0..size). */
  workdaysInOffsets(a: number, b: number): number {
    return b > a ? this.cum[b] - this.cum[a] : 0;
  }

  /** Offset of the n-th working day strictly after offset i (n < 0: strictly before; n = 0: i). */
  addWorkdaysAt(i: number, n: number): number {
    if (n === 0) return i;
    const ordinal = n > 0 ? this.cum[i + 1] + n - 1 : this.cum[i] + n;
    if (ordinal < 0 || ordinal >= this.workdayAt.length) {
      throw new RangeError(
        `${n} working days from ${this.dateAt(i)} fall outside the working-day calendar (${this.from}..${this.to})`,
      );
    }
    return this.workdayAt[ordinal];
  }

  /** Offset of the first working day at or after offset i. */
  nextWorkdayAt(i: number): number {
    const j = i < this.size ? this.nextWork[i] : -1;
    if (j < 0) throw new RangeError(`No working day on or after offset ${i} within ${this.from}..${this.to}`);
    return j;
  }

  /** Whether any day in offsets [a, b] (inclusive) is provisional. */
  anyProvisionalAt(a: number, b: number): boolean {
    if (b < a) return false;
    return this.provisionalCum[b + 1] - this.provisionalCum[a] > 0;
  }

  isProvisionalAt(i: number): boolean {
    return this.provisionalDay[i] === 1;
  }

  // --- date-string API -----------------------------------------------------------------------------

  get publishedYears(): number[] {
    return [...this.published].sort((a, b) => a - b);
  }

  isPublishedYear(year: number): boolean {
    return this.published.has(year);
  }

  isWorkday(date: string): boolean {
    return this.isWorkdayAt(this.offsetOf(date));
  }

  isProvisional(date: string): boolean {
    return this.provisionalDay[this.offsetOf(date)] === 1;
  }

  dayInfo(date: string): DayInfo {
    const i = this.offsetOf(date);
    const kind = KIND_NAMES[this.kinds[i]];
    const info: DayInfo = { date: this.dates[i], kind, workday: this.isWorkdayAt(i), provisional: this.provisionalDay[i] === 1 };
    const name = this.names[i];
    if (name !== undefined) info.name = name;
    return info;
  }

  /**
   * The n-th working day strictly after `date`; n = 0 returns `date` itself (even on a day off), and a
   * negative n counts backwards (the |n|-th working day strictly before).
   */
  addWorkdays(date: string, n: number): string {
    if (!Number.isInteger(n)) throw new RangeError(`Working-day count must be an integer, got ${n}`);
    return this.dates[this.addWorkdaysAt(this.offsetOf(date), n)];
  }

  /**
   * Working days in (a, b]. Antisymmetric: when b < a the result is −(working days in (b, a]), so
   * `workdaysBetween(today, due)` is the days left and, once negative, the working days overdue; a = b
   * gives 0.
   */
  workdaysBetween(a: string, b: string): number {
    const i = this.offsetOf(a);
    const j = this.offsetOf(b);
    return this.cum[j + 1] - this.cum[i + 1];
  }

  /** Working days in [from, toExclusive); 0 when toExclusive ≤ from. `toExclusive` may be the day after `to`. */
  workdaysInRange(from: string, toExclusive: string): number {
    return this.workdaysInOffsets(this.offsetOf(from), this.endOffsetOf(toExclusive));
  }

  nextWorkdayOnOrAfter(date: string): string {
    return this.dates[this.nextWorkdayAt(this.offsetOf(date))];
  }

  addNaturalDays(date: string, n: number): string {
    if (!Number.isInteger(n)) throw new RangeError(`Day count must be an integer, got ${n}`);
    const j = this.offsetOf(date) + n;
    if (j < 0 || j >= this.size) throw this.rangeError(fromDayNumber(this.firstDay + j));
    return this.dates[j];
  }

  /** Holiday spans that overlap [a, b] (inclusive), whole (a span may start before a or end after b). */
  holidaysBetween(a: string, b: string): HolidaySpan[] {
    return this.holidaySpansAt(this.offsetOf(a), this.offsetOf(b));
  }

  holidaySpansAt(a: number, b: number): HolidaySpan[] {
    const out: HolidaySpan[] = [];
    if (b < a) return out;
    for (let s = this.spanFrom[a]; s < this.spans.length && this.spans[s].from <= b; s++) {
      const sp = this.spans[s];
      out.push({
        from: this.dates[sp.from],
        to: this.dates[sp.to],
        names: [...sp.names],
        days: sp.to - sp.from + 1,
        provisional: sp.provisional,
      });
    }
    return out;
  }

  /** Adjusted (调休) working days in [a, b], for explanations. O(k) in the range length. */
  adjustedWorkdaysAt(a: number, b: number): string[] {
    const out: string[] = [];
    for (let i = Math.max(0, a); i <= b && i < this.size; i++) if (this.kinds[i] === K_ADJUSTED) out.push(this.dates[i]);
    return out;
  }
}

// ---------------------------------------------------------------------------------------------------
// Due dates
// ---------------------------------------------------------------------------------------------------

export type LimitUnit = 'workday' | 'natural';

export interface DueDateInput {
  /** Acceptance date; it never counts towards the limit. */
  start: string;
  /** Time limit P ≥ 0; 0 is 即办件. */
  limit: number;
  unit: LimitUnit;
}

function checkLimit(limit: number, what: string): void {
  if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`${what} must be a non-negative integer, got ${limit}`);
}

function dueAt(index: WorkdayIndex, start: number, limit: number, unit: LimitUnit): number {
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

// ---------------------------------------------------------------------------------------------------
// Case clock
// ---------------------------------------------------------------------------------------------------

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

export type ClockStep =
  | { kind: 'start'; date: string; promisedLimit: number; legalLimit: number; unit: LimitUnit }
  | { kind: 'holiday'; from: string; to: string; days: number; names: string[]; provisional: boolean }
  | {
      kind: 'suspension';
      from: string;
      /** Resume date as given (null while open). */
      to: string | null;
      /** Last day counted as suspended (R − 1, or the reference day while open); null if no day counted. */
      lastDay: string | null;
      open: boolean;
      reason?: string;
      /** Working days of [from, to) that stop the clock (after clipping to acceptance and earlier suspensions). */
      workdays: number;
      promisedShift: number;
      legalShift: number;
      /** Due dates after this suspension (legal one before extensions). */
      promisedDueDate: string;
      legalDueDate: string;
    }
  | { kind: 'extension'; days: number; workdays: number; approvedOn?: string; previousLegalDueDate: string; legalDueDate: string }
  | { kind: 'due'; which: 'promised' | 'legal'; date: string; baseDate: string; limit: number; unit: LimitUnit; provisional: boolean };

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

/** SPEC §2.3: on time = completed on or before the promised due date (extensions do not help). */
export function isOnTime(completedOn: string, promisedDueDate: string): boolean {
  return toDayNumber(completedOn) <= toDayNumber(promisedDueDate);
}

/** Completed after the promised due date (the `completed_late` red card). */
export function isLateCompletion(completedOn: string, promisedDueDate: string): boolean {
  return !isOnTime(completedOn, promisedDueDate);
}

/**
 * SPEC §2.1: from November on, admins are warned when next year's schedule is missing. Returns the
 * missing year, or null.
 */
export function missingNextYearCalendar(index: WorkdayIndex, today: string): number | null {
  const { year, month } = dayNumberToCivil(toDayNumber(today));
  return month >= 11 && !index.isPublishedYear(year + 1) ? year + 1 : null;
}

// ---------------------------------------------------------------------------------------------------
// Explanation
// ---------------------------------------------------------------------------------------------------

const WEEKDAY_CN = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

function cnDay(date: string, contextYear: number): string {
  const { year, month, day } = dayNumberToCivil(toDayNumber(date));
  return year === contextYear ? `${month}月${day}日` : `${year}年${month}月${day}日`;
}

function cnRange(from: string, to: string, contextYear: number): string {
  if (from === to) return cnDay(from, contextYear);
  return `${cnDay(from, contextYear)}—${cnDay(to, dayNumberToCivil(toDayNumber(from)).year)}`;
}

function spanPhrase(span: HolidaySpan, contextYear: number): string {
  const names = span.names.length > 0 ? span.names.join('、') : '法定节假日';
  return `${names}假期（${cnRange(span.from, span.to, contextYear)}）`;
}

/**
 * A plain Chinese explanation of a case clock for the case page, built from the index and the computed
 * result (never from hard-coded dates).
 */
export function explainClock(index: WorkdayIndex, input: CaseClockInput, result: CaseClock): string {
  const a = index.offsetOf(input.acceptedOn);
  const year = dayNumberToCivil(index.firstDay + a).year;
  const accepted = cnDay(input.acceptedOn, year);
  const unitCn = input.unit === 'workday' ? '工作日' : '自然日';
  const parts: string[] = [];

  const basePromised = index.offsetOf(result.basePromisedDueDate);
  if (input.promisedLimit === 0) {
    parts.push(`承诺办结日 ${result.basePromisedDueDate}：即办件，受理当日（${accepted}）办结。`);
  } else if (input.unit === 'workday') {
    const spans = index.holidaySpansAt(a + 1, basePromised);
    const adjusted = index.adjustedWorkdaysAt(a + 1, basePromised);
    let s = `承诺办结日 ${result.basePromisedDueDate}：受理日 ${accepted}不计，`;
    if (spans.length > 0) s += `${spans.map((sp) => spanPhrase(sp, year)).join('、')}顺延，`;
    if (adjusted.length > 0) {
      s += `${adjusted.map((d) => `${cnDay(d, year)}（${WEEKDAY_CN[weekdayOf(d)]}）`).join('、')}调休上班计为工作日，`;
    }
    s += `按 ${input.promisedLimit} 个工作日计算。`;
    parts.push(s);
  } else {
    const raw = a + input.promisedLimit;
    let s = `承诺办结日 ${result.basePromisedDueDate}：受理日 ${accepted}不计，按 ${input.promisedLimit} 个自然日计算`;
    if (raw !== basePromised) {
      const rawDate = index.dateAt(raw);
      const span = index.holidaySpansAt(raw, raw)[0];
      const why = span ? `逢${spanPhrase(span, year)}` : '为周末';
      s += `，第 ${input.promisedLimit} 日（${cnDay(rawDate, year)}）${why}，顺延至其后第一个工作日`;
    }
    parts.push(`${s}。`);
  }

  if (input.legalLimit > 0) {
    parts.push(`法定办结日 ${result.baseLegalDueDate}（按法定 ${input.legalLimit} 个${unitCn}计算）。`);
  }

  for (const step of result.steps) {
    if (step.kind === 'suspension') {
      const label = step.reason ? `${step.reason}中止` : '办理中止';
      let effect: string;
      if (step.workdays === 0) effect = '期间无工作日，办结日不变';
      else if (step.promisedShift > 0 && step.legalShift > 0) {
        effect = `承诺办结日顺延至 ${step.promisedDueDate}，法定办结日顺延至 ${step.legalDueDate}`;
      } else if (step.legalShift > 0) {
        effect = `中止时已过承诺办结日，承诺办结日不再顺延；法定办结日顺延至 ${step.legalDueDate}`;
      } else if (step.promisedShift > 0) {
        effect = `承诺办结日顺延至 ${step.promisedDueDate}；中止时已过法定办结日，法定办结日不再顺延`;
      } else effect = '中止时已过办结日，办结日不再顺延';
      if (step.open) {
        const sinceWhen = `自 ${cnDay(step.from, year)}起`;
        parts.push(
          step.lastDay
            ? `${label}中（${sinceWhen}，截至 ${cnDay(step.lastDay, year)}已计 ${step.workdays} 个工作日），${effect.replace(/顺延至/g, '暂顺延至')}，恢复办理前每个工作日继续顺延。`
            : `${label}中（${sinceWhen}），办结日将随中止的工作日顺延。`,
        );
      } else {
        const range = step.lastDay ? `（${cnRange(step.from, step.lastDay, year)}）` : '';
        parts.push(`${label} ${step.workdays} 个工作日${range}，${effect}。`);
      }
    } else if (step.kind === 'extension') {
      const approved = step.approvedOn ? `（${cnDay(step.approvedOn, year)}批准）` : '';
      parts.push(`经批准延长 ${step.days} 个工作日${approved}，法定办结日延至 ${step.legalDueDate}。`);
    }
  }

  if (input.completedOn != null) {
    const done = cnDay(input.completedOn, year);
    const verdict = result.overdue
      ? `超过承诺办结日 ${-result.workdaysLeft} 个工作日`
      : result.workdaysLeft > 0 ? `按时办结（提前 ${result.workdaysLeft} 个工作日）` : '按时办结';
    parts.push(`${done}办结，${verdict}，实际用时 ${result.workdaysUsed} 个工作日。`);
  } else {
    const now = cnDay(input.today, year);
    const left = result.overdue
      ? `已超过承诺办结日 ${result.promisedDueDate}（超期 ${-result.workdaysLeft} 个工作日）`
      : result.workdaysLeft === 0 ? '今日为承诺办结日' : `距承诺办结日还有 ${result.workdaysLeft} 个工作日`;
    parts.push(`截至 ${now}已用 ${result.workdaysUsed} 个工作日，${left}。`);
  }

  let text = parts.join('');
  if (result.provisional) text += '（日历为暂定）';
  return text;
}
