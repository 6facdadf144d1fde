import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, dialects, type TestApp } from '../../../test/harness';
import { at, clockSafeRequest, fakeCatalogModule, FOOD_ALL, personApplicant } from '../cases/cases.test-support';
import { casesModule } from '../cases';
import { licensesModule } from '../licenses';
import { orgModule } from '../org';
import { regulationModule } from '.';

const modules = [orgModule, fakeCatalogModule, casesModule, licensesModule, regulationModule] as const;

/** 审管联动 with the license library installed: an approval that issues a license is one 监管任务, not two. */
describe.each(dialects)('regulation with the license library on %s', (dialect) => {
  let t: TestApp<typeof modules>;
  let request: ReturnType<typeof clockSafeRequest>;
  beforeAll(async () => {
    t = await buildTestApp({ dialect, now: at('2026-11-02'), modules });
    request = clockSafeRequest(t);
  });
  afterAll(async () => t?.close());

  it('joins the license issued on an approval to the approval\'s task, and an ended license gets a task of its own', async () => {
    const market = (await t.ctx.services.org.byCode('430582-001'))!.id;
    const type = { code: 'JY', name: '食品经营许可证', departmentId: market, holderKind: 'person', validityYears: 5, itemCodes: ['T-FOOD'], replaces: [] };
    expect((await request({ method: 'POST', url: '/api/v1/licenses/types', as: 'admin', payload: type })).statusCode).toBe(201);
    const c = (await request({ method: 'POST', url: '/api/v1/cases', as: 'clerk', payload: { itemCode: 'T-FOOD', channel: 'window', applicant: personApplicant(), materials: FOOD_ALL } })).json();
    expect((await request({ method: 'POST', url: `/api/v1/cases/${c.caseNo}/actions`, as: 'clerk', payload: { action: 'accept' } })).statusCode).toBe(200);
    expect((await request({ method: 'POST', url: `/api/v1/cases/${c.caseNo}/actions`, as: 'reviewer', payload: { action: 'approve' } })).statusCode).toBe(200);

    const licenseNo = (await request({ method: 'GET', url: `/api/v1/licenses/of-case/${c.caseNo}`, as: 'clerk' })).json().items[0].licenseNo as string;
    const tasks = await t.opened.db.selectFrom('regulation_tasks').select(['source', 'event', 'case_no', 'license_no', 'item_code']).execute();
    expect(tasks).toEqual([{ source: 'case', event: 'approve', case_no: c.caseNo, license_no: licenseNo, item_code: 'T-FOOD' }]);

    const revoked = await request({ method: 'POST', url: `/api/v1/licenses/${licenseNo}/actions`, as: 'admin', payload: { action: 'revoke', reason: '以欺骗手段取得许可' } });
    expect(revoked.statusCode, revoked.body).toBe(200);
    const after = await t.opened.db.selectFrom('regulation_tasks').select(['source', 'event', 'license_no']).orderBy('id').execute();
    expect(after).toEqual([
      { source: 'case', event: 'approve', license_no: licenseNo },
      { source: 'license', event: 'revoke', license_no: licenseNo },
    ]);
  });
});
