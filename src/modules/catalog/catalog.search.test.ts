import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, dialects, type TestApp } from '../../../test/harness';

/** Query → an item name (substring) that must be among the first N results of the public search. */
const QUALITY: Array<[string, string, number]> = [
  ['营业执照', '个体工商户设立登记（营业执照办理）', 1],
  ['营业执照', '营业执照遗失补领', 3],
  ['执照', '营业执照遗失补领', 3],
  ['开饭店', '食品经营许可（餐饮服务）新办', 1],
  ['开饭店', '公共场所卫生许可（新办）', 5],
  ['社保卡', '社会保障卡补换卡', 2],
  ['社保卡', '社会保障卡申领', 2],
  ['医保转移', '基本医疗保险关系转移接续', 1],
  ['不动产', '不动产转移登记（二手房买卖）', 3],
  ['房产证', '不动产', 3],
  ['建筑施工许可', '建筑工程施工许可证核发', 1],
  ['出生', '出生登记', 2],
  ['出生', '出生医学证明首次签发', 2],
  ['退休', '企业职工基本养老保险退休待遇申领', 1],
  ['身份证', '居民身份证换领', 3],
  ['身份证丢了', '居民身份证补领', 1],
  ['低保', '最低生活保障', 3],
  ['结婚', '内地居民结婚登记', 1],
  ['异地就医', '跨省异地就医登记备案', 1],
  ['公积金', '住房公积金提取', 2],
];

/** Query → an item name (substring) that must NOT be among the first N results: a synonym's stray part. */
const MUST_NOT: Array<[string, string, number]> = [
  ['营业执照', '广播电台', 10],
  ['营业执照', '设立宗教活动临时地点审批', 10],
  ['开店', '广播电台', 10],
];

