import type { CasesNeedsContext } from './cases.context';
import type { Actor } from '../../kernel/auth/actor';
import { hasRole, readsAllDepartments, systemActor } from '../../kernel/auth/actor';
import { AppError } from '../../kernel/errors';
import { rememberAnswer } from '../../kernel/http/idempotency';
import { recordAudit } from '../../kernel/audit/audit';
import { enqueueNotification } from '../../kernel/outbox/outbox';
import { shanghaiDate } from '../../kernel/clock';
import { fromFlag, nextSequence, parseJson } from '../../kernel/db/db';
import { tablesOf, type KernelTables } from '../../kernel/kernel.tables';
import type { CaseEventRow, CaseRow, CasesDb, CasesDbOrTx, CasesTables, CasesTx, ExtensionRow, SuspensionRow } from './cases.tables';
import { preparedInsert } from '../../kernel/db/prepared';
import { markDaysChanged } from '../../kernel/rollup/daily-rollup';
import { CASE_DAILY_ROLLUP, caseDaysTouched } from './cases.queries';
import { maskIdNumber, maskName, maskPhone, validateIdNumber, validateLandline, validateMobile, validateUscc } from '../../kernel/validators';
import type { CrossProvinceMode, ItemVersion } from '../../shared/catalog.types';
import type { CatalogService } from '../catalog';
import type { OrgService } from '../org';
import { computeCaseClock } from '../../kernel/calendar';
import type { CaseListItem, CaseProgress, CaseView, TimelineEntry } from '../../shared/cases.types';
import {
  CASE_ACTION_LABELS,
  DELIVERY_METHODS,
  FORWARD_METHODS,
  caseActionLabel,
  GREEN_CHANNEL_MODES,
  STATUS_LABELS,
  SUSPEND_REASONS,
  allowedActions,
  applyProvided,
  buildChecklist,
  clockInput,
  extensionRoom,
  formatCaseNo,
  intakeDueDate,
  isCaseStatus,
  isDeemedAccepted,
  last4,
  newCaseRow,
  mayAct,
  missingMaterials,
  nextStatus,
  nextStepOf,
  unknownMaterials,
  type CaseAction,
  type CaseMaterial,
  type CaseStatus,
  type Channel,
  type GreenChannelMode,
} from './cases.rules';
import { caseClockView, type CaseClockView } from './cases.clock';
import type { CasesSettings } from './cases.settings';
import { GroupCommitter } from './group-commit';

// ---------------------------------------------------------------------------------------------------
// Shapes
// ---------------------------------------------------------------------------------------------------

export interface ApplicantInput {
  type: 'person' | 'organization';
  name: string;
  idNumber?: string;
  creditCode?: string;
  phone?: string;
}

export interface CrossProvinceInput {
  partnerRegionCode: string;
  mode: CrossProvinceMode;
  partnerReference?: string;
}

export interface SubmitInput {
  itemCode: string;
  channel: Channel;
  applicant: ApplicantInput;
  materials?: { name: string; provided: boolean }[];
  greenChannel?: GreenChannelMode | null;
  crossProvince?: CrossProvinceInput;
}

export interface ActionInput {
  action: CaseAction;
  reason?: string;
  days?: number;
  notice?: string;
  missing?: string[];
  materials?: { name: string; provided: boolean }[];
  deliveryMethod?: string;
  trackingNo?: string;
  method?: string;
  partnerReference?: string;
  note?: string;
}

export type { CaseRow } from './cases.tables';
export type { CaseListItem, CaseView, TimelineEntry } from '../../shared/cases.types';

export interface ListQuery {
  status?: string;
  departmentId?: number;
  itemCode?: string;
  q?: string;
  greenChannel?: boolean;
  bundleNo?: string;
  channel?: Channel;
  mine?: boolean;
  sort?: 'due' | 'submitted';
  from?: string;
  to?: string;
  page?: number;
  pageSize?: number;
}

const SUSPEND_REASON_SET = new Set<string>(SUSPEND_REASONS);
const DELIVERY_SET = new Set<string>(DELIVERY_METHODS);
const GREEN_SET = new Set<string>(GREEN_CHANNEL_MODES);

const unprocessable = (code: string, message: string, field: string, extra: Record<string, unknown> = {}) =>
  new AppError(code, 422, message, { field, ...extra });

const notFound = () => new AppError('CASE_NOT_FOUND', 404, '办件不存在');

/** The `clock` of a case is stored on the row whenever it changes so that sweeps query by index. */
interface StoredClock {
  promised_due_date: string | null;
  legal_due_date: string | null;
  provisional: number;
}

/**
 * Cases on the statutory clock (SPEC §2.3): intake, the lifecycle, the clock, reads scoped by role,
 * the progress lookup. Commands: permission → load or fail → pure rules → one transaction with the
 * change, its timeline event, the audit row and the notifications.
 */
export class CasesService {
  /**
   * Applications share transactions (GroupCommitter). On SQLite that shares the disk syncs; on PostgreSQL
   * every intake takes the day's case-number row and the audit head row until it commits, so concurrent
   * transactions would queue behind each other's commits anyway — batching measured 70 → 162 cases/s.
   */
  private readonly intakeWriter: GroupCommitter<CasesTables & KernelTables>;
  private readonly db: CasesDb;

  constructor(
    private readonly ctx: CasesNeedsContext,
    readonly settings: CasesSettings,
    /** silent: no notifications (the demo seed replays months of history nobody should be texted about). */
    private readonly opts: { silent?: boolean } = {},
  ) {
    this.db = tablesOf<CasesTables>(ctx.db);
    this.intakeWriter = new GroupCommitter(this.db);
  }

  private inIntakeTransaction<T>(work: (tx: CasesTx) => Promise<T>): Promise<T> {
    return this.intakeWriter.run(work);
  }

  // --- collaborators -------------------------------------------------------------------------------

  get catalog(): CatalogService {
    return this.ctx.services.catalog;
  }

  private get org(): OrgService {
    return this.ctx.services.org;
  }

  today(): string {
    return shanghaiDate(this.ctx.clock.now());
  }

  private nowIso(): string {
    return this.ctx.clock.now().toISOString();
  }

  private get index() {
    return this.ctx.calendar.current;
  }

  // --- validation ----------------------------------------------------------------------------------

