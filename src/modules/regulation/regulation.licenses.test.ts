import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, dialects, type TestApp } from '../../../test/harness';
import { at, clockSafeRequest, fakeCatalogModule, FOOD_ALL, idNo, personApplicant } from '../cases/cases.test-support';
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

  it('flags an expired license still referenced: a material it served on an open case, an open 监管任务 of its subject; each a red card', async () => {
    const market = (await t.ctx.services.org.byCode('430582-001'))!.id;
    const type = { code: 'YYZZ', name: '营业执照', departmentId: market, holderKind: 'person', validityYears: 1, itemCodes: ['T-NATURAL'], replaces: ['营业执照'] };
    expect((await request({ method: 'POST', url: '/api/v1/licenses/types', as: 'admin', payload: type })).statusCode).toBe(201);
    const holder = personApplicant({ name: '赵敏', idNumber: idNo('43058219900101003') });
    const a = (await request({ method: 'POST', url: '/api/v1/cases', as: 'clerk', payload: { itemCode: 'T-NATURAL', channel: 'window', applicant: holder, materials: [{ name: '设置申请表', provided: true }] } })).json();
    await request({ method: 'POST', url: `/api/v1/cases/${a.caseNo}/actions`, as: 'clerk', payload: { action: 'accept' } });
    expect((await request({ method: 'POST', url: `/api/v1/cases/${a.caseNo}/actions`, as: 'reviewer', payload: { action: 'approve' } })).statusCode).toBe(200);
    const lic = (await request({ method: 'GET', url: `/api/v1/licenses/of-case/${a.caseNo}`, as: 'clerk' })).json().items[0];
    expect(lic.validTo).toBe('2027-11-01');
    const risks = async () => (await request({ method: 'GET', url: '/api/v1/regulation/risks', as: 'admin' })).json().items as { kind: string; reference: string; since: string }[];
    const cards = async (today: string) =>
      (await t.ctx.extensions.cardSources.find((s) => s.name === 'regulation')!.candidates(new Date(`${today}T10:00:00+08:00`), today)).filter((c) => c.rule === 'regulation_license_expired');
    const taskA = (await t.opened.db.selectFrom('regulation_tasks').select('task_no').where('license_no', '=', lic.licenseNo).executeTakeFirstOrThrow()).task_no;

    // Friday before it expires: a new application takes the license for its 营业执照 and stays open.
    t.clock.set(at('2027-10-29'));
    const b = (await request({ method: 'POST', url: '/api/v1/cases', as: 'clerk', payload: { itemCode: 'T-FOOD', channel: 'window', applicant: holder, materials: FOOD_ALL } })).json();
    expect(b.materials.find((m: { name: string }) => m.name === '营业执照').servedBy).toMatchObject({ kind: 'license', ref: lic.licenseNo });
    expect((await risks()).filter((r) => r.kind.startsWith('license_expired'))).toEqual([]);
    expect(await cards('2027-10-29')).toEqual([]);

    t.clock.set(at('2027-11-08'));
    const flagged = (await risks()).filter((r) => r.kind.startsWith('license_expired'));
    expect(flagged.map((r) => [r.kind, r.reference, r.since]).sort()).toEqual([
      ['license_expired_served', `${lic.licenseNo}（办件 ${b.caseNo}）`, '2027-11-01'],
      ['license_expired_task', `${lic.licenseNo}（监管任务 ${taskA}）`, '2027-11-01'],
    ]);
    const red = await cards('2027-11-08');
    expect(red).toHaveLength(2);
    expect(red.every((c) => c.color === 'red' && c.departmentId === market)).toBe(true);

    // The department closes its task and the case is decided: nothing references the expired license any more.
    expect((await request({ method: 'POST', url: `/api/v1/regulation/tasks/${taskA}/claim`, as: 'regulator' })).statusCode).toBe(200);
    expect((await request({ method: 'POST', url: `/api/v1/regulation/tasks/${taskA}/close`, as: 'regulator', payload: { result: 'filed' } })).statusCode).toBe(200);
    await request({ method: 'POST', url: `/api/v1/cases/${b.caseNo}/actions`, as: 'clerk', payload: { action: 'accept' } });
    expect((await request({ method: 'POST', url: `/api/v1/cases/${b.caseNo}/actions`, as: 'reviewer', payload: { action: 'deny', reason: '营业执照已过期' } })).statusCode).toBe(200);
    expect((await request({ method: 'POST', url: `/api/v1/cases/${b.caseNo}/actions`, as: 'clerk', payload: { action: 'complete', deliveryMethod: '窗口领取' } })).statusCode).toBe(200);
    expect((await risks()).filter((r) => r.kind.startsWith('license_expired'))).toEqual([]);
    expect(await cards('2027-11-08')).toEqual([]);
  });
});
