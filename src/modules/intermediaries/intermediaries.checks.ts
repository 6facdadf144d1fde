/**
 * 不得体外循环: at intake, an application for an item on the 中介服务事项清单 (one the applicant may not do
 * themselves) is checked for a finished market project of that service owned by the applicant; none found
 * is a flag, counted and raised as a supervision card for the item's department. A finished project also
 * serves the item's report material (证照免提交 style), so the case shows it as obtained in the market.
 */
import { sql } from 'kysely';
import type { HookTx } from '../../kernel/hooks';
import { txMemo, txTablesOf } from '../../kernel/hooks';
import type { CardSource, KpiSource } from '../../kernel/module';
import type { Period } from '../../shared/period';
import { ratio } from '../../shared/kpi';
import type { Kpi } from '../../shared/kpi.types';
import { maskName } from '../../kernel/validators';
import type { CaseEvent, MaterialAnswer, MaterialQuestion } from '../cases';
import type { MarketEnv, NeededService } from './intermediaries.env';
import type { IntermediariesTables } from './intermediaries.tables';
import { inDepartments, type DepartmentScope } from '../../kernel/db/department-scope';

export const OUTSIDE_MARKET_RULE = 'intermediary_outside_market';

export const INTERMEDIARIES_KPI_NAMES = [
  'intermediaries.listed',
  'intermediaries.projects',
  'intermediaries.marketShare',
  'intermediaries.savingRate',
  'intermediaries.onTimeDeliveryRate',
  'intermediaries.outsideMarket',
] as const;

type Tx = ReturnType<typeof txTablesOf<IntermediariesTables>>;

const neededInTx = txMemo<NeededService[]>();

export class MarketChecks {
  constructor(private readonly env: MarketEnv) {}

  private async finishedProject(tx: Tx, ownerCode: string, serviceId: number) {
    return tx
      .selectFrom('intermediaries_projects')
      .innerJoin('intermediaries_agencies', 'intermediaries_agencies.id', 'intermediaries_projects.selected_agency_id')
      .select(['intermediaries_projects.id', 'intermediaries_projects.project_no', 'intermediaries_projects.report_no', 'intermediaries_agencies.name as agency_name'])
      .where('intermediaries_projects.owner_code', '=', ownerCode.toUpperCase())
      .where('intermediaries_projects.service_id', '=', serviceId)
      .where('intermediaries_projects.status', '=', 'accepted')
      .orderBy('intermediaries_projects.id', 'desc')
      .executeTakeFirst();
  }

  /**
   * The services an item needs: kept per instance for NEEDED_SERVICES_CACHE_MS (intake asks for every
   * batch), read through the caller's transaction on a miss (SQLite has one connection).
   */
  private async needed(tx: Tx, itemCode: string): Promise<NeededService[]> {
    const rows = await this.env.neededServices.get(itemCode, () =>
      tx
        .selectFrom('intermediaries_item_services')
        .innerJoin('intermediaries_services', 'intermediaries_services.id', 'intermediaries_item_services.service_id')
        .select(['intermediaries_item_services.service_id', 'intermediaries_item_services.material_name', 'intermediaries_item_services.self_allowed', 'intermediaries_services.name as service_name'])
        .where('intermediaries_item_services.item_code', '=', itemCode)
        .execute(),
    );
    return rows ?? [];
  }

  /** cases' `beforeSubmit`: the services the batch's items need, read before the county's rows are locked. */
  async beforeSubmit(hookTx: HookTx, itemCodes: readonly string[]): Promise<void> {
    const tx = txTablesOf<IntermediariesTables>(hookTx);
    for (const code of itemCodes) await neededInTx(hookTx, code, () => this.needed(tx, code));
  }

  /** cases' `submit` step: one check row per needed service, flagged when bought outside the market. */
  async onCaseEvent(hookTx: HookTx, e: CaseEvent): Promise<void> {
    if (e.action !== 'submit') return;
    const tx = txTablesOf<IntermediariesTables>(hookTx);
    // Read once per item and transaction: a group-committed batch of intakes calls this for every case.
    const needs = (await neededInTx(hookTx, e.itemCode, () => this.needed(tx, e.itemCode))).filter((n) => n.self_allowed === 0);
    for (const n of needs) {
      const p = await this.finishedProject(tx, e.applicant.idNumber, n.service_id);
      await tx
        .insertInto('intermediaries_checks')
        .values({
          case_id: e.caseId,
          case_no: e.caseNo,
          item_code: e.itemCode,
          item_name: e.itemName,
          service_id: n.service_id,
          department_id: e.departmentId,
          applicant_name: e.applicant.name,
          project_id: p?.id ?? null,
          flagged: p ? 0 : 1,
          on_date: e.on,
          at: e.at,
        })
        .execute();
    }
  }

  /** The report materials a finished market project stands in for. */
  async materialSources(hookTx: HookTx, q: MaterialQuestion): Promise<MaterialAnswer[]> {
    const tx = txTablesOf<IntermediariesTables>(hookTx);
    const open = new Set(q.materials.map((m) => m.name));
    const out: MaterialAnswer[] = [];
    for (const n of await this.needed(tx, q.itemCode)) {
      if (!n.material_name || !open.has(n.material_name)) continue;
      const p = await this.finishedProject(tx, q.applicant.idNumber, n.service_id);
      if (p) out.push({ name: n.material_name, source: { kind: 'intermediary_report', ref: p.project_no, label: `${n.service_name}成果（中介服务超市项目 ${p.project_no}，${p.agency_name}${p.report_no ? `，报告编号 ${p.report_no}` : ''}）` } });
    }
    return out;
  }