  /** Validates and normalises the applicant (身份证 / 统一社会信用代码 check characters, phone). */
  validateApplicant(a: ApplicantInput, today: string, fieldPrefix = 'applicant') {
    const name = (a.name ?? '').trim();
    if (name.length < 2) throw unprocessable('APPLICANT_NAME_REQUIRED', '请填写申请人姓名或单位名称', `${fieldPrefix}.name`);
    let idNumber: string;
    if (a.type === 'person') {
      if (!a.idNumber) throw unprocessable('ID_NUMBER_REQUIRED', '个人申请须填写身份证号', `${fieldPrefix}.idNumber`);
      const r = validateIdNumber(a.idNumber, today);
      if (!r.ok) throw unprocessable(r.code, r.message, `${fieldPrefix}.idNumber`);
      idNumber = r.value;
    } else {
      if (!a.creditCode) throw unprocessable('CREDIT_CODE_REQUIRED', '单位申请须填写统一社会信用代码', `${fieldPrefix}.creditCode`);
      const r = validateUscc(a.creditCode);
      if (!r.ok) throw unprocessable(r.code, r.message, `${fieldPrefix}.creditCode`);
      idNumber = r.value;
    }
    let phone: string | null = null;
    if (a.phone !== undefined && a.phone !== '') {
      const m = validateMobile(a.phone);
      if (m.ok) phone = m.value;
      else {
        const l = validateLandline(a.phone);
        if (!l.ok) throw unprocessable('PHONE_INVALID', '联系电话应为手机号或区号加座机号', `${fieldPrefix}.phone`);
        phone = l.value;
      }
    }
    return { type: a.type, name, idNumber, phone };
  }

  private checkChannel(actor: Actor, channel: Channel) {
    const citizenOnly = hasRole(actor, 'citizen') && !hasRole(actor, 'clerk', 'admin');
    if (citizenOnly && channel === 'window') {
      throw unprocessable('CHANNEL_NOT_ALLOWED', '群众账号只能在网上或移动端申请，窗口申请请到大厅办理', 'channel');
    }
  }

  async publishedItem(code: string, field = 'itemCode'): Promise<ItemVersion> {
    const item = await this.catalog.getPublished(code);
    if (!item || item.status !== 'published') {
      throw unprocessable('ITEM_NOT_AVAILABLE', `事项 ${code} 不存在、未发布或已停用`, field);
    }
    if (!item.applicationBased) throw unprocessable('ITEM_NOT_APPLICATION_BASED', `事项“${item.name}”不是依申请事项，不能申请办理`, field);
    return item;
  }

  // --- intake --------------------------------------------------------------------------------------

  /**
   * POST /cases. `idempotencyKey`: the scoped key of a retryable request (kernel/http/idempotency.ts); the
   * answer is stored with the case in one transaction, so a retry gets it back instead of a second case.
   */
  async submit(actor: Actor, input: SubmitInput, idempotencyKey: string | null = null): Promise<CaseView> {
    const today = this.today();
    const applicant = this.validateApplicant(input.applicant, today);
    this.checkChannel(actor, input.channel);
    const item = await this.publishedItem(input.itemCode);
    const checklist = buildChecklist(item.materials, input.materials ?? []);
    const unknown = unknownMaterials(checklist, input.materials ?? []);
    if (unknown.length > 0) throw unprocessable('MATERIAL_UNKNOWN', `材料不在该事项的清单中：${unknown.join('、')}`, 'materials', { unknown });
    const cross = input.crossProvince ? await this.checkCrossProvince(input.crossProvince, item, input.channel) : null;
    if (input.channel === 'cross_province' && !cross) {
      throw unprocessable('PARTNER_REGION_REQUIRED', '跨省通办办件须注明合作地区', 'crossProvince');
    }
    if (input.greenChannel && !GREEN_SET.has(input.greenChannel)) {
      throw unprocessable('GREEN_CHANNEL_INVALID', `绿色通道方式须为 ${GREEN_CHANNEL_MODES.join('/')}`, 'greenChannel');
    }
    const departmentName = (await this.org.byId(item.departmentId))?.name ?? '';

    return this.inIntakeTransaction(async (tx) => {
      const row = await this.insertCase(tx, actor, {
        item,
        channel: input.channel,
        applicant,
        checklist,
        greenChannel: input.greenChannel ?? null,
        cross,
        bundleAppId: null,
        today,
      });
      const view = this.buildView(row, [], [], [this.submitEventOf(row, actor)], { actor, departmentName, detail: true, today, bundleNo: null, partnerName: cross?.partnerName ?? null });
      if (idempotencyKey) await rememberAnswer(tx, this.ctx.clock, idempotencyKey, 201, view);
      return view;
    });
  }

  private async checkCrossProvince(c: CrossProvinceInput, item: ItemVersion, channel: Channel) {
    const partner = await this.db.selectFrom('cases_partner_regions').selectAll().where('region_code', '=', c.partnerRegionCode).executeTakeFirst();
    if (!partner || !fromFlag(partner.active)) {
      throw unprocessable('PARTNER_REGION_UNKNOWN', `${c.partnerRegionCode} 不是跨省通办合作地区`, 'crossProvince.partnerRegionCode');
    }
    const items = parseJson<{ itemCode: string; modes: string[] }[]>(partner.items_json, []);
    const entry = items.find((i) => i.itemCode === item.code);
    if (!entry || !entry.modes.includes(c.mode)) {
      throw unprocessable('CROSS_PROVINCE_ITEM_NOT_AGREED', `“${item.name}”未与${partner.name}约定以该方式通办`, 'crossProvince.mode');
    }
    if (c.mode === 'full_online' && channel !== 'cross_province') {
      throw unprocessable('CHANNEL_MISMATCH', '全程网办的外地办件渠道应为 cross_province', 'channel');
    }
    return { regionCode: partner.region_code as string, partnerName: partner.name as string, mode: c.mode, reference: c.partnerReference ?? null };
  }

