/**
 * 预算执行与资产 (issue 18 item 3): the finance officer's budget lines (预算数, 调整数, 执行数 → 执行率),
 * the 政府采购 plan against what was bought, the 固定资产 register and its year-end 盘点. The figures are
 * KPIs with numerator and denominator (in 元), so the report and the indicator table can bind them.
 */
import type { Actor } from '../../kernel/auth/actor';
import { hasRole } from '../../kernel/auth/actor';
import { recordAudit } from '../../kernel/audit/audit';
import { forbidden, notFound, unprocessable } from '../../kernel/errors';
import { tablesOf } from '../../kernel/kernel.tables';
import type { KpiRecords, KpiRecordsQuery } from '../../kernel/module';
import { ratio } from '../../shared/kpi';
import type { Kpi } from '../../shared/kpi.types';
import type { Period } from '../../shared/period';
import { ASSET_CHECK_LABELS, BUDGET_CATEGORY_LABELS, type AssetCheckResult, type BudgetCategory } from '../../shared/performance.types';
import type { PerformanceNeedsContext } from './performance.context';
import { executionRate } from './performance.rules';
import type { PerformanceDb, PerformanceTables } from './performance.tables';
import type { DepartmentScope } from '../../kernel/db/department-scope';

const FINANCE = ['finance', 'admin'] as const;
const cents = (yuan: number) => Math.round(yuan * 100);
const yuan = (c: number | null) => (c === null ? null : c / 100);

export interface BudgetLineInput {
  year: number;
  category: BudgetCategory;
  name: string;
  budget: number;
  adjustment: number;
  executed: number;
}
export interface ProcurementInput {
  year: number;
  item: string;
  method: string;
  planned: number;
  purchased?: number | null;
  purchasedOn?: string | null;
}
export interface AssetInput {
  code: string;
  name: string;
  category: string;
  value: number;
  acquiredOn: string;
  location: string;
  keeper: string;
}

export const PERFORMANCE_KPIS = [
  'performance.budgetExecutionRate',
  'performance.basicExecutionRate',
  'performance.projectExecutionRate',
  'performance.procurementExecutionRate',
  'performance.assetMatchRate',
] as const;

const money = (field: string, v: number, allowNegative = false) => {
  if (!Number.isFinite(v) || (!allowNegative && v < 0)) throw unprocessable('AMOUNT_INVALID', allowNegative ? '金额须为数字' : '金额不能为负数', { field });
};

export class PerformanceFinanceService {
  private readonly db: PerformanceDb;

  constructor(private readonly ctx: PerformanceNeedsContext) {
    this.db = tablesOf<PerformanceTables>(ctx.db);
  }

  private must(actor: Actor) {
    if (!hasRole(actor, ...FINANCE)) throw forbidden('只有财务人员可以维护预算、采购和资产');
  }

  private checkBudget(input: BudgetLineInput) {
    if (!input.name.trim()) throw unprocessable('BUDGET_NAME_REQUIRED', '请填写预算项目名称', { field: 'name' });
    money('budget', input.budget);
    money('adjustment', input.adjustment, true);
    money('executed', input.executed);
    if (input.budget + input.adjustment < 0) throw unprocessable('AMOUNT_INVALID', '调整后预算不能为负数', { field: 'adjustment' });
  }

  async budgetLines(year: number) {
    const rows = await this.db.selectFrom('performance_budget_lines').selectAll().where('year', '=', year).orderBy('category').orderBy('id').execute();
    const items = rows.map((r) => ({
      id: r.id,
      year: r.year,
      category: r.category as BudgetCategory,
      categoryLabel: BUDGET_CATEGORY_LABELS[r.category as BudgetCategory],
      name: r.name,
      budget: yuan(r.budget_cents)!,
      adjustment: yuan(r.adjustment_cents)!,
      adjusted: yuan(r.budget_cents + r.adjustment_cents)!,
      executed: yuan(r.executed_cents)!,
      executionRate: executionRate(r.budget_cents, r.adjustment_cents, r.executed_cents),
      updatedByName: r.updated_by_name,
      updatedAt: r.updated_at,
    }));
    const sum = (f: (x: (typeof rows)[number]) => number) => rows.reduce((s, r) => s + f(r), 0);
    const b = sum((r) => r.budget_cents);
    const a = sum((r) => r.adjustment_cents);
    const e = sum((r) => r.executed_cents);
    return { items, total: items.length, totals: { budget: b / 100, adjustment: a / 100, adjusted: (b + a) / 100, executed: e / 100, executionRate: executionRate(b, a, e) } };
  }

