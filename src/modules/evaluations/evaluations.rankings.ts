/**
 * Monthly rankings of windows and staff (红旗窗口, 服务明星 candidates): computed live from the month's
 * active ratings and their bad-review loops with the configured weights, archived as a snapshot once the
 * month is over (or on demand), so that later moves and settings do not rewrite history.
 */
import type { Insertable } from 'kysely';
import type { Actor } from '../../kernel/auth/actor';
import { systemActor } from '../../kernel/auth/actor';
import { recordAudit } from '../../kernel/audit/audit';
import { parseJson } from '../../kernel/db/db';
import type { EvaluationsDeps } from './evaluations.deps';
import { lateSteps, monthRange, previousMonth, rankSubjects, type RankedSubject, type RankingInput } from './evaluations.rules';
import type { EvaluationsRankingsTable, RankingRow } from './evaluations.tables';
import { stateOf } from './evaluations.views';

/** A snapshot row as the ranking it archived. */
function subjectOf(x: RankingRow): RankedSubject {
  return {
    key: x.subject_key,
    name: x.subject_name,
    departmentId: x.department_id === null ? null : Number(x.department_id),
    active: Number(x.active),
    good: Number(x.good),
    validBad: Number(x.valid_bad),
    cards: Number(x.cards),
    rank: Number(x.rank),
    score: Number(x.score),
    goodRate: Number(x.active) === 0 ? null : Number(x.good) / Number(x.active),
    candidate: Number(x.candidate) === 1,
  };
}

export class Rankings {
  constructor(private readonly deps: EvaluationsDeps) {}

  /** Live monthly ranking of windows and staff from the month's active evaluations and their loops. */
  async compute(month: string): Promise<{ windows: RankedSubject[]; staff: RankedSubject[] }> {
    const { db } = this.deps;
    const cfg = await this.deps.config();
    const { from, to } = monthRange(month);
    const today = this.deps.today();
    const evs = await db
      .selectFrom('evaluations_evaluations')
      .select(['id', 'level', 'window_no', 'clerk_id', 'clerk_name', 'department_id'])
      .where('rated_on', '>=', from)
      .where('rated_on', '<=', to)
      .where('active', '=', 1)
      .execute();
    const reviews = await db
      .selectFrom('evaluations_reviews as r')
      .innerJoin('evaluations_evaluations as e', 'e.id', 'r.evaluation_id')
      .selectAll('r')
      .where('e.rated_on', '>=', from)
      .where('e.rated_on', '<=', to)
      .execute();
    const revOf = new Map(reviews.map((r) => [Number(r.evaluation_id), r]));
    const windows = new Map<string, RankingInput>();
    const staff = new Map<string, RankingInput>();
    const bump = (m: Map<string, RankingInput>, key: string, name: string, dept: number | null, e: (typeof evs)[number]) => {
      const a = m.get(key) ?? { key, name, departmentId: dept, active: 0, good: 0, validBad: 0, cards: 0 };
      a.active++;
      if (Number(e.level) >= 3) a.good++;
      const r = revOf.get(Number(e.id));
      if (r) {
        const s = stateOf(r);
        if (s.verdict === 'valid') a.validBad++;
        a.cards += lateSteps(s, today).length;
      }
      m.set(key, a);
    };
    for (const e of evs) {
      if (e.window_no) bump(windows, e.window_no, `${e.window_no} 窗口`, null, e);
      if (e.clerk_id !== null) bump(staff, String(e.clerk_id), e.clerk_name ?? `#${e.clerk_id}`, Number(e.department_id), e);
    }
    const w = cfg.rankingWeights;
    return {
      windows: rankSubjects([...windows.values()], w, cfg.rankingMinVolume, cfg.redFlagWindows),
      staff: rankSubjects([...staff.values()], w, cfg.rankingMinVolume, cfg.serviceStars),
    };
  }

  /** Stores the month's ranking as its snapshot (replacing an earlier snapshot of the same month). */
  async snapshot(actor: Actor, month: string) {
    const cfg = await this.deps.config();
    const r = await this.compute(month);
    const now = this.deps.nowIso();
    await this.deps.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('evaluations_rankings').where('month', '=', month).execute();
      const rowOf = (kind: RankingRow['kind'], s: RankedSubject): Insertable<EvaluationsRankingsTable> => ({
        month,
        kind,
        subject_key: s.key,
        subject_name: s.name,
        department_id: s.departmentId,
        rank: s.rank,
        score: s.score,
        active: s.active,
        good: s.good,
        valid_bad: s.validBad,
        cards: s.cards,
        candidate: s.candidate ? 1 : 0,
        weights_json: JSON.stringify(cfg.rankingWeights),
        computed_at: now,
      });
      const rows = [...r.windows.map((s) => rowOf('window', s)), ...r.staff.map((s) => rowOf('staff', s))];
      for (let i = 0; i < rows.length; i += 200) await tx.insertInto('evaluations_rankings').values(rows.slice(i, i + 200)).execute();
      await recordAudit(tx, this.deps.ctx.clock, actor, {
        action: 'evaluations.ranking_snapshot',
        subjectType: 'evaluation_ranking',
        subjectId: month,
        after: {
          redFlagWindows: r.windows.filter((s) => s.candidate).map((s) => s.key),
          serviceStars: r.staff.filter((s) => s.candidate).map((s) => s.name),
        },
      });
    });
    return this.ofMonth(month);
  }

  /** A month's ranking: its snapshot when one was taken, else computed live. */
  async ofMonth(month: string) {
    const { deps } = this;
    const rows = await deps.db.selectFrom('evaluations_rankings').selectAll().where('month', '=', month).orderBy('kind').orderBy('rank').execute();
    const depts = await deps.deptNames();
    const withDept = (s: RankedSubject) => ({ ...s, departmentName: s.departmentId === null ? null : (depts.get(s.departmentId) ?? null) });
    if (rows.length > 0) {
      return {
        month,
        snapshot: true,
        computedAt: rows[0].computed_at,
        weights: parseJson(rows[0].weights_json, (await deps.config()).rankingWeights),
        windows: rows.filter((x) => x.kind === 'window').map(subjectOf).map(withDept),
        staff: rows.filter((x) => x.kind === 'staff').map(subjectOf).map(withDept),
      };
    }
    const live = await this.compute(month);
    return { month, snapshot: false, computedAt: deps.nowIso(), weights: (await deps.config()).rankingWeights, windows: live.windows.map(withDept), staff: live.staff.map(withDept) };
  }

  /** The months that have a snapshot, newest first. */
  async months(): Promise<string[]> {
    const rows = await this.deps.db.selectFrom('evaluations_rankings').select('month').distinct().orderBy('month', 'desc').execute();
    return rows.map((r) => r.month);
  }

  /** The monthly job: snapshot the previous month once it is over (idempotent: skipped when one exists). */
  async snapshotPreviousMonthIfMissing(): Promise<string | null> {
    const month = previousMonth(this.deps.today());
    const exists = await this.deps.db.selectFrom('evaluations_rankings').select('id').where('month', '=', month).limit(1).executeTakeFirst();
    if (exists) return null;
    await this.snapshot(systemActor('evaluations.ranking'), month);
    return month;
  }
}
