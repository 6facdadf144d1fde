import { describe, expect, it } from 'vitest';
import { ratio } from '../../shared/kpi';
import { catalogKpis, itemCompression, type CatalogKpiItem } from './catalog.kpis';

const item = (applicationBased: boolean, onlineDepth: number, legalLimit: number, promisedLimit: number, limitUnit: 'workday' | 'natural' = 'workday'): CatalogKpiItem => ({
  applicationBased,
  onlineDepth,
  legalLimit,
  promisedLimit,
  limitUnit,
});

describe('catalog KPIs (hand-worked)', () => {
  // 5 依申请 items: depths 1, 2, 3, 4, 4; one 依职权 item (depth 4) that counts nowhere.
  // legal/promised: 20/5, 20/10, 0/0 (left out: legal 0), 10/10, 30/6 natural (left out: natural days)
  const items = [item(true, 1, 20, 5), item(true, 2, 20, 10), item(true, 3, 0, 0), item(true, 4, 10, 10), item(true, 4, 30, 6, 'natural'), item(false, 4, 20, 1)];
  const k = catalogKpis(items);
  it('网上可办率 = depth ≥ 2 over 依申请: 4/5', () => expect(k['catalog.onlineCapableRate']).toEqual({ value: 0.8, numerator: 4, denominator: 5 }));
  it('三级以上 = depth ≥ 3: 3/5', () => expect(k['catalog.level3PlusRate']).toEqual({ value: 0.6, numerator: 3, denominator: 5 }));
  it('全程网办率 = depth 4: 2/5', () => expect(k['catalog.fullOnlineRate']).toEqual({ value: 0.4, numerator: 2, denominator: 5 }));
  it('承诺压缩率 = Σ(legal − promised)/Σ legal over working-day items with legal > 0: (15 + 10 + 0)/(20 + 20 + 10) = 0.5', () =>
    expect(k['catalog.promiseCompressionRate']).toEqual({ value: 0.5, numerator: 25, denominator: 50 }));
  it('is null, not 0, without items', () => {
    for (const v of Object.values(catalogKpis([]))) expect(v).toEqual({ value: null, numerator: 0, denominator: 0 });
  });
  it('ratio keeps numerator and denominator', () => expect(ratio(1, 3)).toEqual({ value: 1 / 3, numerator: 1, denominator: 3 }));
});

describe('catalog KPIs by type, level and list (hand-worked)', () => {
  const base = { applicationBased: true, onlineDepth: 3, legalLimit: 20, promisedLimit: 10, limitUnit: 'workday' as const };
  // 县: 行政许可 20→10, 20→2 (就近办 no); 公共服务 10→10; 乡镇: 公共服务 depth 4 20→5, 就近办; 村: 依职权 行政确认, 就近办, 跨省
  const items: CatalogKpiItem[] = [
    { ...base, type: '01', level: 4 },
    { ...base, type: '01', level: 4, promisedLimit: 2, crossProvinceModes: ['full_online'] },
    { ...base, type: '20', level: 4, legalLimit: 10, promisedLimit: 10, onlineDepth: 2 },
    { ...base, type: '20', level: 5, promisedLimit: 5, onlineDepth: 4, nearby: true },
    { ...base, type: '07', level: 6, applicationBased: false, nearby: true, crossProvinceModes: ['proxy'] },
  ];
  const k = catalogKpis(items);
  it('三级 alone = depth exactly 3 over 依申请: 2/4 (not the depth-4 item)', () => expect(k['catalog.level3Rate']).toEqual({ value: 0.5, numerator: 2, denominator: 4 }));
  it('三级以上 still counts depth 4: 3/4', () => expect(k['catalog.level3PlusRate']).toEqual({ value: 0.75, numerator: 3, denominator: 4 }));
  it('行政许可 compression: (10 + 18)/(20 + 20)', () => expect(k['catalog.promiseCompressionRate.license']).toEqual({ value: 28 / 40, numerator: 28, denominator: 40 }));
  it('公共服务 compression: (0 + 15)/(10 + 20)', () => expect(k['catalog.promiseCompressionRate.publicService']).toEqual({ value: 0.5, numerator: 15, denominator: 30 }));
  it('三化 counts per level over every item in force', () => {
    expect(k['catalog.countyItems']).toEqual({ value: 3 / 5, numerator: 3, denominator: 5 });
    expect(k['catalog.townshipItems']).toEqual({ value: 1 / 5, numerator: 1, denominator: 5 });
    expect(k['catalog.villageItems']).toEqual({ value: 1 / 5, numerator: 1, denominator: 5 });
  });
  it('就近办 and 跨省通办 lists', () => {
    expect(k['catalog.nearbyItems'].numerator).toBe(2);
    expect(k['catalog.crossProvinceItems'].numerator).toBe(2);
  });
  it.each([
    [{ ...base }, 0.5],
    [{ ...base, promisedLimit: 25 }, 0],
    [{ ...base, limitUnit: 'natural' as const }, null],
    [{ ...base, legalLimit: 0 }, null],
    [{ ...base, applicationBased: false }, null],
  ])('one item’s compression %#', (i, want) => expect(itemCompression(i)).toBe(want));
});
