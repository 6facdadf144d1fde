import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, dialects, type TestApp } from '../../../test/harness';

describe.each(dialects)('calendar API on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ dialect, now: '2026-11-28T10:00:00+08:00' });
  });
  afterAll(async () => t?.close());

  it('returns a published year with its holidays and 调休 days', async () => {
    const res = await t.request({ method: 'GET', url: '/api/v1/calendar?year=2026', as: 'clerk' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.status).toBe('published');
    expect(body.days).toHaveLength(365);
    const day = (d: string) => body.days.find((x: { date: string }) => x.date === d);
    expect(day('2026-10-01')).toMatchObject({ kind: 'holiday', workday: false });
    expect(day('2026-02-17')).toMatchObject({ kind: 'holiday', workday: false }); // 春节 正月初一
    expect(day('2026-09-30')).toMatchObject({ workday: true });
    // 2026 has 调休 Saturdays/Sundays that are working days.
    expect(body.days.some((d: { kind: string; workday: boolean }) => d.kind === 'adjusted_workday' && d.workday)).toBe(true);
    expect(body.workdays).toBeGreaterThan(240);
    expect(body.workdays).toBeLessThan(255);
  });

  it('marks a year not yet entered as provisional and warns from November on', async () => {
    const res = await t.request({ method: 'GET', url: '/api/v1/calendar?year=2027', as: 'admin' });
    const body = res.json();
    expect(body.status).toBe('provisional');
    expect(body.warning).toMatch(/2027/);
    const day = (d: string) => body.days.find((x: { date: string }) => x.date === d);
    expect(day('2027-01-01').workday).toBe(false);
    expect(day('2027-10-02').workday).toBe(false);
    expect(day('2027-02-08')).toMatchObject({ workday: false, name: '春节' }); // 初三 on the provisional calendar
    expect(day('2027-03-01').workday).toBe(true); // an ordinary Monday
  });

  it('lets an admin enter a day and recomputes due dates, audited', async () => {
    const before = await t.request({ method: 'GET', url: '/api/v1/calendar/due-date?start=2027-02-26&limit=1', as: 'clerk' });
    expect(before.json()).toMatchObject({ dueDate: '2027-03-01', provisional: true });
    const put = await t.request({ method: 'PUT', url: '/api/v1/calendar/days/2027-03-01', as: 'admin', payload: { kind: 'holiday', name: '地方假日' } });
    expect(put.statusCode).toBe(200);
    const after = await t.request({ method: 'GET', url: '/api/v1/calendar/due-date?start=2027-02-26&limit=1', as: 'clerk' });
    expect(after.json().dueDate).toBe('2027-03-02');
    const audit = await t.ctx.db.selectFrom('kernel_audit_log').selectAll().where('action', '=', 'calendar.day_set').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0].subject_id).toBe('2027-03-01');
  });

  it('stops being provisional once the year is published', async () => {
    const pub = await t.request({ method: 'POST', url: '/api/v1/calendar/years/2027/publish', as: 'admin' });
    expect(pub.statusCode).toBe(200);
    expect(pub.json().status).toBe('published');
    const res = await t.request({ method: 'GET', url: '/api/v1/calendar/due-date?start=2027-03-01&limit=5', as: 'clerk' });
    expect(res.json().provisional).toBe(false);
  });

  it.each([
    ['a non-admin', 'clerk', '2026-12-01', { kind: 'holiday' }, 403, 'FORBIDDEN'],
    ['an impossible date', 'admin', '2026-02-30', { kind: 'holiday' }, 422, 'DATE_INVALID'],
    ['an unknown kind', 'admin', '2026-12-01', { kind: 'party' }, 400, 'VALIDATION_ERROR'],
  ])('refuses %s', async (_l, as, date, payload, status, code) => {
    const res = await t.request({ method: 'PUT', url: `/api/v1/calendar/days/${date}`, as, payload });
    expect(res.statusCode).toBe(status);
    expect(res.json().error.code).toBe(code);
  });
});

describe.each(dialects)('calendar year import on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ dialect, now: '2026-11-28T10:00:00+08:00' });
  });
  afterAll(async () => t?.close());

  // The shape the State Council's schedule is distributed in (holiday-cn); dates here are a made-up 2027.
  const schedule = {
    year: 2027,
    papers: ['国务院办公厅关于2027年部分节假日安排的通知'],
    days: [
      { name: '元旦', date: '2027-01-01', isOffDay: true },
      { name: '春节', date: '2027-02-05', isOffDay: true },
      { name: '春节', date: '2027-02-08', isOffDay: true },
      { name: '春节', date: '2027-02-14', isOffDay: false },
    ],
  };

  it('enters a year: off days and 调休 working days, published, audited', async () => {
    const res = await t.request({ method: 'POST', url: '/api/v1/calendar/years/2027/import', as: 'admin', payload: schedule });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.status).toBe('published');
    const day = (d: string) => body.days.find((x: { date: string }) => x.date === d);
    expect(day('2027-02-08')).toMatchObject({ kind: 'holiday', workday: false, name: '春节' });
    expect(day('2027-02-14')).toMatchObject({ kind: 'adjusted_workday', workday: true });
    const due = await t.request({ method: 'GET', url: '/api/v1/calendar/due-date?start=2027-02-04&limit=1', as: 'clerk' });
    expect(due.json()).toMatchObject({ dueDate: '2027-02-09', provisional: false });
    const audit = await t.ctx.db.selectFrom('kernel_audit_log').select('action').where('action', '=', 'calendar.year_imported').execute();
    expect(audit).toHaveLength(1);
  });

  it('refuses a file with a bad date and changes nothing', async () => {
    const bad = { ...schedule, days: [...schedule.days, { name: '清明节', date: '2027-04-31', isOffDay: true }] };
    const res = await t.request({ method: 'POST', url: '/api/v1/calendar/years/2027/import', as: 'admin', payload: bad });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('CALENDAR_IMPORT_INVALID');
    expect(res.json().error.message).toMatch(/2027-04-31/);
    const after = await t.request({ method: 'GET', url: '/api/v1/calendar?year=2027', as: 'admin' });
    expect(after.json().days.find((d: { date: string }) => d.date === '2027-02-08').kind).toBe('holiday');
  });
});
