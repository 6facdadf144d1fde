/**
 * The hall's figures per window over a period (tickets called there, served, average wait and handling
 * time), the typed read the honours and the 讲评会 report use (`hallFigures` in the service registry).
 */
import { sql } from 'kysely';
import type { HallDeps } from './hall.deps';
import { windowFigure, type WindowFigures } from './hall.rules';

export interface StaffFigures {
  userId: number;
  name: string;
  departmentId: number | null;
  served: number;
  averageWaitMinutes: number | null;
}

export class HallFigures {
  constructor(private readonly deps: HallDeps) {}

  /** One row per window that called a ticket between `from` and `to` (days, inclusive), by window number. */
  async windowFigures(from: string, to: string): Promise<WindowFigures[]> {
    const rows = await this.deps.db
      .selectFrom('hall_tickets')
      .where('day', '>=', from)
      .where('day', '<=', to)
      .where('window_no', 'is not', null)
      .where('called_at', 'is not', null)
      .select([
        'window_no',
        sql<number>`cast(count(*) as integer)`.as('tickets'),
        sql<number>`cast(sum(case when status = 'done' then 1 else 0 end) as integer)`.as('served'),
        sql<number>`cast(sum(case when wait_minutes is not null then 1 else 0 end) as integer)`.as('waited'),
        sql<number>`cast(coalesce(sum(wait_minutes), 0) as integer)`.as('wait'),
        sql<number>`cast(sum(case when status = 'done' and service_minutes is not null then 1 else 0 end) as integer)`.as('timed'),
        sql<number>`cast(coalesce(sum(case when status = 'done' then service_minutes else 0 end), 0) as integer)`.as('service'),
      ])
      .groupBy('window_no')
      .orderBy('window_no')
      .execute();
    return rows.map((r) =>
      windowFigure({
        windowNo: r.window_no!,
        tickets: Number(r.tickets),
        served: Number(r.served ?? 0),
        waited: Number(r.waited ?? 0),
        waitMinutes: Number(r.wait ?? 0),
        timed: Number(r.timed ?? 0),
        serviceMinutes: Number(r.service ?? 0),
      }),
    );
  }

  /**
   * One row per staff member who finished tickets between `from` and `to`: tickets served, the average
   * wait of those tickets, and the member's name and department (the honours' 服务明星 and 先锋岗).
   */
  async staffFigures(from: string, to: string): Promise<StaffFigures[]> {
    const rows = await this.deps.db
      .selectFrom('hall_tickets')
      .innerJoin('kernel_users', 'kernel_users.id', 'hall_tickets.served_by')
      .where('hall_tickets.day', '>=', from)
      .where('hall_tickets.day', '<=', to)
      .where('hall_tickets.status', '=', 'done')
      .select([
        'hall_tickets.served_by as userId',
        'kernel_users.name as name',
        'kernel_users.department_id as departmentId',
        sql<number>`cast(count(*) as integer)`.as('served'),
        sql<number>`cast(sum(case when hall_tickets.wait_minutes is not null then 1 else 0 end) as integer)`.as('waited'),
        sql<number>`cast(coalesce(sum(hall_tickets.wait_minutes), 0) as integer)`.as('wait'),
      ])
      .groupBy(['hall_tickets.served_by', 'kernel_users.name', 'kernel_users.department_id'])
      .orderBy('hall_tickets.served_by')
      .execute();
    return rows.map((r) => ({
      userId: Number(r.userId),
      name: r.name,
      departmentId: r.departmentId === null ? null : Number(r.departmentId),
      served: Number(r.served),
      averageWaitMinutes: windowFigure({ windowNo: '', tickets: 0, served: 0, waited: Number(r.waited ?? 0), waitMinutes: Number(r.wait ?? 0), timed: 0, serviceMinutes: 0 }).averageWaitMinutes,
    }));
  }
}
