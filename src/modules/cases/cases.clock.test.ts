/**
 * The statutory clock, pinned at the API: each row files a case, moves the test clock between actions and
 * checks the due dates the API shows. Expected dates are worked out by hand from the State Council's 2026
 * schedule (春节 2-15…2-23 with 调休 2-14 and 2-28, 国庆/中秋 9-25…9-27 and 10-1…10-7 with 调休 9-20
 * and 10-10, 元旦 调休 1-4, 劳动节 调休 5-9), not by calling the engine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, dialects, type TestApp } from '../../../test/harness';
import { ALL_MATERIALS, at, clockSafeRequest, personApplicant, testModules } from './cases.test-support';

type Step = { on: string; action: string; as?: string; body?: Record<string, unknown> };

interface Row {
  name: string;
  item: string;
  submit: string;
  steps: Step[];
  /** Date the case is read on (default: the last step's date). */
  read?: string;
  expect: Partial<{
    status: string;
    acceptedOn: string;
    promisedDueDate: string;
    legalDueDate: string;
    workdaysUsed: number;
    workdaysLeft: number;
    onTime: boolean;
    deemedAccepted: boolean;
    provisional: boolean;
  }>;
  explanation?: string[];
}

const accept = (on: string): Step => ({ on, action: 'accept' });
const suspend = (on: string, reason = '专家评审'): Step => ({ on, action: 'suspend', as: 'reviewer', body: { reason } });
const resume = (on: string): Step => ({ on, action: 'resume', as: 'reviewer' });
const extend = (on: string, days: number): Step => ({ on, action: 'extend', as: 'leader', body: { days, reason: '情况复杂需延期' } });
const approve = (on: string): Step => ({ on, action: 'approve', as: 'reviewer' });
const complete = (on: string): Step => ({ on, action: 'complete', body: { deliveryMethod: '窗口领取' } });

