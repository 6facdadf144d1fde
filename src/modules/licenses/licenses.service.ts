/**
 * 电子证照: the license types (证照目录), issuing a license when a case is approved, and the clerk's verbs on a
 * license (变更, 延续, 注销, 吊销, 撤销). Every change is signed again, audited and announced (`events`) in
 * its own transaction.
 */
import { sql } from 'kysely';
import type { Actor } from '../../kernel/auth/actor';
import { hasRole, readsAllDepartments } from '../../kernel/auth/actor';
import { recordAudit } from '../../kernel/audit/audit';
import { AppError, notFound } from '../../kernel/errors';
import { TxHooks, toHookTx, txTablesOf, type HookTx } from '../../kernel/hooks';
import { tablesOf, type ModuleDb, type ModuleTx } from '../../kernel/kernel.tables';
import { nextSequence } from '../../kernel/db/db';
import type { SigningKeyStore } from '../../kernel/signing';
import type { LicenseEvent, LicenseHistoryView, LicenseView, LicenseTypeView } from '../../shared/licenses.types';
import type { LicensesNeedsContext } from './licenses.context';
import type { LicensesTables } from './licenses.tables';
import { adjustLicenseKpiCounts, rebuildLicenseKpiCounts } from './licenses.kpi-counts';
import {
  ACTION_LABELS, checkAction, checkHolderId, licenseNo, sequenceName, TRANSITIONS, TYPE_CODE, validToOf,
  type HolderKind, type LicenseAction, type LicenseStatus,
} from './licenses.rules';
import { licenseView, signedOf, typeView, type LicenseRow, type TypeRow } from './licenses.views';
import { parseJson } from '../../kernel/db/db';
import { TtlCache } from '../../kernel/ttl-cache';

/**
 * How long an instance trusts the materials the active license types replace: intake reads them for
 * every batch, and the types change a few times a year. A change made through this instance is seen at
 * once (saveType forgets it); one made through another instance of the same database within this time.
 */
export const REPLACEABLE_CACHE_MS = 5_000;

type Tx = ModuleTx<LicensesTables>;

export interface TypeInput {
  code: string;
  name: string;
  departmentId: number;
  holderKind: HolderKind;
  validityYears: number | null;
  itemCodes: string[];
  replaces: string[];
  active?: boolean;
}

export interface IssueInput {
  typeCode: string;
  holder: { kind: HolderKind; name: string; id: string };
  issueDate: string;
  validFrom?: string;
  validTo?: string | null;
  caseId: number | null;
  caseNo: string | null;
  source: 'case' | 'seed';
  data?: Record<string, string>;
}

export interface ActionInput {
  action: LicenseAction;
  reason: string;
  /** 变更: the new holder name or extra fields. */
  holderName?: string;
  data?: Record<string, string>;
  /** 延续: the new last valid day (default: the type's validity from the old end). */
  validTo?: string | null;
}

export const STAFF_READERS = ['admin', 'leader', 'supervisor', 'clerk', 'reviewer'] as const;

export class LicensesService {
  readonly db: ModuleDb<LicensesTables>;
  /** 证照颁发、变更、延续、注销/吊销/撤销, announced inside the license's transaction (审管联动 subscribes). */
  readonly events = new TxHooks<LicenseEvent>();
  /** The materials the active types replace (one entry); LicenseLibrary.replaceable reads through it. */
  readonly replaceableMaterials = new TtlCache<'all', Set<string>>(REPLACEABLE_CACHE_MS, 1);

  constructor(
    readonly ctx: LicensesNeedsContext,
    readonly signer: SigningKeyStore,
  ) {
    this.db = tablesOf<LicensesTables>(ctx.db);
  }

  // ---- 证照目录 ----

