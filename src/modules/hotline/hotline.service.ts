import type { HotlineNeedsContext, WorkOrderDeps } from './hotline.context';
import type { Actor } from '../../kernel/auth/actor';
import { AppError } from '../../kernel/errors';
import type { KpiRecordsQuery, KpiSource } from '../../kernel/module';
import { SettingStore } from '../../kernel/settings';
import { HOTLINE_SETTING, mergeHotlineConfig, type HotlineConfig } from './hotline.config';
import { ACTIONS, type Action } from './hotline.rules';
import { hotlineTables, type HotlineDbOrTx, type HotlineTx } from './hotline.tables';
import { OrderReads, type LateOrder, type OrderDetail, type OrderListQuery } from './orders.reads';
import { OrderIntake, type CreateOrderInput } from './orders.intake';
import {
  OrderLifecycle,
  type AnswerInput,
  type CallbackInput,
  type CloseInput,
  type DispatchInput,
  type ExtensionDecisionInput,
  type ExtensionRequestInput,
  type OrderActionInput,
  type ReopenInput,
  type ReplyInput,
  type ReturnInput,
  type SuperviseInput,
  type TransferInput,
} from './orders.commands';
import { CentreCommands } from './orders.centre';
import { UnitCommands } from './orders.unit';
import { OversightCommands } from './orders.oversight';
import { HotlineFigures } from './hotline.figures';
import { BlockedCaseWindow, type BlockedCaseInput } from './orders.blocked';
import type { DepartmentScope } from '../../kernel/db/department-scope';

export type { LateOrder } from './orders.reads';
export type { CreateOrderInput, Deputy } from './orders.intake';
export type { OrderActionInput } from './orders.commands';

/**
 * Work orders (工单): the hotline's public face to routes, the seed, supervision's card source and the
 * generator. Each use case lives in its own part — reads (orders.reads.ts), intake (orders.intake.ts),
 * one named command per verb (orders.centre / unit / oversight.ts on OrderLifecycle), the KPI figures
 * (hotline.figures.ts) — and the configuration in kernel_settings (SettingStore).
 */
export class HotlineService implements KpiSource {
  private readonly settings: SettingStore<HotlineConfig>;
  private readonly reads: OrderReads;
  private readonly intake: OrderIntake;
  private readonly centre: CentreCommands;
  private readonly unit: UnitCommands;
  private readonly oversight: OversightCommands;
  private readonly figures: HotlineFigures;
  private readonly blocked: BlockedCaseWindow;
  /** The route's action verbs, each to its named command. */
  private readonly verbs: Record<Action, (actor: Actor, id: number, input: OrderActionInput) => Promise<OrderDetail>>;

  constructor(ctx: HotlineNeedsContext) {
    this.settings = new SettingStore(ctx, HOTLINE_SETTING);
    const deps: WorkOrderDeps = { ctx, db: hotlineTables(ctx.db), config: (db) => this.settings.get(db) };
    this.reads = new OrderReads(deps);
    this.intake = new OrderIntake(deps, this.reads);
    const lifecycle = new OrderLifecycle(deps, this.reads);
    this.centre = new CentreCommands(deps, lifecycle);
    this.unit = new UnitCommands(deps, lifecycle);
    this.oversight = new OversightCommands(deps, lifecycle);
    this.figures = new HotlineFigures(deps);
    this.blocked = new BlockedCaseWindow(deps, this.intake, this.reads);
    this.verbs = {
      answer: (a, id, i) => this.answer(a, id, i),
      dispatch: (a, id, i) => this.dispatch(a, id, i),
      sign: (a, id) => this.sign(a, id),
      return: (a, id, i) => this.returnOrder(a, id, i),
      reply: (a, id, i) => this.reply(a, id, i),
      request_extension: (a, id, i) => this.requestExtension(a, id, i),
      approve_extension: (a, id, i) => this.approveExtension(a, id, i),
      reject_extension: (a, id, i) => this.rejectExtension(a, id, i),
      supervise: (a, id, i) => this.supervise(a, id, i),
      transfer_expert: (a, id, i) => this.transferToExpert(a, id, i),
      callback: (a, id, i) => this.callback(a, id, i),
      close: (a, id, i) => this.close(a, id, i),
      reopen: (a, id, i) => this.reopen(a, id, i),
    };
  }

  // --- configuration (kernel_settings `hotline.config`) --------------------------------------------

  /** `db` lets a caller inside a transaction read through it (SQLite has one connection: reading outside would wait forever). */
  config(db?: HotlineDbOrTx): Promise<HotlineConfig> {
    return this.settings.get(db);
  }

  /** Stores `override` merged over the defaults (not over the previous value), with an audit row. */
  setConfig(actor: Actor, override: Record<string, unknown>): Promise<HotlineConfig> {
    return this.settings.save(actor, mergeHotlineConfig(override));
  }

  // --- reading -------------------------------------------------------------------------------------

  list(actor: Actor, q: OrderListQuery) {
    return this.reads.list(actor, q);
  }

  /** The filtered list as one Excel sheet (422 EXPORT_TOO_LARGE over config.exportMaxRows). */
  exportList(actor: Actor, q: OrderListQuery): Promise<{ buffer: Buffer; rows: number }> {
    return this.reads.export(actor, q);
  }

