import { fetchCalendarYear, type CalendarDay, type CalendarYear } from './calendar.api';
import { addDays, shanghaiToday } from './dates';

export interface TodayStatus {
  today: string;
  day: CalendarDay;
  /** The first working day after today. */
  nextWorkday: string | null;
  /** Working days left in this month, today included when it is one. */
  workdaysLeftInMonth: number;
  /** This year's calendar is provisional (schedule not entered yet). */
  provisional: boolean;
  warning: string | null;
  calendar: CalendarYear;
}

function byDate(cal: CalendarYear): Map<string, CalendarDay> {
  return new Map(cal.days.map((d) => [d.date, d]));
}

/** Today's working-day status from the server's calendar (GET /api/v1/calendar). */
export async function loadTodayStatus(now: Date = new Date()): Promise<TodayStatus> {
  let today = shanghaiToday(now);
  let calendar = await fetchCalendarYear(Number(today.slice(0, 4)));
  // Prefer the server's today when it says (its clock may be a demo clock).
  if (calendar.today && /^\d{4}-\d{2}-\d{2}$/.test(calendar.today) && calendar.today !== today) {
    today = calendar.today;
    if (Number(today.slice(0, 4)) !== calendar.year) calendar = await fetchCalendarYear(Number(today.slice(0, 4)));
  }
  const days = byDate(calendar);
  const day = days.get(today);
  if (!day) throw new Error(`日历中没有 ${today}`);

  let nextWorkday: string | null = null;
  let lookup = days;
  for (let d = addDays(today, 1), i = 0; i < 60; d = addDays(d, 1), i++) {
    if (!lookup.has(d)) {
      const y = Number(d.slice(0, 4));
      if (y > 2045) break;
      lookup = new Map([...lookup, ...byDate(await fetchCalendarYear(y))]);
    }
    if (lookup.get(d)?.workday) {
      nextWorkday = d;
      break;
    }
  }

  const month = today.slice(0, 7);
  const workdaysLeftInMonth = calendar.days.filter((d) => d.date.startsWith(month) && d.date >= today && d.workday).length;
  return { today, day, nextWorkday, workdaysLeftInMonth, provisional: calendar.status === 'provisional', warning: calendar.warning, calendar };
}

/** 上午好 / 下午好 … by the Shanghai hour. */
export function greeting(now: Date = new Date()): string {
  const h = (now.getUTCHours() + 8) % 24;
  if (h < 6) return '夜深了';
  if (h < 11) return '上午好';
  if (h < 13) return '中午好';
  if (h < 18) return '下午好';
  return '晚上好';
}
