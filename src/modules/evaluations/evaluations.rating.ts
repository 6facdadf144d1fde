/**
 * Rating a case (SPEC §2.5, 一事一评 / 一次一评): on every channel — the applicant online (web, mobile,
 * the SMS link), the window device, a 12345 operator keying in what the citizen said — and the writer every
 * rating goes through (the system's default rating and the seed included), which opens the bad-review
 * loop of an active 差评 and tells the department.
 */
import type { Actor } from '../../kernel/auth/actor';
import { hasRole } from '../../kernel/auth/actor';
import type { AuthService, PublicUser } from '../../kernel/auth/auth.service';
import { sql } from 'kysely';
import { recordAudit } from '../../kernel/audit/audit';
import { dialectOf } from '../../kernel/db/db';
import { AppError } from '../../kernel/errors';
import { enqueueNotification } from '../../kernel/outbox/outbox';
import { markDaysChanged } from '../../kernel/rollup/daily-rollup';
import type { CaseForRating } from '../cases';
import type { EvaluationView, RateInput } from '../../shared/evaluations.types';
import type { EvaluationsConfig } from './evaluations.config';
import { evaluationsDaily } from './evaluations.daily';
import { fail, type EvaluationsDeps } from './evaluations.deps';
import type { EvaluationReads } from './evaluations.reads';
import { CHANNEL_LABELS, LEVEL_LABELS, checkIndicators, isBad, openReview, ratingDeadline, type Channel, type StoredChannel } from './evaluations.rules';
import type { EvaluationsTx } from './evaluations.tables';
import { columnsOf, type Device } from './evaluations.views';

/** One evaluation to write: what was said, by whom, about whom, and when. */
export interface NewEvaluation {
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
}

/** The clerk a rating lands on: the one who took the case at a window, else the one who delivered it. */
export async function handlingClerk(auth: AuthService, c: CaseForRating): Promise<PublicUser | null> {
  for (const id of [c.createdBy, c.completedBy]) {
    if (id === null) continue;
    const u = await auth.me(id).catch(() => null);
    if (u && u.roles.includes('clerk')) return u;
  }
  return null;
}

/**
 * Who may rate (SPEC §2.5): the applicant's own citizen account online (web, mobile, sms), a registered
 * window device (window_device), or a hotline operator keying in what the citizen said on a 12345 call
 * (hotline; the operator is recorded in `recorded_by`). Everyone else is refused.
 */
