import { describe, expect, it } from 'vitest';
import { normalizeCaseNo } from './case-no';

describe('normalizeCaseNo', () => {
  it.each([
    ['430582-20260930-000001', '430582-20260930-000001'],
    ['43058220260930000001', '430582-20260930-000001'],
    [' 430582 20260930 000001 ', '430582-20260930-000001'],
    ['４３０５８２－２０２６０９３０－０００００１', '430582-20260930-000001'],
    ['430582yjs202609300001', '430582-YJS-20260930-0001'],
    ['430582-yjs-20260930-0001', '430582-YJS-20260930-0001'],
    ['4305822026', '4305822026'], // not a case number: left as typed (the lookup answers 404)
  ])('%s → %s', (input, expected) => expect(normalizeCaseNo(input)).toBe(expected));
});