  /** Writes one case inside the caller's transaction (intake and bundle applications share it). */
  async insertCase(
    tx: CasesTx,
    actor: Actor,
    p: {
      item: ItemVersion;
      channel: Channel;
      applicant: { type: 'person' | 'organization'; name: string; idNumber: string; phone: string | null };
      checklist: CaseMaterial[];
      greenChannel: string | null;
      cross: { regionCode: string; mode: string; reference: string | null } | null;
      bundleAppId: number | null;
      today: string;
      applicantUserId?: number | null;
    },
  ): Promise<CaseRow> {
    const { item, today } = p;
    const seq = await nextSequence(tx, `case:${today.replaceAll('-', '')}`);
    const caseNo = formatCaseNo(this.ctx.config.regionCode, today, seq);
    const now = this.nowIso();
    const citizen = hasRole(actor, 'citizen') && actor.id !== null;
    const values = newCaseRow({
      caseNo,
      item,
      channel: p.channel,
      applicant: p.applicant,
      applicantUserId: p.applicantUserId !== undefined ? p.applicantUserId : citizen ? actor.id : null,
      submittedAt: now,
      submittedOn: today,
      intakeDueDate: intakeDueDate(this.index, today, this.settings.intakeWindowWorkdays),
      defaultExtensionAllowance: this.settings.defaultExtensionAllowance,
      materialsJson: JSON.stringify(p.checklist),
      bundleAppId: p.bundleAppId,
      greenChannel: p.greenChannel,
      cross: p.cross,
      createdBy: actor.id,
    });
    const [{ id }] = await insertCaseRow.execute(tx, values);
    const row = { ...values, id: Number(id) } as CaseRow;
    await insertCaseEventRow.execute(tx, { case_id: row.id, at: now, on_date: today, action: 'submit', from_status: null, to_status: 'submitted', actor_id: actor.id, actor_name: actor.name, data_json: JSON.stringify({ channel: p.channel }) });
    await recordAudit(tx, this.ctx.clock, actor, {
      action: 'case.submitted',
      subjectType: 'case',
      subjectId: caseNo,
      after: { itemCode: item.code, versionId: item.versionId, channel: p.channel, applicant: { type: p.applicant.type, name: maskName(p.applicant.name), id: maskIdNumber(p.applicant.idNumber) } },
    });
    return row;
  }

  private submitEventOf(row: CaseRow, actor: Actor): CaseEventRow {
    return { id: 0, case_id: row.id, at: row.submitted_at, on_date: row.submitted_on, action: 'submit', from_status: null, to_status: 'submitted', actor_id: actor.id, actor_name: actor.name, data_json: JSON.stringify({ channel: row.channel }) };
  }

  // --- reads ---------------------------------------------------------------------------------------

  /** Loads a case the actor may see, or 404 (also for another department's or another citizen's case). */
  private async loadVisible(db: CasesDbOrTx, actor: Actor, caseNo: string): Promise<CaseRow> {
    const row = (await db.selectFrom('cases_cases').selectAll().where('case_no', '=', caseNo).executeTakeFirst()) as CaseRow | undefined;
    if (!row || !this.canSee(actor, row)) throw notFound();
    return normalizeRow(row);
  }

  canSee(actor: Actor, row: Pick<CaseRow, 'department_id' | 'applicant_user_id'>): boolean {
    if (actor.kind === 'system') return true;
    if (readsAllDepartments(actor) || hasRole(actor, 'clerk')) return true;
    if (hasRole(actor, 'reviewer') && actor.departmentId !== null && Number(row.department_id) === actor.departmentId) return true;
    if (hasRole(actor, 'citizen') && actor.id !== null && row.applicant_user_id !== null && Number(row.applicant_user_id) === actor.id) return true;
    return false;
  }

  private async related(db: CasesDbOrTx, caseIds: number[]) {
    if (caseIds.length === 0) return { susp: new Map<number, SuspensionRow[]>(), ext: new Map<number, ExtensionRow[]>() };
    const [s, e] = await Promise.all([
      db.selectFrom('cases_suspensions').selectAll().where('case_id', 'in', caseIds).orderBy('id').execute(),
      db.selectFrom('cases_extensions').selectAll().where('case_id', 'in', caseIds).orderBy('id').execute(),
    ]);
    const susp = new Map<number, SuspensionRow[]>();
    const ext = new Map<number, ExtensionRow[]>();
    for (const r of s as SuspensionRow[]) {
      const k = Number(r.case_id);
      if (!susp.has(k)) susp.set(k, []);
      susp.get(k)!.push(r);
    }
    for (const r of e as ExtensionRow[]) {
      const k = Number(r.case_id);
      if (!ext.has(k)) ext.set(k, []);
      ext.get(k)!.push({ ...r, days: Number(r.days) });
    }
    return { susp, ext };
  }

  async get(actor: Actor, caseNo: string): Promise<CaseView> {
    const row = await this.loadVisible(this.db, actor, caseNo);
    return this.viewOf(this.db, actor, row, true);
  }

  private async viewOf(db: CasesDbOrTx, actor: Actor, row: CaseRow, detail: boolean): Promise<CaseView> {
    const { susp, ext } = await this.related(db, [row.id]);
    const events = (await db.selectFrom('cases_events').selectAll().where('case_id', '=', row.id).orderBy('id').execute()) as CaseEventRow[];
    const departmentName = (await this.org.byId(Number(row.department_id)))?.name ?? '';
    const bundleNo = row.bundle_app_id
      ? ((await db.selectFrom('cases_bundle_apps').select('bundle_no').where('id', '=', row.bundle_app_id).executeTakeFirst())?.bundle_no ?? null)
      : null;
    const partnerName = row.partner_region_code
      ? ((await db.selectFrom('cases_partner_regions').select('name').where('region_code', '=', row.partner_region_code).executeTakeFirst())?.name ?? null)
      : null;
    return this.buildView(row, susp.get(row.id) ?? [], ext.get(row.id) ?? [], events, { actor, departmentName, detail, today: this.today(), bundleNo, partnerName });
  }

  clockOf(row: CaseRow, susp: SuspensionRow[], ext: ExtensionRow[], today: string): CaseClockView {
    return caseClockView(this.index, {
      status: row.status,
      submittedOn: row.submitted_on,
      intakeFrom: row.intake_from,
      intakeDueDate: row.intake_due_date,
      acceptedOn: row.accepted_on,
      deemedAccepted: fromFlag(row.deemed_accepted),
      promisedLimit: Number(row.promised_limit),
      legalLimit: Number(row.legal_limit),
      unit: row.limit_unit,
      suspensions: susp.map((s) => ({ reason: s.reason, from: s.from_date, to: s.to_date, noticeNo: s.notice_no })),
      extensions: ext.map((e) => ({ days: e.days, approvedOn: e.approved_on, approverName: e.approver_name, reason: e.reason })),
      completedOn: row.completed_on,
      closedOn: row.closed_on,
      today,
    });
  }

