import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, dialects, type TestApp } from '../../../test/harness';
import { systemActor } from '../../kernel/auth/actor';
import { computeIdCheckChar } from '../../kernel/validators';
import type { DepartmentScope } from '../../kernel/db/department-scope';
import { at } from '../cases/cases.test-support';
import { licensesTestModules } from './licenses.test-support';
import { licenseKpiCounts, licenseKpiCountsLive, rebuildLicenseKpiCounts } from './licenses.kpi-counts';

/**
 * The licence KPIs from the month counts (licenses.kpi-counts.ts) against the count over every licence,
 * for periods that are whole years and months, that start or end inside a month, that fall in one month,
 * and whose last day has licences expiring on either side of it — after issues, imports, 延续 and
 * 吊销/注销, and after the set-based rebuild.
 */
describe.each(dialects)('licence KPI counts on %s', (dialect) => {
  let t: TestApp<typeof licensesTestModules>;
  const admin = { ...systemActor('test'), roles: ['admin' as const] };
  let market = 0;
  let other = 0;
  let person = 0;
  const holderId = () => {
    const first17 = `43058219800101${String(person++ % 1000).padStart(3, '0')}`;
    return first17 + computeIdCheckChar(first17);
  };

  const PERIODS: Array<[string, string]> = [
    ['2025-01-01', '2025-12-31'],
    ['2026-01-01', '2026-12-31'],
    ['2025-03-01', '2025-03-31'],
    ['2025-03-01', '2025-03-14'],
    ['2025-03-15', '2025-03-31'],
    ['2025-03-10', '2025-03-20'],
    ['2025-02-20', '2025-04-10'],
    ['2025-02-20', '2025-09-10'],
    ['2025-01-01', '2025-06-15'],
    ['2024-06-01', '2026-05-31'],
    ['2026-02-01', '2026-02-28'],
    ['2026-02-10', '2026-02-20'],
    ['2026-02-15', '2026-02-15'],
    ['2020-01-01', '2030-12-31'],
  ];

  const expectAgree = async (label: string) => {
    const db = t.ctx.services.licenses.db;
    const scopes: DepartmentScope[] = [null, market, [market, other], [other], []];
    for (const [from, to] of PERIODS) {
      for (const scope of scopes) {
        const live = await licenseKpiCountsLive(db, { from, to }, scope);
        expect(await licenseKpiCounts(db, { from, to }, scope), `${label}: ${from}..${to} ${JSON.stringify(scope)}`).toEqual(live);
      }
    }
  };

  beforeAll(async () => {
    t = await buildTestApp({ dialect, now: at('2026-11-02'), modules: licensesTestModules });
    market = (await t.ctx.services.org.byCode('430582-001'))!.id;
    const all = await t.ctx.services.org.all();
    other = all.find((d) => d.id !== market && d.kind !== 'village')!.id;
    const svc = t.ctx.services.licenses;
    await svc.saveType(admin, { code: 'JY', name: '食品经营许可证', departmentId: market, holderKind: 'person', validityYears: 1, itemCodes: [], replaces: [] });
    await svc.saveType(admin, { code: 'YYZZ', name: '营业执照', departmentId: other, holderKind: 'person', validityYears: null, itemCodes: [], replaces: [] });
  });
  afterAll(async () => t?.close());

  const issue = (typeCode: string, issueDate: string, validTo?: string | null) =>
    t.ctx.services.licenses.db.transaction().execute((tx) =>
      t.ctx.services.licenses.issueIn(tx, admin, { typeCode, holder: { kind: 'person', name: `持证人${person}`, id: holderId() }, issueDate, validTo, caseId: null, caseNo: null, source: 'case' }),
    );

  it('agree with the live count with no licences at all', async () => {
    await expectAgree('empty');
  });

  it('agree after issues across months, with expiries on either side of the periods’ last days', async () => {
    const days = ['2024-12-31', '2025-01-01', '2025-02-20', '2025-02-28', '2025-03-01', '2025-03-10', '2025-03-14', '2025-03-15', '2025-03-31', '2025-04-10', '2025-06-15', '2025-12-31', '2026-01-01', '2026-02-10', '2026-02-15'];
    for (const d of days) {
      await issue('JY', d);
      await issue('YYZZ', d);
    }
    // Expiries inside the months the periods end in: before, on and after their last days.
    for (const vt of ['2025-03-13', '2025-03-14', '2025-03-15', '2025-03-31', '2025-04-09', '2025-04-10', '2025-04-11', '2026-02-14', '2026-02-15', '2026-02-16', '2026-02-28', '2025-06-14', '2025-06-15', '2025-12-30', '2025-12-31']) {
      await issue('JY', '2025-01-05', vt);
      await issue('JY', '2025-03-12', vt);
    }
    // A licence whose expiry is before its issue day (imported data can be like that).
    await issue('YYZZ', '2025-03-20', '2025-03-01');
    await expectAgree('issued');
  });

  it('agree after an import of licences of earlier years, in every status', async () => {
    const rows = ['有效', '已注销', '吊销', '有效', '撤销'].map((status, i) => {
      const first17 = `43058219900101${String(i).padStart(3, '0')}`;
      return { row: i + 2, cells: ['JY', '', '个人', `导入${i}`, first17 + computeIdCheckChar(first17), `2025-0${i + 1}-1${i}`, '', i % 2 ? '2025-12-31' : '2026-02-15', status, ''] };
    });
    const r = await t.ctx.services.licensesImport.importRows(admin, rows);
    expect(r.imported).toBe(5);
    await expectAgree('imported');
  });

  it('agree after 延续 and 吊销/注销, and the set-based rebuild gives the counts the writes kept', async () => {
    const svc = t.ctx.services.licenses;
    const db = svc.db;
    const rows = await db.selectFrom('licenses_licenses').select(['license_no', 'valid_to']).where('status', '=', 'valid').orderBy('id').execute();
    const withEnd = rows.filter((r) => r.valid_to !== null);
    await svc.act(admin, withEnd[0].license_no, { action: 'renew', reason: '延续', validTo: '2026-02-16' });
    await svc.act(admin, withEnd[1].license_no, { action: 'renew', reason: '延续', validTo: null });
    await svc.act(admin, withEnd[2].license_no, { action: 'revoke', reason: '吊销' });
    await svc.act(admin, rows.find((r) => r.valid_to === null)!.license_no, { action: 'cancel', reason: '注销' });
    await svc.act(admin, withEnd[3].license_no, { action: 'change', reason: '变更', holderName: '新名称' });
    await expectAgree('changed');
    const kept = await db.selectFrom('licenses_kpi_counts').selectAll().where('n', '<>', 0).orderBy('department_id').orderBy('issue_month').orderBy('valid_to_month').orderBy('imported').orderBy('valid').execute();
    await db.transaction().execute((tx) => rebuildLicenseKpiCounts(tx));
    const rebuilt = await db.selectFrom('licenses_kpi_counts').selectAll().orderBy('department_id').orderBy('issue_month').orderBy('valid_to_month').orderBy('imported').orderBy('valid').execute();
    expect(rebuilt.map((r) => ({ ...r, n: Number(r.n) }))).toEqual(kept.map((r) => ({ ...r, n: Number(r.n) })));
    expect(rebuilt.length).toBeGreaterThan(10);
    await expectAgree('rebuilt');
  });

  it('the KPI source answers from them', async () => {
    const lib = t.ctx.services.licenseLibrary;
    const k = await lib.kpis({ from: '2025-01-01', to: '2025-12-31' }, null);
    const live = await licenseKpiCountsLive(t.ctx.services.licenses.db, { from: '2025-01-01', to: '2025-12-31' }, null);
    expect(k['licenses.issued']).toMatchObject({ numerator: live.issued, denominator: live.upTo });
    expect(k['licenses.inLibrary']).toMatchObject({ numerator: live.inForce, denominator: live.upTo });
    expect(live.upTo).toBeGreaterThan(0);
  });
});
