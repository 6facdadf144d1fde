/**
 * 好差评 of the completed cases: 一次一评 at the window device for almost every case, 一事一评 online (SMS
 * link, web) for most, the system's default rating for a few left unrated past the window, and a handful of
 * 差评 walked through every state of the bad-review loop — written through the evaluations module's bulk
 * writer in the same batch as the cases they rate.
 */
import type { BulkCaseResult } from '../../modules/cases';
import { bulkInsertEvaluations, type BulkRatedCase, type PlannedEvaluation, type PlannedLoopStep } from '../../modules/evaluations';
import type { World } from './world';

/** The hall's 24 windows (A01 … A24): a rating names the window it was given at. */
const WINDOWS = Array.from({ length: 24 }, (_v, i) => `A${String(i + 1).padStart(2, '0')}`);

/** Rates the batch's completed cases and writes the ratings (inside the caller's batch). */
export async function writeEvaluations(w: World, planner: EvaluationPlanner, cases: readonly BulkCaseResult[]): Promise<void> {
  const evals = await w.timings.timed('evaluations.plan', async () => planner.plan(cases));
  const r = await w.timings.timed('evaluations.bulk', () => bulkInsertEvaluations(w.sink, { index: w.index, cfg: w.evalCfg, today: w.today }, evals));
  w.counts.evaluations += r.evaluations;
  w.counts.reviews += r.reviews;
}

/**
 * The ratings of completed cases, batch after batch. The year's default ratings and 差评 are spaced evenly
 * over the completed cases (every n-th), so that a smaller scale still has some of each.
 */
export class EvaluationPlanner {
  private completedSeen = 0;
  private badLeft: number;
  private defaultsLeft: number;
  private readonly badEvery: number;
  private readonly defaultEvery: number;
  private readonly clerk: { id: number; name: string } | null;

  constructor(private readonly w: World) {
    const { vol, staff } = w;
    this.badLeft = vol.badReviews;
    this.defaultsLeft = vol.defaults;
    const completedCount = Math.round(vol.cases * 0.94);
    this.badEvery = Math.max(1, Math.floor(completedCount / (vol.badReviews + 1)));
    this.defaultEvery = Math.max(1, Math.floor(completedCount / (vol.defaults + 1)));
    this.clerk = staff.clerk.id === null ? null : { id: staff.clerk.id, name: staff.clerk.name };
  }

  plan(cases: readonly BulkCaseResult[]): PlannedEvaluation[] {
    const out: PlannedEvaluation[] = [];
    for (const c of cases) {
      if (c.status !== 'completed' || !c.completedOn) continue;
      this.completedSeen++;
      this.rate({ id: c.id, caseNo: c.caseNo, departmentId: c.departmentId, itemName: c.itemName, applicantName: c.applicantName, applicantUserId: c.applicantUserId, completedOn: c.completedOn }, out);
    }
    return out;
  }

  private rate(rc: BulkRatedCase, out: PlannedEvaluation[]): void {
    const { rng, index, today, evalCfg } = this.w;
    const clerk = this.clerk;
    const deadline = index.addWorkdays(rc.completedOn, evalCfg.ratingWindowWorkdays);
    const ratedOn = () => {
      const d = index.addWorkdays(rc.completedOn, rng.int(0, 2));
      return d > deadline ? deadline : d > today ? today : d;
    };
    const windowNo = rng.pick(WINDOWS);
    if (this.defaultsLeft > 0 && this.completedSeen % this.defaultEvery === 0 && deadline < today) {
      this.defaultsLeft--;
      out.push({ case: rc, channel: 'system', level: evalCfg.defaultLevel, isDefault: true, windowNo, clerk });
      return;
    }
    const level = () => {
      const x = rng.next();
      return x < 0.93 ? 5 : x < 0.99 ? 4 : 3;
    };
    if (rng.chance(0.93)) out.push({ case: rc, channel: 'window_device', level: level(), ratedOn: rc.completedOn, windowNo, clerk });
    if (rng.chance(0.78)) {
      const bad = this.badLeft > 0 && this.completedSeen % this.badEvery === 0;
      const on = ratedOn();
      const pe: PlannedEvaluation = { case: rc, channel: rng.chance(0.7) ? 'sms' : 'web', level: bad ? rng.pick([1, 2]) : level(), ratedOn: on, windowNo, clerk, comment: bad ? '等候时间太长，材料被要求反复提交' : null };
      if (bad) {
        this.badLeft--;
        pe.loop = this.loopFor(this.badLeft, on);
      }
      out.push(pe);
    }
  }

  /** Bad reviews in every loop state: closed invalid, appealed, rectifying, waiting for the callback, closed. */
  private loopFor(k: number, ratedOn: string): PlannedLoopStep[] {
    const { index, today } = this.w;
    const d = (n: number) => {
      const x = index.addWorkdays(ratedOn, n);
      return x > today ? today : x;
    };
    const shape = k % 5;
    if (shape === 0) return [{ action: 'verify', on: d(1), roles: ['supervisor'], verdict: 'invalid', reason: '经调取录像核实，与办事无关的误评' }];
    const valid: PlannedLoopStep = { action: 'verify', on: d(1), roles: ['supervisor'], verdict: 'valid', reason: '情况属实' };
    if (shape === 1) return [valid, { action: 'appeal', on: d(2), roles: ['rated_clerk'], reason: '当日系统故障，已向群众说明' }];
    if (shape === 2) return [valid];
    const rectify: PlannedLoopStep = { action: 'rectify', on: d(4), roles: ['department_staff'], measures: '优化材料清单，实行一次性告知并加强培训' };
    if (shape === 3) return [valid, rectify];
    return [valid, rectify, { action: 'callback', on: d(6), roles: ['operator'], reached: true, satisfaction: 'satisfied' }];
  }
}