  buildView(
    row: CaseRow,
    susp: SuspensionRow[],
    ext: ExtensionRow[],
    events: CaseEventRow[],
    o: { actor: Actor; departmentName: string; detail: boolean; today: string; bundleNo: string | null; partnerName: string | null },
  ): CaseView {
    const clock = this.clockOf(row, susp, ext, o.today);
    const status = clock.effectiveStatus;
    const materials = parseJson<CaseMaterial[]>(row.materials_json, []);
    const missing = missingMaterials(materials);
    const staff = !hasRole(o.actor, 'citizen') && o.actor.kind === 'user' || o.actor.kind === 'system';
    const unmasked = o.detail && staff;
    const idKey = row.applicant_type === 'person' ? 'idNumber' : 'creditCode';
    // Credit codes are public registry data; ID numbers and phones are personal and masked outside the detail view.
    const idValue = unmasked || row.applicant_type === 'organization' ? row.applicant_id_number : maskIdNumber(row.applicant_id_number);
    const openSusp = susp.find((s) => s.to_date === null);
    const lastCorrection = [...events].reverse().find((e) => e.action === 'request_correction');
    const correctionMissing = lastCorrection ? parseJson<{ missing?: string[] }>(lastCorrection.data_json, {}).missing : undefined;
    const isOwner = o.actor.id !== null && row.applicant_user_id !== null && Number(row.applicant_user_id) === o.actor.id;
    const actions = allowedActions(status).filter((a) => {
      if (!mayAct(a, o.actor.roles, isOwner)) return false;
      if ((a === 'forward' || a === 'record_reference') && row.cross_mode !== 'proxy') return false;
      if (a === 'extend' && extensionRoom(Number(row.extension_allowance), ext) === 0) return false;
      return true;
    });
    const completed = row.status === 'completed';
    return {
      caseNo: row.case_no,
      status,
      statusLabel: STATUS_LABELS[status],
      itemCode: row.item_code,
      itemName: row.item_name,
      versionId: Number(row.version_id),
      departmentId: Number(row.department_id),
      departmentName: o.departmentName,
      channel: row.channel,
      applicant: {
        type: row.applicant_type,
        name: unmasked || row.applicant_type === 'organization' ? row.applicant_name : maskName(row.applicant_name),
        [idKey]: idValue,
        phone: row.applicant_phone ? (unmasked ? row.applicant_phone : maskPhone(row.applicant_phone)) : null,
        masked: !unmasked,
      },
      submittedAt: row.submitted_at,
      acceptedAt: row.accepted_at ?? (clock.deemedAccepted ? row.submitted_at : null),
      acceptedOn: clock.acceptedOn,
      deemedAccepted: clock.deemedAccepted,
      promisedDueDate: clock.promisedDueDate,
      legalDueDate: clock.legalDueDate,
      workdaysUsed: clock.workdaysUsed,
      workdaysLeft: clock.workdaysLeft,
      onTime: completed && clock.promisedDueDate ? (row.completed_on as string) <= clock.promisedDueDate : null,
      clock,
      explanation: clock.explanation,
      timeline: o.detail ? events.map(toTimeline) : [],
      materials,
      missingMaterials: missing,
      nextStep: nextStepOf(status, { missing: correctionMissing ?? missing, deliveryMethod: row.delivery_method, suspendReason: openSusp?.reason ?? null }),
      allowedActions: actions,
      decision: row.decided_at ? { reason: row.decision_reason, decidedAt: row.decided_at } : null,
      delivery: row.delivery_method ? { method: row.delivery_method, trackingNo: row.delivery_tracking_no, completedOn: row.completed_on } : null,
      bundleNo: o.bundleNo,
      greenChannel: row.green_channel,
      crossProvince: row.cross_mode
        ? {
            mode: row.cross_mode,
            partnerRegionCode: row.partner_region_code as string,
            partnerRegionName: o.partnerName,
            partnerReference: row.partner_reference,
            forwardedOn: row.forwarded_on,
            forwardMethod: row.forward_method,
            trackingNo: row.forward_tracking_no,
          }
        : null,
    };
  }

