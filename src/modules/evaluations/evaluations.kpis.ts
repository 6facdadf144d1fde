/**
 * The 好差评 KPIs (SPEC §3: 主动评价率, 好评率, 实际好评率, 差评整改率) for the statistics summary, the
 * drill-down and the yearly report: the rating counts from the daily roll-up (evaluations.daily.ts), the
 * few valid bad reviews counted live.
 */
import type { KpiRecords, KpiRecordsQuery, KpiSource } from '../../kernel/module';
import { runDailyRollup } from '../../kernel/rollup/daily-rollup';
import type { Period } from '../../shared/period';
import { evaluationsDaily, ratedCounts, ratedCountsLive, ratedDepartmentIds } from './evaluations.daily';
import type { EvaluationsDeps } from './evaluations.deps';
import { departmentsCovered, isRateable, evaluationKpis, type EvaluationCounts, type Kpi } from './evaluations.rules';
import { departmentInScope, inDepartments, type DepartmentScope } from '../../kernel/db/department-scope';

export class EvaluationKpis implements KpiSource {
  constructor(private readonly deps: EvaluationsDeps) {}

  async kpis(period: Period, departmentId?: DepartmentScope): Promise<Record<string, Kpi>> {
    return {
      ...evaluationKpis(await this.counts(period.from, period.to, departmentId ?? undefined)),
      'evaluations.departmentsCovered': await this.departmentsCovered(period.from, period.to, departmentId ?? undefined),
    };
  }

  /** 好差评 coverage (evaluations.rules.ts departmentsCovered); for one department, 1 / 1 when it was rated. */
  async departmentsCovered(from: string, to: string, departmentId?: DepartmentScope): Promise<Kpi> {
    const units = (await this.deps.ctx.services.org.all()).filter((u) => departmentInScope(u.id, departmentId));
    return departmentsCovered(await ratedDepartmentIds(this.deps.db, from, to), units);
  }

  /** The departments behind 好差评 coverage: those rated in the period (numerator) or every rateable one. */
  async records(kpi: string, part: 'numerator' | 'denominator', q: KpiRecordsQuery): Promise<KpiRecords | null> {
    if (kpi !== 'evaluations.departmentsCovered') return null;
    const rated = await ratedDepartmentIds(this.deps.db, q.from, q.to);
    const units = (await this.deps.ctx.services.org.all()).filter((u) => isRateable(u) && departmentInScope(u.id, q.departmentId) && (part === 'denominator' || rated.has(u.id)));
    const items = units.map((u) => ({ id: u.id, name: u.name, rated: rated.has(u.id) }));
    return { kind: 'department', total: items.length, items: items.slice(q.offset, q.offset + q.limit) };
  }

  /** Counts for the SPEC §3 evaluation KPIs over evaluations made in [from, to] (Shanghai dates). */
  async counts(from: string, to: string, departmentId?: DepartmentScope): Promise<EvaluationCounts> {
    const a = await ratedCounts(this.deps.db, from, to, departmentId);
    const b = await this.validBadCounts(from, to, departmentId);
    return { ...a, ...b };
  }

  /** The same counts straight from the evaluations (the reference the roll-up must agree with). */
  async countsLive(from: string, to: string, departmentId?: number): Promise<EvaluationCounts> {
    return { ...(await ratedCountsLive(this.deps.db, from, to, departmentId)), ...(await this.validBadCounts(from, to, departmentId)) };
  }

  /** Rolls the rating counts up to yesterday (the job; `full` after an import or the generator). */
  rollupDaily(opts: { full?: boolean } = {}) {
    return runDailyRollup(this.deps.db, evaluationsDaily, { today: this.deps.today(), now: this.deps.nowIso(), full: opts.full });
  }

  /**
   * Active evaluations of the period with a valid 差评 verdict. A review carries its evaluation's rated_on and
   * department (written together), so the few reviews drive the query instead of a year of ratings.
   */
  private async validBadCounts(from: string, to: string, departmentId?: DepartmentScope) {
    let q = this.deps.db
      .selectFrom('evaluations_reviews as r')
      .innerJoin('evaluations_evaluations as e', 'e.id', 'r.evaluation_id')
      .where('r.verdict', '=', 'valid')
      .where('r.rated_on', '>=', from)
      .where('r.rated_on', '<=', to)
      .where('e.active', '=', 1);
    if (departmentId != null) q = q.where(inDepartments('r.department_id', departmentId));
    const b = await q
      .select((eb) => [
        eb.cast<number>(eb.fn.countAll(), 'integer').as('valid'),
        eb.cast<number>(eb.fn.coalesce(eb.fn.sum(eb.case().when('r.rectified_on', 'is not', null).then(1).else(0).end()), eb.lit(0)), 'integer').as('rectified'),
      ])
      .executeTakeFirstOrThrow();
    return { validBad: Number(b.valid), validBadRectified: Number(b.rectified) };
  }
}
