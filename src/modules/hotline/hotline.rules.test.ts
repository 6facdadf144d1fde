import { describe, expect, it } from 'vitest';
import { WorkdayIndex } from '../../kernel/calendar';
import { ROLES, type Role } from '../../shared/roles';
import { HOTLINE_DEFAULTS, mergeHotlineConfig, normalizeCategory } from './hotline.config';
import {
  ACTIONS,
  LIFECYCLE,
  RuleError,
  STATUSES,
  deputyFinishDueAt,
  extendDue,
  finishDueAt,
  formatOrderNo,
  lateKinds,
  orderRegion,
  orderSequenceName,
  regionOfOrderNo,
  mayTake,
  signDueAt,
  transition,
  type Action,
  type ActionInput,
  type OrderState,
  type OrderStatus,
} from './hotline.rules';

const cfg = HOTLINE_DEFAULTS;
const now = new Date('2026-09-30T01:00:00Z');
const state = (status: OrderStatus, extra: Partial<OrderState> = {}): OrderState => ({ status, returnCount: 0, extensionPending: false, finishDueAt: null, ...extra });
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    if (e instanceof RuleError) return `${e.violation.status} ${e.violation.code}${e.violation.field ? ` ${e.violation.field}` : ''}`;
    throw e;
  }
  return 'ok';
};

/** Minimal valid input per action, so that the table below tests order, not missing fields. */
const VALID: Record<Action, ActionInput> = {
  answer: { action: 'answer', content: '答复' },
  dispatch: { action: 'dispatch', unitId: 7 },
  sign: { action: 'sign' },
  return: { action: 'return', reason: '非本单位职责' },
  reply: { action: 'reply', content: '已处理', replyResult: 'resolved' },
  request_extension: { action: 'request_extension', days: 3, reason: '需现场核查' },
  approve_extension: { action: 'approve_extension' },
  reject_extension: { action: 'reject_extension' },
  supervise: { action: 'supervise', content: '请尽快办结' },
  transfer_expert: { action: 'transfer_expert' },
  callback: { action: 'callback', reached: true, result: 'satisfied' },
  close: { action: 'close' },
  reopen: { action: 'reopen', reason: '群众不满意' },
};

