import { api } from '../../app/request';

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'adjusted_workday';

export interface CalendarDay {
  date: string;
  kind: DayKind;
  name: string | null;
  workday: boolean;
  source: string;
}

export interface CalendarYear {
  year: number;
  status: 'published' | 'provisional';
  workdays: number;
  days: CalendarDay[];
  /** Set from November on when next year's schedule is not entered yet. */
  warning: string | null;
  /**
   * The server's today (Asia/Shanghai), when the server sends it: demo servers run on ONEWINDOW_FAKE_NOW,
   * so the browser's clock is not the platform's today.
   */
  today?: string;
}

export interface DueDateAnswer {
  start: string;
  limit: number;
  unit: 'workday' | 'natural';
  dueDate: string;
  provisional: boolean;
}

// One fetch per year per page load: several widgets of a page read the same year.
const cache = new Map<number, Promise<CalendarYear>>();

export function fetchCalendarYear(year: number, opts: { fresh?: boolean } = {}): Promise<CalendarYear> {
  const hit = cache.get(year);
  if (hit && !opts.fresh) return hit;
  const p = api.get<CalendarYear>('/calendar', { year });
  cache.set(year, p);
  p.catch(() => cache.delete(year));
  return p;
}

/** After an edit: the next read goes to the server. */
export function invalidateCalendar(): void {
  cache.clear();
}

export async function setCalendarDay(date: string, kind: DayKind, name: string | null): Promise<void> {
  await api.put(`/calendar/days/${date}`, { kind, name });
  invalidateCalendar();
}

export async function publishCalendarYear(year: number): Promise<void> {
  await api.post(`/calendar/years/${year}/publish`, {});
  invalidateCalendar();
}

export function computeDueDate(start: string, limit: number, unit: 'workday' | 'natural'): Promise<DueDateAnswer> {
  return api.get<DueDateAnswer>('/calendar/due-date', { start, limit, unit });
}
