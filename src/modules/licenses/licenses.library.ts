/**
 * The library at work: the public verification (by number + holder name or by the QR code), 证照免提交 at
 * intake (the applicant's valid licenses stand in for materials, and what was served is counted), and KPIs.
 */
import { sql } from 'kysely';
import { AppError } from '../../kernel/errors';
import { txMemo, txTablesOf, type HookTx } from '../../kernel/hooks';
import type { KpiRecords, KpiRecordsQuery } from '../../kernel/module';
import type { Period } from '../../shared/period';
import { ratio, type Kpi } from '../../shared/kpi';
import { parseJson } from '../../kernel/db/db';
import type { CaseMaterial } from '../../shared/cases.types';
import type { ExpiredLicenseRef, ExpiredLicenseServed, LicenseRiskReads, LicenseVerification } from '../../shared/licenses.types';
import type { LicensesService } from './licenses.service';
import type { LicensesTables } from './licenses.tables';
import { normalizeLicenseNo, qrResultOf, STATUS_LABELS, SUPERSEDED_LABEL, type LicenseStatus } from './licenses.rules';
import { licenseView, signedOf, type LicenseRow } from './licenses.views';
import { inDepartments, type DepartmentScope } from '../../kernel/db/department-scope';
import { licenseKpiCounts } from './licenses.kpi-counts';

const RESULT_LABELS: Record<LicenseVerification['result'], string> = {
  valid: '有效',
  expired: '已过期',
  revoked: '已注销/吊销/撤销',
  unknown: '未找到',
  invalid: '签名无效',
  superseded: SUPERSEDED_LABEL,
};

export const LICENSE_KPI_NAMES = ['licenses.issued', 'licenses.types', 'licenses.inLibrary', 'licenses.reuseRate'] as const;

export interface MaterialQuestionLike {
  itemCode: string;
  applicant: { type: 'person' | 'organization'; name: string; idNumber: string };
  materials: CaseMaterial[];
  today: string;
}

/** The materials active license types replace, read once per transaction (a batch of intakes). */
const replaceableInTx = txMemo<Set<string>>();

export class LicenseLibrary implements LicenseRiskReads {
  constructor(private readonly svc: LicensesService) {}

  private get db() {
    return this.svc.db;
  }

  /**
   * The public check. Unknown numbers and a holder name that does not match answer 404; a signature that
   * does not verify (a forged QR code, a tampered record) answers 422 — both with `details.result`.
   */
  async verify(input: { no: string; holderName?: string; kid?: string; sig?: string }): Promise<LicenseVerification> {
    const no = normalizeLicenseNo(input.no);
    if (!/^[A-Z0-9]{6,64}$/.test(no)) throw new AppError('LICENSE_NO_INVALID', 422, '证照编号格式不正确', { field: 'no', result: 'unknown' });
    if (!input.holderName?.trim() && !input.sig) throw new AppError('LICENSE_VERIFY_INPUT', 422, '请填写持证人名称，或扫描证照上的二维码', { field: 'holderName' });
    const row = await this.db.selectFrom('licenses_licenses').selectAll().where('license_no', '=', no).executeTakeFirst();
    const unknown = () => new AppError('LICENSE_UNKNOWN', 404, '未找到该证照，请核对证照编号和持证人名称', { result: 'unknown' });
    if (!row) throw unknown();
    if (input.holderName?.trim() && input.holderName.normalize('NFKC').trim() !== row.holder_name) throw unknown();
    let signature: 'current' | 'earlier' = 'current';
    if (input.sig !== undefined && (input.sig !== row.signature || (input.kid !== undefined && input.kid !== row.kid))) {
      // A QR code printed before a 变更/延续 carries the earlier version's signature: genuine, but superseded.
      if (!(await this.earlierSignature(row.id, input.sig, input.kid))) {
        throw new AppError('LICENSE_SIGNATURE_INVALID', 422, '二维码签名与证照库记录不符，该证照可能系伪造，请以证照库为准', { result: 'invalid' });
      }
      signature = 'earlier';
    }
    if (!this.svc.signer.verify(signedOf(row), row.kid, row.signature)) {
      throw new AppError('LICENSE_SIGNATURE_INVALID', 422, '证照签名校验失败，该证照信息可能被篡改', { result: 'invalid' });
    }
    const today = this.svc.ctx.calendar.today();
    const result = qrResultOf(row.status as LicenseStatus, row.valid_to, today, signature);
    return {
      result,
      resultLabel: result === 'revoked' ? STATUS_LABELS[row.status as LicenseStatus] : RESULT_LABELS[result],
      signatureValid: true,
      license: {
        licenseNo: row.license_no,
        typeName: row.type_name,
        holderName: row.holder_name,
        issuer: row.issuer,
        issueDate: row.issue_date,
        validFrom: row.valid_from,
        validTo: row.valid_to,
        status: row.status as LicenseStatus,
        statusLabel: STATUS_LABELS[row.status as LicenseStatus],
      },
      checkedAt: this.svc.ctx.clock.now().toISOString(),
    };
  }