describe('work-order state machine', () => {
  it.each([
    ['received', 'answer', 'answered'],
    ['received', 'dispatch', 'dispatched'],
    ['dispatched', 'sign', 'signed'],
    ['dispatched', 'return', 'returned'],
    ['signed', 'return', 'returned'],
    ['returned', 'dispatch', 'dispatched'],
    ['returned', 'answer', 'answered'],
    ['signed', 'reply', 'replied'],
    ['reopened', 'reply', 'replied'],
    ['reopened', 'dispatch', 'dispatched'],
    ['replied', 'close', 'closed'],
    ['callback', 'close', 'closed'],
    ['replied', 'reopen', 'reopened'],
    ['closed', 'reopen', 'reopened'],
    ['signed', 'supervise', 'signed'],
    ['received', 'transfer_expert', 'received'],
  ] as Array<[OrderStatus, Action, OrderStatus]>)('%s --%s--> %s', (from, action, to) => {
    const st = state(from, { extensionPending: action.endsWith('_extension') && action !== 'request_extension' });
    expect(transition(st, VALID[action], now, cfg).status).toBe(to);
  });

  it.each([
    [{ reached: true, result: 'satisfied' }, 'closed'],
    [{ reached: true, result: 'basically' }, 'closed'],
    [{ reached: true, result: 'unsatisfied' }, 'reopened'],
    [{ reached: false }, 'callback'],
  ] as const)('callback %j from replied → %s', (input, to) => {
    expect(transition(state('replied'), { action: 'callback', ...input }, now, cfg).status).toBe(to);
    expect(transition(state('callback'), { action: 'callback', ...input }, now, cfg).status).toBe(to);
  });

  // Every (state, action) pair outside an action's `from` is a 409 naming the conflict, never a silent change.
  const pairs = STATUSES.flatMap((s) => ACTIONS.map((a) => [s, a] as [OrderStatus, Action]));
  it.each(pairs.filter(([s, a]) => !LIFECYCLE[a].from.includes(s)))('%s refuses %s with 409', (s, a) => {
    expect(codeOf(() => transition(state(s), VALID[a], now, cfg))).toBe('409 ORDER_STATE_CONFLICT');
  });

  it('nothing leaves answered except nothing; closed only reopens', () => {
    expect(ACTIONS.filter((a) => LIFECYCLE[a].from.includes('answered'))).toEqual([]);
    expect(ACTIONS.filter((a) => LIFECYCLE[a].from.includes('closed'))).toEqual(['reopen']);
  });

  // Who takes each action, in ROLES order (the member unit's own department is checked by the service).
  it.each([
    ['answer', ['admin', 'operator']],
    ['dispatch', ['admin', 'operator']],
    ['sign', ['admin', 'unit']],
    ['return', ['admin', 'unit']],
    ['reply', ['admin', 'unit']],
    ['request_extension', ['admin', 'unit']],
    ['approve_extension', ['admin', 'leader']],
    ['reject_extension', ['admin', 'leader']],
    ['supervise', ['admin', 'leader']],
    ['transfer_expert', ['admin', 'operator']],
    ['callback', ['admin', 'operator']],
    ['close', ['admin', 'operator']],
    ['reopen', ['admin', 'operator']],
  ] as Array<[Action, Role[]]>)('%s is taken by %j', (action, roles) => {
    expect(ROLES.filter((r) => mayTake([r], action))).toEqual(roles);
  });

  it.each([
    ['return without a reason', state('dispatched'), { action: 'return' }, '422 REASON_REQUIRED reason'],
    ['return with a blank reason', state('dispatched'), { action: 'return', reason: '   ' }, '422 REASON_REQUIRED reason'],
    ['reply without content', state('signed'), { action: 'reply' }, '422 CONTENT_REQUIRED content'],
    ['reply over 4,000 characters', state('signed'), { action: 'reply', content: '字'.repeat(4001) }, '422 CONTENT_TOO_LONG content'],
    ['reply without a result type', state('signed'), { action: 'reply', content: '已处理' }, '422 REPLY_RESULT_REQUIRED replyResult'],
    ['reply with an unknown result type', state('signed'), { action: 'reply', content: '已处理', replyResult: 'done' }, '422 REPLY_RESULT_REQUIRED replyResult'],
    ['reply saying the caller was not reached, without why', state('signed'), { action: 'reply', content: '已处理', replyResult: 'resolved', contact: { method: 'none' } }, '422 CONTACT_NOTE_REQUIRED contact.note'],
    ['reply with a contact by an unknown means', state('signed'), { action: 'reply', content: '已处理', replyResult: 'resolved', contact: { method: 'fax' } }, '422 CONTACT_METHOD_INVALID contact.method'],
    ['reply with a contact dated tomorrow', state('signed'), { action: 'reply', content: '已处理', replyResult: 'resolved', contact: { method: 'phone', on: '2099-01-01' } }, '422 CONTACT_DATE_INVALID contact.on'],
    ['reply with a contact time that is not 时:分', state('signed'), { action: 'reply', content: '已处理', replyResult: 'resolved', contact: { method: 'phone', time: '9点' } }, '422 CONTACT_TIME_INVALID contact.time'],
    ['reply with four files', state('signed'), { action: 'reply', content: '已处理', replyResult: 'resolved', attachments: Array.from({ length: 4 }, () => ({ name: 'a.pdf', contentBase64: 'JVBERi0=' })) }, '422 REPLY_FILES_TOO_MANY attachments'],
    ['answer without content', state('received'), { action: 'answer' }, '422 CONTENT_REQUIRED content'],
    ['dispatch without a unit', state('received'), { action: 'dispatch' }, '422 UNIT_REQUIRED unitId'],
    ['extension of 0 days', state('signed'), { action: 'request_extension', days: 0, reason: 'x' }, '422 EXTENSION_DAYS_INVALID days'],
    ['extension over the maximum', state('signed'), { action: 'request_extension', days: 11, reason: 'x' }, '422 EXTENSION_DAYS_INVALID days'],
    ['extension without a reason', state('signed'), { action: 'request_extension', days: 2 }, '422 REASON_REQUIRED reason'],
    ['second pending extension', state('signed', { extensionPending: true }), VALID.request_extension, '409 EXTENSION_PENDING'],
    ['extension after the deadline', state('signed', { finishDueAt: '2026-09-30T00:59:59.999Z' }), VALID.request_extension, '422 EXTENSION_TOO_LATE days'],
    ['approve without a request', state('signed'), { action: 'approve_extension' }, '409 NO_PENDING_EXTENSION'],
    ['callback without reached', state('replied'), { action: 'callback' }, '422 REACHED_REQUIRED reached'],
    ['callback reached without result', state('replied'), { action: 'callback', reached: true }, '422 RESULT_REQUIRED result'],
    ['reopen without a reason', state('replied'), { action: 'reopen' }, '422 REASON_REQUIRED reason'],
    ['supervise without content', state('signed'), { action: 'supervise' }, '422 CONTENT_REQUIRED content'],
  ] as Array<[string, OrderState, ActionInput, string]>)('%s → %s', (_label, st, input, expected) => {
    expect(codeOf(() => transition(st, input, now, cfg))).toBe(expected);
  });

  it('extension before the deadline is accepted', () => {
    expect(transition(state('signed', { finishDueAt: '2026-10-09T15:59:59.999Z' }), VALID.request_extension, now, cfg).extensionPending).toBe(true);
  });

  it('the third return raises a 督办 once', () => {
    const r1 = transition(state('dispatched', { returnCount: 0 }), VALID.return, now, cfg);
    const r2 = transition(state('dispatched', { returnCount: 1 }), VALID.return, now, cfg);
    const r3 = transition(state('dispatched', { returnCount: 2 }), VALID.return, now, cfg);
    const r4 = transition(state('dispatched', { returnCount: 3 }), VALID.return, now, cfg);
    expect([r1, r2, r3, r4].map((r) => [r.returnCount, r.autoSupervise])).toEqual([
      [1, false],
      [2, false],
      [3, true],
      [4, false],
    ]);
  });
});

