export {
  civilToDayNumber,
  dayNumberToCivil,
  isValidDateString,
  toDayNumber,
  fromDayNumber,
  weekdayOfDayNumber,
  weekdayOf,
  shanghaiDate,
} from './calendar.days';
export { WorkdayIndex, missingNextYearCalendar } from './calendar.workdays';
export { provisionalHolidays, statutoryHolidays, type ProvisionalHoliday } from './calendar.provisional';
export type { DayKind, CalendarDayEntry, DayInfo, HolidaySpan, WorkdayIndexOptions } from './calendar.workdays';
export { computeDueDate, isOnTime, isLateCompletion } from './calendar.deadlines';
export type { LimitUnit, DueDateInput } from './calendar.deadlines';
export { computeCaseClock } from './calendar.clock';
export type { SuspensionInput, ExtensionInput, CaseClockInput, ClockStep, CaseClock } from './calendar.clock';
export { explainClock } from './calendar.explain';
export { chineseDaysEntries } from './calendar.seed';
export type { ChineseDaysSeed } from './calendar.seed';