  async list(actor: Actor, q: ListQuery): Promise<{ items: CaseListItem[]; total: number }> {
    const today = this.today();
    let base = this.db.selectFrom('cases_cases');
    // Scope first: what a role may see is a filter, never a UI convention.
    if (actor.kind === 'user' && !readsAllDepartments(actor) && !hasRole(actor, 'clerk')) {
      if (hasRole(actor, 'reviewer') && actor.departmentId !== null) base = base.where('department_id', '=', actor.departmentId);
      else if (hasRole(actor, 'citizen') && actor.id !== null) base = base.where('applicant_user_id', '=', actor.id);
      else return { items: [], total: 0 };
    }
    if (q.mine && actor.id !== null) base = hasRole(actor, 'citizen') ? base.where('applicant_user_id', '=', actor.id) : base.where('created_by', '=', actor.id);
    if (q.status) {
      // Unknown statuses match no case.
      const statuses = q.status.split(',').map((s) => s.trim()).filter(isCaseStatus);
      if (statuses.length === 0) return { items: [], total: 0 };
      base = base.where('status', 'in', statuses);
    }
    if (q.departmentId !== undefined) base = base.where('department_id', '=', q.departmentId);
    if (q.itemCode) base = base.where('item_code', '=', q.itemCode);
    if (q.channel) base = base.where('channel', '=', q.channel);
    if (q.greenChannel !== undefined) base = q.greenChannel ? base.where('green_channel', 'is not', null) : base.where('green_channel', 'is', null);
    if (q.from) base = base.where('submitted_on', '>=', q.from);
    if (q.to) base = base.where('submitted_on', '<=', q.to);
    if (q.bundleNo) {
      const app = await this.db.selectFrom('cases_bundle_apps').select('id').where('bundle_no', '=', q.bundleNo).executeTakeFirst();
      base = base.where('bundle_app_id', '=', app ? Number(app.id) : -1);
    }
    if (q.q) {
      const term = q.q.trim();
      base = base.where((eb) => eb.or([eb('case_no', '=', term), eb('applicant_name', '=', term), eb('item_name', 'like', `%${term.replace(/[\\%_]/g, '')}%`)]));
    }
    const totalRow = await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
    const page = Math.max(1, q.page ?? 1);
    const pageSize = Math.min(100, q.pageSize ?? 20);
    let query = base.selectAll();
    if (q.sort === 'due') {
      // Worklist order: the case whose next deadline (intake answer or promised date) comes first.
      query = query.orderBy((eb) => eb.fn.coalesce('promised_due_date', 'intake_due_date'), 'asc').orderBy('id', 'asc');
    } else {
      query = query.orderBy('id', 'desc');
    }
    const rows = ((await query.limit(pageSize).offset((page - 1) * pageSize).execute()) as CaseRow[]).map(normalizeRow);
    const { susp, ext } = await this.related(this.db, rows.map((r) => r.id));
    const bundleIds = [...new Set(rows.map((r) => r.bundle_app_id).filter((x): x is number => x !== null))];
    const bundleNos = new Map<number, string>();
    if (bundleIds.length > 0) {
      for (const b of await this.db.selectFrom('cases_bundle_apps').select(['id', 'bundle_no']).where('id', 'in', bundleIds).execute()) bundleNos.set(Number(b.id), b.bundle_no);
    }
    const items: CaseListItem[] = [];
    for (const r of rows) {
      const view = this.buildView(r, susp.get(r.id) ?? [], ext.get(r.id) ?? [], [], {
        actor,
        departmentName: (await this.org.byId(r.department_id))?.name ?? '',
        detail: false,
        today,
        bundleNo: r.bundle_app_id ? (bundleNos.get(r.bundle_app_id) ?? null) : null,
        partnerName: null,
      });
      const { timeline: _t, materials: _m, clock, ...rest } = view;
      items.push({ ...rest, clock: { phase: clock.phase, provisional: clock.provisional, overdue: clock.overdue, intakeDueDate: clock.intakeDueDate, intakeWorkdaysLeft: clock.intakeWorkdaysLeft } });
    }
    return { items, total: Number(totalRow?.n ?? 0) };
  }

  // --- actions -------------------------------------------------------------------------------------

  async act(actor: Actor, caseNo: string, input: ActionInput): Promise<CaseView> {
    const row = await this.applyAction(actor, caseNo, input);
    return this.viewOf(this.db, actor, row, true);
  }

