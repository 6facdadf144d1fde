import { describe, expect, it } from 'vitest';
import { callAnnouncement, spokenTicketNo } from '../../shared/hall-calls';
import {
  APPOINTMENT_TRANSITIONS,
  appointmentNo,
  appointmentSequence,
  bookingDayProblem,
  checkAppointment,
  checkHelp,
  checkWindowAction,
  HELP_ACTIONS,
  HELP_TRANSITIONS,
  hallKpis,
  isNoShow,
  pickNext,
  windowFigure,
  ticketNo,
  ticketSequence,
  storedRegion,
  regionOfStored,
  WINDOW_ACTIONS,
  WINDOW_TRANSITIONS,
  windowState,
  type WindowState,
} from './hall.rules';

const STATES: WindowState[] = ['closed', 'paused', 'idle', 'calling', 'serving'];

describe('hall rules', () => {
  it.each([
    ['A', 1, 'A001'],
    ['B', 42, 'B042'],
    ['C', 999, 'C999'],
    ['D', 1000, 'D1000'],
  ])('numbers %s #%i as %s', (code, n, want) => expect(ticketNo(code, n)).toBe(want));

  it.each([
    ['closed', null, 'closed'],
    ['closed', 'called', 'closed'],
    ['paused', null, 'paused'],
    ['open', null, 'idle'],
    ['open', 'done', 'idle'],
    ['open', 'called', 'calling'],
    ['open', 'serving', 'serving'],
  ] as const)('window %s with a %s ticket is %s', (status, ticket, want) => expect(windowState(status, ticket)).toBe(want));

  // every action × every state: allowed exactly where the table says, with a Chinese reason elsewhere
  const cases = WINDOW_ACTIONS.flatMap((a) => STATES.map((s) => [a, s] as const));
  it.each(cases)('%s in state %s', (action, state) => {
    const problem = checkWindowAction(action, state);
    if (WINDOW_TRANSITIONS[action].includes(state)) expect(problem).toBeNull();
    else expect(problem).toMatch(/窗口|号码/);
  });

  it('names why a closed or paused window cannot call', () => {
    expect(checkWindowAction('callNext', 'closed')).toBe('窗口未开始服务，不能叫号');
    expect(checkWindowAction('callNext', 'paused')).toBe('窗口已暂停服务，不能叫号');
    expect(checkWindowAction('callNext', 'calling')).toContain('当前号码');
  });

  const t = (id: number, categoryCode: string, priority = 0, takenAt = `2026-11-30T01:${String(id).padStart(2, '0')}:00Z`, targetWindowNo: string | null = null) => ({ id, categoryCode, priority, takenAt, targetWindowNo });
  it.each([
    ['first come first served within the categories', [t(1, 'A'), t(2, 'A'), t(3, 'B')], ['A'], 1],
    ['other categories are not called', [t(1, 'B'), t(2, 'A')], ['A'], 2],
    ['绿色通道 before earlier ordinary tickets', [t(1, 'A'), t(2, 'A', 1)], ['A'], 2],
    ['a ticket transferred here comes first, whatever its category', [t(1, 'A', 1), t(2, 'C', 0, undefined, 'A01')], ['A'], 2],
    ['a ticket transferred to another window is not ours', [t(1, 'A', 0, undefined, 'A02')], ['A'], null],
    ['nothing waiting', [], ['A'], null],
  ] as const)('pickNext: %s', (_name, waiting, cats, want) => {
    expect(pickNext([...waiting], 'A01', cats)?.id ?? null).toBe(want);
  });

  it.each([
    ['2026-12-01', '2026-11-30', '2026-12-14', true, null],
    ['2026-11-29', '2026-11-30', '2026-12-14', true, '不能预约过去的日期'],
    ['2026-12-20', '2026-11-30', '2026-12-14', true, '只能预约 2026-12-14 及以前的日期'],
    ['2026-12-05', '2026-11-30', '2026-12-14', false, '2026-12-05 是节假日或休息日，大厅不对外办公，请选择工作日'],
  ] as const)('booking %s (today %s, last %s, workday %s)', (day, today, last, workday, want) => expect(bookingDayProblem(day, today, last, workday)).toBe(want));

  it.each([
    ['2026-11-30', '09:00', '2026-11-30T09:29:00+08:00', 30, false],
    ['2026-11-30', '09:00', '2026-11-30T09:31:00+08:00', 30, true],
    ['2026-11-27', '16:30', '2026-11-30T08:00:00+08:00', 30, true],
  ] as const)('no-show of %s %s at %s (grace %i)', (day, slot, now, grace, want) => expect(isNoShow(day, slot, new Date(now), grace)).toBe(want));

  const apptCases = (Object.keys(APPOINTMENT_TRANSITIONS) as Array<keyof typeof APPOINTMENT_TRANSITIONS>).flatMap((a) => ['booked', 'checked_in', 'no_show', 'cancelled'].map((s) => [a, s] as const));
  it.each(apptCases)('appointment %s when %s', (action, status) => expect(checkAppointment(action, status) === null).toBe(status === 'booked'));

  const helpCases = HELP_ACTIONS.flatMap((a) => ['requested', 'assigned', 'scheduled', 'done', 'cancelled'].map((s) => [a, s] as const));
  it.each(helpCases)('help %s when %s', (action, status) => expect(checkHelp(action, status) === null).toBe(HELP_TRANSITIONS[action].from.includes(status)));

  it('computes the KPIs from the counts', () => {
    const k = hallKpis({ tickets: 120, called: 100, waitMinutes: 1234, served: 90, serviceMinutes: 900, appointmentsDue: 20, noShows: 3, specialTickets: 7, helpDone: 5 });
    expect(k['hall.tickets']).toEqual({ value: 120, numerator: 120, denominator: 1 });
    expect(k['hall.averageWaitMinutes']).toEqual({ value: 12.3, numerator: 1234, denominator: 100 });
    expect(k['hall.averageServiceMinutes'].value).toBe(10);
    expect(k['hall.noShowRate'].value).toBeCloseTo(0.15);
    expect(k['hall.specialGroupServed'].value).toBe(12);
    const none = hallKpis({ tickets: 0, called: 0, waitMinutes: 0, served: 0, serviceMinutes: 0, appointmentsDue: 0, noShows: 0, specialTickets: 0, helpDone: 0 });
    expect([none['hall.averageWaitMinutes'].value, none['hall.noShowRate'].value]).toEqual([null, null]);
  });
});

