/**
 * The hall's pure rules: 绿色通道 groups, the window state machine, the calling order, appointment and
 * 帮代办 transitions and the KPI formulas. Table-tested in hall.rules.test.ts.
 */
import { ratio } from '../../shared/kpi';
import type { Kpi } from '../../shared/kpi.types';

/** 绿色通道 groups called first (and served by 帮代办/上门办). */
export const PRIORITY_GROUPS = ['elderly', 'disabled', 'pregnant', 'military', 'other'] as const;
export type PriorityGroup = (typeof PRIORITY_GROUPS)[number];
export const PRIORITY_GROUP_LABELS: Record<PriorityGroup, string> = {
  elderly: '老年人',
  disabled: '残疾人',
  pregnant: '孕妇',
  military: '军人',
  other: '其他绿色通道',
};

export const TICKET_STATUS_LABELS: Record<string, string> = { waiting: '等候中', called: '已呼叫', serving: '办理中', done: '已办结', skipped: '已过号' };

/** A ticket number: the category letter and a three-digit daily number (A001 … A999, then A1000). */
export const ticketNo = (categoryCode: string, n: number) => `${categoryCode}${String(n).padStart(3, '0')}`;

/**
 * The counter that numbers one county hall's tickets of one category on one day (kernel nextSequence): a
 * province's county halls use the same category letters, each from its own row, so no row is shared by two
 * counties. The installation's own county keeps the name single-county versions used
 * (`hall.ticket:<day>:<category>`), so an upgraded database continues today's numbers without a gap.
 */
export const ticketSequence = (region: string, day: string, categoryCode: string, installationRegion: string) =>
  region === installationRegion ? `hall.ticket:${day}:${categoryCode}` : `hall.ticket:${region}:${day}:${categoryCode}`;

/**
 * The county a ticket or window row names (hall 0910): '' for the installation's own county — the value
 * every row from before regions has, so the ticket key (region, day, category, number) stays unique
 * without knowing the installation's code in the migration — else the county's code.
 */
export const storedRegion = (region: string, installationRegion: string) => (region === installationRegion ? '' : region);
export const regionOfStored = (stored: string | null | undefined, installationRegion: string) => stored || installationRegion;

// --- the window state machine ---------------------------------------------------------------------

/** What a window is doing: its stored status and the state of its current ticket. */
export type WindowState = 'closed' | 'paused' | 'idle' | 'calling' | 'serving';
export const WINDOW_STATE_LABELS: Record<WindowState, string> = { closed: '未开窗', paused: '暂停服务', idle: '空闲', calling: '呼叫中', serving: '办理中' };

export function windowState(status: string, currentTicketStatus: string | null): WindowState {
  if (status === 'closed') return 'closed';
  if (status === 'paused') return 'paused';
  if (currentTicketStatus === 'called') return 'calling';
  if (currentTicketStatus === 'serving') return 'serving';
  return 'idle';
}

export const WINDOW_ACTIONS = ['open', 'pause', 'close', 'callNext', 'recall', 'skip', 'transfer', 'start', 'link', 'finish'] as const;
export type WindowAction = (typeof WINDOW_ACTIONS)[number];
export const WINDOW_ACTION_LABELS: Record<WindowAction, string> = {
  open: '开始服务',
  pause: '暂停服务',
  close: '结束服务',
  callNext: '呼叫下一位',
  recall: '重呼',
  skip: '过号',
  transfer: '转窗',
  start: '开始办理',
  link: '关联办件',
  finish: '办结',
};

/** The window states each action is allowed in; everything else is a 409. */
export const WINDOW_TRANSITIONS: Record<WindowAction, readonly WindowState[]> = {
  open: ['closed', 'paused'],
  pause: ['idle'],
  close: ['idle', 'paused'],
  callNext: ['idle'],
  recall: ['calling'],
  skip: ['calling'],
  transfer: ['calling', 'serving'],
  start: ['calling'],
  link: ['serving'],
  finish: ['serving'],
};

