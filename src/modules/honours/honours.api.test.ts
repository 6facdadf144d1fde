import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, dialects, type TestApp, type AnyTestApp } from '../../../test/harness';
import { auditTrailOf } from '../../kernel/audit/audit';
import { meetingProblem, parseQuarter, previousQuarter, quarterOf, rankCandidates, reasonsFrom, DEFAULT_HONOURS_CONFIG, type CandidateFigures } from './honours.rules';

const NOW = '2026-09-30T09:00:00+08:00';

async function count(t: AnyTestApp) {
  const r = await t.opened.db.selectFrom('honours_awards').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

describe('honours rules', () => {
  it('parses quarters and their days', () => {
    expect(parseQuarter('2026Q1')).toMatchObject({ from: '2026-01-01', to: '2026-03-31', months: ['2026-01', '2026-02', '2026-03'] });
    expect(parseQuarter('2024Q4')?.to).toBe('2024-12-31');
    expect(parseQuarter('2026Q5')).toBeNull();
    expect(parseQuarter('2026-Q1')).toBeNull();
    expect(quarterOf('2026-08-15')).toBe('2026Q3');
    expect(previousQuarter('2026Q1')).toBe('2025Q4');
  });
  it('accepts a 讲评会 within the quarter or its grace days, not after, not in the future', () => {
    const q = parseQuarter('2026Q2')!;
    expect(meetingProblem(q, '2026-07-03', '2026-09-30', 31)).toBeNull();
    expect(meetingProblem(q, '2026-03-31', '2026-09-30', 31)).toContain('之间');
    expect(meetingProblem(q, '2026-08-05', '2026-09-30', 31)).toContain('之间');
    expect(meetingProblem(q, '2026-10-05', '2026-09-30', 31)).toContain('晚于今天');
  });
  it('ranks by good rate, on-time rate and volume; bad reviews or cards above their share, a low good rate or too few ratings disqualify', () => {
    const f = (key: string, o: Partial<CandidateFigures>): CandidateFigures => ({ key, name: key, departmentId: null, active: 20, good: 20, validBad: 0, cards: 0, completed: null, onTime: null, tickets: null, ...o });
    const r = rankCandidates(
      [f('A', { good: 19, validBad: 1 }), f('B', {}), f('C', { validBad: 2 }), f('D', { cards: 2 }), f('E', { active: 2, good: 2 }), f('F', { completed: 10, onTime: 7 }), f('G', { good: 17 })],
      DEFAULT_HONOURS_CONFIG,
      1,
    );
    const by = Object.fromEntries(r.map((x) => [x.key, x]));
    expect(r[0].key).toBe('B');
    expect(by.B.proposed).toBe(true);
    expect(by.A).toMatchObject({ eligible: true, proposed: false });
    expect(by.C.ineligibleReason).toContain('有效差评');
    expect(by.D.ineligibleReason).toContain('督办牌');
    expect(by.E.ineligibleReason).toContain('评价不足');
    expect(by.F.ineligibleReason).toContain('按时办结率');
    expect(by.G.ineligibleReason).toContain('好评率');
  });
  it('a window short of ratings stands on its 叫号 record: enough tickets served and short waits; a long wait disqualifies any window', () => {
    const f = (key: string, o: Partial<CandidateFigures>): CandidateFigures => ({ key, name: key, departmentId: null, active: 0, good: 0, validBad: 0, cards: 0, completed: null, onTime: null, tickets: 300, averageWaitMinutes: 8, ...o });
    const r = rankCandidates([f('A02', {}), f('A03', { averageWaitMinutes: 3 }), f('A04', { tickets: 40 }), f('A05', { averageWaitMinutes: 25 }), f('A01', { active: 20, good: 20, averageWaitMinutes: 26 }), f('A06', { tickets: null, averageWaitMinutes: null })], DEFAULT_HONOURS_CONFIG, 7);
    const by = Object.fromEntries(r.map((x) => [x.key, x]));
    expect(by.A02).toMatchObject({ eligible: true, proposed: true });
    expect(by.A03.score).toBeGreaterThan(by.A02.score);
    expect(by.A04.ineligibleReason).toContain('评价不足');
    expect(by.A05.ineligibleReason).toBe('平均等候 25 分钟，超过 20 分钟');
    expect(by.A01.ineligibleReason).toContain('平均等候 26 分钟');
    expect(by.A06.ineligibleReason).toContain('评价不足');
    expect(reasonsFrom(by.A02)).toBe('服务群众 300 人次，平均等候 8 分钟，无有效差评、无督办牌');
  });
});

describe.each(dialects)('honours on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ dialect, now: NOW, seed: ['org', 'catalog', 'cases', 'evaluations', 'hall'] });
  }, 300_000);
  afterAll(async () => t?.close());

  const decide = (payload: Record<string, unknown>, as = 'leader') => t.request({ method: 'POST', url: '/api/v1/honours/decisions', as, payload });

  it('computes candidates from the quarter’s ratings, on-time rates and cards, decides one with reasons, audited and in 公示', async () => {
    const r = await t.request({ method: 'GET', url: '/api/v1/honours/candidates?quarter=2026Q3', as: 'leader' });
    expect(r.statusCode).toBe(200);
    const { candidates } = r.json();
    const staff = candidates.service_star as Array<{ key: string; name: string; active: number; eligible: boolean; onTimeRate: number | null }>;
    expect(staff.length).toBeGreaterThan(0);
    // Figures equal the sum of the evaluations' monthly rankings.
    const months = await Promise.all(['2026-07', '2026-08', '2026-09'].map((m) => t.ctx.services.evaluations.rankings.compute(m)));
    const s0 = staff[0];
    expect(s0.active).toBe(months.flatMap((m) => m.staff).filter((x) => x.key === s0.key).reduce((s, x) => s + x.active, 0));
    expect(s0.onTimeRate).not.toBeNull();
    // Windows carry the tickets they served (the hall's figures), not “—”.
    const served = new Map((await t.ctx.services.hallFigures.windowFigures('2026-07-01', '2026-09-30')).map((x) => [x.windowNo, x.served]));
    const windows = candidates.red_flag_window as Array<{ key: string; tickets: number | null }>;
    expect(windows.map((w) => w.key).sort()).toEqual(expect.arrayContaining([...served.keys()]));
    for (const w of windows) expect(w.tickets, w.key).toBe(served.get(w.key) ?? null);
    const pick = [...candidates.red_flag_window, ...candidates.service_star, ...candidates.party_pioneer].find((c: { eligible: boolean }) => c.eligible);
    expect(pick).toBeDefined();
    const kind = candidates.red_flag_window.includes(pick) ? 'red_flag_window' : candidates.service_star.includes(pick) ? 'service_star' : 'party_pioneer';
    const ok = await decide({ quarter: '2026Q3', meetingOn: '2026-09-30', committee: '局长、分管副局长', awards: [{ kind, subjectKey: pick.key, reasons: '好评率高，无差评' }] });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().items[0]).toMatchObject({ quarter: '2026Q3', kind, subjectName: pick.name, inPublicity: true, publicityUntil: '2026-10-13' });
    expect((await auditTrailOf(t.opened.db, 'honours_quarter', '2026Q3')).map((a) => a.action)).toEqual(['honours.decide']);
    const pub = (await t.request({ method: 'GET', url: '/api/v1/honours/public' })).json();
    expect(pub.inPublicity.map((a: { subjectName: string }) => a.subjectName)).toContain(pick.name);
    const again = await decide({ quarter: '2026Q3', meetingOn: '2026-09-30', committee: '局长', awards: [{ kind, subjectKey: pick.key, reasons: '再次' }] });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('HONOUR_EXISTS');
    const hist = (await t.request({ method: 'GET', url: `/api/v1/honours?subjectKey=${encodeURIComponent(pick.key)}`, as: 'supervisor' })).json();
    expect(hist.total).toBe(1);
    const year = (await t.request({ method: 'GET', url: '/api/v1/honours/years/2026', as: 'leader' })).json();
    expect(Object.values(year.counts).reduce((a: number, b) => a + Number(b), 0)).toBe(1);
    const k = await t.ctx.services.honours.kpis({ from: '2026-01-01', to: '2026-09-30' }, null);
    expect(k['hall.honours.redFlagWindows'].numerator + k['hall.honours.serviceStars'].numerator + k['hall.honours.partyPioneers'].numerator).toBe(1);
  });

  it('refuses a honour outside its quarter, a future quarter, a non-candidate, an ineligible one and missing reasons, writing nothing', async () => {
    const before = await count(t);
    const { candidates } = (await t.request({ method: 'GET', url: '/api/v1/honours/candidates?quarter=2026Q3', as: 'leader' })).json();
    const any = candidates.service_star[0];
    const outside = await decide({ quarter: '2026Q3', meetingOn: '2026-06-30', committee: '局长', awards: [{ kind: 'service_star', subjectKey: any.key, reasons: '好' }] });
    expect(outside.statusCode).toBe(422);
    expect(outside.json().error).toMatchObject({ code: 'HONOUR_OUTSIDE_QUARTER', details: { field: 'meetingOn' } });
    expect((await decide({ quarter: '2026Q4', meetingOn: '2026-09-30', committee: '局长', awards: [] })).json().error.code).toBe('QUARTER_NOT_STARTED');
    expect((await decide({ quarter: '2026Q9', meetingOn: '2026-09-30', committee: '局长', awards: [] })).json().error.code).toBe('INVALID_QUARTER');
    expect((await decide({ quarter: '2026Q3', meetingOn: '2026-09-30', committee: '局长', awards: [{ kind: 'service_star', subjectKey: 'nobody', reasons: '好' }] })).json().error.code).toBe('HONOUR_NOT_CANDIDATE');
    const bad = [...candidates.service_star, ...candidates.red_flag_window, ...candidates.party_pioneer].find((c: { eligible: boolean }) => !c.eligible);
    if (bad) {
      const kind = candidates.service_star.includes(bad) ? 'service_star' : candidates.red_flag_window.includes(bad) ? 'red_flag_window' : 'party_pioneer';
      const r = await decide({ quarter: '2026Q3', meetingOn: '2026-09-30', committee: '局长', awards: [{ kind, subjectKey: bad.key, reasons: '好' }] });
      expect(r.json().error.code).toBe('HONOUR_NOT_ELIGIBLE');
    }
    const eligible = candidates.service_star.find((c: { eligible: boolean }) => c.eligible) ?? any;
    const noReason = await decide({ quarter: '2026Q3', meetingOn: '2026-09-30', committee: '局长', awards: [{ kind: 'service_star', subjectKey: eligible.key, reasons: ' ' }] });
    expect(noReason.statusCode).toBe(422);
    expect((await decide({ quarter: '2026Q3', meetingOn: '2026-09-30', committee: '局长', awards: [] }, 'supervisor')).statusCode).toBe(403);
    expect(await count(t)).toBe(before);
  });

  it('writes the 讲评会 report .docx for the quarter from the records', async () => {
    const r = await t.request({ method: 'GET', url: '/api/v1/honours/report.docx?quarter=2026Q3', as: 'leader' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('wordprocessingml');
    const { default: JSZip } = await import('jszip');
    const xml = await (await JSZip.loadAsync(r.rawPayload)).file('word/document.xml')!.async('string');
    const text = xml.replace(/<[^>]+>/g, '');
    expect(text).toContain('2026年第3季度政务服务大厅讲评会情况报告');
    expect(text).toContain('窗口情况');
    // The hall's figures (hallFigures): the quarter's tickets in the summary and each window's row.
    const hall = await t.ctx.services.hallFigures.windowFigures('2026-07-01', '2026-09-30');
    const tickets = hall.reduce((s, x) => s + x.tickets, 0);
    expect(tickets).toBeGreaterThan(1000);
    expect(text).not.toContain('叫号数据尚未接入');
    expect(text).toContain(`取号 ${tickets.toLocaleString('zh-CN')} 人次`);
    const a01 = hall.find((x) => x.windowNo === 'A01')!;
    expect(text).toContain(`A01 窗口${a01.tickets.toLocaleString('zh-CN')}${a01.averageWaitMinutes}${a01.averageServiceMinutes}`);
    const c = await t.ctx.services.honours.candidates('2026Q3');
    const dept = [...c.candidates.party_pioneer].sort((a, b) => (b.completed ?? 0) - (a.completed ?? 0))[0];
    if (dept) expect(text).toContain(dept.name);
  });
});