const ROWS: Row[] = [
  // --- Spring Festival 2026 -----------------------------------------------------------------------
  {
    name: '春节: accepted Fri 2-13, 5 working days → 2-14 (调休) 2-24 2-25 2-26 2-27',
    item: 'T-FOOD', submit: '2026-02-13', steps: [accept('2026-02-13')],
    expect: { promisedDueDate: '2026-02-27', legalDueDate: '2026-03-19', workdaysLeft: 5 },
    explanation: ['春节假期', '2月14日（周六）', '调休上班计为工作日'],
  },
  {
    name: '春节: accepted Wed 2-11 → 2-12 2-13 2-14 (调休) 2-24 2-25',
    item: 'T-FOOD', submit: '2026-02-11', steps: [accept('2026-02-11')], read: '2026-02-24',
    expect: { promisedDueDate: '2026-02-25', workdaysUsed: 4, workdaysLeft: 1 },
  },
  {
    name: '春节: suspended 2-12 … resumed 2-25 (2-12, 2-13, 2-14 调休, 2-24 = 4 days) → 2-14 moves to 2-27',
    item: 'T-FOOD', submit: '2026-02-09', steps: [accept('2026-02-09'), suspend('2026-02-12', '检测'), resume('2026-02-25')],
    expect: { promisedDueDate: '2026-02-27', workdaysUsed: 3, workdaysLeft: 2 },
    explanation: ['检测中止 4 个工作日', '承诺办结日顺延至 2026-02-27'],
  },
  {
    name: '春节: completed on the 2-28 调休 Saturday after a 2-27 due date is one day late',
    item: 'T-FOOD', submit: '2026-02-13', steps: [accept('2026-02-13'), approve('2026-02-27'), complete('2026-02-28')],
    expect: { status: 'completed', onTime: false, workdaysUsed: 6, workdaysLeft: -1 },
  },
  {
    name: '春节: completed on the due date is on time',
    item: 'T-FOOD', submit: '2026-02-13', steps: [accept('2026-02-13'), approve('2026-02-26'), complete('2026-02-27')],
    expect: { status: 'completed', onTime: true, workdaysUsed: 5, workdaysLeft: 0 },
  },
  {
    name: '春节 §32: submitted Thu 2-12, unanswered through 2-26 → accepted on 2-12',
    item: 'T-FOOD', submit: '2026-02-12', steps: [], read: '2026-02-27',
    expect: { status: 'accepted', deemedAccepted: true, acceptedOn: '2026-02-12', promisedDueDate: '2026-02-26', workdaysLeft: -1 },
  },
  // --- National Day 2026 --------------------------------------------------------------------------
  {
    name: '国庆: accepted Thu 9-24 → 9-28 9-29 9-30 10-8 10-9; legal 20 → 10-29',
    item: 'T-FOOD', submit: '2026-09-24', steps: [accept('2026-09-24')],
    expect: { promisedDueDate: '2026-10-09', legalDueDate: '2026-10-29' },
    explanation: ['中秋节', '国庆节', '顺延'],
  },
  {
    name: '国庆: suspended 9-29 … resumed 10-9 (9-29, 9-30, 10-8 = 3 days) → 10-13 / legal 11-3',
    item: 'T-FOOD', submit: '2026-09-24', steps: [accept('2026-09-24'), suspend('2026-09-29'), resume('2026-10-09')],
    expect: { status: 'accepted', promisedDueDate: '2026-10-13', legalDueDate: '2026-11-03', workdaysUsed: 2, workdaysLeft: 3 },
  },
  {
    name: '国庆: while suspended the due date keeps moving with each suspended working day',
    item: 'T-FOOD', submit: '2026-09-24', steps: [accept('2026-09-24'), suspend('2026-09-29')], read: '2026-10-08',
    expect: { status: 'suspended', promisedDueDate: '2026-10-13', workdaysUsed: 1, workdaysLeft: 4 },
  },
  {
    name: '国庆: a 10-day extension moves the legal date only (10-29 → 11-12)',
    item: 'T-FOOD', submit: '2026-09-24', steps: [accept('2026-09-24'), extend('2026-10-12', 10)],
    expect: { promisedDueDate: '2026-10-09', legalDueDate: '2026-11-12' },
    explanation: ['经批准延长 10 个工作日', '法定办结日延至 2026-11-12'],
  },
  {
    name: '国庆: suspension then extension (11-3 + 10 → 11-17)',
    item: 'T-FOOD', submit: '2026-09-24', steps: [accept('2026-09-24'), suspend('2026-09-29', '鉴定'), resume('2026-10-09'), extend('2026-10-12', 10)],
    expect: { promisedDueDate: '2026-10-13', legalDueDate: '2026-11-17' },
  },
  {
    name: '国庆: extensions add up to the allowance (4 + 6 days)',
    item: 'T-FOOD', submit: '2026-09-24', steps: [accept('2026-09-24'), extend('2026-10-12', 4), extend('2026-10-20', 6)],
    expect: { legalDueDate: '2026-11-12' },
  },
  {
    name: '国庆 §32: submitted 9-24, answer due 10-9, read on the 10-10 调休 Saturday → deemed accepted',
    item: 'T-FOOD', submit: '2026-09-24', steps: [], read: '2026-10-10',
    expect: { status: 'accepted', deemedAccepted: true, acceptedOn: '2026-09-24', promisedDueDate: '2026-10-09' },
  },
  // --- every 调休 working day of 2026 (1-day limit lands on it) ------------------------------------
  { name: '调休 1-4 (Sun): accepted 2025-12-31', item: 'T-ONE', submit: '2025-12-31', steps: [accept('2025-12-31')], expect: { promisedDueDate: '2026-01-04' } },
  { name: '调休 2-14 (Sat): accepted 2-13', item: 'T-ONE', submit: '2026-02-13', steps: [accept('2026-02-13')], expect: { promisedDueDate: '2026-02-14' } },
  { name: '调休 2-28 (Sat): accepted 2-27', item: 'T-ONE', submit: '2026-02-27', steps: [accept('2026-02-27')], expect: { promisedDueDate: '2026-02-28' } },
  { name: '调休 5-9 (Sat): accepted 5-8', item: 'T-ONE', submit: '2026-05-08', steps: [accept('2026-05-08')], expect: { promisedDueDate: '2026-05-09' } },
  { name: '调休 9-20 (Sun): accepted Fri 9-18, Sat 9-19 is off', item: 'T-ONE', submit: '2026-09-18', steps: [accept('2026-09-18')], expect: { promisedDueDate: '2026-09-20' } },
  { name: '调休 10-10 (Sat): accepted 10-9', item: 'T-ONE', submit: '2026-10-09', steps: [accept('2026-10-09')], expect: { promisedDueDate: '2026-10-10' } },
  { name: '调休 10-10 (Sat): accepted on it → Mon 10-12', item: 'T-ONE', submit: '2026-10-10', steps: [accept('2026-10-10')], expect: { promisedDueDate: '2026-10-12', legalDueDate: '2026-10-14' } },
  { name: '元旦: accepted 12-31, 3-day legal limit → 1-4 1-5 1-6', item: 'T-ONE', submit: '2025-12-31', steps: [accept('2025-12-31')], expect: { legalDueDate: '2026-01-06' } },
  // --- natural-day limits ending on days off -------------------------------------------------------
  { name: '自然日: 9-21 + 10 = 10-1 (国庆) → 10-8; legal 9-21 + 20 = Sun 10-11 → 10-12', item: 'T-NATURAL', submit: '2026-09-21', steps: [accept('2026-09-21')], expect: { promisedDueDate: '2026-10-08', legalDueDate: '2026-10-12' } },
  { name: '自然日: 2-10 + 10 = 2-20 (春节) → 2-24', item: 'T-NATURAL', submit: '2026-02-10', steps: [accept('2026-02-10')], expect: { promisedDueDate: '2026-02-24' } },
  { name: '自然日: 4-24 + 10 = 5-4 (劳动节) → 5-6', item: 'T-NATURAL', submit: '2026-04-24', steps: [accept('2026-04-24')], expect: { promisedDueDate: '2026-05-06' } },
  { name: '自然日: 6-9 + 10 = 6-19 (端午) → 6-22', item: 'T-NATURAL', submit: '2026-06-09', steps: [accept('2026-06-09')], expect: { promisedDueDate: '2026-06-22' } },
  { name: '自然日: 9-10 + 10 = Sun 9-20, a 调休 working day: due that day', item: 'T-NATURAL', submit: '2026-09-10', steps: [accept('2026-09-10')], expect: { promisedDueDate: '2026-09-20' } },
  { name: '自然日: 5-20 + 10 = Sat 5-30 → Mon 6-1', item: 'T-NATURAL', submit: '2026-05-20', steps: [accept('2026-05-20')], expect: { promisedDueDate: '2026-06-01' } },
  // --- 即办件 and the provisional next year --------------------------------------------------------
  { name: '即办件: due on the day of acceptance', item: 'T-INSTANT', submit: '2026-02-14', steps: [accept('2026-02-14')], expect: { promisedDueDate: '2026-02-14', workdaysLeft: 0 } },
  {
    name: '2027 not yet published: the due date is provisional (元旦 1-1 off only)',
    item: 'T-POLICE', submit: '2026-12-24', steps: [accept('2026-12-24')],
    expect: { promisedDueDate: '2027-01-08', provisional: true },
    explanation: ['日历为暂定'],
  },
  {
    name: 'due dates inside 2026 are not provisional',
    item: 'T-ONE', submit: '2026-12-24', steps: [accept('2026-12-24')],
    expect: { promisedDueDate: '2026-12-25', legalDueDate: '2026-12-29', provisional: false },
  },
];

