import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, dialects, type TestApp } from '../../../test/harness';
import { systemActor, type Actor } from '../../kernel/auth/actor';
import { markDaysChanged, rollupState } from '../../kernel/rollup/daily-rollup';
import { monthRowsAndDaySums, rolledGrains } from '../../kernel/rollup/daily-rollup.test-support';
import { tablesOf } from '../../kernel/kernel.tables';
import type { DepartmentScope } from '../../kernel/db/department-scope';
import { orgModule } from '../org';
import { catalogModule } from '../catalog';
import { casesModule } from '../cases';
import { at } from '../cases/cases.test-support';
import { regulationModule } from '.';
import { rebuildSubjects, refreshSubjects, regulationTasksDaily, supervisedSubjects, taskClaimCounts, taskClaimCountsLive } from './regulation.rollups';
import type { RegulationTables } from './regulation.tables';

const seedModules = [orgModule, catalogModule, casesModule, regulationModule] as const;

/** The supervised subjects as the KPI counted them before the roll-up: every task, the latest per (department, subject). */
async function supervisedReference(t: TestApp<typeof seedModules>, scope: DepartmentScope): Promise<number> {
  const rows = await t.opened.db.selectFrom('regulation_tasks').select(['department_id', 'subject_key', 'event']).orderBy('id').execute();
  const last = new Map<string, string>();
  for (const r of rows) {
    const d = Number(r.department_id);
    if (scope != null && (typeof scope === 'number' ? d !== scope : !scope.includes(d))) continue;
    last.set(`${d}|${r.subject_key}`, String(r.event));
  }
  return [...last.values()].filter((e) => e !== 'revoke').length;
}

