import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type AnyTestApp } from '../../../test/harness';
import { orgModule } from '../org';
import { hallModule } from '.';

const modules = [orgModule, hallModule] as const;

describe('hall demo seed', () => {
  let t: Awaited<ReturnType<typeof buildTestApp<typeof modules>>>;
  beforeAll(async () => {
    t = await buildTestApp({ dialect: 'sqlite', now: '2026-11-30T09:30:00+08:00', modules, seed: ['org', 'hall'] });
  }, 120_000);
  afterAll(async () => t?.close());

  it('fills a year of tickets and appointments on working days only, and the KPIs read them', async () => {
    const db = (t as AnyTestApp).opened.db;
    const days = await db.selectFrom('hall_tickets').select('day').distinct().execute();
    expect(days.length).toBeGreaterThan(230);
    expect(days.every((d) => t.ctx.calendar.current.isWorkday(d.day))).toBe(true);
    const k = await t.ctx.services.hall.kpis.kpis({ from: '2026-01-01', to: '2026-11-30' }, null);
    expect(k['hall.tickets'].value).toBeGreaterThan(10_000);
    expect(k['hall.averageWaitMinutes'].value).toBeGreaterThan(5);
    expect(k['hall.noShowRate'].value).toBeGreaterThan(0.05);
    expect(k['hall.specialGroupServed'].value).toBeGreaterThan(100);
    // the demo clerk (window A01) served the A01 tickets: the honours read them per person
    const staff = await t.ctx.services.hallFigures.staffFigures('2026-01-01', '2026-11-30');
    expect(staff.map((s) => s.name)).toEqual(['陈窗口']);
    expect(staff[0].served).toBe((await t.ctx.services.hallFigures.windowFigures('2026-01-01', '2026-11-30')).find((w) => w.windowNo === 'A01')!.served);
    // numbering continues after the seeded days: a ticket taken today starts the day at 001
    const ticket = await t.ctx.services.hall.queue.take({ kind: 'system', id: null, username: 't', name: 't', roles: [], departmentId: null }, { categoryCode: 'A' });
    expect(ticket.ticketNo).toBe('A001');
    const help = await t.ctx.services.hall.help.list({ kind: 'user', id: 1, username: 'admin', name: 'a', roles: ['admin'], departmentId: null }, { offset: 0, limit: 20 });
    expect(new Set(help.items.map((h) => h.status))).toEqual(new Set(['done', 'scheduled', 'assigned', 'requested']));
  });
});
