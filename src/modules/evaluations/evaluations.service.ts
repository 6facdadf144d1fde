import { createHash, randomBytes } from 'node:crypto';
import type { EvaluationsNeedsContext } from './evaluations.context';
import type { Actor } from '../../kernel/auth/actor';
import { hasRole, readsAllDepartments, systemActor } from '../../kernel/auth/actor';
import type { AuthService, PublicUser } from '../../kernel/auth/auth.service';
import { AppError } from '../../kernel/errors';
import { auditTrailOf, recordAudit } from '../../kernel/audit/audit';
import { enqueueNotification } from '../../kernel/outbox/outbox';
import { shanghaiDate } from '../../kernel/clock';
import { parseJson } from '../../kernel/db/db';
import { evaluationsTables, type DeviceRow, type EvaluationRow, type EvaluationsDb, type EvaluationsRankingsTable, type EvaluationsTx, type RankingRow, type ReviewRow } from './evaluations.tables';
import type { Insertable } from 'kysely';
import { markDaysChanged, runDailyRollup } from '../../kernel/rollup/daily-rollup';
import { evaluationsDaily, ratedCounts, ratedCountsLive } from './evaluations.daily';
import { maskName, redactText } from '../../kernel/validators';
import type { CaseForRating, CompletedCursor } from '../cases';
import { EVALUATIONS_SETTING, changedEvaluationsConfig, type EvaluationsConfig } from './evaluations.config';
import { SettingStore } from '../../kernel/settings';
import {
  CHANNEL_LABELS,
  LEVEL_LABELS,
  REVIEW_STATUS_LABELS,
  allowedReviewActions,
  checkIndicators,
  currentStep,
  evaluationKpis,
  indicatorsFor,
  isBad,
  isOnlineChannel,
  lateSteps,
  monthRange,
  openReview,
  rankSubjects,
  ratingDeadline,
  transition,
  type Channel,
  type EvaluationCounts,
  type Kpi,
  type LoopStep,
  type RankedSubject,
  type ReviewAction,
  type ReviewActionInput,
  type ReviewRole,
  type ReviewState,
  type ReviewStatus,
  type Satisfaction,
  type StoredChannel,
  type Verdict,
} from './evaluations.rules';
import type { EvaluationView, RateInput, ReviewView } from '../../shared/evaluations.types';

// ---------------------------------------------------------------------------------------------------
// Shapes
// ---------------------------------------------------------------------------------------------------

export type { RateInput } from '../../shared/evaluations.types';

export interface Device {
  id: number;
  windowNo: string;
  name: string;
  departmentId: number | null;
  keyHint: string;
  active: boolean;
  createdAt: string;
  lastSeenAt: string | null;
}

export type { EvaluationView, ReviewView } from '../../shared/evaluations.types';

/** The supervision module's card candidate shape (its CardSource contract). */
export interface CardCandidate {
  subjectType: string;
  subjectId: string;
  subjectLabel?: string;
  rule: string;
  color: 'yellow' | 'red';
  departmentId: number | null;
  detail: Record<string, unknown>;
  dueAt?: string | null;
}

export interface ListQuery {
  from?: string;
  to?: string;
  department?: number;
  channel?: StoredChannel;
  level?: number;
  bad?: boolean;
  caseNo?: string;
  page: number;
  pageSize: number;
  offset: number;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

const fail = (code: string, status: AppError['status'], message: string, details?: Record<string, unknown>) => new AppError(code, status, message, details);

export function stateOf(r: ReviewRow): ReviewState {
  return {
    status: r.status,
    verdict: r.verdict,
    verdictReason: r.verdict_reason,
    ratedOn: r.rated_on,
    verifyDue: r.verify_due,
    verifiedOn: r.verified_on,
    appealReason: r.appeal_reason,
    appealedOn: r.appealed_on,
    appealDue: r.appeal_due,
    appealOutcome: r.appeal_outcome,
    appealDecisionReason: r.appeal_decision_reason,
    appealDecidedOn: r.appeal_decided_on,
    rectifyDue: r.rectify_due,
    measures: r.measures,
    rectifiedOn: r.rectified_on,
    callbackDue: r.callback_due,
    callbackAttempts: Number(r.callback_attempts),
    callbackReached: r.callback_reached === null ? null : Number(r.callback_reached) === 1,
    callbackSatisfaction: r.callback_satisfaction,
    callbackNote: r.callback_note,
    calledBackOn: r.called_back_on,
    closedOn: r.closed_on,
  };
}

/** The review row columns of a loop state; the bulk path writes rows through the same mapping. */
export function columnsOf(s: ReviewState) {
  return {
    status: s.status,
    verdict: s.verdict,
    verdict_reason: s.verdictReason,
    verify_due: s.verifyDue,
    verified_on: s.verifiedOn,
    appeal_reason: s.appealReason,
    appealed_on: s.appealedOn,
    appeal_due: s.appealDue,
    appeal_outcome: s.appealOutcome,
    appeal_decision_reason: s.appealDecisionReason,
    appeal_decided_on: s.appealDecidedOn,
    rectify_due: s.rectifyDue,
    measures: s.measures,
    rectified_on: s.rectifiedOn,
    callback_due: s.callbackDue,
    callback_attempts: s.callbackAttempts,
    callback_reached: s.callbackReached === null ? null : s.callbackReached ? 1 : 0,
    callback_satisfaction: s.callbackSatisfaction,
    callback_note: s.callbackNote,
    called_back_on: s.calledBackOn,
    closed_on: s.closedOn,
  };
}

/** Card rules raised for overdue loop steps (one per step, so a review can collect several). */
export const CARD_RULES: Record<LoopStep, string> = {
  verify: 'evaluation_verify_late',
  appeal: 'evaluation_appeal_late',
  rectify: 'evaluation_rectify_late',
  callback: 'evaluation_callback_late',
};

const STEP_LABELS: Record<LoopStep, string> = { verify: '核实', appeal: '申诉复核', rectify: '整改', callback: '回访' };

// ---------------------------------------------------------------------------------------------------
// Service
// ---------------------------------------------------------------------------------------------------

/** kernel_settings key of the default-evaluation walk's cursor (the job's state, not configuration). */
const DEFAULTS_CURSOR_KEY = 'evaluations.defaults_cursor';

export class EvaluationsService {
  private readonly db: EvaluationsDb;
  private readonly settings: SettingStore<EvaluationsConfig>;

