/**
 * The hall display (大厅评价展示屏, public): today's, the month's and the year's totals and good rates, the
 * month's levels and recent comments — names masked, ID and phone numbers redacted, no login.
 */
import { maskName, redactText } from '../../kernel/validators';
import type { EvaluationsDeps } from './evaluations.deps';
import type { EvaluationKpis } from './evaluations.kpis';
import { CHANNEL_LABELS, LEVEL_LABELS, evaluationKpis, type EvaluationCounts } from './evaluations.rules';

export class HallDisplay {
  constructor(
    private readonly deps: EvaluationsDeps,
    private readonly kpis: EvaluationKpis,
  ) {}

  async show() {
    const { deps } = this;
    const cfg = await deps.config();
    const today = deps.today();
    const monthStart = `${today.slice(0, 7)}-01`;
    const yearStart = `${today.slice(0, 4)}-01-01`;
    const [day, month, year] = await Promise.all([this.kpis.counts(today, today), this.kpis.counts(monthStart, today), this.kpis.counts(yearStart, today)]);
    const levels = await deps.db
      .selectFrom('evaluations_evaluations')
      .select((eb) => ['level', eb.cast<number>(eb.fn.countAll(), 'integer').as('n')])
      .where('rated_on', '>=', monthStart)
      .where('rated_on', '<=', today)
      .where('active', '=', 1)
      .groupBy('level')
      .execute();
    const recent = await deps.db
      .selectFrom('evaluations_evaluations')
      .selectAll()
      .where('active', '=', 1)
      .where('comment', 'is not', null)
      .where('comment', '!=', '')
      .orderBy('rated_at', 'desc')
      .orderBy('id', 'desc')
      .limit(cfg.displayComments)
      .execute();
    const depts = await deps.deptNames();
    const rate = (c: EvaluationCounts) => evaluationKpis(c)['evaluations.goodRate'].value;
    return {
      generatedAt: deps.nowIso(),
      today: { total: day.total, active: day.active, good: day.activeGood, goodRate: rate(day) },
      month: { total: month.total, active: month.active, good: month.activeGood, goodRate: rate(month), actualGoodRate: evaluationKpis(month)['evaluations.actualGoodRate'].value },
      year: { total: year.total, active: year.active, good: year.activeGood, goodRate: rate(year) },
      levels: [5, 4, 3, 2, 1].map((l) => ({ level: l, label: LEVEL_LABELS[l], count: Number(levels.find((x) => Number(x.level) === l)?.n ?? 0) })),
      recent: recent.map((r) => ({
        level: Number(r.level),
        levelLabel: LEVEL_LABELS[Number(r.level)],
        channelLabel: CHANNEL_LABELS[r.channel] ?? r.channel,
        comment: redactText(r.comment ?? ''),
        itemName: r.item_name,
        departmentName: depts.get(Number(r.department_id)) ?? null,
        rater: maskName(r.applicant_name),
        ratedAt: r.rated_at,
      })),
    };
  }
}
