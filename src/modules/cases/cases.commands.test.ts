import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/harness';
import { systemActor } from '../../kernel/auth/actor';
import type { CaseMaterial, CaseStatus } from '../../shared/cases.types';
import { CASE_COMMANDS, type ActionInput, type CommandContext } from './cases.commands';
import { CasesEnv } from './cases.env';
import { loadCasesSettings } from './cases.settings';
import { newCaseRow, nextStatus } from './cases.rules';
import type { CaseRow, CasesTx } from './cases.tables';
import { at, testModules } from './cases.test-support';

const TODAY = '2026-09-24';
const material = (name: string, provided: boolean): CaseMaterial => ({ name, required: true, form: 'original', copies: 1, eLicenseReplaceable: false, provided });

/** A case in `status`, accepted on `acceptedOn` when given (promised 5 / legal 20 working days, 10 extra allowed). */
function caseRow(status: CaseStatus, over: Partial<CaseRow> = {}): CaseRow {
  const row = newCaseRow({
    caseNo: '430582-20260901-000001',
    item: { code: 'T-FOOD', name: '食品经营许可（新办）', versionId: 1, departmentId: 1, kind: 'promised', promisedLimit: 5, legalLimit: 20, limitUnit: 'workday', extensionAllowance: 10 },
    channel: 'window',
    applicant: { type: 'person', name: '王小明', idNumber: '430582199003071234', phone: null },
    applicantUserId: null,
    submittedAt: '2026-09-01T02:00:00.000Z',
    submittedOn: '2026-09-01',
    intakeDueDate: '2026-09-08',
    defaultExtensionAllowance: 10,
    materialsJson: '[]',
    bundleAppId: null,
    greenChannel: null,
    cross: null,
    createdBy: null,
  });
  return { ...row, id: 1, status, ...over };
}

