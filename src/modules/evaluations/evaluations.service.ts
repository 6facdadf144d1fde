/**
 * 好差评's public face (ctx.services.evaluations): one object over the module's use cases, each in its own
 * file — rating on every channel (evaluations.rating.ts), window devices (.devices), the system's default
 * rating (.defaults), reading ratings (.reads), the bad-review loop (.reviews), overdue-step cards
 * (.cards), KPIs (.kpis), rankings (.rankings) and the hall display (.display).
 */
import type { Actor } from '../../kernel/auth/actor';
import type { CaseForRating } from '../cases';
import type { EvaluationView, RateInput, ReviewView } from '../../shared/evaluations.types';
import type { CardCandidate } from '../../shared/supervision.types';
import type { Period } from '../../shared/period';
import { ReviewCards } from './evaluations.cards';
import { changedEvaluationsConfig, type EvaluationsConfig } from './evaluations.config';
import type { EvaluationsNeedsContext } from './evaluations.context';
import { DefaultRatings } from './evaluations.defaults';
import { EvaluationsDeps } from './evaluations.deps';
import { RatingDevices } from './evaluations.devices';
import { HallDisplay } from './evaluations.display';
import { EvaluationKpis } from './evaluations.kpis';
import { Rankings } from './evaluations.rankings';
import { Rating, type NewEvaluation } from './evaluations.rating';
import type { ReviewActionInput } from './evaluations.rules';
import { EvaluationReads, type ListQuery } from './evaluations.reads';
import { ReviewLoop, type ReviewListQuery } from './evaluations.reviews';
import type { EvaluationsTx } from './evaluations.tables';
import type { Device } from './evaluations.views';
import type { DepartmentScope } from '../../kernel/db/department-scope';

export type { RateInput, EvaluationView, ReviewView } from '../../shared/evaluations.types';
export type { CardCandidate } from '../../shared/supervision.types';
export type { Device } from './evaluations.views';
export type { ListQuery } from './evaluations.reads';
export { columnsOf, stateOf } from './evaluations.views';

export class EvaluationsService {
  private readonly deps: EvaluationsDeps;
  readonly devices: RatingDevices;
  readonly rating: Rating;
  readonly defaults: DefaultRatings;
  readonly reads: EvaluationReads;
  /** The bad-review loop: one command per step (verify, appeal, decideAppeal, rectify, callback). */
  readonly reviews: ReviewLoop;
  /** The module's KPI source (manifest `kpiSources`). */
  readonly kpiSource: EvaluationKpis;
  /** Overdue loop steps as supervision cards (manifest `cardSources`). */
  readonly cardSource: ReviewCards;
  readonly rankings: Rankings;
  private readonly hall: HallDisplay;

  constructor(ctx: EvaluationsNeedsContext) {
    const deps = new EvaluationsDeps(ctx);
    this.deps = deps;
    this.devices = new RatingDevices(deps);
    this.reads = new EvaluationReads(deps);
    this.rating = new Rating(deps, this.reads);
    this.defaults = new DefaultRatings(deps, this.rating);
    this.reviews = new ReviewLoop(deps);
    this.kpiSource = new EvaluationKpis(deps);
    this.cardSource = new ReviewCards(deps);
    this.rankings = new Rankings(deps);
    this.hall = new HallDisplay(deps, this.kpiSource);
  }

  // --- configuration -------------------------------------------------------------------------------

  /** The configuration in force (the kernel's SettingStore: defaults, stored override, cached on the clock). */
  config(): Promise<EvaluationsConfig> {
    return this.deps.config();
  }

  /** Lays `override` over the configuration in force and saves it with its audit row. */
  async setConfig(actor: Actor, override: Record<string, unknown>): Promise<EvaluationsConfig> {
    return this.deps.settings.save(actor, changedEvaluationsConfig(await this.deps.config(), override));
  }

  // --- window devices ------------------------------------------------------------------------------

  registerDevice(actor: Actor, input: { windowNo: string; name: string; departmentId?: number }) {
    return this.devices.register(actor, input);
  }

  listDevices(): Promise<Device[]> {
    return this.devices.list();
  }

  revokeDevice(actor: Actor, id: number): Promise<Device> {
    return this.devices.revoke(actor, id);
  }

  authenticateDevice(key: string): Promise<Device | null> {
    return this.devices.authenticate(key);
  }

  deviceActor(d: Device, ip?: string): Actor {
    return this.devices.actorOf(d, ip);
  }

  deviceQueue(d: Device) {
    return this.devices.queue(d);
  }

  // --- rating --------------------------------------------------------------------------------------

  rate(actor: Actor, device: Device | null, input: RateInput): Promise<EvaluationView> {
    return this.rating.rate(actor, device, input);
  }

  /** Writes one evaluation (and, for an active 差评, its loop) inside the caller's transaction. */
  insertEvaluation(tx: EvaluationsTx, actor: Actor, cfg: EvaluationsConfig, c: CaseForRating, e: NewEvaluation): Promise<number> {
    return this.rating.insert(tx, actor, cfg, c, e);
  }

  /** The default-rating job (also run on demand). */
  applyDefaults(batch?: number): Promise<number> {
    return this.defaults.apply(batch);
  }

  // --- reading evaluations -------------------------------------------------------------------------

  list(actor: Actor, q: ListQuery) {
    return this.reads.list(actor, q);
  }

  forCase(actor: Actor, device: Device | null, caseNo: string) {
    return this.reads.forCase(actor, device, caseNo);
  }

  mine(actor: Actor) {
    return this.reads.mine(actor);
  }

  // --- the bad-review loop -------------------------------------------------------------------------

  listReviews(actor: Actor, q: ReviewListQuery) {
    return this.reviews.list(actor, q);
  }

  getReview(actor: Actor, id: number) {
    return this.reviews.get(actor, id);
  }

  /** One step of the loop, named by `input.action` (dispatched to the step's command). */
  actOnReview(actor: Actor, id: number, input: ReviewActionInput): Promise<ReviewView> {
    return this.reviews.act(actor, id, input);
  }

  /** Open loop steps past their deadline, as supervision card candidates. */
  overdueSteps(_now?: Date, today?: string): Promise<CardCandidate[]> {
    return this.cardSource.overdueSteps(today);
  }

  // --- KPIs ----------------------------------------------------------------------------------------

  kpis(period: Period, departmentId?: DepartmentScope) {
    return this.kpiSource.kpis(period, departmentId);
  }

  counts(from: string, to: string, departmentId?: number) {
    return this.kpiSource.counts(from, to, departmentId);
  }

  countsLive(from: string, to: string, departmentId?: number) {
    return this.kpiSource.countsLive(from, to, departmentId);
  }

  rollupDaily(opts: { full?: boolean } = {}) {
    return this.kpiSource.rollupDaily(opts);
  }

  // --- rankings and the hall display ---------------------------------------------------------------

  computeRanking(month: string) {
    return this.rankings.compute(month);
  }

  snapshotRanking(actor: Actor, month: string) {
    return this.rankings.snapshot(actor, month);
  }

  ranking(month: string) {
    return this.rankings.ofMonth(month);
  }

  rankingMonths(): Promise<string[]> {
    return this.rankings.months();
  }

  snapshotPreviousMonthIfMissing(): Promise<string | null> {
    return this.rankings.snapshotPreviousMonthIfMissing();
  }

  display() {
    return this.hall.show();
  }
}
