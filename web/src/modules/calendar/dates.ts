import type { CalendarDay, DayKind } from './calendar.api';

const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** Today's date (YYYY-MM-DD) in Asia/Shanghai, whatever the browser's time zone. */
export function shanghaiToday(now: Date = new Date()): string {
  return new Date(now.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

function utc(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

export function addDays(date: string, n: number): string {
  const d = utc(date);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export function daysBetween(a: string, b: string): number {
  return Math.round((utc(b).getTime() - utc(a).getTime()) / 86_400_000);
}

/** 2026年11月28日 */
export function formatDateCn(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** 星期六 */
export function weekdayCn(date: string): string {
  return WEEKDAYS[utc(date).getUTCDay()];
}

/** 0 = Monday … 6 = Sunday (Chinese calendars start the week on Monday). */
export function mondayIndex(date: string): number {
  return (utc(date).getUTCDay() + 6) % 7;
}

/** 明天 / 后天 / 3 天后 relative to today. */
export function relativeDayCn(today: string, date: string): string {
  const n = daysBetween(today, date);
  if (n === 0) return '今天';
  if (n === 1) return '明天';
  if (n === 2) return '后天';
  if (n > 0) return `${n} 天后`;
  return `${-n} 天前`;
}

export const DAY_KIND_LABELS: Record<DayKind, string> = {
  workday: '工作日',
  weekend: '休息日',
  holiday: '法定节假日',
  adjusted_workday: '调休上班',
};

/** Colours shared by the status tag and the month grid legend. */
export const DAY_KIND_STYLE: Record<DayKind, { tag: string; bg: string; fg: string; border: string }> = {
  workday: { tag: 'blue', bg: '#ffffff', fg: '#1f1f1f', border: '#e8edf3' },
  weekend: { tag: 'default', bg: '#f2f3f5', fg: '#8c8c8c', border: '#e6e8eb' },
  holiday: { tag: 'red', bg: '#fff1f0', fg: '#cf1322', border: '#ffccc7' },
  adjusted_workday: { tag: 'orange', bg: '#fff7e6', fg: '#d46b08', border: '#ffd591' },
};

/** 休息日 / 法定节假日（国庆节）/ 调休上班（国庆节）/ 工作日 */
export function dayStatusText(day: Pick<CalendarDay, 'kind' | 'name'>): string {
  const base = DAY_KIND_LABELS[day.kind];
  const name = shortDayName(day);
  return name ? `${base}（${name}）` : base;
}

/** The festival a day off or 调休 day belongs to: 国庆节 (the seed names 调休 days "国庆节调休上班"). */
export function shortDayName(day: Pick<CalendarDay, 'kind' | 'name'>): string | null {
  if (!day.name || (day.kind !== 'holiday' && day.kind !== 'adjusted_workday')) return null;
  return day.name.replace(/调休上班$/, '') || null;
}
