/**
 * Intake (收件): an application checked against the published item version — the applicant's identity
 * numbers, the channel, the materials checklist, a 跨省通办 agreement — and written as a case with its first
 * timeline event and audit row, its number taken from the day's sequence. Applications share transactions
 * (group commit) so intake keeps up with a full hall.
 */
import type { Actor } from '../../kernel/auth/actor';
import { hasRole } from '../../kernel/auth/actor';
import { recordAudit, reserveAudits, reservedAuditWrite } from '../../kernel/audit/audit';
import { fromFlag, nextSequence, parseJson } from '../../kernel/db/db';
import { rememberAnswers } from '../../kernel/http/idempotency';
import type { KernelTables } from '../../kernel/kernel.tables';
import { maskIdNumber, maskName, validateIdNumber, validateLandline, validateMobile, validateUscc } from '../../kernel/validators';
import type { CrossProvinceMode, ItemVersion } from '../../shared/catalog.types';
import type { CaseMaterial, CaseView, Channel, GreenChannelMode } from '../../shared/cases.types';
import type { CasesEnv } from './cases.env';
import { unprocessable } from './cases.errors';
import { insertCaseRow, insertCasesAndEvents, insertEventRow, partnerRegion } from './cases.repository';
import { GREEN_CHANNEL_MODES, buildChecklist, caseSequenceName, formatCaseNo, intakeDueDate, missingMaterials, newCaseRow, unknownMaterials } from './cases.rules';
import type { CaseEventRow, CaseRow, CasesTables, CasesTx } from './cases.tables';
import type { CaseViews } from './cases.views';
import { toHookTx } from '../../kernel/hooks';
import { installationRegion } from '../../kernel/region';
import { caseEventOf } from './cases.hooks';
import { BatchCommitter } from './group-commit';

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
  /** 收件即受理: a complete walk-in application accepted in the same step (window staff only). */
  acceptNow?: boolean;
}

/** A validated applicant: the ID number or credit code normalised, the phone checked. */
export interface Applicant {
  type: 'person' | 'organization';
  name: string;
  idNumber: string;
  phone: string | null;
}

/** What a new case is written from (intake and each case of a bundle application). */
export interface NewCase {
  item: ItemVersion;
  channel: Channel;
  applicant: Applicant;
  checklist: CaseMaterial[];
  greenChannel: string | null;
  cross: { regionCode: string; mode: string; reference: string | null } | null;
  bundleAppId: number | null;
  today: string;
  applicantUserId?: number | null;
}

const GREEN_SET = new Set<string>(GREEN_CHANNEL_MODES);

/** One checked application waiting for its county's next batch. */
interface Submission {
  actor: Actor;
  newCase: NewCase;
  region: string;
  departmentName: string;
  partnerName: string | null;
  idempotencyKey: string | null;
}

/** A written case; its view is built in the transaction only when an idempotency key stores it. */
interface Written {
  row: CaseRow;
  view: CaseView | null;
}

export class CaseIntake {
  /**
   * Group commit: on SQLite a batch shares the disk syncs; on PostgreSQL every intake takes its county's
   * case-number row and audit head row until it commits, so one county's transactions queue behind each
   * other's commits anyway. A batch is written as a whole (writeBatch), whatever counties it mixes: on
   * PostgreSQL one statement takes all its counters and audit heads and one writes all its rows, so the
   * counties' rows are held for three round trips per batch (with the commit). One queue per instance, not one per county: intake is bound by the
   * CPU spent per application, and per-county queues cut a province's batches to one or two applications
   * each (7.6 ms of CPU per application against 4.8 ms with one queue, measured under load).
   */
  private readonly writer: BatchCommitter<KernelTables & CasesTables, Submission, Written>;

  constructor(
    private readonly env: CasesEnv,
    private readonly views: CaseViews,
  ) {
    this.writer = new BatchCommitter(env.db, (tx, jobs) => this.writeBatch(tx, jobs));
  }

