import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, dialects, type TestApp } from '../../../test/harness';
import { deptId, insertCases, supervisionTestModules } from './supervision.test-support';

const NOW = '2026-09-30T09:00:00+08:00';

type Listed = { total: number; items: Array<{ subjectId: string; departmentId: number | null }> };

/**
 * A city installation: the police (430582-002) moved to county 430521, every other department stays in the
 * installation's county 430582. The card list of a county holds the cards of its departments only.
 */
describe.each(dialects)('supervision cards of one county on %s', (dialect) => {
  let t: TestApp<typeof supervisionTestModules>;
  let food: number;
  let police: number;
  beforeAll(async () => {
    t = await buildTestApp({ dialect, now: NOW, modules: supervisionTestModules });
    food = await deptId(t, '430582-001');
    police = await deptId(t, '430582-002');
    await t.ctx.db.updateTable('kernel_departments').set({ region_code: '430521' }).where('id', '=', police).execute();
    t.ctx.services.org.invalidate();
    await insertCases(t, [
      // 市场监管局 (430582): overdue (red) and intake late (yellow)
      { caseNo: 'F-OVER', status: 'accepted', submittedOn: '2026-09-10', acceptedOn: '2026-09-11', promisedDueDate: '2026-09-25' },
      { caseNo: 'F-INTAKE', status: 'submitted', submittedOn: '2026-09-18', intakeDueDate: '2026-09-25' },
      // 公安局 (430521): overdue (red) and due today (yellow)
      { caseNo: 'P-OVER', dept: '430582-002', status: 'accepted', submittedOn: '2026-09-10', acceptedOn: '2026-09-11', promisedDueDate: '2026-09-24' },
      { caseNo: 'P-TODAY', dept: '430582-002', status: 'accepted', submittedOn: '2026-09-20', acceptedOn: '2026-09-21', promisedDueDate: '2026-09-30' },
    ]);
    await t.ctx.services.supervision.sweep();
  }, 120_000);
  afterAll(async () => t?.close());

  const list = async (qs: string, as = 'leader'): Promise<Listed> => {
    const res = await t.request({ method: 'GET', url: `/api/v1/supervision/cards?pageSize=100&${qs}`, as });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const subjects = (l: Listed) => l.items.map((c) => c.subjectId).sort();

  it('lists a county’s cards only, and the counties together make the installation', async () => {
    const all = await list('');
    expect(subjects(all)).toEqual(['F-INTAKE', 'F-OVER', 'P-OVER', 'P-TODAY']);
    const moved = await list('region=430521');
    expect(subjects(moved)).toEqual(['P-OVER', 'P-TODAY']);
    expect(moved.items.every((c) => c.departmentId === police)).toBe(true);
    const home = await list('region=430582');
    expect(subjects(home)).toEqual(['F-INTAKE', 'F-OVER']);
    expect(moved.total + home.total).toBe(all.total);
  });

  it('combines the county with the other filters and with the reader’s own department', async () => {
    expect(subjects(await list('region=430521&color=red'))).toEqual(['P-OVER']);
    expect(subjects(await list('region=430521&status=open&from=2026-09-30&to=2026-09-30'))).toEqual(['P-OVER', 'P-TODAY']);
    // a department of another county: nothing, not an error
    expect((await list(`region=430521&department=${food}`)).total).toBe(0);
    expect(subjects(await list(`region=430582&department=${food}`))).toEqual(['F-INTAKE', 'F-OVER']);
    // 市场监管局's reviewer reads its own department's cards; in the police's county that is none
    expect(subjects(await list('region=430582', 'reviewer'))).toEqual(['F-INTAKE', 'F-OVER']);
    expect((await list('region=430521', 'reviewer')).total).toBe(0);
  });

  it('counts a county’s cards per department and month, and the counties add up to the installation', async () => {
    type Counts = { byDepartment: Array<{ departmentId: number | null; red: number; yellow: number; open: number }>; byMonth: Array<{ month: string; red: number; yellow: number }> };
    const counts = async (qs: string): Promise<Counts> => {
      const res = await t.request({ method: 'GET', url: `/api/v1/supervision/counts?from=2026-09-01&to=2026-09-30&${qs}`, as: 'leader' });
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    const all = await counts('');
    const moved = await counts('region=430521');
    const home = await counts('region=430582');
    expect(moved.byDepartment.map((d) => d.departmentId)).toEqual([police]);
    expect(moved.byDepartment[0]).toMatchObject({ red: 1, yellow: 1, open: 2 });
    expect(home.byDepartment.map((d) => d.departmentId)).toEqual([food]);
    const sum = (c: Counts) => c.byMonth.reduce((n, m) => n + m.red + m.yellow, 0);
    expect(sum(moved) + sum(home)).toBe(sum(all));
    expect(sum(all)).toBe(4);
    expect((await counts(`region=430521&department=${food}`)).byDepartment).toEqual([]);
    const bad = await t.request({ method: 'GET', url: '/api/v1/supervision/counts?region=110101', as: 'leader' });
    expect([bad.statusCode, bad.json().error.code, bad.json().error.details.field]).toEqual([422, 'REGION_NOT_FOUND', 'region']);
  });

  it.each([
    ['an unknown county', 'region=110101', 422, 'REGION_NOT_FOUND'],
    ['a malformed code', 'region=43052', 400, 'VALIDATION_ERROR'],
    ['a village code', 'region=430521001001', 400, 'VALIDATION_ERROR'],
  ])('refuses %s with the statistics routes’ code (stats.region.api.test.ts)', async (_what, qs, status, code) => {
    const res = await t.request({ method: 'GET', url: `/api/v1/supervision/cards?${qs}`, as: 'leader' });
    expect([res.statusCode, res.json().error.code]).toEqual([status, code]);
    if (status === 422) expect(res.json().error.details.field).toBe('region');
  });
});
