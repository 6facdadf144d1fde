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

/** One published schedule in holiday-cn's JSON shape (国务院办公厅通知): each holiday and make-up working day. */
export interface HolidayFile {
  year?: number;
  papers?: string[];
  days: Array<{ name: string; date: string; isOffDay: boolean }>;
}

/** Reads a holiday-cn JSON text; a Chinese message for what is wrong with it (the server checks again). */
export function parseHolidayFile(text: string, year: number): { file: HolidayFile } | { error: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { error: '不是有效的 JSON 文件' };
  }
  const o = raw as Partial<HolidayFile>;
  if (!o || typeof o !== 'object' || !Array.isArray(o.days)) return { error: '文件中没有 days 列表（应为 holiday-cn 格式）' };
  if (o.year !== undefined && o.year !== year) return { error: `文件是 ${o.year} 年的安排，当前页面为 ${year} 年` };
  const bad = o.days.findIndex((d) => !d || typeof d.name !== 'string' || typeof d.date !== 'string' || typeof d.isOffDay !== 'boolean');
  if (bad >= 0) return { error: `第 ${bad + 1} 条记录缺少 name、date 或 isOffDay` };
  return { file: { year: o.year, papers: o.papers, days: o.days } };
}

export async function importCalendarYear(year: number, file: HolidayFile): Promise<void> {
  await api.post(`/calendar/years/${year}/import`, { year: file.year, papers: file.papers, days: file.days });
  invalidateCalendar();
}

export function computeDueDate(start: string, limit: number, unit: 'workday' | 'natural'): Promise<DueDateAnswer> {
  return api.get<DueDateAnswer>('/calendar/due-date', { start, limit, unit });
}
