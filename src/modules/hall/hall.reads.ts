/**
 * What the kiosk, the display and the console show, and the hall's set-up (categories and windows) kept
 * by an administrator.
 */
import type { Actor } from '../../kernel/auth/actor';
import { recordAudit } from '../../kernel/audit/audit';
import { fail, type HallDeps } from './hall.deps';
import { categoriesOf, type HallQueue, type TicketView } from './hall.queue';
import { PRIORITY_GROUP_LABELS, PRIORITY_GROUPS, WINDOW_STATE_LABELS, regionOfStored, storedRegion, windowState } from './hall.rules';
import { installationRegion } from '../../kernel/region';
import { regionName } from '../../kernel/validators/region';
import type { WindowRow } from './hall.tables';

export interface WindowView {
  windowNo: string;
  name: string;
  /** The county hall of the window (行政区划代码). */
  region: string;
  categories: string[];
  status: string;
  state: string;
  stateLabel: string;
  currentTicketNo: string | null;
}

export class HallReads {
  constructor(
    private readonly deps: HallDeps,
    private readonly queue: HallQueue,
  ) {}

  async categories() {
    const rows = await this.deps.db.selectFrom('hall_categories').selectAll().orderBy('sort').orderBy('code').execute();
    return rows.map((r) => ({ code: r.code, name: r.name, active: Number(r.active) === 1, slotCapacity: Number(r.slot_capacity) }));
  }

  /**
   * The stored key of the county hall a screen or list names (`storedRegion`); the installation's hall when
   * none is named. A province's kiosks and displays name theirs (`?region=`).
   */
  async hallOf(region: string | undefined): Promise<string> {
    const installation = installationRegion();
    return storedRegion(region === undefined ? installation : await this.deps.checkRegion(region), installation);
  }

  /** Waiting tickets per category today in one county hall (transferred ones count under their category). */
  async waitingCounts(hall = ''): Promise<Map<string, number>> {
    const rows = await this.deps.db
      .selectFrom('hall_tickets')
      .select((eb) => ['category_code', eb.cast<number>(eb.fn.countAll(), 'integer').as('n')])
      .where('day', '=', this.deps.today())
      .where('region', '=', hall)
      .where('status', '=', 'waiting')
      .groupBy('category_code')
      .execute();
    return new Map(rows.map((r) => [r.category_code, Number(r.n)]));
  }

  /** The windows of one county hall (its stored key), or of every hall. */
  async windows(hall?: string): Promise<WindowView[]> {
    const { db } = this.deps;
    let q = db.selectFrom('hall_windows').selectAll();
    if (hall !== undefined) q = q.where('region', '=', hall);
    const rows = await q.orderBy('window_no').execute();
    const ids = rows.map((w) => w.current_ticket_id).filter((x): x is number => x !== null).map(Number);
    const tickets = ids.length ? await db.selectFrom('hall_tickets').select(['id', 'ticket_no', 'status']).where('id', 'in', ids).execute() : [];
    const byId = new Map(tickets.map((t) => [Number(t.id), t]));
    return rows.map((w) => this.windowView(w, w.current_ticket_id === null ? null : (byId.get(Number(w.current_ticket_id)) ?? null)));
  }

  private windowView(w: WindowRow, current: { ticket_no: string; status: string } | null): WindowView {
    const state = windowState(w.status, current?.status ?? null);
    return { windowNo: w.window_no, name: w.name, region: regionOfStored(w.region, installationRegion()), categories: categoriesOf(w), status: w.status, state, stateLabel: WINDOW_STATE_LABELS[state], currentTicketNo: current?.ticket_no ?? null };
  }

  /**
   * The county halls a citizen may book at: the installation's own, then every county with a window of its
   * own hall (hall 0910), each named as `GET /regions` names it. One hall: the booking page asks no county.
   */
  async halls(): Promise<Array<{ region: string; name: string; installation: boolean }>> {
    const installation = installationRegion();
    const rows = await this.deps.db.selectFrom('hall_windows').select('region').distinct().where('region', '<>', '').execute();
    const counties = await this.deps.ctx.services.org.regions();
    const nameOf = (code: string) => counties.find((c) => c.code === code)?.name ?? regionName(code) ?? code;
    const others = rows.map((r) => r.region).filter((r) => r !== installation).sort();
    return [installation, ...others].map((region) => ({ region, name: nameOf(region), installation: region === installation }));
  }

