import { describe, expect, it } from 'vitest';
import { WorkdayIndex } from '../../kernel/calendar';
import { DEFAULT_CONFIG, dueCaseCandidates, workdaysOverdue, type DueCase } from './supervision.rules';

// Weekends only (no holidays in the entries): Fri 2026-11-13, Mon 11-16, Tue 11-17, Wed 11-18.
const idx = new WorkdayIndex({ entries: [], publishedYears: [2026], from: '2026-01-01', to: '2027-12-31' });
const due = (promisedDueDate: string, acceptedOn: string | null): DueCase => ({ id: 1, caseNo: 'C', departmentId: 1, promisedDueDate, acceptedOn, itemName: '事项' });
const card = (today: string, c: DueCase, nearDueWorkdays = 1) => {
  const [got] = dueCaseCandidates([c], today, idx, { ...DEFAULT_CONFIG, nearDueWorkdays });
  return got ? `${got.rule}:${JSON.stringify(got.detail.workdaysLeft ?? got.detail.workdaysOverdue)}` : 'none';
};

describe('临近承诺期限 and overdue at the boundary', () => {
  it.each([
    // [today, due, accepted, window, card]
    ['2026-11-16', '2026-11-18', '2026-11-10', 1, 'none'], // two working days left: outside a 1-day window
    ['2026-11-17', '2026-11-18', '2026-11-10', 1, 'near_due:1'], // exactly the window
    ['2026-11-18', '2026-11-18', '2026-11-10', 1, 'near_due:0'], // due today
    ['2026-11-13', '2026-11-16', '2026-11-10', 1, 'near_due:1'], // across the weekend: 1 working day left
    ['2026-11-16', '2026-11-18', '2026-11-10', 2, 'near_due:2'], // a wider configured window
    // accepted today, due tomorrow: not warned on the day of acceptance …
    ['2026-11-17', '2026-11-18', '2026-11-17', 1, 'none'],
    // … but on its due day
    ['2026-11-18', '2026-11-18', '2026-11-17', 1, 'near_due:0'],
    // accepted and due today (the whole limit inside the window): warned on its due day
    ['2026-11-18', '2026-11-18', '2026-11-18', 1, 'near_due:0'],
    // a case the query could not date is treated as accepted earlier
    ['2026-11-17', '2026-11-18', null, 1, 'near_due:1'],
    // overdue: working days after the due date up to today
    ['2026-11-19', '2026-11-18', '2026-11-10', 1, 'overdue:1'],
    ['2026-11-20', '2026-11-18', '2026-11-10', 1, 'overdue:2'],
    // due Friday, today Saturday: overdue, in its first overdue working day — never 0
    ['2026-11-14', '2026-11-13', '2026-11-10', 1, 'overdue:1'],
    ['2026-11-16', '2026-11-13', '2026-11-10', 1, 'overdue:1'],
  ] as const)('today %s, due %s, accepted %s, window %i → %s', (today, dueOn, accepted, window, expected) => {
    expect(card(today, due(dueOn, accepted), window)).toBe(expected);
  });

  it('counts overdue working days as the list shows them, never 0 for an overdue case', () => {
    expect(workdaysOverdue(idx, '2026-11-18', '2026-11-18')).toBeNull();
    expect(workdaysOverdue(idx, '2026-11-15', '2026-11-13')).toBe(1); // Sunday after a Friday due date
    expect(workdaysOverdue(idx, '2026-11-23', '2026-11-13')).toBe(6);
  });
});

describe('the 红黄牌 rule panel', () => {
  it('lists every registered rule, grouped by what it watches, with the colour in force', async () => {
    const { rulePanel } = await import('./supervision.rule-panel');
    const { RULE_LABELS } = await import('./supervision.rules');
    const cfg = { ...DEFAULT_CONFIG, nearDueWorkdays: 2, rules: { ...DEFAULT_CONFIG.rules, workorder_sign_late: { enabled: false, color: 'yellow' as const } } };
    const panel = rulePanel(cfg, new Map([['evaluation_verify_late', { color: 'red' as const, n: 3 }], ['custom_rule', { color: 'yellow' as const, n: 1 }]]));
    expect(panel.map((r) => r.rule)).toEqual(expect.arrayContaining([...Object.keys(RULE_LABELS), 'custom_rule']));
    expect(panel.map((r) => r.subject)).toEqual([...panel.map((r) => r.subject)].sort((a, b) => ['case', 'workorder', 'evaluation', 'other'].indexOf(a) - ['case', 'workorder', 'evaluation', 'other'].indexOf(b)));
    const by = new Map(panel.map((r) => [r.rule, r]));
    expect(by.get('near_due')).toMatchObject({ subject: 'case', color: 'yellow', enabled: true, description: '在办件距承诺办结日不超过 2 个工作日' });
    expect(by.get('overdue')).toMatchObject({ color: 'red', issued: 0 });
    expect(by.get('workorder_sign_late')).toMatchObject({ subject: 'workorder', enabled: false });
    expect(by.get('evaluation_verify_late')).toMatchObject({ subject: 'evaluation', color: 'red', issued: 3 });
    expect(by.get('hall_long_wait')).toMatchObject({ subject: 'other', color: null, label: '大厅等候超时' });
    expect(by.get('custom_rule')).toMatchObject({ label: 'custom_rule', color: 'yellow' });
  });
});
