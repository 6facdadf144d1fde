import { unprocessable } from '../../kernel/errors';
import { periodOrFail } from '../../kernel/period';
import type { Kpi } from '../../shared/kpi';
import type { PeriodInput } from '../../shared/period';
import type { StatsNeedsContext } from './stats.context';
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

  constructor(private readonly ctx: StatsNeedsContext) {
    this.reportTemplates = new ReportTemplates(ctx);
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

  /** The yearly performance self-evaluation report (.docx). docx loads on first use (~0.1 s of start-up otherwise). */
  async yearReport(year: number): Promise<Buffer> {
    const { buildYearReport } = await import('./stats.report');
    return buildYearReport(this.ctx, this, year);
  }
}
