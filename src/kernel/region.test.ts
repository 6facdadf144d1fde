import { afterEach, describe, expect, it } from 'vitest';
import { countyOf, installationRegion, regionOrDefault, setInstallationRegion } from './region';

describe('regions of writes', () => {
  afterEach(() => setInstallationRegion('430582'));

  it.each([
    ['430582', '430582'],
    ['430582101', '430582'],
    ['430582101000', '430582'],
    ['43058', null],
    ['4305821010', null],
    ['43058a', null],
    ['', null],
    [null, null],
  ])('the county of %s is %s', (code, county) => {
    expect(countyOf(code)).toBe(county);
  });

  it('writes without a region belong to the installation’s county', () => {
    setInstallationRegion('430581001000');
    expect(installationRegion()).toBe('430581');
    expect(regionOrDefault(null)).toBe('430581');
    expect(regionOrDefault('430582101000')).toBe('430582');
    expect(() => setInstallationRegion('4305')).toThrow(/not a region code/);
  });
});