  async listTypes(): Promise<LicenseTypeView[]> {
    const rows = await this.db.selectFrom('licenses_types').selectAll().orderBy('code').execute();
    const counts = await this.db
      .selectFrom('licenses_licenses')
      .select(['type_code', sql<number>`cast(count(*) as integer)`.as('n')])
      .groupBy('type_code')
      .execute();
    const n = new Map(counts.map((c) => [c.type_code, Number(c.n)]));
    return rows.map((r) => typeView(r, n.get(r.code) ?? 0));
  }

  async saveType(actor: Actor, input: TypeInput, id?: number): Promise<LicenseTypeView> {
    const code = input.code.trim().toUpperCase();
    if (!TYPE_CODE.test(code)) throw new AppError('LICENSE_TYPE_CODE_INVALID', 422, '证照类型代码须为2-8位大写字母或数字，以字母开头', { field: 'code' });
    const dept = await this.ctx.services.org.byId(input.departmentId);
    if (!dept) throw new AppError('DEPARTMENT_NOT_FOUND', 422, '发证部门不存在', { field: 'departmentId' });
    const itemCodes = [...new Set(input.itemCodes.map((c) => c.trim()).filter(Boolean))];
    if (this.ctx.services.catalog) {
      for (const c of itemCodes) {
        if (!(await this.ctx.services.catalog.getPublished(c))) throw new AppError('CATALOG_ITEM_NOT_FOUND', 422, `事项 ${c} 不存在或未发布`, { field: 'itemCodes', code: c });
      }
    }
    const now = this.ctx.clock.now().toISOString();
    const values = {
      code,
      name: input.name.trim(),
      department_id: dept.id,
      issuer: dept.name,
      holder_kind: input.holderKind,
      validity_years: input.validityYears,
      item_codes_json: JSON.stringify(itemCodes),
      replaces_json: JSON.stringify([...new Set(input.replaces.map((m) => m.trim()).filter(Boolean))]),
      active: input.active === false ? 0 : 1,
      updated_at: now,
    };
    // Forgotten before and after the commit (a read between the two may see the old types).
    this.replaceableMaterials.clear();
    const saved = await this.db.transaction().execute(async (tx) => {
      const clash = await tx.selectFrom('licenses_types').select('id').where('code', '=', code).executeTakeFirst();
      if (clash && Number(clash.id) !== id) throw new AppError('LICENSE_TYPE_EXISTS', 409, `证照类型代码 ${code} 已存在`, { field: 'code' });
      let row: TypeRow;
      if (id === undefined) {
        row = await tx.insertInto('licenses_types').values({ ...values, created_at: now }).returningAll().executeTakeFirstOrThrow();
      } else {
        const before = await tx.selectFrom('licenses_types').selectAll().where('id', '=', id).executeTakeFirst();
        if (!before) throw notFound('LICENSE_TYPE_NOT_FOUND', '证照类型不存在');
        if (before.code !== code && (await tx.selectFrom('licenses_licenses').select('id').where('type_code', '=', before.code).executeTakeFirst())) {
          throw new AppError('LICENSE_TYPE_IN_USE', 409, '已有证照的类型不能修改代码', { field: 'code' });
        }
        row = await tx.updateTable('licenses_types').set(values).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
      }
      await recordAudit(tx, this.ctx.clock, actor, { action: id === undefined ? 'licenses.type_create' : 'licenses.type_update', subjectType: 'license_type', subjectId: code, after: typeView(row) });
      return typeView(row);
    });
    this.replaceableMaterials.clear();
    return saved;
  }

  // ---- 颁发 ----

  /** The active types issued by an item (read inside the caller's transaction). */
  async typesIssuedBy(tx: Tx | ModuleDb<LicensesTables>, itemCode: string): Promise<TypeRow[]> {
    const rows = await tx.selectFrom('licenses_types').selectAll().where('active', '=', 1).execute();
    return rows.filter((r) => parseJson<string[]>(r.item_codes_json, []).includes(itemCode));
  }

