import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, dialects, type TestApp } from '../../../test/harness';
import { systemActor } from '../../kernel/auth/actor';
import { computeIdCheckChar } from '../../kernel/validators';
import { at } from '../cases/cases.test-support';
import { licensesTestModules } from './licenses.test-support';

const ROWS = 5000;

// Bulk import rate and verification latency, printed for the note (figures vary with the machine).
describe.each(dialects)('licenses at scale on %s', (dialect) => {
  let t: TestApp<typeof licensesTestModules>;
  const admin = { ...systemActor('test'), roles: ['admin' as const] };

  beforeAll(async () => {
    t = await buildTestApp({ dialect, now: at('2026-11-02'), modules: licensesTestModules });
    const market = (await t.ctx.services.org.byCode('430582-001'))!.id;
    await t.ctx.services.licenses.saveType(admin, { code: 'YYZZ', name: '营业执照', departmentId: market, holderKind: 'person', validityYears: null, itemCodes: [], replaces: ['营业执照'] });
  });
  afterAll(async () => t?.close());

  it(`imports ${ROWS} rows in one go and verifies quickly`, async () => {
    const rows = Array.from({ length: ROWS }, (_, i) => {
      const first17 = `43058219800101${String(i % 1000).padStart(3, '0')}`;
      return { row: i + 2, cells: ['YYZZ', '', '个人', `持证人${i}`, first17 + computeIdCheckChar(first17), '2020-05-01', '', '', '有效', ''] };
    });
    const r = await t.ctx.services.licensesImport.importRows(admin, rows);
    expect(r.imported).toBe(ROWS);
    console.log(`[licenses ${dialect}] import: ${ROWS} rows in ${r.millis} ms = ${r.rowsPerSecond} rows/s`);

    const lib = t.ctx.services.licenseLibrary;
    const nos = await t.opened.db.selectFrom('licenses_licenses' as never).select(['license_no', 'holder_name'] as never).limit(200).execute() as { license_no: string; holder_name: string }[];
    const times: number[] = [];
    for (const n of nos) {
      const t0 = performance.now();
      const v = await lib.verify({ no: n.license_no, holderName: n.holder_name });
      times.push(performance.now() - t0);
      expect(v.result).toBe('valid');
    }
    times.sort((a, b) => a - b);
    const p = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(2);
    console.log(`[licenses ${dialect}] verify latency over ${times.length}: p50 ${p(0.5)} ms, p95 ${p(0.95)} ms, max ${p(1)} ms`);
  }, 120_000);
});
