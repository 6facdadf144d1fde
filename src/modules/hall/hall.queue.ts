/**
 * 叫号: the kiosk takes tickets (numbered per category per day by the kernel's nextSequence), the window
 * console calls, recalls, skips, transfers, starts and finishes them, linking the ticket to the case taken
 * at intake. Every change is audited in its transaction and announced to the displays.
 */
import type { Actor } from '../../kernel/auth/actor';
import { recordAudit } from '../../kernel/audit/audit';
import { installationRegion } from '../../kernel/region';
import { nextSequence, parseJson } from '../../kernel/db/db';
import { fail, type HallDeps } from './hall.deps';
import type { HallEvent } from './hall.events';
import {
  checkWindowAction,
  minutesBetween,
  pickNext,
  PRIORITY_GROUP_LABELS,
  ticketNo,
  regionOfStored,
  storedRegion,
  ticketSequence,
  windowState,
  type PriorityGroup,
  type WindowAction,
  type WindowState,
} from './hall.rules';
import type { HallTx, TicketRow, WindowRow } from './hall.tables';

export interface TicketView {
  id: number;
  ticketNo: string;
  day: string;
  categoryCode: string;
  categoryName: string;
  status: string;
  priority: boolean;
  priorityGroup: string | null;
  priorityGroupLabel: string | null;
  appointmentId: number | null;
  windowNo: string | null;
  targetWindowNo: string | null;
  takenAt: string;
  calledAt: string | null;
  callCount: number;
  servingAt: string | null;
  finishedAt: string | null;
  caseNo: string | null;
  waitMinutes: number | null;
  serviceMinutes: number | null;
  /** Tickets of the same category waiting ahead of it when it was taken. */
  ahead?: number;
}

export const categoriesOf = (w: Pick<WindowRow, 'categories_json'>): string[] => parseJson<string[]>(w.categories_json, []);

export class HallQueue {
  constructor(private readonly deps: HallDeps) {}

  async categoryNames(): Promise<Map<string, string>> {
    const rows = await this.deps.db.selectFrom('hall_categories').select(['code', 'name']).execute();
    return new Map(rows.map((r) => [r.code, r.name]));
  }

  view(r: TicketRow, names: Map<string, string>): TicketView {
    const g = r.priority_group as PriorityGroup | null;
    return {
      id: Number(r.id),
      ticketNo: r.ticket_no,
      day: r.day,
      categoryCode: r.category_code,
      categoryName: names.get(r.category_code) ?? r.category_code,
      status: r.status,
      priority: Number(r.priority) === 1,
      priorityGroup: g,
      priorityGroupLabel: g ? (PRIORITY_GROUP_LABELS[g] ?? g) : null,
      appointmentId: r.appointment_id === null ? null : Number(r.appointment_id),
      windowNo: r.window_no,
      targetWindowNo: r.target_window_no,
      takenAt: r.taken_at,
      calledAt: r.called_at,
      callCount: Number(r.call_count),
      servingAt: r.serving_at,
      finishedAt: r.finished_at,
      caseNo: r.case_no,
      waitMinutes: r.wait_minutes === null ? null : Number(r.wait_minutes),
      serviceMinutes: r.service_minutes === null ? null : Number(r.service_minutes),
    };
  }

