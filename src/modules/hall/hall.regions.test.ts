import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, dialects } from '../../../test/harness';
import { systemActor } from '../../kernel/auth/actor';
import { verifyAuditChain } from '../../kernel/audit/audit';
import { installationRegion } from '../../kernel/region';
import { orgModule } from '../org';
import { hallModule } from '.';
import type { HallTx } from './hall.tables';

const NOW = '2026-09-30T09:00:00+08:00';
const DAY = '2026-09-30';
const OTHER = '430581'; // a second county hall of a province installation
const modules = [orgModule, hallModule] as const;

describe.each(dialects)('county halls on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof buildTestApp<typeof modules>>>;
  const req = (as: string | undefined, method: 'GET' | 'POST' | 'PUT', url: string, payload?: Record<string, unknown>) => t.request({ method, url: `/api/v1${url}`, as, payload });
  const kiosk = systemActor('kiosk');
  const counter = async (name: string) => {
    const r = await t.opened.db.selectFrom('kernel_sequences').select('value').where('name', '=', name).executeTakeFirst();
    return r ? Number(r.value) : 0;
  };

  beforeAll(async () => {
    t = await buildTestApp({ dialect, now: NOW, modules });
    const depts = await t.ctx.services.org.all();
    await t.opened.db.updateTable('kernel_departments').set({ region_code: `${OTHER}001000` }).where('id', '=', depts[1].id).execute();
    t.ctx.services.org.invalidate();
    await t.ctx.auth.createUser(systemActor('test'), { username: 'clerk-k', name: '县大厅窗口', password: 'demo1234', roles: ['clerk'], departmentId: depts[1].id, windowNo: 'K01', isDemo: true });
    expect((await req('admin', 'PUT', '/hall/categories/A', { name: '综合受理', active: true, slotCapacity: 2 })).statusCode).toBe(200);
    expect((await req('admin', 'PUT', '/hall/windows/A01', { name: '1号窗口', categories: ['A'] })).statusCode).toBe(200);
    expect((await req('admin', 'PUT', '/hall/windows/K01', { name: '县大厅1号窗口', categories: ['A'], region: OTHER })).statusCode).toBe(200);
  });
  afterAll(async () => t?.close());

  it('numbers each county hall’s tickets gapless per category and day from its own counter, kiosks of both at once', async () => {
    const hall = t.ctx.services.hall.queue;
    const res = await Promise.all(Array.from({ length: 60 }, (_, i) => hall.take(kiosk, { categoryCode: 'A', ...(i % 2 ? { region: OTHER } : {}) })));
    const rows = await t.opened.db.selectFrom('hall_tickets').select(['id', 'region', 'number', 'ticket_no']).where('day', '=', DAY).execute();
    const byHall = new Map<string, number[]>();
    for (const r of rows) byHall.set(r.region, [...(byHall.get(r.region) ?? []), Number(r.number)]);
    // The installation's hall is stored as '' (as every ticket before regions); both halls have their own A001….
    expect([...byHall.keys()].sort()).toEqual(['', OTHER]);
    for (const n of byHall.values()) expect(n.sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(new Set(res.map((r) => r.ticketNo)).size).toBe(30);
    expect(await counter(`hall.ticket:${DAY}:A`)).toBe(30);
    expect(await counter(`hall.ticket:${OTHER}:${DAY}:A`)).toBe(30);
    // Each ticket's audit row joined its county's chain; all chains verify.
    const taken = await t.opened.db.selectFrom('kernel_audit_log').select(['chain', 'subject_id']).where('action', '=', 'hall.ticket_taken').execute();
    const regionOf = new Map(rows.map((r) => [String(r.id), r.region || installationRegion()]));
    for (const a of taken) expect(a.chain).toBe(regionOf.get(a.subject_id));
    const audit = await verifyAuditChain(t.opened.db);
    expect(audit.ok, audit.reason).toBe(true);
  });

  it('gives a rolled-back ticket’s number back', async () => {
    const before = await counter(`hall.ticket:${OTHER}:${DAY}:A`);
    await expect(
      t.opened.db.transaction().execute(async (tx) => {
        await t.ctx.services.hall.queue.take(kiosk, { categoryCode: 'A', region: OTHER }, tx as unknown as HallTx);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await counter(`hall.ticket:${OTHER}:${DAY}:A`)).toBe(before);
    const next = await req(undefined, 'POST', '/hall/tickets', { categoryCode: 'A', region: OTHER });
    expect(next.statusCode).toBe(201);
    expect(next.json().ticketNo).toBe(`A${String(before + 1).padStart(3, '0')}`);
  });

  it('a window calls its own county hall’s tickets, audited in that county’s chain; screens show one hall', async () => {
    for (const clerk of ['clerk', 'clerk-k']) expect((await req(clerk, 'POST', '/hall/console/open', {})).statusCode).toBe(200);
    const county = await req('clerk-k', 'POST', '/hall/console/callNext', {});
    expect(county.statusCode).toBe(200);
    const calledCounty = await t.opened.db.selectFrom('hall_tickets').select(['region', 'number']).where('id', '=', county.json().ticket.id).executeTakeFirstOrThrow();
    expect(calledCounty).toEqual({ region: OTHER, number: 1 });
    const own = await req('clerk', 'POST', '/hall/console/callNext', {});
    const calledOwn = await t.opened.db.selectFrom('hall_tickets').select(['region', 'number']).where('id', '=', own.json().ticket.id).executeTakeFirstOrThrow();
    expect(calledOwn).toEqual({ region: '', number: 1 });
    const trail = await t.opened.db.selectFrom('kernel_audit_log').select(['action', 'chain']).where('subject_type', '=', 'hall_ticket').where('subject_id', '=', String(county.json().ticket.id)).orderBy('seq').execute();
    expect(trail).toEqual([
      { action: 'hall.ticket_taken', chain: OTHER },
      { action: 'hall.ticket_called', chain: OTHER },
    ]);
    // A ticket does not move to another county's hall.
    expect((await req('clerk-k', 'POST', '/hall/console/transfer', { toWindowNo: 'A01' })).json().error.code).toBe('TARGET_WINDOW_OTHER_HALL');
    const countyKiosk = (await req(undefined, 'GET', `/hall/kiosk?region=${OTHER}`)).json();
    const ownKiosk = (await req(undefined, 'GET', '/hall/kiosk')).json();
    const waitingOther = await t.opened.db.selectFrom('hall_tickets').select('id').where('region', '=', OTHER).where('status', '=', 'waiting').execute();
    expect(countyKiosk.categories).toEqual([{ code: 'A', name: '综合受理', waiting: waitingOther.length }]);
    expect(ownKiosk.categories[0].waiting).toBe(29);
    const display = (await req(undefined, 'GET', `/hall/display?region=${OTHER}`)).json();
    expect(display.windows.map((w: { windowNo: string }) => w.windowNo)).toEqual(['K01']);
    expect(display.calls.map((c: { windowNo: string }) => c.windowNo)).toEqual(['K01']);
  });

  it('refuses a region that is not a county code or not one of the installation’s, with a stable code', async () => {
    for (const [region, code] of [
      ['4305', 'REGION_INVALID'],
      ['110101', 'REGION_UNKNOWN'],
    ]) {
      const r = await req(undefined, 'POST', '/hall/tickets', { categoryCode: 'A', region });
      expect(r.statusCode).toBe(422);
      expect(r.json().error).toMatchObject({ code, details: { field: 'region' } });
      expect((await req(undefined, 'GET', `/hall/kiosk?region=${region}`)).json().error.code).toBe(code);
      expect((await req('admin', 'PUT', '/hall/windows/K02', { name: 'x', categories: ['A'], region })).json().error.code).toBe(code);
    }
  });
  it('numbers each county hall’s appointments gapless per day from its own counter, bookings of both at once', async () => {
    expect((await req('admin', 'PUT', '/hall/categories/C', { name: '预约专窗', active: true, slotCapacity: 30 })).statusCode).toBe(200);
    const appointments = t.ctx.services.hall.appointments;
    const citizen = systemActor('citizen-web');
    const booked = await Promise.all(
      Array.from({ length: 40 }, (_, i) => appointments.book(citizen, { categoryCode: 'C', day: DAY, slot: '15:00', name: `市民${i}`, phone: '13800001234', ...(i % 2 ? { region: OTHER } : {}) })),
    );
    const rows = await t.opened.db.selectFrom('hall_appointments').select(['region', 'appointment_no']).where('day', '=', DAY).where('category_code', '=', 'C').execute();
    const seqs = new Map<string, number[]>();
    for (const r of rows) {
      // The installation's hall keeps the old format; the other county's numbers carry its code.
      const m = r.region === '' ? /^YY20260930(\d{4})$/.exec(r.appointment_no) : new RegExp(`^YY${OTHER}-20260930-(\\d{4})$`).exec(r.appointment_no);
      expect(m, `${r.region} ${r.appointment_no}`).not.toBeNull();
      seqs.set(r.region, [...(seqs.get(r.region) ?? []), Number(m![1])]);
    }
    expect([...seqs.keys()].sort()).toEqual(['', OTHER]);
    for (const n of seqs.values()) expect(n.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(new Set(booked.map((b) => b.appointmentNo)).size).toBe(40);
    // The installation's county continues the counter name single-county versions used.
    expect(await counter(`hall.appointment:${DAY}`)).toBe(20);
    expect(await counter(`hall.appointment:${OTHER}:${DAY}`)).toBe(20);
    // Each county hall has its own slot capacity (30): the other county books 10 more, then the slot is full.
    for (let i = 0; i < 10; i++) await appointments.book(citizen, { categoryCode: 'C', day: DAY, slot: '15:00', name: '市民', phone: '13800001234', region: OTHER });
    await expect(appointments.book(citizen, { categoryCode: 'C', day: DAY, slot: '15:00', name: '市民', phone: '13800001234', region: OTHER })).rejects.toMatchObject({ code: 'SLOT_FULL' });
    expect((await appointments.book(citizen, { categoryCode: 'C', day: DAY, slot: '15:00', name: '市民', phone: '13800001234' })).appointmentNo).toBe('YY202609300021');
    await expect(appointments.book(citizen, { categoryCode: 'C', day: DAY, slot: '15:00', name: '市民', phone: '13800001234', region: '110101' })).rejects.toMatchObject({ code: 'REGION_UNKNOWN' });
  });
});
