/**
 * KPIs of 互联网+监管 (issue 14 item 12), each with numerator and denominator:
 * - regulation.claimRate: tasks created in the period and claimed ÷ tasks created in the period;
 * - regulation.onTimeClaimRate: of those claimed, claimed on or before their claim due day;
 * - regulation.itemCoverage: published catalogue items covered by a 监管事项 ÷ published catalogue items;
 * - regulation.inspections: inspections in the period (count) over the subjects the department supervises;
 * - regulation.staffRegistered: registered 执法人员 with a certificate valid at the period's end (count) over all registered.
 */
import { sql } from 'kysely';
import type { KpiRecords, KpiRecordsQuery, KpiSource } from '../../kernel/module';
import { tablesOf } from '../../kernel/kernel.tables';
import { ratio, type Kpi } from '../../shared/kpi';
import type { Period } from '../../shared/period';
import type { ItemSummary } from '../../shared/catalog.types';
import type { RegulationNeedsContext } from './regulation.context';
import type { RegulationDb, RegulationTables } from './regulation.tables';
import type { RegistryService } from './regulation.registry';
import type { DrawsService } from './regulation.draws';
import type { TasksService } from './regulation.tasks';
import { departmentInScope, inDepartments, type DepartmentScope } from '../../kernel/db/department-scope';
import { rebuildSubjects, regulationTasksDaily, taskClaimCounts } from './regulation.rollups';
import { runDailyRollup } from '../../kernel/rollup/daily-rollup';

export const REGULATION_KPIS = ['regulation.claimRate', 'regulation.onTimeClaimRate', 'regulation.itemCoverage', 'regulation.inspections', 'regulation.staffRegistered'] as const;

const CATALOG_CACHE_MS = 5 * 60_000;

export class RegulationKpis implements KpiSource {
  private readonly db: RegulationDb;
  private catalogCache: { at: number; items: Pick<ItemSummary, 'code' | 'departmentId'>[] } | null = null;

  constructor(
    private readonly ctx: RegulationNeedsContext,
    private readonly registry: RegistryService,
    private readonly draws: DrawsService,
    private readonly tasks: TasksService,
  ) {
    this.db = tablesOf<RegulationTables>(ctx.db);
  }

  private async published(): Promise<Pick<ItemSummary, 'code' | 'departmentId'>[]> {
    const now = this.ctx.clock.now().getTime();
    if (this.catalogCache && Math.abs(now - this.catalogCache.at) < CATALOG_CACHE_MS) return this.catalogCache.items;
    const list = this.ctx.services.catalog.list;
    const items: Pick<ItemSummary, 'code' | 'departmentId'>[] = [];
    if (list) {
      for (let page = 1; page <= 1000; page++) {
        const r = await list.call(this.ctx.services.catalog, { page, pageSize: 100 });
        items.push(...r.items.map((i) => ({ code: i.code, departmentId: i.departmentId })));
        if (r.items.length < 100 || items.length >= r.total) break;
      }
    }
    this.catalogCache = { at: now, items };
    return items;
  }

  async kpis(period: Period, departments: DepartmentScope): Promise<Record<string, Kpi>> {
    // Closed days from the day × department roll-up, today and changed days live (regulation.rollups.ts).
    const c = await taskClaimCounts(this.db, period.from, period.to, departments);
    const published = (await this.published()).filter((i) => departmentInScope(i.departmentId, departments));
    const covered = new Set(await this.registry.coveredCodes(null));
    const inspections = await this.draws.inspectionCount(period.from, period.to, departments);
    const subjects = await this.draws.supervisedCount(departments);
    const staff = await this.registry.inspectorCounts(departments, period.to);
    return {
      'regulation.claimRate': ratio(c.claimed, c.created),
      'regulation.onTimeClaimRate': ratio(c.claimedOnTime, c.claimed),
      'regulation.itemCoverage': ratio(published.filter((i) => covered.has(i.code)).length, published.length),
      'regulation.inspections': ratio(inspections, subjects),
      'regulation.staffRegistered': ratio(staff.valid, staff.all),
    };
  }

  /** Rolls the claim counts up to yesterday (the job; `full` after the generator's bulk load). */
  rollupDaily(opts: { full?: boolean } = {}) {
    return runDailyRollup(this.ctx.db, regulationTasksDaily, { today: this.ctx.calendar.today(), now: this.ctx.clock.now().toISOString(), full: opts.full });
  }

  /** After a bulk load (the generator): both roll-ups rebuilt from the tasks. */
  async rebuildRollups() {
    await rebuildSubjects(this.ctx.db);
    return this.rollupDaily({ full: true });
  }

  /** The tasks behind the claim KPIs (numerator: claimed / claimed on time; denominator: created / claimed). */
  async records(kpi: string, part: 'numerator' | 'denominator', q: KpiRecordsQuery): Promise<KpiRecords | null> {
    if (kpi !== 'regulation.claimRate' && kpi !== 'regulation.onTimeClaimRate') return null;
    let base = this.db.selectFrom('regulation_tasks').where('created_on', '>=', q.from).where('created_on', '<=', q.to);
    if (q.departmentId != null) base = base.where(inDepartments('department_id', q.departmentId));
    const claimedOnly = kpi === 'regulation.onTimeClaimRate' || part === 'numerator';
    if (claimedOnly) base = base.where('claimed_on', 'is not', null);
    if (kpi === 'regulation.onTimeClaimRate' && part === 'numerator') base = base.whereRef('claimed_on', '<=', 'claim_due');
    const total = Number((await base.select(sql<number>`cast(count(*) as integer)`.as('n')).executeTakeFirstOrThrow()).n);
    const rows = await base.selectAll().orderBy('id').limit(q.limit).offset(q.offset).execute();
    return { kind: 'regulation_task', items: await this.tasks.views(rows), total };
  }
}