  async flags(q: { departmentId: number | null; from?: string; to?: string; page: number; pageSize: number }) {
    let query = this.env.db.selectFrom('intermediaries_checks').where('flagged', '=', 1);
    if (q.departmentId !== null) query = query.where('department_id', '=', q.departmentId);
    if (q.from) query = query.where('on_date', '>=', q.from);
    if (q.to) query = query.where('on_date', '<=', q.to);
    const total = Number((await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const rows = await query.selectAll().orderBy('id', 'desc').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute();
    const names = await this.env.serviceNames();
    const depts = new Map((await this.env.ctx.services.org.all()).map((d) => [d.id, d.name]));
    return {
      items: rows.map((r) => ({
        id: r.id,
        caseNo: r.case_no,
        itemCode: r.item_code,
        itemName: r.item_name,
        serviceName: names.get(r.service_id) ?? '',
        departmentId: r.department_id,
        departmentName: depts.get(r.department_id) ?? '',
        applicantName: maskName(r.applicant_name),
        on: r.on_date,
      })),
      total,
    };
  }

  cardSource(): CardSource {
    return {
      name: 'intermediaries',
      candidates: async (_now, today) => {
        const { flagLookbackDays } = await this.env.settings.get();
        const since = new Date(Date.parse(`${today}T00:00:00Z`) - flagLookbackDays * 86_400_000).toISOString().slice(0, 10);
        const names = await this.env.serviceNames();
        const rows = await this.env.db.selectFrom('intermediaries_checks').selectAll().where('flagged', '=', 1).where('on_date', '>=', since).execute();
        return rows.map((r) => ({
          subjectType: 'case',
          subjectId: r.case_no,
          subjectLabel: r.case_no,
          rule: OUTSIDE_MARKET_RULE,
          color: 'yellow' as const,
          departmentId: r.department_id,
          dueAt: r.on_date,
          detail: { caseNo: r.case_no, itemName: r.item_name, service: names.get(r.service_id) ?? '', applicant: maskName(r.applicant_name) },
        }));
      },
    };
  }

  readonly kpiSource: KpiSource = { kpis: (period, departments) => this.kpis(period, departments) };

  async kpis(period: Period, departments: DepartmentScope): Promise<Record<string, Kpi>> {
    const db = this.env.db;
    const n = sql<number>`cast(count(*) as integer)`;
    const listed = await db.selectFrom('intermediaries_agencies').select(['status', n.as('n')]).groupBy('status').execute();
    const listedN = listed.find((r) => r.status === 'listed')?.n ?? 0;
    const allAgencies = listed.reduce((s, r) => s + Number(r.n), 0);
    let projects = db.selectFrom('intermediaries_projects').where('created_on', '>=', period.from).where('created_on', '<=', period.to);
    projects = projects.where(inDepartments('owner_department_id', departments));
    const posted = Number((await projects.select(n.as('n')).executeTakeFirstOrThrow()).n);
    let contracted = db.selectFrom('intermediaries_projects').where('contracted_on', '>=', period.from).where('contracted_on', '<=', period.to);
    contracted = contracted.where(inDepartments('owner_department_id', departments));
    const money = await contracted
      .select([sql<number>`cast(coalesce(sum(budget_cents), 0) as integer)`.as('budget'), sql<number>`cast(coalesce(sum(price_cents), 0) as integer)`.as('price')])
      .executeTakeFirstOrThrow();
    let delivered = db.selectFrom('intermediaries_projects').where('delivered_on', '>=', period.from).where('delivered_on', '<=', period.to);
    delivered = delivered.where(inDepartments('owner_department_id', departments));
    const del = await delivered
      .select([n.as('n'), sql<number>`cast(coalesce(sum(case when delivered_on <= delivery_due then 1 else 0 end), 0) as integer)`.as('on_time')])
      .executeTakeFirstOrThrow();
    let checks = db.selectFrom('intermediaries_checks').where('on_date', '>=', period.from).where('on_date', '<=', period.to);
    checks = checks.where(inDepartments('department_id', departments));
    const ch = await checks.select([n.as('n'), sql<number>`cast(coalesce(sum(flagged), 0) as integer)`.as('flagged')]).executeTakeFirstOrThrow();
    const checked = Number(ch.n);
    const flagged = Number(ch.flagged);
    return {
      'intermediaries.listed': ratio(Number(listedN), allAgencies),
      'intermediaries.projects': ratio(posted, posted),
      'intermediaries.marketShare': ratio(checked - flagged, checked),
      'intermediaries.savingRate': ratio((Number(money.budget) - Number(money.price)) / 100, Number(money.budget) / 100),
      'intermediaries.onTimeDeliveryRate': ratio(Number(del.on_time), Number(del.n)),
      'intermediaries.outsideMarket': ratio(flagged, checked),
    };
  }
}