  constructor(private readonly ctx: EvaluationsNeedsContext) {
    this.db = evaluationsTables(ctx.db);
    this.settings = new SettingStore(ctx, EVALUATIONS_SETTING);
  }

  private get org() {
    return this.ctx.services.org;
  }

  private get auth() {
    return this.ctx.auth;
  }

  private today() {
    return this.ctx.calendar.today();
  }

  private nowIso() {
    return this.ctx.clock.now().toISOString();
  }

  private addWorkdays = (date: string, n: number) => this.ctx.calendar.current.addWorkdays(date, n);

  /** Ratings are about cases: without the cases module there is nothing to rate (and no table to read). */
  private get casesInstalled() {
    return this.ctx.services.caseReads !== undefined;
  }

  private async caseOf(caseNo: string) {
    return this.ctx.services.caseReads?.forRating(caseNo) ?? null;
  }

  // --- configuration -------------------------------------------------------------------------------

  /** The configuration in force (the kernel's SettingStore: defaults, stored override, cached on the clock). */
  config(): Promise<EvaluationsConfig> {
    return this.settings.get();
  }

  /** Lays `override` over the configuration in force and saves it with its audit row. */
  async setConfig(actor: Actor, override: Record<string, unknown>): Promise<EvaluationsConfig> {
    return this.settings.save(actor, changedEvaluationsConfig(await this.settings.get(), override));
  }

  // --- window devices ------------------------------------------------------------------------------

  private deviceOf(r: DeviceRow): Device {
    return {
      id: Number(r.id),
      windowNo: r.window_no,
      name: r.name,
      departmentId: r.department_id === null ? null : Number(r.department_id),
      keyHint: r.key_hint,
      active: Number(r.active) === 1,
      createdAt: r.created_at,
      lastSeenAt: r.last_seen_at ?? null,
    };
  }

