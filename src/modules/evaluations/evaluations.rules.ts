/**
 * 好差评 rules (SPEC §2.5, DOMAIN §4) as pure functions: levels, channels and indicators, the bad-review
 * loop as a state machine with working-day deadlines, the KPI formulas and the monthly ranking score.
 * No I/O: the service loads rows, asks these functions, and writes what they answer.
 */
import type { EvaluationsConfig, RankingWeights } from './evaluations.config';
import type { Kpi } from '../../shared/kpi.types';
import { REVIEW_ACTIONS, REVIEW_STATUS_LABELS, type Channel, type LoopStep, type ReviewAction, type ReviewState, type ReviewStatus, type Satisfaction, type StoredChannel, type Verdict } from '../../shared/evaluations.types';

// ---------------------------------------------------------------------------------------------------
// Levels, channels, indicators
// ---------------------------------------------------------------------------------------------------

export const LEVEL_LABELS: Record<number, string> = { 5: '非常满意', 4: '满意', 3: '基本满意', 2: '不满意', 1: '非常不满意' };

/** 差评 = 不满意 + 非常不满意 (GB/T 39734 via DOMAIN §4). */
export const isBad = (level: number) => level <= 2;

export {
  CHANNELS,
  REVIEW_ACTIONS,
  REVIEW_STATUSES,
  REVIEW_STATUS_LABELS,
  type Channel,
  type LoopStep,
  type ReviewAction,
  type ReviewState,
  type ReviewStatus,
  type Satisfaction,
  type StoredChannel,
  type Verdict,
} from '../../shared/evaluations.types';

export const CHANNEL_LABELS: Record<StoredChannel, string> = {
  window_device: '窗口评价器',
  web: '政务服务网',
  mobile: '移动端',
  sms: '短信',
  hotline: '12345热线',
  system: '系统默认',
};

/**
 * 现场 一次一评 (the window device) and 12345 use the offline indicator set; 网上 一事一评 (web, app,
 * and the SMS link that opens the online form) the online one.
 */
export const ONLINE_CHANNELS: readonly Channel[] = ['web', 'mobile', 'sms'];
export const isOnlineChannel = (c: StoredChannel) => ONLINE_CHANNELS.some((o) => o === c);

export const ONLINE_INDICATORS = {
  overall: '整体满意度',
  efficiency: '办事效率',
  guideAccuracy: '办事指南精确度',
  convenience: '办事便捷度',
  usability: '平台操作性',
} as const;

export const OFFLINE_INDICATORS = {
  overall: '整体满意度',
  efficiency: '服务效率',
  competence: '服务水平',
  attitude: '服务态度',
} as const;

export function indicatorsFor(channel: Channel): Record<string, string> {
  return isOnlineChannel(channel) ? ONLINE_INDICATORS : OFFLINE_INDICATORS;
}

export interface RuleError {
  code: string;
  field: string;
  message: string;
}

/** Indicator scores must use the channel's indicator set and the five levels. */
export function checkIndicators(channel: Channel, indicators: Record<string, number> | undefined): RuleError | null {
  if (!indicators) return null;
  const allowed = indicatorsFor(channel);
  for (const [key, score] of Object.entries(indicators)) {
    if (!(key in allowed)) {
      return {
        code: 'INDICATOR_UNKNOWN',
        field: `indicators.${key}`,
        message: `${CHANNEL_LABELS[channel]}的评价指标为 ${Object.values(allowed).join('、')}，没有 ${key}`,
      };
    }
    if (!Number.isInteger(score) || score < 1 || score > 5) {
      return { code: 'INDICATOR_SCORE_INVALID', field: `indicators.${key}`, message: `${allowed[key]}的评分须为 1–5 的整数` };
    }
  }
  return null;
}

/** The last day the applicant may rate: the N-th working day after completion. */
export function ratingDeadline(addWorkdays: (date: string, n: number) => string, completedOn: string, cfg: Pick<EvaluationsConfig, 'ratingWindowWorkdays'>): string {
  return addWorkdays(completedOn, cfg.ratingWindowWorkdays);
}

// ---------------------------------------------------------------------------------------------------
// The bad-review loop: 核实 → (申诉复核) → 整改 → 回访
// ---------------------------------------------------------------------------------------------------

export const REVIEW_ACTION_LABELS: Record<ReviewAction, string> = {
  verify: '核实',
  appeal: '申诉',
  decide_appeal: '申诉复核',
  rectify: '整改',
  callback: '回访',
};

export const SATISFACTION_LABELS: Record<Satisfaction, string> = { satisfied: '满意', basic: '基本满意', unsatisfied: '不满意' };

/** How the actor stands to this review: decided by the service from roles and the rated clerk. */
export type ReviewRole = 'supervisor' | 'rated_clerk' | 'department_staff' | 'operator' | 'other';

