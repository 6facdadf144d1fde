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

  async summary(input: PeriodInput & { department?: number }) {
    return this.summaryOf(await this.query(input));
  }

  /** The summary of an already resolved query. */
  async summaryOf(q: StatsQuery): Promise<{ from: string; to: string; department: number | null; kpis: Record<string, Kpi> }> {
    const kpis: Record<string, Kpi> = {};
    for (const { source } of this.ctx.extensions.kpiSources) Object.assign(kpis, await source.kpis({ from: q.from, to: q.to }, q.departmentId));
    return { from: q.from, to: q.to, department: q.departmentId, kpis };
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
