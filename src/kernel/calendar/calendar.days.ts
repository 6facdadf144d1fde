/**
 * Day numbers: strict 'YYYY-MM-DD' parsing, civil-date arithmetic, weekdays and the Asia/Shanghai date
 * of an instant (SPEC §2.1 calendar).
 *
 * Pure: no I/O, no clock, no dependence on the machine's time zone. Dates are 'YYYY-MM-DD' strings that
 * name Asia/Shanghai calendar days; internally they are integer day numbers (days since 1970-01-01), so
 * `new Date()` parsing quirks and DST of the host never leak into a deadline.
 */

/** Days per month of a common year, indexed 1..12. */
export const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Gregorian leap year. */
export function isLeapYear(y: number): boolean {
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
export function parseDayNumber(date: string): number {
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

/** Two-digit zero padding of a month or day (also used by the index to build its date strings). */
export function pad2(n: number): string {
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