  /** True when `sig` is a signature this license carried at an earlier version and it still verifies over that version's payload. */
  private async earlierSignature(licenseId: number, sig: string, kid: string | undefined): Promise<boolean> {
    const earlier = await this.db.selectFrom('licenses_signatures').select(['kid', 'signature', 'payload_json']).where('license_id', '=', licenseId).where('signature', '=', sig).executeTakeFirst();
    if (!earlier || (kid !== undefined && kid !== earlier.kid)) return false;
    return this.svc.signer.verify(parseJson<unknown>(earlier.payload_json, null), earlier.kid, earlier.signature);
  }

  /** What the QR code on a printed license carries: the public page's address with number, kid and signature. */
  qrPath(row: Pick<LicenseRow, 'license_no' | 'kid' | 'signature'>): string {
    return `/verify/license?no=${encodeURIComponent(row.license_no)}&kid=${encodeURIComponent(row.kid)}&sig=${encodeURIComponent(row.signature)}`;
  }

  /**
   * 证照免提交 (asked by cases inside the intake transaction): for each open material some active type can
   * replace, the applicant's valid, unexpired license of that type, found by ID/USCC.
   */
  async materialSources(hookTx: HookTx, q: MaterialQuestionLike): Promise<{ name: string; source: { kind: 'license'; ref: string; label: string } }[]> {
    const tx = txTablesOf<LicensesTables>(hookTx);
    const types = await tx.selectFrom('licenses_types').select(['code', 'replaces_json']).where('active', '=', 1).execute();
    const byMaterial = new Map<string, string[]>();
    for (const t of types) for (const m of parseJson<string[]>(t.replaces_json, [])) byMaterial.set(m, [...(byMaterial.get(m) ?? []), t.code]);
    const wanted = q.materials.filter((m) => !m.provided && byMaterial.has(m.name));
    if (wanted.length === 0) return [];
    const codes = [...new Set(wanted.flatMap((m) => byMaterial.get(m.name)!))];
    const held = await tx
      .selectFrom('licenses_licenses')
      .select(['license_no', 'type_code', 'type_name'])
      .where('holder_id', '=', q.applicant.idNumber.toUpperCase())
      .where('type_code', 'in', codes)
      .where('status', '=', 'valid')
      .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', q.today)]))
      .orderBy('id', 'desc')
      .execute();
    const out = [];
    for (const m of wanted) {
      const lic = held.find((h) => byMaterial.get(m.name)!.includes(h.type_code));
      if (lic) out.push({ name: m.name, source: { kind: 'license' as const, ref: lic.license_no, label: `${lic.type_name} ${lic.license_no}` } });
    }
    return out;
  }

  /** On a new case: count the materials the library could have served and those it did (licenses.reuseRate). */
  /**
   * The materials active license types replace: the same set for a whole transaction, kept per instance
   * for REPLACEABLE_CACHE_MS (licenses.service.ts) and read through the caller's transaction on a miss.
   * Called by cases' `beforeSubmit` too, so a batch of intakes has it before its county's rows are locked.
   */
  replaceable(hookTx: HookTx): Promise<Set<string>> {
    return replaceableInTx(hookTx, '', async () => {
      const set = await this.svc.replaceableMaterials.get('all', async () => {
        const types = await txTablesOf<LicensesTables>(hookTx).selectFrom('licenses_types').select('replaces_json').where('active', '=', 1).execute();
        return new Set(types.flatMap((t) => parseJson<string[]>(t.replaces_json, [])));
      });
      return set ?? new Set();
    });
  }

  async recordReuse(hookTx: HookTx, e: { caseId: number; caseNo: string; on: string; departmentId: number; itemCode: string; materials: CaseMaterial[] }): Promise<void> {
    const tx = txTablesOf<LicensesTables>(hookTx);
    const replaceable = await this.replaceable(hookTx);
    const rows = e.materials
      .filter((m) => replaceable.has(m.name) && (m.required || m.servedBy?.kind === 'license'))
      .map((m) => ({
        case_id: e.caseId,
        case_no: e.caseNo,
        on_date: e.on,
        department_id: e.departmentId,
        item_code: e.itemCode,
        material_name: m.name,
        license_no: m.servedBy?.kind === 'license' ? m.servedBy.ref : null,
      }));
    if (rows.length > 0) await tx.insertInto('licenses_reuse').values(rows).execute();
  }

  // ---- 风险核查 (asked by 互联网+监管) ----

  async expiredServed(today: string): Promise<ExpiredLicenseServed[]> {
    const rows = await this.db
      .selectFrom('licenses_reuse as r')
      .innerJoin('licenses_licenses as l', 'l.license_no', 'r.license_no')
      .select(['l.license_no', 'l.type_name', 'l.holder_name', 'l.department_id', 'l.valid_to', 'r.case_no', 'r.on_date', 'r.department_id as case_department_id'])
      .where('r.license_no', 'is not', null)
      .where('l.status', '=', 'valid')
      .where('l.valid_to', 'is not', null)
      .where('l.valid_to', '<', today)
      .orderBy('r.id')
      .execute();
    return rows.map((r) => ({
      licenseNo: r.license_no,
      typeName: r.type_name,
      holderName: r.holder_name,
      departmentId: Number(r.department_id),
      validTo: r.valid_to!,
      caseNo: r.case_no,
      servedOn: r.on_date,
      caseDepartmentId: Number(r.case_department_id),
    }));
  }