  /** The action itself (act() without reading the case back): the demo seed replays thousands of these. */
  async applyAction(actor: Actor, caseNo: string, input: ActionInput): Promise<CaseRow> {
    const today = this.today();
    const now = this.nowIso();
    // §32: an application left unanswered past its intake window is accepted as of its submission date.
    // That is recorded in its own transaction, before and whatever this action does, so that a refused
    // action (say a late "request_correction", 409) still leaves the legal fact on record.
    const seen = await this.loadVisible(this.db, actor, caseNo);
    if (isDeemedAccepted(seen.status, seen.intake_due_date, today)) {
      await this.db
        .transaction()
        .execute(async (tx) => {
          const fresh = normalizeRow((await tx.selectFrom('cases_cases').selectAll().where('id', '=', seen.id).executeTakeFirstOrThrow()) as CaseRow);
          if (isDeemedAccepted(fresh.status, fresh.intake_due_date, today)) await this.materializeDeemed(tx, fresh, today, now);
        })
        .catch((err) => {
          if (!(err instanceof AppError && err.code === 'CASE_CHANGED')) throw err;
        });
    }
    const result = await this.db.transaction().execute(async (tx) => {
      const row = await this.loadVisible(tx, actor, caseNo);
      const isOwner = actor.id !== null && row.applicant_user_id !== null && row.applicant_user_id === actor.id;
      if (!mayAct(input.action, actor.roles, isOwner)) {
        throw new AppError('FORBIDDEN', 403, `当前账号不能执行“${CASE_ACTION_LABELS[input.action]}”`);
      }
      const { susp: sm, ext: em } = await this.related(tx, [row.id]);
      const susp = sm.get(row.id) ?? [];
      const ext = em.get(row.id) ?? [];

      const to = nextStatus(row.status, input.action);
      if (!to) {
        throw new AppError('CASE_STATE_CONFLICT', 409, `办件当前状态为“${STATUS_LABELS[row.status]}”，不能${CASE_ACTION_LABELS[input.action]}`, {
          status: row.status,
          action: input.action,
          allowed: allowedActions(row.status),
        });
      }
      const from = row.status;
      const changes: Partial<CaseRow> = { status: to };
      const eventData: Record<string, unknown> = {};
      const notes: Array<{ template: string; payload: Record<string, unknown> }> = [];
      let newSusp: SuspensionRow[] = susp;
      let newExt: ExtensionRow[] = ext;
      const materials = parseJson<CaseMaterial[]>(row.materials_json, []);

      switch (input.action) {
        case 'request_correction': {
          const updated = input.materials ? this.applyMaterials(materials, input.materials) : materials;
          const extra = (input.missing ?? []).map((s) => s.trim()).filter(Boolean);
          const missing = [...new Set([...missingMaterials(updated), ...extra])];
          if (missing.length === 0) throw unprocessable('NOTHING_TO_CORRECT', '材料齐全，无需补正，请直接受理', 'missing');
          changes.materials_json = JSON.stringify(updated);
          // The intake window restarts with the supplement; nothing can be "deemed" meanwhile.
          changes.intake_due_date = null;
          eventData.missing = missing;
          if (input.note) eventData.note = input.note;
          notes.push({ template: 'case.correction_requested', payload: { missing: missing.join('、') } });
          break;
        }
        case 'supplement': {
          const updated = input.materials ? this.applyMaterials(materials, input.materials) : materials.map((m) => ({ ...m }));
          changes.materials_json = JSON.stringify(updated);
          changes.intake_from = today;
          changes.intake_due_date = intakeDueDate(this.index, today, this.settings.intakeWindowWorkdays);
          eventData.provided = (input.materials ?? []).filter((m) => m.provided).map((m) => m.name);
          break;
        }
        case 'accept': {
          const updated = input.materials ? this.applyMaterials(materials, input.materials) : materials;
          const missing = missingMaterials(updated);
          if (missing.length > 0) {
            throw unprocessable('MATERIALS_MISSING', `必要材料不齐，不能受理：${missing.join('、')}（请一次性告知补正）`, 'materials', { missing });
          }
          changes.materials_json = JSON.stringify(updated);
          changes.accepted_at = now;
          changes.accepted_on = today;
          notes.push({ template: 'case.accepted', payload: {} });
          break;
        }
        case 'reject':
        case 'deny': {
          const reason = requireText(input.reason, 'reason', input.action === 'reject' ? '不予受理须写明理由' : '不予许可须写明理由');
          changes.decision_reason = reason;
          changes.decided_at = now;
          if (input.action === 'reject') {
            changes.closed_at = now;
            changes.closed_on = today;
            changes.intake_due_date = null;
            notes.push({ template: 'case.rejected', payload: { reason } });
          } else notes.push({ template: 'case.denied', payload: { reason } });
          eventData.reason = reason;
          break;
        }
        case 'suspend': {
          const reason = input.reason ?? '';
          if (!SUSPEND_REASON_SET.has(reason)) {
            throw unprocessable('SUSPEND_REASON_INVALID', `中止理由须为法定特别程序之一：${SUSPEND_REASONS.join('、')}`, 'reason', { allowed: SUSPEND_REASONS });
          }
          const noticeNo = `${row.case_no}-TZ${susp.length + 1}`;
          const noticeText =
            input.notice?.trim() ||
            `${row.applicant_name}：您申请的“${row.item_name}”（办件号 ${row.case_no}）需进行${reason}，自 ${today} 起中止办理，${reason}所需时间不计入办理时限（《行政许可法》第四十五条），结束后恢复办理并书面告知。`;
          const { id } = await tx
            .insertInto('cases_suspensions')
            .values({ case_id: row.id, reason, from_date: today, to_date: null, notice_no: noticeNo, notice_text: noticeText, note: input.note ?? null })
            .returning('id')
            .executeTakeFirstOrThrow();
          newSusp = [...susp, { id: Number(id), case_id: row.id, reason, from_date: today, to_date: null, notice_no: noticeNo, notice_text: noticeText, note: input.note ?? null }];
          eventData.reason = reason;
          eventData.noticeNo = noticeNo;
          eventData.notice = noticeText;
          notes.push({ template: 'case.suspended', payload: { reason, noticeNo } });
          break;
        }
        case 'resume': {
          const open = susp.find((s) => s.to_date === null);
          if (!open) throw new AppError('CASE_STATE_CONFLICT', 409, '没有进行中的中止', { status: row.status });
          await tx.updateTable('cases_suspensions').set({ to_date: today }).where('id', '=', open.id).execute();
          newSusp = susp.map((s) => (s.id === open.id ? { ...s, to_date: today } : s));
          eventData.reason = open.reason;
          eventData.from = open.from_date;
          notes.push({ template: 'case.resumed', payload: { reason: open.reason } });
          break;
        }
        case 'extend': {
          const days = input.days;
          const room = extensionRoom(Number(row.extension_allowance), ext);
          if (days === undefined || !Number.isInteger(days) || days < 1) throw unprocessable('EXTENSION_DAYS_INVALID', '延长天数须为正整数（工作日）', 'days');
          if (days > room) {
            throw unprocessable('EXTENSION_EXCEEDS_ALLOWANCE', `延长天数超过本事项可延长期限：最多还可延长 ${room} 个工作日`, 'days', { allowance: Number(row.extension_allowance), remaining: room });
          }
          const reason = requireText(input.reason, 'reason', '延长办理期限须写明理由');
          const current = this.clockOf(row, susp, ext, today);
          if (current.legalDueDate && today > current.legalDueDate) {
            throw unprocessable('EXTENSION_TOO_LATE', `法定办结日 ${current.legalDueDate} 已过，不能再批准延期`, 'days');
          }
          const { id } = await tx
            .insertInto('cases_extensions')
            .values({ case_id: row.id, days, approved_on: today, approver_id: actor.id, approver_name: actor.name, reason })
            .returning('id')
            .executeTakeFirstOrThrow();
          newExt = [...ext, { id: Number(id), case_id: row.id, days, approved_on: today, approver_id: actor.id, approver_name: actor.name, reason }];
          eventData.days = days;
          eventData.reason = reason;
          eventData.approver = actor.name;
          break;
        }
        case 'approve': {
          changes.decided_at = now;
          changes.decision_reason = input.reason?.trim() || null;
          notes.push({ template: 'case.approved', payload: {} });
          break;
        }
        case 'complete': {
          const method = input.deliveryMethod ?? '';
          if (!DELIVERY_SET.has(method)) {
            throw unprocessable('DELIVERY_METHOD_INVALID', `送达方式须为 ${DELIVERY_METHODS.join('、')}`, 'deliveryMethod', { allowed: DELIVERY_METHODS });
          }
          if (method === '邮寄' && !input.trackingNo?.trim()) throw unprocessable('TRACKING_NO_REQUIRED', '邮寄送达须填写邮件单号', 'trackingNo');
          changes.delivery_method = method;
          changes.delivery_tracking_no = input.trackingNo?.trim() || null;
          changes.completed_on = today;
          changes.closed_at = now;
          changes.closed_on = today;
          eventData.deliveryMethod = method;
          if (changes.delivery_tracking_no) eventData.trackingNo = changes.delivery_tracking_no;
          notes.push({ template: 'case.completed', payload: { deliveryMethod: method } });
          break;
        }
        case 'withdraw': {
          changes.closed_at = now;
          changes.closed_on = today;
          changes.intake_due_date = null;
          if (input.reason) eventData.reason = input.reason.trim();
          // A withdrawal ends any open suspension: its days up to today stay excluded.
          const open = susp.find((s) => s.to_date === null);
          if (open) {
            await tx.updateTable('cases_suspensions').set({ to_date: today }).where('id', '=', open.id).execute();
            newSusp = susp.map((s) => (s.id === open.id ? { ...s, to_date: today } : s));
          }
          break;
        }
        case 'forward': {
          if (row.cross_mode !== 'proxy') throw unprocessable('NOT_A_PROXY_CASE', '只有异地代收代办的办件需要转递', 'action');
          const method = input.method ?? '';
          if (!(FORWARD_METHODS as readonly string[]).includes(method)) {
            throw unprocessable('FORWARD_METHOD_INVALID', `转递方式须为 ${FORWARD_METHODS.join('、')}`, 'method', { allowed: FORWARD_METHODS });
          }
          if (method === '邮寄' && !input.trackingNo?.trim()) throw unprocessable('TRACKING_NO_REQUIRED', '邮寄转递须填写邮件单号', 'trackingNo');
          changes.forwarded_on = today;
          changes.forward_method = method;
          changes.forward_tracking_no = input.trackingNo?.trim() || null;
          if (input.partnerReference) changes.partner_reference = input.partnerReference.trim();
          Object.assign(eventData, { method, trackingNo: changes.forward_tracking_no, partnerReference: changes.partner_reference ?? null });
          break;
        }
        case 'record_reference': {
          if (row.cross_mode === null) throw unprocessable('NOT_A_CROSS_PROVINCE_CASE', '不是跨省通办办件', 'action');
          changes.partner_reference = requireText(input.partnerReference, 'partnerReference', '请填写合作地区的受理编号');
          eventData.partnerReference = changes.partner_reference;
          break;
        }
      }

      // The clock after this action, stored for the supervision sweep.
      const next = { ...row, ...changes } as CaseRow;
      Object.assign(changes, this.storedClock(next, newSusp, newExt, today));
      if (input.action === 'complete') {
        const c = this.clockOf(next, newSusp, newExt, today);
        changes.on_time = c.promisedDueDate ? (today <= c.promisedDueDate ? 1 : 0) : null;
        changes.workdays_used = c.workdaysUsed;
      }
      changes.updated_at = now;
      changes.row_version = row.row_version + 1;

      const res = await tx.updateTable('cases_cases').set(changes).where('id', '=', row.id).where('row_version', '=', row.row_version).executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) {
        throw new AppError('CASE_CHANGED', 409, '办件刚被他人处理，请刷新后重试', { status: row.status });
      }
      // A withdrawal or a late fix of an old case changes days the KPI roll-up already holds.
      await markDaysChanged(tx, CASE_DAILY_ROLLUP, caseDaysTouched(row, { ...row, ...changes } as CaseRow));
      await tx
        .insertInto('cases_events')
        .values({ case_id: row.id, at: now, on_date: today, action: input.action, from_status: from, to_status: to, actor_id: actor.id, actor_name: actor.name, data_json: JSON.stringify(eventData) })
        .execute();
      await recordAudit(tx, this.ctx.clock, actor, {
        action: `case.${input.action}`,
        subjectType: 'case',
        subjectId: row.case_no,
        before: { status: from, promisedDueDate: row.promised_due_date, legalDueDate: row.legal_due_date },
        after: { status: to, promisedDueDate: changes.promised_due_date ?? null, legalDueDate: changes.legal_due_date ?? null, ...eventData },
      });
      const after = { ...row, ...changes } as CaseRow;
      for (const n of notes) await this.notify(tx, after, n.template, n.payload, `${row.case_no}:${input.action}:${row.row_version}`);
      return after;
    });
    return result;
  }

  private applyMaterials(materials: CaseMaterial[], given: { name: string; provided: boolean }[]) {
    const unknown = unknownMaterials(materials, given);
    if (unknown.length > 0) throw unprocessable('MATERIAL_UNKNOWN', `材料不在该事项的清单中：${unknown.join('、')}`, 'materials', { unknown });
    return applyProvided(materials, given);
  }

  private storedClock(row: CaseRow, susp: SuspensionRow[], ext: ExtensionRow[], today: string): StoredClock {
    if (!row.accepted_on) return { promised_due_date: null, legal_due_date: null, provisional: 0 };
    const c = computeCaseClock(
      this.index,
      clockInput({
        acceptedOn: row.accepted_on,
        promisedLimit: Number(row.promised_limit),
        legalLimit: Number(row.legal_limit),
        unit: row.limit_unit,
        suspensions: susp.map((s) => ({ from: s.from_date, to: s.to_date, reason: s.reason })),
        extensions: ext.map((e) => ({ days: e.days, approvedOn: e.approved_on })),
        stoppedOn: row.completed_on ?? row.closed_on,
        today,
      }),
    );
    return { promised_due_date: c.promisedDueDate, legal_due_date: c.legalDueDate, provisional: c.provisional ? 1 : 0 };
  }

  /** Records a §32 deemed acceptance (system actor) inside the caller's transaction. */
  private async materializeDeemed(tx: CasesTx, row: CaseRow, today: string, now: string): Promise<CaseRow> {
    const sys = systemActor('cases.deemed_acceptance');
    const acceptedOn = row.intake_from;
    const next: CaseRow = { ...row, status: 'accepted', accepted_on: acceptedOn, accepted_at: now, deemed_accepted: 1 };
    const stored = this.storedClock(next, [], [], today);
    const changes = { status: 'accepted' as const, accepted_on: acceptedOn, accepted_at: now, deemed_accepted: 1, ...stored, updated_at: now, row_version: row.row_version + 1 };
    const res = await tx.updateTable('cases_cases').set(changes).where('id', '=', row.id).where('row_version', '=', row.row_version).executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new AppError('CASE_CHANGED', 409, '办件刚被他人处理，请刷新后重试', { status: row.status });
    // The acceptance is dated back to the day the intake window opened: that day may be rolled up already.
    await markDaysChanged(tx, CASE_DAILY_ROLLUP, caseDaysTouched(row, next));
    await tx
      .insertInto('cases_events')
      .values({
        case_id: row.id,
        at: now,
        on_date: today,
        action: 'deemed_accept',
        from_status: 'submitted',
        to_status: 'accepted',
        actor_id: null,
        actor_name: sys.name,
        data_json: JSON.stringify({ acceptedOn, intakeDueDate: row.intake_due_date, basis: '行政许可法第三十二条' }),
      })
      .execute();
    await recordAudit(tx, this.ctx.clock, sys, {
      action: 'case.deemed_accepted',
      subjectType: 'case',
      subjectId: row.case_no,
      before: { status: 'submitted', intakeDueDate: row.intake_due_date },
      after: { status: 'accepted', acceptedOn, ...stored },
    });
    const after = { ...row, ...changes } as CaseRow;
    await this.notify(tx, after, 'case.accepted', { deemed: true }, `${row.case_no}:deemed_accept`);
    return after;
  }

  /**
   * Records every §32 deemed acceptance that is due (the periodic job; also safe to call at any time).
   * Only rows whose intake window has passed are touched, found by the (status, intake_due_date) index.
   */
  async materializeDeemedAcceptances(): Promise<number> {
    const today = this.today();
    const now = this.nowIso();
    const due = await this.db.selectFrom('cases_cases').select('id').where('status', '=', 'submitted').where('intake_due_date', '<', today).limit(500).execute();
    let n = 0;
    for (const d of due) {
      try {
        await this.db.transaction().execute(async (tx) => {
          const row = normalizeRow((await tx.selectFrom('cases_cases').selectAll().where('id', '=', d.id).executeTakeFirstOrThrow()) as CaseRow);
          if (isDeemedAccepted(row.status, row.intake_due_date, today)) {
            await this.materializeDeemed(tx, row, today, now);
            n++;
          }
        });
      } catch (err) {
        // Someone acted on the case meanwhile; their action already applied §32.
        if (!(err instanceof AppError && err.code === 'CASE_CHANGED')) throw err;
      }
    }
    return n;
  }

  private async notify(tx: CasesTx, row: CaseRow, template: string, payload: Record<string, unknown>, dedupe: string) {
    if (this.opts.silent) return;
    const full = {
      caseNo: row.case_no,
      itemName: row.item_name,
      applicantName: row.applicant_name,
      promisedDueDate: row.promised_due_date,
      ...payload,
    };
    if (row.applicant_phone) {
      await enqueueNotification(tx, this.ctx.clock, { channel: 'sms', recipient: row.applicant_phone, template, payload: full, dedupeKey: `sms:${dedupe}` });
    }
    if (row.applicant_user_id !== null) {
      await enqueueNotification(tx, this.ctx.clock, { channel: 'inbox', recipient: `user:${row.applicant_user_id}`, template, payload: full, dedupeKey: `inbox:${dedupe}` });
    }
  }

  // --- public progress lookup ----------------------------------------------------------------------

  /** Case number + last 4 of the ID/USCC → status, clock and next step; never personal data. */
  async progress(caseNo: string, last4Input: string): Promise<CaseProgress | null> {
    const row = (await this.db.selectFrom('cases_cases').selectAll().where('case_no', '=', caseNo.trim()).executeTakeFirst()) as CaseRow | undefined;
    // One answer for "no such case" and "wrong digits", so the lookup cannot probe case numbers.
    if (!row || row.applicant_last4 !== last4(last4Input)) return null;
    const r = normalizeRow(row);
    const { susp, ext } = await this.related(this.db, [r.id]);
    const events = (await this.db.selectFrom('cases_events').selectAll().where('case_id', '=', r.id).orderBy('id').execute()) as CaseEventRow[];
    const view = this.buildView(r, susp.get(r.id) ?? [], ext.get(r.id) ?? [], events, {
      actor: systemActor('progress'),
      departmentName: (await this.org.byId(r.department_id))?.name ?? '',
      detail: false,
      today: this.today(),
      bundleNo: null,
      partnerName: null,
    });
    const { clock } = view;
    return {
      caseNo: view.caseNo,
      itemName: view.itemName,
      departmentName: view.departmentName,
      status: view.status,
      statusLabel: view.statusLabel,
      submittedOn: r.submitted_on,
      acceptedOn: view.acceptedOn,
      promisedDueDate: view.promisedDueDate,
      legalDueDate: view.legalDueDate,
      workdaysUsed: view.workdaysUsed,
      workdaysLeft: view.workdaysLeft,
      deemedAccepted: view.deemedAccepted,
      clock: {
        phase: clock.phase,
        intakeDueDate: clock.intakeDueDate,
        promisedDueDate: clock.promisedDueDate,
        legalDueDate: clock.legalDueDate,
        workdaysUsed: clock.workdaysUsed,
        workdaysLeft: clock.workdaysLeft,
        suspendedWorkdays: clock.suspendedWorkdays,
        extensionWorkdays: clock.extensionWorkdays,
        overdue: clock.overdue,
        provisional: clock.provisional,
      },
      explanation: view.explanation,
      nextStep: view.nextStep,
      missingMaterials: view.status === 'correction_requested' ? view.missingMaterials : [],
      timeline: events.map((e) => ({ date: e.on_date, label: caseActionLabel(e.action) })),
    };
  }
}