  /** Issues one license inside `tx`: numbered per type and year, signed, audited, announced. */
  async issueIn(tx: Tx, actor: Actor, input: IssueInput): Promise<LicenseRow> {
    const type = await tx.selectFrom('licenses_types').selectAll().where('code', '=', input.typeCode).executeTakeFirst();
    if (!type) throw new AppError('LICENSE_TYPE_UNKNOWN', 422, `证照类型 ${input.typeCode} 不存在`, { field: 'typeCode' });
    const holder = checkHolderId(input.holder.kind, input.holder.id);
    if (!holder.ok) throw new AppError('LICENSE_HOLDER_ID_INVALID', 422, `持证主体证件号码有误：${holder.message}`, { field: 'holderId' });
    const year = input.issueDate.slice(0, 4);
    const seq = await nextSequence(tx, sequenceName(type.code, year));
    const now = this.ctx.clock.now().toISOString();
    const validFrom = input.validFrom ?? input.issueDate;
    const base = {
      license_no: licenseNo(type.code, this.ctx.config.regionCode, year, seq),
      type_code: type.code,
      type_name: type.name,
      holder_kind: input.holder.kind,
      holder_name: input.holder.name.trim(),
      holder_id: holder.value,
      department_id: Number(type.department_id),
      issuer: type.issuer,
      issue_date: input.issueDate,
      valid_from: validFrom,
      valid_to: input.validTo !== undefined ? input.validTo : validToOf(validFrom, type.validity_years === null ? null : Number(type.validity_years)),
      status: 'valid',
      case_id: input.caseId,
      case_no: input.caseNo,
      source: input.source,
      data_json: JSON.stringify(input.data ?? {}),
      version: 1,
      created_at: now,
      updated_at: now,
    };
    const sig = this.signer.sign(signedOf(base));
    const row = await tx.insertInto('licenses_licenses').values({ ...base, kid: sig.kid, signature: sig.signature }).returningAll().executeTakeFirstOrThrow();
    await adjustLicenseKpiCounts(tx, [row]);
    await this.history(tx, row.id, now, 'issue', actor, null, { licenseNo: row.license_no, caseNo: row.case_no, validTo: row.valid_to });
    await recordAudit(tx, this.ctx.clock, actor, { action: 'licenses.issue', subjectType: 'license', subjectId: row.license_no, after: { typeCode: row.type_code, caseNo: row.case_no, validTo: row.valid_to } });
    await this.events.emit(toHookTx(tx), this.eventOf(row, 'issue', null, now));
    return row;
  }

  /** Subscribed to cases' events: an approval of an item that issues types creates the licenses, in the approval's transaction. */
  async onCaseApproved(hookTx: HookTx, e: { caseId: number; caseNo: string; itemCode: string; on: string; actor: Actor; applicant: { type: HolderKind; name: string; idNumber: string } }): Promise<void> {
    const tx = txTablesOf<LicensesTables>(hookTx);
    for (const type of await this.typesIssuedBy(tx, e.itemCode)) {
      await this.issueIn(tx, e.actor, {
        typeCode: type.code,
        holder: { kind: e.applicant.type, name: e.applicant.name, id: e.applicant.idNumber },
        issueDate: e.on,
        caseId: e.caseId,
        caseNo: e.caseNo,
        source: 'case',
      });
    }
  }

  // ---- 变更、延续、注销/吊销/撤销 ----