/** null when allowed; else the Chinese reason. */
export function checkWindowAction(action: WindowAction, state: WindowState): string | null {
  if (WINDOW_TRANSITIONS[action].includes(state)) return null;
  if (action === 'callNext' && state === 'closed') return '窗口未开始服务，不能叫号';
  if (action === 'callNext' && state === 'paused') return '窗口已暂停服务，不能叫号';
  if (action === 'callNext') return '请先处理当前号码（开始办理、过号或转窗）再呼叫下一位';
  return `窗口当前状态为“${WINDOW_STATE_LABELS[state]}”，不能${WINDOW_ACTION_LABELS[action]}`;
}

// --- the calling order ----------------------------------------------------------------------------

export interface WaitingTicket {
  id: number;
  categoryCode: string;
  priority: number;
  targetWindowNo: string | null;
  takenAt: string;
}

/**
 * The next ticket a window calls: tickets transferred to this window first, then 绿色通道 and checked-in
 * appointments, then first come first served — among the window's categories; tickets transferred to
 * another window are not this window's.
 */
export function pickNext<T extends WaitingTicket>(waiting: readonly T[], windowNo: string, categories: readonly string[]): T | null {
  const mine = waiting.filter((t) => (t.targetWindowNo === null ? categories.includes(t.categoryCode) : t.targetWindowNo === windowNo));
  mine.sort(
    (a, b) =>
      Number(b.targetWindowNo === windowNo) - Number(a.targetWindowNo === windowNo) ||
      b.priority - a.priority ||
      a.takenAt.localeCompare(b.takenAt) ||
      a.id - b.id,
  );
  return mine[0] ?? null;
}

/** Whole minutes between two instants (never negative). */
export const minutesBetween = (from: string, to: string) => Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 60_000));

// --- appointments ---------------------------------------------------------------------------------

/**
 * The counter numbering one county hall's appointments of one day. The installation's own county keeps
 * `hall.appointment:<day>` and `YY<day><seq>`, so an upgraded database continues today's numbers without a
 * gap; another county counts in `hall.appointment:<region>:<day>` and its numbers carry its code
 * (`YY430581-20261206-0001`), so two halls' numbers of one day never collide.
 */
export const appointmentSequence = (region: string, day: string, installationRegion: string) =>
  region === installationRegion ? `hall.appointment:${day}` : `hall.appointment:${region}:${day}`;

export function appointmentNo(region: string, day: string, n: number, installationRegion: string): string {
  const d = day.replace(/-/g, '');
  const seq = String(n).padStart(4, '0');
  return region === installationRegion ? `YY${d}${seq}` : `YY${region}-${d}-${seq}`;
}

export const APPOINTMENT_STATUS_LABELS: Record<string, string> = { booked: '已预约', checked_in: '已签到', no_show: '爽约', cancelled: '已取消' };
export const APPOINTMENT_TRANSITIONS = { checkIn: ['booked'], cancel: ['booked'], markNoShow: ['booked'] } as const;
export type AppointmentAction = keyof typeof APPOINTMENT_TRANSITIONS;

export function checkAppointment(action: AppointmentAction, status: string): string | null {
  return (APPOINTMENT_TRANSITIONS[action] as readonly string[]).includes(status) ? null : `预约状态为“${APPOINTMENT_STATUS_LABELS[status] ?? status}”，不能执行此操作`;
}

/** Why a day cannot be booked (null: it can). `isWorkday` comes from the kernel's calendar. */
export function bookingDayProblem(day: string, today: string, lastDay: string, isWorkday: boolean): string | null {
  if (day < today) return '不能预约过去的日期';
  if (day > lastDay) return `只能预约 ${lastDay} 及以前的日期`;
  if (!isWorkday) return `${day} 是节假日或休息日，大厅不对外办公，请选择工作日`;
  return null;
}