// The claim counts and the supervised subjects must equal the live computation at every moment: before any
// run, after a run, after a claim of a task created on a rolled day, after a revoke and a moved task.
describe.each(dialects)('监管 KPI roll-ups on %s', (dialect) => {
  let t: TestApp<typeof seedModules>;
  let departments: number[] = [];
  beforeAll(async () => {
    t = await buildTestApp({ dialect, now: at('2026-09-30'), modules: seedModules, seed: ['org', 'catalog', 'cases'] });
    await regulationModule.seed!(t.ctx, { kind: 'demo' });
    departments = [...new Set((await t.opened.db.selectFrom('regulation_tasks').select('department_id').execute()).map((r) => Number(r.department_id)))].sort((a, b) => a - b);
  }, 300_000);
  afterAll(async () => t?.close());

  const db = () => tablesOf<RegulationTables>(t.opened.db);
  const scopes = (): DepartmentScope[] => [null, departments[0]!, departments, [departments[0]!, 99_999], 99_999, []];
  const periods: [string, string][] = [
    ['2026-01-01', '2026-12-31'],
    ['2026-09-01', '2026-09-30'],
    ['2026-09-15', '2026-10-31'],
  ];
  const expectExact = async () => {
    for (const scope of scopes()) {
      for (const [from, to] of periods) expect(await taskClaimCounts(db(), from, to, scope)).toEqual(await taskClaimCountsLive(db(), from, to, scope));
      expect(await supervisedSubjects(db(), scope)).toBe(await supervisedReference(t, scope));
    }
  };

  it('the seeded tasks: the subjects were kept while they were written, the claim counts live before any run', async () => {
    expect(departments.length).toBeGreaterThan(0);
    const live = await taskClaimCountsLive(db(), '2026-01-01', '2026-12-31', null);
    expect(live.created).toBeGreaterThan(0);
    expect(live.claimed).toBeGreaterThan(0);
    expect(await supervisedSubjects(db(), null)).toBeGreaterThan(0);
    await expectExact();
  });

  it('rolls the claim counts up to yesterday and reads the same figures', async () => {
    t.clock.set(at('2026-10-09'));
    expect(await t.ctx.services.regulation.kpis.rollupDaily()).toMatchObject({ full: true, through: '2026-10-08' });
    expect(Number((await db().selectFrom('regulation_tasks_daily').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)).toBeGreaterThan(0);
    // The year reads its whole months (January … September) from the month layer, October's days by day.
    const { months, fromDays } = await monthRowsAndDaySums(t.opened.db, regulationTasksDaily);
    expect(months.length).toBeGreaterThan(0);
    expect(months).toEqual(fromDays);
    expect(await rolledGrains(t.opened.db, regulationTasksDaily, '2026-01-01', '2026-12-31')).toEqual(['month', 'day']);
    await expectExact();
  });

  it('a claim of a task created on a rolled day marks that day; the next run recomputes it', async () => {
    const pending = await db().selectFrom('regulation_tasks').selectAll().where('status', '=', 'pending').orderBy('id').executeTakeFirstOrThrow();
    expect(pending.created_on <= '2026-10-08').toBe(true);
    const regulator: Actor = { ...systemActor('test'), roles: ['regulator'], departmentId: pending.department_id };
    const before = await taskClaimCounts(db(), '2026-01-01', '2026-12-31', pending.department_id);
    await t.ctx.services.regulation.tasks.claim(regulator, pending.task_no);
    expect((await rollupState(t.opened.db, regulationTasksDaily.name)).dirty).toEqual([pending.created_on]);
    expect((await taskClaimCounts(db(), '2026-01-01', '2026-12-31', pending.department_id)).claimed).toBe(before.claimed + 1);
    await expectExact();
    await t.ctx.services.regulation.kpis.rollupDaily();
    expect((await rollupState(t.opened.db, regulationTasksDaily.name)).dirty).toEqual([]);
    const { months, fromDays } = await monthRowsAndDaySums(t.opened.db, regulationTasksDaily);
    expect(months).toEqual(fromDays);
    await expectExact();
  });

  it('a revoke takes the subject out of the supervised count; moving a task moves its subject', async () => {
    const task = await db().selectFrom('regulation_tasks').selectAll().where('event', '=', 'approve').orderBy('id').executeTakeFirstOrThrow();
    const dept = task.department_id;
    const n = await supervisedSubjects(db(), dept);
    await t.opened.db.transaction().execute((tx) =>
      t.ctx.services.regulation.tasks.createTask(tx as never, {
        source: 'license',
        event: 'revoke',
        departmentId: dept,
        regulationItemId: task.regulation_item_id,
        caseNo: task.case_no,
        itemCode: task.item_code,
        itemName: task.item_name,
        licenseNo: 'TEST-REVOKED-1',
        subjectName: task.subject_name,
        subjectKey: task.subject_key,
        at: t.clock.now().toISOString(),
        actor: systemActor('test'),
      }),
    );
    expect(await supervisedSubjects(db(), dept)).toBe(n - 1);
    await expectExact();
    // The other department takes over the revoked subject's first task: the pair moves with it.
    const other = departments.find((d) => d !== dept) ?? dept + 1;
    await t.opened.db.transaction().execute(async (tx) => {
      const mtx = tx as never as Parameters<typeof refreshSubjects>[0];
      await mtx.updateTable('regulation_tasks').set({ department_id: other }).where('id', '=', task.id).execute();
      // As onCaseEvent does when an approval takes over a license's task of another department.
      await markDaysChanged(tx, regulationTasksDaily, [task.created_on]);
      await refreshSubjects(mtx, [
        { departmentId: dept, subjectKey: task.subject_key },
        { departmentId: other, subjectKey: task.subject_key },
      ]);
    });
    await expectExact();
  });

  it('the set-based rebuild (migration, generator) gives the rows the writes kept', async () => {
    const kept = await db().selectFrom('regulation_subjects').selectAll().orderBy('department_id').orderBy('subject_key').execute();
    const counts = await db().selectFrom('regulation_subject_counts').selectAll().where('supervised', '<>', 0).orderBy('department_id').execute();
    await rebuildSubjects(t.opened.db);
    expect(await db().selectFrom('regulation_subjects').selectAll().where('last_task_id', '<>', 0).orderBy('department_id').orderBy('subject_key').execute()).toEqual(kept.filter((r) => Number(r.last_task_id) !== 0));
    expect(await db().selectFrom('regulation_subject_counts').selectAll().where('supervised', '<>', 0).orderBy('department_id').execute()).toEqual(counts);
    await expectExact();
  });

  it('the KPI source answers the live counts', async () => {
    for (const scope of scopes()) {
      const k = await t.ctx.services.regulation.kpis.kpis({ from: '2026-01-01', to: '2026-12-31' }, scope);
      const live = await taskClaimCountsLive(db(), '2026-01-01', '2026-12-31', scope);
      expect([k['regulation.claimRate']!.numerator, k['regulation.claimRate']!.denominator]).toEqual([live.claimed, live.created]);
      expect([k['regulation.onTimeClaimRate']!.numerator, k['regulation.onTimeClaimRate']!.denominator]).toEqual([live.claimedOnTime, live.claimed]);
      expect(k['regulation.inspections']!.denominator).toBe(await supervisedReference(t, scope));
    }
  });
});
