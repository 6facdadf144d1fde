/**
 * The hall's KPIs (tickets, waits, handling times, 爽约, special groups served), its drill-down records
 * and the long-wait card. The hall is the bureau's own: a department-scoped summary has no hall figures.
 */
import { sql } from 'kysely';
import type { CardSource, KpiRecords, KpiRecordsQuery, KpiSource } from '../../kernel/module';
import type { Period } from '../../shared/period';
import type { CardCandidate } from '../../shared/supervision.types';
import type { HallDeps } from './hall.deps';
import { APPOINTMENT_STATUS_LABELS, HALL_KPI_NAMES, hallKpis, minutesBetween, TICKET_STATUS_LABELS, type HallCounts } from './hall.rules';
import type { DepartmentScope } from '../../kernel/db/department-scope';
import { installationRegion } from '../../kernel/region';

const n = sql<number>`cast(count(*) as integer)`;
const sumOf = (col: string) => sql<number>`cast(coalesce(sum(${sql.ref(col)}), 0) as integer)`;

/** The condition "the ticket or appointment is county `region`'s" ('' is the installation's own county, hall 0910/0911). */
function inTicketRegion(region: string) {
  return region === installationRegion() ? sql<boolean>`region in ('', ${region})` : sql<boolean>`region = ${region}`;
}

export class HallKpis implements KpiSource, CardSource {
  readonly name = 'hall';

  constructor(private readonly deps: HallDeps) {}

  /**
   * The hall's counts of [from, to]: the installation's, or one county's (`region`): its tickets by their
   * own `region`, appointments by the hall booked (hall 0911); help requests carry no county and are the
   * installation's own county's.
   */
  async counts(from: string, to: string, region: string | null = null): Promise<HallCounts> {
    const { db } = this.deps;
    const own = region === null || region === installationRegion();
    const t = await db
      .selectFrom('hall_tickets')
      .where('day', '>=', from)
      .where('day', '<=', to)
      .$if(region !== null, (q) => q.where(inTicketRegion(region!)))
      .select([
        n.as('tickets'),
        sql<number>`cast(sum(case when called_at is not null then 1 else 0 end) as integer)`.as('called'),
        sumOf('wait_minutes').as('wait'),
        sql<number>`cast(sum(case when status = 'done' then 1 else 0 end) as integer)`.as('served'),
        sql<number>`cast(coalesce(sum(case when status = 'done' then service_minutes else 0 end), 0) as integer)`.as('service'),
        sql<number>`cast(sum(case when status = 'done' and priority_group is not null then 1 else 0 end) as integer)`.as('special'),
      ])
      .executeTakeFirstOrThrow();
    const a = await db
      .selectFrom('hall_appointments')
      .where('day', '>=', from)
      .where('day', '<=', to)
      .where('status', 'in', ['checked_in', 'no_show'])
      .$if(region !== null, (q) => q.where(inTicketRegion(region!)))
      .select([n.as('due'), sql<number>`cast(sum(case when status = 'no_show' then 1 else 0 end) as integer)`.as('noShows')])
      .executeTakeFirstOrThrow();
    const h = await db
      .selectFrom('hall_help_requests')
      .where('status', '=', 'done')
      .where('done_on', '>=', from)
      .where('done_on', '<=', to)
      .$if(!own, (q) => q.where(sql<boolean>`1 = 0`))
      .select(n.as('done'))
      .executeTakeFirstOrThrow();
    return {
      tickets: Number(t.tickets),
      called: Number(t.called ?? 0),
      waitMinutes: Number(t.wait ?? 0),
      served: Number(t.served ?? 0),
      serviceMinutes: Number(t.service ?? 0),
      appointmentsDue: Number(a.due),
      noShows: Number(a.noShows ?? 0),
      specialTickets: Number(t.special ?? 0),
      helpDone: Number(h.done),
    };
  }

