export {
  civilToDayNumber,
  dayNumberToCivil,
  isValidDateString,
  toDayNumber,
  fromDayNumber,
  weekdayOfDayNumber,
  weekdayOf,
  shanghaiDate,
  PROVISIONAL_FIXED_HOLIDAYS,
  WorkdayIndex,
  computeDueDate,
  computeCaseClock,
  explainClock,
  isOnTime,
  isLateCompletion,
  missingNextYearCalendar,
} from './calendar.rules';
export type {
  DayKind,
  CalendarDayEntry,
  DayInfo,
  HolidaySpan,
  WorkdayIndexOptions,
  LimitUnit,
  DueDateInput,
  SuspensionInput,
  ExtensionInput,
  CaseClockInput,
  ClockStep,
  CaseClock,
} from './calendar.rules';
export { chineseDaysEntries } from './calendar.seed';
export type { ChineseDaysSeed } from './calendar.seed';