describe.each(dialects)('case clock across 2026 holidays on %s', (dialect) => {
  let t: TestApp<typeof testModules>;
  let request: ReturnType<typeof clockSafeRequest>;
  beforeAll(async () => {
    t = await buildTestApp({ dialect, now: at('2026-01-05'), modules: testModules });
    request = clockSafeRequest(t);
  });
  afterAll(async () => t?.close());

  it.each(ROWS.map((r) => [r.name, r] as const))('%s', async (_name, row) => {
    t.clock.set(at(row.submit, 9));
    const sub = await request({ method: 'POST', url: '/api/v1/cases', as: 'clerk', payload: { itemCode: row.item, channel: 'window', applicant: personApplicant(), materials: ALL_MATERIALS[row.item] } });
    expect(sub.statusCode, sub.body).toBe(201);
    const caseNo = sub.json().caseNo;
    for (const s of row.steps) {
      t.clock.set(at(s.on, 10));
      const r = await request({ method: 'POST', url: `/api/v1/cases/${caseNo}/actions`, as: s.as ?? 'clerk', payload: { action: s.action, ...s.body } });
      expect(r.statusCode, `${s.action} on ${s.on}: ${r.body}`).toBe(200);
    }
    t.clock.set(at(row.read ?? row.steps.at(-1)?.on ?? row.submit, 16));
    const c = (await request({ method: 'GET', url: `/api/v1/cases/${caseNo}`, as: 'clerk' })).json();
    const { provisional, ...top } = row.expect;
    expect(c).toMatchObject(top);
    if (provisional !== undefined) expect(c.clock.provisional).toBe(provisional);
    for (const phrase of row.explanation ?? []) expect(c.explanation).toContain(phrase);
    // The row keeps the dates a sweep reads.
    if (c.acceptedOn && !c.deemedAccepted) {
      const stored = await t.opened.db.selectFrom('cases_cases').select(['promised_due_date', 'legal_due_date']).where('case_no', '=', caseNo).executeTakeFirstOrThrow();
      if (c.status !== 'suspended') expect(stored).toEqual({ promised_due_date: c.promisedDueDate, legal_due_date: c.legalDueDate });
    }
  });
});