  async act(actor: Actor, no: string, input: ActionInput): Promise<LicenseView> {
    const reason = input.reason.trim();
    if (!reason) throw new AppError('LICENSE_REASON_REQUIRED', 422, `${ACTION_LABELS[input.action]}须填写理由`, { field: 'reason' });
    const today = this.ctx.calendar.today();
    const row = await this.db.transaction().execute(async (tx) => {
      const before = await tx.selectFrom('licenses_licenses').selectAll().where('license_no', '=', no).executeTakeFirst();
      if (!before || !this.mayAct(actor, before)) throw notFound('LICENSE_NOT_FOUND', `证照 ${no} 不存在`);
      const problem = checkAction(input.action, before.status as LicenseStatus);
      if (problem) throw new AppError('LICENSE_STATE', 409, problem, { status: before.status });
      const now = this.ctx.clock.now().toISOString();
      const next = { ...before, status: TRANSITIONS[input.action].to, version: Number(before.version) + 1, updated_at: now };
      const changed: Record<string, unknown> = {};
      if (input.action === 'change') {
        if (input.holderName !== undefined && input.holderName.trim() && input.holderName.trim() !== before.holder_name) {
          next.holder_name = input.holderName.trim();
          changed.holderName = true;
        }
        if (input.data) {
          next.data_json = JSON.stringify({ ...parseJson<Record<string, string>>(before.data_json, {}), ...input.data });
          changed.fields = Object.keys(input.data);
        }
        if (Object.keys(changed).length === 0) throw new AppError('LICENSE_NOTHING_CHANGED', 422, '变更内容为空', { field: 'holderName' });
      }
      if (input.action === 'renew') {
        const type = await tx.selectFrom('licenses_types').select('validity_years').where('code', '=', before.type_code).executeTakeFirst();
        const years = type?.validity_years ?? null;
        if (before.valid_to === null && input.validTo === undefined) throw new AppError('LICENSE_NO_EXPIRY', 422, '长期有效的证照无需延续', { field: 'validTo' });
        const newTo = input.validTo !== undefined ? input.validTo : validToOf(nextDay(before.valid_to ?? today), years === null ? null : Number(years));
        if (newTo !== null && before.valid_to !== null && newTo <= before.valid_to) {
          throw new AppError('LICENSE_RENEW_DATE', 422, `延续后的有效期须晚于原有效期 ${before.valid_to}`, { field: 'validTo' });
        }
        next.valid_to = newTo;
        changed.validTo = { from: before.valid_to, to: newTo };
      }
      const sig = this.signer.sign(signedOf(next));
      const after = await tx
        .updateTable('licenses_licenses')
        .set({ status: next.status, version: next.version, holder_name: next.holder_name, data_json: next.data_json, valid_to: next.valid_to, kid: sig.kid, signature: sig.signature, updated_at: now })
        .where('id', '=', before.id)
        .where('version', '=', before.version)
        .returningAll()
        .executeTakeFirst();
      if (!after) throw new AppError('LICENSE_CONCURRENT_CHANGE', 409, '证照已被他人修改，请刷新后重试');
      await adjustLicenseKpiCounts(tx, [after], [before]);
      await tx
        .insertInto('licenses_signatures')
        .values({ license_id: before.id, version: Number(before.version), kid: before.kid, signature: before.signature, payload_json: JSON.stringify(signedOf(before)), superseded_at: now })
        .execute();
      await this.history(tx, before.id, now, input.action, actor, reason, changed);
      await recordAudit(tx, this.ctx.clock, actor, {
        action: `licenses.${input.action}`,
        subjectType: 'license',
        subjectId: before.license_no,
        before: { status: before.status, validTo: before.valid_to, version: Number(before.version) },
        after: { status: after.status, validTo: after.valid_to, version: Number(after.version), reason },
      });
      await this.events.emit(toHookTx(tx), this.eventOf(after, input.action, reason, now));
      return after;
    });
    return licenseView(row, today, { unmasked: true });
  }

  /**
   * The licence KPIs' month counts rebuilt from the licences (set-based): after a bulk load that wrote
   * licences past the writes that keep them (the generator).
   */
  async rebuildKpiCounts(): Promise<void> {
    await this.db.transaction().execute((tx) => rebuildLicenseKpiCounts(tx));
  }

  // ---- reads ----

