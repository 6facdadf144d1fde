import { unprocessable } from '../../kernel/errors';
import { periodOrFail } from '../../kernel/period';
import type { Kpi } from '../../shared/kpi';
import type { PeriodInput } from '../../shared/period';
import type { Actor } from '../../kernel/auth/actor';
import type { KpiRecords } from '../../kernel/module';
import type { DepartmentScope } from '../../kernel/db/department-scope';
import type { YearReportModel } from '../../shared/report.types';
import type { StatsNeedsContext } from './stats.context';
import { ReportModelBuilder } from './report.model';
import { ReportTemplates } from './stats.report.templates';
import { inParallel, SUMMARY_SOURCES_AT_ONCE } from './stats.parallel';

/**
 * A resolved statistics query: the period checked, and the scope known — the whole installation, one
 * department, or one county (行政区划代码) of a province installation with its departments.
 */
export interface StatsQuery {
  from: string;
  to: string;
  departmentId: number | null;
  /** The county asked for (null: none). */
  region?: string | null;
  /** The county's departments (null: no county asked). */
  regionDepartments?: number[] | null;
}

export type StatsSummaryQuery = StatsQuery & { region: string | null; regionDepartments: number[] | null };

/** One county of a province installation and its departments; null: the whole installation. */
export type CountyScope = County | null;
export interface County {
  region: string;
  departments: number[];
}

/** The departments a query counts: a county's set, one department, or all (null). */
export const scopeOf = (q: StatsQuery): DepartmentScope => q.regionDepartments ?? q.departmentId;

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

  /**
   * The period (422 INVALID_PERIOD), the department (422 DEPARTMENT_NOT_FOUND) and the county of a request
   * (422 REGION_NOT_FOUND when no department belongs to it; 422 STATS_SCOPE_CONFLICT with a department as
   * well: one scope at a time). Every statistics route reads its scope through here.
   */
  async query(input: PeriodInput & { department?: number; region?: string }): Promise<StatsSummaryQuery> {
    const period = periodOrFail(input, this.ctx.calendar.today());
    if (input.department !== undefined && !(await this.ctx.services.org.byId(input.department))) {
      throw unprocessable('DEPARTMENT_NOT_FOUND', `部门 ${input.department} 不存在`, { field: 'department' });
    }
    const q = { from: period.from, to: period.to, departmentId: input.department ?? null };
    if (input.region === undefined) return { ...q, region: null, regionDepartments: null };
    if (input.department !== undefined) throw unprocessable('STATS_SCOPE_CONFLICT', '部门和区县只能选一个', { field: 'region' });
    const county = await this.county(input.region);
    return { ...q, region: county.region, regionDepartments: county.departments };
  }

  /** A county of the installation with its departments (422 REGION_NOT_FOUND when none belongs to it). */
  async county(region: string): Promise<County> {
    const departments = await this.ctx.services.org.departmentsOfRegion(region);
    if (departments.length === 0) throw unprocessable('REGION_NOT_FOUND', `没有属于区县 ${region} 的部门`, { field: 'region' });
    return { region, departments };
  }

  async summary(input: PeriodInput & { department?: number; region?: string }) {
    return this.summaryOf(await this.query(input));
  }

  /**
   * The summary of an already resolved query: the whole installation, one department, or one county's
   * departments (each source narrows its own counts; the county is what its departments' records add up to).
   */
  async summaryOf(q: StatsQuery): Promise<{ from: string; to: string; department: number | null; region: string | null; kpis: Record<string, Kpi> }> {
    const sources = this.ctx.extensions.kpiSources;
    const answers = await inParallel(sources, SUMMARY_SOURCES_AT_ONCE, ({ source }) => source.kpis({ from: q.from, to: q.to }, scopeOf(q), q.region ?? null));
    // Assigned in module order, as the sources are declared, whatever order they answered in.
    const kpis: Record<string, Kpi> = {};
    for (const a of answers) Object.assign(kpis, a);
    return { from: q.from, to: q.to, department: q.departmentId, region: q.region ?? null, kpis };
  }

  /** The records behind one KPI, from whichever module's source counts it; null when none lists them. */
  async records(kpi: string, part: 'numerator' | 'denominator', q: StatsQuery & { offset: number; limit: number }): Promise<KpiRecords | null> {
    const scoped = { from: q.from, to: q.to, departmentId: scopeOf(q), region: q.region ?? null, offset: q.offset, limit: q.limit };
    for (const { source } of this.ctx.extensions.kpiSources) {
      if (!source.records) continue;
      const r = await source.records(kpi, part, scoped);
      if (r) return r;
    }
    return null;
  }

  /** The yearly report's model, after the supervision sweep (409 SUPERVISION_SWEEP_FAILED when it fails). */
  async yearReportModel(actor: Actor, year: number, county: CountyScope = null): Promise<YearReportModel> {
    return (await this.yearReportBuilt(actor, year, county)).model;
  }

  /**
   * The model with the monthly series its chart draws: built once, rendered as .docx and annex by the CLI.
   * With a county, every figure, the chart and the department table are that county's.
   */
  async yearReportBuilt(actor: Actor, year: number, county: CountyScope = null) {
    return this.report.build(year, await this.report.sweepFirst(actor), county);
  }

  /** The yearly performance self-evaluation report (.docx). docx loads on first use (~0.1 s of start-up otherwise). */
  async yearReport(actor: Actor, year: number, county: CountyScope = null): Promise<Buffer> {
    return this.renderDocx(await this.yearReportBuilt(actor, year, county));
  }

  async renderDocx(built: { model: YearReportModel; months: Array<{ month: string; kpis: Record<string, Kpi> }> }): Promise<Buffer> {
    const { renderYearReport } = await import('./stats.report');
    return renderYearReport(built.model, built.months);
  }

  /** 五、附件: every figure with its counts, definition and period, and the records behind each (.xlsx). */
  async yearReportAnnex(actor: Actor, year: number, county: CountyScope = null): Promise<Buffer> {
    return this.renderAnnex((await this.yearReportBuilt(actor, year, county)).model, county);
  }

  async renderAnnex(model: YearReportModel, county: CountyScope = null): Promise<Buffer> {
    const { annexWorkbook } = await import('./stats.report.annex');
    const scope = { departmentId: null, region: county?.region ?? null, regionDepartments: county?.departments ?? null };
    return annexWorkbook(model, (kpi, part, offset, limit) => this.records(kpi, part, { from: model.from, to: model.to, ...scope, offset, limit }));
  }
}