export interface ReviewActionInput {
  action: ReviewAction;
  verdict?: Verdict;
  reason?: string;
  upheld?: boolean;
  measures?: string;
  reached?: boolean;
  satisfaction?: Satisfaction;
  note?: string;
}

/** What each step's command takes besides the review (the HTTP body names the action as well). */
export type VerifyInput = Pick<ReviewActionInput, 'verdict' | 'reason'>;
export type AppealInput = Pick<ReviewActionInput, 'reason'>;
export type DecideAppealInput = Pick<ReviewActionInput, 'upheld' | 'reason'>;
export type RectifyInput = Pick<ReviewActionInput, 'measures'>;
export type CallbackInput = Pick<ReviewActionInput, 'reached' | 'satisfaction' | 'note'>;

export interface LoopContext {
  today: string;
  roles: readonly ReviewRole[];
  addWorkdays: (date: string, n: number) => string;
  cfg: Pick<EvaluationsConfig, 'verifyWorkdays' | 'appealWorkdays' | 'rectifyWorkdays' | 'callbackWorkdays'>;
}

export type TransitionResult = { ok: true; state: ReviewState } | { ok: false; status: 403 | 409 | 422; code: string; message: string; field?: string };

/** The opening state of a new 差评: verify by the N-th working day after the rating. */
export function openReview(ratedOn: string, addWorkdays: LoopContext['addWorkdays'], cfg: LoopContext['cfg']): ReviewState {
  return {
    status: 'verifying',
    verdict: null,
    verdictReason: null,
    ratedOn,
    verifyDue: addWorkdays(ratedOn, cfg.verifyWorkdays),
    verifiedOn: null,
    appealReason: null,
    appealedOn: null,
    appealDue: null,
    appealOutcome: null,
    appealDecisionReason: null,
    appealDecidedOn: null,
    rectifyDue: null,
    measures: null,
    rectifiedOn: null,
    callbackDue: null,
    callbackAttempts: 0,
    callbackReached: null,
    callbackSatisfaction: null,
    callbackNote: null,
    calledBackOn: null,
    closedOn: null,
  };
}

const text = (s: string | undefined) => (typeof s === 'string' ? s.trim() : '');

/** What an action needs to be taken, and what it makes of the review. */
export interface ReviewTransition {
  /** The state the action starts from. */
  from: ReviewStatus;
  /** Who may take it. */
  roles: readonly ReviewRole[];
  /** Whether the workbench offers it in a state it starts from (the one appeal). */
  offered(state: ReviewState): boolean;
  /** The next state, or why not: 422 for a missing or wrong field, 409 for a used appeal. */
  apply(state: ReviewState, input: ReviewActionInput, c: LoopContext): TransitionResult;
}

const always = () => true;

