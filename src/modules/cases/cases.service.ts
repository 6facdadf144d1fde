/**
 * The cases module's public service (SPEC §2.3): intake, the actions on the statutory clock, reads scoped
 * by role, the public progress lookup and the §32 deemed-acceptance job. Each use case lives in its own
 * file; this facade is what the routes, the seed, the bundles and other modules call.
 */
import type { Actor } from '../../kernel/auth/actor';
import type { ItemVersion } from '../../shared/catalog.types';
import type { CaseListItem, CaseProgress, CaseView } from '../../shared/cases.types';
import type { CatalogService } from '../catalog';
import { CaseActions } from './cases.actions';
import type { ActionInput } from './cases.commands';
import type { CasesNeedsContext } from './cases.context';
import { DeemedAcceptance } from './cases.deemed';
import { CasesEnv } from './cases.env';
import { CaseIntake, type Applicant, type ApplicantInput, type NewCase, type SubmitInput } from './cases.intake';
import type { CaseHooks } from './cases.hooks';
import type { CasesSettings } from './cases.settings';
import type { CaseRow, CasesTx } from './cases.tables';
import { CaseViews, type ListQuery } from './cases.views';
import { CaseFiles, type CaseMaterialsView, type MaterialFileView } from './cases.files';
import { ReviewLevels } from './review.levels';
import type { ItemReviewLevels, LevelAccounts } from '../../shared/review-levels';

export type { ActionInput } from './cases.commands';
export type { Applicant, ApplicantInput, CrossProvinceInput, NewCase, SubmitInput } from './cases.intake';
export type { ListQuery } from './cases.views';
export type { CaseMaterialsView, CaseMaterialFiles, MaterialFileView } from './cases.files';
export type { CaseRow } from './cases.tables';
export type { CaseListItem, CaseView, TimelineEntry } from '../../shared/cases.types';

export class CasesService {
  private readonly env: CasesEnv;
  private readonly intake: CaseIntake;
  private readonly views: CaseViews;
  private readonly actions: CaseActions;
  private readonly deemed: DeemedAcceptance;
  private readonly files: CaseFiles;
  private readonly review: ReviewLevels;

  constructor(
    ctx: CasesNeedsContext,
    readonly settings: CasesSettings,
    /** silent: no notifications (the demo seed replays months of history nobody should be texted about). */
    opts: { silent?: boolean } = {},
  ) {
    this.env = new CasesEnv(ctx, settings, opts.silent ?? false);
    this.views = new CaseViews(this.env);
    this.intake = new CaseIntake(this.env, this.views);
    this.deemed = new DeemedAcceptance(this.env);
    this.actions = new CaseActions(this.env, this.views, this.deemed);
    this.files = new CaseFiles(this.env, this.views);
    this.review = new ReviewLevels(this.env);
  }

  /** Extension points for the modules after cases: step events and 证照免提交 sources (cases.hooks.ts). */
  get hooks(): CaseHooks {
    return this.env.hooks;
  }

  get catalog(): CatalogService {
    return this.env.catalog;
  }

  today(): string {
    return this.env.today();
  }

  // --- intake --------------------------------------------------------------------------------------

  validateApplicant(a: ApplicantInput, today: string, fieldPrefix = 'applicant'): Applicant {
    return this.intake.validateApplicant(a, today, fieldPrefix);
  }

  publishedItem(code: string, field = 'itemCode'): Promise<ItemVersion> {
    return this.intake.publishedItem(code, field);
  }

  /** POST /cases; `idempotencyKey` is the request's scoped key (its answer is stored with the case). */
  async submit(actor: Actor, input: SubmitInput, idempotencyKey: string | null = null): Promise<CaseView> {
    const view = await this.intake.submit(actor, input, idempotencyKey);
    // 收件即受理: completeness was checked before the case was written; acceptance is the usual action,
    // with its own timeline event, audit row and notice.
    if (input.acceptNow && view.status === 'submitted') return this.actions.act(actor, view.caseNo, { action: 'accept' });
    return view;
  }

  /** Writes one case inside the caller's transaction (a bundle application writes several). */
  insertCase(tx: CasesTx, actor: Actor, p: NewCase): Promise<CaseRow> {
    return this.intake.insertCase(tx, actor, p);
  }

  // --- actions -------------------------------------------------------------------------------------

  act(actor: Actor, caseNo: string, input: ActionInput): Promise<CaseView> {
    return this.actions.act(actor, caseNo, input);
  }

  applyAction(actor: Actor, caseNo: string, input: ActionInput): Promise<CaseRow> {
    return this.actions.apply(actor, caseNo, input);
  }

  /** 行政许可法 §32: records every deemed acceptance that is due (the periodic job). */
  materializeDeemedAcceptances(): Promise<number> {
    return this.deemed.recordDue();
  }

  // --- reads ---------------------------------------------------------------------------------------

  get(actor: Actor, caseNo: string): Promise<CaseView> {
    return this.views.get(actor, caseNo);
  }

  list(actor: Actor, q: ListQuery): Promise<{ items: CaseListItem[]; total: number }> {
    return this.views.list(actor, q);
  }

  /** The filtered 办件清单 as one Excel sheet (422 EXPORT_TOO_LARGE over settings.exportMaxRows). */
  exportList(actor: Actor, q: ListQuery): Promise<{ buffer: Buffer; rows: number }> {
    return this.views.listing.export(actor, q);
  }

  progress(caseNo: string, last4: string): Promise<CaseProgress | null> {
    return this.views.progress(caseNo, last4);
  }

  // --- 电子材料 ------------------------------------------------------------------------------------

  uploadMaterial(actor: Actor, caseNo: string, input: { material: string; fileName?: string; body: Buffer }): Promise<MaterialFileView> {
    return this.files.upload(actor, caseNo, input);
  }

  materials(actor: Actor, caseNo: string): Promise<CaseMaterialsView> {
    return this.files.list(actor, caseNo);
  }

  materialFile(actor: Actor, caseNo: string, fileId: number) {
    return this.files.download(actor, caseNo, fileId);
  }

  // --- 分级审查 ------------------------------------------------------------------------------------

  reviewLevels(actor: Actor, itemCode: string): Promise<ItemReviewLevels> {
    return this.review.get(actor, itemCode);
  }

  setReviewLevels(actor: Actor, itemCode: string, levels: string[], accounts: LevelAccounts = {}): Promise<ItemReviewLevels> {
    return this.review.set(actor, itemCode, levels, accounts);
  }
}
