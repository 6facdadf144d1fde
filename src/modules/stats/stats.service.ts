import type { AppContext } from '../../kernel/module';
import { AppError } from '../../kernel/errors';
import { periodOrFail } from '../../kernel/period';
import type { Kpi } from '../../shared/kpi';
import type { PeriodInput } from '../../shared/period';
import type { OrgService } from '../org';

export type StatsNeedsContext = AppContext<{ org: OrgService }>;

/**
 * The statistics summary: every module's KPIs (its manifest's `kpiSources`, in module order) for one
 * period and optionally one department, each with numerator and denominator.
 */
export class StatsService {
  constructor(private readonly ctx: StatsNeedsContext) {}

  async summary(input: PeriodInput & { department?: number }) {
    const period = periodOrFail(input, this.ctx.calendar.today());
    let departmentId: number | null = null;
    if (input.department !== undefined) {
      const dept = await this.ctx.services.org.byId(input.department);
      if (!dept) throw new AppError('DEPARTMENT_NOT_FOUND', 422, `部门 ${input.department} 不存在`, { field: 'department' });
      departmentId = dept.id;
    }
    const kpis: Record<string, Kpi> = {};
    for (const { source } of this.ctx.extensions.kpiSources) Object.assign(kpis, await source.kpis(period, departmentId));
    return { from: period.from, to: period.to, department: departmentId, kpis };
  }
}