  async saveBudgetLine(actor: Actor, input: BudgetLineInput, id?: number) {
    this.must(actor);
    this.checkBudget(input);
    const values = {
      year: input.year,
      category: input.category,
      name: input.name.trim(),
      budget_cents: cents(input.budget),
      adjustment_cents: cents(input.adjustment),
      executed_cents: cents(input.executed),
      updated_by_name: actor.name,
      updated_at: this.ctx.clock.now().toISOString(),
    };
    return this.db.transaction().execute(async (tx) => {
      let lineId = id;
      let before: unknown;
      if (id === undefined) {
        lineId = (await tx.insertInto('performance_budget_lines').values(values).returning('id').executeTakeFirstOrThrow()).id;
      } else {
        const row = await tx.selectFrom('performance_budget_lines').selectAll().where('id', '=', id).executeTakeFirst();
        if (!row) throw notFound('BUDGET_LINE_NOT_FOUND', `预算项目 ${id} 不存在`);
        before = { budget: row.budget_cents, adjustment: row.adjustment_cents, executed: row.executed_cents };
        await tx.updateTable('performance_budget_lines').set(values).where('id', '=', id).execute();
      }
      await recordAudit(tx, this.ctx.clock, actor, {
        action: id === undefined ? 'performance.budget_line_added' : 'performance.budget_line_updated',
        subjectType: 'performance_budget_line',
        subjectId: lineId!,
        before,
        after: { year: values.year, category: values.category, name: values.name, budget: values.budget_cents, adjustment: values.adjustment_cents, executed: values.executed_cents },
      });
      return { id: lineId! };
    });
  }

  async procurements(year: number) {
    const rows = await this.db.selectFrom('performance_procurements').selectAll().where('year', '=', year).orderBy('id').execute();
    const planned = rows.reduce((s, r) => s + r.planned_cents, 0);
    const purchased = rows.reduce((s, r) => s + (r.purchased_cents ?? 0), 0);
    return {
      items: rows.map((r) => ({ id: r.id, year: r.year, item: r.item, method: r.method, planned: yuan(r.planned_cents)!, purchased: yuan(r.purchased_cents), purchasedOn: r.purchased_on, updatedByName: r.updated_by_name })),
      total: rows.length,
      totals: { planned: planned / 100, purchased: purchased / 100, executionRate: planned > 0 ? purchased / planned : null },
    };
  }

  async saveProcurement(actor: Actor, input: ProcurementInput, id?: number) {
    this.must(actor);
    if (!input.item.trim()) throw unprocessable('PROCUREMENT_ITEM_REQUIRED', '请填写采购项目', { field: 'item' });
    if (!input.method.trim()) throw unprocessable('PROCUREMENT_METHOD_REQUIRED', '请填写采购方式', { field: 'method' });
    money('planned', input.planned);
    if (input.purchased !== undefined && input.purchased !== null) {
      money('purchased', input.purchased);
      if (!input.purchasedOn) throw unprocessable('PURCHASE_DATE_REQUIRED', '请填写采购日期', { field: 'purchasedOn' });
      if (input.purchasedOn > this.ctx.calendar.today()) throw unprocessable('PURCHASE_DATE_FUTURE', '采购日期不能晚于今天', { field: 'purchasedOn' });
    }
    const values = {
      year: input.year,
      item: input.item.trim(),
      method: input.method.trim(),
      planned_cents: cents(input.planned),
      purchased_cents: input.purchased === undefined || input.purchased === null ? null : cents(input.purchased),
      purchased_on: input.purchased === undefined || input.purchased === null ? null : (input.purchasedOn ?? null),
      updated_by_name: actor.name,
      updated_at: this.ctx.clock.now().toISOString(),
    };
    return this.db.transaction().execute(async (tx) => {
      let pid = id;
      if (id === undefined) pid = (await tx.insertInto('performance_procurements').values(values).returning('id').executeTakeFirstOrThrow()).id;
      else {
        const row = await tx.selectFrom('performance_procurements').select('id').where('id', '=', id).executeTakeFirst();
        if (!row) throw notFound('PROCUREMENT_NOT_FOUND', `采购项目 ${id} 不存在`);
        await tx.updateTable('performance_procurements').set(values).where('id', '=', id).execute();
      }
      await recordAudit(tx, this.ctx.clock, actor, { action: id === undefined ? 'performance.procurement_added' : 'performance.procurement_updated', subjectType: 'performance_procurement', subjectId: pid!, after: values });
      return { id: pid! };
    });
  }

