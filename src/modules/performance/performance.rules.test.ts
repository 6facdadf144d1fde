import { describe, expect, it } from 'vitest';
import { TABLE_STATUSES, type Direction } from '../../shared/performance.types';
import { checkUpload } from '../../kernel/validators/upload-sniff';
import { SAMPLE_FILES } from '../../kernel/validators/upload-sniff.test-support';
import { checkTable, executionRate, gradeOf, kpiActual, scoreIndicator, EVIDENCE_KINDS, targetProblem, TABLE_TRANSITIONS, type TableAction } from './performance.rules';

describe('scoreIndicator: full when met, proportional below, zero beyond the floor', () => {
  const cases: Array<[string, Direction, number, number | null, number, number | null, number, string]> = [
    // name, direction, target, floor, weight, actual, score, outcome
    ['≥ met exactly', '>=', 95, null, 10, 95, 10, 'met'],
    ['≥ exceeded', '>=', 95, null, 10, 99.5, 10, 'met'],
    ['≥ below: proportional', '>=', 100, null, 10, 90, 9, 'partial'],
    ['≥ below target, above floor', '>=', 98, 90, 10, 94.08, 9.6, 'partial'],
    ['≥ under the floor: zero', '>=', 98, 90, 10, 89.99, 0, 'zero'],
    ['≥ at the floor: proportional', '>=', 98, 90, 10, 90, 9.18, 'partial'],
    ['≤ met', '<=', 45, null, 5, 45, 5, 'met'],
    ['≤ above: proportional', '<=', 45, null, 5, 50, 4.5, 'partial'],
    ['≤ above the ceiling: zero', '<=', 45, 60, 5, 61, 0, 'zero'],
    ['≤ target 0, actual 3', '<=', 0, null, 5, 3, 0, 'zero'],
    ['= met', '=', 26, null, 5, 26, 5, 'met'],
    ['= off by 2 of 26', '=', 26, null, 5, 24, 4.62, 'partial'],
    ['= beyond the allowed deviation', '=', 100, 95, 5, 94, 0, 'zero'],
    ['no actual', '>=', 95, null, 10, null, 0, 'no_data'],
    ['≥ target 0 not met is impossible: 0 ≥ 0', '>=', 0, null, 4, 0, 4, 'met'],
  ];
  it.each(cases)('%s', (_name, direction, target, floor, weight, actual, score, outcome) => {
    const r = scoreIndicator({ direction, target, floor, weight, actual });
    expect(r.score).toBe(score);
    expect(r.outcome).toBe(outcome);
    expect(r.met).toBe(outcome === 'met');
  });
});

describe('gradeOf', () => {
  it.each([
    [100, '优'],
    [90, '优'],
    [89.99, '良'],
    [80, '良'],
    [79.99, '中'],
    [60, '中'],
    [59.99, '差'],
    [0, '差'],
  ] as const)('%s → %s', (total, grade) => expect(gradeOf(total)).toBe(grade));
});

describe('targetProblem', () => {
  const ok = { level1: '产出', level2: '时效', name: '按时办结率', direction: '>=', target: 98, unit: '%', weight: 10, source: 'kpi', kpiKey: 'cases.onTimeRate' };
  it.each([
    ['complete', {}, null],
    ['unknown level 1', { level1: '过程' }, 'LEVEL1_INVALID'],
    ['level 2 of another level 1', { level2: '社会效益' }, 'LEVEL2_INVALID'],
    ['no name', { name: '  ' }, 'INDICATOR_NAME_REQUIRED'],
    ['no direction', { direction: undefined }, 'TARGET_DIRECTION_REQUIRED'],
    ['bad direction', { direction: '>' }, 'TARGET_DIRECTION_INVALID'],
    ['no target', { target: null }, 'TARGET_VALUE_REQUIRED'],
    ['no unit', { unit: '' }, 'TARGET_UNIT_REQUIRED'],
    ['weight 0', { weight: 0 }, 'WEIGHT_INVALID'],
    ['≥ floor above the target', { floor: 99 }, 'FLOOR_INVALID'],
    ['≤ floor below the target', { direction: '<=', floor: 90 }, 'FLOOR_INVALID'],
    ['kpi without a key', { kpiKey: null }, 'KPI_KEY_REQUIRED'],
    ['manual needs no key', { source: 'manual', kpiKey: null }, null],
  ] as const)('%s', (_n, patch, code) => expect(targetProblem({ ...ok, ...patch })?.code ?? null).toBe(code));
});

describe('the table state machine', () => {
  const expected: Record<TableAction, Record<string, boolean>> = {
    edit: { draft: true, submitted: true, signed: false },
    submit: { draft: true, submitted: false, signed: false },
    explain: { draft: true, submitted: true, signed: false },
    sign: { draft: false, submitted: true, signed: false },
    revise: { draft: false, submitted: false, signed: true },
  };
  it('allows each action only from its statuses', () => {
    for (const action of Object.keys(TABLE_TRANSITIONS) as TableAction[]) {
      for (const s of TABLE_STATUSES) expect(checkTable(action, s) === null, `${action} × ${s}`).toBe(expected[action][s]);
    }
  });
});

describe('kpiActual, evidence types, execution rate', () => {
  it('reads a KPI in the indicator unit', () => {
    expect(kpiActual('percent', { value: 0.96871, numerator: 96871, denominator: 100000 })).toBe(96.87);
    expect(kpiActual('count', { value: 12, numerator: 12, denominator: 300 })).toBe(12);
    expect(kpiActual('number', { value: 5.04, numerator: 524, denominator: 104 })).toBe(5.04);
    expect(kpiActual('percent', { value: null, numerator: 0, denominator: 0 })).toBeNull();
    expect(kpiActual('percent', undefined)).toBeNull();
  });
  it.each([
    ['a PDF', SAMPLE_FILES.pdf(), true],
    ['a PNG', SAMPLE_FILES.png(), true],
    ['a JPEG', SAMPLE_FILES.jpeg(), true],
    ['a Word file (not evidence)', SAMPLE_FILES.docx(), false],
    ['an executable', SAMPLE_FILES.exe(), false],
  ])('takes %s as evidence by content: %s', (_n, body, ok) => {
    expect(checkUpload(body, { maxBytes: 1024, accept: EVIDENCE_KINDS }).ok).toBe(ok);
  });
  it('computes 执行率 over the adjusted budget', () => {
    expect(executionRate(1000, 200, 1140)).toBeCloseTo(0.95);
    expect(executionRate(1000, -1000, 0)).toBeNull();
  });
});
