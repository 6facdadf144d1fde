import { describe, expect, it } from 'vitest';
import { WorkdayIndex } from '../../kernel/calendar';
import { EVALUATIONS_DEFAULTS, mergeEvaluationsConfig } from './evaluations.config';
import {
  allowedReviewActions,
  checkIndicators,
  currentStep,
  departmentsCovered,
  evaluationKpis,
  isBad,
  lateSteps,
  monthRange,
  openReview,
  rankSubjects,
  REVIEW_ACTIONS,
  REVIEW_STATUSES,
  REVIEW_TRANSITIONS,
  ratingDeadline,
  transition,
  type LoopContext,
  type ReviewAction,
  type ReviewActionInput,
  type ReviewRole,
  type ReviewState,
} from './evaluations.rules';

// Weekends only (no holidays): November 2026 starts on a Sunday, so working-day sums are easy to check by hand.
const idx = new WorkdayIndex({ entries: [], publishedYears: [2026], from: '2026-01-01', to: '2027-12-31' });
const add = (d: string, n: number) => idx.addWorkdays(d, n);
const cfg = EVALUATIONS_DEFAULTS;
const ctx = (today: string, roles: ReviewRole[] = ['supervisor']): LoopContext => ({ today, roles, addWorkdays: add, cfg });

describe('levels and indicators', () => {
  it.each([
    [1, true],
    [2, true],
    [3, false],
    [5, false],
  ])('level %i is bad: %s', (level, bad) => expect(isBad(level)).toBe(bad));

  it.each([
    ['window_device', { overall: 5, attitude: 4 }, null],
    ['web', { guideAccuracy: 3, usability: 5 }, null],
    ['window_device', { usability: 5 }, 'indicators.usability'],
    ['mobile', { attitude: 5 }, 'indicators.attitude'],
    ['hotline', { overall: 6 }, 'indicators.overall'],
  ] as const)('%s with %j → error field %s', (channel, indicators, field) => {
    expect(checkIndicators(channel, indicators as Record<string, number>)?.field ?? null).toBe(field);
  });

  it('opens the rating window for 5 working days after completion', () => {
    // Fri 11-06 + 5 working days = Fri 11-13 (the weekend does not count).
    expect(ratingDeadline(add, '2026-11-06', cfg)).toBe('2026-11-13');
    expect(ratingDeadline(add, '2026-11-06', { ratingWindowWorkdays: 1 })).toBe('2026-11-09');
  });
});