describe('deadlines on the working-day calendar', () => {
  // 2026: 国庆/中秋 1–8 Oct off, 调休 Sat 10 Oct (and Sun 27 Sep) working.
  const index = new WorkdayIndex({
    entries: [
      { date: '2026-09-27', kind: 'adjusted_workday' },
      ...['01', '02', '03', '04', '05', '06', '07', '08'].map((d) => ({ date: `2026-10-${d}`, kind: 'holiday' as const, name: '国庆节' })),
      { date: '2026-10-10', kind: 'adjusted_workday' },
    ],
    publishedYears: [2026],
    from: '2026-01-01',
    to: '2027-12-31',
  });
  const t = (s: string) => new Date(s);
  const iso = (d: Date | null) => d?.toISOString() ?? null;

  it.each([
    ['Wednesday morning → end of Thursday', '2026-09-23T09:00:00+08:00', false, '2026-09-24T15:59:59.999Z'],
    ['Friday evening → the 调休 Sunday 27 Sep', '2026-09-25T18:00:00+08:00', false, '2026-09-27T15:59:59.999Z'],
    ['Saturday → the 调休 Sunday counts', '2026-09-26T10:00:00+08:00', false, '2026-09-27T15:59:59.999Z'],
    ['30 Sep → over the holiday to 9 Oct', '2026-09-30T09:00:00+08:00', false, '2026-10-09T15:59:59.999Z'],
    ['urgent: 2 hours, holidays or not', '2026-10-02T09:00:00+08:00', true, '2026-10-02T03:00:00.000Z'],
  ])('sign for: %s', (_l, from, urgent, due) => {
    expect(iso(signDueAt(index, t(from), urgent, cfg))).toBe(due);
  });

  it.each([
    ['咨询 3 days', 'consult', '2026-09-21T10:00:00+08:00', false, false, '2026-09-24T15:59:59.999Z'],
    ['求助 5 days: 22–25 Sep and the 调休 Sunday', 'help', '2026-09-21T10:00:00+08:00', false, false, '2026-09-27T15:59:59.999Z'],
    ['投诉 10 days over 国庆 (27 Sep and 10 Oct work)', 'complaint', '2026-09-25T10:00:00+08:00', false, false, '2026-10-15T15:59:59.999Z'],
    ['举报 10 days', 'report', '2026-09-01T10:00:00+08:00', false, false, '2026-09-15T15:59:59.999Z'],
    ['建议 10 days', 'suggestion', '2026-09-01T10:00:00+08:00', false, false, '2026-09-15T15:59:59.999Z'],
    ['urgent 投诉: 24 hours', 'complaint', '2026-09-30T10:00:00+08:00', true, false, '2026-10-01T02:00:00.000Z'],
    ['deputy: none until signed', 'complaint', '2026-09-21T10:00:00+08:00', false, true, null],
    ['urgent deputy: 24 hours still', 'complaint', '2026-09-21T10:00:00+08:00', true, true, '2026-09-22T02:00:00.000Z'],
  ] as const)('finish: %s', (_l, category, from, urgent, deputy, due) => {
    expect(iso(finishDueAt(index, t(from), category, urgent, deputy, cfg))).toBe(due);
  });

  it('deputies: 5 working days after signing (30 Sep, 9, 10, 12, 13 Oct)', () => {
    expect(iso(deputyFinishDueAt(index, t('2026-09-29T10:00:00+08:00'), cfg))).toBe('2026-10-13T15:59:59.999Z');
  });

  it('an extension adds working days to the due date', () => {
    expect(iso(extendDue(index, t('2026-09-30T15:59:59.999Z'), 2))).toBe('2026-10-10T15:59:59.999Z');
  });

  it('configuration overrides the defaults', () => {
    const c = mergeHotlineConfig({ finishWorkdays: { consult: 1 }, urgentSignHours: 1, bogus: 3, signWorkdays: -1 });
    expect(c.finishWorkdays).toEqual({ ...HOTLINE_DEFAULTS.finishWorkdays, consult: 1 });
    expect(c.urgentSignHours).toBe(1);
    expect(c.signWorkdays).toBe(1);
    expect(iso(finishDueAt(index, t('2026-09-21T10:00:00+08:00'), 'consult', false, false, c))).toBe('2026-09-22T15:59:59.999Z');
  });

  it.each([
    ['dispatched past sign due', { status: 'dispatched', signDueAt: '2026-09-30T00:00:00.000Z', finishDueAt: '2026-10-30T00:00:00.000Z' }, ['sign_late']],
    ['dispatched past both', { status: 'dispatched', signDueAt: '2026-09-29T00:00:00.000Z', finishDueAt: '2026-09-29T00:00:00.000Z' }, ['sign_late', 'finish_late']],
    ['signed past finish due', { status: 'signed', signDueAt: '2026-09-01T00:00:00.000Z', finishDueAt: '2026-09-30T00:59:59.999Z' }, ['finish_late']],
    ['replied late is no longer open late', { status: 'replied', signDueAt: null, finishDueAt: '2026-09-01T00:00:00.000Z' }, []],
    ['due exactly now is not late', { status: 'signed', signDueAt: null, finishDueAt: '2026-09-30T01:00:00.000Z' }, []],
  ] as const)('late: %s', (_l, o, kinds) => {
    expect(lateKinds(o, now)).toEqual(kinds);
  });
});

