import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { sql } from 'kysely';
import { inject } from 'vitest';
import { buildTestApp, dialects, type AnyTestApp } from '../../../test/harness';
import { buildApp, type BuiltApp } from '../../app';
import type { ServicesOf } from '../../kernel/module';
import { loadConfig } from '../../kernel/config';
import { openDb } from '../../kernel/db/db';
import { systemActor } from '../../kernel/auth/actor';
import { auditTrailOf } from '../../kernel/audit/audit';
import { orgModule } from '../org';
import { casesModule } from '../cases';
import { fakeCatalogModule, FOOD_ALL, personApplicant } from '../cases/cases.test-support';
import { hallModule } from '.';
import type { HallEvent } from './hall.events';

const NOW = '2026-09-30T09:00:00+08:00'; // a Wednesday; 10-01…10-07 is the National Day holiday
const modules = [orgModule, fakeCatalogModule, casesModule, hallModule] as const;

async function count(t: AnyTestApp, table: string) {
  const r = await t.opened.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

describe.each(dialects)('service hall on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof buildTestApp<typeof modules>>>;
  const req = (as: string | undefined, method: 'GET' | 'POST' | 'PUT', url: string, payload?: Record<string, unknown>) => t.request({ method, url: `/api/v1${url}`, as, payload });
  const take = (categoryCode: string, priorityGroup?: string) => req(undefined, 'POST', '/hall/tickets', { categoryCode, ...(priorityGroup ? { priorityGroup } : {}) });
  const act = (action: string, body: Record<string, unknown> = {}, as = 'clerk') => req(as, 'POST', `/hall/console/${action}`, body);

  beforeAll(async () => {
    t = await buildTestApp({ dialect, now: NOW, modules });
    const dept = (await t.ctx.services.org.all())[0].id;
    await t.ctx.auth.createUser(systemActor('test'), { username: 'clerk2', name: '二号窗口', password: 'demo1234', roles: ['clerk'], departmentId: dept, windowNo: 'A02', isDemo: true });
    await t.ctx.auth.createUser(systemActor('test'), { username: 'clerk9', name: '无窗口', password: 'demo1234', roles: ['clerk'], departmentId: dept, isDemo: true });
    for (const [code, name, cap] of [['A', '综合受理', 2], ['B', '不动产登记', 1], ['Z', '暂停业务', 0]] as const) {
      expect((await req('admin', 'PUT', `/hall/categories/${code}`, { name, active: code !== 'Z', slotCapacity: cap })).statusCode).toBe(200);
    }
    expect((await req('admin', 'PUT', '/hall/windows/A01', { name: '1号窗口', categories: ['A'] })).statusCode).toBe(200);
    expect((await req('admin', 'PUT', '/hall/windows/A02', { name: '2号窗口', categories: ['B'] })).statusCode).toBe(200);
  });
  afterAll(async () => t?.close());

  it('set-up refuses a bad category code and unknown categories, and is admin-only', async () => {
    expect((await req('admin', 'PUT', '/hall/categories/a1', { name: 'x', active: true, slotCapacity: 1 })).json().error.code).toBe('CATEGORY_CODE_INVALID');
    expect((await req('admin', 'PUT', '/hall/windows/A09', { name: 'x', categories: ['Q'] })).json().error.code).toBe('CATEGORY_NOT_FOUND');
    expect((await req('clerk', 'PUT', '/hall/windows/A09', { name: 'x', categories: ['A'] })).statusCode).toBe(403);
    expect(await count(t, 'hall_windows')).toBe(2);
  });

  it('numbers tickets per category per day; a closed category writes nothing', async () => {
    const a1 = (await take('A')).json();
    const a2 = (await take('A')).json();
    const b1 = (await take('B')).json();
    expect([a1.ticketNo, a2.ticketNo, b1.ticketNo]).toEqual(['A001', 'A002', 'B001']);
    expect(a2.ahead).toBe(1);
    const before = await count(t, 'hall_tickets');
    const closed = await take('Z');
    expect(closed.statusCode).toBe(422);
    expect(closed.json().error).toMatchObject({ code: 'CATEGORY_CLOSED' });
    expect(closed.json().error.message).toContain('暂停取号');
    expect(await count(t, 'hall_tickets')).toBe(before);
    const kiosk = (await req(undefined, 'GET', '/hall/kiosk')).json();
    expect(kiosk.categories.map((c: { code: string; waiting: number }) => [c.code, c.waiting])).toEqual([['A', 2], ['B', 1]]);
  });

  it('no duplicate numbers under 40 concurrent kiosk requests', async () => {
    const res = await Promise.all(Array.from({ length: 40 }, () => t.ctx.services.hall.queue.take(systemActor('kiosk'), { categoryCode: 'B' })));
    const nos = res.map((r) => r.ticketNo);
    expect(new Set(nos).size).toBe(40);
    const all = await t.opened.db.selectFrom('hall_tickets').select('ticket_no').where('category_code', '=', 'B').execute();
    expect(new Set(all.map((r) => r.ticket_no)).size).toBe(all.length);
    // served at once so the next tests start from a short B queue
    await t.opened.db.updateTable('hall_tickets').set({ status: 'skipped' }).where('category_code', '=', 'B').where('ticket_no', '<>', 'B001').execute();
  });

  it('walks the window state machine: closed → open → call → recall → start → link → finish; 4xx elsewhere', async () => {
    const notOpen = await act('callNext');
    expect(notOpen.statusCode).toBe(409);
    expect(notOpen.json().error).toMatchObject({ code: 'WINDOW_NOT_OPEN', message: '窗口未开始服务，不能叫号' });
    expect((await act('callNext', {}, 'clerk9')).json().error.code).toBe('NO_WINDOW');
    expect((await act('open')).statusCode).toBe(200);
    expect((await act('finish')).statusCode).toBe(409);

    const events: HallEvent[] = [];
    const off = await t.ctx.services.hall.events.subscribe((e) => events.push(e));
    t.clock.advance(7 * 60_000);
    const called = (await act('callNext')).json();
    expect(called.ticket).toMatchObject({ ticketNo: 'A001', status: 'called', windowNo: 'A01', waitMinutes: 7, callCount: 1 });
    expect((await act('callNext')).json().error.code).toBe('WINDOW_STATE');
    expect((await act('recall')).json().ticket.callCount).toBe(2);
    await expect.poll(() => events.filter((e) => e.type === 'call').map((e) => `${e.ticketNo}@${e.windowNo}#${e.callCount}`)).toEqual(['A001@A01#1', 'A001@A01#2']);
    off();

    const display = (await req(undefined, 'GET', '/hall/display')).json();
    expect(display.calls[0]).toMatchObject({ ticketNo: 'A001', windowNo: 'A01', windowName: '1号窗口' });
    expect(display.totalWaiting).toBe(2);

    expect((await act('start')).json().ticket.status).toBe('serving');
    // the case the clerk takes at intake, then linked to the ticket
    const c = await req('clerk', 'POST', '/cases', { itemCode: 'T-FOOD', channel: 'window', applicant: personApplicant(), materials: FOOD_ALL });
    expect(c.statusCode).toBe(201);
    const caseNo = c.json().caseNo as string;
    const other = await req('clerk2', 'POST', '/cases', { itemCode: 'T-FOOD', channel: 'window', applicant: personApplicant(), materials: FOOD_ALL });
    const wrong = await act('link', { caseNo: other.json().caseNo });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().error).toMatchObject({ code: 'CASE_OTHER_WINDOW' });
    expect((await act('link', { caseNo: 'NOPE-1' })).json().error.code).toBe('CASE_NOT_FOUND');
    expect((await act('link', { caseNo })).json().ticket.caseNo).toBe(caseNo);
    t.clock.advance(12 * 60_000);
    const done = (await act('finish')).json();
    expect(done.ticket).toMatchObject({ status: 'done', caseNo, serviceMinutes: 12 });
    expect(done.window.current_ticket_id).toBeNull();

    const trail = await auditTrailOf(t.opened.db, 'hall_ticket', called.ticket.id);
    expect(trail.map((a) => a.action)).toEqual(['hall.ticket_taken', 'hall.ticket_called', 'hall.ticket_recalled', 'hall.ticket_started', 'hall.ticket_linked', 'hall.ticket_finished']);
  });

  it('绿色通道 first, transfer to another window, skip, pause', async () => {
    await take('A');
    const green = (await take('A', 'elderly')).json();
    expect(green.ahead).toBe(0);
    const c1 = (await act('callNext')).json();
    expect(c1.ticket).toMatchObject({ ticketNo: green.ticketNo, priorityGroupLabel: '老年人' });
    expect((await act('transfer', { toWindowNo: 'A01' })).json().error.code).toBe('TARGET_WINDOW_SAME');
    expect((await act('transfer', { toWindowNo: 'A02' })).json().error.code).toBe('TARGET_WINDOW_CLOSED');
    expect((await act('open', {}, 'clerk2')).statusCode).toBe(200);
    expect((await act('transfer', { toWindowNo: 'A02' })).json().ticket).toMatchObject({ status: 'waiting', targetWindowNo: 'A02' });
    // window 2 calls B tickets, but the transferred A ticket comes first
    expect((await act('callNext', {}, 'clerk2')).json().ticket.ticketNo).toBe(green.ticketNo);
    const next = (await act('callNext')).json();
    expect(next.ticket.ticketNo).toBe('A002');
    expect((await act('pause')).json().error.code).toBe('WINDOW_STATE');
    expect((await act('skip')).json().ticket.status).toBe('skipped');
    expect((await act('pause')).json().window.status).toBe('paused');
    expect((await act('callNext')).json().error.code).toBe('WINDOW_NOT_OPEN');
    const console = (await req('clerk', 'GET', '/hall/console')).json();
    expect(console.window).toMatchObject({ windowNo: 'A01', state: 'paused', stateLabel: '暂停服务' });
    expect((await act('open')).statusCode).toBe(200);
  });

  it('a long wait raises a yellow card candidate', async () => {
    const k = t.ctx.services.hall.kpis;
    const fresh = (await take('A')).json();
    expect((await k.candidates(t.clock.now(), '2026-09-30')).map((c) => c.subjectId)).not.toContain(String(fresh.id));
    t.clock.advance(31 * 60_000);
    const cards = await k.candidates(t.clock.now(), '2026-09-30');
    const mine = cards.find((c) => c.subjectId === String(fresh.id))!;
    expect(mine).toMatchObject({ rule: 'hall_long_wait', color: 'yellow', subjectType: 'hall_ticket' });
    expect(String(mine.detail.text)).toContain('超过 30 分钟');
  });

  it('appointments: capacity per slot, holidays and rest days refused, check-in gives priority, no-shows counted', async () => {
    const book = (day: string, slot: string, categoryCode = 'B') => req('citizen', 'POST', '/hall/appointments', { categoryCode, day, slot, name: '张三', phone: '13800001234' });
    const holiday = await book('2026-10-02', '09:00');
    expect(holiday.statusCode).toBe(422);
    expect(holiday.json().error).toMatchObject({ code: 'DAY_NOT_BOOKABLE' });
    expect(holiday.json().error.message).toContain('节假日或休息日');
    expect((await book('2026-10-10', '09:00')).statusCode).toBe(201); // 调休 Saturday: a working day
    expect((await book('2026-09-30', '08:00')).json().error.code).toBe('SLOT_INVALID');
    expect((await book('2026-09-30', '09:00')).json().error.code).toBe('SLOT_PAST');
    const before = await count(t, 'hall_appointments');
    const first = await book('2026-09-30', '16:00');
    expect(first.statusCode).toBe(201);
    const full = await book('2026-09-30', '16:00');
    expect(full.statusCode).toBe(409);
    expect(full.json().error).toMatchObject({ code: 'SLOT_FULL' });
    expect(await count(t, 'hall_appointments')).toBe(before + 1);
    const slots = (await req(undefined, 'GET', '/hall/appointments/slots?category=B&day=2026-09-30')).json();
    expect(slots.slots.find((s: { slot: string }) => s.slot === '16:00')).toMatchObject({ left: 0, available: false });
    const closedDay = (await req(undefined, 'GET', '/hall/appointments/slots?category=B&day=2026-10-03')).json();
    expect(closedDay.bookable).toBe(false);
    const days = (await req(undefined, 'GET', '/hall/appointments/days?category=B')).json();
    expect(days.days[0].day).toBe('2026-09-30');
    expect(days.days.find((d: { day: string }) => d.day === '2026-10-02')).toMatchObject({ bookable: false, left: 0 });
    expect(days.days.find((d: { day: string }) => d.day === '2026-10-02').reason).toContain('节假日或休息日');
    // 调休 Saturday 10-10: open, one place taken of 11 slots × 1
    expect(days.days.find((d: { day: string }) => d.day === '2026-10-10')).toMatchObject({ bookable: true, left: 10 });
    expect((await req(undefined, 'GET', '/hall/appointments/days?category=Q')).statusCode).toBe(404);

    // a second appointment in a later slot that nobody checks in
    const late = (await book('2026-09-30', '16:30')).json();
    expect((await req(undefined, 'POST', '/hall/appointments/check-in', { appointmentNo: first.json().appointmentNo, phoneLast4: '0000' })).statusCode).toBe(404);
    const checkIn = await req(undefined, 'POST', '/hall/appointments/check-in', { appointmentNo: first.json().appointmentNo, phoneLast4: '1234' });
    expect(checkIn.statusCode).toBe(201);
    expect(checkIn.json().ticket).toMatchObject({ priority: true, categoryCode: 'B' });
    expect((await req(undefined, 'POST', '/hall/appointments/check-in', { appointmentNo: first.json().appointmentNo, phoneLast4: '1234' })).json().error.code).toBe('APPOINTMENT_STATE');
    // the checked-in citizen is called before B tickets taken earlier
    expect((await act('callNext', {}, 'clerk2')).statusCode).toBe(409); // window 2 still has the transferred ticket
    await act('start', {}, 'clerk2');
    await act('finish', {}, 'clerk2');
    expect((await act('callNext', {}, 'clerk2')).json().ticket.ticketNo).toBe(checkIn.json().ticket.ticketNo);

    t.clock.set('2026-09-30T17:10:00+08:00');
    expect(await t.ctx.services.hall.appointments.markNoShows()).toBe(1);
    const mine = (await req('citizen', 'GET', '/hall/appointments/mine')).json().items;
    expect(mine.find((a: { appointmentNo: string }) => a.appointmentNo === late.appointmentNo).status).toBe('no_show');
    const k = await t.ctx.services.hall.kpis.kpis({ from: '2026-09-30', to: '2026-09-30' }, null);
    expect(k['hall.noShowRate']).toEqual({ value: 0.5, numerator: 1, denominator: 2 });
  });

  it('帮代办/上门办: request, assign, schedule, record with its case; bad input writes nothing', async () => {
    const r = await req('operator', 'POST', '/hall/help', { kind: 'visit', groupCode: 'disabled', citizenName: '王建国', phone: '13907390002', address: '两市塘街道红岭社区', itemName: '残疾人两项补贴申请' });
    expect(r.statusCode).toBe(201);
    const id = r.json().id;
    const clerkId = (await req('operator', 'GET', '/hall/help/staff')).json().items.find((s: { windowNo: string | null }) => s.windowNo === 'A01').id;
    expect((await req('operator', 'POST', `/hall/help/${id}/actions`, { action: 'record', result: 'x' })).json().error.code).toBe('HELP_STATE');
    expect((await req('operator', 'POST', `/hall/help/${id}/actions`, { action: 'assign', assigneeId: 999999 })).json().error.code).toBe('ASSIGNEE_INVALID');
    expect((await req('operator', 'POST', `/hall/help/${id}/actions`, { action: 'assign', assigneeId: clerkId })).json().assigneeId).toBe(clerkId);
    expect((await req('clerk', 'POST', `/hall/help/${id}/actions`, { action: 'schedule', day: '2026-09-01' })).json().error.code).toBe('DAY_PAST');
    expect((await req('clerk', 'POST', `/hall/help/${id}/actions`, { action: 'schedule', day: '2026-09-30' })).json().status).toBe('scheduled');
    const c = await req('clerk', 'POST', '/cases', { itemCode: 'T-FOOD', channel: 'window', applicant: personApplicant({ name: '王建国' }), materials: FOOD_ALL });
    expect((await req('clerk', 'POST', `/hall/help/${id}/actions`, { action: 'record', caseNo: 'NOPE', result: '上门办结' })).json().error.code).toBe('CASE_NOT_FOUND');
    const done = (await req('clerk', 'POST', `/hall/help/${id}/actions`, { action: 'record', caseNo: c.json().caseNo, result: '上门采集材料，当场受理' })).json();
    expect(done).toMatchObject({ status: 'done', doneOn: '2026-09-30', caseNo: c.json().caseNo, assigneeName: '陈窗口' });
    const list = (await req('leader', 'GET', '/hall/help')).json();
    expect(list.items[0]).toMatchObject({ citizenName: '王**' });
    expect((await req('citizen', 'POST', `/hall/help/${id}/actions`, { action: 'cancel' })).statusCode).toBe(403);
    const trail = await auditTrailOf(t.opened.db, 'hall_help', id);
    expect(trail.map((a) => a.action)).toEqual(['hall.help_requested', 'hall.help_assign', 'hall.help_schedule', 'hall.help_record']);
  });

  it('KPIs count the day: tickets, waits, handling, special groups; the drill-down lists the records', async () => {
    const k = await t.ctx.services.hall.kpis.kpis({ from: '2026-09-30', to: '2026-09-30' }, null);
    const tickets = await count(t, 'hall_tickets');
    expect(k['hall.tickets'].value).toBe(tickets);
    expect(k['hall.averageServiceMinutes'].numerator).toBeGreaterThanOrEqual(12);
    // the elderly ticket was served at window 2 (finished) and the 上门办 is done
    expect(k['hall.specialGroupServed'].value).toBe(2);
    const waits = await t.ctx.services.hall.kpis.records('hall.averageWaitMinutes', 'denominator', { from: '2026-09-30', to: '2026-09-30', offset: 0, limit: 50 });
    expect(waits!.total).toBe(k['hall.averageWaitMinutes'].denominator);
    expect(await t.ctx.services.hall.kpis.records('cases.onTimeRate', 'numerator', { from: '2026-09-30', to: '2026-09-30', offset: 0, limit: 5 })).toBeNull();
    const dept = await t.ctx.services.hall.kpis.kpis({ from: '2026-09-30', to: '2026-09-30' }, 1);
    expect(dept['hall.tickets'].value).toBe(0);
  });

  it('hallFigures: per window, the tickets called there, served, and the average wait and handling time of its tickets', async () => {
    const figures = await t.ctx.services.hallFigures.windowFigures('2026-09-30', '2026-09-30');
    const rows = await t.opened.db.selectFrom('hall_tickets').selectAll().where('day', '=', '2026-09-30').where('called_at', 'is not', null).execute();
    const expected = [...new Set(rows.map((r) => r.window_no!))].sort().map((windowNo) => {
      const mine = rows.filter((r) => r.window_no === windowNo);
      const done = mine.filter((r) => r.status === 'done');
      const avg = (xs: number[]) => (xs.length ? Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 10) / 10 : null);
      return { windowNo, tickets: mine.length, served: done.length, averageWaitMinutes: avg(mine.map((r) => Number(r.wait_minutes))), averageServiceMinutes: avg(done.map((r) => Number(r.service_minutes))) };
    });
    expect(figures).toEqual(expected);
    // A01 served A001 after a 7-minute wait and 12 minutes at the window
    expect(figures.find((f) => f.windowNo === 'A01')).toMatchObject({ served: 1, averageServiceMinutes: 12 });
    expect(figures.find((f) => f.windowNo === 'A02')!.served).toBeGreaterThanOrEqual(1);
    expect(await t.ctx.services.hallFigures.windowFigures('2026-09-01', '2026-09-29')).toEqual([]);
    // per staff member: the tickets each finished, with their name and department
    const staff = await t.ctx.services.hallFigures.staffFigures('2026-09-30', '2026-09-30');
    const done = rows.filter((r) => r.status === 'done');
    expect(staff.map((x) => [x.userId, x.served]).sort()).toEqual([...new Set(done.map((r) => Number(r.served_by)))].map((id) => [id, done.filter((r) => Number(r.served_by) === id).length]).sort());
    expect(staff.find((x) => x.name === '陈窗口')).toMatchObject({ served: 1, averageWaitMinutes: 7 });
  });
});

