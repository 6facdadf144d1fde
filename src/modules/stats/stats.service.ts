import { unprocessable } from '../../kernel/errors';
import { periodOrFail } from '../../kernel/period';
import type { Kpi } from '../../shared/kpi';
import type { PeriodInput } from '../../shared/period';
import type { Actor } from '../../kernel/auth/actor';
import type { KpiRecords } from '../../kernel/module';
import type { YearReportModel } from '../../shared/report.types';
import type { StatsNeedsContext } from './stats.context';
import { ReportModelBuilder } from './report.model';
import { ReportTemplates } from './stats.report.templates';

/** A resolved statistics query: the period checked, the department known. */
export interface StatsQuery {
  from: string;
  to: string;
  departmentId: number | null;
}

/** A summary query, which may also name a county (行政区划代码) of a province installation. */
export interface StatsSummaryQuery extends StatsQuery {
  region: string | null;
  /** The region's departments (null: no region asked). */
  regionDepartments: number[] | null;
}

/**
 * The statistics summary: every module's KPIs (its manifest's `kpiSources`, in module order) for one
 * period and optionally one department, each with numerator and denominator; and the yearly report.
 */
export class StatsService {
  /** The texts of the yearly report the bureau writes itself. */
  readonly reportTemplates: ReportTemplates;
  /** The yearly report's model (the supervision sweep first, then every figure with its counts). */
  readonly report: ReportModelBuilder;

  constructor(private readonly ctx: StatsNeedsContext) {
    this.reportTemplates = new ReportTemplates(ctx);
    this.report = new ReportModelBuilder(ctx, this);
  }

  /** The period (422 INVALID_PERIOD) and the department (422 DEPARTMENT_NOT_FOUND) of a request. */
  async query(input: PeriodInput & { department?: number }): Promise<StatsQuery> {
    const period = periodOrFail(input, this.ctx.calendar.today());
    if (input.department !== undefined && !(await this.ctx.services.org.byId(input.department))) {
      throw unprocessable('DEPARTMENT_NOT_FOUND', `部门 ${input.department} 不存在`, { field: 'department' });
    }
    return { from: period.from, to: period.to, departmentId: input.department ?? null };
  }

  /**
   * The query of a summary: besides the period and department, a county (422 REGION_NOT_FOUND when no
   * department belongs to it; 422 STATS_SCOPE_CONFLICT with a department as well: one scope at a time).
   */
  async summaryQuery(input: PeriodInput & { department?: number; region?: string }): Promise<StatsSummaryQuery> {
    const q = await this.query(input);
    if (input.region === undefined) return { ...q, region: null, regionDepartments: null };
    if (input.department !== undefined) throw unprocessable('STATS_SCOPE_CONFLICT', '部门和区县只能选一个', { field: 'region' });
    const ids = await this.ctx.services.org.departmentsOfRegion(input.region);
    if (ids.length === 0) throw unprocessable('REGION_NOT_FOUND', `没有属于区县 ${input.region} 的部门`, { field: 'region' });
    return { ...q, region: input.region, regionDepartments: ids };
  }

  async summary(input: PeriodInput & { department?: number; region?: string }) {
    return this.summaryOf(await this.summaryQuery(input));
  }

  /**
   * The summary of an already resolved query: the whole installation, one department, or one county's
   * departments (each source narrows its own counts; the county is what its departments' records add up to).
   */
  async summaryOf(q: StatsQuery & { region?: string | null; regionDepartments?: number[] | null }): Promise<{ from: string; to: string; department: number | null; region: string | null; kpis: Record<string, Kpi> }> {
    const kpis: Record<string, Kpi> = {};
    const scope = q.regionDepartments ?? q.departmentId;
    for (const { source } of this.ctx.extensions.kpiSources) Object.assign(kpis, await source.kpis({ from: q.from, to: q.to }, scope));
    return { from: q.from, to: q.to, department: q.departmentId, region: q.region ?? null, kpis };
  }

  /** The records behind one KPI, from whichever module's source counts it; null when none lists them. */
  async records(kpi: string, part: 'numerator' | 'denominator', q: StatsQuery & { offset: number; limit: number }): Promise<KpiRecords | null> {
    for (const { source } of this.ctx.extensions.kpiSources) {
      if (!source.records) continue;
      const r = await source.records(kpi, part, q);
      if (r) return r;
    }
    return null;
  }

  /** The yearly report's model, after the supervision sweep (409 SUPERVISION_SWEEP_FAILED when it fails). */
  async yearReportModel(actor: Actor, year: number): Promise<YearReportModel> {
    return (await this.yearReportBuilt(actor, year)).model;
  }

  /** The model with the monthly series its chart draws: built once, rendered as .docx and annex by the CLI. */
  async yearReportBuilt(actor: Actor, year: number) {
    return this.report.build(year, await this.report.sweepFirst(actor));
  }

  /** The yearly performance self-evaluation report (.docx). docx loads on first use (~0.1 s of start-up otherwise). */
  async yearReport(actor: Actor, year: number): Promise<Buffer> {
    return this.renderDocx(await this.yearReportBuilt(actor, year));
  }

  async renderDocx(built: { model: YearReportModel; months: Array<{ month: string; kpis: Record<string, Kpi> }> }): Promise<Buffer> {
    const { renderYearReport } = await import('./stats.report');
    return renderYearReport(built.model, built.months);
  }

  /** 五、附件: every figure with its counts, definition and period, and the records behind each (.xlsx). */
  async yearReportAnnex(actor: Actor, year: number): Promise<Buffer> {
    return this.renderAnnex((await this.yearReportBuilt(actor, year)).model);
  }

  async renderAnnex(model: YearReportModel): Promise<Buffer> {
    const { annexWorkbook } = await import('./stats.report.annex');
    return annexWorkbook(model, (kpi, part, offset, limit) => this.records(kpi, part, { from: model.from, to: model.to, departmentId: null, offset, limit }));
  }
}