function requireText(v: string | undefined, field: string, message: string): string {
  const s = (v ?? '').trim();
  if (s.length < 2) throw unprocessable(`${field.toUpperCase()}_REQUIRED`, message, field);
  return s;
}

/** Numbers come back as strings or bigints from some drivers; make the row's numeric columns numbers. */
export function normalizeRow(r: CaseRow): CaseRow {
  return {
    ...r,
    id: Number(r.id),
    version_id: Number(r.version_id),
    department_id: Number(r.department_id),
    applicant_user_id: r.applicant_user_id === null ? null : Number(r.applicant_user_id),
    bundle_app_id: r.bundle_app_id === null ? null : Number(r.bundle_app_id),
    created_by: r.created_by === null ? null : Number(r.created_by),
    row_version: Number(r.row_version),
    promised_limit: Number(r.promised_limit),
    legal_limit: Number(r.legal_limit),
    extension_allowance: Number(r.extension_allowance),
  };
}

function toTimeline(e: CaseEventRow): TimelineEntry {
  return {
    at: e.at,
    date: e.on_date,
    action: e.action,
    label: caseActionLabel(e.action),
    fromStatus: e.from_status,
    toStatus: e.to_status,
    actorName: e.actor_name,
    data: parseJson<Record<string, unknown> | null>(e.data_json, null),
  };
}

// Intake's two inserts (SPEC §6: ≥ 1,000 cases/s) are compiled once (kernel/db/prepared.ts).
const insertCaseRow = preparedInsert<{ id: number | bigint }>('cases_cases', { returning: ['id'] });
const insertCaseEventRow = preparedInsert('cases_events');
