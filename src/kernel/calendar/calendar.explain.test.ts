import { describe, it, expect } from 'vitest';
import { computeCaseClock, type CaseClockInput } from './calendar.clock';
import { explainClock } from './calendar.explain';
import { datesFrom, index, seed } from './calendar.test-support';
import { WorkdayIndex } from './calendar.workdays';

const base = { unit: 'workday' as const, suspensions: [], extensions: [] };

describe('explainClock', () => {
  const explain = (input: CaseClockInput) => explainClock(index, input, computeCaseClock(index, input));

  it.each<[string, CaseClockInput, string[]]>([
    [
      'National Day 2026',
      { ...base, acceptedOn: '2026-09-30', promisedLimit: 5, legalLimit: 20, today: '2026-10-09' },
      ['承诺办结日 2026-10-13：受理日 9月30日不计，国庆节假期（10月1日—10月7日）顺延，', '10月10日（周六）调休上班计为工作日', '按 5 个工作日计算。', '法定办结日 2026-11-03', '距承诺办结日还有 3 个工作日'],
    ],
    [
      'National Day + Mid-Autumn 2025',
      { ...base, acceptedOn: '2025-09-30', promisedLimit: 5, legalLimit: 20, today: '2025-10-09' },
      ['承诺办结日 2025-10-14', '国庆节、中秋节假期（10月1日—10月8日）顺延', '10月11日（周六）调休上班'],
    ],
    [
      'Spring Festival 2026',
      { ...base, acceptedOn: '2026-02-13', promisedLimit: 5, legalLimit: 20, today: '2026-02-13' },
      ['承诺办结日 2026-02-27', '受理日 2月13日不计', '春节假期（2月15日—2月23日）顺延', '2月14日（周六）调休上班'],
    ],
    [
      'suspension and extension',
      {
        acceptedOn: '2026-10-12', promisedLimit: 10, legalLimit: 20, unit: 'workday',
        suspensions: [{ from: '2026-10-20', to: '2026-10-23', reason: '专家评审' }],
        extensions: [{ days: 10, approvedOn: '2026-11-05' }], completedOn: '2026-11-02', today: '2026-11-10',
      },
      ['专家评审中止 3 个工作日（10月20日—10月22日），承诺办结日顺延至 2026-10-29，法定办结日顺延至 2026-11-12。', '经批准延长 10 个工作日（11月5日批准），法定办结日延至 2026-11-26。', '11月2日办结，超过承诺办结日 2 个工作日'],
    ],
    [
      'open suspension',
      { ...base, acceptedOn: '2026-10-12', promisedLimit: 10, legalLimit: 20, suspensions: [{ from: '2026-10-20', to: null, reason: '检测' }], today: '2026-10-22' },
      ['检测中止中', '已计 3 个工作日', '承诺办结日暂顺延至 2026-10-29', '继续顺延'],
    ],
    [
      'natural limit ending on a holiday',
      { ...base, unit: 'natural', acceptedOn: '2026-09-24', promisedLimit: 7, legalLimit: 20, today: '2026-09-25' },
      ['承诺办结日 2026-10-08', '按 7 个自然日计算，第 7 日（10月1日）逢国庆节假期（10月1日—10月7日），顺延'],
    ],
    [
      'natural limit ending on a weekend',
      { ...base, unit: 'natural', acceptedOn: '2026-03-02', promisedLimit: 5, legalLimit: 20, today: '2026-03-03' },
      ['承诺办结日 2026-03-09', '第 5 日（3月7日）为周末'],
    ],
    [
      '即办件',
      { ...base, acceptedOn: '2026-09-30', promisedLimit: 0, legalLimit: 0, completedOn: '2026-09-30', today: '2026-09-30' },
      ['承诺办结日 2026-09-30：即办件', '按时办结'],
    ],
    [
      'overdue',
      { ...base, acceptedOn: '2026-09-30', promisedLimit: 5, legalLimit: 20, today: '2026-10-16' },
      ['已超过承诺办结日 2026-10-13（超期 3 个工作日）'],
    ],
    [
      'provisional 2027',
      { ...base, acceptedOn: '2026-12-30', promisedLimit: 5, legalLimit: 20, today: '2026-12-31' },
      ['承诺办结日 2027-01-07', '元旦假期（2027年1月1日—1月3日）', '（日历为暂定）'],
    ],
  ])('%s', (_label, input, fragments) => {
    const text = explain(input);
    for (const f of fragments) expect(text).toContain(f);
    expect(text.includes('（日历为暂定）')).toBe(computeCaseClock(index, input).provisional);
  });

  it('follows the index, not hard-coded holidays', () => {
    const edited = new WorkdayIndex({
      entries: [...seed.entries, ...datesFrom('2027-10-04', '2027-10-07').map((date) => ({ date, kind: 'holiday' as const, name: '国庆节' }))],
      publishedYears: seed.years,
    });
    const input: CaseClockInput = { ...base, acceptedOn: '2027-09-30', promisedLimit: 5, legalLimit: 20, today: '2027-09-30' };
    expect(explainClock(edited, input, computeCaseClock(edited, input))).toContain('国庆节假期（10月1日—10月7日）');
    expect(explain(input)).toContain('国庆节假期（10月1日—10月5日）'); // provisional: 1–3 Oct and two make-up days
  });
});
