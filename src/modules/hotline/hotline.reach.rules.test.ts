import { describe, expect, it } from 'vitest';
import { countReach, kbUnitIds, reachKpis, registeredBy, type ReachKbRow } from './hotline.reach.rules';

// Shanghai 2026-09-30 ends at 2026-09-30T16:00:00.000Z.
const kb = (departmentId: number, status: string, publishedAt: string | null, expiresOn: string | null = null): ReachKbRow => ({ departmentId, status, publishedAt, expiresOn });

describe('kbUnitIds (member units with a published entry at the period end)', () => {
  const members = new Set([1, 2, 3]);
  it.each([
    ['published before the end', [kb(1, 'published', '2026-09-30T15:59:59.000Z')], [1]],
    ['published after the end (Shanghai)', [kb(1, 'published', '2026-09-30T16:00:00.000Z')], []],
    ['a draft or a retired entry', [kb(1, 'draft', null), kb(2, 'retired', '2026-01-01T00:00:00.000Z')], []],
    ['expired before the end day', [kb(1, 'published', '2026-01-01T00:00:00.000Z', '2026-09-29')], []],
    ['expiring on the end day', [kb(1, 'published', '2026-01-01T00:00:00.000Z', '2026-09-30')], [1]],
    ['a unit that is not a member', [kb(9, 'published', '2026-01-01T00:00:00.000Z')], []],
    ['two entries of one unit count once', [kb(2, 'published', '2026-01-01T00:00:00.000Z'), kb(2, 'published', '2026-02-01T00:00:00.000Z'), kb(3, 'published', '2026-03-01T00:00:00.000Z')], [2, 3]],
  ])('%s', (_, rows, want) => {
    expect([...kbUnitIds(rows, members, '2026-09-30')].sort()).toEqual(want);
  });
});

describe('registeredBy (a roster row in force by the period end)', () => {
  it.each([
    [null, true],
    ['2026-09-30', true],
    ['2026-10-01', false],
  ])('since %s → %s', (since, want) => {
    expect(registeredBy({ since }, '2026-09-30')).toBe(want);
  });
});

describe('countReach and reachKpis', () => {
  const orders = [
    { createdAt: '2026-08-31T15:59:59.000Z', channel: 'phone', finishedAt: null }, // 08-31 Shanghai: outside
    { createdAt: '2026-08-31T16:00:00.000Z', channel: 'phone', finishedAt: null },
    { createdAt: '2026-09-10T02:00:00.000Z', channel: 'banbucheng', finishedAt: '2026-09-12T02:00:00.000Z' },
    { createdAt: '2026-09-20T02:00:00.000Z', channel: 'banbucheng', finishedAt: '2026-10-02T02:00:00.000Z' }, // finished after the end
    { createdAt: '2026-09-25T02:00:00.000Z', channel: 'mailbox', finishedAt: null },
  ];
  const c = countReach(
    {
      orders,
      // a seat from October is not yet in force at the end of September; an undated one always was
      seats: [{ active: true, since: null }, { active: true, since: '2026-09-30' }, { active: false, since: '2026-01-01' }, { active: true, since: '2026-10-01' }],
      lines: [{ active: true, since: null }, { active: false, since: null }, { active: true, since: '2026-09-02' }, { active: true, since: '2026-10-02' }],
      kb: [kb(1, 'published', '2026-01-01T00:00:00.000Z')],
      memberUnitIds: new Set([1, 2]),
    },
    '2026-09-01',
    '2026-09-30',
  );
  it('counts orders received in the Shanghai period (letters aside) and 办不成事 among them', () => {
    expect(c).toEqual({ received: 3, seatsActive: 2, seatsAll: 3, linesActive: 2, linesAll: 3, linesMerged: 1, kbUnits: 1, memberUnits: 2, blocked: 2, blockedFinished: 1 });
  });
  it('turns the counts into KPIs with numerator and denominator', () => {
    const k = reachKpis(c);
    expect(k['hotline.received']).toEqual({ value: 1, numerator: 3, denominator: 3 });
    expect(k['hotline.expertSeats']).toEqual({ value: 2 / 3, numerator: 2, denominator: 3 });
    expect(k['hotline.lines']).toEqual({ value: 2 / 3, numerator: 2, denominator: 3 });
    expect(k['hotline.linesMerged']).toEqual({ value: 0.5, numerator: 1, denominator: 2 });
    expect(k['hotline.kbUnits']).toEqual({ value: 0.5, numerator: 1, denominator: 2 });
    expect(k['hotline.blockedMatters']).toEqual({ value: 2 / 3, numerator: 2, denominator: 3 });
    expect(k['hotline.blockedFinishedRate']).toEqual({ value: 0.5, numerator: 1, denominator: 2 });
  });
  it('has no value without a denominator', () => {
    const k = reachKpis({ received: 0, seatsActive: 0, seatsAll: 0, linesActive: 0, linesAll: 0, linesMerged: 0, kbUnits: 0, memberUnits: 0, blocked: 0, blockedFinished: 0 });
    expect(k['hotline.received'].value).toBeNull();
    expect(k['hotline.blockedFinishedRate']).toEqual({ value: null, numerator: 0, denominator: 0 });
  });
});
