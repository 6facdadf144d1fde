import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, dialects, type TestApp } from '../../../test/harness';
import { auditTrailOf, verifyAuditChain } from '../../kernel/audit/audit';
import { SETTING_CACHE_MS } from '../../kernel/settings';
import type { SupervisionService } from './supervision.service';
import { deptId, insertCases, supervisionTestModules } from './supervision.test-support';

// Today is Wed 2026-09-30; 10-01..07 are 国庆/中秋 holidays, so the next working day is Thu 10-08.
const NOW = '2026-09-30T09:00:00+08:00';

describe.each(dialects)('supervision sweep and cards on %s', (dialect) => {
  let t: TestApp<typeof supervisionTestModules>;
  let svc: SupervisionService;
  let food: number;
  let police: number;
  beforeAll(async () => {
    t = await buildTestApp({ dialect, now: NOW, modules: supervisionTestModules });
    svc = t.ctx.services.supervision;
    food = await deptId(t, '430582-001');
    police = await deptId(t, '430582-002');
    await insertCases(t, [
      // near_due: due today (0 working days left) and due on the next working day (1 left, across the holiday)
      { caseNo: 'C-TODAY', status: 'accepted', submittedOn: '2026-09-20', acceptedOn: '2026-09-21', promisedDueDate: '2026-09-30' },
      { caseNo: 'C-NEXT', status: 'approved', submittedOn: '2026-09-20', acceptedOn: '2026-09-21', promisedDueDate: '2026-10-08', dept: '430582-002' },
      // two working days left: nothing yet
      { caseNo: 'C-LATER', status: 'accepted', submittedOn: '2026-09-20', acceptedOn: '2026-09-21', promisedDueDate: '2026-10-09' },
      // overdue: red
      { caseNo: 'C-OVER', status: 'accepted', submittedOn: '2026-09-10', acceptedOn: '2026-09-11', promisedDueDate: '2026-09-25' },
      // suspended: the clock is stopped, no card even past the stored due date
      { caseNo: 'C-SUSP', status: 'suspended', submittedOn: '2026-09-10', acceptedOn: '2026-09-11', promisedDueDate: '2026-09-25' },
      // intake window over, still submitted: yellow intake_late
      { caseNo: 'C-INTAKE', status: 'submitted', submittedOn: '2026-09-18', intakeDueDate: '2026-09-25' },
      // deemed accepted by the cases job before the sweep saw it: still intake_late
      { caseNo: 'C-DEEMED', status: 'accepted', submittedOn: '2026-09-18', intakeDueDate: '2026-09-25', acceptedOn: '2026-09-18', promisedDueDate: '2026-10-20', deemed: true },
      // intake window not over yet
      { caseNo: 'C-WAIT', status: 'submitted', submittedOn: '2026-09-29', intakeDueDate: '2026-10-13' },
      // completed late: red completed_late; completed on time: nothing
      { caseNo: 'C-LATEDONE', status: 'completed', submittedOn: '2026-09-01', acceptedOn: '2026-09-02', promisedDueDate: '2026-09-20', completedOn: '2026-09-22', onTime: 0, workdaysUsed: 14 },
      { caseNo: 'C-DONE', status: 'completed', submittedOn: '2026-09-01', acceptedOn: '2026-09-02', promisedDueDate: '2026-09-20', completedOn: '2026-09-18', onTime: 1, workdaysUsed: 12 },
    ]);
  });
  afterAll(async () => t?.close());

  const get = (url: string, as = 'supervisor') => t.request({ method: 'GET', url, as });

  it('issues exactly the default cards of SPEC §2.4', async () => {
    const res = await t.request({ method: 'POST', url: '/api/v1/supervision/sweep', as: 'supervisor' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ issued: 6 });
    const list = (await get('/api/v1/supervision/cards?pageSize=100')).json();
    expect(list.total).toBe(6);
    const got = list.items.map((c: { subjectId: string; rule: string; color: string }) => `${c.subjectId}:${c.rule}:${c.color}`).sort();
    expect(got).toEqual(
      [
        'C-DEEMED:intake_late:yellow',
        'C-INTAKE:intake_late:yellow',
        'C-LATEDONE:completed_late:red',
        'C-NEXT:near_due:yellow',
        'C-OVER:overdue:red',
        'C-TODAY:near_due:yellow',
      ].sort(),
    );
    const next = list.items.find((c: { subjectId: string }) => c.subjectId === 'C-NEXT');
    expect(next).toMatchObject({ departmentId: police, departmentName: '邵东市公安局', status: 'open', ruleLabel: '临近承诺期限', detail: { workdaysLeft: 1, promisedDueDate: '2026-10-08' } });
    const over = list.items.find((c: { subjectId: string }) => c.subjectId === 'C-OVER');
    // Sept 25 (Fri) → Sept 30 (Wed): 28, 29, 30 are the working days past due (26–27 weekend).
    expect(over.detail).toMatchObject({ workdaysOverdue: 3 });
  });

  it('never issues a second card for the same subject and rule (repeated and concurrent sweeps)', async () => {
    expect(await svc.sweep()).toEqual({ issued: 0 });
    const results = await Promise.all([svc.sweep(), svc.sweep(), svc.sweep()]);
    expect(results.reduce((s, r) => s + r.issued, 0)).toBe(0);
    // Cases that turn up overdue get their red card once, even from concurrent sweeps.
    await insertCases(t, [
      { caseNo: 'C-NEW1', status: 'accepted', submittedOn: '2026-09-10', acceptedOn: '2026-09-11', promisedDueDate: '2026-09-28' },
      { caseNo: 'C-NEW2', status: 'denied', submittedOn: '2026-09-10', acceptedOn: '2026-09-11', promisedDueDate: '2026-09-29', dept: '430582-002' },
    ]);
    const again = await Promise.all([svc.sweep(), svc.sweep()]);
    expect(again.reduce((s, r) => s + r.issued, 0)).toBe(2);
    const dupes = await t.opened.db
      .selectFrom('supervision_cards')
      .select(['subject_type', 'subject_id', 'rule', (eb) => eb.fn.countAll().as('n')])
      .groupBy(['subject_type', 'subject_id', 'rule'])
      .having((eb) => eb.fn.countAll(), '>', 1)
      .execute();
    expect(dupes).toEqual([]);
    expect(await t.opened.db.selectFrom('supervision_cards').select('id').execute()).toHaveLength(8);
  });

  it('notifies the department once per card through the outbox and audits every card', async () => {
    const cards = await t.opened.db.selectFrom('supervision_cards').select(['id', 'department_id']).execute();
    const outbox = await t.opened.db.selectFrom('kernel_outbox').selectAll().where('template', '=', 'supervision.card_issued').execute();
    expect(outbox.length).toBe(cards.length);
    expect(new Set(outbox.map((o) => o.dedupe_key)).size).toBe(cards.length);
    expect(outbox.find((o) => o.recipient === `department:${police}`)).toBeTruthy();
    const audits = await t.opened.db.selectFrom('kernel_audit_log').select('seq').where('action', '=', 'supervision.card_issued').execute();
    expect(audits.length).toBe(cards.length);
    expect((await verifyAuditChain(t.opened.db)).ok).toBe(true);
  });

  it('filters by colour, rule, department, month and status', async () => {
    const red = (await get('/api/v1/supervision/cards?color=red')).json();
    expect(red.items.every((c: { color: string }) => c.color === 'red')).toBe(true);
    expect(red.total).toBe(4); // C-OVER, C-LATEDONE, C-NEW1, C-NEW2
    expect((await get('/api/v1/supervision/cards?rule=intake_late')).json().total).toBe(2);
    expect((await get(`/api/v1/supervision/cards?department=${police}`)).json().total).toBe(2); // C-NEXT, C-NEW2
    expect((await get('/api/v1/supervision/cards?month=2026-09')).json().total).toBe(8);
    expect((await get('/api/v1/supervision/cards?month=2026-10')).json().total).toBe(0);
    expect((await get('/api/v1/supervision/cards?color=yellow&department=' + police)).json().items.map((c: { subjectId: string }) => c.subjectId)).toEqual(['C-NEXT']);
    expect((await get('/api/v1/supervision/cards?status=acknowledged')).json().total).toBe(0);
  });

  it('rejects bad filters naming the parameter', async () => {
    const m = await get('/api/v1/supervision/cards?month=2026-13');
    expect(m.statusCode).toBe(422);
    expect(m.json().error.details.field).toBe('month');
    const d = await get('/api/v1/supervision/cards?department=99999');
    expect(d.statusCode).toBe(422);
    expect(d.json().error.details.field).toBe('department');
    const p = await get('/api/v1/supervision/counts?from=2026-10-01&to=2026-09-01');
    expect(p.statusCode).toBe(422);
    expect(p.json().error.details.field).toBe('from');
    const x = await get('/api/v1/supervision/counts?from=2026-02-30');
    expect(x.statusCode).toBe(422);
    expect(x.json().error.details.field).toBe('from');
  });

  it('lets the department explain a card (纠错) once, audited, and hides other departments’ cards', async () => {
    const mine = (await get(`/api/v1/supervision/cards?department=${food}&rule=overdue`)).json().items[0];
    const theirs = (await get(`/api/v1/supervision/cards?department=${police}`)).json().items[0];
    // the reviewer of 市场监管局 sees only its department
    const own = (await get('/api/v1/supervision/cards?pageSize=100', 'reviewer')).json();
    expect(own.items.every((c: { departmentId: number }) => c.departmentId === food)).toBe(true);
    expect((await get(`/api/v1/supervision/cards/${theirs.id}`, 'reviewer')).statusCode).toBe(404);
    const empty = await t.request({ method: 'POST', url: `/api/v1/supervision/cards/${mine.id}/acknowledge`, as: 'reviewer', payload: { explanation: ' ' } });
    expect(empty.statusCode).toBe(422);
    expect(empty.json().error.details.field).toBe('explanation');
    const ok = await t.request({ method: 'POST', url: `/api/v1/supervision/cards/${mine.id}/acknowledge`, as: 'reviewer', payload: { explanation: '申请人补充检测报告延误，已督促办结' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'acknowledged', acknowledgedByName: '刘审批', explanation: '申请人补充检测报告延误，已督促办结' });
    const twice = await t.request({ method: 'POST', url: `/api/v1/supervision/cards/${mine.id}/acknowledge`, as: 'supervisor', payload: { explanation: '重复说明' } });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.details.status).toBe('acknowledged');
    const audit = await t.opened.db.selectFrom('kernel_audit_log').selectAll().where('action', '=', 'supervision.card_acknowledged').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0].actor_name).toBe('reviewer');
    expect((await t.opened.db.selectFrom('kernel_outbox').select('id').where('template', '=', 'supervision.card_acknowledged').execute()).length).toBe(1);
    expect((await t.request({ method: 'POST', url: `/api/v1/supervision/cards/${theirs.id}/acknowledge`, as: 'reviewer', payload: { explanation: '不是本部门' } })).statusCode).toBe(404);
  });

  it('counts cards by department and by month', async () => {
    const res = (await get('/api/v1/supervision/counts?from=2026-01-01&to=2026-12-31')).json();
    expect(res.byMonth).toEqual([{ month: '2026-09', red: 4, yellow: 4, open: 7 }]);
    const byDep = Object.fromEntries(res.byDepartment.map((d: { departmentName: string; red: number; yellow: number }) => [d.departmentName, [d.red, d.yellow]]));
    expect(byDep).toEqual({ 邵东市市场监督管理局: [3, 3], 邵东市公安局: [1, 1] });
    expect(res.byDepartment[0].departmentName).toBe('邵东市市场监督管理局'); // most red cards first
  });

  it('checks roles: only admin or supervisor sweeps; clerks and citizens read no cards', async () => {
    expect((await t.request({ method: 'POST', url: '/api/v1/supervision/sweep', as: 'leader' })).statusCode).toBe(403);
    expect((await t.request({ method: 'POST', url: '/api/v1/supervision/sweep', as: 'admin' })).statusCode).toBe(200);
    expect((await get('/api/v1/supervision/cards', 'clerk')).statusCode).toBe(403);
    expect((await get('/api/v1/supervision/cards', 'citizen')).statusCode).toBe(403);
    expect((await get('/api/v1/supervision/cards', 'leader')).statusCode).toBe(200);
  });

  it('keeps rules in configuration: a rule switched off or recoloured, thresholds validated', async () => {
    const bad = await t.request({ method: 'PUT', url: '/api/v1/supervision/config', as: 'admin', payload: { nearDueWorkdays: -1 } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.details.field).toBe('nearDueWorkdays');
    const res = await t.request({ method: 'PUT', url: '/api/v1/supervision/config', as: 'admin', payload: { nearDueWorkdays: 3, rules: { near_due: { color: 'red' }, intake_late: { enabled: false } } } });
    expect(res.statusCode).toBe(200);
    expect(res.json().rules.near_due).toEqual({ enabled: true, color: 'red' });
    await insertCases(t, [
      { caseNo: 'C-CFG', status: 'accepted', submittedOn: '2026-09-20', acceptedOn: '2026-09-21', promisedDueDate: '2026-10-12' },
      { caseNo: 'C-CFG-INTAKE', status: 'submitted', submittedOn: '2026-09-18', intakeDueDate: '2026-09-25' },
    ]);
    // Horizon = 3rd working day after Wed 09-30 = 10-10 (08 Thu, 09 Fri, 10 the 调休 Saturday): C-LATER (due
    // 10-09) now gets a near_due card, red as configured; C-CFG (due 10-12) not yet; intake_late is off.
    expect(t.ctx.calendar.current.addWorkdays('2026-09-30', 3)).toBe('2026-10-10');
    expect(await svc.sweep()).toEqual({ issued: 1 });
    const later = (await get('/api/v1/supervision/cards?subjectId=C-LATER')).json().items;
    expect(later.map((c: { rule: string; color: string }) => `${c.rule}:${c.color}`)).toEqual(['near_due:red']);
    const cfg = (await t.request({ method: 'PUT', url: '/api/v1/supervision/config', as: 'admin', payload: {} })).json();
    expect(cfg.nearDueWorkdays).toBe(1);
    expect(await svc.sweep()).toEqual({ issued: 1 }); // intake_late back on: C-CFG-INTAKE
  });

  it('takes rules from other modules through the source registry', async () => {
    svc.registerSource({
      name: 'test-evaluations',
      candidates: async () => [{ subjectType: 'evaluation', subjectId: '77', rule: 'evaluation_verify_late', color: 'yellow', departmentId: food, detail: { level: 1 } }],
    });
    expect(() => svc.registerSource({ name: 'test-evaluations', candidates: async () => [] })).toThrow();
    expect(await svc.sweep()).toEqual({ issued: 1 });
    expect(await svc.sweep()).toEqual({ issued: 0 });
    const card = (await get('/api/v1/supervision/cards?subjectType=evaluation')).json().items[0];
    expect(card).toMatchObject({ subjectId: '77', ruleLabel: '差评超时未核实', color: 'yellow' });
  });

  it('audits each configuration change, and falls back to the defaults on a broken stored value', async () => {
    const trail = await auditTrailOf(t.opened.db, 'setting', 'supervision.config');
    expect(trail.map((a) => a.action)).toEqual(['supervision.config_set', 'supervision.config_set']);
    expect(trail[0]).toMatchObject({ before: { nearDueWorkdays: 1 }, after: { nearDueWorkdays: 3, rules: { near_due: { color: 'red' } } } });
    await t.opened.db.updateTable('kernel_settings').set({ value_json: JSON.stringify({ nearDueWorkdays: 'many' }) }).where('key', '=', 'supervision.config').execute();
    t.clock.advance(SETTING_CACHE_MS + 1);
    const res = await get('/api/v1/supervision/config');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(await svc.config());
    expect(res.json().nearDueWorkdays).toBe(1);
    expect(res.json().rules.intake_late).toEqual({ enabled: true, color: 'yellow' });
  });

  it('filters cards by department and issue dates, and explains several at once (all or nothing)', async () => {
    const day = (await get(`/api/v1/supervision/cards?department=${food}&from=2026-09-30&to=2026-09-30&pageSize=100`)).json();
    expect(day.total).toBeGreaterThan(1);
    expect(day.items.every((c: { departmentId: number; issuedOn: string }) => c.departmentId === food && c.issuedOn === '2026-09-30')).toBe(true);
    expect((await get('/api/v1/supervision/cards?from=2030-01-01')).json().total).toBe(0);
    const inverted = await get('/api/v1/supervision/cards?from=2026-10-01&to=2026-09-01');
    expect(inverted.statusCode).toBe(422);
    expect(inverted.json().error).toMatchObject({ code: 'INVALID_DATE_RANGE', details: { field: 'from' } });
    expect((await get('/api/v1/supervision/cards?department=99999')).statusCode).toBe(422);

    const open = (await get(`/api/v1/supervision/cards?department=${food}&status=open&pageSize=100`)).json().items as Array<{ id: number }>;
    const done = (await get('/api/v1/supervision/cards?status=acknowledged')).json().items as Array<{ id: number }>;
    expect(open.length).toBeGreaterThanOrEqual(2);
    const batch = (ids: number[], explanation = '节前集中受理积压，已安排加班办结') => t.request({ method: 'POST', url: '/api/v1/supervision/cards/acknowledge', as: 'supervisor', payload: { ids, explanation } });

    // One card of the batch already explained: refused, naming it, and the others stay open.
    const mixed = await batch([open[0].id, done[0].id]);
    expect(mixed.statusCode).toBe(409);
    expect(mixed.json().error).toMatchObject({ code: 'CARD_ALREADY_ACKNOWLEDGED', details: { id: done[0].id } });
    expect((await get(`/api/v1/supervision/cards/${open[0].id}`)).json().status).toBe('open');
    expect((await batch([open[0].id, open[1].id], ' ')).statusCode).toBe(422);

    const ok = await batch([open[0].id, open[1].id]);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ acknowledged: 2 });
    for (const c of [open[0], open[1]]) {
      expect((await get(`/api/v1/supervision/cards/${c.id}`)).json()).toMatchObject({ status: 'acknowledged', explanation: '节前集中受理积压，已安排加班办结' });
      expect((await auditTrailOf(t.opened.db, 'supervision_card', String(c.id))).map((a) => a.action)).toEqual(['supervision.card_issued', 'supervision.card_acknowledged']);
    }
    // A reviewer cannot explain another department's card inside a batch either.
    const theirs = (await get(`/api/v1/supervision/cards?department=${police}&status=open`)).json().items[0];
    if (theirs) expect((await t.request({ method: 'POST', url: '/api/v1/supervision/cards/acknowledge', as: 'reviewer', payload: { ids: [theirs.id], explanation: '不是本部门' } })).statusCode).toBe(404);
  });

  it('lists every rule that issues cards, with the colour in force and how many it issued', async () => {
    const res = await get('/api/v1/supervision/rules', 'leader');
    expect(res.statusCode).toBe(200);
    const items = res.json().items as Array<{ rule: string; subject: string; color: string | null; issued: number }>;
    const by = new Map(items.map((r) => [r.rule, r]));
    for (const rule of ['near_due', 'intake_late', 'overdue', 'completed_late', 'workorder_sign_late', 'workorder_finish_late', 'evaluation_verify_late', 'hall_long_wait', 'walk_measure_overdue']) expect(by.has(rule)).toBe(true);
    expect(by.get('overdue')).toMatchObject({ subject: 'case', color: 'red' });
    expect(by.get('overdue')!.issued).toBeGreaterThan(0);
    expect(by.get('evaluation_verify_late')).toMatchObject({ subject: 'evaluation', color: 'yellow', issued: 1 });
    expect((await get('/api/v1/supervision/rules', 'citizen')).statusCode).toBe(403);
  });
});