/** An appointment whose slot started more than `graceMinutes` ago and was never checked in is a no-show. */
export function isNoShow(day: string, slot: string, now: Date, graceMinutes: number): boolean {
  const start = Date.parse(`${day}T${slot}:00+08:00`);
  return now.getTime() > start + graceMinutes * 60_000;
}

// --- 帮代办 / 上门办 --------------------------------------------------------------------------------

export const HELP_KINDS = ['help', 'visit'] as const;
export const HELP_KIND_LABELS: Record<string, string> = { help: '帮代办', visit: '上门办' };
export const HELP_STATUS_LABELS: Record<string, string> = { requested: '待分派', assigned: '已分派', scheduled: '已预约上门', done: '已办结', cancelled: '已取消' };
export const HELP_ACTIONS = ['assign', 'schedule', 'record', 'cancel'] as const;
export type HelpAction = (typeof HELP_ACTIONS)[number];
export const HELP_TRANSITIONS: Record<HelpAction, { from: readonly string[]; to: string }> = {
  assign: { from: ['requested', 'assigned', 'scheduled'], to: 'assigned' },
  schedule: { from: ['assigned', 'scheduled'], to: 'scheduled' },
  record: { from: ['assigned', 'scheduled'], to: 'done' },
  cancel: { from: ['requested', 'assigned', 'scheduled'], to: 'cancelled' },
};

export function checkHelp(action: HelpAction, status: string): string | null {
  return HELP_TRANSITIONS[action].from.includes(status) ? null : `帮代办申请状态为“${HELP_STATUS_LABELS[status] ?? status}”，不能执行此操作`;
}

// --- KPIs -----------------------------------------------------------------------------------------

export const HALL_KPI_NAMES = ['hall.tickets', 'hall.averageWaitMinutes', 'hall.averageServiceMinutes', 'hall.noShowRate', 'hall.specialGroupServed'] as const;

export interface HallCounts {
  tickets: number;
  called: number;
  waitMinutes: number;
  served: number;
  serviceMinutes: number;
  appointmentsDue: number;
  noShows: number;
  specialTickets: number;
  helpDone: number;
}

const count = (n: number): Kpi => ({ value: n, numerator: n, denominator: 1 });
/** An average as a KPI: value = total / n rounded to 0.1, null for none. */
const average = (total: number, n: number): Kpi => ({ value: n === 0 ? null : Math.round((total / n) * 10) / 10, numerator: total, denominator: n });

export function hallKpis(c: HallCounts): Record<(typeof HALL_KPI_NAMES)[number], Kpi> {
  return {
    'hall.tickets': count(c.tickets),
    'hall.averageWaitMinutes': average(c.waitMinutes, c.called),
    'hall.averageServiceMinutes': average(c.serviceMinutes, c.served),
    'hall.noShowRate': ratio(c.noShows, c.appointmentsDue),
    // 绿色通道 tickets served at the windows plus 帮代办/上门办 requests done
    'hall.specialGroupServed': count(c.specialTickets + c.helpDone),
  };
}

// --- figures per window (the honours and the 讲评会 report) -----------------------------------------

export interface WindowFigures {
  windowNo: string;
  /** Tickets called at the window (served, skipped or still in hand). */
  tickets: number;
  served: number;
  averageWaitMinutes: number | null;
  averageServiceMinutes: number | null;
}

/** Sums of one window's tickets → its figures; averages to one decimal, null when nothing was measured. */
export function windowFigure(s: { windowNo: string; tickets: number; served: number; waited: number; waitMinutes: number; timed: number; serviceMinutes: number }): WindowFigures {
  const avg = (sum: number, n: number) => (n > 0 ? Math.round((sum / n) * 10) / 10 : null);
  return { windowNo: s.windowNo, tickets: s.tickets, served: s.served, averageWaitMinutes: avg(s.waitMinutes, s.waited), averageServiceMinutes: avg(s.serviceMinutes, s.timed) };
}