/** The loop as a table: one row per action (核实 → (申诉 → 复核) → 整改 → 回访). */
export const REVIEW_TRANSITIONS: Readonly<Record<ReviewAction, ReviewTransition>> = {
  verify: {
    from: 'verifying',
    roles: ['supervisor'],
    offered: always,
    apply(state, input, { today, addWorkdays, cfg }) {
      if (input.verdict !== 'valid' && input.verdict !== 'invalid') {
        return { ok: false, status: 422, code: 'VERDICT_REQUIRED', field: 'verdict', message: '请选择核实结论：有效（valid）或无效（invalid）' };
      }
      const reason = text(input.reason);
      if (input.verdict === 'invalid' && reason.length < 2) {
        return { ok: false, status: 422, code: 'REASON_REQUIRED', field: 'reason', message: '认定为无效差评须写明理由（如误评、恶意差评、与办事无关）' };
      }
      if (input.verdict === 'invalid') {
        return { ok: true, state: { ...state, status: 'closed', verdict: 'invalid', verdictReason: reason, verifiedOn: today, closedOn: today } };
      }
      return {
        ok: true,
        state: { ...state, status: 'rectifying', verdict: 'valid', verdictReason: reason || null, verifiedOn: today, rectifyDue: addWorkdays(today, cfg.rectifyWorkdays) },
      };
    },
  },
  appeal: {
    from: 'rectifying',
    roles: ['rated_clerk'],
    // One appeal, and only before the rectification is recorded.
    offered: (state) => state.appealedOn === null && state.measures === null,
    apply(state, input, { today, addWorkdays, cfg }) {
      if (state.appealedOn !== null) {
        return { ok: false, status: 409, code: 'APPEAL_USED', message: '每条差评只能申诉一次' };
      }
      const reason = text(input.reason);
      if (reason.length < 2) return { ok: false, status: 422, code: 'REASON_REQUIRED', field: 'reason', message: '申诉须写明理由' };
      return { ok: true, state: { ...state, status: 'appealed', appealReason: reason, appealedOn: today, appealDue: addWorkdays(today, cfg.appealWorkdays) } };
    },
  },
  decide_appeal: {
    from: 'appealed',
    roles: ['supervisor'],
    offered: always,
    apply(state, input, { today }) {
      if (typeof input.upheld !== 'boolean') {
        return { ok: false, status: 422, code: 'UPHELD_REQUIRED', field: 'upheld', message: '请选择复核结论：申诉成立（true）或不成立（false）' };
      }
      const reason = text(input.reason);
      if (reason.length < 2) return { ok: false, status: 422, code: 'REASON_REQUIRED', field: 'reason', message: '复核结论须写明理由' };
      if (input.upheld) {
        // An upheld appeal turns the review into an invalid one: it no longer lowers the actual good rate.
        return {
          ok: true,
          state: { ...state, status: 'closed', verdict: 'invalid', appealOutcome: 'upheld', appealDecisionReason: reason, appealDecidedOn: today, closedOn: today },
        };
      }
      // The rectification deadline keeps running through the appeal: an appeal must not buy time.
      return { ok: true, state: { ...state, status: 'rectifying', appealOutcome: 'rejected', appealDecisionReason: reason, appealDecidedOn: today } };
    },
  },
  rectify: {
    from: 'rectifying',
    roles: ['supervisor', 'department_staff', 'rated_clerk'],
    offered: always,
    apply(state, input, { today, addWorkdays, cfg }) {
      const measures = text(input.measures);
      if (measures.length < 4) return { ok: false, status: 422, code: 'MEASURES_REQUIRED', field: 'measures', message: '请填写整改措施（至少 4 个字）' };
      return { ok: true, state: { ...state, status: 'callback', measures, rectifiedOn: today, callbackDue: addWorkdays(today, cfg.callbackWorkdays) } };
    },
  },
  callback: {
    from: 'callback',
    roles: ['supervisor', 'operator'],
    offered: always,
    apply(state, input, { today }) {
      if (typeof input.reached !== 'boolean') {
        return { ok: false, status: 422, code: 'REACHED_REQUIRED', field: 'reached', message: '请注明是否联系到评价人' };
      }
      const note = text(input.note) || null;
      if (!input.reached) {
        // An unanswered call is an attempt; the step stays open (and its deadline keeps running).
        return { ok: true, state: { ...state, callbackAttempts: state.callbackAttempts + 1, callbackReached: false, callbackNote: note } };
      }
      if (!input.satisfaction || !(input.satisfaction in SATISFACTION_LABELS)) {
        return { ok: false, status: 422, code: 'SATISFACTION_REQUIRED', field: 'satisfaction', message: '联系到评价人时须记录其对整改是否满意' };
      }
      return {
        ok: true,
        state: {
          ...state,
          status: 'closed',
          callbackAttempts: state.callbackAttempts + 1,
          callbackReached: true,
          callbackSatisfaction: input.satisfaction,
          callbackNote: note,
          calledBackOn: today,
          closedOn: today,
        },
      };
    },
  },
};

/** Actions the given roles may take now (for the workbench's buttons). */
export function allowedReviewActions(state: ReviewState, roles: readonly ReviewRole[]): ReviewAction[] {
  return REVIEW_ACTIONS.filter((a) => {
    const t = REVIEW_TRANSITIONS[a];
    return t.from === state.status && t.roles.some((r) => roles.includes(r)) && t.offered(state);
  });
}

/**
 * One step of the loop. Refusals: 403 for the wrong person, 409 when the review is not in the step's
 * state (or the one appeal is used), 422 for a missing or wrong field.
 */
export function transition(state: ReviewState, input: ReviewActionInput, c: LoopContext): TransitionResult {
  const t = REVIEW_TRANSITIONS[input.action];
  if (!t.roles.some((r) => c.roles.includes(r))) {
    return { ok: false, status: 403, code: 'REVIEW_ACTION_FORBIDDEN', message: `无权对该差评执行“${REVIEW_ACTION_LABELS[input.action]}”` };
  }
  if (t.from !== state.status) {
    return {
      ok: false,
      status: 409,
      code: 'REVIEW_STATE_CONFLICT',
      message: `差评处于“${REVIEW_STATUS_LABELS[state.status]}”，不能${REVIEW_ACTION_LABELS[input.action]}`,
    };
  }
  return t.apply(state, input, c);
}

/** The open step and its deadline, or null when the loop is closed. */
export function currentStep(state: ReviewState): { step: LoopStep; due: string } | null {
  switch (state.status) {
    case 'verifying':
      return { step: 'verify', due: state.verifyDue };
    case 'appealed':
      return { step: 'appeal', due: state.appealDue! };
    case 'rectifying':
      return { step: 'rectify', due: state.rectifyDue! };
    case 'callback':
      return { step: 'callback', due: state.callbackDue! };
    default:
      return null;
  }
}