describe('bad-review loop', () => {
  const opened = openReview('2026-11-06', add, cfg); // Friday
  const step = (s: ReviewState, input: ReviewActionInput, today: string, roles: ReviewRole[] = ['supervisor']) => {
    const r = transition(s, input, ctx(today, roles));
    if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
    return r.state;
  };

  it('opens with a verification due the next working day', () => {
    expect(opened).toMatchObject({ status: 'verifying', verifyDue: '2026-11-09' });
    expect(currentStep(opened)).toEqual({ step: 'verify', due: '2026-11-09' });
  });

  it('walks valid → appeal rejected → rectified → call-back not reached → reached', () => {
    const valid = step(opened, { action: 'verify', verdict: 'valid' }, '2026-11-09');
    expect(valid).toMatchObject({ status: 'rectifying', verdict: 'valid', verifiedOn: '2026-11-09', rectifyDue: '2026-11-30' });
    const appealed = step(valid, { action: 'appeal', reason: '当日系统故障，非本人原因' }, '2026-11-10', ['rated_clerk']);
    expect(appealed).toMatchObject({ status: 'appealed', appealedOn: '2026-11-10', appealDue: '2026-11-12' });
    const rejected = step(appealed, { action: 'decide_appeal', upheld: false, reason: '监控显示窗口确有推诿' }, '2026-11-11');
    // The rectification deadline is not moved by the appeal.
    expect(rejected).toMatchObject({ status: 'rectifying', appealOutcome: 'rejected', rectifyDue: '2026-11-30' });
    const rectified = step(rejected, { action: 'rectify', measures: '窗口人员约谈并重新培训' }, '2026-11-20', ['department_staff']);
    expect(rectified).toMatchObject({ status: 'callback', rectifiedOn: '2026-11-20', callbackDue: '2026-11-25' });
    const missed = step(rectified, { action: 'callback', reached: false }, '2026-11-23', ['operator']);
    expect(missed).toMatchObject({ status: 'callback', callbackAttempts: 1, callbackReached: false });
    const closed = step(missed, { action: 'callback', reached: true, satisfaction: 'satisfied', note: '群众表示认可' }, '2026-11-24', ['operator']);
    expect(closed).toMatchObject({ status: 'closed', callbackAttempts: 2, callbackSatisfaction: 'satisfied', closedOn: '2026-11-24' });
    expect(lateSteps(closed, '2026-11-24')).toEqual([]);
  });

  it('closes an invalid review at once and an upheld appeal turns the verdict invalid', () => {
    expect(step(opened, { action: 'verify', verdict: 'invalid', reason: '评价人误操作' }, '2026-11-09')).toMatchObject({ status: 'closed', verdict: 'invalid' });
    const valid = step(opened, { action: 'verify', verdict: 'valid' }, '2026-11-09');
    const appealed = step(valid, { action: 'appeal', reason: '与本窗口无关' }, '2026-11-09', ['rated_clerk']);
    expect(step(appealed, { action: 'decide_appeal', upheld: true, reason: '经查与窗口服务无关' }, '2026-11-10')).toMatchObject({
      status: 'closed',
      verdict: 'invalid',
      appealOutcome: 'upheld',
    });
  });

  const valid = transition(opened, { action: 'verify', verdict: 'valid' }, ctx('2026-11-09'));
  const validState = valid.ok ? valid.state : opened;
  const appealedOnce = { ...validState, appealedOn: '2026-11-09', appealOutcome: 'rejected' as const };

  it.each([
    ['verify by the rated clerk', opened, { action: 'verify', verdict: 'valid' }, ['rated_clerk'], 403, 'REVIEW_ACTION_FORBIDDEN'],
    ['verify without a verdict', opened, { action: 'verify' }, ['supervisor'], 422, 'VERDICT_REQUIRED'],
    ['invalid without a reason', opened, { action: 'verify', verdict: 'invalid', reason: ' ' }, ['supervisor'], 422, 'REASON_REQUIRED'],
    ['rectify before verification', opened, { action: 'rectify', measures: '加强培训学习' }, ['supervisor'], 409, 'REVIEW_STATE_CONFLICT'],
    ['appeal by a supervisor', validState, { action: 'appeal', reason: '理由充分' }, ['supervisor'], 403, 'REVIEW_ACTION_FORBIDDEN'],
    ['a second appeal', appealedOnce, { action: 'appeal', reason: '再次申诉' }, ['rated_clerk'], 409, 'APPEAL_USED'],
    ['an appeal without a reason', validState, { action: 'appeal' }, ['rated_clerk'], 422, 'REASON_REQUIRED'],
    ['rectify without measures', validState, { action: 'rectify', measures: '好' }, ['supervisor'], 422, 'MEASURES_REQUIRED'],
    ['call back before rectification', validState, { action: 'callback', reached: true, satisfaction: 'satisfied' }, ['operator'], 409, 'REVIEW_STATE_CONFLICT'],
  ] as const)('refuses %s', (_label, state, input, roles, status, code) => {
    const r = transition(state as ReviewState, input as ReviewActionInput, ctx('2026-11-10', [...roles]));
    expect(r.ok).toBe(false);
    if (!r.ok) expect([r.status, r.code]).toEqual([status, code]);
  });

  it('asks for satisfaction when the citizen was reached', () => {
    const rect = { ...validState, status: 'callback' as const, measures: '约谈整改', rectifiedOn: '2026-11-10', callbackDue: '2026-11-13' };
    const r = transition(rect, { action: 'callback', reached: true }, ctx('2026-11-11', ['operator']));
    expect(r.ok ? null : r.code).toBe('SATISFACTION_REQUIRED');
  });

  it('lists the actions a role may take', () => {
    expect(allowedReviewActions(opened, ['supervisor'])).toEqual(['verify']);
    expect(allowedReviewActions(validState, ['rated_clerk'])).toEqual(['appeal', 'rectify']);
    expect(allowedReviewActions(appealedOnce, ['rated_clerk'])).toEqual(['rectify']);
    expect(allowedReviewActions(validState, ['operator'])).toEqual([]);
  });

  it.each([
    ['on the due day', '2026-11-09', []],
    ['the day after', '2026-11-10', ['verify']],
  ])('an unverified review is late %s: %j', (_l, today, late) => {
    expect(lateSteps(opened, today)).toEqual(late);
  });

  it('counts a step done after its deadline as late even once the loop moved on', () => {
    const lateVerified = transition(opened, { action: 'verify', verdict: 'valid' }, ctx('2026-11-11'));
    expect(lateVerified.ok && lateSteps(lateVerified.state, '2026-11-11')).toEqual(['verify']);
  });
});

