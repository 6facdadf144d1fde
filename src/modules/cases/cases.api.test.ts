import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, dialects, type TestApp, type AnyTestApp } from '../../../test/harness';
import { verifyAuditChain } from '../../kernel/audit/audit';
import { COMPANY_CODE, FOOD_ALL, PERSON_ID, at, clockSafeRequest, idNo, personApplicant, testModules } from './cases.test-support';

async function count(t: AnyTestApp, table: string): Promise<number> {
  const r = await t.opened.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

describe.each(dialects)('cases API on %s', (dialect) => {
  let t: TestApp<typeof testModules>;
  let request: ReturnType<typeof clockSafeRequest>;
  beforeAll(async () => {
    t = await buildTestApp({ dialect, now: at('2026-09-24'), modules: testModules });
    request = clockSafeRequest(t);
  });
  afterAll(async () => t?.close());

  const submit = (payload: Record<string, unknown>, as = 'clerk', headers: Record<string, string> = {}) =>
    request({ method: 'POST', url: '/api/v1/cases', as, payload, headers });
  const act = (caseNo: string, payload: Record<string, unknown>, as = 'clerk') =>
    request({ method: 'POST', url: `/api/v1/cases/${caseNo}/actions`, as, payload });
  const get = (caseNo: string, as = 'clerk') => request({ method: 'GET', url: `/api/v1/cases/${caseNo}`, as });

  it('takes an application at the window against the published version with its materials checklist', async () => {
    t.clock.set(at('2026-09-24'));
    const res = await submit({ itemCode: 'T-FOOD', channel: 'window', applicant: personApplicant(), materials: [{ name: '食品经营许可申请书', provided: true }] });
    expect(res.statusCode).toBe(201);
    const c = res.json();
    expect(c.caseNo).toMatch(/^430582-20260924-\d{6}$/);
    expect(c).toMatchObject({
      status: 'submitted',
      itemCode: 'T-FOOD',
      itemName: '食品经营许可（新办）',
      versionId: 1,
      departmentName: '邵东市市场监督管理局',
      channel: 'window',
      acceptedAt: null,
      promisedDueDate: null,
      workdaysUsed: 0,
    });
    expect(c.applicant).toMatchObject({ type: 'person', name: '王小明', idNumber: PERSON_ID, phone: '13800138000' });
    expect(c.materials.map((m: { name: string; provided: boolean }) => [m.name, m.provided])).toEqual([
      ['食品经营许可申请书', true],
      ['营业执照', false],
      ['经营场所平面布局图', false],
      ['从业人员健康证明', false],
    ]);
    // 营业执照 comes from the e-license library and is never asked for.
    expect(c.missingMaterials).toEqual(['经营场所平面布局图']);
    // Intake window: 5 working days after Thu 9-24 skip 中秋 (9-25..27) and 国庆 (10-1..7).
    expect(c.clock).toMatchObject({ phase: 'intake', intakeDueDate: '2026-10-09', intakeWorkdaysLeft: 5 });
    expect(c.explanation).toContain('2026-10-09');
  });

  it('numbers cases per day and restarts the sequence the next day', async () => {
    t.clock.set(at('2026-09-28'));
    const a = (await submit({ itemCode: 'T-FOOD', channel: 'window', applicant: personApplicant() })).json();
    const b = (await submit({ itemCode: 'T-FOOD', channel: 'window', applicant: personApplicant() })).json();
    expect(a.caseNo).toBe('430582-20260928-000001');
    expect(b.caseNo).toBe('430582-20260928-000002');
  });

  it('returns the first result for a retried POST with the same Idempotency-Key (scoped by actor)', async () => {
    t.clock.set(at('2026-09-28'));
    const body = { itemCode: 'T-FOOD', channel: 'window', applicant: personApplicant() };
    const before = await count(t, 'cases_cases');
    const first = await submit(body, 'clerk', { 'idempotency-key': 'retry-1' });
    const again = await submit(body, 'clerk', { 'idempotency-key': 'retry-1' });
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().caseNo).toBe(first.json().caseNo);
    expect(await count(t, 'cases_cases')).toBe(before + 1);
    // Another account using the same key is another request.
    const other = await submit(body, 'admin', { 'idempotency-key': 'retry-1' });
    expect(other.json().caseNo).not.toBe(first.json().caseNo);
  });

  it('takes an organisation application and an online application from a citizen', async () => {
    t.clock.set(at('2026-09-28'));
    const org = await submit({ itemCode: 'T-FOOD', channel: 'window', applicant: { type: 'organization', name: '邵东市好味道餐饮有限公司', creditCode: COMPANY_CODE.toLowerCase(), phone: '0739-2612345' } });
    expect(org.statusCode).toBe(201);
    expect(org.json().applicant.creditCode).toBe(COMPANY_CODE);
    const online = await submit({ itemCode: 'T-FOOD', channel: 'online', applicant: personApplicant({ name: '张三' }) }, 'citizen');
    expect(online.statusCode).toBe(201);
    const atWindow = await submit({ itemCode: 'T-FOOD', channel: 'window', applicant: personApplicant() }, 'citizen');
    expect(atWindow.statusCode).toBe(422);
    expect(atWindow.json().error.details.field).toBe('channel');
  });

  it.each([
    ['an unknown item', { itemCode: 'NOPE' }, 'ITEM_NOT_AVAILABLE', 'itemCode'],
    ['a retired item', { itemCode: 'T-RETIRED' }, 'ITEM_NOT_AVAILABLE', 'itemCode'],
    ['an item that is not 依申请', { itemCode: 'T-CHECK' }, 'ITEM_NOT_APPLICATION_BASED', 'itemCode'],
    ['a wrong ID check digit', { applicant: personApplicant({ idNumber: PERSON_ID.slice(0, 17) + (PERSON_ID[17] === '1' ? '2' : '1') }) }, 'ID_CHECK_DIGIT', 'applicant.idNumber'],
    ['an impossible birth date', { applicant: personApplicant({ idNumber: idNo('43058219900230123') }) }, 'ID_BIRTH_DATE', 'applicant.idNumber'],
    ['a birth date in the future', { applicant: personApplicant({ idNumber: idNo('43058220300101123') }) }, 'ID_BIRTH_DATE', 'applicant.idNumber'],
    ['a wrong USCC check character', { applicant: { type: 'organization', name: '某公司', creditCode: COMPANY_CODE.slice(0, 17) + (COMPANY_CODE[17] === '0' ? '1' : '0') } }, 'USCC_CHECK_CHAR', 'applicant.creditCode'],
    ['a person without an ID number', { applicant: { type: 'person', name: '王小明' } }, 'ID_NUMBER_REQUIRED', 'applicant.idNumber'],
    ['a bad phone number', { applicant: personApplicant({ phone: '12345' }) }, 'PHONE_INVALID', 'applicant.phone'],
    ['a material not on the checklist', { materials: [{ name: '不存在的材料', provided: true }] }, 'MATERIAL_UNKNOWN', 'materials'],
  ])('refuses %s with a 422 naming it, writing nothing', async (_label, over, code, field) => {
    const before = { cases: await count(t, 'cases_cases'), audit: await count(t, 'kernel_audit_log'), seq: await count(t, 'kernel_sequences') };
    const res = await submit({ itemCode: 'T-FOOD', channel: 'window', applicant: personApplicant(), ...over });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe(code);
    expect(res.json().error.details.field).toBe(field);
    expect({ cases: await count(t, 'cases_cases'), audit: await count(t, 'kernel_audit_log'), seq: await count(t, 'kernel_sequences') }).toEqual(before);
  });

  it('refuses a malformed body with 400 naming the field', async () => {
    const res = await submit({ itemCode: 'T-FOOD', channel: 'fax', applicant: personApplicant() });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.field).toBe('channel');
  });

  it('drives the whole lifecycle: correction → supplement → accept → suspend → resume → extend → approve → complete', async () => {
    t.clock.set(at('2026-09-24', 9));
    const c = (await submit({ itemCode: 'T-FOOD', channel: 'window', applicant: personApplicant(), materials: [{ name: '食品经营许可申请书', provided: true }] })).json();
    const no = c.caseNo;

    // Acceptance with a required material missing is refused and changes nothing.
    const audit0 = await count(t, 'kernel_audit_log');
    const early = await act(no, { action: 'accept' });
    expect(early.statusCode).toBe(422);
    expect(early.json().error).toMatchObject({ code: 'MATERIALS_MISSING', details: { field: 'materials', missing: ['经营场所平面布局图'] } });
    expect(await count(t, 'kernel_audit_log')).toBe(audit0);

    // One notice listing everything missing (the checklist plus what the clerk adds).
    const corr = await act(no, { action: 'request_correction', missing: ['消防安全承诺书'] });
    expect(corr.statusCode).toBe(200);
    expect(corr.json().status).toBe('correction_requested');
    expect(corr.json().timeline.at(-1).data.missing).toEqual(['经营场所平面布局图', '消防安全承诺书']);
    const outbox = await t.opened.db.selectFrom('kernel_outbox').selectAll().where('template', '=', 'case.correction_requested').execute();
    expect(outbox.some((o) => JSON.parse(o.payload_json).caseNo === no && o.recipient === '13800138000')).toBe(true);

    const again = await act(no, { action: 'accept' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.details.status).toBe('correction_requested');

    t.clock.set(at('2026-09-28'));
    const sup = await act(no, { action: 'supplement', materials: [{ name: '经营场所平面布局图', provided: true }] });
    expect(sup.json().status).toBe('submitted');
    // The intake window restarts with the supplement.
    expect(sup.json().clock.intakeDueDate).toBe('2026-10-10');

    t.clock.set(at('2026-09-29'));
    const acc = await act(no, { action: 'accept' });
    expect(acc.statusCode).toBe(200);
    // Accepted Tue 9-29: 9-30 (1), 国庆 10-1..7 off, 10-8 (2), 10-9 (3), 10-10 调休 Saturday (4), 10-12 (5).
    expect(acc.json()).toMatchObject({ status: 'accepted', promisedDueDate: '2026-10-12', workdaysUsed: 0, workdaysLeft: 5 });
    expect(acc.json().legalDueDate).toBe('2026-11-02');
    expect(acc.json().explanation).toContain('国庆节');
    expect(acc.json().explanation).toContain('10月10日（周六）调休上班');

    // Only the legal reasons of §45 stop the clock.
    const bad = await act(no, { action: 'suspend', reason: '领导出差' }, 'reviewer');
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.code).toBe('SUSPEND_REASON_INVALID');
    // The window cannot suspend; the reviewer of the department can.
    expect((await act(no, { action: 'suspend', reason: '专家评审' }, 'clerk')).statusCode).toBe(403);

    t.clock.set(at('2026-10-08'));
    const susp = await act(no, { action: 'suspend', reason: '专家评审' }, 'reviewer');
    expect(susp.statusCode).toBe(200);
    expect(susp.json().status).toBe('suspended');
    expect(susp.json().clock.suspensions[0]).toMatchObject({ reason: '专家评审', from: '2026-10-08', to: null, noticeNo: `${no}-TZ1` });
    expect(susp.json().timeline.at(-1).data.notice).toContain('专家评审');

    // Suspended 10-8 … resumed 10-13: 10-8, 10-9, 10-10 (调休), 10-12 = 4 working days added.
    t.clock.set(at('2026-10-13'));
    const res = await act(no, { action: 'resume' }, 'reviewer');
    expect(res.json()).toMatchObject({ status: 'accepted', promisedDueDate: '2026-10-16', legalDueDate: '2026-11-06' });
    expect(res.json().clock.suspensions[0]).toMatchObject({ to: '2026-10-13', workdays: 4, promisedShift: 4, legalShift: 4 });
    expect(res.json().explanation).toContain('专家评审中止 4 个工作日');

    // Extensions: leader only, within the item's allowance (10), approver recorded.
    expect((await act(no, { action: 'extend', days: 3, reason: '情况复杂' }, 'reviewer')).statusCode).toBe(403);
    const tooMuch = await act(no, { action: 'extend', days: 11, reason: '情况复杂' }, 'leader');
    expect(tooMuch.statusCode).toBe(422);
    expect(tooMuch.json().error).toMatchObject({ code: 'EXTENSION_EXCEEDS_ALLOWANCE', details: { field: 'days', remaining: 10 } });
    const ext = await act(no, { action: 'extend', days: 10, reason: '需现场核查' }, 'leader');
    expect(ext.statusCode).toBe(200);
    expect(ext.json().legalDueDate).toBe('2026-11-20');
    expect(ext.json().promisedDueDate).toBe('2026-10-16');
    expect(ext.json().clock.extensions[0]).toMatchObject({ days: 10, approverName: '李局长', approvedOn: '2026-10-13' });
    const more = await act(no, { action: 'extend', days: 1, reason: '再延' }, 'leader');
    expect(more.json().error.details.remaining).toBe(0);

    t.clock.set(at('2026-10-15'));
    const ok = await act(no, { action: 'approve' }, 'reviewer');
    expect(ok.json().status).toBe('approved');
    expect((await act(no, { action: 'complete', deliveryMethod: '快递柜' })).json().error.code).toBe('DELIVERY_METHOD_INVALID');
    t.clock.set(at('2026-10-16'));
    const done = await act(no, { action: 'complete', deliveryMethod: '邮寄', trackingNo: 'EMS1234567890' });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ status: 'completed', onTime: true, workdaysUsed: 5, delivery: { method: '邮寄', trackingNo: 'EMS1234567890', completedOn: '2026-10-16' } });
    expect(done.json().timeline.map((e: { action: string }) => e.action)).toEqual([
      'submit', 'request_correction', 'supplement', 'accept', 'suspend', 'resume', 'extend', 'approve', 'complete',
    ]);
    const templates = (await t.opened.db.selectFrom('kernel_outbox').select(['template', 'payload_json']).execute())
      .filter((o) => JSON.parse(o.payload_json).caseNo === no)
      .map((o) => o.template);
    expect(new Set(templates)).toEqual(new Set(['case.correction_requested', 'case.accepted', 'case.suspended', 'case.resumed', 'case.approved', 'case.completed']));

    // Terminal: nothing more, and the 409 says where the case stands.
    const after = await act(no, { action: 'withdraw' });
    expect(after.statusCode).toBe(409);
    expect(after.json().error.details).toMatchObject({ status: 'completed', action: 'withdraw' });
    const row = await t.opened.db.selectFrom('cases_cases').selectAll().where('case_no', '=', no).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ promised_due_date: '2026-10-16', legal_due_date: '2026-11-20', on_time: 1, completed_on: '2026-10-16' });
    expect((await verifyAuditChain(t.opened.db)).ok).toBe(true);
  });

  it('marks a case completed after its promised date as late', async () => {
    t.clock.set(at('2026-11-02'));
    const c = (await submit({ itemCode: 'T-FOOD', channel: 'window', applicant: personApplicant(), materials: FOOD_ALL })).json();
    await act(c.caseNo, { action: 'accept' });
    t.clock.set(at('2026-11-09'));
    expect((await get(c.caseNo)).json()).toMatchObject({ promisedDueDate: '2026-11-09', workdaysLeft: 0 });
    t.clock.set(at('2026-11-11'));
    const late = (await get(c.caseNo)).json();
    expect(late.workdaysLeft).toBe(-2);
    expect(late.clock.overdue).toBe(true);
    await act(c.caseNo, { action: 'approve' }, 'reviewer');
    const done = (await act(c.caseNo, { action: 'complete', deliveryMethod: '窗口领取' })).json();
    expect(done).toMatchObject({ onTime: false, workdaysUsed: 7 });
    expect(done.explanation).toContain('超过承诺办结日 2 个工作日');
  });

  it('rejects and denies only with a reason; withdrawal ends an open case', async () => {
    t.clock.set(at('2026-10-12'));
    const a = (await submit({ itemCode: 'T-FOOD', channel: 'window', applicant: personApplicant() })).json();
    const noReason = await act(a.caseNo, { action: 'reject' });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json().error.details.field).toBe('reason');
    const rej = await act(a.caseNo, { action: 'reject', reason: '不属于本机关职权范围' });
    expect(rej.json()).toMatchObject({ status: 'rejected', decision: { reason: '不属于本机关职权范围' } });

    const b = (await submit({ itemCode: 'T-FOOD', channel: 'window', applicant: personApplicant(), materials: FOOD_ALL })).json();
    await act(b.caseNo, { action: 'accept' });
    expect((await act(b.caseNo, { action: 'deny' }, 'reviewer')).statusCode).toBe(422);
    const denied = await act(b.caseNo, { action: 'deny', reason: '经营场所不符合卫生要求' }, 'reviewer');
    expect(denied.json().status).toBe('denied');
    expect((await act(b.caseNo, { action: 'complete', deliveryMethod: '窗口领取' })).json().status).toBe('completed');

    const c = (await submit({ itemCode: 'T-FOOD', channel: 'window', applicant: personApplicant(), materials: FOOD_ALL })).json();
    await act(c.caseNo, { action: 'accept' });
    const w = await act(c.caseNo, { action: 'withdraw', reason: '申请人主动撤回' });
    expect(w.json()).toMatchObject({ status: 'withdrawn' });
    expect(w.json().clock.phase).toBe('stopped');
  });

  it('handles 即办件 (due on the day of acceptance) and natural-day limits', async () => {
    t.clock.set(at('2026-09-30'));
    const i = (await submit({ itemCode: 'T-INSTANT', channel: 'window', applicant: personApplicant(), materials: [{ name: '居民身份证', provided: true }] })).json();
    const acc = (await act(i.caseNo, { action: 'accept' })).json();
    expect(acc).toMatchObject({ promisedDueDate: '2026-09-30', legalDueDate: '2026-09-30', workdaysLeft: 0 });
    // Natural days: 9-21 + 10 = 10-1 (国庆) → the next working day, 10-8.
    t.clock.set(at('2026-09-21'));
    const n = (await submit({ itemCode: 'T-NATURAL', channel: 'window', applicant: personApplicant(), materials: [{ name: '设置申请表', provided: true }] })).json();
    const nacc = (await act(n.caseNo, { action: 'accept' })).json();
    expect(nacc.promisedDueDate).toBe('2026-10-08');
    expect(nacc.explanation).toContain('顺延至其后第一个工作日');
  });

  it('counts a case left unanswered for 5 working days as accepted on its submission date (§32)', async () => {
    t.clock.set(at('2026-09-24'));
    const c = (await submit({ itemCode: 'T-FOOD', channel: 'window', applicant: personApplicant() })).json();
    t.clock.set(at('2026-10-09', 17));
    expect((await get(c.caseNo)).json().status).toBe('submitted');
    // 10-10 is a 调休 Saturday: a working day, and the first one past the window.
    t.clock.set(at('2026-10-10'));
    const read = (await get(c.caseNo)).json();
    expect(read).toMatchObject({ status: 'accepted', deemedAccepted: true, acceptedOn: '2026-09-24', promisedDueDate: '2026-10-09' });
    expect(read.workdaysLeft).toBe(-1);
    expect(read.explanation).toContain('视为受理');
    // Reading does not write; the next action records the deemed acceptance first.
    expect((await t.opened.db.selectFrom('cases_cases').select('status').where('case_no', '=', c.caseNo).executeTakeFirstOrThrow()).status).toBe('submitted');
    const late = await act(c.caseNo, { action: 'request_correction' });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.details.status).toBe('accepted');
    const row = await t.opened.db.selectFrom('cases_cases').selectAll().where('case_no', '=', c.caseNo).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'accepted', accepted_on: '2026-09-24', deemed_accepted: 1, promised_due_date: '2026-10-09' });
    const tl = (await get(c.caseNo)).json().timeline;
    expect(tl.map((e: { action: string }) => e.action)).toEqual(['submit', 'deemed_accept']);

    // The job records the others.
    t.clock.set(at('2026-10-12'));
    const d = (await submit({ itemCode: 'T-FOOD', channel: 'window', applicant: personApplicant() })).json();
    t.clock.set(at('2026-10-20'));
    const cases = t.ctx.services.cases;
    expect(await cases.materializeDeemedAcceptances()).toBeGreaterThanOrEqual(1);
    const drow = await t.opened.db.selectFrom('cases_cases').selectAll().where('case_no', '=', d.caseNo).executeTakeFirstOrThrow();
    expect(drow).toMatchObject({ status: 'accepted', accepted_on: '2026-10-12', deemed_accepted: 1 });
  });

  it('scopes reads and actions: reviewers see their department only, citizens their own cases', async () => {
    t.clock.set(at('2026-10-12'));
    const food = (await submit({ itemCode: 'T-FOOD', channel: 'window', applicant: personApplicant(), materials: FOOD_ALL })).json();
    const police = (await submit({ itemCode: 'T-POLICE', channel: 'window', applicant: personApplicant() })).json();
    expect((await get(food.caseNo, 'reviewer')).statusCode).toBe(200);
    expect((await get(police.caseNo, 'reviewer')).statusCode).toBe(404);
    expect((await act(police.caseNo, { action: 'accept' }, 'reviewer')).statusCode).toBe(404);
    const list = (await request({ method: 'GET', url: '/api/v1/cases?pageSize=100', as: 'reviewer' })).json();
    expect(list.items.every((c: { departmentName: string }) => c.departmentName === '邵东市市场监督管理局')).toBe(true);
    expect(list.items.length).toBeGreaterThan(0);

    // Lists mask personal data; the staff detail view does not; citizens never see another's case.
    const clerkList = (await request({ method: 'GET', url: `/api/v1/cases?q=${food.caseNo}`, as: 'clerk' })).json();
    expect(clerkList.items[0].applicant).toMatchObject({ name: '王**', idNumber: `${PERSON_ID.slice(0, 4)}**********${PERSON_ID.slice(-4)}`, phone: '138****8000' });
    expect((await get(food.caseNo, 'citizen')).statusCode).toBe(404);
    expect((await get(food.caseNo, 'operator')).statusCode).toBe(403);

    const mine = (await submit({ itemCode: 'T-FOOD', channel: 'online', applicant: personApplicant({ name: '张三' }) }, 'citizen')).json();
    const my = (await request({ method: 'GET', url: '/api/v1/cases', as: 'citizen' })).json();
    expect(my.items.map((c: { caseNo: string }) => c.caseNo)).toContain(mine.caseNo);
    expect(my.items.every((c: { applicant: { name: string } }) => c.applicant.name === '张*')).toBe(true);
    const own = (await get(mine.caseNo, 'citizen')).json();
    expect(own.applicant.masked).toBe(true);
    expect(own.allowedActions).toEqual(['withdraw']);
    expect((await act(mine.caseNo, { action: 'accept' }, 'citizen')).statusCode).toBe(403);
    expect((await act(mine.caseNo, { action: 'withdraw' }, 'citizen')).json().status).toBe('withdrawn');
  });

  it('sorts the reviewer worklist by the next deadline', async () => {
    const res = (await request({ method: 'GET', url: '/api/v1/cases?sort=due&status=accepted,suspended,submitted&pageSize=100', as: 'reviewer' })).json();
    const rows = await t.opened.db.selectFrom('cases_cases').select(['case_no', 'promised_due_date', 'intake_due_date']).where('case_no', 'in', res.items.map((c: { caseNo: string }) => c.caseNo)).execute();
    const key = new Map(rows.map((r) => [r.case_no, (r.promised_due_date ?? r.intake_due_date) as string]));
    const keys = res.items.map((c: { caseNo: string }) => key.get(c.caseNo));
    expect(keys.length).toBeGreaterThan(2);
    expect(keys).toEqual([...keys].sort());
  });

  it('answers the public progress lookup without personal data, and rate-limits it', async () => {
    t.clock.set(at('2026-10-12'));
    const c = (await submit({ itemCode: 'T-FOOD', channel: 'window', applicant: personApplicant(), materials: FOOD_ALL })).json();
    await act(c.caseNo, { action: 'accept' });
    const ok = await request({ method: 'GET', url: `/api/v1/public/progress?caseNo=${c.caseNo}&last4=${PERSON_ID.slice(-4)}` });
    expect(ok.statusCode).toBe(200);
    const body = ok.json();
    expect(body).toMatchObject({ caseNo: c.caseNo, status: 'accepted', itemName: '食品经营许可（新办）', promisedDueDate: '2026-10-19' });
    expect(body.nextStep).toBeTruthy();
    expect(body.explanation).toContain('承诺办结日');
    const text = JSON.stringify(body);
    expect(text).not.toContain('王');
    expect(text).not.toContain(PERSON_ID);
    expect(text).not.toContain('13800138000');
    expect(text).not.toContain('陈窗口');
    // typed without dashes, or with a Chinese input method's full-width dashes: the same case
    const plain = await request({ method: 'GET', url: `/api/v1/public/progress?caseNo=${c.caseNo.replaceAll('-', '')}&last4=${PERSON_ID.slice(-4)}` });
    expect(plain.statusCode).toBe(200);
    expect(plain.json().caseNo).toBe(c.caseNo);
    const wide = await request({ method: 'GET', url: `/api/v1/public/progress?caseNo=${encodeURIComponent(c.caseNo.replaceAll('-', '－'))}&last4=${PERSON_ID.slice(-4)}` });
    expect(wide.json().caseNo).toBe(c.caseNo);

    const wrong = await request({ method: 'GET', url: `/api/v1/public/progress?caseNo=${c.caseNo}&last4=0000` });
    expect(wrong.statusCode).toBe(404);
    const missing = await request({ method: 'GET', url: `/api/v1/public/progress?caseNo=430582-20260101-999999&last4=0000` });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe(wrong.json().error.code);
    // Guessing the last 4 digits of one case is stopped after a few tries.
    let res;
    for (let i = 0; i < 6; i++) res = await request({ method: 'GET', url: `/api/v1/public/progress?caseNo=${c.caseNo}&last4=${String(1000 + i)}` });
    expect(res!.statusCode).toBe(429);
    expect(Number(res!.headers['retry-after'])).toBeGreaterThan(0);
    t.clock.advance(16 * 60_000);
    expect((await request({ method: 'GET', url: `/api/v1/public/progress?caseNo=${c.caseNo}&last4=${PERSON_ID.slice(-4)}` })).statusCode).toBe(200);
    // And per address.
    let last;
    for (let i = 0; i < 40; i++) last = await request({ method: 'GET', url: `/api/v1/public/progress?caseNo=${c.caseNo}&last4=${PERSON_ID.slice(-4)}` });
    expect(last!.statusCode).toBe(429);
    t.clock.advance(20 * 60_000);
  });
});
