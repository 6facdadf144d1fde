import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { buildTestApp, dialects, type TestApp } from '../../../test/harness';
import type { CaseEvent } from './cases.hooks';
import { PERSON_ID, at, idNo, clockSafeRequest, personApplicant, testModules } from './cases.test-support';

describe.each(dialects)('cases hooks on %s', (dialect) => {
  let t: TestApp<typeof testModules>;
  let request: ReturnType<typeof clockSafeRequest>;
  const seen: CaseEvent[] = [];
  let failOn: string | null = null;

  beforeAll(async () => {
    t = await buildTestApp({ dialect, now: at('2026-09-24'), modules: testModules });
    request = clockSafeRequest(t);
    const hooks = t.ctx.services.cases.hooks;
    hooks.events.on('test', async (tx, e) => {
      // A subscriber writes inside the case's transaction: its row commits or rolls back with the step.
      await sql`insert into kernel_settings (key, value_json, updated_at) values (${`test.${e.caseNo}.${e.action}`}, '{}', ${e.at})`.execute(tx);
      if (failOn === e.action) throw new Error('subscriber refused');
      seen.push(e);
    });
    hooks.materialSources.on('test', async (_tx, q) =>
      q.applicant.idNumber === PERSON_ID && q.materials.some((m) => m.name === '营业执照')
        ? [{ name: '营业执照', source: { kind: 'license' as const, ref: 'L-1', label: '营业执照 L-1' } }]
        : [],
    );
  });
  afterAll(async () => t?.close());

  const keys = async () => (await t.opened.db.selectFrom('kernel_settings').select('key').where('key', 'like', 'test.%').execute()).map((r) => r.key);

  it('announces a new case with its applicant, and ticks the materials a record stands in for', async () => {
    const res = await request({ method: 'POST', url: '/api/v1/cases', as: 'clerk', payload: { itemCode: 'T-FOOD', channel: 'window', applicant: personApplicant() } });
    expect(res.statusCode).toBe(201);
    const c = res.json();
    const licence = c.materials.find((m: { name: string }) => m.name === '营业执照');
    expect(licence).toMatchObject({ provided: true, servedBy: { kind: 'license', ref: 'L-1' } });
    const submit = seen.find((e) => e.caseNo === c.caseNo && e.action === 'submit');
    expect(submit).toMatchObject({ from: null, to: 'submitted', itemCode: 'T-FOOD', applicant: { idNumber: PERSON_ID, type: 'person' } });
    expect(await keys()).toContain(`test.${c.caseNo}.submit`);
  });

  it('announces each step inside its transaction: a subscriber that throws undoes the step', async () => {
    const created = await request({ method: 'POST', url: '/api/v1/cases', as: 'clerk', payload: { itemCode: 'T-FOOD', channel: 'window', applicant: personApplicant({ idNumber: idNo('43058219850101123'), name: '李四' }) } });
    expect(created.statusCode).toBe(201);
    const c = created.json();
    expect(c.materials.find((m: { name: string }) => m.name === '营业执照').provided).toBe(false);
    failOn = 'reject';
    const refused = await request({ method: 'POST', url: `/api/v1/cases/${c.caseNo}/actions`, as: 'clerk', payload: { action: 'reject', reason: '不属于本机关职权范围' } });
    failOn = null;
    expect(refused.statusCode).toBe(500);
    expect((await request({ method: 'GET', url: `/api/v1/cases/${c.caseNo}`, as: 'clerk' })).json().status).toBe('submitted');
    expect(await keys()).not.toContain(`test.${c.caseNo}.reject`);
    const ok = await request({ method: 'POST', url: `/api/v1/cases/${c.caseNo}/actions`, as: 'clerk', payload: { action: 'reject', reason: '不属于本机关职权范围' } });
    expect(ok.json().status).toBe('rejected');
    expect(seen.find((e) => e.caseNo === c.caseNo && e.action === 'reject')).toMatchObject({ from: 'submitted', to: 'rejected', data: { reason: '不属于本机关职权范围' } });
    expect(await keys()).toContain(`test.${c.caseNo}.reject`);
  });
});
