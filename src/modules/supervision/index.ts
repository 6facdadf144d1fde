import type { ModuleManifest } from '../../kernel/module';
import { registerTemplates } from '../../kernel/outbox/outbox';
import { supervisionMigrations } from './supervision.migrations';
import { supervisionRoutes } from './supervision.routes';
import { SupervisionService } from './supervision.service';
import { CaseKpiService } from './case-kpis.service';
import { statsExtraRoutes } from './stats-extra.routes';

export { SupervisionService } from './supervision.service';
export { CaseKpiService } from './case-kpis.service';
export type { Card, CardFilter } from './supervision.service';
export * from './supervision.rules';

const s = (v: unknown) => String(v ?? '');
const colorLabel = (c: unknown) => (c === 'red' ? '红牌' : '黄牌');

registerTemplates({
  'supervision.card_issued': (p) =>
    `【电子监察】${colorLabel(p.color)}：${s(p.subject)}“${s(p.ruleLabel)}”${p.dueAt ? `（期限 ${s(p.dueAt).slice(0, 10)}）` : ''}。请立即办理，并在系统中说明情况。`,
  'supervision.card_acknowledged': (p) => `【电子监察】${s(p.subject)}“${s(p.ruleLabel)}”已由${s(p.by)}说明情况：${s(p.explanation)}`,
});

/**
 * Electronic supervision (SPEC §2.4). `ctx.services.supervision` is the SupervisionService; a module listed
 * after this one adds its own rules from its init:
 *
 *   (ctx.services.supervision as SupervisionService).registerSource({ name: 'evaluations', candidates: async (now, today) => [...] })
 */
export const supervisionModule: ModuleManifest = {
  name: 'supervision',
  migrations: supervisionMigrations,
  roles: ['admin', 'leader', 'supervisor', 'reviewer', 'unit'],
  init(ctx) {
    const svc = new SupervisionService(ctx);
    ctx.services.supervision = svc;
    // The case rules read the cases tables (through cases.queries.ts): only when that module is installed.
    if (ctx.services.cases) {
      svc.registerSource(svc.caseSource());
      // A stats provider (kpis(period, departmentId)) found by the stats module among ctx.services.
      ctx.services.caseKpis = new CaseKpiService(ctx);
    }
    svc.registerSource(svc.hotlineSource());
  },
  routes(app, ctx) {
    supervisionRoutes(app, ctx.services.supervision as SupervisionService, () => ctx.calendar.today());
    if (ctx.services.caseKpis) statsExtraRoutes(app, ctx);
  },
  jobs: [
    { name: 'supervision.sweep', everyMs: 60_000, run: (ctx) => (ctx.services.supervision as SupervisionService).sweep() },
    // Closed days of the case KPIs; today is always read live, so a late run only costs speed, not truth.
    { name: 'supervision.case_daily', everyMs: 5 * 60_000, run: async (ctx) => (ctx.services.caseKpis as CaseKpiService | undefined)?.rollup() },
  ],
  async metrics(ctx) {
    const open = await (ctx.services.supervision as SupervisionService).openCounts();
    return [
      { name: 'onewindow_supervision_open_cards', help: 'Open supervision cards by colour', type: 'gauge', labels: { color: 'red' }, value: open.red },
      { name: 'onewindow_supervision_open_cards', help: 'Open supervision cards by colour', type: 'gauge', labels: { color: 'yellow' }, value: open.yellow },
    ];
  },
};