  /**
   * Takes a ticket at the kiosk. `appointmentId`: a checked-in appointment (called with priority). Runs
   * inside the caller's transaction when one is given (the appointment check-in).
   */
  async take(actor: Actor, input: { categoryCode: string; priorityGroup?: PriorityGroup | null; appointmentId?: number | null; region?: string }, outer?: HallTx): Promise<TicketView> {
    const { deps } = this;
    // The county hall of the kiosk (a province's kiosks name theirs); else the installation's.
    const installation = installationRegion();
    const region = input.region === undefined ? installation : await deps.checkRegion(input.region, 'region', outer);
    const stored = storedRegion(region, installation);
    const run = async (tx: HallTx) => {
      const cat = await tx.selectFrom('hall_categories').selectAll().where('code', '=', input.categoryCode).executeTakeFirst();
      if (!cat) throw fail('CATEGORY_NOT_FOUND', 422, `业务类别 ${input.categoryCode} 不存在`, { field: 'categoryCode' });
      if (Number(cat.active) !== 1) throw fail('CATEGORY_CLOSED', 422, `“${cat.name}”业务暂停取号，请咨询导服台`, { field: 'categoryCode' });
      const day = deps.today();
      const n = await nextSequence(tx, ticketSequence(region, day, cat.code, installation));
      const priority = input.priorityGroup || input.appointmentId ? 1 : 0;
      const row = await tx
        .insertInto('hall_tickets')
        .values({
          region: stored,
          day,
          category_code: cat.code,
          number: n,
          ticket_no: ticketNo(cat.code, n),
          status: 'waiting',
          priority,
          priority_group: input.priorityGroup ?? null,
          appointment_id: input.appointmentId ?? null,
          target_window_no: null,
          window_no: null,
          taken_at: deps.nowIso(),
          called_at: null,
          serving_at: null,
          finished_at: null,
          served_by: null,
          case_no: null,
          wait_minutes: null,
          service_minutes: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const ahead = await tx
        .selectFrom('hall_tickets')
        .select((eb) => eb.cast<number>(eb.fn.countAll(), 'integer').as('n'))
        .where('day', '=', day)
        .where('region', '=', stored)
        .where('category_code', '=', cat.code)
        .where('status', '=', 'waiting')
        .where((eb) => eb.or([eb('priority', '>', priority), eb.and([eb('priority', '=', priority), eb('id', '<', row.id)])]))
        .executeTakeFirstOrThrow();
      await recordAudit(tx, deps.ctx.clock, actor, {
        action: 'hall.ticket_taken',
        subjectType: 'hall_ticket',
        subjectId: row.id,
        region,
        after: { ticketNo: row.ticket_no, day, priorityGroup: row.priority_group, appointmentId: row.appointment_id },
      });
      const ev: HallEvent = { type: 'update', at: row.taken_at };
      await deps.events.inTx(tx, ev);
      return { view: { ...this.view(row, new Map([[cat.code, cat.name]])), ahead: Number(ahead.n) }, ev };
    };
    if (outer) return (await run(outer)).view;
    const { view, ev } = await deps.db.transaction().execute(run);
    deps.events.committed(ev);
    return view;
  }

  // --- the window console -------------------------------------------------------------------------

  /** The window the clerk sits at (their account's window number); 409 without one. */
  async windowOfActor(actor: Actor): Promise<WindowRow> {
    const no = await this.deps.windowNoOf(actor.id);
    if (!no) throw fail('NO_WINDOW', 409, '您的账号未设置窗口号，请联系管理员');
    const w = await this.deps.db.selectFrom('hall_windows').selectAll().where('window_no', '=', no).executeTakeFirst();
    if (!w) throw fail('WINDOW_NOT_FOUND', 409, `窗口 ${no} 未登记为叫号窗口，请联系管理员`);
    return w;
  }

  private async lockWindow(tx: HallTx, windowNo: string): Promise<{ w: WindowRow; current: TicketRow | null; state: WindowState }> {
    let q = tx.selectFrom('hall_windows').selectAll().where('window_no', '=', windowNo);
    if (this.deps.isPg) q = q.forUpdate();
    const w = await q.executeTakeFirst();
    if (!w) throw fail('WINDOW_NOT_FOUND', 404, `窗口 ${windowNo} 不存在`);
    const current = w.current_ticket_id === null ? null : ((await tx.selectFrom('hall_tickets').selectAll().where('id', '=', Number(w.current_ticket_id)).executeTakeFirst()) ?? null);
    return { w, current, state: windowState(w.status, current?.status ?? null) };
  }

  /** One console command: checks the window's state against the rules table, then applies `action`. */
  async act(actor: Actor, action: WindowAction, input: { toWindowNo?: string; caseNo?: string } = {}): Promise<{ window: WindowRow; ticket: TicketView | null }> {
    const { deps } = this;
    const mine = await this.windowOfActor(actor);
    const names = await this.categoryNames();
    const events: HallEvent[] = [];
    // The case is read before the transaction (SQLite has one connection: a read outside it would wait).
    const linked = input.caseNo?.trim() ? await this.checkCase(input.caseNo, mine.window_no) : null;
    if (action === 'link' && !linked) throw fail('CASE_REQUIRED', 422, '请填写办件号', { field: 'caseNo' });
    const result = await deps.db.transaction().execute(async (tx) => {
      const r = await this.apply(tx, actor, action, input, mine.window_no, linked, names, events);
      for (const e of events) await deps.events.inTx(tx, e);
      return r;
    });
    for (const e of events) deps.events.committed(e);
    return result;
  }

  private async apply(tx: HallTx, actor: Actor, action: WindowAction, input: { toWindowNo?: string }, windowNo: string, linked: string | null, names: Map<string, string>, events: HallEvent[]): Promise<{ window: WindowRow; ticket: TicketView | null }> {
    const { deps } = this;
    {
      const { w, current, state } = await this.lockWindow(tx, windowNo);
      const problem = checkWindowAction(action, state);
      if (problem) throw fail(action === 'callNext' && (state === 'closed' || state === 'paused') ? 'WINDOW_NOT_OPEN' : 'WINDOW_STATE', 409, problem, { state });
      const now = deps.nowIso();
      const audit = (a: string, subjectType: string, subjectId: string | number, before: unknown, after: unknown) =>
        recordAudit(tx, deps.ctx.clock, actor, { action: `hall.${a}`, subjectType, subjectId, before, after, region: regionOfStored(w.region, installationRegion()) });
      const setWindow = (v: Partial<Pick<WindowRow, 'status' | 'current_ticket_id'>>) =>
        tx.updateTable('hall_windows').set({ ...v, updated_at: now }).where('window_no', '=', w.window_no).returningAll().executeTakeFirstOrThrow();
      const setTicket = (id: number, v: Partial<TicketRow>) => tx.updateTable('hall_tickets').set(v).where('id', '=', id).returningAll().executeTakeFirstOrThrow();

      switch (action) {
        case 'open':
        case 'pause':
        case 'close': {
          const status = action === 'open' ? 'open' : action === 'pause' ? 'paused' : 'closed';
          const nw = await setWindow({ status });
          await audit(`window_${action}`, 'hall_window', w.window_no, { status: w.status }, { status });
          events.push({ type: 'update', windowNo: w.window_no, at: now });
          return { window: nw, ticket: null };
        }
        case 'callNext': {
          const today = deps.today();
          // A window calls its own county hall's tickets only.
          const waiting = await tx.selectFrom('hall_tickets').selectAll().where('day', '=', today).where('status', '=', 'waiting').where('region', '=', w.region).execute();
          const candidates = waiting.map((t) => ({ ...t, id: Number(t.id), categoryCode: t.category_code, priority: Number(t.priority), targetWindowNo: t.target_window_no, takenAt: t.taken_at }));
          // Another window may call the same ticket at once: the conditional update decides, the loser takes the next.
          const skip = new Set<number>();
          for (;;) {
            const next = pickNext(candidates.filter((c) => !skip.has(c.id)), w.window_no, categoriesOf(w));
            if (!next) throw fail('QUEUE_EMPTY', 409, '当前没有等候的号码');
            const called = await tx
              .updateTable('hall_tickets')
              .set({ status: 'called', window_no: w.window_no, target_window_no: null, called_at: now, call_count: Number(next.call_count) + 1, wait_minutes: next.wait_minutes ?? minutesBetween(next.taken_at, now) })
              .where('id', '=', next.id)
              .where('status', '=', 'waiting')
              .returningAll()
              .executeTakeFirst();
            if (!called) {
              skip.add(next.id);
              continue;
            }
            const nw = await setWindow({ current_ticket_id: next.id });
            await audit('ticket_called', 'hall_ticket', next.id, { status: 'waiting' }, { status: 'called', windowNo: w.window_no });
            events.push({ type: 'call', ticketNo: called.ticket_no, windowNo: w.window_no, windowName: w.name, callCount: Number(called.call_count), at: now });
            return { window: nw, ticket: this.view(called, names) };
          }
        }
        case 'recall': {
          const t = await setTicket(Number(current!.id), { call_count: Number(current!.call_count) + 1 });
          await audit('ticket_recalled', 'hall_ticket', t.id, { callCount: Number(current!.call_count) }, { callCount: Number(t.call_count) });
          events.push({ type: 'call', ticketNo: t.ticket_no, windowNo: w.window_no, windowName: w.name, callCount: Number(t.call_count), at: now });
          return { window: w, ticket: this.view(t, names) };
        }
        case 'skip': {
          const t = await setTicket(Number(current!.id), { status: 'skipped', finished_at: now });
          const nw = await setWindow({ current_ticket_id: null });
          await audit('ticket_skipped', 'hall_ticket', t.id, { status: current!.status }, { status: 'skipped' });
          events.push({ type: 'update', windowNo: w.window_no, at: now });
          return { window: nw, ticket: this.view(t, names) };
        }
        case 'transfer': {
          const to = (input.toWindowNo ?? '').trim().toUpperCase();
          if (!to) throw fail('TARGET_WINDOW_REQUIRED', 422, '请选择要转往的窗口', { field: 'toWindowNo' });
          if (to === w.window_no) throw fail('TARGET_WINDOW_SAME', 422, '不能转到本窗口', { field: 'toWindowNo' });
          const target = await tx.selectFrom('hall_windows').select(['window_no', 'status', 'region']).where('window_no', '=', to).executeTakeFirst();
          if (!target) throw fail('TARGET_WINDOW_NOT_FOUND', 422, `窗口 ${to} 不存在`, { field: 'toWindowNo' });
          if (target.region !== w.region) throw fail('TARGET_WINDOW_OTHER_HALL', 422, `窗口 ${to} 属于其他区县的大厅，不能转入`, { field: 'toWindowNo' });
          if (target.status === 'closed') throw fail('TARGET_WINDOW_CLOSED', 422, `窗口 ${to} 未开始服务，不能转入`, { field: 'toWindowNo' });
          const t = await setTicket(Number(current!.id), { status: 'waiting', target_window_no: to, serving_at: null });
          const nw = await setWindow({ current_ticket_id: null });
          await audit('ticket_transferred', 'hall_ticket', t.id, { status: current!.status, windowNo: w.window_no }, { status: 'waiting', targetWindowNo: to });
          events.push({ type: 'update', windowNo: w.window_no, at: now });
          return { window: nw, ticket: this.view(t, names) };
        }
        case 'start': {
          const caseNo = linked ?? current!.case_no;
          const t = await setTicket(Number(current!.id), { status: 'serving', serving_at: now, served_by: actor.id, case_no: caseNo });
          await audit('ticket_started', 'hall_ticket', t.id, { status: 'called' }, { status: 'serving', caseNo });
          events.push({ type: 'update', windowNo: w.window_no, at: now });
          return { window: w, ticket: this.view(t, names) };
        }
        case 'link': {
          const caseNo = linked!;
          const t = await setTicket(Number(current!.id), { case_no: caseNo });
          await audit('ticket_linked', 'hall_ticket', t.id, { caseNo: current!.case_no }, { caseNo });
          return { window: w, ticket: this.view(t, names) };
        }
        case 'finish': {
          const caseNo = linked ?? current!.case_no;
          const t = await setTicket(Number(current!.id), { status: 'done', finished_at: now, case_no: caseNo, service_minutes: minutesBetween(current!.serving_at ?? now, now) });
          const nw = await setWindow({ current_ticket_id: null });
          await audit('ticket_finished', 'hall_ticket', t.id, { status: 'serving' }, { status: 'done', caseNo, serviceMinutes: Number(t.service_minutes) });
          events.push({ type: 'update', windowNo: w.window_no, at: now });
          return { window: nw, ticket: this.view(t, names) };
        }
      }
    }
  }

  /**
   * The case taken at intake for this ticket: it must exist and have been taken by an account seated at
   * this window (another window's case is refused).
   */
  private async checkCase(caseNo: string, windowNo: string): Promise<string> {
    const no = caseNo.trim();
    if (!no) throw fail('CASE_REQUIRED', 422, '请填写办件号', { field: 'caseNo' });
    const reads = this.deps.ctx.services.caseReads;
    if (!reads) throw fail('CASES_UNAVAILABLE', 422, '办件模块未启用，不能关联办件', { field: 'caseNo' });
    const c = await reads.forRating(no);
    if (!c) throw fail('CASE_NOT_FOUND', 422, `办件 ${no} 不存在`, { field: 'caseNo' });
    const takenAt = await this.deps.windowNoOf(c.createdBy);
    if (takenAt !== windowNo) throw fail('CASE_OTHER_WINDOW', 422, `办件 ${no} 不是本窗口（${windowNo}）收件的，不能关联`, { field: 'caseNo', takenAtWindow: takenAt });
    return c.caseNo;
  }
}
