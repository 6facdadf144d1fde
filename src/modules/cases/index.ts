import { defineModule, type App } from '../../kernel/module';
import { tablesOf } from '../../kernel/kernel.tables';
import type { CasesTables } from './cases.tables';
import type { CasesNeedsContext } from './cases.context';
import { registerTemplates } from '../../kernel/outbox/outbox';
import { casesMigrations } from './cases.migrations';
import { casesRoutes } from './cases.routes';
import { CasesService } from './cases.service';
import { BundlesService } from './bundles.service';
import { CaseReads } from './case-reads';
import { loadCasesSettings } from './cases.settings';
import { seedCases } from './cases.seed';
import { materialsRoutes } from './materials.routes';
import { CasesFigures } from './cases.kpis';
import { reviewRoutes } from './review.routes';

export { CasesService } from './cases.service';
export type { CaseView, CaseListItem, SubmitInput, ActionInput, CaseMaterialsView, CaseMaterialFiles, MaterialFileView } from './cases.service';
export { BundlesService } from './bundles.service';
export type { CaseEvent, CaseHooks, MaterialAnswer, MaterialQuestion, SubmitBatch } from './cases.hooks';
export { CaseReads } from './case-reads';
export type { CaseForRating, CompletedCursor } from './cases.evaluation-queries';
export type { CaseDayCounts, CaseSet, CaseStateRow, CompletedLateRow, DueCaseRow, IntakeLateRow } from './cases.queries';
export { CASE_SETS, CASE_DAILY_ROLLUP, CLOCK_RUNNING_STATUSES } from './cases.queries';
export * from './cases.rules';
export { bulkInsertBundleApps, bulkInsertCases, bundleIdOf, deferCasesIndexes } from './cases.bulk';
export type { BulkActor, BulkCaseResult, PlannedBundleApp, PlannedCase, PlannedStep } from './cases.bulk';

const s = (v: unknown) => String(v ?? '');

registerTemplates({
  'case.correction_requested': (p) =>
    `【一窗通办】${s(p.applicantName)}，您申请的“${s(p.itemName)}”（办件号 ${s(p.caseNo)}）需补正以下材料：${s(p.missing)}。请一次性补齐后提交，补齐后重新计算审查期限。`,
  'case.accepted': (p) =>
    `【一窗通办】您申请的“${s(p.itemName)}”（办件号 ${s(p.caseNo)}）已${p.deemed ? '依法视为' : ''}受理，承诺办结日 ${s(p.promisedDueDate)}。可凭办件号和证件号后4位查询进度。`,
  'case.rejected': (p) => `【一窗通办】您申请的“${s(p.itemName)}”（办件号 ${s(p.caseNo)}）不予受理，理由：${s(p.reason)}。`,
  'case.suspended': (p) =>
    `【一窗通办】中止办理告知（${s(p.noticeNo)}）：您申请的“${s(p.itemName)}”（办件号 ${s(p.caseNo)}）需进行${s(p.reason)}，所需时间不计入办理时限，结束后恢复办理。`,
  'case.resumed': (p) => `【一窗通办】您申请的“${s(p.itemName)}”（办件号 ${s(p.caseNo)}）${s(p.reason)}已结束，恢复办理，承诺办结日 ${s(p.promisedDueDate)}。`,
  'case.approved': (p) => `【一窗通办】您申请的“${s(p.itemName)}”（办件号 ${s(p.caseNo)}）已准予许可，正在制证送达。`,
  'case.denied': (p) => `【一窗通办】您申请的“${s(p.itemName)}”（办件号 ${s(p.caseNo)}）不予许可，理由：${s(p.reason)}。如不服，可依法申请行政复议或提起行政诉讼。`,
  'case.completed': (p) => `【一窗通办】您申请的“${s(p.itemName)}”（办件号 ${s(p.caseNo)}）已办结，结果通过“${s(p.deliveryMethod)}”送达。欢迎对本次服务作出评价。`,
});

/** 办件 on the statutory clock (SPEC §2.2), 一件事一次办 bundles and 跨省通办 (SPEC §2.3). */
export const casesModule = defineModule({
  name: 'cases',
  needs: ['org', 'catalog'],
  migrations: casesMigrations,
  roles: ['admin', 'leader', 'supervisor', 'clerk', 'reviewer', 'citizen', 'catalog_editor'],
  init(ctx: CasesNeedsContext) {
    const cases = new CasesService(ctx, loadCasesSettings());
    return { cases, bundles: new BundlesService(ctx, cases), caseReads: new CaseReads(tablesOf<CasesTables>(ctx.db)), caseFigures: new CasesFigures(tablesOf<CasesTables>(ctx.db), { today: () => ctx.calendar.today(), nowIso: () => ctx.clock.now().toISOString() }) };
  },
  async routes(app, ctx) {
    casesRoutes(app, ctx, ctx.services.cases, ctx.services.bundles);
    await app.register(async (sub) => materialsRoutes(sub as unknown as App, ctx.services.cases));
    reviewRoutes(app, ctx.services.cases);
  },
  jobs: [
    {
      // 行政许可法 §32: applications left unanswered past the intake window become accepted cases.
      name: 'cases.deemed_acceptance',
      everyMs: 60_000,
      run: (ctx) => ctx.services.cases.materializeDeemedAcceptances(),
    },
    {
      // Closed days of the received counts; today and changed days are always read live.
      name: 'cases.received_daily',
      everyMs: 5 * 60_000,
      run: (ctx) => ctx.services.caseFigures.rollupDaily(),
    },
  ],
  kpiSources: (ctx) => [ctx.services.caseFigures],
  seed: (ctx) => seedCases(ctx),
});
