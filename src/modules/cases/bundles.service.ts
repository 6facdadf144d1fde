import type { CasesNeedsContext } from './cases.context';
import type { Actor } from '../../kernel/auth/actor';
import { hasRole, readsAllDepartments } from '../../kernel/auth/actor';
import { AppError } from '../../kernel/errors';
import { recordAudit } from '../../kernel/audit/audit';
import { fromFlag, nextSequence, parseJson } from '../../kernel/db/db';
import { tablesOf } from '../../kernel/kernel.tables';
import { installationRegion, regionOrDefault } from '../../kernel/region';
import { isValidRegionCode, maskName } from '../../kernel/validators';
import type { CrossProvinceMode, ItemVersion } from '../../shared/catalog.types';
import type { OrgService } from '../org';
import { isRealDate } from '../../shared/period';
import {
  GREEN_CHANNEL_MODES,
  buildChecklist,
  bundleSequenceName,
  formatBundleNo,
  last4,
  materialKey,
  mergeMaterials,
  type Channel,
  type GreenChannelMode,
  type MergedMaterial,
} from './cases.rules';
import type { ApplicantInput, CasesService } from './cases.service';
import type { BundleRow, CasesDb, CasesTables, PartnerRegionRow } from './cases.tables';

export type BundleStatus = 'submitted' | 'correction_requested' | 'processing' | 'completed' | 'closed';

export const BUNDLE_STATUS_LABELS: Record<BundleStatus, string> = {
  submitted: '已提交待受理',
  correction_requested: '部分事项待补正',
  processing: '办理中',
  completed: '已全部办结',
  closed: '已结束（部分未办结）',
};

/** A bundle's status follows its cases: done when all are completed (SPEC §2.3). */
export function bundleStatusOf(statuses: readonly string[]): BundleStatus {
  if (statuses.length > 0 && statuses.every((s) => s === 'completed')) return 'completed';
  if (statuses.every((s) => s === 'completed' || s === 'rejected' || s === 'withdrawn')) return 'closed';
  if (statuses.some((s) => s === 'correction_requested')) return 'correction_requested';
  if (statuses.every((s) => s === 'submitted')) return 'submitted';
  return 'processing';
}

/** The bundle is due when its last case is (null while a case has no due date yet). */
export function bundleDueDateOf(cases: readonly { status: string; promisedDueDate: string | null }[]): string | null {
  const live = cases.filter((c) => c.status !== 'rejected' && c.status !== 'withdrawn');
  if (live.length === 0 || live.some((c) => c.promisedDueDate === null)) return null;
  return live.map((c) => c.promisedDueDate as string).sort().at(-1) ?? null;
}

export interface BundleDefinitionInput {
  code: string;
  name: string;
  description?: string | null;
  leadDepartmentId?: number | null;
  itemCodes: string[];
  promisedDays?: number | null;
  active?: boolean;
}

export interface BundleApplicationInput {
  channel: Channel;
  applicant: ApplicantInput;
  materials?: { name: string; provided: boolean }[];
  greenChannel?: GreenChannelMode | null;
  greenNote?: string | null;
}

const unprocessable = (code: string, message: string, field: string, extra: Record<string, unknown> = {}) =>
  new AppError(code, 422, message, { field, ...extra });

/** 一件事一次办 (bundles) and 跨省通办 partner regions: configuration plus the bundle application. */
export class BundlesService {
  private readonly db: CasesDb;

  constructor(
    private readonly ctx: CasesNeedsContext,
    private readonly cases: CasesService,
  ) {
    this.db = tablesOf<CasesTables>(ctx.db);
  }

  private get org(): OrgService {
    return this.ctx.services.org;
  }

  private async items(codes: string[], field: string): Promise<ItemVersion[]> {
    const out: ItemVersion[] = [];
    for (const [i, code] of codes.entries()) out.push(await this.cases.publishedItem(code, `${field}.${i}`));
    return out;
  }

  // --- definitions ---------------------------------------------------------------------------------