describe.each(dialects)('catalogue search and demo data on %s', (dialect) => {
  let t: TestApp;
  let seedMs = 0;
  beforeAll(async () => {
    t = await buildTestApp({ dialect, seed: ['org'] });
    const started = Date.now();
    await t.modules.find((m) => m.name === 'catalog')!.seed!(t.ctx, { kind: 'demo' });
    seedMs = Date.now() - started;
  });
  afterAll(async () => t?.close());

  it.each(QUALITY)('“%s” finds %s in the top %i', async (q, expected, n) => {
    const res = await t.request({ method: 'GET', url: `/api/v1/items?q=${encodeURIComponent(q)}&pageSize=${n}` });
    expect(res.statusCode).toBe(200);
    const names = res.json().items.map((i: { name: string }) => i.name);
    expect(names.some((name: string) => name.includes(expected)), `${q} → ${names.join(' | ')}`).toBe(true);
  });

  it.each(MUST_NOT)('“%s” does not put %s in the top %i', async (q, unwanted, n) => {
    const res = await t.request({ method: 'GET', url: `/api/v1/items?q=${encodeURIComponent(q)}&pageSize=${n}` });
    const names = res.json().items.map((i: { name: string }) => i.name);
    expect(names.length, q).toBeGreaterThan(0);
    expect(names.filter((name: string) => name.includes(unwanted)), `${q} → ${names.join(' | ')}`).toEqual([]);
  });

  it('seeds several hundred published items over the three levels, quickly', async () => {
    const rows = await t.opened.db.selectFrom('catalog_versions').select(['level', 'status', 'nearby', 'cross_province', 'code', 'department_id']).execute();
    const published = rows.filter((r) => r.status === 'published');
    expect(published.length).toBeGreaterThanOrEqual(300);
    expect(published.filter((r) => Number(r.level) === 4).length).toBeGreaterThanOrEqual(100);
    expect(published.filter((r) => Number(r.level) === 5).length).toBeGreaterThanOrEqual(10);
    const villages = published.filter((r) => Number(r.level) === 6);
    expect(villages.length).toBeGreaterThanOrEqual(20);
    expect(villages.every((r) => Number(r.nearby) === 1)).toBe(true);
    expect(published.filter((r) => r.cross_province !== ',').length).toBeGreaterThanOrEqual(5);
    expect(published.every((r) => (r.code as string).length === 31)).toBe(true);
    const org = t.ctx.services.org;
    for (const r of published.filter((x) => Number(x.level) === 5)) expect((await org.byId(Number(r.department_id)))!.kind).toBe('township');
    expect(rows.filter((r) => r.status === 'draft').length).toBeGreaterThanOrEqual(2);
    // < 2 s alone on the 2-core machine; the margin absorbs parallel test files competing for the CPU
    if (dialect === 'sqlite') expect(seedMs).toBeLessThan(4000);
    console.log(`catalog seed on ${dialect}: ${seedMs} ms`);
  });

  it('filters by department, level, type, theme, 就近办, 跨省通办 and depth, and pages', async () => {
    const org = t.ctx.services.org;
    const police = (await org.byCode('430582-002'))!.id;
    const get = async (qs: string) => (await t.request({ method: 'GET', url: `/api/v1/items?${qs}` })).json();
    const byDept = await get(`department=${police}&pageSize=100`);
    expect(byDept.total).toBeGreaterThan(5);
    expect(byDept.items.every((i: { departmentId: number }) => i.departmentId === police)).toBe(true);
    expect((await get('level=6&pageSize=100')).items.every((i: { level: number; nearby: boolean }) => i.level === 6 && i.nearby)).toBe(true);
    expect((await get('type=01&pageSize=100')).items.every((i: { type: string }) => i.type === '01')).toBe(true);
    expect((await get('nearby=true&pageSize=100')).items.every((i: { nearby: boolean }) => i.nearby)).toBe(true);
    const cp = await get('crossProvince=true&pageSize=100');
    expect(cp.total).toBeGreaterThan(0);
    expect(cp.items.every((i: { crossProvinceModes: string[] }) => i.crossProvinceModes.length > 0)).toBe(true);
    expect((await get('crossProvince=proxy')).items.map((i: { name: string }) => i.name)).toContain('居民身份证跨省异地办理');
    expect((await get('onlineDepth=4&pageSize=100')).items.every((i: { onlineDepth: number }) => i.onlineDepth === 4)).toBe(true);
    const births = await get(`theme=${encodeURIComponent('生育收养')}&pageSize=100`);
    expect(births.items.map((i: { name: string }) => i.name)).toContain('出生登记');
    const p1 = await get('pageSize=10&page=1');
    const p2 = await get('pageSize=10&page=2');
    expect(p1.total).toBe(p2.total);
    expect(p1.items.map((i: { code: string }) => i.code)).not.toEqual(p2.items.map((i: { code: string }) => i.code));
    expect((await get(`q=${encodeURIComponent('营业执照')}&department=${police}`)).items.every((i: { departmentId: number }) => i.departmentId === police)).toBe(true);
  });

  it('shows a citizen the whole guide', async () => {
    const list = await t.request({ method: 'GET', url: `/api/v1/items?q=${encodeURIComponent('营业执照')}&pageSize=1` });
    const guide = await t.request({ method: 'GET', url: `/api/v1/items/${list.json().items[0].code}` });
    expect(guide.statusCode).toBe(200);
    const g = guide.json();
    expect(g.materials.length).toBeGreaterThan(0);
    expect(g.locations[0]).toMatchObject({ name: expect.stringContaining('政务服务中心'), hours: expect.stringContaining('9:00') });
    expect(g.legalBasis).toContain('市场主体登记管理条例');
    expect(g.faqs.length).toBeGreaterThan(0);
  });

  it('computes the catalogue KPIs from the published items', async () => {
    const res = await t.request({ method: 'GET', url: '/api/v1/stats/summary?from=2026-01-01&to=2026-09-30', as: 'leader' });
    expect(res.statusCode).toBe(200);
    const k = res.json().kpis;
    for (const name of ['catalog.onlineCapableRate', 'catalog.level3PlusRate', 'catalog.fullOnlineRate', 'catalog.promiseCompressionRate']) {
      expect(k[name].denominator).toBeGreaterThan(0);
      expect(k[name].value).toBeCloseTo(k[name].numerator / k[name].denominator, 10);
    }
    expect(k['catalog.level3PlusRate'].numerator).toBeLessThanOrEqual(k['catalog.onlineCapableRate'].numerator);
    // before the demo items were published, nothing was in force
    const early = await t.request({ method: 'GET', url: '/api/v1/stats/summary?from=2024-01-01&to=2024-12-31', as: 'leader' });
    expect(early.json().kpis['catalog.fullOnlineRate']).toEqual({ value: null, numerator: 0, denominator: 0 });
  });
});
