import { describe, expect, it } from 'vitest';
import { endOfShanghaiDay, isRealDate, resolvePeriod } from './period';

describe('resolvePeriod', () => {
  const today = '2026-09-30';
  it.each([
    ['defaults to the year so far', {}, { period: { from: '2026-01-01', to: '2026-09-30' } }],
    ['defaults from to 1 January of to’s year', { to: '2025-03-01' }, { period: { from: '2025-01-01', to: '2025-03-01' } }],
    ['accepts one day', { from: '2024-02-29', to: '2024-02-29' }, { period: { from: '2024-02-29', to: '2024-02-29' } }],
    ['accepts exactly five years to the same day', { from: '2020-01-01', to: '2025-01-01' }, { period: { from: '2020-01-01', to: '2025-01-01' } }],
  ])('%s', (_name, input, expected) => expect(resolvePeriod(input, today)).toEqual(expected));

  it.each([
    ['an impossible from', { from: '2026-02-30' }, 'from'],
    ['an impossible to', { to: '2026-13-01' }, 'to'],
    ['a malformed date', { from: '2026-1-1' }, 'from'],
    ['from after to', { from: '2026-05-02', to: '2026-05-01' }, 'from'],
    ['one day over five years', { from: '2020-01-01', to: '2025-01-02' }, 'to'],
    ['seven years', { from: '2019-01-01', to: '2026-01-01' }, 'to'],
  ])('refuses %s, naming the parameter', (_name, input, field) => expect(resolvePeriod(input, today)).toMatchObject({ field }));
});

describe('dates', () => {
  it('knows real dates', () => {
    expect(isRealDate('2024-02-29')).toBe(true);
    expect(isRealDate('2025-02-29')).toBe(false);
  });
  it('ends a Shanghai day at 15:59:59.999 UTC', () => expect(endOfShanghaiDay('2026-09-30')).toBe('2026-09-30T15:59:59.999Z'));
});