  async list(actor: Actor, q: { q?: string; typeCode?: string; status?: string; page: number; pageSize: number }): Promise<{ items: LicenseView[]; total: number }> {
    let base = this.db.selectFrom('licenses_licenses');
    if (!readsAllDepartments(actor) && !hasRole(actor, 'clerk')) base = base.where('department_id', '=', actor.departmentId ?? -1);
    if (q.typeCode) base = base.where('type_code', '=', q.typeCode);
    if (q.status) base = base.where('status', '=', q.status);
    if (q.q) {
      const term = q.q.trim();
      base = base.where((eb) => eb.or([eb('license_no', '=', term.toUpperCase()), eb('holder_name', 'like', `%${term}%`), eb('case_no', '=', term), eb('holder_id', '=', term.toUpperCase())]));
    }
    const total = Number((await base.select(sql<number>`cast(count(*) as integer)`.as('n')).executeTakeFirstOrThrow()).n);
    const rows = await base.selectAll().orderBy('id', 'desc').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute();
    const today = this.ctx.calendar.today();
    return { items: rows.map((r) => licenseView(r, today)), total };
  }

  async detail(actor: Actor, no: string): Promise<{ license: LicenseView; history: LicenseHistoryView[]; signatureValid: boolean }> {
    const row = await this.db.selectFrom('licenses_licenses').selectAll().where('license_no', '=', no).executeTakeFirst();
    if (!row || !this.mayRead(actor, row)) throw notFound('LICENSE_NOT_FOUND', `证照 ${no} 不存在`);
    const hist = await this.db.selectFrom('licenses_history').selectAll().where('license_id', '=', row.id).orderBy('id').execute();
    return {
      license: licenseView(row, this.ctx.calendar.today(), { unmasked: true }),
      history: hist.map((h) => ({
        at: h.at,
        action: h.action,
        actionLabel: ACTION_LABELS[h.action as LicenseAction] ?? h.action,
        actorName: h.actor_name,
        reason: h.reason,
        data: parseJson<Record<string, unknown>>(h.data_json, {}),
      })),
      signatureValid: this.signer.verify(signedOf(row), row.kid, row.signature),
    };
  }

  /** Licenses of a case (the case page shows what its approval issued). */
  async ofCase(caseNo: string): Promise<LicenseView[]> {
    const rows = await this.db.selectFrom('licenses_licenses').selectAll().where('case_no', '=', caseNo).orderBy('id').execute();
    const today = this.ctx.calendar.today();
    return rows.map((r) => licenseView(r, today));
  }

  private mayRead(actor: Actor, row: LicenseRow): boolean {
    return readsAllDepartments(actor) || hasRole(actor, 'clerk') || actor.departmentId === Number(row.department_id);
  }

  private mayAct(actor: Actor, row: LicenseRow): boolean {
    return hasRole(actor, 'admin') || (hasRole(actor, 'reviewer') && actor.departmentId === Number(row.department_id));
  }

  private async history(tx: Tx, licenseId: number, at: string, action: string, actor: Actor, reason: string | null, data: Record<string, unknown>) {
    await tx.insertInto('licenses_history').values({ license_id: licenseId, at, action, actor_name: actor.name, reason, data_json: JSON.stringify(data) }).execute();
  }

  private eventOf(r: LicenseRow, action: LicenseEvent['action'], reason: string | null, at: string): LicenseEvent {
    return {
      action,
      licenseNo: r.license_no,
      typeCode: r.type_code,
      typeName: r.type_name,
      holderKind: r.holder_kind as HolderKind,
      holderName: r.holder_name,
      holderId: r.holder_id,
      departmentId: Number(r.department_id),
      issuer: r.issuer,
      issueDate: r.issue_date,
      validFrom: r.valid_from,
      validTo: r.valid_to,
      status: r.status as LicenseStatus,
      caseNo: r.case_no,
      reason,
      at,
      on: this.ctx.calendar.today(),
    };
  }
}

function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