function raterOf(actor: Actor, device: Device | null, channel: Channel): 'device' | 'citizen' | 'operator' {
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

const alreadyRated = (channel: Channel) =>
  fail('ALREADY_RATED', 409, `该办件已通过“${CHANNEL_LABELS[channel]}”评价过（一事一评）`, { field: 'channel', channel });

/** A unique-index refusal of either dialect (two writers racing past a pre-check). */
export const isUniqueViolation = (err: unknown) => !(err instanceof AppError) && /unique|duplicate/i.test(err instanceof Error ? err.message : String(err));

export class Rating {
  constructor(
    private readonly deps: EvaluationsDeps,
    private readonly reads: EvaluationReads,
  ) {}

  /** A rating by the applicant, a window device or an operator, within the rating window after completion. */
  async rate(actor: Actor, device: Device | null, input: RateInput): Promise<EvaluationView> {
    const { deps } = this;
    const cfg = await deps.config();
    const rater = raterOf(actor, device, input.channel);
    const c = (await deps.caseReads?.forRating(input.caseNo)) ?? null;
    if (!c) throw fail('CASE_NOT_FOUND', 404, `办件 ${input.caseNo} 不存在`, { field: 'caseNo' });
    if (rater === 'citizen' && c.applicantUserId !== actor.id) {
      throw fail('NOT_APPLICANT', 403, '只有该办件的申请人本人可以评价', { field: 'caseNo' });
    }
    if (c.status !== 'completed' || !c.completedOn) {
      throw fail('CASE_NOT_COMPLETED', 409, `办件尚未办结（当前状态 ${c.status}），办结后才能评价`, { field: 'caseNo', status: c.status });
    }
    const today = deps.today();
    const deadline = ratingDeadline(deps.addWorkdays, c.completedOn, cfg);
    if (today > deadline) {
      throw fail('RATING_WINDOW_CLOSED', 409, `评价期限已于 ${deadline} 结束（办结后 ${cfg.ratingWindowWorkdays} 个工作日内可评价）`, { field: 'caseNo', deadline });
    }
    const bad = checkIndicators(input.channel, input.indicators);
    if (bad) throw fail(bad.code, 422, bad.message, { field: bad.field });
    const existing = await deps.db.selectFrom('evaluations_evaluations').select(['id', 'channel']).where('case_id', '=', c.id).execute();
    if (existing.some((e) => e.channel === input.channel)) throw alreadyRated(input.channel);
    const clerk = await handlingClerk(deps.ctx.auth, c);
    const tags = [...new Set((input.tags ?? []).map((t) => t.trim()).filter(Boolean))];
    try {
      const id = await deps.db.transaction().execute(async (tx) => {
        return this.insert(tx, actor, cfg, c, {
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
          ratedAt: deps.nowIso(),
          ratedOn: today,
        });
      });
      return this.reads.view(id);
    } catch (err) {
      // Two submissions racing past the pre-check: the unique index lets one through.
      if (isUniqueViolation(err)) throw alreadyRated(input.channel);
      throw err;
    }
  }

  /** Writes one evaluation (and, for an active 差评, its loop) inside the caller's transaction. */
  async insert(tx: EvaluationsTx, actor: Actor, cfg: EvaluationsConfig, c: CaseForRating, e: NewEvaluation): Promise<number> {
    const clock = this.deps.ctx.clock;
    const active = !e.isDefault;
    const badReview = active && isBad(e.level);
    if (dialectOf(tx) === 'postgres') {
      // 一事一评 across days: on PostgreSQL the unique (case_id, channel) also holds rated_on, the partition key
      // (migration 0410), so it refuses only a second rating of the same day; a per-case lock and a check
      // inside the transaction refuse one of any day. The error reads as the unique refusal would.
      await sql`select pg_advisory_xact_lock(hashtext('evaluations.case'), ${c.id})`.execute(tx);
      const dup = await tx.selectFrom('evaluations_evaluations').select('id').where('case_id', '=', c.id).where('channel', '=', e.channel).executeTakeFirst();
      if (dup) throw new Error(`duplicate key: case ${c.id} already has a ${e.channel} evaluation`);
    }
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
    await recordAudit(tx, clock, actor, {
      action: e.isDefault ? 'evaluation.defaulted' : 'evaluation.rated',
      subjectType: 'evaluation',
      subjectId: id,
      after: { caseNo: c.caseNo, channel: e.channel, level: e.level, windowNo: e.windowNo, clerkId: e.clerk?.id ?? null, recordedBy: e.recordedBy },
    });
    if (badReview) {
      const state = openReview(e.ratedOn, this.deps.addWorkdays, cfg);
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
      await recordAudit(tx, clock, actor, {
        action: 'evaluation.review_opened',
        subjectType: 'evaluation_review',
        subjectId: Number(r.id),
        after: { evaluationId: id, caseNo: c.caseNo, level: e.level, status: state.status, verifyDue: state.verifyDue },
      });
      await enqueueNotification(tx, clock, {
        channel: 'department',
        recipient: `department:${c.departmentId}`,
        template: 'evaluation.bad_review',
        payload: { caseNo: c.caseNo, itemName: c.itemName, level: LEVEL_LABELS[e.level], verifyDue: state.verifyDue },
        dedupeKey: `evaluation.bad_review:${id}`,
      });
    }
    return id;
  }
}