  async expiredAmong(licenseNos: readonly string[], today: string): Promise<ExpiredLicenseRef[]> {
    const out: ExpiredLicenseRef[] = [];
    const unique = [...new Set(licenseNos)];
    for (let i = 0; i < unique.length; i += 500) {
      const rows = await this.db
        .selectFrom('licenses_licenses')
        .select(['license_no', 'type_name', 'holder_name', 'department_id', 'valid_to'])
        .where('license_no', 'in', unique.slice(i, i + 500))
        .where('status', '=', 'valid')
        .where('valid_to', 'is not', null)
        .where('valid_to', '<', today)
        .execute();
      for (const r of rows) out.push({ licenseNo: r.license_no, typeName: r.type_name, holderName: r.holder_name, departmentId: Number(r.department_id), validTo: r.valid_to! });
    }
    return out;
  }

  // ---- KPIs ----

  async kpis(period: Period, departments: DepartmentScope): Promise<Record<string, Kpi>> {
    // Month counts kept by every licence write, and only the days around the period's whole months live
    // (licenses.kpi-counts.ts; issue 19: one pass over the covering index took ≈ 96 ms for a province).
    const { issued, upTo, inForce } = await licenseKpiCounts(this.db, period, departments);
    let typesQ = this.db.selectFrom('licenses_types');
    typesQ = typesQ.where(inDepartments('department_id', departments));
    const types = await typesQ.select(['active', sql<number>`cast(count(*) as integer)`.as('n')]).groupBy('active').execute();
    const activeTypes = types.filter((t) => Number(t.active) === 1).reduce((s, t) => s + Number(t.n), 0);
    const allTypes = types.reduce((s, t) => s + Number(t.n), 0);
    let reuseQ = this.db.selectFrom('licenses_reuse').where('on_date', '>=', period.from).where('on_date', '<=', period.to);
    reuseQ = reuseQ.where(inDepartments('department_id', departments));
    const reuse = await reuseQ
      .select([sql<number>`cast(count(*) as integer)`.as('n'), sql<number>`cast(count(license_no) as integer)`.as('served')])
      .executeTakeFirstOrThrow();
    return {
      'licenses.issued': ratio(issued, upTo),
      'licenses.types': ratio(activeTypes, allTypes),
      'licenses.inLibrary': ratio(inForce, upTo),
      'licenses.reuseRate': ratio(Number(reuse.served), Number(reuse.n)),
    };
  }

  async records(kpi: string, part: 'numerator' | 'denominator', q: KpiRecordsQuery): Promise<KpiRecords | null> {
    if (!(LICENSE_KPI_NAMES as readonly string[]).includes(kpi)) return null;
    const period = { from: q.from, to: q.to };
    const departmentId = q.departmentId ?? null;
    const { limit, offset } = q;
    if (kpi === 'licenses.reuseRate') {
      let b = this.db.selectFrom('licenses_reuse').where('on_date', '>=', period.from).where('on_date', '<=', period.to);
      if (departmentId !== null) b = b.where(inDepartments('department_id', departmentId));
      if (part === 'numerator') b = b.where('license_no', 'is not', null);
      const total = Number((await b.select(sql<number>`cast(count(*) as integer)`.as('n')).executeTakeFirstOrThrow()).n);
      const rows = await b.selectAll().orderBy('id').limit(limit).offset(offset).execute();
      return { kind: 'license_reuse', total, items: rows.map((r) => ({ caseNo: r.case_no, on: r.on_date, material: r.material_name, licenseNo: r.license_no })) };
    }
    if (kpi === 'licenses.types') {
      let b = this.db.selectFrom('licenses_types');
      if (departmentId !== null) b = b.where(inDepartments('department_id', departmentId));
      if (part === 'numerator') b = b.where('active', '=', 1);
      const rows = await b.selectAll().orderBy('code').execute();
      return { kind: 'license_type', total: rows.length, items: rows.slice(offset, offset + limit).map((r) => ({ code: r.code, name: r.name, issuer: r.issuer })) };
    }
    let b = this.licensesQ(departmentId).where('issue_date', '<=', period.to);
    if (part === 'numerator' && kpi === 'licenses.issued') b = b.where('source', '!=', 'import').where('issue_date', '>=', period.from);
    if (part === 'numerator' && kpi === 'licenses.inLibrary') b = b.where('status', '=', 'valid').where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', period.to)]));
    const total = Number((await b.select(sql<number>`cast(count(*) as integer)`.as('n')).executeTakeFirstOrThrow()).n);
    const rows = await b.selectAll().orderBy('id').limit(limit).offset(offset).execute();
    const today = this.svc.ctx.calendar.today();
    return { kind: 'license', total, items: rows.map((r) => licenseView(r, today)) };
  }

  private licensesQ(departments: DepartmentScope) {
    return this.db.selectFrom('licenses_licenses').where(inDepartments('department_id', departments));
  }
}