  async kpis(period: Period, departments: DepartmentScope, region?: string | null) {
    const empty: HallCounts = { tickets: 0, called: 0, waitMinutes: 0, served: 0, serviceMinutes: 0, appointmentsDue: 0, noShows: 0, specialTickets: 0, helpDone: 0 };
    // The hall serves no department: a department summary leaves it empty; a county's has its own tickets.
    if (region) return hallKpis(await this.counts(period.from, period.to, region));
    return hallKpis(departments == null ? await this.counts(period.from, period.to) : empty);
  }

  async records(kpi: string, part: 'numerator' | 'denominator', q: KpiRecordsQuery): Promise<KpiRecords | null> {
    if (!(HALL_KPI_NAMES as readonly string[]).includes(kpi)) return null;
    if (q.departmentId != null && !q.region) return { kind: 'hall_ticket', items: [], total: 0 };
    const { db } = this.deps;
    if (kpi === 'hall.noShowRate') {
      let base = db.selectFrom('hall_appointments').where('day', '>=', q.from).where('day', '<=', q.to);
      if (q.region) base = base.where(inTicketRegion(q.region));
      base = part === 'numerator' ? base.where('status', '=', 'no_show') : base.where('status', 'in', ['checked_in', 'no_show']);
      const total = await base.select(n.as('n')).executeTakeFirstOrThrow();
      const rows = await base.select(['appointment_no', 'day', 'slot', 'category_code', 'status']).orderBy('day').orderBy('slot').offset(q.offset).limit(q.limit).execute();
      return { kind: 'hall_appointment', items: rows.map((r) => ({ appointmentNo: r.appointment_no, day: r.day, slot: r.slot, categoryCode: r.category_code, status: r.status, statusLabel: APPOINTMENT_STATUS_LABELS[r.status] ?? r.status })), total: Number(total.n) };
    }
    let base = db.selectFrom('hall_tickets').where('day', '>=', q.from).where('day', '<=', q.to);
    if (q.region) base = base.where(inTicketRegion(q.region));
    if (kpi === 'hall.averageWaitMinutes') base = base.where('called_at', 'is not', null);
    if (kpi === 'hall.averageServiceMinutes') base = base.where('status', '=', 'done');
    if (kpi === 'hall.specialGroupServed') base = base.where('status', '=', 'done').where('priority_group', 'is not', null);
    const total = await base.select(n.as('n')).executeTakeFirstOrThrow();
    const rows = await base
      .select(['ticket_no', 'day', 'status', 'window_no', 'priority_group', 'wait_minutes', 'service_minutes', 'case_no'])
      .orderBy('day')
      .orderBy('id')
      .offset(q.offset)
      .limit(q.limit)
      .execute();
    return {
      kind: 'hall_ticket',
      items: rows.map((r) => ({ ticketNo: r.ticket_no, day: r.day, status: r.status, statusLabel: TICKET_STATUS_LABELS[r.status] ?? r.status, windowNo: r.window_no, priorityGroup: r.priority_group, waitMinutes: r.wait_minutes, serviceMinutes: r.service_minutes, caseNo: r.case_no })),
      total: Number(total.n),
    };
  }

  /** Tickets still waiting today longer than the configured minutes: a yellow card each. */
  async candidates(now: Date, today: string): Promise<CardCandidate[]> {
    const cfg = await this.deps.config();
    const cutoff = new Date(now.getTime() - cfg.longWaitMinutes * 60_000).toISOString();
    const rows = await this.deps.db.selectFrom('hall_tickets').selectAll().where('day', '=', today).where('status', '=', 'waiting').where('taken_at', '<', cutoff).execute();
    return rows.map((r) => ({
      subjectType: 'hall_ticket',
      subjectId: String(r.id),
      subjectLabel: `${r.day} ${r.ticket_no}号`,
      rule: 'hall_long_wait',
      color: 'yellow' as const,
      departmentId: null,
      dueAt: cutoff,
      detail: { ticketNo: r.ticket_no, takenAt: r.taken_at, waitedMinutes: minutesBetween(r.taken_at, now.toISOString()), text: `${r.ticket_no}号已等候 ${minutesBetween(r.taken_at, now.toISOString())} 分钟（超过 ${cfg.longWaitMinutes} 分钟）` },
    }));
  }
}