  async define(actor: Actor, input: BundleDefinitionInput) {
    const codes = [...new Set(input.itemCodes)];
    if (codes.length < 2) throw unprocessable('BUNDLE_TOO_SMALL', '“一件事”至少包含两个事项', 'itemCodes');
    const items = await this.items(codes, 'itemCodes');
    if (input.leadDepartmentId != null) await this.org.byIdOrFail(input.leadDepartmentId, 'leadDepartmentId');
    const now = this.ctx.clock.now().toISOString();
    const exists = await this.db.selectFrom('cases_bundles').select('id').where('code', '=', input.code).executeTakeFirst();
    const values = {
      name: input.name.trim(),
      description: input.description ?? null,
      lead_department_id: input.leadDepartmentId ?? items[0].departmentId,
      item_codes_json: JSON.stringify(codes),
      promised_days: input.promisedDays ?? null,
      active: input.active === false ? 0 : 1,
      updated_at: now,
    };
    await this.db.transaction().execute(async (tx) => {
      if (exists) await tx.updateTable('cases_bundles').set(values).where('id', '=', exists.id).execute();
      else await tx.insertInto('cases_bundles').values({ code: input.code, created_at: now, ...values }).execute();
      await recordAudit(tx, this.ctx.clock, actor, { action: exists ? 'bundle.updated' : 'bundle.defined', subjectType: 'bundle', subjectId: input.code, after: { ...values, itemCodes: codes } });
    });
    return this.get(input.code);
  }

  async list(opts: { includeInactive?: boolean } = {}) {
    let q = this.db.selectFrom('cases_bundles').selectAll().orderBy('id');
    if (!opts.includeInactive) q = q.where('active', '=', 1);
    const rows = await q.execute();
    const out = [];
    for (const r of rows) out.push(await this.describe(r));
    return { items: out, total: out.length };
  }

  async get(code: string) {
    const r = await this.db.selectFrom('cases_bundles').selectAll().where('code', '=', code).executeTakeFirst();
    if (!r) throw new AppError('BUNDLE_NOT_FOUND', 404, `没有“一件事” ${code}`);
    return this.describe(r);
  }

  private async describe(r: BundleRow) {
    const codes = parseJson<string[]>(r.item_codes_json, []);
    const items: Array<{ code: string; name: string; departmentId: number | null; departmentName: string | null; promisedLimit: number | null; limitUnit: string | null; available: boolean }> = [];
    const versions: ItemVersion[] = [];
    for (const code of codes) {
      const v = await this.cases.catalog.getPublished(code);
      if (v && v.status === 'published') versions.push(v);
      items.push({
        code,
        name: v?.name ?? code,
        departmentId: v?.departmentId ?? null,
        departmentName: v?.departmentName ?? null,
        promisedLimit: v?.promisedLimit ?? null,
        limitUnit: v?.limitUnit ?? null,
        available: !!v && v.status === 'published',
      });
    }
    const lead = r.lead_department_id ? await this.org.byId(Number(r.lead_department_id)) : null;
    const materials = mergeMaterials(versions.map((v) => ({ code: v.code, materials: v.materials })));
    const separate = versions.reduce((s, v) => s + v.materials.length, 0);
    return {
      code: r.code,
      name: r.name,
      description: r.description,
      leadDepartmentId: lead?.id ?? null,
      leadDepartmentName: lead?.name ?? null,
      promisedDays: r.promised_days === null ? null : Number(r.promised_days),
      active: fromFlag(r.active),
      departments: [...new Set(items.map((i) => i.departmentName).filter((n): n is string => !!n))],
      items,
      materials,
      /** 减材料: materials asked once instead of once per item. */
      materialsSaved: separate - materials.length,
    };
  }

  // --- applications --------------------------------------------------------------------------------