  replyFile(actor: Actor, orderId: number, fileId: number) {
    return this.reads.replyFile(actor, orderId, fileId);
  }

  get(actor: Actor, id: number, opts: { recordView?: boolean; maskContact?: boolean } = {}): Promise<OrderDetail> {
    return this.reads.get(actor, id, opts);
  }

  /** Orders linked to a case number (a complaint about a stalled case shows on the case). */
  ordersForCase(caseNo: string) {
    return this.reads.ordersForCase(caseNo);
  }

  /** Open orders not signed for / not finished in time at `now`, for the supervision sweep. */
  lateOrders(now: Date): Promise<LateOrder[]> {
    return this.reads.lateOrders(now);
  }

  deputiesLedger(q: { kind?: 'npc' | 'cppcc'; page?: number; pageSize?: number }) {
    return this.reads.deputiesLedger(q);
  }

  supervisions(q: { open?: boolean }) {
    return this.reads.supervisions(q);
  }

  // --- intake --------------------------------------------------------------------------------------

  /**
   * `tx`: the mailbox and Open311 write their own row in the same transaction (the answer is then the id and
   * the order's created_on, which that row carries as order_created_on).
   */
  create(actor: Actor, input: CreateOrderInput, tx?: HotlineTx) {
    return this.intake.create(actor, input, tx);
  }

  /** A 办不成事 complaint a hall clerk registers on a blocked case (orders.blocked.ts). */
  registerBlockedCase(actor: Actor, input: BlockedCaseInput) {
    return this.blocked.register(actor, input);
  }

  // --- lifecycle: one command per verb -------------------------------------------------------------

  /** The route's entry: the verb in the body names the command. */
  async act(actor: Actor, id: number, input: OrderActionInput): Promise<OrderDetail> {
    const verb = ACTIONS.find((a) => a === input.action);
    if (!verb) throw new AppError('ACTION_UNKNOWN', 422, `未知操作 ${input.action}`, { field: 'action' });
    return this.verbs[verb](actor, id, input);
  }

  answer(actor: Actor, id: number, input: AnswerInput) {
    return this.centre.answer(actor, id, input);
  }

  dispatch(actor: Actor, id: number, input: DispatchInput) {
    return this.centre.dispatch(actor, id, input);
  }

  sign(actor: Actor, id: number) {
    return this.unit.sign(actor, id);
  }

  /** 退单 (the verb `return`). */
  returnOrder(actor: Actor, id: number, input: ReturnInput) {
    return this.unit.returnOrder(actor, id, input);
  }

  reply(actor: Actor, id: number, input: ReplyInput) {
    return this.unit.reply(actor, id, input);
  }

  requestExtension(actor: Actor, id: number, input: ExtensionRequestInput) {
    return this.unit.requestExtension(actor, id, input);
  }

  approveExtension(actor: Actor, id: number, input: ExtensionDecisionInput) {
    return this.oversight.approveExtension(actor, id, input);
  }

  rejectExtension(actor: Actor, id: number, input: ExtensionDecisionInput) {
    return this.oversight.rejectExtension(actor, id, input);
  }

  supervise(actor: Actor, id: number, input: SuperviseInput) {
    return this.oversight.supervise(actor, id, input);
  }

  transferToExpert(actor: Actor, id: number, input: TransferInput) {
    return this.centre.transferToExpert(actor, id, input);
  }

  callback(actor: Actor, id: number, input: CallbackInput) {
    return this.centre.callback(actor, id, input);
  }

  close(actor: Actor, id: number, input: CloseInput) {
    return this.centre.close(actor, id, input);
  }

  reopen(actor: Actor, id: number, input: ReopenInput) {
    return this.centre.reopen(actor, id, input);
  }

  // --- KPIs ----------------------------------------------------------------------------------------

  /** SQL aggregates with the same definitions as `countRows` (hotline.kpis.ts); closed days from the daily roll-ups. */
  counts(from: string, to: string, departmentId?: number, o: { live?: boolean; region?: string | null } = {}) {
    return this.figures.counts(from, to, departmentId, o);
  }

  /** Rolls calls, orders and callbacks up to yesterday (the job; `full` after an import or the generator). */
  rollupDaily(opts: { full?: boolean } = {}) {
    return this.figures.rollupDaily(opts);
  }

  /** The hotline's KPIs for the statistics summary and report (declared in the manifest's kpiSources). */
  kpis(period: { from: string; to: string }, departmentId?: DepartmentScope, region?: string | null) {
    return this.figures.kpis(period, departmentId, region);
  }

  /** The records behind the reach KPIs (seats, lines, knowledge-base units, orders received, 办不成事). */
  records(kpi: string, part: 'numerator' | 'denominator', q: KpiRecordsQuery) {
    return this.figures.reach.records(kpi, part, q);
  }

  /** The unit figures (on time, callback, satisfaction) for every member unit that had orders finished or rated. */
  kpisByUnit(from: string, to: string) {
    return this.figures.kpisByUnit(from, to);
  }

  /** The reference (row) computation, used by tests to check the SQL against the definitions. */
  countsByRows(from: string, to: string) {
    return this.figures.countsByRows(from, to);
  }
}