  /** The kiosk: open categories with their waiting counts, and the 绿色通道 groups. */
  async kiosk(region?: string) {
    const hall = await this.hallOf(region);
    const [cats, waiting] = await Promise.all([this.categories(), this.waitingCounts(hall)]);
    return {
      today: this.deps.today(),
      categories: cats.filter((c) => c.active).map((c) => ({ code: c.code, name: c.name, waiting: waiting.get(c.code) ?? 0 })),
      priorityGroups: PRIORITY_GROUPS.map((g) => ({ code: g, label: PRIORITY_GROUP_LABELS[g] })),
    };
  }

  /** The hall display: the latest calls, the windows and the waiting counts. */
  async display(region?: string) {
    const { db } = this.deps;
    const today = this.deps.today();
    const hall = await this.hallOf(region);
    const [names, cats, waiting, windows] = await Promise.all([this.queue.categoryNames(), this.categories(), this.waitingCounts(hall), this.windows(hall)]);
    const calls = await db
      .selectFrom('hall_tickets')
      .selectAll()
      .where('day', '=', today)
      .where('region', '=', hall)
      .where('called_at', 'is not', null)
      .where('status', 'in', ['called', 'serving'])
      .orderBy('called_at', 'desc')
      .orderBy('id', 'desc')
      .limit(8)
      .execute();
    const windowNames = new Map(windows.map((w) => [w.windowNo, w.name]));
    return {
      generatedAt: this.deps.nowIso(),
      today,
      calls: calls.map((t) => ({ ...this.queue.view(t, names), windowName: windowNames.get(t.window_no ?? '') ?? t.window_no })),
      waiting: cats.filter((c) => c.active).map((c) => ({ code: c.code, name: c.name, waiting: waiting.get(c.code) ?? 0 })),
      totalWaiting: [...waiting.values()].reduce((a, b) => a + b, 0),
      windows,
    };
  }

  /** The window console: the clerk's window, its current ticket, what waits for it, the other windows. */
  async console(actor: Actor) {
    const { db } = this.deps;
    const w = await this.queue.windowOfActor(actor);
    const names = await this.queue.categoryNames();
    const current = w.current_ticket_id === null ? null : await db.selectFrom('hall_tickets').selectAll().where('id', '=', Number(w.current_ticket_id)).executeTakeFirst();
    const cats = categoriesOf(w);
    const today = this.deps.today();
    const waiting = await db.selectFrom('hall_tickets').selectAll().where('day', '=', today).where('region', '=', w.region).where('status', '=', 'waiting').execute();
    const mine = waiting.filter((t) => (t.target_window_no === null ? cats.includes(t.category_code) : t.target_window_no === w.window_no));
    const doneToday = await db
      .selectFrom('hall_tickets')
      .select((eb) => eb.cast<number>(eb.fn.countAll(), 'integer').as('n'))
      .where('day', '=', today)
      .where('window_no', '=', w.window_no)
      .where('status', '=', 'done')
      .executeTakeFirstOrThrow();
    const windows = await this.windows(w.region);
    return {
      window: windows.find((x) => x.windowNo === w.window_no)!,
      current: current ? this.queue.view(current, names) : null,
      waiting: mine.length,
      waitingPriority: mine.filter((t) => Number(t.priority) === 1).length,
      transferredHere: mine.filter((t) => t.target_window_no === w.window_no).length,
      servedToday: Number(doneToday.n),
      otherWindows: windows.filter((x) => x.windowNo !== w.window_no).map((x) => ({ windowNo: x.windowNo, name: x.name, state: x.state, stateLabel: x.stateLabel })),
    };
  }

