/**
 * The working-day calendar (SPEC §2.1): which days are worked, off, holidays or 调休 working days, held in
 * a precomputed index so that the deadline and clock rules are a few typed-array reads per question.
 *
 * Pure: no I/O, no clock. Dates are 'YYYY-MM-DD' strings naming Asia/Shanghai days (see calendar.days.ts).
 */
import {
  DAYS_IN_MONTH, dayNumberToCivil, fromDayNumber, isLeapYear, isValidDateString, pad2, parseDayNumber, toDayNumber,
  weekdayOfDayNumber,
} from './calendar.days';
import { provisionalHolidays } from './calendar.provisional';

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
 * day numbers relative to `from`. The offset-based methods are public for the deadline and clock rules
 * (calendar.deadlines.ts, calendar.clock.ts) and for callers with their own hot loops; most code should
 * use the date-string methods.
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
    // A provisional year's days off: the statutory holidays with their lunar dates and art. 6 make-up days (calendar.provisional.ts).
    const provisionalOff = new Map<number, string>();
    const addProvisionalYear = (y: number) => {
      for (const h of provisionalHolidays(y)) provisionalOff.set(toDayNumber(h.date), h.name);
    };
    if (yearProvisional) addProvisionalYear(year);
    for (let i = 0; i < n; i++) {
      this.dates[i] = `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
      const dow = weekdayOfDayNumber(first + i);
      let kind = dow === 0 || dow === 6 ? K_WEEKEND : K_WORKDAY;
      if (yearProvisional) {
        this.provisionalDay[i] = 1;
        const holiday = provisionalOff.get(first + i);
        if (holiday !== undefined) {
          kind = K_HOLIDAY;
          this.names[i] = holiday;
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
          if (yearProvisional) addProvisionalYear(year);
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

/**
 * SPEC §2.1: from November on, admins are warned when next year's schedule is missing. Returns the
 * missing year, or null.
 */
export function missingNextYearCalendar(index: WorkdayIndex, today: string): number | null {
  const { year, month } = dayNumberToCivil(toDayNumber(today));
  return month >= 11 && !index.isPublishedYear(year + 1) ? year + 1 : null;
}