describe('the loop table', () => {
  const opened = openReview('2026-11-06', add, cfg);
  // Who takes which step, from which state (SPEC §2.5): 核实 and 复核 by 监察, 申诉 by the rated clerk,
  // 整改 by the department (or the clerk, or 监察), 回访 by 监察 or the 12345 operators.
  const LAW: Record<ReviewAction, [from: ReviewState['status'], roles: ReviewRole[]]> = {
    verify: ['verifying', ['supervisor']],
    appeal: ['rectifying', ['rated_clerk']],
    decide_appeal: ['appealed', ['supervisor']],
    rectify: ['rectifying', ['supervisor', 'department_staff', 'rated_clerk']],
    callback: ['callback', ['supervisor', 'operator']],
  };
  const ROLES: ReviewRole[] = ['supervisor', 'rated_clerk', 'department_staff', 'operator', 'other'];

  it.each(REVIEW_ACTIONS)('%s starts from the state and is taken by the roles the law names', (a) => {
    expect([REVIEW_TRANSITIONS[a].from, [...REVIEW_TRANSITIONS[a].roles].sort()]).toEqual([LAW[a][0], [...LAW[a][1]].sort()]);
  });

  it.each(REVIEW_ACTIONS.flatMap((a) => REVIEW_STATUSES.map((s) => [a, s] as const)))('%s in state %s: a state conflict unless it is the step\'s state', (a, status) => {
    const r = transition({ ...opened, status }, { action: a }, ctx('2026-11-10', LAW[a][1]));
    // In its own state an empty request fails on its missing field instead.
    expect(r.ok ? null : [r.status, r.code === 'REVIEW_STATE_CONFLICT']).toEqual(status === LAW[a][0] ? [422, false] : [409, true]);
  });

  it.each(REVIEW_ACTIONS.flatMap((a) => ROLES.map((role) => [a, role] as const)))('%s by %s: forbidden unless the law names the role', (a, role) => {
    const r = transition({ ...opened, status: LAW[a][0] }, { action: a }, ctx('2026-11-10', [role]));
    expect(!r.ok && r.status === 403).toBe(!LAW[a][1].includes(role));
  });

  it('offers an appeal once, and only before the rectification', () => {
    const rectifying: ReviewState = { ...opened, status: 'rectifying', verdict: 'valid' };
    expect(REVIEW_TRANSITIONS.appeal.offered(rectifying)).toBe(true);
    expect(REVIEW_TRANSITIONS.appeal.offered({ ...rectifying, appealedOn: '2026-11-09' })).toBe(false);
    expect(REVIEW_TRANSITIONS.appeal.offered({ ...rectifying, measures: '约谈整改' })).toBe(false);
  });
});

