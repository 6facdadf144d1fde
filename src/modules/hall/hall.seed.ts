/**
 * Demo hall: the business categories and windows (A01 is the demo clerk's), a year of tickets and
 * appointments up to yesterday shaped by the module's rules (numbering, waits, 爽约), 绿色通道 tickets, and
 * 帮代办/上门办 requests in every state. Today's queue starts empty: the kiosk fills it.
 */
import { installationRegion } from '../../kernel/region';
import { systemActor } from '../../kernel/auth/actor';
import { mulberry32 } from '../../shared/random';
import type { HallService } from './hall.service';
import { PRIORITY_GROUPS, ticketNo, ticketSequence, type PriorityGroup } from './hall.rules';
import type { HallTicketsTable, HallAppointmentsTable } from './hall.tables';
import type { Insertable } from 'kysely';

export const DEMO_CATEGORIES = [
  { code: 'A', name: '综合受理', slotCapacity: 6 },
  { code: 'B', name: '企业开办', slotCapacity: 4 },
  { code: 'C', name: '不动产登记', slotCapacity: 4 },
  { code: 'D', name: '社保医保', slotCapacity: 6 },
  { code: 'E', name: '“办不成事”反映', slotCapacity: 0 },
];

export const DEMO_WINDOWS = [
  { windowNo: 'A01', name: '1号综合窗口', categories: ['A', 'E'] },
  { windowNo: 'A02', name: '2号综合窗口', categories: ['A'] },
  { windowNo: 'A03', name: '3号企业开办窗口', categories: ['B', 'A'] },
  { windowNo: 'A04', name: '4号不动产窗口', categories: ['C'] },
  { windowNo: 'A05', name: '5号社保医保窗口', categories: ['D'] },
  { windowNo: 'A06', name: '6号“办不成事”窗口', categories: ['E'] },
];

const at = (day: string, minutes: number) => new Date(Date.parse(`${day}T00:00:00+08:00`) + minutes * 60_000).toISOString();