describe('case commands: what the law asks of each verb', () => {
  let t: TestApp<typeof testModules>;
  let env: CasesEnv;
  beforeAll(async () => {
    t = await buildTestApp({ dialect: 'sqlite', now: at(TODAY), modules: testModules });
    env = new CasesEnv(t.ctx, loadCasesSettings({}), true);
  });
  afterAll(async () => t?.close());

  /** Runs the verb's command on `row` inside a transaction that the refusal rolls back. */
  const run = (row: CaseRow, input: ActionInput, o: { materials?: CaseMaterial[]; today?: string } = {}) =>
    env.db.transaction().execute(async (tx: CasesTx) => {
      const to = nextStatus(row.status, input.action);
      if (!to) throw new Error(`${row.status} + ${input.action} is not a transition`);
      const c: CommandContext = { env, tx, actor: systemActor('test'), row, to, susp: [], ext: [], materials: o.materials ?? [], today: o.today ?? TODAY, now: `${o.today ?? TODAY}T02:00:00.000Z` };
      return CASE_COMMANDS[input.action](c, input);
    });

  const accepted = caseRow('accepted', { accepted_on: '2026-09-01', accepted_at: '2026-09-01T03:00:00.000Z' });
  const proxy = caseRow('accepted', { accepted_on: '2026-09-01', cross_mode: 'proxy', partner_region_code: '441900' });

  it.each([
    ['a correction with nothing missing', 'NOTHING_TO_CORRECT', caseRow('submitted'), { action: 'request_correction' }, { materials: [material('申请书', true)] }],
    ['an acceptance with a required material missing', 'MATERIALS_MISSING', caseRow('submitted'), { action: 'accept' }, { materials: [material('申请书', false)] }],
    ['an acceptance naming a material not on the checklist', 'MATERIAL_UNKNOWN', caseRow('submitted'), { action: 'accept', materials: [{ name: '别的', provided: true }] }, {}],
    ['不予受理 without a reason', 'REASON_REQUIRED', caseRow('submitted'), { action: 'reject', reason: ' 无 ' }, {}],
    ['不予许可 without a reason', 'REASON_REQUIRED', accepted, { action: 'deny' }, {}],
    ['a suspension for a reason §45 does not know', 'SUSPEND_REASON_INVALID', accepted, { action: 'suspend', reason: '领导出差' }, {}],
    ['an extension of 0 days', 'EXTENSION_DAYS_INVALID', accepted, { action: 'extend', days: 0, reason: '现场核查' }, {}],
    ['an extension past the allowance', 'EXTENSION_EXCEEDS_ALLOWANCE', accepted, { action: 'extend', days: 11, reason: '现场核查' }, {}],
    ['an extension without a reason', 'REASON_REQUIRED', accepted, { action: 'extend', days: 5 }, {}],
    ['an extension after the legal due date', 'EXTENSION_TOO_LATE', accepted, { action: 'extend', days: 5, reason: '现场核查' }, { today: '2026-11-30' }],
    ['a delivery by fax', 'DELIVERY_METHOD_INVALID', caseRow('approved'), { action: 'complete', deliveryMethod: '传真' }, {}],
    ['a delivery by post without a tracking number', 'TRACKING_NO_REQUIRED', caseRow('approved'), { action: 'complete', deliveryMethod: '邮寄' }, {}],
    ['forwarding a case received for here', 'NOT_A_PROXY_CASE', accepted, { action: 'forward', method: '邮寄', trackingNo: 'EMS1' }, {}],
    ['forwarding by an unknown way', 'FORWARD_METHOD_INVALID', proxy, { action: 'forward', method: '飞鸽' }, {}],
    ['a partner reference on a local case', 'NOT_A_CROSS_PROVINCE_CASE', accepted, { action: 'record_reference', partnerReference: 'DG-1' }, {}],
    ['an empty partner reference', 'PARTNERREFERENCE_REQUIRED', proxy, { action: 'record_reference', partnerReference: '' }, {}],
    ['resuming a case with no open suspension', 'CASE_STATE_CONFLICT', caseRow('suspended', { accepted_on: '2026-09-01' }), { action: 'resume' }, {}],
  ] as Array<[string, string, CaseRow, ActionInput, { materials?: CaseMaterial[]; today?: string }]>)('refuses %s: %s', async (_label, code, row, input, o) => {
    await expect(run(row, input, o)).rejects.toMatchObject({ code });
  });

  it('asks for every missing material in one notice and stops the intake window', async () => {
    const r = await run(caseRow('submitted'), { action: 'request_correction', missing: [' 原件核验 ', ''] }, { materials: [material('申请书', true), material('平面图', false)] });
    expect(r.changes).toMatchObject({ intake_due_date: null });
    expect(r.data).toEqual({ missing: ['平面图', '原件核验'] });
    expect(r.notices).toEqual([{ template: 'case.correction_requested', payload: { missing: '平面图、原件核验' } }]);
  });

  it('restarts the §32 window from the supplement: 5 working days, 中秋 and 国庆 skipped', async () => {
    const r = await run(caseRow('correction_requested'), { action: 'supplement', materials: [{ name: '平面图', provided: true }] }, { materials: [material('平面图', false)] });
    expect(r.changes).toMatchObject({ intake_from: TODAY, intake_due_date: '2026-10-09' });
    expect(r.data).toEqual({ provided: ['平面图'] });
  });

  it('refuses a supplement that carries nothing (issue 21 item 10)', async () => {
    await expect(run(caseRow('correction_requested'), { action: 'supplement' }, { materials: [material('平面图', false)] })).rejects.toMatchObject({ code: 'SUPPLEMENT_EMPTY', status: 422 });
    await expect(run(caseRow('correction_requested'), { action: 'supplement', materials: [{ name: '平面图', provided: false }] }, { materials: [material('平面图', false)] })).rejects.toMatchObject({ code: 'SUPPLEMENT_EMPTY' });
  });

  it('fixes the on-time KPI fields at delivery, on the clock as it stands', async () => {
    // Accepted Tue 9-1: 5 working days → due 9-8; delivered 9-24 is late, after 18 working days (9-2 … 9-24 with the 9-20 调休 Sunday).
    const late = await run(caseRow('approved', { accepted_on: '2026-09-01' }), { action: 'complete', deliveryMethod: '邮寄', trackingNo: ' EMS1 ' });
    expect(late.changes).toMatchObject({ completed_on: TODAY, on_time: 0, delivery_tracking_no: 'EMS1', workdays_used: 18 });
    expect(late.data).toEqual({ deliveryMethod: '邮寄', trackingNo: 'EMS1' });
    const onTime = await run(caseRow('approved', { accepted_on: '2026-09-22' }), { action: 'complete', deliveryMethod: '窗口领取' });
    expect(onTime.changes).toMatchObject({ on_time: 1, delivery_tracking_no: null });
  });

  it('closes a rejected application with its reason', async () => {
    const r = await run(caseRow('submitted'), { action: 'reject', reason: ' 不属于本机关职权范围 ' });
    expect(r.changes).toMatchObject({ decision_reason: '不属于本机关职权范围', closed_on: TODAY, intake_due_date: null });
    expect(r.notices).toEqual([{ template: 'case.rejected', payload: { reason: '不属于本机关职权范围' } }]);
  });
});
