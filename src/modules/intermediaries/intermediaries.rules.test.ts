import { describe, expect, it } from 'vitest';
import {
  criteriaProblem,
  disqualification,
  draw,
  levelSatisfies,
  lowestBid,
  PROJECT_ACTIONS,
  PROJECT_STATUSES,
  PROJECT_TRANSITIONS,
  projectCheck,
  sha256,
  weightedScore,
} from './intermediaries.rules';

describe('project transitions', () => {
  const cases = PROJECT_ACTIONS.flatMap((a) => PROJECT_STATUSES.map((s) => [a, s, (PROJECT_TRANSITIONS[a] as readonly string[]).includes(s)] as const));
  it.each(cases)('%s in %s allowed=%s', (action, status, allowed) => {
    const r = projectCheck(action, status);
    if (allowed) expect(r).toBeNull();
    else expect(r).toMatch(/^项目状态为“.+”，不能/);
  });
  it('lets nothing happen to a cancelled project', () => {
    expect(PROJECT_ACTIONS.filter((a) => projectCheck(a, 'cancelled') === null)).toEqual([]);
  });
});

describe('qualification', () => {
  it.each([
    ['甲级', '乙级', true],
    ['乙级', '乙级', true],
    ['丙级', '乙级', false],
    ['丙级', null, true],
    ['乙级', '不分级', true],
  ] as const)('%s satisfies %s: %s', (held, req, ok) => expect(levelSatisfies(held, req)).toBe(ok));

  const agency = { status: 'listed', serviceIds: [1], qualifications: [{ name: '测绘资质', level: '乙级', expiresOn: '2026-12-31' }] };
  const req = { serviceId: 1, qualification: '测绘资质', level: '乙级' };
  it.each([
    ['qualifies', agency, req, '2026-11-02', null],
    ['not listed', { ...agency, status: 'suspended' }, req, '2026-11-02', '中介机构未入驻或已暂停、下架'],
    ['other service', agency, { ...req, serviceId: 2 }, '2026-11-02', '中介机构的服务类型不含本项目所需服务'],
    ['expired', agency, req, '2027-01-01', '中介机构没有有效期内的资质'],
    ['level too low', agency, { ...req, level: '甲级' }, '2026-11-02', '中介机构不具备有效的“测绘资质（甲级及以上）”资质'],
  ] as const)('%s', (_n, a, r, today, why) => expect(disqualification(a, r, today)).toBe(why));
});

describe('random draw', () => {
  it('is reproducible from the seed and independent of the candidates order', () => {
    const a = draw('00ff', [7, 3, 5]);
    const b = draw('00ff', [5, 7, 3]);
    expect(a).toEqual(b);
    expect(a.candidates).toEqual([3, 5, 7]);
    expect(a.seedHash).toBe(sha256('00ff'));
    expect(a.digest).toBe(sha256('00ff:3,5,7'));
    expect(a.picked).toBe(a.candidates[parseInt(a.digest.slice(0, 13), 16) % 3]);
  });
  it('spreads picks over the candidates across seeds', () => {
    const picks = new Map<number, number>();
    for (let i = 0; i < 3000; i++) {
      const p = draw(`seed-${i}`, [1, 2, 3]).picked;
      picks.set(p, (picks.get(p) ?? 0) + 1);
    }
    for (const id of [1, 2, 3]) expect(picks.get(id)!).toBeGreaterThan(850);
  });
  it('refuses an empty list', () => expect(() => draw('x', [])).toThrow(RangeError));
});

describe('bids and scores', () => {
  it('takes the lowest price, then the earlier bid', () => {
    expect(lowestBid([{ agencyId: 1, cents: 500, at: '2026-11-02T02:00:00Z' }, { agencyId: 2, cents: 400, at: '2026-11-02T03:00:00Z' }])?.agencyId).toBe(2);
    expect(lowestBid([{ agencyId: 1, cents: 400, at: '2026-11-02T04:00:00Z' }, { agencyId: 2, cents: 400, at: '2026-11-02T03:00:00Z' }])?.agencyId).toBe(2);
    expect(lowestBid([])).toBeNull();
  });
  it.each([
    [[], '择优选取须公布评分标准'],
    [[{ name: 'a', weight: 50 }, { name: 'a', weight: 50 }], '评分标准的名称不能重复'],
    [[{ name: 'a', weight: 50 }, { name: 'b', weight: 40 }], '评分标准的权重合计应为 100，现为 90'],
    [[{ name: 'a', weight: 60 }, { name: 'b', weight: 40 }], null],
  ])('criteria %j → %s', (c, why) => expect(criteriaProblem(c)).toBe(why));
  it('weights the scores', () => {
    expect(weightedScore([{ name: '业绩', weight: 40 }, { name: '方案', weight: 40 }, { name: '人员', weight: 20 }], { 业绩: 90, 方案: 85, 人员: 60 })).toBe(82);
  });
});