  /** One application, one merged materials list → one case per item under one bundle number. */
  async apply(actor: Actor, code: string, input: BundleApplicationInput) {
    const def = await this.db.selectFrom('cases_bundles').selectAll().where('code', '=', code).executeTakeFirst();
    if (!def || !fromFlag(def.active)) throw new AppError('BUNDLE_NOT_FOUND', 404, `没有可申请的“一件事” ${code}`);
    const today = this.cases.today();
    const applicant = this.cases.validateApplicant(input.applicant, today);
    if (hasRole(actor, 'citizen') && !hasRole(actor, 'clerk', 'admin') && input.channel === 'window') {
      throw unprocessable('CHANNEL_NOT_ALLOWED', '群众账号只能在网上或移动端申请', 'channel');
    }
    if (input.greenChannel && !(GREEN_CHANNEL_MODES as readonly string[]).includes(input.greenChannel)) {
      throw unprocessable('GREEN_CHANNEL_INVALID', `绿色通道方式须为 ${GREEN_CHANNEL_MODES.join('/')}`, 'greenChannel');
    }
    const codes = parseJson<string[]>(def.item_codes_json, []);
    const items = await this.items(codes, 'bundle.items');
    const merged = mergeMaterials(items.map((v) => ({ code: v.code, materials: v.materials })));
    const known = new Set(merged.map((m) => materialKey(m.name)));
    const unknown = (input.materials ?? []).filter((m) => !known.has(materialKey(m.name))).map((m) => m.name);
    if (unknown.length > 0) throw unprocessable('MATERIAL_UNKNOWN', `材料不在该“一件事”的清单中：${unknown.join('、')}`, 'materials', { unknown });
    const provided = input.materials ?? [];
    const mergedState = merged.map((m) => ({ ...m, provided: provided.find((p) => materialKey(p.name) === materialKey(m.name))?.provided ?? false }));
    const now = this.ctx.clock.now().toISOString();
    const citizen = hasRole(actor, 'citizen') && actor.id !== null;

    // A 一件事 is one county's: numbered and audited in its first item's department's region.
    const region = regionOrDefault(await this.org.regionOf(items[0].departmentId));
    const bundleNo = await this.db.transaction().execute(async (tx) => {
      const seq = await nextSequence(tx, bundleSequenceName(region, today, installationRegion()));
      const no = formatBundleNo(region, today, seq);
      const { id } = await tx
        .insertInto('cases_bundle_apps')
        .values({
          bundle_no: no,
          bundle_id: def.id,
          channel: input.channel,
          applicant_name: applicant.name,
          applicant_last4: last4(applicant.idNumber),
          applicant_user_id: citizen ? actor.id : null,
          green_channel: input.greenChannel ?? null,
          green_note: input.greenNote ?? null,
          materials_json: JSON.stringify(mergedState),
          submitted_at: now,
          submitted_on: today,
          created_by: actor.id,
          case_count: items.length,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const item of items) {
        await this.cases.insertCase(tx, actor, {
          item,
          channel: input.channel,
          applicant,
          // Shared materials are matched by name: provided once, ticked on every case that asks for it.
          checklist: buildChecklist(item.materials, provided),
          greenChannel: input.greenChannel ?? null,
          cross: null,
          bundleAppId: Number(id),
          today,
        });
      }
      await recordAudit(tx, this.ctx.clock, actor, {
        action: 'bundle.applied',
        subjectType: 'bundle_application',
        subjectId: no,
        region,
        after: { bundle: code, items: codes, applicant: maskName(applicant.name), greenChannel: input.greenChannel ?? null },
      });
      return no;
    });
    return this.application(actor, bundleNo);
  }

  async application(actor: Actor, bundleNo: string) {
    const app = await this.db.selectFrom('cases_bundle_apps').selectAll().where('bundle_no', '=', bundleNo).executeTakeFirst();
    if (!app) throw new AppError('BUNDLE_APPLICATION_NOT_FOUND', 404, '一件事申请不存在');
    const def = await this.db.selectFrom('cases_bundles').selectAll().where('id', '=', app.bundle_id).executeTakeFirstOrThrow();
    const { items: cases } = await this.cases.list(actor, { bundleNo, pageSize: 100, sort: 'submitted' });
    const ownCitizen = hasRole(actor, 'citizen') && actor.id !== null && Number(app.applicant_user_id) === actor.id;
    if (cases.length === 0 && !ownCitizen) throw new AppError('BUNDLE_APPLICATION_NOT_FOUND', 404, '一件事申请不存在');
    // Status and due date follow every case of the bundle, also those the actor may not open.
    const all = await this.db.selectFrom('cases_cases').select(['status', 'promised_due_date']).where('bundle_app_id', '=', app.id).execute();
    const statuses = all.map((c) => c.status);
    const status = bundleStatusOf(statuses);
    cases.sort((a, b) => a.caseNo.localeCompare(b.caseNo));
    const staff = readsAllDepartments(actor) || hasRole(actor, 'clerk', 'reviewer');
    return {
      bundleNo: app.bundle_no,
      bundleCode: def.code,
      bundleName: def.name,
      status,
      statusLabel: BUNDLE_STATUS_LABELS[status],
      dueDate: bundleDueDateOf(cases.length === all.length ? cases : all.map((c) => ({ status: c.status, promisedDueDate: c.promised_due_date }))),
      submittedAt: app.submitted_at,
      channel: app.channel,
      applicantName: staff ? app.applicant_name : maskName(app.applicant_name),
      greenChannel: app.green_channel,
      greenNote: app.green_note,
      materials: parseJson<Array<MergedMaterial & { provided: boolean }>>(app.materials_json, []),
      cases,
      casesTotal: all.length,
      casesCompleted: statuses.filter((s) => s === 'completed').length,
    };
  }

  /** Bundle applications; `greenChannel` gives the 帮代办/上门办 worklist. */
  async applications(actor: Actor, q: { greenChannel?: boolean; page?: number; pageSize?: number }) {
    let base = this.db.selectFrom('cases_bundle_apps');
    if (hasRole(actor, 'citizen') && !readsAllDepartments(actor) && !hasRole(actor, 'clerk')) base = base.where('applicant_user_id', '=', actor.id ?? -1);
    else if (!readsAllDepartments(actor) && !hasRole(actor, 'clerk')) {
      // Reviewers see the bundles that hold a case of their department.
      base = base.where('id', 'in', (eb) =>
        eb.selectFrom('cases_cases').select('bundle_app_id').where('department_id', '=', actor.departmentId ?? -1).where('bundle_app_id', 'is not', null),
      );
    }
    if (q.greenChannel !== undefined) base = q.greenChannel ? base.where('green_channel', 'is not', null) : base.where('green_channel', 'is', null);
    const total = Number((await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0);
    const pageSize = Math.min(100, q.pageSize ?? 20);
    const page = Math.max(1, q.page ?? 1);
    const rows = await base.select('bundle_no').orderBy('id', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute();
    const items = [];
    for (const r of rows) {
      const a = await this.application(actor, r.bundle_no).catch(() => null);
      if (a) {
        const { materials: _m, ...rest } = a;
        items.push(rest);
      }
    }
    return { items, total };
  }

  // --- 跨省通办 partner regions ---------------------------------------------------------------------

  async partners(opts: { includeInactive?: boolean } = {}) {
    let q = this.db.selectFrom('cases_partner_regions').selectAll().orderBy('id');
    if (!opts.includeInactive) q = q.where('active', '=', 1);
    const rows = await q.execute();
    return { items: rows.map(toPartner), total: rows.length };
  }

  async upsertPartner(
    actor: Actor,
    input: { regionCode: string; name: string; province: string; contact?: string | null; items: { itemCode: string; modes: CrossProvinceMode[] }[]; active?: boolean; agreedOn?: string | null },
  ) {
    if (!isValidRegionCode(input.regionCode)) throw unprocessable('REGION_CODE_INVALID', `${input.regionCode} 不是有效的行政区划代码`, 'regionCode');
    if (input.regionCode === this.ctx.config.regionCode) throw unprocessable('REGION_IS_SELF', '合作地区不能是本地', 'regionCode');
    const today = this.cases.today();
    if (input.agreedOn && (!isRealDate(input.agreedOn) || input.agreedOn > today)) {
      throw unprocessable('AGREED_ON_INVALID', `协议签订日期 ${input.agreedOn} 无效：应为不晚于今天的日期（YYYY-MM-DD）`, 'agreedOn');
    }
    const items: { itemCode: string; itemName: string; modes: CrossProvinceMode[] }[] = [];
    for (const [i, it] of input.items.entries()) {
      const v = await this.cases.publishedItem(it.itemCode, `items.${i}.itemCode`);
      if (it.modes.length === 0) throw unprocessable('CROSS_PROVINCE_MODES_REQUIRED', `请为“${v.name}”选择通办方式`, `items.${i}.modes`);
      items.push({ itemCode: v.code, itemName: v.name, modes: [...new Set(it.modes)] });
    }
    const now = this.ctx.clock.now().toISOString();
    const values = {
      name: input.name.trim(),
      province: input.province.trim(),
      contact: input.contact ?? null,
      items_json: JSON.stringify(items),
      active: input.active === false ? 0 : 1,
      agreed_on: input.agreedOn ?? null,
      updated_at: now,
    };
    await this.db.transaction().execute(async (tx) => {
      const exists = await tx.selectFrom('cases_partner_regions').select('id').where('region_code', '=', input.regionCode).executeTakeFirst();
      if (exists) await tx.updateTable('cases_partner_regions').set(values).where('id', '=', exists.id).execute();
      else await tx.insertInto('cases_partner_regions').values({ region_code: input.regionCode, created_at: now, ...values }).execute();
      await recordAudit(tx, this.ctx.clock, actor, { action: exists ? 'partner_region.updated' : 'partner_region.added', subjectType: 'partner_region', subjectId: input.regionCode, after: { ...values, items } });
    });
    const row = await this.db.selectFrom('cases_partner_regions').selectAll().where('region_code', '=', input.regionCode).executeTakeFirstOrThrow();
    return toPartner(row);
  }
}

function toPartner(r: PartnerRegionRow) {
  return {
    regionCode: r.region_code,
    name: r.name,
    province: r.province,
    contact: r.contact,
    agreedOn: r.agreed_on,
    items: parseJson<{ itemCode: string; itemName: string; modes: CrossProvinceMode[] }[]>(r.items_json, []),
    active: fromFlag(r.active),
  };
}