// Several instances on one PostgreSQL database: shared numbering, and a call on one reaches the other's displays.
describe.runIf(dialects.includes('postgres'))('service hall across two instances on postgres', () => {
  let t: Awaited<ReturnType<typeof buildTestApp<typeof modules>>>;
  let second: BuiltApp<ServicesOf<typeof modules>>;

  beforeAll(async () => {
    t = await buildTestApp({ dialect: 'postgres', now: NOW, modules });
    const schema = (await sql<{ s: string }>`select current_schema() as s`.execute(t.opened.db)).rows[0].s;
    const url = inject('pgUrl')!;
    second = await buildApp({ config: loadConfig({ NODE_ENV: 'test', ONEWINDOW_JOBS: '0', DATABASE_URL: url }), clock: t.clock, opened: openDb({ dialect: 'postgres', url, schema, poolSize: 5 }), modules, serveWeb: false });
    await t.request({ method: 'PUT', url: '/api/v1/hall/categories/A', as: 'admin', payload: { name: '综合受理', active: true, slotCapacity: 2 } });
    await t.request({ method: 'PUT', url: '/api/v1/hall/windows/A01', as: 'admin', payload: { name: '1号窗口', categories: ['A'] } });
    void pg;
  });
  afterAll(async () => {
    await second?.close();
    await t?.close();
  });

  it('kiosks on both instances never share a number', async () => {
    const one = (i: number) => (i % 2 ? t.app : second.app).inject({ method: 'POST', url: '/api/v1/hall/tickets', payload: { categoryCode: 'A' }, remoteAddress: `10.0.0.${i % 2}` });
    const res = await Promise.all(Array.from({ length: 60 }, (_, i) => one(i)));
    expect(res.every((r) => r.statusCode === 201)).toBe(true);
    const nos = res.map((r) => r.json().ticketNo);
    expect(new Set(nos).size).toBe(60);
  });

  it('a call made on one instance reaches a subscriber of the other (LISTEN/NOTIFY)', async () => {
    const got: HallEvent[] = [];
    const off = await second.ctx.services.hall.events.subscribe((e) => got.push(e));
    await t.request({ method: 'POST', url: '/api/v1/hall/console/open', as: 'clerk', payload: {} });
    const call = await t.request({ method: 'POST', url: '/api/v1/hall/console/callNext', as: 'clerk', payload: {} });
    expect(call.statusCode).toBe(200);
    await expect.poll(() => got.find((e: HallEvent) => e.type === 'call')).toMatchObject({ ticketNo: call.json().ticket.ticketNo, windowNo: 'A01' });
    off();
  });
});
