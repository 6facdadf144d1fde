import { describe, expect, it } from 'vitest';
import { KPI_LABELS, KPI_NAMES, formatKpi, kpiGroupLabel, kpiLabel } from './kpi-labels';
import { ratio } from './kpi';

describe('KPI labels and formats', () => {
  it.each([
    ['a percentage', 'cases.onTimeRate', ratio(3, 4), {}, '75.00%'],
    ['a percentage with no data', 'cases.onTimeRate', ratio(0, 0), {}, '—'],
    ['a count (the numerator), with thousands', 'supervision.redCards', ratio(1234, 5000), {}, '1,234'],
    ['a count with its unit', 'supervision.redCards', ratio(2, 6), { unit: true }, '2 张'],
    ['a count with no denominator still counts', 'supervision.yellowCards', ratio(0, 0), { unit: true }, '0 张'],
    ['a number with one decimal', 'mailbox.averageDays', ratio(7, 2), {}, '3.5'],
    ['a number with its unit', 'mailbox.averageDays', ratio(7, 2), { unit: true }, '3.5 天'],
    ['a percentage never carries a unit', 'hotline.answer15Rate', ratio(1, 3), { unit: true }, '33.33%'],
    ['an unknown name as a percentage', 'nope.rate', ratio(1, 2), {}, '50.00%'],
  ])('formats %s', (_l, name, k, opts, expected) => {
    expect(formatKpi(name, k, opts)).toBe(expected);
  });

  it('formats a missing figure as a dash', () => {
    expect(formatKpi('cases.onTimeRate', undefined)).toBe('—');
  });

  it('knows only its own names (not inherited properties)', () => {
    expect(kpiLabel('hotline.directAnswerRate')?.label).toBe('直接答复率');
    expect(kpiLabel('toString')).toBeUndefined();
    expect(kpiLabel('nope.rate')).toBeUndefined();
  });

  it('gives every KPI a Chinese label, numerator and denominator, and a unit exactly when it is not a percentage', () => {
    for (const name of KPI_NAMES) {
      const l = KPI_LABELS[name];
      expect(l.label, name).toMatch(/\p{Script=Han}/u);
      expect(l.numerator.length > 0 && l.denominator.length > 0, name).toBe(true);
      expect(l.unit === undefined, name).toBe(l.format === 'percent');
    }
  });

  it('names the area of work of every KPI in Chinese, and of a new module by its prefix', () => {
    for (const name of KPI_NAMES) expect(kpiGroupLabel(name), name).toMatch(/\p{Script=Han}/u);
    expect(kpiGroupLabel('hall.tickets')).toBe('大厅管理');
    expect(kpiGroupLabel('toString.x')).toBe('toString');
  });
});
