import { describe, expect, it } from 'vitest';
import { parseTemplate, renderTemplate } from './report-template';

const known = new Set(['cases.received', 'cases.onTimeRate', 'mailbox.averageDays']);

describe('report templates', () => {
  it.each([
    ['全年受理 {{cases.received}} 件', [{ text: '全年受理 ' }, { figure: 'cases.received' }, { text: ' 件' }]],
    ['{{ cases.onTimeRate }}', [{ figure: 'cases.onTimeRate' }]],
    ['没有占位符', [{ text: '没有占位符' }]],
    ['写作 {{{{ 本身', [{ text: '写作 {{ 本身' }]],
    ['', []],
  ])('parses %j', (template, runs) => {
    const parsed = parseTemplate(template, known);
    expect(parsed.problems).toEqual([]);
    expect(parsed.runs).toEqual(runs);
  });

  it.each([
    ['按时率 {{cases.ontime}}', 'TEMPLATE_UNKNOWN_PLACEHOLDER', 'cases.ontime', 4],
    ['{{不是指标}}', 'TEMPLATE_UNKNOWN_PLACEHOLDER', '不是指标', 0],
    ['开头 {{cases.received', 'TEMPLATE_UNCLOSED', null, 3],
    ['空的 {{ }}', 'TEMPLATE_EMPTY_PLACEHOLDER', '', 3],
  ])('refuses %j', (template, code, name, at) => {
    const { problems } = parseTemplate(template, known);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code, name, at });
    expect(problems[0].message).toMatch(/占位符|{{/);
  });

  it('collects every problem at once and lists placeholders once each', () => {
    const parsed = parseTemplate('{{a.b}} {{cases.received}} {{c.d}} {{cases.received}}', known);
    expect(parsed.problems.map((p) => p.name)).toEqual(['a.b', 'c.d']);
    expect(parsed.placeholders).toEqual(['cases.received']);
  });

  it('accepts any well-formed name when no figure list is given', () => {
    expect(parseTemplate('{{x.y}}', null).problems).toEqual([]);
  });

  it('renders with the display text, a dash for a figure without one', () => {
    const shown: Record<string, string> = { 'cases.received': '602,320', 'cases.onTimeRate': '99.99%' };
    expect(renderTemplate('受理 {{cases.received}} 件，按时率 {{cases.onTimeRate}}，平均 {{mailbox.averageDays}}', (n) => shown[n])).toBe('受理 602,320 件，按时率 99.99%，平均 —');
  });
});
