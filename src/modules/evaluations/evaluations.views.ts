/**
 * Rows of the evaluations tables to what the API answers, and a loop state to its row: plain mappings,
 * no I/O. Free text and names are masked wherever ratings are shown (SPEC §2.1).
 */
import { parseJson } from '../../kernel/db/db';
import { maskName, redactText } from '../../kernel/validators';
import type { EvaluationView, ReviewView } from '../../shared/evaluations.types';
import { CHANNEL_LABELS, LEVEL_LABELS, REVIEW_STATUS_LABELS, allowedReviewActions, currentStep, lateSteps, type ReviewRole, type ReviewState } from './evaluations.rules';
import type { DeviceRow, EvaluationRow, ReviewRow } from './evaluations.tables';

/** A window rating device as the API shows it (never its key). */
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

export function deviceOf(r: DeviceRow): Device {
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

/** The loop state a review row holds. */
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

export function evaluationViewOf(r: EvaluationRow, depts: Map<number, string>, reviewId: number | null): EvaluationView {
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

/** Where the reader stands: the day, the working days left to a due day, and the reader's roles on the review. */
export interface ReviewReader {
  today: string;
  workdaysBetween(from: string, to: string): number;
  roles: readonly ReviewRole[];
}

/** A review with its evaluation, its open step and what the reader may do next. */
export function reviewViewOf(r: ReviewRow, e: EvaluationRow, depts: Map<number, string>, reader: ReviewReader): ReviewView {
  const state = stateOf(r);
  const today = reader.today;
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
    currentStep: step ? { step: step.step, due: step.due, overdue: today > step.due, workdaysLeft: reader.workdaysBetween(today, step.due) } : null,
    lateSteps: lateSteps(state, today),
    allowedActions: allowedReviewActions(state, reader.roles),
  };
}