/** Steps done after their deadline or still open past it: each counts as a card against the rated subject. */
export function lateSteps(state: ReviewState, today: string): LoopStep[] {
  const out: LoopStep[] = [];
  const late = (done: string | null, due: string | null) => due !== null && (done ?? today) > due;
  if (late(state.verifiedOn, state.verifyDue)) out.push('verify');
  if (state.appealedOn && late(state.appealDecidedOn, state.appealDue)) out.push('appeal');
  if (state.verdict === 'valid' && late(state.rectifiedOn, state.rectifyDue)) out.push('rectify');
  if (state.rectifiedOn && late(state.calledBackOn, state.callbackDue)) out.push('callback');
  return out;
}

// ---------------------------------------------------------------------------------------------------
// KPIs (SPEC §3)
// ---------------------------------------------------------------------------------------------------

export type { Kpi } from '../../shared/kpi.types';

export const kpi = (numerator: number, denominator: number): Kpi => ({ value: denominator === 0 ? null : numerator / denominator, numerator, denominator });

export interface EvaluationCounts {
  /** All evaluations, the system's defaults included. */
  total: number;
  /** Made by citizens (any channel, hotline recorded on their behalf included). */
  active: number;
  /** Active with level ≥ 3. */
  activeGood: number;
  /** Active 差评 whose final verdict (after any appeal) is valid. */
  validBad: number;
  /** … of which the rectification is recorded. */
  validBadRectified: number;
}

export const EVALUATION_KPI_NAMES = ['evaluations.activeRate', 'evaluations.goodRate', 'evaluations.actualGoodRate', 'evaluations.rectificationRate'] as const;

export function evaluationKpis(c: EvaluationCounts): Record<(typeof EVALUATION_KPI_NAMES)[number], Kpi> {
  return {
    'evaluations.activeRate': kpi(c.active, c.total),
    'evaluations.goodRate': kpi(c.activeGood, c.active),
    'evaluations.actualGoodRate': kpi(c.active - c.validBad, c.active),
    'evaluations.rectificationRate': kpi(c.validBadRectified, c.validBad),
  };
}

/** A unit 好差评 coverage counts: the active bureau and departments. */
export const isRateable = (u: { kind: string; active: boolean }) => u.active && (u.kind === 'bureau' || u.kind === 'department');

/**
 * 好差评 coverage (issue 18: the report's "34 个部门"): the departments that received at least one rating
 * in the period over the departments that can be rated — the active bureau and departments of the
 * organisation (townships and villages are counted under their own 便民服务 figures, not here). A rating
 * of a unit outside that set does not count, so the figure never exceeds the set.
 */
export function departmentsCovered(ratedIds: Iterable<number>, units: ReadonlyArray<{ id: number; kind: string; active: boolean }>): Kpi {
  const rateable = new Set(units.filter(isRateable).map((u) => u.id));
  const rated = new Set([...ratedIds].filter((id) => rateable.has(id)));
  return kpi(rated.size, rateable.size);
}

// ---------------------------------------------------------------------------------------------------
// Monthly rankings (红旗窗口, 服务明星)
// ---------------------------------------------------------------------------------------------------

export interface RankingInput {
  key: string;
  name: string;
  departmentId: number | null;
  active: number;
  good: number;
  validBad: number;
  cards: number;
}

export interface RankedSubject extends RankingInput {
  rank: number;
  score: number;
  goodRate: number | null;
  candidate: boolean;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * score = goodRate·w.goodRate + (active / max active)·w.volume − validBad·w.badReview − cards·w.card.
 * Candidates: the best `candidates` subjects with at least `minVolume` active ratings, no valid bad review
 * and no card — an honour must not go to a subject with an open complaint against it.
 */
export function rankSubjects(rows: readonly RankingInput[], w: RankingWeights, minVolume: number, candidates: number): RankedSubject[] {
  const maxActive = Math.max(0, ...rows.map((r) => r.active));
  const scored = rows.map((r) => {
    const goodRate = r.active === 0 ? null : r.good / r.active;
    const volume = maxActive === 0 ? 0 : r.active / maxActive;
    const score = round2((goodRate ?? 0) * w.goodRate + volume * w.volume - r.validBad * w.badReview - r.cards * w.card);
    return { ...r, goodRate, score };
  });
  scored.sort((a, b) => b.score - a.score || b.active - a.active || a.key.localeCompare(b.key));
  let picked = 0;
  return scored.map((r, i) => {
    const eligible = r.active >= Math.max(minVolume, 1) && r.validBad === 0 && r.cards === 0;
    const candidate = eligible && picked < candidates;
    if (candidate) picked++;
    return { ...r, rank: i + 1, candidate };
  });
}

/** 'YYYY-MM' → [first day, last day]. */
export function monthRange(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

export function previousMonth(today: string): string {
  const [y, m] = today.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}
