import type { AppContext } from '../../kernel/module';
import { AppError } from '../../kernel/errors';
import type { OrgService } from '../org/org.service';
import type { Kpi } from '../../shared/kpi';
import type { Period, PeriodInput } from '../../shared/period';
import { periodOrFail } from '../../kernel/period';

/**
 * A source of KPIs. Modules do not register by hand: any service in ctx.services with a
 * `kpis(period, departmentId)` function is a provider (the catalogue, later cases, evaluations,
 * hotline …); `register` is there for providers that are not services.
 */
export interface KpiProvider {
  kpis(period: Period, departmentId: number | null): Promise<Record<string, Kpi>>;
}

const isProvider = (s: unknown): s is KpiProvider => !!s && typeof (s as KpiProvider).kpis === 'function';

export class StatsService {
  private readonly extra = new Map<string, KpiProvider>();

  constructor(private readonly ctx: AppContext) {}

  register(name: string, provider: KpiProvider): void {
    this.extra.set(name, provider);
  }

  /** Every provider, by name, in a stable order (service providers first, in module order). */
  providers(): Array<[string, KpiProvider]> {
    const fromServices = Object.entries(this.ctx.services).filter(([name, s]) => name !== 'stats' && isProvider(s)) as Array<[string, KpiProvider]>;
    return [...fromServices, ...this.extra.entries()];
  }

  async summary(input: PeriodInput & { department?: number }) {
    const period = periodOrFail(input, this.ctx.calendar.today());
    let departmentId: number | null = null;
    if (input.department !== undefined) {
      const dept = await (this.ctx.services.org as OrgService).byId(input.department);
      if (!dept) throw new AppError('DEPARTMENT_NOT_FOUND', 422, `部门 ${input.department} 不存在`, { field: 'department' });
      departmentId = dept.id;
    }
    const kpis: Record<string, Kpi> = {};
    for (const [, p] of this.providers()) Object.assign(kpis, await p.kpis(period, departmentId));
    return { from: period.from, to: period.to, department: departmentId, kpis };
  }
}
