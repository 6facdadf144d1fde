/**
 * Bulk path of the evaluations module (county-year generator): ratings of completed cases written in
 * batches with the module's own rules — active = not a system default, 差评 = active and level ≤ 2 (`isBad`),
 * a default evaluation is dated the day after the rating window (`ratingDeadline`, as `applyDefaults` does),
 * and each active 差评 opens its loop (`openReview`) and walks the planned steps through the pure state
 * machine (`transition`), so that every stored loop is one the API could have produced.
 *
 * Not done here, on purpose: the department notification of each 差评 (history must not notify) and one
 * audit row per evaluation (the generator audits each batch).
 */
import type { WorkdayIndex } from '../../kernel/calendar';
import type { BulkSink } from '../../kernel/db/bulk-sink';
import type { EvaluationsConfig } from './evaluations.config';
import { isBad, openReview, ratingDeadline, transition, type ReviewActionInput, type ReviewRole, type StoredChannel } from './evaluations.rules';
import { columnsOf } from './evaluations.service';

export interface BulkRatedCase {
  id: number;
  caseNo: string;
  departmentId: number;
  itemName: string;
  applicantName: string;
  applicantUserId: number | null;
  completedOn: string;
}

export interface PlannedLoopStep extends ReviewActionInput {
  on: string;
  roles: ReviewRole[];
}

export interface PlannedEvaluation {
  case: BulkRatedCase;
  channel: StoredChannel;
  level: number;
  /** The system's default evaluation (channel 'system', level from the configuration, ratedOn by rule). */
  isDefault?: boolean;
  ratedOn?: string;
  ratedAt?: string;
  comment?: string | null;
  windowNo: string | null;
  clerk: { id: number; name: string } | null;
  deviceId?: number | null;
  recordedBy?: number | null;
  indicators?: Record<string, number>;
  /** Loop steps of a 差评 after it opened (verify, appeal, rectify, callback …), in order. */
  loop?: PlannedLoopStep[];
}

export interface BulkEvaluationContext {
  index: WorkdayIndex;
  cfg: EvaluationsConfig;
  today: string;
}

export interface BulkEvaluationResult {
  evaluations: number;
  reviews: number;
}


const at10 = (day: string) => new Date(`${day}T10:00:00+08:00`).toISOString();

/** Before a bulk load of a year: the rating table's secondary indexes are rebuilt once by `sink.finish()`. */
export function deferEvaluationsIndexes(sink: BulkSink): Promise<void> {
  return sink.deferIndexes(['evaluations_evaluations']);
}

export async function bulkInsertEvaluations(sink: BulkSink, c: BulkEvaluationContext, plans: readonly PlannedEvaluation[]): Promise<BulkEvaluationResult> {
  if (plans.length === 0) return { evaluations: 0, reviews: 0 };
  const addWorkdays = (d: string, n: number) => c.index.addWorkdays(d, n);
  const firstId = await sink.reserveIds('evaluations_evaluations', plans.length);
  const evals: Record<string, unknown>[] = [];
  const reviews: Record<string, unknown>[] = [];
  plans.forEach((p, i) => {
    const id = firstId + i;
    const deadline = ratingDeadline(addWorkdays, p.case.completedOn, c.cfg);
    let ratedOn: string;
    let level = p.level;
    if (p.isDefault) {
      // applyDefaults: the day after the window closed; never active, level from the configuration.
      ratedOn = c.index.addNaturalDays(deadline, 1);
      level = c.cfg.defaultLevel;
      if (p.channel !== 'system') throw new RangeError('a default evaluation has the system channel');
    } else {
      ratedOn = p.ratedOn ?? p.case.completedOn;
      if (ratedOn < p.case.completedOn || ratedOn > deadline) throw new RangeError(`${p.case.caseNo}: rating on ${ratedOn} is outside the window ${p.case.completedOn}…${deadline}`);
    }
    if (ratedOn > c.today) throw new RangeError(`${p.case.caseNo}: rated after today`);
    if (!Number.isInteger(level) || level < 1 || level > 5) throw new RangeError(`level ${level}`);
    const active = !p.isDefault;
    const bad = active && isBad(level);
    const ratedAt = p.ratedAt ?? at10(ratedOn);
    evals.push({
      id,
      case_id: p.case.id,
      case_no: p.case.caseNo,
      channel: p.channel,
      level,
      is_default: p.isDefault ? 1 : 0,
      active: active ? 1 : 0,
      bad: bad ? 1 : 0,
      comment: p.comment ?? null,
      tags_json: '[]',
      indicators_json: JSON.stringify(p.indicators ?? {}),
      department_id: p.case.departmentId,
      item_name: p.case.itemName,
      window_no: p.windowNo,
      clerk_id: p.clerk?.id ?? null,
      clerk_name: p.clerk?.name ?? null,
      device_id: p.deviceId ?? null,
      rater_user_id: p.channel === 'web' || p.channel === 'mobile' || p.channel === 'sms' || p.channel === 'hotline' ? p.case.applicantUserId : null,
      recorded_by: p.recordedBy ?? null,
      applicant_name: p.case.applicantName,
      rated_at: ratedAt,
      rated_on: ratedOn,
      completed_on: p.case.completedOn,
    });
    if (!bad) {
      if (p.loop?.length) throw new RangeError(`${p.case.caseNo}: only an active 差评 has a loop`);
      return;
    }
    let state = openReview(ratedOn, addWorkdays, c.cfg);
    let updated = ratedAt;
    let version = 0;
    for (const step of p.loop ?? []) {
      if (step.on > c.today) throw new RangeError(`${p.case.caseNo}: loop step after today`);
      const r = transition(state, step, { today: step.on, roles: step.roles, addWorkdays, cfg: c.cfg });
      if (!r.ok) throw new RangeError(`${p.case.caseNo}: ${step.action} refused: ${r.code} ${r.message}`);
      state = r.state;
      updated = at10(step.on);
      version++;
    }
    reviews.push({
      evaluation_id: id,
      case_no: p.case.caseNo,
      department_id: p.case.departmentId,
      window_no: p.windowNo,
      clerk_id: p.clerk?.id ?? null,
      level,
      rated_on: ratedOn,
      ...columnsOf(state),
      updated_at: updated,
      row_version: version,
    });
  });
  await sink.insert('evaluations_evaluations', evals);
  await sink.insert('evaluations_reviews', reviews);
  return { evaluations: evals.length, reviews: reviews.length };
}
