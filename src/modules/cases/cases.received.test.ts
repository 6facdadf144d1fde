import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, dialects, type TestApp } from '../../../test/harness';
import { markDaysChanged, rollupState } from '../../kernel/rollup/daily-rollup';
import { monthRowsAndDaySums, rolledGrains } from '../../kernel/rollup/daily-rollup.test-support';
import { tablesOf } from '../../kernel/kernel.tables';
import type { DepartmentScope } from '../../kernel/db/department-scope';
import { at } from './cases.test-support';
import { casesReceivedDaily, receivedCounts, receivedCountsLive, receivedDaysTouched } from './cases.received';
import type { CasesTables } from './cases.tables';

describe('receivedDaysTouched', () => {
  const row = { submitted_on: '2026-03-02', department_id: 1, green_channel: null, partner_region_code: null };
  it.each([
    ['nothing counted changes', {}, []],
    ['a status-only change', { status: 'completed' }, []],
    ['the department', { department_id: 2 }, ['2026-03-02']],
    ['the green channel', { green_channel: 'elderly' }, ['2026-03-02']],
    ['the partner county', { partner_region_code: '110101' }, ['2026-03-02']],
    ['the day', { submitted_on: '2026-03-05' }, ['2026-03-02', '2026-03-05']],
  ] as const)('%s', (_, change, days) => {
    expect(receivedDaysTouched(row, { ...row, ...change })).toEqual(days);
  });
});

// The received counts must equal the live count at every moment: before any run, after a run, after a
// change of a case received on a rolled day, and after the next run.
describe.each(dialects)('received cases from the daily roll-up on %s', (dialect) => {
  let t: TestApp;
  let departments: number[] = [];
  beforeAll(async () => {
    t = await buildTestApp({ dialect, now: at('2026-09-30'), seed: ['org', 'catalog', 'cases'] });
    departments = [...new Set((await t.opened.db.selectFrom('cases_cases').select('department_id').execute()).map((r) => Number(r.department_id)))].sort((a, b) => a - b);
  }, 300_000);
  afterAll(async () => t?.close());

  const db = () => tablesOf<CasesTables>(t.opened.db);
  const scopes = (): DepartmentScope[] => [null, departments[0]!, departments, [departments[0]!, 99_999], 99_999, []];
  const periods: [string, string][] = [
    ['2026-01-01', '2026-12-31'],
    ['2026-09-01', '2026-09-30'],
    ['2026-09-20', '2026-10-31'],
  ];
  const expectExact = async () => {
    for (const scope of scopes()) {
      for (const [from, to] of periods) expect(await receivedCounts(db(), from, to, scope)).toEqual(await receivedCountsLive(db(), from, to, scope));
      const k = await t.ctx.services.caseFigures.kpis({ from: '2026-01-01', to: '2026-12-31' }, scope);
      const live = await receivedCountsLive(db(), '2026-01-01', '2026-12-31', scope);
      expect([k['cases.greenChannelCases']!.numerator, k['cases.greenChannelCases']!.denominator]).toEqual([live.greenChannel, live.received]);
      expect([k['cases.crossProvinceCases']!.numerator, k['cases.crossProvinceCases']!.denominator]).toEqual([live.crossProvince, live.received]);
    }
  };

  it('counts the seeded cases live before any run', async () => {
    expect(departments.length).toBeGreaterThan(0);
    expect((await receivedCountsLive(db(), '2026-01-01', '2026-12-31', null)).received).toBeGreaterThan(0);
    await expectExact();
  });

  it('rolls up to yesterday and reads the same figures', async () => {
    t.clock.set(at('2026-10-09'));
    expect(await t.ctx.services.caseFigures.rollupDaily()).toMatchObject({ full: true, through: '2026-10-08' });
    expect(Number((await db().selectFrom('cases_received_daily').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)).toBeGreaterThan(0);
    // The year reads its whole months (January … September) from the month layer, October's days by day.
    const { months, fromDays } = await monthRowsAndDaySums(t.opened.db, casesReceivedDaily);
    expect(months.length).toBeGreaterThan(0);
    expect(months).toEqual(fromDays);
    expect(await rolledGrains(t.opened.db, casesReceivedDaily, '2026-01-01', '2026-12-31')).toEqual(['month', 'day']);
    await expectExact();
  });

  it('a change of a case received on a rolled day marks that day; the next run recomputes it', async () => {
    const row = await db().selectFrom('cases_cases').selectAll().where('green_channel', 'is', null).orderBy('id').executeTakeFirstOrThrow();
    expect(row.submitted_on <= '2026-10-08').toBe(true);
    await t.opened.db.transaction().execute(async (tx) => {
      await tx.updateTable('cases_cases').set({ green_channel: 'elderly' }).where('id', '=', row.id).execute();
      await markDaysChanged(tx, casesReceivedDaily, receivedDaysTouched(row, { ...row, green_channel: 'elderly' }));
    });
    expect((await rollupState(t.opened.db, casesReceivedDaily.name)).dirty).toEqual([row.submitted_on]);
    await expectExact();
    await t.ctx.services.caseFigures.rollupDaily();
    expect((await rollupState(t.opened.db, casesReceivedDaily.name)).dirty).toEqual([]);
    const { months, fromDays } = await monthRowsAndDaySums(t.opened.db, casesReceivedDaily);
    expect(months).toEqual(fromDays);
    await expectExact();
  });
});
