import type { ModuleManifest } from '../../kernel/module';
import { registerTemplates } from '../../kernel/outbox/outbox';
import { evaluationsMigrations } from './evaluations.migrations';
import { evaluationsRoutes } from './evaluations.routes';
import { EvaluationsService, type CardCandidate } from './evaluations.service';
import { seedEvaluations } from './evaluations.seed';

export { EvaluationsService } from './evaluations.service';
export type { CardCandidate, EvaluationView, ReviewView, Device } from './evaluations.service';
export { evaluationKpis, EVALUATION_KPI_NAMES } from './evaluations.rules';

const s = (v: unknown) => String(v ?? '');

registerTemplates({
  'evaluation.bad_review': (p) =>
    `【一窗通办】办件 ${s(p.caseNo)}（${s(p.itemName)}）收到“${s(p.level)}”评价，请于 ${s(p.verifyDue)} 前完成核实。`,
});

/** What the supervision module's card-source registry expects (see the supervision module). */
interface SupervisionSourceRegistry {
  registerSource(source: { name: string; candidates(now: Date, today: string): Promise<CardCandidate[]> }): void;
}

/**
 * 好差评 (SPEC §2.5): ratings on every channel, the system's default rating, the bad-review loop,
 * monthly rankings and the hall display. `ctx.services.evaluations` is the EvaluationsService.
 */
export const evaluationsModule: ModuleManifest = {
  name: 'evaluations',
  migrations: evaluationsMigrations,
  roles: ['admin', 'leader', 'supervisor', 'clerk', 'reviewer', 'operator', 'citizen'],
  init(ctx) {
    const svc = new EvaluationsService(ctx);
    ctx.services.evaluations = svc;
    // Overdue loop steps become supervision cards when the supervision module offers its source registry.
    const supervision = ctx.services.supervision as Partial<SupervisionSourceRegistry> | undefined;
    supervision?.registerSource?.({ name: 'evaluations', candidates: (now, today) => svc.overdueSteps(now, today) });
    // KPIs: the stats summary finds `svc.kpis(period, departmentId)` among ctx.services by itself.
  },
  routes(app, ctx) {
    evaluationsRoutes(app, ctx, ctx.services.evaluations as EvaluationsService);
  },
  jobs: [
    {
      // Completed cases nobody rated within the window get the system's default rating.
      name: 'evaluations.default_ratings',
      everyMs: 10 * 60_000,
      run: (ctx) => (ctx.services.evaluations as EvaluationsService).applyDefaults(),
    },
    {
      // Closed days of the rating counts; recent and changed days are always read live, so a late run
      // only costs speed, not truth.
      name: 'evaluations.daily',
      everyMs: 5 * 60_000,
      run: (ctx) => (ctx.services.evaluations as EvaluationsService).rollupDaily(),
    },
    {
      // Last month's ranking is archived once, early in the new month.
      name: 'evaluations.monthly_ranking',
      everyMs: 60 * 60_000,
      run: (ctx) => (ctx.services.evaluations as EvaluationsService).snapshotPreviousMonthIfMissing(),
    },
  ],
  seed: (ctx) => seedEvaluations(ctx),
};