  /** The register as of a year's end, with that year's 盘点 result of each asset. */
  async assets(year: number) {
    const end = `${year}-12-31`;
    const rows = await this.db
      .selectFrom('performance_assets as a')
      .leftJoin('performance_asset_checks as c', (j) => j.onRef('c.asset_id', '=', 'a.id').on('c.year', '=', year))
      .select(['a.id', 'a.code', 'a.name', 'a.category', 'a.value_cents', 'a.acquired_on', 'a.location', 'a.keeper', 'a.disposed_on', 'c.result', 'c.note', 'c.checked_by_name', 'c.checked_on'])
      .where('a.acquired_on', '<=', end)
      .where((eb) => eb.or([eb('a.disposed_on', 'is', null), eb('a.disposed_on', '>', end)]))
      .orderBy('a.code')
      .execute();
    const matched = rows.filter((r) => r.result === 'match').length;
    return {
      items: rows.map((r) => ({
        id: r.id,
        code: r.code,
        name: r.name,
        category: r.category,
        value: r.value_cents / 100,
        acquiredOn: r.acquired_on,
        location: r.location,
        keeper: r.keeper,
        check: r.result ? { result: r.result as AssetCheckResult, resultLabel: ASSET_CHECK_LABELS[r.result as AssetCheckResult], note: r.note, checkedByName: r.checked_by_name, checkedOn: r.checked_on! } : null,
      })),
      total: rows.length,
      totals: { value: rows.reduce((s, r) => s + r.value_cents, 0) / 100, checked: rows.filter((r) => r.result).length, matched, matchRate: rows.length ? matched / rows.length : null },
    };
  }

  async addAsset(actor: Actor, input: AssetInput) {
    this.must(actor);
    for (const f of ['code', 'name', 'category', 'location', 'keeper'] as const) {
      if (!input[f].trim()) throw unprocessable('ASSET_FIELD_REQUIRED', '请填写资产的编号、名称、类别、存放地点和保管人', { field: f });
    }
    money('value', input.value);
    if (input.acquiredOn > this.ctx.calendar.today()) throw unprocessable('ASSET_DATE_FUTURE', '取得日期不能晚于今天', { field: 'acquiredOn' });
    const code = input.code.trim();
    return this.db.transaction().execute(async (tx) => {
      if (await tx.selectFrom('performance_assets').select('id').where('code', '=', code).executeTakeFirst()) {
        throw unprocessable('ASSET_CODE_TAKEN', `资产编号 ${code} 已登记`, { field: 'code' });
      }
      const values = { code, name: input.name.trim(), category: input.category.trim(), value_cents: cents(input.value), acquired_on: input.acquiredOn, location: input.location.trim(), keeper: input.keeper.trim(), created_at: this.ctx.clock.now().toISOString() };
      const { id } = await tx.insertInto('performance_assets').values(values).returning('id').executeTakeFirstOrThrow();
      await recordAudit(tx, this.ctx.clock, actor, { action: 'performance.asset_added', subjectType: 'performance_asset', subjectId: id, after: values });
      return { id };
    });
  }