export async function seedHall(svc: HallService): Promise<void> {
  const { deps } = svc;
  const actor = systemActor('seed');
  if (await deps.db.selectFrom('hall_categories').select('code').limit(1).executeTakeFirst()) return;
  for (const [i, c] of DEMO_CATEGORIES.entries()) await svc.reads.saveCategory(actor, c.code, { name: c.name, active: true, slotCapacity: c.slotCapacity, sort: i + 1 });
  for (const w of DEMO_WINDOWS) await svc.reads.saveWindow(actor, w.windowNo, { name: w.name, categories: w.categories });

  // The demo clerk sits at window A01: the tickets served there are theirs (the honours read them per person).
  const clerk = await deps.db.selectFrom('kernel_users').select(['id', 'window_no']).where('username', '=', 'clerk').executeTakeFirst();
  const rand = mulberry32(16);
  const cal = deps.ctx.calendar.current;
  const today = deps.today();
  const cfg = await deps.config();
  const tickets: Insertable<HallTicketsTable>[] = [];
  const appointments: Insertable<HallAppointmentsTable>[] = [];
  const counters = new Map<string, number>();
  let apptSeq = 0;
  for (let day = cal.addNaturalDays(today, -365); day < today; day = cal.addNaturalDays(day, 1)) {
    if (!cal.isWorkday(day)) continue;
    const perCat = new Map<string, number>();
    const count = 40 + Math.floor(rand() * 50);
    for (let i = 0; i < count; i++) {
      const cat = DEMO_CATEGORIES[Math.min(DEMO_CATEGORIES.length - 1, Math.floor(rand() ** 1.4 * DEMO_CATEGORIES.length))];
      const n = (perCat.get(cat.code) ?? 0) + 1;
      perCat.set(cat.code, n);
      const morning = rand() < 0.6;
      const takenMin = (morning ? 9 * 60 : 14 * 60 + 30) + Math.floor(rand() * 150);
      const group: PriorityGroup | null = rand() < 0.08 ? PRIORITY_GROUPS[Math.floor(rand() * PRIORITY_GROUPS.length)] : null;
      const wait = group ? Math.floor(rand() * 6) : Math.floor(rand() * 25 + (rand() < 0.05 ? 30 : 0));
      const skipped = rand() < 0.03;
      const service = 4 + Math.floor(rand() * 20);
      const win = DEMO_WINDOWS.filter((w) => w.categories.includes(cat.code));
      const windowNo = win[Math.floor(rand() * win.length)].windowNo;
      tickets.push({
        day,
        category_code: cat.code,
        number: n,
        ticket_no: ticketNo(cat.code, n),
        status: skipped ? 'skipped' : 'done',
        priority: group ? 1 : 0,
        priority_group: group,
        appointment_id: null,
        target_window_no: null,
        window_no: windowNo,
        taken_at: at(day, takenMin),
        called_at: at(day, takenMin + wait),
        call_count: skipped ? 3 : 1,
        serving_at: skipped ? null : at(day, takenMin + wait + 1),
        finished_at: skipped ? at(day, takenMin + wait + 3) : at(day, takenMin + wait + 1 + service),
        served_by: !skipped && clerk && clerk.window_no === windowNo ? Number(clerk.id) : null,
        case_no: null,
        wait_minutes: wait,
        service_minutes: skipped ? null : service,
      });
    }
    // appointments: a few per day, about one in ten never comes (爽约); those who come get a ticket
    const booked = 3 + Math.floor(rand() * 6);
    for (let i = 0; i < booked; i++) {
      const cat = DEMO_CATEGORIES[Math.floor(rand() * 4)];
      const slot = cfg.slots[Math.floor(rand() * cfg.slots.length)];
      const noShow = rand() < 0.1;
      apptSeq += 1;
      appointments.push({
        appointment_no: `YY${day.replace(/-/g, '')}${String(i + 1).padStart(4, '0')}`,
        category_code: cat.code,
        day,
        slot,
        name: `预约群众${apptSeq}`,
        phone: `138${String(10_000_000 + apptSeq).slice(-8)}`,
        user_id: null,
        status: noShow ? 'no_show' : 'checked_in',
        ticket_id: null,
        created_at: at(cal.addNaturalDays(day, -2), 10 * 60),
        checked_in_at: noShow ? null : at(day, Number(slot.slice(0, 2)) * 60 + Number(slot.slice(3)) - 5),
      });
    }
    for (const [code, n] of perCat) counters.set(ticketSequence(installationRegion(), day, code, installationRegion()), n);
  }
  await deps.db.transaction().execute(async (tx) => {
    for (let i = 0; i < tickets.length; i += 500) await tx.insertInto('hall_tickets').values(tickets.slice(i, i + 500)).execute();
    for (let i = 0; i < appointments.length; i += 500) await tx.insertInto('hall_appointments').values(appointments.slice(i, i + 500)).execute();
    const seqs = [...counters].map(([name, value]) => ({ name, value }));
    for (let i = 0; i < seqs.length; i += 500) await tx.insertInto('kernel_sequences').values(seqs.slice(i, i + 500)).execute();
  });

  // 帮代办 / 上门办 through the commands: done, scheduled, assigned and new requests
  const people = [
    { kind: 'visit' as const, groupCode: 'elderly' as const, citizenName: '刘桂英', phone: '13907390001', address: '廉桥镇药都村3组', itemName: '城乡居民养老保险待遇资格认证' },
    { kind: 'help' as const, groupCode: 'disabled' as const, citizenName: '王建国', phone: '13907390002', address: '两市塘街道红岭社区', itemName: '残疾人两项补贴申请' },
    { kind: 'visit' as const, groupCode: 'elderly' as const, citizenName: '陈秀兰', phone: '13907390003', address: '火厂坪镇太和村', itemName: '身份证换领' },
    { kind: 'help' as const, groupCode: 'military' as const, citizenName: '赵卫东', phone: '13907390004', address: '大禾塘街道东岭社区', itemName: '退役军人优待证申领' },
    { kind: 'help' as const, groupCode: 'pregnant' as const, citizenName: '李婷', phone: '13907390005', address: '大禾塘街道荷花社区', itemName: '生育登记' },
    { kind: 'visit' as const, groupCode: 'disabled' as const, citizenName: '周德明', phone: '13907390006', address: '仙槎桥镇新民村', itemName: '医保参保登记' },
  ];
  for (const [i, p] of people.entries()) {
    const r = await svc.help.create(actor, { ...p, note: '家属电话申请' });
    if (i >= 5 || !clerk) continue;
    await svc.help.act(actor, r.id, { action: 'assign', assigneeId: Number(clerk.id) });
    if (i >= 4) continue;
    if (p.kind === 'visit' || i === 3) await svc.help.act(actor, r.id, { action: 'schedule', day: today });
    if (i >= 3) continue;
    await svc.help.act(actor, r.id, { action: 'record', day: today, result: p.kind === 'visit' ? '工作人员上门采集信息，当场办结' : '窗口工作人员全程代办，结果已送达' });
  }
}