describe('categories', () => {
  it.each([
    ['complaint', 'complaint'],
    ['投诉', 'complaint'],
    ['表扬', 'praise'],
    ['吐槽', null],
    ['', null],
  ])('%s → %s', (input, code) => expect(normalizeCategory(input)).toBe(code));
});

describe('work-order numbers per county and day', () => {
  const installation = '430582';
  it.each([
    // The installation's county keeps the counter name and number format of single-county versions.
    ['430582', '2026-12-06', 7, 'hotline.order.20261206', 'GD202612060007'],
    ['430582', '20261206', 12345, 'hotline.order.20261206', 'GD2026120612345'],
    // Another county: its own counter row, and its code in the number.
    ['430581', '2026-12-06', 1, 'hotline.order:430581:20261206', 'GD430581-20261206-0001'],
    ['430521', '20261231', 10000, 'hotline.order:430521:20261231', 'GD430521-20261231-10000'],
  ] as const)('%s on %s, #%i → %s, %s', (region, day, seq, name, no) => {
    expect(orderSequenceName(region, day, installation)).toBe(name);
    expect(formatOrderNo(region, day, seq, installation)).toBe(no);
    expect(regionOfOrderNo(no, installation)).toBe(region);
    expect(no.length).toBeLessThanOrEqual(32);
  });

  it.each([
    [null, null, '430582'],
    [undefined, '430581', '430581'],
    ['430521', '430581', '430521'],
    ['430521', null, '430521'],
  ] as const)('named %s, line %s → %s', (named, line, region) => {
    expect(orderRegion(named, line, installation)).toBe(region);
  });
});