  /** The year-end 盘点 of one asset (recorded again, it replaces the year's earlier result). */
  async checkAsset(actor: Actor, assetId: number, input: { year: number; result: AssetCheckResult; note?: string }) {
    this.must(actor);
    if (input.result !== 'match' && !input.note?.trim()) throw unprocessable('CHECK_NOTE_REQUIRED', '账实不符或盘亏须说明情况', { field: 'note' });
    const today = this.ctx.calendar.today();
    if (`${input.year}-01-01` > today) throw unprocessable('CHECK_YEAR_FUTURE', '不能登记尚未开始年度的盘点', { field: 'year' });
    return this.db.transaction().execute(async (tx) => {
      const asset = await tx.selectFrom('performance_assets').select(['id', 'code']).where('id', '=', assetId).executeTakeFirst();
      if (!asset) throw notFound('ASSET_NOT_FOUND', `资产 ${assetId} 不存在`);
      const before = await tx.selectFrom('performance_asset_checks').selectAll().where('year', '=', input.year).where('asset_id', '=', assetId).executeTakeFirst();
      const values = { result: input.result, note: input.note?.trim() || null, checked_by_name: actor.name, checked_on: today };
      if (before) await tx.updateTable('performance_asset_checks').set(values).where('id', '=', before.id).execute();
      else await tx.insertInto('performance_asset_checks').values({ year: input.year, asset_id: assetId, ...values }).execute();
      await recordAudit(tx, this.ctx.clock, actor, { action: 'performance.asset_checked', subjectType: 'performance_asset', subjectId: assetId, before: before ? { result: before.result } : undefined, after: { year: input.year, result: input.result } });
      return { assetId, year: input.year, ...values };
    });
  }

  private yearsOf(period: Period): [number, number] {
    return [Number(period.from.slice(0, 4)), Number(period.to.slice(0, 4))];
  }

  /** KPI source: 预算执行率 (all, 基本支出, 项目支出), 政府采购执行率, 固定资产账实相符率 — amounts in 元. */
  async kpis(period: Period, departments: DepartmentScope): Promise<Record<string, Kpi>> {
    const whole = departments == null;
    // The bureau's own budget: a department filter selects nothing of it.
    const [y1, y2] = this.yearsOf(period);
    const lines = whole ? await this.db.selectFrom('performance_budget_lines').selectAll().where('year', '>=', y1).where('year', '<=', y2).execute() : [];
    const of = (cat?: string) => {
      const ls = lines.filter((l) => !cat || l.category === cat);
      return ratio(ls.reduce((s, l) => s + l.executed_cents, 0) / 100, ls.reduce((s, l) => s + l.budget_cents + l.adjustment_cents, 0) / 100);
    };
    const procs = whole ? await this.db.selectFrom('performance_procurements').selectAll().where('year', '>=', y1).where('year', '<=', y2).execute() : [];
    const assets = whole ? await this.assets(y2) : null;
    return {
      'performance.budgetExecutionRate': of(),
      'performance.basicExecutionRate': of('basic'),
      'performance.projectExecutionRate': of('project'),
      'performance.procurementExecutionRate': ratio(procs.reduce((s, p) => s + (p.purchased_cents ?? 0), 0) / 100, procs.reduce((s, p) => s + p.planned_cents, 0) / 100),
      'performance.assetMatchRate': ratio(assets?.totals.matched ?? 0, assets?.total ?? 0),
    };
  }

  /** The rows behind a finance KPI: the budget lines, the procurement lines or the register. */
  async records(kpi: string, part: 'numerator' | 'denominator', q: KpiRecordsQuery): Promise<KpiRecords | null> {
    if (!(PERFORMANCE_KPIS as readonly string[]).includes(kpi)) return null;
    const [, y2] = this.yearsOf(q);
    let items: unknown[];
    let kind: string;
    if (kpi === 'performance.procurementExecutionRate') {
      kind = 'procurement';
      items = (await this.procurements(y2)).items.filter((p) => part === 'denominator' || p.purchased !== null);
    } else if (kpi === 'performance.assetMatchRate') {
      kind = 'asset';
      items = (await this.assets(y2)).items.filter((a) => part === 'denominator' || a.check?.result === 'match');
    } else {
      kind = 'budget_line';
      const cat = kpi === 'performance.basicExecutionRate' ? 'basic' : kpi === 'performance.projectExecutionRate' ? 'project' : null;
      items = (await this.budgetLines(y2)).items.filter((l) => !cat || l.category === cat);
    }
    return { kind, items: items.slice(q.offset, q.offset + q.limit), total: items.length };
  }
}
