import { defineModule } from '../../kernel/module';
import type { EvaluationsNeedsContext } from './evaluations.context';
import { registerTemplates } from '../../kernel/outbox/outbox';
import { evaluationsMigrations } from './evaluations.migrations';
import { evaluationsRoutes } from './evaluations.routes';
import { EvaluationsService } from './evaluations.service';
import { seedEvaluations } from './evaluations.seed';

export { EvaluationsService } from './evaluations.service';
export type { CardCandidate, EvaluationView, ReviewView, Device } from './evaluations.service';
export { evaluationKpis, EVALUATION_KPI_NAMES } from './evaluations.rules';
export { DEMO_DEVICE_KEY } from './evaluations.seed';
export { bulkInsertEvaluations, deferEvaluationsIndexes } from './evaluations.bulk';
export type { BulkEvaluationContext, BulkRatedCase, PlannedEvaluation, PlannedLoopStep } from './evaluations.bulk';

const s = (v: unknown) => String(v ?? '');

registerTemplates({
  'evaluation.bad_review': (p) =>
    `【一窗通办】办件 ${s(p.caseNo)}（${s(p.itemName)}）收到“${s(p.level)}”评价，请于 ${s(p.verifyDue)} 前完成核实。`,
});

/**
 * 好差评 (SPEC §2.5): ratings on every channel, the system's default rating, the bad-review loop,
 * monthly rankings and the hall display.
 */
export const evaluationsModule = defineModule({
  name: 'evaluations',
  needs: ['org'],
  migrations: evaluationsMigrations,
  roles: ['admin', 'leader', 'supervisor', 'clerk', 'reviewer', 'operator', 'citizen'],
  init: (ctx: EvaluationsNeedsContext) => ({ evaluations: new EvaluationsService(ctx) }),
  kpiSources: (ctx) => [ctx.services.evaluations.kpiSource],
  // Overdue steps of the bad-review loop become supervision cards.
  cardSources: (ctx) => [ctx.services.evaluations.cardSource],
  routes(app, ctx) {
    evaluationsRoutes(app, ctx.services.evaluations);
  },
  jobs: [
    {
      // Completed cases nobody rated within the window get the system's default rating.
      name: 'evaluations.default_ratings',
      everyMs: 10 * 60_000,
      run: (ctx) => ctx.services.evaluations.applyDefaults(),
    },
    {
      // Closed days of the rating counts; recent and changed days are always read live, so a late run
      // only costs speed, not truth.
      name: 'evaluations.daily',
      everyMs: 5 * 60_000,
      run: (ctx) => ctx.services.evaluations.rollupDaily(),
    },
    {
      // Last month's ranking is archived once, early in the new month.
      name: 'evaluations.monthly_ranking',
      everyMs: 60 * 60_000,
      run: (ctx) => ctx.services.evaluations.snapshotPreviousMonthIfMissing(),
    },
  ],
  seed: (ctx) => seedEvaluations(ctx, ctx.services.evaluations),
});