  async tickets(q: { day: string; status?: string; windowNo?: string; region?: string; offset: number; limit: number }): Promise<{ items: TicketView[]; total: number }> {
    let base = this.deps.db.selectFrom('hall_tickets').where('day', '=', q.day);
    if (q.region !== undefined) base = base.where('region', '=', await this.hallOf(q.region));
    if (q.status) base = base.where('status', '=', q.status);
    if (q.windowNo) base = base.where('window_no', '=', q.windowNo);
    const total = await base.select((eb) => eb.cast<number>(eb.fn.countAll(), 'integer').as('n')).executeTakeFirstOrThrow();
    const rows = await base.selectAll().orderBy('taken_at', 'desc').orderBy('id', 'desc').offset(q.offset).limit(q.limit).execute();
    const names = await this.queue.categoryNames();
    return { items: rows.map((r) => this.queue.view(r, names)), total: Number(total.n) };
  }

  // --- set-up ----------------------------------------------------------------------------------------

  async saveCategory(actor: Actor, code: string, input: { name: string; active: boolean; slotCapacity: number; sort?: number }) {
    const c = code.trim().toUpperCase();
    if (!/^[A-Z]$/.test(c)) throw fail('CATEGORY_CODE_INVALID', 422, '业务类别代码为一个大写字母（号码前缀）', { field: 'code' });
    return this.deps.db.transaction().execute(async (tx) => {
      const before = await tx.selectFrom('hall_categories').selectAll().where('code', '=', c).executeTakeFirst();
      const row = { name: input.name.trim(), active: input.active ? 1 : 0, slot_capacity: input.slotCapacity, sort: input.sort ?? before?.sort ?? c.charCodeAt(0) };
      if (before) await tx.updateTable('hall_categories').set(row).where('code', '=', c).execute();
      else await tx.insertInto('hall_categories').values({ code: c, ...row }).execute();
      await recordAudit(tx, this.deps.ctx.clock, actor, { action: 'hall.category_saved', subjectType: 'hall_category', subjectId: c, before: before ?? undefined, after: row });
      return { code: c, name: row.name, active: input.active, slotCapacity: row.slot_capacity };
    });
  }

  /** `region`: the county hall the window is in (a province's); absent, a new window is the installation's and a saved one keeps its hall. */
  async saveWindow(actor: Actor, windowNo: string, input: { name: string; categories: string[]; region?: string }) {
    const no = windowNo.trim().toUpperCase();
    if (!/^[A-Z0-9-]{1,20}$/.test(no)) throw fail('WINDOW_NO_INVALID', 422, '窗口号只能包含字母、数字和连字符', { field: 'windowNo' });
    const hall = input.region === undefined ? undefined : await this.hallOf(input.region);
    const known = new Set((await this.categories()).map((c) => c.code));
    const unknown = input.categories.filter((c) => !known.has(c));
    if (unknown.length) throw fail('CATEGORY_NOT_FOUND', 422, `业务类别 ${unknown.join('、')} 不存在`, { field: 'categories' });
    return this.deps.db.transaction().execute(async (tx) => {
      const before = await tx.selectFrom('hall_windows').selectAll().where('window_no', '=', no).executeTakeFirst();
      const categories_json = JSON.stringify([...new Set(input.categories)]);
      if (before && hall !== undefined && hall !== before.region && before.current_ticket_id !== null) {
        throw fail('WINDOW_BUSY', 409, `窗口 ${no} 正在叫号或办理，不能改到其他区县的大厅`, { field: 'region' });
      }
      if (before) await tx.updateTable('hall_windows').set({ name: input.name.trim(), categories_json, updated_at: this.deps.nowIso(), ...(hall === undefined ? {} : { region: hall }) }).where('window_no', '=', no).execute();
      else await tx.insertInto('hall_windows').values({ window_no: no, name: input.name.trim(), categories_json, status: 'closed', current_ticket_id: null, updated_at: this.deps.nowIso(), region: hall ?? '' }).execute();
      await recordAudit(tx, this.deps.ctx.clock, actor, {
        action: 'hall.window_saved',
        subjectType: 'hall_window',
        subjectId: no,
        before: before ? { name: before.name, categories: categoriesOf(before), region: regionOfStored(before.region, installationRegion()) } : undefined,
        after: { name: input.name.trim(), categories: JSON.parse(categories_json), region: regionOfStored(hall ?? before?.region, installationRegion()) },
      });
      return { windowNo: no };
    });
  }
}
