/**
 * 预约: citizens book a half-hour slot for a category on a working day (capacity per slot; holidays and
 * rest days refused by the kernel's calendar), check in at the kiosk (a ticket called with priority),
 * and appointments never checked in become 爽约 (a job marks them).
 */
import { systemActor, type Actor } from '../../kernel/auth/actor';
import { recordAudit } from '../../kernel/audit/audit';
import { nextSequence } from '../../kernel/db/db';
import { maskName, maskPhone } from '../../kernel/validators';
import { fail, type HallDeps } from './hall.deps';
import type { HallQueue, TicketView } from './hall.queue';
import { APPOINTMENT_STATUS_LABELS, appointmentNo, appointmentSequence, bookingDayProblem, checkAppointment, isNoShow, regionOfStored, storedRegion } from './hall.rules';
import { installationRegion } from '../../kernel/region';
import type { AppointmentRow, HallTx } from './hall.tables';
import type { AppointmentView } from '../../shared/hall.types';

const ACTIVE = ['booked', 'checked_in'];

export class HallAppointments {
  constructor(
    private readonly deps: HallDeps,
    private readonly queue: HallQueue,
  ) {}

  private view(r: AppointmentRow, names: Map<string, string>, masked: boolean): AppointmentView {
    return {
      id: Number(r.id),
      appointmentNo: r.appointment_no,
      region: regionOfStored(r.region, installationRegion()),
      categoryCode: r.category_code,
      categoryName: names.get(r.category_code) ?? r.category_code,
      day: r.day,
      slot: r.slot,
      name: masked ? maskName(r.name) : r.name,
      phone: masked ? maskPhone(r.phone) : r.phone,
      status: r.status,
      statusLabel: APPOINTMENT_STATUS_LABELS[r.status] ?? r.status,
      checkedInAt: r.checked_in_at,
    };
  }

  private lastDay(aheadDays: number): string {
    return this.deps.ctx.calendar.current.addNaturalDays(this.deps.today(), aheadDays);
  }

  private isWorkday(day: string): boolean {
    try {
      return this.deps.ctx.calendar.current.isWorkday(day);
    } catch {
      return false;
    }
  }

  /**
   * The stored key of the county hall a booking request names (`region`, default the installation's own;
   * REGION_INVALID / REGION_UNKNOWN 422): each hall has its own places in every slot.
   */
  private async hallOf(region: string | undefined): Promise<string> {
    const installation = installationRegion();
    return storedRegion(region === undefined ? installation : await this.deps.checkRegion(region, 'region'), installation);
  }

  /** The slots of a category on a day at one county hall with what is left of each (a refused day answers its reason). */
  async slots(categoryCode: string, day: string, region?: string) {
    const hall = await this.hallOf(region);
    const cfg = await this.deps.config();
    const cat = await this.deps.db.selectFrom('hall_categories').selectAll().where('code', '=', categoryCode).executeTakeFirst();
    if (!cat) throw fail('CATEGORY_NOT_FOUND', 404, `业务类别 ${categoryCode} 不存在`);
    const problem = bookingDayProblem(day, this.deps.today(), this.lastDay(cfg.bookAheadDays), this.isWorkday(day));
    const booked = await this.deps.db
      .selectFrom('hall_appointments')
      .select((eb) => ['slot', eb.cast<number>(eb.fn.countAll(), 'integer').as('n')])
      .where('region', '=', hall)
      .where('day', '=', day)
      .where('category_code', '=', categoryCode)
      .where('status', 'in', ACTIVE)
      .groupBy('slot')
      .execute();
    const used = new Map(booked.map((b) => [b.slot, Number(b.n)]));
    const capacity = Number(cat.slot_capacity);
    const now = this.deps.ctx.clock.now().getTime();
    return {
      categoryCode,
      day,
      bookable: problem === null && capacity > 0 && Number(cat.active) === 1,
      reason: problem ?? (capacity === 0 || Number(cat.active) !== 1 ? `“${cat.name}”暂不接受预约` : null),
      lastDay: this.lastDay(cfg.bookAheadDays),
      slots: cfg.slots.map((s) => {
        const left = Math.max(0, capacity - (used.get(s) ?? 0));
        const past = Date.parse(`${day}T${s}:00+08:00`) <= now;
        return { slot: s, capacity, left, available: problem === null && left > 0 && !past };
      }),
    };
  }

