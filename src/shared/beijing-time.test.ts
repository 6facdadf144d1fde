import { describe, expect, it } from 'vitest';
import { beijingParts, clockOffset } from './beijing-time';

describe('北京时间 from an instant, whatever the local time zone', () => {
  it.each([
    // [instant, date, time, weekday]
    ['2026-09-30T16:30:05Z', '2026-10-01', '00:30:05', '星期四'], // UTC afternoon is already National Day in Beijing
    ['2026-12-31T15:59:59Z', '2026-12-31', '23:59:59', '星期四'],
    ['2026-12-31T16:00:00Z', '2027-01-01', '00:00:00', '星期五'],
    ['2026-03-29T01:00:00+02:00', '2026-03-29', '07:00:00', '星期日'], // a European DST night changes nothing here
  ])('%s → %s %s %s', (instant, date, time, weekday) => {
    const p = beijingParts(Date.parse(instant));
    expect(p).toMatchObject({ date, time, weekday });
    expect(p.dateCn).toBe(`${Number(date.slice(0, 4))}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`);
  });

  it('measures the server clock against the local one (a demo clock days ahead, a bad answer as none)', () => {
    const local = Date.parse('2026-09-30T01:00:00Z');
    expect(clockOffset('2026-10-02T09:00:00+08:00', local)).toBe(2 * 86_400_000);
    expect(clockOffset('not a date', local)).toBe(0);
  });
});
