import { defineModule } from '../../kernel/module';
import type { SupervisionNeedsContext, SupervisionServices } from './supervision.context';
import { registerTemplates } from '../../kernel/outbox/outbox';
import { supervisionMigrations } from './supervision.migrations';
import { supervisionRoutes } from './supervision.routes';
import { SupervisionService } from './supervision.service';
import { CaseKpiService } from './case-kpis.service';

export { SupervisionService } from './supervision.service';
export { CaseKpiService, ROLLUP_SETTING_KEY as CASE_KPI_ROLLUP_KEY } from './case-kpis.service';
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
 * Electronic supervision (SPEC §2.4): the sweep raises cards from the case rules (with the cases module)
 * and from every module's declared `cardSources` (work orders, the bad-review loop …).
 */
export const supervisionModule = defineModule({
  name: 'supervision',
  needs: ['org'],
  migrations: supervisionMigrations,
  roles: ['admin', 'leader', 'supervisor', 'reviewer', 'unit'],
  init(ctx: SupervisionNeedsContext): SupervisionServices {
    const supervision = new SupervisionService(ctx);
    // The case rules and the case KPIs read cases through its CaseReads: only when that module is installed.
    const caseReads = ctx.services.caseReads;
    if (!caseReads) return { supervision };
    supervision.registerSource(supervision.caseSource(caseReads));
    return { supervision, caseKpis: new CaseKpiService(ctx, supervision, caseReads) };
  },
  kpiSources: (ctx) => (ctx.services.caseKpis ? [ctx.services.caseKpis] : []),
  routes(app, ctx) {
    supervisionRoutes(app, ctx.services.supervision, () => ctx.calendar.today());
  },
  jobs: [
    { name: 'supervision.sweep', everyMs: 60_000, run: (ctx) => ctx.services.supervision.sweep() },
    // Closed days of the case KPIs; today is always read live, so a late run only costs speed, not truth.
    { name: 'supervision.case_daily', everyMs: 5 * 60_000, run: async (ctx) => ctx.services.caseKpis?.rollup() },
  ],
  async metrics(ctx) {
    const open = await ctx.services.supervision.openCounts();
    return [
      { name: 'onewindow_supervision_open_cards', help: 'Open supervision cards by colour', type: 'gauge', labels: { color: 'red' }, value: open.red },
      { name: 'onewindow_supervision_open_cards', help: 'Open supervision cards by colour', type: 'gauge', labels: { color: 'yellow' }, value: open.yellow },
    ];
  },
});