describe('KPI formulas (hand-worked)', () => {
  it('computes the four rates from counts', () => {
    // 200 ratings, 8 of them system defaults → 192 active; 186 rated ≥ 3; 6 bad of which 4 valid, 3 rectified.
    const k = evaluationKpis({ total: 200, active: 192, activeGood: 186, validBad: 4, validBadRectified: 3 });
    expect(k['evaluations.activeRate']).toEqual({ value: 0.96, numerator: 192, denominator: 200 });
    expect(k['evaluations.goodRate']).toEqual({ value: 186 / 192, numerator: 186, denominator: 192 });
    expect(k['evaluations.actualGoodRate']).toEqual({ value: 188 / 192, numerator: 188, denominator: 192 });
    expect(k['evaluations.rectificationRate']).toEqual({ value: 0.75, numerator: 3, denominator: 4 });
  });

  it('answers null, not 0, when there is nothing to divide by', () => {
    const k = evaluationKpis({ total: 3, active: 0, activeGood: 0, validBad: 0, validBadRectified: 0 });
    expect(k['evaluations.activeRate'].value).toBe(0);
    expect(k['evaluations.goodRate'].value).toBeNull();
    expect(k['evaluations.rectificationRate'].value).toBeNull();
  });
});

describe('monthly ranking', () => {
  const w = { goodRate: 70, volume: 30, badReview: 5, card: 2 };
  const rows = [
    { key: 'A01', name: 'A01', departmentId: null, active: 40, good: 40, validBad: 0, cards: 0 },
    { key: 'A02', name: 'A02', departmentId: null, active: 20, good: 20, validBad: 0, cards: 0 },
    { key: 'A03', name: 'A03', departmentId: null, active: 40, good: 38, validBad: 1, cards: 1 },
    { key: 'A04', name: 'A04', departmentId: null, active: 2, good: 2, validBad: 0, cards: 0 },
  ];

  it('scores good rate, volume, bad reviews and cards', () => {
    const r = rankSubjects(rows, w, 5, 2);
    // A01: 70 + 30 = 100; A03: 0.95·70 + 30 − 5 − 2 = 89.5; A02: 70 + 15 = 85; A04: 70 + 1.5 = 71.5.
    expect(r.map((x) => [x.key, x.score, x.rank])).toEqual([
      ['A01', 100, 1],
      ['A03', 89.5, 2],
      ['A02', 85, 3],
      ['A04', 71.5, 4],
    ]);
    // A03 has a valid bad review and A04 too few ratings: the second candidate is A02.
    expect(r.filter((x) => x.candidate).map((x) => x.key)).toEqual(['A01', 'A02']);
  });

  it('follows configured weights', () => {
    const r = rankSubjects(rows, { goodRate: 0, volume: 100, badReview: 0, card: 0 }, 0, 1);
    expect(r[0].key).toBe('A01'); // ties on volume broken by key
    expect(r.map((x) => x.key)).toEqual(['A01', 'A03', 'A02', 'A04']);
  });

  it('knows month boundaries', () => {
    expect(monthRange('2026-02')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(monthRange('2028-02')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
  });
});

describe('configuration', () => {
  it('keeps defaults for missing or invalid values and merges weights per key', () => {
    const c = mergeEvaluationsConfig({ ratingWindowWorkdays: 7, defaultLevel: 9, rankingWeights: { volume: 10 }, cardColors: { verify: 'red', callback: 'blue' } });
    expect(c.ratingWindowWorkdays).toBe(7);
    expect(c.defaultLevel).toBe(4);
    expect(c.rankingWeights).toEqual({ ...EVALUATIONS_DEFAULTS.rankingWeights, volume: 10 });
    expect(c.cardColors).toMatchObject({ verify: 'red', callback: 'yellow' });
  });
});

describe('departmentsCovered (好差评 coverage)', () => {
  const units = [
    { id: 1, kind: 'bureau', active: true },
    { id: 2, kind: 'department', active: true },
    { id: 3, kind: 'department', active: true },
    { id: 4, kind: 'department', active: false },
    { id: 5, kind: 'township', active: true },
  ];
  it.each([
    [[], { value: 0, numerator: 0, denominator: 3 }],
    [[2, 2, 3], { value: 2 / 3, numerator: 2, denominator: 3 }],
    // an inactive department and a township are outside the set
    [[4, 5], { value: 0, numerator: 0, denominator: 3 }],
    [[1, 2, 3], { value: 1, numerator: 3, denominator: 3 }],
  ])('rated %j', (rated, want) => {
    expect(departmentsCovered(rated, units)).toEqual(want);
  });
  it('has no value with no rateable department', () => {
    expect(departmentsCovered([1], [])).toEqual({ value: null, numerator: 0, denominator: 0 });
  });
});
