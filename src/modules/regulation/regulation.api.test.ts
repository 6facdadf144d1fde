import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, dialects, type TestApp } from '../../../test/harness';
import { verifyAuditChain } from '../../kernel/audit/audit';
import { systemActor, type Actor } from '../../kernel/auth/actor';
import { orgModule } from '../org';
import { casesModule } from '../cases';
import { supervisionModule } from '../supervision';
import { at, clockSafeRequest, fakeCatalogModule, FOOD_ALL, personApplicant, COMPANY_CODE } from '../cases/cases.test-support';
import { picksOf, regulationModule } from '.';
import { seedHash } from './regulation.rules';
import type { LicenseEvent } from './regulation.events';

const modules = [orgModule, fakeCatalogModule, casesModule, supervisionModule, regulationModule] as const;

// November 2026 has no public holidays: Mon 11-02 … working days are Mon–Fri.
describe.each(dialects)('regulation API on %s', (dialect) => {
  let t: TestApp<typeof modules>;
  let request: ReturnType<typeof clockSafeRequest>;
  let marketId: number;
  let policeId: number;
  let taskNo: string;
  let caseNo: string;
  let drawNo: string;
  const inspectorIds: number[] = [];

  const count = async (table: string) => Number((await t.opened.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const candidates = async (today: string) => {
    const src = t.ctx.extensions.cardSources.find((s) => s.name === 'regulation')!;
    return src.candidates(new Date(`${today}T10:00:00+08:00`), today);
  };
  const licenseEvent = (e: Partial<LicenseEvent>) =>
    t.ctx.db.transaction().execute((tx) =>
      t.ctx.services.regulation.tasks.onLicenseEvent(tx, { kind: 'issue', licenseNo: 'L', typeCode: 'JY', holderName: '某某', holderId: COMPANY_CODE, departmentId: marketId, caseNo: null, at: t.clock.now().toISOString(), ...e }),
    );

  beforeAll(async () => {
    t = await buildTestApp({ dialect, now: at('2026-11-02', 9), modules });
    request = clockSafeRequest(t);
    marketId = (await t.ctx.services.org.byCode('430582-001'))!.id;
    policeId = (await t.ctx.services.org.byCode('430582-002'))!.id;
  });
  afterAll(async () => t?.close());

  it('keeps a 监管事项目录 of main items and sub-items covering catalogue items, and refuses bad input', async () => {
    const post = (payload: Record<string, unknown>, as = 'regulator') => request({ method: 'POST', url: '/api/v1/regulation/items', as, payload });
    expect((await post({ code: 'JG001-000', name: '食品经营许可事中事后监管', legalBasis: '《食品安全法》第一百一十条', itemCodes: [] })).statusCode).toBe(201);
    const unknown = await post({ code: 'JG001-001', name: '对食品经营者的监督检查', parentCode: 'JG001-000', legalBasis: '《食品安全法》', itemCodes: ['NO-SUCH'] });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().error).toMatchObject({ code: 'ITEM_UNKNOWN', details: { field: 'itemCodes' } });
    expect((await post({ code: 'JG001-001', name: 'x', parentCode: 'NOPE', legalBasis: 'x', itemCodes: [] })).json().error.code).toBe('PARENT_NOT_FOUND');
    expect(await count('regulation_items')).toBe(1);
    expect((await post({ code: 'JG001-001', name: '对食品经营者的监督检查', parentCode: 'JG001-000', legalBasis: '《食品安全法》第一百一十条', itemCodes: ['T-FOOD'] })).statusCode).toBe(201);
    expect((await post({ code: 'JG001-000', name: 'dup', legalBasis: 'x', itemCodes: [] })).statusCode).toBe(409);
    expect((await post({ code: 'JG001-002', name: 'again', legalBasis: 'x', itemCodes: ['T-FOOD'] })).json().error.code).toBe('ITEM_ALREADY_COVERED');
    // A regulator manages only their own department's items; citizens and clerks read nothing.
    expect((await post({ code: 'JG002-000', name: 'x', legalBasis: 'x', itemCodes: [], departmentId: policeId })).statusCode).toBe(403);
    expect((await request({ method: 'GET', url: '/api/v1/regulation/items', as: 'citizen' })).statusCode).toBe(403);
    const list = (await request({ method: 'GET', url: '/api/v1/regulation/items', as: 'regulator' })).json();
    expect(list.total).toBe(2);
    expect(list.items[1]).toMatchObject({ code: 'JG001-001', parentCode: 'JG001-000', items: [{ code: 'T-FOOD', name: '食品经营许可（新办）' }] });
  });

  it('edits a 监管事项 (name, legal basis, coverage) with an audit row; bad edits write nothing', async () => {
    const put = (code: string, payload: Record<string, unknown>, as = 'regulator') => request({ method: 'PUT', url: `/api/v1/regulation/items/${code}`, as, payload });
    const body = { name: '对食品经营者的日常监督检查', parentCode: 'JG001-000', legalBasis: '《食品安全法》第一百一十条、第一百一十三条', itemCodes: ['T-FOOD', 'T-NATURAL'] };
    expect((await put('JG001-001', { ...body, parentCode: 'JG001-001' })).json().error.code).toBe('PARENT_SELF');
    expect((await put('JG001-000', { ...body, parentCode: 'JG001-001' })).json().error.code).toBe('PARENT_NOT_MAIN');
    expect((await put('JG001-001', { ...body, itemCodes: ['NO-SUCH'] })).statusCode).toBe(422);
    expect((await put('JG001-001', body, 'citizen')).statusCode).toBe(403);
    expect((await put('NOPE', body)).statusCode).toBe(404);
    const ok = await put('JG001-001', body);
    expect(ok.statusCode, ok.body).toBe(200);
    const list = (await request({ method: 'GET', url: '/api/v1/regulation/items', as: 'regulator' })).json();
    expect(list.items[1]).toMatchObject({ code: 'JG001-001', name: body.name, legalBasis: body.legalBasis, items: [{ code: 'T-FOOD' }, { code: 'T-NATURAL' }] });
    // Back to covering T-FOOD only (the tests below rely on it).
    expect((await put('JG001-001', { ...body, itemCodes: ['T-FOOD'] })).statusCode).toBe(200);
    const audit = await t.opened.db.selectFrom('kernel_audit_log' as never).select('action' as never).where('subject_id' as never, '=', 'JG001-001' as never).execute();
    expect((audit as { action: string }[]).filter((a) => a.action === 'regulation.item_update')).toHaveLength(2);
  });

  it('registers 执法人员 with masked contacts', async () => {
    const post = (payload: Record<string, unknown>) => request({ method: 'POST', url: '/api/v1/regulation/inspectors', as: 'regulator', payload });
    for (const [i, name] of ['罗志刚', '曾建华', '谢丽萍'].entries()) {
      const r = await post({ name, certNo: `43058201000${i}`, validTo: '2028-12-31', phone: `1390739000${i}` });
      expect(r.statusCode).toBe(201);
      inspectorIds.push(r.json().id);
    }
    expect((await post({ name: '重复', certNo: '430582010000', validTo: '2028-12-31' })).statusCode).toBe(409);
    expect((await post({ name: '过期', certNo: '430582019999', validTo: '2026-01-01' })).json().error.code).toBe('CERT_EXPIRED');
    expect((await post({ name: '错号', certNo: '430582019998', validTo: '2028-01-01', phone: '12345' })).json().error.code).toBe('INVALID_PHONE');
    const list = (await request({ method: 'GET', url: '/api/v1/regulation/inspectors', as: 'regulator' })).json();
    expect(list.total).toBe(3);
    expect(list.items[0].phone).toBe('139****0000');
    expect(JSON.stringify(list)).not.toContain('13907390000');
  });

  it('pushes an approval to the supervising department as a 监管任务 in the approval transaction', async () => {
    const submit = await request({ method: 'POST', url: '/api/v1/cases', as: 'clerk', payload: { itemCode: 'T-FOOD', channel: 'window', applicant: personApplicant(), materials: FOOD_ALL } });
    caseNo = submit.json().caseNo;
    expect((await request({ method: 'POST', url: `/api/v1/cases/${caseNo}/actions`, as: 'clerk', payload: { action: 'accept' } })).statusCode).toBe(200);
    expect(await count('regulation_tasks')).toBe(0);
    expect((await request({ method: 'POST', url: `/api/v1/cases/${caseNo}/actions`, as: 'reviewer', payload: { action: 'approve' } })).statusCode).toBe(200);
    const queue = (await request({ method: 'GET', url: '/api/v1/regulation/tasks', as: 'regulator' })).json();
    expect(queue.total).toBe(1);
    expect(queue.counts).toEqual({ pending: 1, claimed: 0, closed: 0, overdue: 0 });
    const task = queue.items[0];
    taskNo = task.taskNo;
    // Approved Mon 11-02: 5 working days to claim → Mon 11-09.
    expect(task).toMatchObject({ caseNo, event: 'approve', status: 'pending', claimDue: '2026-11-09', regulationItemCode: 'JG001-001', departmentId: marketId, overdue: false, subjectName: '王小明' });
    expect(task.subjectKey).toContain('*');
    const audit = await t.opened.db.selectFrom('kernel_audit_log').select(['action']).where('subject_id', '=', taskNo).execute();
    expect(audit.map((a) => a.action)).toEqual(['regulation.task_create']);
  });

  it('refuses claims from other departments and roles; a late claim raises a card until claimed', async () => {
    const other: Actor = { ...systemActor('test'), kind: 'user', id: 999, roles: ['regulator'], departmentId: policeId };
    await expect(t.ctx.services.regulation.tasks.claim(other, taskNo)).rejects.toMatchObject({ status: 404, code: 'TASK_NOT_FOUND' });
    expect((await request({ method: 'POST', url: `/api/v1/regulation/tasks/${taskNo}/claim`, as: 'reviewer' })).statusCode).toBe(403);
    expect((await request({ method: 'GET', url: `/api/v1/regulation/tasks/${taskNo}`, as: 'leader' })).statusCode).toBe(200);
    expect(await candidates('2026-11-09')).toEqual([]);
    t.clock.set(at('2026-11-10'));
    const late = await candidates('2026-11-10');
    expect(late).toEqual([expect.objectContaining({ subjectId: taskNo, rule: 'regulation_claim_late', color: 'yellow', departmentId: marketId, dueAt: '2026-11-09' })]);
    const sweep = await t.ctx.services.supervision.sweep();
    expect(sweep.issued).toBeGreaterThanOrEqual(1);
    const cards = (await request({ method: 'GET', url: '/api/v1/supervision/cards', as: 'supervisor' })).json();
    expect(cards.items.some((c: { rule: string; subjectId: string; ruleLabel: string }) => c.rule === 'regulation_claim_late' && c.subjectId === taskNo && c.ruleLabel === '监管任务超时未认领')).toBe(true);
    expect((await request({ method: 'GET', url: '/api/v1/regulation/tasks?overdue=true', as: 'regulator' })).json().total).toBe(1);
    const claimed = await request({ method: 'POST', url: `/api/v1/regulation/tasks/${taskNo}/claim`, as: 'regulator' });
    expect(claimed.statusCode).toBe(200);
    expect(claimed.json()).toMatchObject({ status: 'claimed', claimedOn: '2026-11-10', claimedOnTime: false });
    const again = await request({ method: 'POST', url: `/api/v1/regulation/tasks/${taskNo}/claim`, as: 'regulator' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain('已认领');
    expect(await candidates('2026-11-10')).toEqual([]);
    const closed = await request({ method: 'POST', url: `/api/v1/regulation/tasks/${taskNo}/close`, as: 'regulator', payload: { result: 'inspected', note: '实地核查无异常' } });
    expect(closed.json()).toMatchObject({ status: 'closed', result: 'inspected', resultLabel: '已实地核查' });
    const kpis = await t.ctx.services.regulation.kpis.kpis({ from: '2026-11-01', to: '2026-11-30' }, null);
    expect(kpis['regulation.claimRate']).toEqual({ value: 1, numerator: 1, denominator: 1 });
    expect(kpis['regulation.onTimeClaimRate']).toEqual({ value: 0, numerator: 0, denominator: 1 });
    expect(kpis['regulation.staffRegistered']).toMatchObject({ numerator: 3, denominator: 3 });
    const rec = await t.ctx.services.regulation.kpis.records('regulation.claimRate', 'numerator', { from: '2026-11-01', to: '2026-11-30', offset: 0, limit: 10 });
    expect(rec).toMatchObject({ kind: 'regulation_task', total: 1 });
  });

  it('takes license events: an issue joins its approval task, other steps make tasks, the claim limit is configurable', async () => {
    expect((await request({ method: 'PUT', url: '/api/v1/regulation/config', as: 'admin', payload: { claimWorkdays: 0 } })).json().error).toMatchObject({ code: 'INVALID_CONFIG', details: { field: 'claimWorkdays' } });
    expect((await request({ method: 'PUT', url: '/api/v1/regulation/config', as: 'regulator', payload: { claimWorkdays: 3 } })).statusCode).toBe(403);
    expect((await request({ method: 'PUT', url: '/api/v1/regulation/config', as: 'admin', payload: { claimWorkdays: 3 } })).json()).toEqual({ claimWorkdays: 3 });
    await licenseEvent({ kind: 'issue', licenseNo: 'JY14305820000001', caseNo, holderName: '王小明' });
    expect(await count('regulation_tasks')).toBe(1);
    expect((await request({ method: 'GET', url: `/api/v1/regulation/tasks/${taskNo}`, as: 'regulator' })).json().licenseNo).toBe('JY14305820000001');
    for (let i = 2; i <= 5; i++) await licenseEvent({ kind: 'issue', licenseNo: `JY1430582000000${i}`, holderName: `邵东市第${i}超市有限公司`, holderId: COMPANY_CODE.slice(0, 10) + String(i).padStart(8, '0') });
    await licenseEvent({ kind: 'revoke', licenseNo: 'JY14305820000005', holderName: '邵东市第5超市有限公司', holderId: COMPANY_CODE.slice(0, 10) + '00000005' });
    const q = (await request({ method: 'GET', url: '/api/v1/regulation/tasks?status=pending', as: 'regulator' })).json();
    expect(q.total).toBe(5);
    // Tue 11-10 + 3 working days = Fri 11-13.
    expect(q.items.map((i: { claimDue: string }) => i.claimDue)).toEqual(Array(5).fill('2026-11-13'));
    expect(q.items.map((i: { event: string }) => i.event).sort()).toEqual(['issue', 'issue', 'issue', 'issue', 'revoke']);
  });

  it('draws reproducibly: the seed hash is published first, the seed after; too few subjects is refused', async () => {
    const tooMany = await request({ method: 'POST', url: '/api/v1/regulation/draws', as: 'regulator', payload: { title: '抽查', inspectors: 2, subjects: 5 } });
    // Subjects: 王小明 + the 2nd…4th companies (the 5th was revoked) = 4.
    expect(tooMany.statusCode).toBe(422);
    expect(tooMany.json().error).toMatchObject({ code: 'DRAW_TOO_FEW_SUBJECTS', details: { available: 4 } });
    expect((await request({ method: 'POST', url: '/api/v1/regulation/draws', as: 'regulator', payload: { title: '抽查', inspectors: 4, subjects: 1 } })).json().error.code).toBe('DRAW_TOO_FEW_INSPECTORS');
    expect(await count('regulation_draws')).toBe(0);
    const c = await request({ method: 'POST', url: '/api/v1/regulation/draws', as: 'regulator', payload: { title: '食品经营者双随机抽查', inspectors: 2, subjects: 2 } });
    expect(c.statusCode).toBe(201);
    drawNo = c.json().drawNo;
    const before = (await request({ method: 'GET', url: `/api/v1/regulation/public/draws/${drawNo}` })).json();
    expect(before).toMatchObject({ status: 'committed', seed: null, result: null, seedHash: c.json().seedHash });
    const run = await request({ method: 'POST', url: `/api/v1/regulation/draws/${drawNo}/run`, as: 'regulator' });
    expect(run.statusCode).toBe(200);
    const pub = (await request({ method: 'GET', url: `/api/v1/regulation/public/draws/${drawNo}` })).json();
    expect(seedHash(pub.seed)).toBe(pub.seedHash);
    const again = picksOf(pub.seed, pub.inspectorPool.length, pub.subjectPool.length, pub.inspectorsWanted, pub.subjectsWanted);
    expect(pub.result.subjects.map((s: { index: number }) => s.index)).toEqual(again.subjects);
    expect(pub.result.inspectors.map((s: { index: number }) => s.index)).toEqual(again.inspectors);
    // The public page masks IDs and persons' names and shows no internal keys.
    expect(JSON.stringify(pub)).not.toContain(COMPANY_CODE.slice(0, 10) + '00000002');
    expect(JSON.stringify(pub)).not.toContain('王小明');
    expect(JSON.stringify(pub)).not.toContain('subjectKey');
    expect((await request({ method: 'POST', url: `/api/v1/regulation/draws/${drawNo}/run`, as: 'regulator' })).statusCode).toBe(409);
    expect((await request({ method: 'GET', url: '/api/v1/regulation/public/draws' })).json().items[0]).toMatchObject({ drawNo, status: 'drawn' });
  });

  it('records inspections with outcome and rectification deadline; overdue rectification is a risk flag and a card', async () => {
    const staff = (await request({ method: 'GET', url: `/api/v1/regulation/draws/${drawNo}`, as: 'regulator' })).json();
    const subjectKey = staff.result.subjects[0].subjectKey as string;
    const ids = staff.result.inspectors.map((i: { id: number }) => i.id);
    const post = (payload: Record<string, unknown>) => request({ method: 'POST', url: '/api/v1/regulation/inspections', as: 'regulator', payload: { drawNo, subjectKey, inspectorIds: ids, inspectedOn: '2026-11-10', ...payload } });
    expect((await post({ outcome: 'rectify' })).json().error.code).toBe('RECTIFY_DUE_REQUIRED');
    expect((await post({ outcome: 'no_problem', inspectorIds: [ids[0]] })).json().error.code).toBe('TOO_FEW_INSPECTORS');
    expect((await post({ outcome: 'no_problem', subjectKey: 'X' })).json().error.code).toBe('SUBJECT_NOT_DRAWN');
    expect(await count('regulation_inspections')).toBe(0);
    const ok = await post({ outcome: 'rectify', rectifyDue: '2026-11-12', note: '健康证过期' });
    expect(ok.statusCode).toBe(201);
    t.clock.set(at('2026-11-16'));
    const risks = (await request({ method: 'GET', url: '/api/v1/regulation/risks', as: 'regulator' })).json();
    // The rectification (due 11-12) and the five license tasks (four issues, one revoke) unclaimed since 11-13.
    expect(risks.items.map((r: { kind: string }) => r.kind).sort()).toEqual([...Array(5).fill('license_unclaimed'), 'rectify_overdue']);
    const cands = await candidates('2026-11-16');
    expect(cands.filter((c) => c.rule === 'regulation_rectify_late')).toHaveLength(1);
    expect(cands.filter((c) => c.rule === 'regulation_license_unclaimed')).toHaveLength(5);
    const done = await request({ method: 'POST', url: `/api/v1/regulation/inspections/${ok.json().id}/rectified`, as: 'regulator', payload: { on: '2026-11-16' } });
    expect(done.statusCode).toBe(200);
    expect((await candidates('2026-11-16')).filter((c) => c.rule === 'regulation_rectify_late')).toHaveLength(0);
    const list = (await request({ method: 'GET', url: '/api/v1/regulation/inspections', as: 'leader' })).json();
    expect(list.items[0]).toMatchObject({ outcomeLabel: '责令整改', rectifiedOn: '2026-11-16', drawNo });
    const kpis = await t.ctx.services.regulation.kpis.kpis({ from: '2026-11-01', to: '2026-11-30' }, marketId);
    expect(kpis['regulation.inspections']).toEqual({ value: 1 / 4, numerator: 1, denominator: 4 });
    // The test catalogue lists no published items (no `list`): no denominator, no figure.
    expect(kpis['regulation.itemCoverage']).toEqual({ value: null, numerator: 0, denominator: 0 });
    expect((await verifyAuditChain(t.opened.db)).ok).toBe(true);
  });
});
