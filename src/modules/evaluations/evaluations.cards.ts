/**
 * 电子监察 over the bad-review loop: a step left open past its deadline is a card candidate (one rule per
 * step, colour from the configuration). The supervision sweep raises at most one card per (review, rule).
 */
import type { CardSource } from '../../kernel/module';
import type { CardCandidate } from '../../shared/supervision.types';
import type { EvaluationsDeps } from './evaluations.deps';
import { currentStep, type LoopStep } from './evaluations.rules';
import { stateOf } from './evaluations.views';

/** Card rules raised for overdue loop steps (one per step, so a review can collect several). */
const CARD_RULES: Record<LoopStep, string> = {
  verify: 'evaluation_verify_late',
  appeal: 'evaluation_appeal_late',
  rectify: 'evaluation_rectify_late',
  callback: 'evaluation_callback_late',
};

const STEP_LABELS: Record<LoopStep, string> = { verify: '核实', appeal: '申诉复核', rectify: '整改', callback: '回访' };

export class ReviewCards implements CardSource {
  readonly name = 'evaluations';

  constructor(private readonly deps: EvaluationsDeps) {}

  candidates(_now: Date, today: string): Promise<CardCandidate[]> {
    return this.overdueSteps(today);
  }

  /** Open loop steps past their deadline on `today`, as card candidates. */
  async overdueSteps(today = this.deps.today()): Promise<CardCandidate[]> {
    const cfg = await this.deps.config();
    const rows = await this.deps.db.selectFrom('evaluations_reviews').selectAll().where('status', '!=', 'closed').execute();
    const out: CardCandidate[] = [];
    for (const r of rows) {
      const s = currentStep(stateOf(r));
      if (!s || today <= s.due) continue;
      out.push({
        subjectType: 'evaluation_review',
        subjectId: String(r.id),
        rule: CARD_RULES[s.step],
        color: cfg.cardColors[s.step],
        subjectLabel: `差评 ${r.case_no}`,
        departmentId: Number(r.department_id),
        detail: { caseNo: r.case_no, level: Number(r.level), step: s.step, text: `差评（办件 ${r.case_no}）${STEP_LABELS[s.step]}逾期：期限 ${s.due}` },
        dueAt: s.due,
      });
    }
    return out;
  }
}