  /**
   * The days a citizen may pick for a category at one county hall (`region`, default the installation's),
   * today to the last bookable day: each with whether the
   * calendar and the capacity allow it (a holiday, a rest day or a full day is refused, with its reason)
   * and the places left that day.
   */
  async days(categoryCode: string, region?: string) {
    const { deps } = this;
    const hall = await this.hallOf(region);
    const cfg = await deps.config();
    const cat = await deps.db.selectFrom('hall_categories').selectAll().where('code', '=', categoryCode).executeTakeFirst();
    if (!cat) throw fail('CATEGORY_NOT_FOUND', 404, `业务类别 ${categoryCode} 不存在`);
    const today = deps.today();
    const last = this.lastDay(cfg.bookAheadDays);
    const booked = await deps.db
      .selectFrom('hall_appointments')
      .select((eb) => ['day', eb.cast<number>(eb.fn.countAll(), 'integer').as('n')])
      .where('region', '=', hall)
      .where('day', '>=', today)
      .where('day', '<=', last)
      .where('category_code', '=', categoryCode)
      .where('status', 'in', ACTIVE)
      .groupBy('day')
      .execute();
    const used = new Map(booked.map((b) => [b.day, Number(b.n)]));
    const capacity = Number(cat.slot_capacity);
    const closed = Number(cat.active) !== 1 || capacity === 0;
    const now = deps.ctx.clock.now().getTime();
    const out: Array<{ day: string; bookable: boolean; reason: string | null; left: number }> = [];
    for (let day = today; day <= last; day = deps.ctx.calendar.current.addNaturalDays(day, 1)) {
      const problem = bookingDayProblem(day, today, last, this.isWorkday(day));
      const open = cfg.slots.filter((s) => Date.parse(`${day}T${s}:00+08:00`) > now).length;
      const left = problem || closed ? 0 : Math.max(0, open * capacity - (used.get(day) ?? 0));
      const reason = problem ?? (closed ? `“${cat.name}”暂不接受预约` : left === 0 ? (open === 0 ? '今日预约时段已过' : '当日已约满') : null);
      out.push({ day, bookable: reason === null, reason, left });
    }
    return { categoryCode, today, lastDay: last, days: out };
  }