describe.each(dialects)('honours demo on %s', (dialect) => {
  it('decides the last four quarters through the command: exactly the candidates each quarter proposes', async () => {
    const t = await buildTestApp({ dialect, now: NOW, seed: ['org', 'catalog', 'cases', 'evaluations', 'hall', 'honours'] });
    try {
      const h = t.ctx.services.honours;
      const decided = new Set((await h.quarters()).map((q) => q.quarter));
      for (const quarter of ['2025Q3', '2025Q4', '2026Q1', '2026Q2']) {
        const { candidates } = await h.candidates(quarter);
        const proposed = Object.entries(candidates).flatMap(([kind, list]) => list.filter((c) => c.proposed).map((c) => `${kind}|${c.key}`)).sort();
        const awards = (await h.awards({ quarter })).map((a) => `${a.kind}|${a.subjectKey}`).sort();
        expect(awards, quarter).toEqual(proposed);
        expect(decided.has(quarter)).toBe(proposed.length > 0);
      }
      // With the hall's year of tickets (from 2025-09-30) every quarter it covers has its 红旗窗口; the year's
      // counts come from the decisions.
      for (const quarter of ['2025Q4', '2026Q1', '2026Q2']) expect((await h.awards({ quarter, kind: 'red_flag_window' })).length, quarter).toBeGreaterThan(0);
      const year = await h.yearCounts(2026);
      expect(year.red_flag_window).toBe((await h.awards({ year: 2026, kind: 'red_flag_window' })).length);
      expect(year.red_flag_window).toBeGreaterThan(0);
      // The demo clerk's tickets served at A01 carry 服务明星 and their department's 先锋岗 where ratings are missing.
      expect(year.service_star).toBeGreaterThan(0);
      expect(year.party_pioneer).toBeGreaterThan(0);
      // The current quarter is not over: the seed leaves it to the 讲评会.
      expect(await h.awards({ quarter: '2026Q3' })).toEqual([]);
    } finally {
      await t.close();
    }
  }, 300_000);
});