  /** Registers a rating device for a window; the key is returned once and only its hash is stored. */
  async registerDevice(actor: Actor, input: { windowNo: string; name: string; departmentId?: number }): Promise<{ device: Device; key: string }> {
    const windowNo = input.windowNo.trim().toUpperCase();
    if (!/^[A-Z0-9-]{1,20}$/.test(windowNo)) throw fail('WINDOW_NO_INVALID', 422, '窗口号只能包含字母、数字和连字符', { field: 'windowNo' });
    if (input.departmentId !== undefined && !(await this.org.byId(input.departmentId))) {
      throw fail('DEPARTMENT_NOT_FOUND', 422, `部门 ${input.departmentId} 不存在`, { field: 'departmentId' });
    }
    const key = `dev_${randomBytes(24).toString('base64url')}`;
    const device = await this.db.transaction().execute(async (tx) => {
      const row = await tx
        .insertInto('evaluations_devices')
        .values({
          window_no: windowNo,
          name: input.name.trim(),
          department_id: input.departmentId ?? null,
          key_hash: sha256(key),
          key_hint: key.slice(-4),
          active: 1,
          created_at: this.nowIso(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const d = this.deviceOf(row);
      await recordAudit(tx, this.ctx.clock, actor, { action: 'evaluations.device_registered', subjectType: 'evaluation_device', subjectId: d.id, after: { windowNo: d.windowNo, name: d.name } });
      return d;
    });
    return { device, key };
  }

  async listDevices(): Promise<Device[]> {
    const rows = await this.db.selectFrom('evaluations_devices').selectAll().orderBy('window_no').orderBy('id').execute();
    return rows.map((r) => this.deviceOf(r));
  }

  async revokeDevice(actor: Actor, id: number): Promise<Device> {
    return this.db.transaction().execute(async (tx) => {
      const row = await tx.updateTable('evaluations_devices').set({ active: 0 }).where('id', '=', id).returningAll().executeTakeFirst();
      if (!row) throw fail('DEVICE_NOT_FOUND', 404, `评价器 ${id} 不存在`);
      await recordAudit(tx, this.ctx.clock, actor, { action: 'evaluations.device_revoked', subjectType: 'evaluation_device', subjectId: id });
      return this.deviceOf(row);
    });
  }

  /** The device a key belongs to; null for an unknown or revoked key. */
  async authenticateDevice(key: string): Promise<Device | null> {
    const row = await this.db.selectFrom('evaluations_devices').selectAll().where('key_hash', '=', sha256(key)).executeTakeFirst();
    if (!row || Number(row.active) !== 1) return null;
    await this.db.updateTable('evaluations_devices').set({ last_seen_at: this.nowIso() }).where('id', '=', row.id).execute();
    return this.deviceOf(row);
  }

  deviceActor(d: Device, ip?: string): Actor {
    return { kind: 'device', id: null, username: `device:${d.id}`, name: `${d.windowNo}窗口评价器`, roles: [], departmentId: d.departmentId, ip };
  }

  private async windowClerkIds(windowNo: string): Promise<number[]> {
    const rows = await this.db.selectFrom('kernel_users').select('id').where('window_no', '=', windowNo).where('active', '=', 1).execute();
    return rows.map((r) => Number(r.id));
  }

  /** What the tablet shows: today's cases delivered by this window's staff that this window has not rated. */
  async deviceQueue(d: Device) {
    const clerks = this.casesInstalled ? await this.windowClerkIds(d.windowNo) : [];
    const cases = (await this.ctx.services.caseReads?.completedBy(clerks, this.today())) ?? [];
    const rated = await this.channelsUsed(cases.map((c) => c.id), 'window_device');
    const pending = cases.filter((c) => !rated.has(c.id));
    return {
      device: { id: d.id, windowNo: d.windowNo, name: d.name },
      indicators: indicatorsFor('window_device'),
      items: pending.map((c) => ({ caseNo: c.caseNo, itemName: c.itemName, applicantName: maskName(c.applicantName), completedOn: c.completedOn })),
    };
  }

  private async channelsUsed(caseIds: number[], channel: StoredChannel): Promise<Set<number>> {
    if (caseIds.length === 0) return new Set();
    const rows = await this.db.selectFrom('evaluations_evaluations').select('case_id').where('case_id', 'in', caseIds).where('channel', '=', channel).execute();
    return new Set(rows.map((r) => Number(r.case_id)));
  }

  // --- rating --------------------------------------------------------------------------------------

  /** The clerk a rating lands on: the one who took the case at a window, else the one who delivered it. */
  private async handlingClerk(c: CaseForRating): Promise<PublicUser | null> {
    for (const id of [c.createdBy, c.completedBy]) {
      if (id === null) continue;
      const u = await this.auth.me(id).catch(() => null);
      if (u && u.roles.includes('clerk')) return u;
    }
    return null;
  }

  /**
   * Who may rate (SPEC §2.5): the applicant's own citizen account online (web, mobile, sms), a registered
   * window device (window_device), or a hotline operator keying in what the citizen said on a 12345 call
   * (hotline; the operator is recorded in `recorded_by`). Everyone else is refused.
   */
  private checkRater(actor: Actor, device: Device | null, channel: Channel): 'device' | 'citizen' | 'operator' {
    if (device) {
      if (channel !== 'window_device') throw fail('CHANNEL_NOT_ALLOWED', 422, '窗口评价器只能以 window_device 渠道评价', { field: 'channel' });
      return 'device';
    }
    if (actor.kind !== 'user') throw fail('RATER_REQUIRED', 401, '请登录后评价，或在窗口评价器上评价');
    if (hasRole(actor, 'citizen')) {
      if (channel === 'window_device' || channel === 'hotline') {
        throw fail('CHANNEL_NOT_ALLOWED', 422, '网上评价请选择 web、mobile 或 sms 渠道；窗口评价器和 12345 热线评价由设备或话务员记录', { field: 'channel' });
      }
      return 'citizen';
    }
    if (hasRole(actor, 'operator')) {
      if (channel !== 'hotline') throw fail('CHANNEL_NOT_ALLOWED', 422, '话务员只能代群众记录 12345 热线评价（hotline 渠道）', { field: 'channel' });
      return 'operator';
    }
    throw fail('NOT_ALLOWED_TO_RATE', 403, '只有申请人本人、窗口评价器或代为记录热线评价的话务员可以评价');
  }

  async rate(actor: Actor, device: Device | null, input: RateInput): Promise<EvaluationView> {
    const cfg = await this.config();
    const rater = this.checkRater(actor, device, input.channel);
    const c = await this.caseOf(input.caseNo);
    if (!c) throw fail('CASE_NOT_FOUND', 404, `办件 ${input.caseNo} 不存在`, { field: 'caseNo' });
    if (rater === 'citizen' && c.applicantUserId !== actor.id) {
      throw fail('NOT_APPLICANT', 403, '只有该办件的申请人本人可以评价', { field: 'caseNo' });
    }
    if (c.status !== 'completed' || !c.completedOn) {
      throw fail('CASE_NOT_COMPLETED', 409, `办件尚未办结（当前状态 ${c.status}），办结后才能评价`, { field: 'caseNo', status: c.status });
    }
    const today = this.today();
    const deadline = ratingDeadline(this.addWorkdays, c.completedOn, cfg);
    if (today > deadline) {
      throw fail('RATING_WINDOW_CLOSED', 409, `评价期限已于 ${deadline} 结束（办结后 ${cfg.ratingWindowWorkdays} 个工作日内可评价）`, { field: 'caseNo', deadline });
    }
    const bad = checkIndicators(input.channel, input.indicators);
    if (bad) throw fail(bad.code, 422, bad.message, { field: bad.field });
    const existing = await this.db.selectFrom('evaluations_evaluations').select(['id', 'channel']).where('case_id', '=', c.id).execute();
    if (existing.some((e) => e.channel === input.channel)) {
      throw fail('ALREADY_RATED', 409, `该办件已通过“${CHANNEL_LABELS[input.channel]}”评价过（一事一评）`, { field: 'channel', channel: input.channel });
    }
    const clerk = await this.handlingClerk(c);
    const tags = [...new Set((input.tags ?? []).map((t) => t.trim()).filter(Boolean))];
    try {
      const id = await this.db.transaction().execute(async (tx) => {
        return this.insertEvaluation(tx, actor, cfg, c, {
          channel: input.channel,
          level: input.level,
          isDefault: false,
          comment: input.comment?.trim() || null,
          tags,
          indicators: input.indicators ?? {},
          windowNo: device?.windowNo ?? clerk?.windowNo ?? null,
          clerk,
          deviceId: device?.id ?? null,
          raterUserId: rater === 'citizen' ? actor.id : c.applicantUserId,
          recordedBy: rater === 'operator' ? actor.id : null,
          ratedAt: this.nowIso(),
          ratedOn: today,
        });
      });
      return this.view(id);
    } catch (err) {
      // Two submissions racing past the pre-check: the unique index lets one through.
      if (!(err instanceof AppError) && /unique|duplicate/i.test(String((err as Error).message))) {
        throw fail('ALREADY_RATED', 409, `该办件已通过“${CHANNEL_LABELS[input.channel]}”评价过（一事一评）`, { field: 'channel', channel: input.channel });
      }
      throw err;
    }
  }

  /** Writes one evaluation (and, for an active 差评, its loop) inside the caller's transaction. */
  async insertEvaluation(
    tx: EvaluationsTx,
    actor: Actor,
    cfg: EvaluationsConfig,
    c: CaseForRating,
    e: {
      channel: StoredChannel;
      level: number;
      isDefault: boolean;
      comment: string | null;
      tags: string[];
      indicators: Record<string, number>;
      windowNo: string | null;
      clerk: PublicUser | null;
      deviceId: number | null;
      raterUserId: number | null;
      recordedBy: number | null;
      ratedAt: string;
      ratedOn: string;
    },
  ): Promise<number> {
    const active = !e.isDefault;
    const badReview = active && isBad(e.level);
    const row = await tx
      .insertInto('evaluations_evaluations')
      .values({
        case_id: c.id,
        case_no: c.caseNo,
        channel: e.channel,
        level: e.level,
        is_default: e.isDefault ? 1 : 0,
        active: active ? 1 : 0,
        bad: badReview ? 1 : 0,
        comment: e.comment,
        tags_json: JSON.stringify(e.tags),
        indicators_json: JSON.stringify(e.indicators),
        department_id: c.departmentId,
        item_name: c.itemName,
        window_no: e.windowNo,
        clerk_id: e.clerk?.id ?? null,
        clerk_name: e.clerk?.name ?? null,
        device_id: e.deviceId,
        rater_user_id: e.raterUserId,
        recorded_by: e.recordedBy,
        applicant_name: c.applicantName,
        rated_at: e.ratedAt,
        rated_on: e.ratedOn,
        completed_on: c.completedOn,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = Number(row.id);
    // A default rating is dated back to the end of its rating window, possibly a day already rolled up.
    await markDaysChanged(tx, evaluationsDaily, [e.ratedOn]);
    await recordAudit(tx, this.ctx.clock, actor, {
      action: e.isDefault ? 'evaluation.defaulted' : 'evaluation.rated',
      subjectType: 'evaluation',
      subjectId: id,
      after: { caseNo: c.caseNo, channel: e.channel, level: e.level, windowNo: e.windowNo, clerkId: e.clerk?.id ?? null, recordedBy: e.recordedBy },
    });
    if (badReview) {
      const state = openReview(e.ratedOn, this.addWorkdays, cfg);
      const r = await tx
        .insertInto('evaluations_reviews')
        .values({
          evaluation_id: id,
          case_no: c.caseNo,
          department_id: c.departmentId,
          window_no: e.windowNo,
          clerk_id: e.clerk?.id ?? null,
          level: e.level,
          rated_on: e.ratedOn,
          ...columnsOf(state),
          updated_at: e.ratedAt,
          row_version: 0,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(tx, this.ctx.clock, actor, {
        action: 'evaluation.review_opened',
        subjectType: 'evaluation_review',
        subjectId: Number(r.id),
        after: { evaluationId: id, caseNo: c.caseNo, level: e.level, status: state.status, verifyDue: state.verifyDue },
      });
      await enqueueNotification(tx, this.ctx.clock, {
        channel: 'department',
        recipient: `department:${c.departmentId}`,
        template: 'evaluation.bad_review',
        payload: { caseNo: c.caseNo, itemName: c.itemName, level: LEVEL_LABELS[e.level], verifyDue: state.verifyDue },
        dedupeKey: `evaluation.bad_review:${id}`,
      });
    }
    return id;
  }

  // --- default evaluations -------------------------------------------------------------------------

  private async defaultsCursor(): Promise<CompletedCursor | null> {
    const row = await this.db.selectFrom('kernel_settings').select('value_json').where('key', '=', DEFAULTS_CURSOR_KEY).executeTakeFirst();
    return parseJson<CompletedCursor | null>(row?.value_json, null);
  }

  private async saveDefaultsCursor(cursor: CompletedCursor): Promise<void> {
    const value = JSON.stringify(cursor);
    const now = this.nowIso();
    await this.db
      .insertInto('kernel_settings')
      .values({ key: DEFAULTS_CURSOR_KEY, value_json: value, updated_at: now })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value_json: value, updated_at: now }))
      .execute();
  }

  /**
   * Gives every completed case whose rating window has passed without any rating the system's default
   * evaluation (never active). Idempotent: the unique (case, channel) index holds even when two
   * instances run the job at once — the loser's insert is skipped.
   */
  async applyDefaults(batch = 500): Promise<number> {
    if (!this.casesInstalled) return 0;
    const cfg = await this.config();
    const today = this.today();
    const idx = this.ctx.calendar.current;
    // Cases completed on or before this day have a rating deadline before today (see ratingDeadline).
    const cutoff = idx.addNaturalDays(idx.addWorkdays(today, -cfg.ratingWindowWorkdays), -1);
    const sys = systemActor('evaluations.default');
    const caseReads = this.ctx.services.caseReads!;
    let created = 0;
    // Cases before the cursor all have a rating or a default already: completions are recorded on the
    // day they happen, so no case can later appear behind a cursor that trails today.
    let cursor = await this.defaultsCursor();
    for (;;) {
      const cases = await caseReads.completedUpTo(cutoff, cursor, batch);
      if (cases.length === 0) break;
      const rated = new Set(
        (await this.db.selectFrom('evaluations_evaluations').select('case_id').where('case_id', 'in', cases.map((c) => c.id)).execute()).map((r) => Number(r.case_id)),
      );
      let progressed = 0;
      for (const c of cases) {
        const deadline = ratingDeadline(this.addWorkdays, c.completedOn!, cfg);
        if (deadline >= today) break;
        cursor = { completedOn: c.completedOn!, id: c.id };
        if (rated.has(c.id)) {
          progressed++;
          continue;
        }
        const dayAfter = idx.addNaturalDays(deadline, 1);
        const ratedOn = dayAfter < today ? dayAfter : today;
        const clerk = await this.handlingClerk(c);
        const inserted = await this.db
          .transaction()
          .execute(async (tx) => {
            const exists = await tx.selectFrom('evaluations_evaluations').select('id').where('case_id', '=', c.id).where('channel', '=', 'system').executeTakeFirst();
            if (exists) return false;
            await this.insertEvaluation(tx, sys, cfg, c, {
              channel: 'system',
              level: cfg.defaultLevel,
              isDefault: true,
              comment: null,
              tags: [],
              indicators: {},
              windowNo: clerk?.windowNo ?? null,
              clerk,
              deviceId: null,
              raterUserId: null,
              recordedBy: null,
              ratedAt: ratedOn === today ? this.nowIso() : new Date(`${ratedOn}T00:00:00+08:00`).toISOString(),
              ratedOn,
            });
            return true;
          })
          .catch((err) => {
            if (/unique|duplicate/i.test(String((err as Error).message))) return false;
            throw err;
          });
        progressed++;
        if (inserted) created++;
      }
      if (cursor) await this.saveDefaultsCursor(cursor);
      if (cases.length < batch || progressed < cases.length) break;
    }
    return created;
  }

  // --- reading evaluations -------------------------------------------------------------------------

  private async deptNames(): Promise<Map<number, string>> {
    return new Map((await this.org.all()).map((d) => [d.id, d.name]));
  }

  private toView(r: EvaluationRow, depts: Map<number, string>, reviewId: number | null): EvaluationView {
    return {
      id: Number(r.id),
      caseNo: r.case_no,
      itemName: r.item_name,
      channel: r.channel,
      channelLabel: CHANNEL_LABELS[r.channel] ?? r.channel,
      level: Number(r.level),
      levelLabel: LEVEL_LABELS[Number(r.level)],
      isDefault: Number(r.is_default) === 1,
      active: Number(r.active) === 1,
      bad: Number(r.bad) === 1,
      // Free text can carry ID and phone numbers: masked wherever ratings are listed (SPEC §2.1).
      comment: r.comment === null ? null : redactText(r.comment),
      tags: parseJson<string[]>(r.tags_json, []),
      indicators: parseJson<Record<string, number>>(r.indicators_json, {}),
      departmentId: Number(r.department_id),
      departmentName: depts.get(Number(r.department_id)) ?? null,
      windowNo: r.window_no,
      clerkId: r.clerk_id === null ? null : Number(r.clerk_id),
      clerkName: r.clerk_name,
      applicantName: maskName(r.applicant_name),
      ratedAt: r.rated_at,
      ratedOn: r.rated_on,
      reviewId,
    };
  }

  private async view(id: number): Promise<EvaluationView> {
    const r = await this.db.selectFrom('evaluations_evaluations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const rev = await this.db.selectFrom('evaluations_reviews').select('id').where('evaluation_id', '=', id).executeTakeFirst();
    return this.toView(r, await this.deptNames(), rev ? Number(rev.id) : null);
  }

  /** Evaluations the actor may see: all for bureau readers, the department's for its reviewers, own for clerks and citizens. */
  private scoped(db: EvaluationsDb, actor: Actor) {
    const q = db.selectFrom('evaluations_evaluations');
    if (readsAllDepartments(actor)) return q;
    if (hasRole(actor, 'reviewer') && actor.departmentId !== null) return q.where('department_id', '=', actor.departmentId);
    if (hasRole(actor, 'clerk')) return q.where('clerk_id', '=', actor.id);
    if (hasRole(actor, 'citizen')) return q.where('rater_user_id', '=', actor.id).where('is_default', '=', 0);
    return q.where('id', '=', -1);
  }

  async list(actor: Actor, q: ListQuery): Promise<{ items: EvaluationView[]; total: number }> {
    let base = this.scoped(this.db, actor);
    if (q.from) base = base.where('rated_on', '>=', q.from);
    if (q.to) base = base.where('rated_on', '<=', q.to);
    if (q.department !== undefined) base = base.where('department_id', '=', q.department);
    if (q.channel) base = base.where('channel', '=', q.channel);
    if (q.level !== undefined) base = base.where('level', '=', q.level);
    if (q.bad !== undefined) base = base.where('bad', '=', q.bad ? 1 : 0);
    if (q.caseNo) base = base.where('case_no', '=', q.caseNo);
    const total = Number((await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const rows = await base.selectAll().orderBy('rated_at', 'desc').orderBy('id', 'desc').limit(q.pageSize).offset(q.offset).execute();
    const revs = rows.length
      ? await this.db.selectFrom('evaluations_reviews').select(['id', 'evaluation_id']).where('evaluation_id', 'in', rows.map((r) => r.id)).execute()
      : [];
    const revOf = new Map(revs.map((r) => [Number(r.evaluation_id), Number(r.id)]));
    const depts = await this.deptNames();
    return { items: rows.map((r) => this.toView(r, depts, revOf.get(Number(r.id)) ?? null)), total };
  }

  /** The rating page of one case: what was rated already and whether (and on which channels) the actor may rate. */
  async forCase(actor: Actor, device: Device | null, caseNo: string) {
    const cfg = await this.config();
    const c = await this.caseOf(caseNo);
    const mayRead = c && (device || readsAllDepartments(actor) || hasRole(actor, 'clerk', 'operator') || (hasRole(actor, 'citizen') && c.applicantUserId === actor.id) ||
      (hasRole(actor, 'reviewer') && actor.departmentId === c.departmentId));
    if (!c || !mayRead) throw fail('CASE_NOT_FOUND', 404, `办件 ${caseNo} 不存在`, { field: 'caseNo' });
    const rows = await this.db.selectFrom('evaluations_evaluations').selectAll().where('case_id', '=', c.id).orderBy('id').execute();
    const depts = await this.deptNames();
    const deadline = c.completedOn ? ratingDeadline(this.addWorkdays, c.completedOn, cfg) : null;
    const open = c.status === 'completed' && deadline !== null && this.today() <= deadline;
    const used = new Set(rows.map((r) => r.channel));
    const channels: Channel[] = device ? ['window_device'] : hasRole(actor, 'citizen') ? ['web', 'mobile', 'sms'] : hasRole(actor, 'operator') ? ['hotline'] : [];
    return {
      caseNo: c.caseNo,
      itemName: c.itemName,
      departmentName: depts.get(c.departmentId) ?? null,
      status: c.status,
      completedOn: c.completedOn,
      ratingDeadline: deadline,
      ratingOpen: open,
      channelsAvailable: open ? channels.filter((ch) => !used.has(ch)) : [],
      indicators: { online: indicatorsFor('web'), offline: indicatorsFor('window_device') },
      evaluations: rows.map((r) => this.toView(r, depts, null)),
    };
  }

  /** The citizen's completed cases with their rating state (for "my cases"). */
  async mine(actor: Actor) {
    if (!hasRole(actor, 'citizen') || actor.id === null || !this.casesInstalled) return { items: [], total: 0 };
    const cfg = await this.config();
    const cases = (await this.ctx.services.caseReads?.completedOfApplicant(actor.id)) ?? [];
    const rated = cases.length
      ? await this.db.selectFrom('evaluations_evaluations').select(['case_id', 'level', 'channel', 'is_default']).where('case_id', 'in', cases.map((c) => c.id)).execute()
      : [];
    const today = this.today();
    const items = cases.map((c) => {
      const mineRows = rated.filter((r) => Number(r.case_id) === c.id);
      const deadline = ratingDeadline(this.addWorkdays, c.completedOn!, cfg);
      const own = mineRows.find((r) => Number(r.is_default) === 0 && isOnlineChannel(r.channel));
      return {
        caseNo: c.caseNo,
        itemName: c.itemName,
        completedOn: c.completedOn,
        ratingDeadline: deadline,
        ratingOpen: today <= deadline && !own,
        myLevel: own ? Number(own.level) : null,
        defaulted: mineRows.some((r) => Number(r.is_default) === 1),
      };
    });
    return { items, total: items.length };
  }

  // --- the bad-review loop -------------------------------------------------------------------------

  private reviewRolesOf(actor: Actor, r: ReviewRow): ReviewRole[] {
    const roles: ReviewRole[] = [];
    if (hasRole(actor, 'supervisor', 'admin')) roles.push('supervisor');
    if (actor.id !== null && r.clerk_id !== null && Number(r.clerk_id) === actor.id) roles.push('rated_clerk');
    if (hasRole(actor, 'reviewer', 'clerk') && actor.departmentId !== null && actor.departmentId === Number(r.department_id)) roles.push('department_staff');
    if (hasRole(actor, 'operator')) roles.push('operator');
    return roles;
  }

  private mayReadReview(actor: Actor, r: ReviewRow): boolean {
    return readsAllDepartments(actor) || this.reviewRolesOf(actor, r).length > 0;
  }

  private async reviewView(r: ReviewRow, actor: Actor, depts?: Map<number, string>): Promise<ReviewView> {
    const e = await this.db.selectFrom('evaluations_evaluations').selectAll().where('id', '=', r.evaluation_id).executeTakeFirstOrThrow();
    return this.reviewViewOf(r, e, actor, depts ?? (await this.deptNames()));
  }

  private reviewViewOf(r: ReviewRow, e: EvaluationRow, actor: Actor, depts: Map<number, string>): ReviewView {
    const state = stateOf(r);
    const today = this.today();
    const step = currentStep(state);
    return {
      id: Number(r.id),
      evaluationId: Number(r.evaluation_id),
      caseNo: r.case_no,
      itemName: e.item_name,
      level: Number(r.level),
      levelLabel: LEVEL_LABELS[Number(r.level)],
      channelLabel: CHANNEL_LABELS[e.channel] ?? e.channel,
      comment: e.comment === null ? null : redactText(e.comment),
      tags: parseJson<string[]>(e.tags_json, []),
      departmentId: Number(r.department_id),
      departmentName: depts.get(Number(r.department_id)) ?? null,
      windowNo: r.window_no,
      clerkId: r.clerk_id === null ? null : Number(r.clerk_id),
      clerkName: e.clerk_name,
      applicantName: maskName(e.applicant_name),
      status: state.status,
      statusLabel: REVIEW_STATUS_LABELS[state.status],
      state,
      currentStep: step
        ? { step: step.step, due: step.due, overdue: today > step.due, workdaysLeft: this.ctx.calendar.current.workdaysBetween(today, step.due) }
        : null,
      lateSteps: lateSteps(state, today),
      allowedActions: allowedReviewActions(state, this.reviewRolesOf(actor, r)),
    };
  }

  async listReviews(actor: Actor, q: { status?: ReviewStatus; overdue?: boolean; page: number; pageSize: number; offset: number }) {
    let base = this.db.selectFrom('evaluations_reviews');
    if (!readsAllDepartments(actor) && !hasRole(actor, 'operator')) {
      base = base.where((eb) =>
        eb.or([
          eb('clerk_id', '=', actor.id ?? -1),
          ...(hasRole(actor, 'reviewer', 'clerk') && actor.departmentId !== null ? [eb('department_id', '=', actor.departmentId)] : []),
        ]),
      );
    }
    if (q.status) base = base.where('status', '=', q.status);
    let rows = await base.selectAll().orderBy('id', 'desc').execute();
    // Overdue depends on the calendar, so it is filtered here; open reviews are few.
    if (q.overdue !== undefined) {
      const today = this.today();
      rows = rows.filter((r) => {
        const s = currentStep(stateOf(r));
        return (s !== null && today > s.due) === q.overdue;
      });
    }
    const total = rows.length;
    const page = rows.slice(q.offset, q.offset + q.pageSize);
    const evs = page.length
      ? await this.db.selectFrom('evaluations_evaluations').selectAll().where('id', 'in', page.map((r) => r.evaluation_id)).execute()
      : [];
    const evOf = new Map(evs.map((e) => [Number(e.id), e]));
    const depts = await this.deptNames();
    return { items: page.map((r) => this.reviewViewOf(r, evOf.get(Number(r.evaluation_id))!, actor, depts)), total };
  }

  async getReview(actor: Actor, id: number): Promise<ReviewView & { trail: unknown[] }> {
    const r = await this.db.selectFrom('evaluations_reviews').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r || !this.mayReadReview(actor, r)) throw fail('REVIEW_NOT_FOUND', 404, `差评处理单 ${id} 不存在`);
    const trail = await auditTrailOf(this.db, 'evaluation_review', id);
    return {
      ...(await this.reviewView(r, actor)),
      trail: trail.map((t) => ({ seq: t.seq, at: t.at, actorName: t.actorName, action: t.action, after: t.after })),
    };
  }

  /** One step of the loop: the pure state machine decides, this writes the new state with its audit row. */
  async actOnReview(actor: Actor, id: number, input: ReviewActionInput): Promise<ReviewView> {
    const cfg = await this.config();
    const r = await this.db.selectFrom('evaluations_reviews').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r || !this.mayReadReview(actor, r)) throw fail('REVIEW_NOT_FOUND', 404, `差评处理单 ${id} 不存在`);
    const before = stateOf(r);
    const res = transition(before, input, { today: this.today(), roles: this.reviewRolesOf(actor, r), addWorkdays: this.addWorkdays, cfg });
    if (!res.ok) {
      throw fail(res.code, res.status, res.message, { ...(res.field ? { field: res.field } : {}), status: before.status, action: input.action });
    }
    const after = res.state;
    await this.db.transaction().execute(async (tx) => {
      const upd = await tx
        .updateTable('evaluations_reviews')
        .set({ ...columnsOf(after), updated_at: this.nowIso(), row_version: Number(r.row_version) + 1 })
        .where('id', '=', id)
        .where('row_version', '=', r.row_version)
        .executeTakeFirst();
      if (Number(upd.numUpdatedRows) !== 1) throw fail('REVIEW_CHANGED', 409, '差评处理单刚被他人处理，请刷新后重试', { status: before.status });
      await recordAudit(tx, this.ctx.clock, actor, {
        action: `evaluation.review_${input.action}`,
        subjectType: 'evaluation_review',
        subjectId: id,
        before: { status: before.status, verdict: before.verdict },
        after: {
          status: after.status,
          verdict: after.verdict,
          ...(input.reason ? { reason: input.reason } : {}),
          ...(input.measures ? { measures: input.measures } : {}),
          ...(input.action === 'callback' ? { reached: input.reached, satisfaction: input.satisfaction ?? null } : {}),
          ...(input.action === 'decide_appeal' ? { upheld: input.upheld } : {}),
          due: currentStep(after)?.due ?? null,
        },
      });
    });
    const fresh = await this.db.selectFrom('evaluations_reviews').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    return this.reviewView(fresh, actor);
  }

  /**
   * Open loop steps past their deadline, as supervision card candidates (one rule per step). The sweep
   * dedupes per (subject, rule), so a step that stays overdue raises one card.
   */
  async overdueSteps(_now?: Date, today = this.today()): Promise<CardCandidate[]> {
    const cfg = await this.config();
    const rows = await this.db.selectFrom('evaluations_reviews').selectAll().where('status', '!=', 'closed').execute();
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

  // --- KPIs ----------------------------------------------------------------------------------------

  /** Counts for the SPEC §3 evaluation KPIs over evaluations made in [from, to] (Shanghai dates). */
  async counts(from: string, to: string, departmentId?: number): Promise<EvaluationCounts> {
    const a = await ratedCounts(this.db, from, to, departmentId);
    const b = await this.validBadCounts(this.db, from, to, departmentId);
    return { ...a, ...b };
  }

  /** The same counts straight from the evaluations (the reference the roll-up must agree with). */
  async countsLive(from: string, to: string, departmentId?: number): Promise<EvaluationCounts> {
    return { ...(await ratedCountsLive(this.db, from, to, departmentId)), ...(await this.validBadCounts(this.db, from, to, departmentId)) };
  }

  /** Rolls the rating counts up to yesterday (the job; `full` after an import or the generator). */
  rollupDaily(opts: { full?: boolean } = {}) {
    return runDailyRollup(this.db, evaluationsDaily, { today: this.today(), now: this.nowIso(), full: opts.full });
  }

  /**
   * Active evaluations of the period with a valid 差评 verdict. A review carries its evaluation's rated_on and
   * department (written together), so the few reviews drive the query instead of a year of ratings.
   */
  private async validBadCounts(db: EvaluationsDb, from: string, to: string, departmentId?: number) {
    let q = db
      .selectFrom('evaluations_reviews as r')
      .innerJoin('evaluations_evaluations as e', 'e.id', 'r.evaluation_id')
      .where('r.verdict', '=', 'valid')
      .where('r.rated_on', '>=', from)
      .where('r.rated_on', '<=', to)
      .where('e.active', '=', 1);
    if (departmentId !== undefined) q = q.where('r.department_id', '=', departmentId);
    const b = await q
      .select((eb) => [
        eb.cast<number>(eb.fn.countAll(), 'integer').as('valid'),
        eb.cast<number>(eb.fn.coalesce(eb.fn.sum(eb.case().when('r.rectified_on', 'is not', null).then(1).else(0).end()), eb.lit(0)), 'integer').as('rectified'),
      ])
      .executeTakeFirstOrThrow();
    return { validBad: Number(b.valid), validBadRectified: Number(b.rectified) };
  }

  /** The stats module's summary picks this up (any service with `kpis(period, departmentId)` is a provider). */
  async kpis(period: { from: string; to: string }, departmentId?: number | null): Promise<Record<string, Kpi>> {
    return evaluationKpis(await this.counts(period.from, period.to, departmentId ?? undefined));
  }

  // --- rankings ------------------------------------------------------------------------------------

  /** Live monthly ranking of windows and staff from the month's active evaluations and their loops. */
  async computeRanking(month: string): Promise<{ windows: RankedSubject[]; staff: RankedSubject[] }> {
    const cfg = await this.config();
    const { from, to } = monthRange(month);
    const today = this.today();
    const evs = await this.db
      .selectFrom('evaluations_evaluations')
      .select(['id', 'level', 'window_no', 'clerk_id', 'clerk_name', 'department_id'])
      .where('rated_on', '>=', from)
      .where('rated_on', '<=', to)
      .where('active', '=', 1)
      .execute();
    const reviews = await this.db
      .selectFrom('evaluations_reviews as r')
      .innerJoin('evaluations_evaluations as e', 'e.id', 'r.evaluation_id')
      .selectAll('r')
      .where('e.rated_on', '>=', from)
      .where('e.rated_on', '<=', to)
      .execute();
    const revOf = new Map(reviews.map((r) => [Number(r.evaluation_id), r]));
    type Acc = { key: string; name: string; departmentId: number | null; active: number; good: number; validBad: number; cards: number };
    const windows = new Map<string, Acc>();
    const staff = new Map<string, Acc>();
    const bump = (m: Map<string, Acc>, key: string, name: string, dept: number | null, e: (typeof evs)[number]) => {
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
  async snapshotRanking(actor: Actor, month: string) {
    const cfg = await this.config();
    const r = await this.computeRanking(month);
    const now = this.nowIso();
    await this.db.transaction().execute(async (tx) => {
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
      await recordAudit(tx, this.ctx.clock, actor, {
        action: 'evaluations.ranking_snapshot',
        subjectType: 'evaluation_ranking',
        subjectId: month,
        after: {
          redFlagWindows: r.windows.filter((s) => s.candidate).map((s) => s.key),
          serviceStars: r.staff.filter((s) => s.candidate).map((s) => s.name),
        },
      });
    });
    return this.ranking(month);
  }

  /** A month's ranking: its snapshot when one was taken, else computed live. */
  async ranking(month: string) {
    const rows = await this.db.selectFrom('evaluations_rankings').selectAll().where('month', '=', month).orderBy('kind').orderBy('rank').execute();
    const depts = await this.deptNames();
    const withDept = (s: RankedSubject) => ({ ...s, departmentName: s.departmentId === null ? null : (depts.get(s.departmentId) ?? null) });
    if (rows.length > 0) {
      const toSubject = (x: (typeof rows)[number]): RankedSubject => ({
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
      });
      return {
        month,
        snapshot: true,
        computedAt: rows[0].computed_at,
        weights: parseJson(rows[0].weights_json, (await this.config()).rankingWeights),
        windows: rows.filter((x) => x.kind === 'window').map(toSubject).map(withDept),
        staff: rows.filter((x) => x.kind === 'staff').map(toSubject).map(withDept),
      };
    }
    const live = await this.computeRanking(month);
    return { month, snapshot: false, computedAt: this.nowIso(), weights: (await this.config()).rankingWeights, windows: live.windows.map(withDept), staff: live.staff.map(withDept) };
  }

  async rankingMonths(): Promise<string[]> {
    const rows = await this.db.selectFrom('evaluations_rankings').select('month').distinct().orderBy('month', 'desc').execute();
    return rows.map((r) => r.month);
  }

  /** The monthly job: snapshot the previous month once it is over (idempotent: skipped when one exists). */
  async snapshotPreviousMonthIfMissing(): Promise<string | null> {
    const today = this.today();
    const [y, m] = today.split('-').map(Number);
    const month = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
    const exists = await this.db.selectFrom('evaluations_rankings').select('id').where('month', '=', month).limit(1).executeTakeFirst();
    if (exists) return null;
    await this.snapshotRanking(systemActor('evaluations.ranking'), month);
    return month;
  }

  // --- the hall display ----------------------------------------------------------------------------

  /** Totals, good rates and recent comments for the public screen: names masked, IDs and phones redacted. */
  async display() {
    const cfg = await this.config();
    const today = this.today();
    const monthStart = `${today.slice(0, 7)}-01`;
    const yearStart = `${today.slice(0, 4)}-01-01`;
    const [day, month, year] = await Promise.all([this.counts(today, today), this.counts(monthStart, today), this.counts(yearStart, today)]);
    const levels = await this.db
      .selectFrom('evaluations_evaluations')
      .select((eb) => ['level', eb.cast<number>(eb.fn.countAll(), 'integer').as('n')])
      .where('rated_on', '>=', monthStart)
      .where('rated_on', '<=', today)
      .where('active', '=', 1)
      .groupBy('level')
      .execute();
    const recent = await this.db
      .selectFrom('evaluations_evaluations')
      .selectAll()
      .where('active', '=', 1)
      .where('comment', 'is not', null)
      .where('comment', '!=', '')
      .orderBy('rated_at', 'desc')
      .orderBy('id', 'desc')
      .limit(cfg.displayComments)
      .execute();
    const depts = await this.deptNames();
    const rate = (c: EvaluationCounts) => evaluationKpis(c)['evaluations.goodRate'].value;
    return {
      generatedAt: this.nowIso(),
      today: { total: day.total, active: day.active, good: day.activeGood, goodRate: rate(day) },
      month: { total: month.total, active: month.active, good: month.activeGood, goodRate: rate(month), actualGoodRate: evaluationKpis(month)['evaluations.actualGoodRate'].value },
      year: { total: year.total, active: year.active, good: year.activeGood, goodRate: rate(year) },
      levels: [5, 4, 3, 2, 1].map((l) => ({ level: l, label: LEVEL_LABELS[l], count: Number(levels.find((x) => Number(x.level) === l)?.n ?? 0) })),
      recent: recent.map((r) => ({
        level: Number(r.level),
        levelLabel: LEVEL_LABELS[Number(r.level)],
        channelLabel: CHANNEL_LABELS[r.channel] ?? r.channel,
        comment: redactText(r.comment ?? ''),
        itemName: r.item_name,
        departmentName: depts.get(Number(r.department_id)) ?? null,
        rater: maskName(r.applicant_name),
        ratedAt: r.rated_at,
      })),
    };
  }

  /** For the seed: today's Shanghai date of an instant. */
  dateOf(instant: string) {
    return shanghaiDate(new Date(instant));
  }
}