  /** Books a slot at one county's hall (`region`, default the installation's own: REGION_INVALID / REGION_UNKNOWN 422). */
  async book(actor: Actor, input: { categoryCode: string; day: string; slot: string; name: string; phone: string; region?: string }): Promise<AppointmentView> {
    const { deps } = this;
    const cfg = await deps.config();
    const names = await this.queue.categoryNames();
    const installation = installationRegion();
    const region = input.region === undefined ? installation : await deps.checkRegion(input.region, 'region');
    const stored = storedRegion(region, installation);
    return deps.db.transaction().execute(async (tx) => {
      let cq = tx.selectFrom('hall_categories').selectAll().where('code', '=', input.categoryCode);
      if (deps.isPg) cq = cq.forUpdate(); // bookings of a category are serialized: the capacity check holds
      const cat = await cq.executeTakeFirst();
      if (!cat) throw fail('CATEGORY_NOT_FOUND', 422, `业务类别 ${input.categoryCode} 不存在`, { field: 'categoryCode' });
      if (Number(cat.active) !== 1 || Number(cat.slot_capacity) === 0) throw fail('CATEGORY_NOT_BOOKABLE', 422, `“${cat.name}”暂不接受预约`, { field: 'categoryCode' });
      const problem = bookingDayProblem(input.day, deps.today(), this.lastDay(cfg.bookAheadDays), this.isWorkday(input.day));
      if (problem) throw fail('DAY_NOT_BOOKABLE', 422, problem, { field: 'day' });
      if (!cfg.slots.includes(input.slot)) throw fail('SLOT_INVALID', 422, `时段 ${input.slot} 不在预约时段内`, { field: 'slot' });
      if (Date.parse(`${input.day}T${input.slot}:00+08:00`) <= deps.ctx.clock.now().getTime()) throw fail('SLOT_PAST', 422, '该时段已开始，请选择之后的时段', { field: 'slot' });
      const used = await tx
        .selectFrom('hall_appointments')
        .select((eb) => eb.cast<number>(eb.fn.countAll(), 'integer').as('n'))
        .where('day', '=', input.day)
        .where('category_code', '=', cat.code)
        .where('slot', '=', input.slot)
        .where('status', 'in', ACTIVE)
        .where('region', '=', stored) // each county hall has its own slots
        .executeTakeFirstOrThrow();
      if (Number(used.n) >= Number(cat.slot_capacity)) throw fail('SLOT_FULL', 409, `${input.day} ${input.slot} 时段已约满，请选择其他时段`, { field: 'slot', capacity: Number(cat.slot_capacity) });
      const n = await nextSequence(tx, appointmentSequence(region, input.day, installation));
      const row = await tx
        .insertInto('hall_appointments')
        .values({
          appointment_no: appointmentNo(region, input.day, n, installation),
          region: stored,
          category_code: cat.code,
          day: input.day,
          slot: input.slot,
          name: input.name.trim(),
          phone: input.phone.trim(),
          user_id: actor.kind === 'user' ? actor.id : null,
          status: 'booked',
          ticket_id: null,
          created_at: deps.nowIso(),
          checked_in_at: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(tx, deps.ctx.clock, actor, { action: 'hall.appointment_booked', subjectType: 'hall_appointment', subjectId: row.id, after: { appointmentNo: row.appointment_no, day: row.day, slot: row.slot, categoryCode: row.category_code } });
      return this.view(row, names, false);
    });
  }

  async mine(actor: Actor): Promise<AppointmentView[]> {
    if (actor.id === null) return [];
    const names = await this.queue.categoryNames();
    const rows = await this.deps.db.selectFrom('hall_appointments').selectAll().where('user_id', '=', actor.id).orderBy('day', 'desc').orderBy('slot', 'desc').limit(50).execute();
    return rows.map((r) => this.view(r, names, false));
  }

  async list(q: { day: string; status?: string; offset: number; limit: number }): Promise<{ items: AppointmentView[]; total: number }> {
    let base = this.deps.db.selectFrom('hall_appointments').where('day', '=', q.day);
    if (q.status) base = base.where('status', '=', q.status);
    const total = await base.select((eb) => eb.cast<number>(eb.fn.countAll(), 'integer').as('n')).executeTakeFirstOrThrow();
    const rows = await base.selectAll().orderBy('slot').orderBy('id').offset(q.offset).limit(q.limit).execute();
    const names = await this.queue.categoryNames();
    return { items: rows.map((r) => this.view(r, names, true)), total: Number(total.n) };
  }

  async cancel(actor: Actor, appointmentNo: string): Promise<AppointmentView> {
    const names = await this.queue.categoryNames();
    return this.deps.db.transaction().execute(async (tx) => {
      const r = await tx.selectFrom('hall_appointments').selectAll().where('appointment_no', '=', appointmentNo).executeTakeFirst();
      if (!r || (r.user_id !== null && Number(r.user_id) !== actor.id)) throw fail('APPOINTMENT_NOT_FOUND', 404, `预约 ${appointmentNo} 不存在`);
      const problem = checkAppointment('cancel', r.status);
      if (problem) throw fail('APPOINTMENT_STATE', 409, problem, { status: r.status });
      const row = await tx.updateTable('hall_appointments').set({ status: 'cancelled' }).where('id', '=', r.id).returningAll().executeTakeFirstOrThrow();
      await recordAudit(tx, this.deps.ctx.clock, actor, { action: 'hall.appointment_cancelled', subjectType: 'hall_appointment', subjectId: r.id, before: { status: r.status }, after: { status: 'cancelled' } });
      return this.view(row, names, false);
    });
  }

  /** At the kiosk: the appointment number and the phone's last 4 digits; answers the priority ticket. */
  async checkIn(actor: Actor, input: { appointmentNo: string; phoneLast4: string; region?: string }): Promise<{ appointment: AppointmentView; ticket: TicketView }> {
    const { deps } = this;
    const cfg = await deps.config();
    const names = await this.queue.categoryNames();
    const out = await deps.db.transaction().execute(async (tx: HallTx) => {
      const r = await tx.selectFrom('hall_appointments').selectAll().where('appointment_no', '=', input.appointmentNo.trim().toUpperCase()).executeTakeFirst();
      // A wrong number and a wrong phone answer alike: the kiosk reveals nothing about others' bookings.
      if (!r || !r.phone.endsWith(input.phoneLast4)) throw fail('APPOINTMENT_NOT_FOUND', 404, '未找到该预约，请核对预约号和手机号后4位');
      const problem = checkAppointment('checkIn', r.status);
      if (problem) throw fail('APPOINTMENT_STATE', 409, problem, { status: r.status });
      if (r.day !== deps.today()) throw fail('APPOINTMENT_NOT_TODAY', 409, `您预约的是 ${r.day} ${r.slot}，请在预约当天签到`, { day: r.day });
      if (isNoShow(r.day, r.slot, deps.ctx.clock.now(), cfg.checkInGraceMinutes)) throw fail('APPOINTMENT_LATE', 409, `已超过预约时段 ${r.slot} 的签到时间，请普通取号`, { slot: r.slot });
      // The ticket is the checking-in kiosk's county hall's.
      const ticket = await this.queue.take(actor, { categoryCode: r.category_code, appointmentId: Number(r.id), region: input.region }, tx);
      const row = await tx.updateTable('hall_appointments').set({ status: 'checked_in', checked_in_at: deps.nowIso(), ticket_id: ticket.id }).where('id', '=', r.id).returningAll().executeTakeFirstOrThrow();
      await recordAudit(tx, deps.ctx.clock, actor, { action: 'hall.appointment_checked_in', subjectType: 'hall_appointment', subjectId: r.id, before: { status: r.status }, after: { status: 'checked_in', ticketNo: ticket.ticketNo } });
      return { appointment: this.view(row, names, true), ticket };
    });
    deps.events.committed({ type: 'update', at: deps.nowIso() });
    return out;
  }

  /** Appointments whose slot passed (plus the grace) without a check-in become 爽约; answers how many. */
  async markNoShows(): Promise<number> {
    const { deps } = this;
    const cfg = await deps.config();
    const now = deps.ctx.clock.now();
    const rows = await deps.db.selectFrom('hall_appointments').selectAll().where('status', '=', 'booked').where('day', '<=', deps.today()).execute();
    const late = rows.filter((r) => isNoShow(r.day, r.slot, now, cfg.checkInGraceMinutes));
    const actor = systemActor('hall.no_shows');
    for (const r of late) {
      await deps.db.transaction().execute(async (tx) => {
        const done = await tx.updateTable('hall_appointments').set({ status: 'no_show' }).where('id', '=', r.id).where('status', '=', 'booked').executeTakeFirst();
        if (Number(done.numUpdatedRows) === 0) return;
        await recordAudit(tx, deps.ctx.clock, actor, { action: 'hall.appointment_no_show', subjectType: 'hall_appointment', subjectId: r.id, before: { status: 'booked' }, after: { status: 'no_show' } });
      });
    }
    return late.length;
  }
}