  /** Validates and normalises the applicant (身份证 / 统一社会信用代码 check characters, phone). */
  validateApplicant(a: ApplicantInput, today: string, fieldPrefix = 'applicant'): Applicant {
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

  /** A citizen's own account applies online; the window channel is the hall's. */
  private checkChannel(actor: Actor, channel: Channel): void {
    const citizenOnly = hasRole(actor, 'citizen') && !hasRole(actor, 'clerk', 'admin');
    if (citizenOnly && channel === 'window') {
      throw unprocessable('CHANNEL_NOT_ALLOWED', '群众账号只能在网上或移动端申请，窗口申请请到大厅办理', 'channel');
    }
  }

  /** The published version of an item one may apply for (依申请), or 422 naming `field`. */
  async publishedItem(code: string, field = 'itemCode'): Promise<ItemVersion> {
    const item = await this.env.catalog.getPublished(code);
    if (!item || item.status !== 'published') {
      throw unprocessable('ITEM_NOT_AVAILABLE', `事项 ${code} 不存在、未发布或已停用`, field);
    }
    if (!item.applicationBased) throw unprocessable('ITEM_NOT_APPLICATION_BASED', `事项“${item.name}”不是依申请事项，不能申请办理`, field);
    return item;
  }

  /**
   * POST /cases. `idempotencyKey`: the scoped key of a retryable request (kernel/http/idempotency.ts); the
   * answer is stored with the case in one transaction, so a retry gets it back instead of a second case.
   */
  async submit(actor: Actor, input: SubmitInput, idempotencyKey: string | null = null): Promise<CaseView> {
    const today = this.env.today();
    const applicant = this.validateApplicant(input.applicant, today);
    this.checkChannel(actor, input.channel);
    const item = await this.publishedItem(input.itemCode);
    const checklist = buildChecklist(item.materials, input.materials ?? []);
    const unknown = unknownMaterials(checklist, input.materials ?? []);
    if (unknown.length > 0) throw unprocessable('MATERIAL_UNKNOWN', `材料不在该事项的清单中：${unknown.join('、')}`, 'materials', { unknown });
    if (input.acceptNow) this.checkAcceptNow(actor, input.channel, checklist);
    const cross = input.crossProvince ? await this.checkCrossProvince(input.crossProvince, item, input.channel) : null;
    if (input.channel === 'cross_province' && !cross) {
      throw unprocessable('PARTNER_REGION_REQUIRED', '跨省通办办件须注明合作地区', 'crossProvince');
    }
    if (input.greenChannel && !GREEN_SET.has(input.greenChannel)) {
      throw unprocessable('GREEN_CHANNEL_INVALID', `绿色通道方式须为 ${GREEN_CHANNEL_MODES.join('/')}`, 'greenChannel');
    }
    const departmentName = await this.env.departmentName(item.departmentId);
    const region = await this.env.regionOf(item.departmentId);

    const { row, view } = await this.writer.run({
      actor,
      newCase: { item, channel: input.channel, applicant, checklist, greenChannel: input.greenChannel ?? null, cross, bundleAppId: null, today },
      region,
      departmentName,
      partnerName: cross?.partnerName ?? null,
      idempotencyKey,
    });
    // Built after the commit: the county's rows are not held while the answer is put together.
    return view ?? this.viewOf(row, actor, departmentName, cross?.partnerName ?? null);
  }

  private viewOf(row: CaseRow, actor: Actor, departmentName: string, partnerName: string | null): CaseView {
    return this.views.build(row, [], [], [submitEventOf(row, actor)], { actor, departmentName, detail: true, today: row.submitted_on, bundleNo: null, partnerName });
  }

  /**
   * Writes a batch of applications in the caller's transaction, as insertCase one after another would — the
   * same rows, numbers in arrival order, timeline events, audit rows and hook calls — in as few round trips
   * as possible while the counties' rows are held. Everything that needs no lock goes first: the checklists
   * (证照免提交 reads) and the subscribers' configuration reads (`beforeSubmit`). Then, on PostgreSQL:
   * (1) every counter's number block and every audit head in one statement (the counties' rows are locked
   * from here to the commit), (2) the cases, their events and their audit rows (hashed in the app from the
   * heads read in (1); they need the case numbers, not the ids) with the heads' new hashes, in one
   * statement; the subscribers' `submit` handlers after the audit rows (as for a single case); then the
   * commit. SQLite runs the same steps with a statement per table (local calls).
   */
  private async writeBatch(tx: CasesTx, jobs: readonly Submission[]): Promise<Written[]> {
    const { env } = this;
    const checklists: CaseMaterial[][] = [];
    for (const j of jobs) checklists.push(await this.servedFromRecords(tx, j.newCase.item.code, j.newCase.applicant, j.newCase.checklist, j.newCase.today));
    await env.hooks.beforeSubmit.emit(toHookTx(tx), { itemCodes: [...new Set(jobs.map((j) => j.newCase.item.code))] });
    const counters = jobs.map((j) => caseSequenceName(j.region, j.newCase.today, installationRegion()));
    const counts = new Map<string, number>();
    for (const name of counters) counts.set(name, (counts.get(name) ?? 0) + 1);
    const { audit, blocks: next } = await reserveAudits(
      tx,
      jobs.map((j) => j.region),
      counts,
    );
    const now = env.nowIso();
    const values = jobs.map(({ actor, newCase: p, region }, i) => {
      const seq = next.get(counters[i])!;
      next.set(counters[i], seq + 1);
      const citizen = hasRole(actor, 'citizen') && actor.id !== null;
      return newCaseRow({
        caseNo: formatCaseNo(region, p.today, seq),
        item: p.item,
        channel: p.channel,
        applicant: p.applicant,
        applicantUserId: p.applicantUserId !== undefined ? p.applicantUserId : citizen ? actor.id : null,
        submittedAt: now,
        submittedOn: p.today,
        intakeDueDate: intakeDueDate(env.index, p.today, env.settings.intakeWindowWorkdays),
        defaultExtensionAllowance: env.settings.defaultExtensionAllowance,
        materialsJson: JSON.stringify(checklists[i]),
        bundleAppId: p.bundleAppId,
        greenChannel: p.greenChannel,
        cross: p.cross,
        createdBy: actor.id,
      });
    });
    // The audit rows need only the case numbers (their subject), not the ids: hashed now, written with the cases.
    const auditWrite = reservedAuditWrite(
      env.ctx.clock,
      audit,
      values.map((v, i) => ({ actor: jobs[i].actor, entry: submittedAudit(v, jobs[i].newCase, jobs[i].region) })),
    );
    const ids = await insertCasesAndEvents(
      tx,
      values,
      values.map((v, i) => {
        const { actor } = jobs[i];
        return { case_submitted_on: v.submitted_on, at: now, on_date: v.submitted_on, action: 'submit', from_status: null, to_status: 'submitted', actor_id: actor.id, actor_name: actor.name, data_json: JSON.stringify({ channel: v.channel }) };
      }),
      auditWrite,
    );
    const rows: CaseRow[] = values.map((v) => ({ ...v, id: ids.get(v.case_no)! }));
    for (const [i, row] of rows.entries()) {
      await env.hooks.events.emit(toHookTx(tx), caseEventOf(row, 'submit', null, jobs[i].actor, now, row.submitted_on, { channel: row.channel }));
    }
    const written: Written[] = [];
    const answers: { key: string; status: number; body: unknown }[] = [];
    for (const [i, row] of rows.entries()) {
      const j = jobs[i];
      const view = j.idempotencyKey ? this.viewOf(row, j.actor, j.departmentName, j.partnerName) : null;
      if (j.idempotencyKey) answers.push({ key: j.idempotencyKey, status: 201, body: view });
      written.push({ row, view });
    }
    // Every keyed application's answer in one statement (a key taken already fails the batch, and the
    // application is then written alone and answered with the stored answer, as before).
    await rememberAnswers(tx, env.ctx.clock, answers);
    return written;
  }

  /**
   * 收件即受理 is for the window with every required material in hand: otherwise 422 before anything is
   * written (the clerk takes the application in and issues one 补正 notice instead).
   */
  private checkAcceptNow(actor: Actor, channel: Channel, checklist: CaseMaterial[]): void {
    if (!hasRole(actor, 'clerk', 'admin')) throw unprocessable('ACCEPT_NOW_NOT_ALLOWED', '只有窗口工作人员可以收件即受理', 'acceptNow');
    if (channel !== 'window') throw unprocessable('ACCEPT_NOW_NOT_ALLOWED', '收件即受理只用于窗口当面申请', 'acceptNow');
    const missing = missingMaterials(checklist);
    if (missing.length > 0) {
      throw unprocessable('MATERIALS_INCOMPLETE', `必要材料不齐，不能收件即受理：缺少${missing.join('、')}。请先收件，再一次性告知补正`, 'materials', { missing });
    }
  }

  /** 跨省通办: the partner region is active and agreed this item in this mode. */
  private async checkCrossProvince(c: CrossProvinceInput, item: ItemVersion, channel: Channel) {
    const partner = await partnerRegion(this.env.db, c.partnerRegionCode);
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
    return { regionCode: partner.region_code, partnerName: partner.name, mode: c.mode, reference: c.partnerReference ?? null };
  }

  /** Writes one case inside the caller's transaction (intake and bundle applications share it). */
  async insertCase(tx: CasesTx, actor: Actor, p: NewCase): Promise<CaseRow> {
    const { item, today } = p;
    const { env } = this;
    const region = await env.regionOf(item.departmentId);
    // Reads first: the county's number row is locked from nextSequence to the commit, so the fewer
    // statements after it, the sooner the next batch of the county may go.
    const checklist = await this.servedFromRecords(tx, item.code, p.applicant, p.checklist, today);
    const seq = await nextSequence(tx, caseSequenceName(region, today, installationRegion()));
    const caseNo = formatCaseNo(region, today, seq);
    const now = env.nowIso();
    const citizen = hasRole(actor, 'citizen') && actor.id !== null;
    const values = newCaseRow({
      caseNo,
      item,
      channel: p.channel,
      applicant: p.applicant,
      applicantUserId: p.applicantUserId !== undefined ? p.applicantUserId : citizen ? actor.id : null,
      submittedAt: now,
      submittedOn: today,
      intakeDueDate: intakeDueDate(env.index, today, env.settings.intakeWindowWorkdays),
      defaultExtensionAllowance: env.settings.defaultExtensionAllowance,
      materialsJson: JSON.stringify(checklist),
      bundleAppId: p.bundleAppId,
      greenChannel: p.greenChannel,
      cross: p.cross,
      createdBy: actor.id,
    });
    const [{ id }] = await insertCaseRow.execute(tx, values);
    const row: CaseRow = { ...values, id: Number(id) };
    await insertEventRow.execute(tx, { case_id: row.id, case_submitted_on: row.submitted_on, at: now, on_date: today, action: 'submit', from_status: null, to_status: 'submitted', actor_id: actor.id, actor_name: actor.name, data_json: JSON.stringify({ channel: p.channel }) });
    await recordAudit(tx, env.ctx.clock, actor, submittedAudit(row, p, region));
    await env.hooks.events.emit(toHookTx(tx), caseEventOf(row, 'submit', null, actor, now, today, { channel: p.channel }));
    return row;
  }

  /**
   * 证照免提交: the modules that keep records (the e-license library) are asked which of the materials not yet
   * provided they can stand in for; those are ticked as provided and say what served them.
   */
  private async servedFromRecords(tx: CasesTx, itemCode: string, applicant: Applicant, checklist: CaseMaterial[], today: string): Promise<CaseMaterial[]> {
    const open = checklist.filter((m) => !m.provided);
    if (open.length === 0 || this.env.hooks.materialSources.subscribers.length === 0) return checklist;
    const answers = await this.env.hooks.materialSources.ask(toHookTx(tx), {
      itemCode,
      applicant: { type: applicant.type, name: applicant.name, idNumber: applicant.idNumber },
      materials: open,
      today,
    });
    if (answers.length === 0) return checklist;
    const served = new Map(answers.map((a) => [a.name, a.source]));
    return checklist.map((m) => (!m.provided && served.has(m.name) ? { ...m, provided: true, servedBy: served.get(m.name) } : m));
  }
}

/** The submission's timeline entry, as just written (the 201 answer shows it without reading it back). */
function submitEventOf(row: CaseRow, actor: Actor): CaseEventRow {
  return { id: 0, case_id: row.id, case_submitted_on: row.submitted_on, at: row.submitted_at, on_date: row.submitted_on, action: 'submit', from_status: null, to_status: 'submitted', actor_id: actor.id, actor_name: actor.name, data_json: JSON.stringify({ channel: row.channel }) };
}

/** The audit entry of a new case (applicant masked: the log is read more widely than the case). */
function submittedAudit(row: Pick<CaseRow, 'case_no'>, p: NewCase, region: string) {
  return {
    action: 'case.submitted',
    subjectType: 'case',
    subjectId: row.case_no,
    region,
    after: { itemCode: p.item.code, versionId: p.item.versionId, channel: p.channel, applicant: { type: p.applicant.type, name: maskName(p.applicant.name), id: maskIdNumber(p.applicant.idNumber) } },
  };
}
