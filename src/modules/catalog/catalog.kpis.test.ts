import { describe, expect, it } from 'vitest';
import { ratio } from '../../shared/kpi';
import { catalogKpis, type CatalogKpiItem } from './catalog.kpis';

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