describe('windowFigure', () => {
  it.each([
    [{ windowNo: 'A01', tickets: 3, served: 2, waited: 3, waitMinutes: 10, timed: 2, serviceMinutes: 25 }, { averageWaitMinutes: 3.3, averageServiceMinutes: 12.5 }],
    [{ windowNo: 'A02', tickets: 1, served: 0, waited: 1, waitMinutes: 4, timed: 0, serviceMinutes: 0 }, { averageWaitMinutes: 4, averageServiceMinutes: null }],
    [{ windowNo: 'A03', tickets: 0, served: 0, waited: 0, waitMinutes: 0, timed: 0, serviceMinutes: 0 }, { averageWaitMinutes: null, averageServiceMinutes: null }],
  ])('%o → %o', (sums, averages) => {
    expect(windowFigure(sums)).toEqual({ windowNo: sums.windowNo, tickets: sums.tickets, served: sums.served, ...averages });
  });
});

describe('callAnnouncement (what the display speaks)', () => {
  it.each([
    ['A001', '1号综合窗口', 1, '请A零零一号到1号综合窗口办理'],
    ['B120', '3号企业开办窗口', 1, '请B一二零号到3号企业开办窗口办理'],
    ['C1000', '4号不动产窗口', 2, '重复呼叫，请C一零零零号到4号不动产窗口办理'],
  ])('%s at %s (call %i) → %s', (no, window, n, text) => {
    expect(callAnnouncement(no, window, n)).toBe(text);
  });
  it('keeps the letter and reads digits one by one', () => {
    expect(spokenTicketNo('E007')).toBe('E零零七');
  });
});

describe('ticket counters per county hall', () => {
  it.each([
    // The installation's county keeps the single-county name; it is stored as '' (as rows before regions).
    ['430582', '2026-09-30', 'A', 'hall.ticket:2026-09-30:A', ''],
    ['430581', '2026-09-30', 'A', 'hall.ticket:430581:2026-09-30:A', '430581'],
    ['430521', '2026-10-08', 'C', 'hall.ticket:430521:2026-10-08:C', '430521'],
  ] as const)('%s %s %s → %s', (region, day, category, name, stored) => {
    expect(ticketSequence(region, day, category, '430582')).toBe(name);
    expect(storedRegion(region, '430582')).toBe(stored);
    expect(regionOfStored(stored, '430582')).toBe(region);
  });
});

describe('appointment counters and numbers per county hall', () => {
  it.each([
    // The installation's county keeps the single-county counter and format, so numbers continue after an upgrade.
    ['430582', '2026-09-30', 7, 'hall.appointment:2026-09-30', 'YY202609300007'],
    ['430581', '2026-09-30', 7, 'hall.appointment:430581:2026-09-30', 'YY430581-20260930-0007'],
    ['430521', '2026-10-08', 1234, 'hall.appointment:430521:2026-10-08', 'YY430521-20261008-1234'],
  ] as const)('%s %s #%s → %s, %s', (region, day, n, counter, no) => {
    expect(appointmentSequence(region, day, '430582')).toBe(counter);
    expect(appointmentNo(region, day, n, '430582')).toBe(no);
    expect(appointmentNo(region, day, n, '430582').length).toBeLessThanOrEqual(24); // appointment_no varchar(24)
  });
});
