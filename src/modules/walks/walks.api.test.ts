import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, dialects, type TestApp, type AnyTestApp } from '../../../test/harness';
import { systemActor } from '../../kernel/auth/actor';
import { auditTrailOf } from '../../kernel/audit/audit';
import { checkMeasure, isOverdue, MEASURE_STATUSES, MEASURE_TRANSITIONS, type MeasureAction } from './walks.rules';
import { DEMO_CAMPAIGN } from './walks.seed';

const NOW = '2026-09-21T09:00:00+08:00'; // a Monday

async function count(t: AnyTestApp, table: string) {
  const r = await t.opened.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

describe('walks rules', () => {
  it('allows each measure action only from its statuses', () => {
    const expected: Record<MeasureAction, Record<string, boolean>> = { complete: { open: true, done: false }, reopen: { open: false, done: true } };
    for (const action of Object.keys(MEASURE_TRANSITIONS) as MeasureAction[]) {
      for (const s of MEASURE_STATUSES) expect(checkMeasure(action, s) === null, `${action} × ${s}`).toBe(expected[action][s]);
    }
  });
  it('counts an open measure overdue from the day after its due day', () => {
    expect(isOverdue({ status: 'open', dueOn: '2026-09-18' }, '2026-09-18')).toBe(false);
    expect(isOverdue({ status: 'open', dueOn: '2026-09-18' }, '2026-09-19')).toBe(true);
    expect(isOverdue({ status: 'done', dueOn: '2026-09-18' }, '2026-09-30')).toBe(false);
  });
});

describe.each(dialects)('walks on %s', (dialect) => {
  let t: TestApp;
  let zj: number;
  let sj: number; // 市场监管局, the demo reviewer's department

  const walk = (payload: Record<string, unknown> = {}, as = 'leader') =>
    t.request({
      method: 'POST',
      url: '/api/v1/walks',
      as,
      payload: {
        itemName: '不动产转移登记',
        channel: 'window',
        walkedOn: '2026-09-14',
        steps: ['取号', '递交材料', '缴税', '领证'],
        minutes: 95,
        problems: [{ category: 'steps', description: '缴税须到另一楼层窗口排队', measures: [{ description: '税务窗口并入不动产综合窗口', ownerDepartmentId: zj, dueWorkdays: 10 }] }],
        ...payload,
      },
    });

  beforeAll(async () => {
    t = await buildTestApp({ dialect, now: NOW });
    zj = (await t.ctx.services.org.byName('住建局'))!.id;
    sj = (await t.ctx.services.org.byName('市场监管局'))!.id;
    await t.ctx.auth.createUser(systemActor('test'), { username: 'zjhead', name: '住建负责人', password: 'demo1234', roles: ['reviewer'], departmentId: zj, isDemo: true });
  });
  afterAll(async () => t?.close());

  it('records a walk with its 堵点 and a measure due on the working-day calendar, audited', async () => {
    const r = await walk();
    expect(r.statusCode).toBe(201);
    const w = r.json();
    expect(w).toMatchObject({ walkerName: '李局长', walkerTitle: '局领导', channelLabel: '窗口', minutes: 95, steps: ['取号', '递交材料', '缴税', '领证'] });
    expect(w.problems).toHaveLength(1);
    const m = w.problems[0].measures[0];
    // 10 working days after Monday 2026-09-14 (two weekends skipped).
    expect(m).toMatchObject({ ownerDepartmentId: zj, status: 'open', statusLabel: '整改中', overdue: false });
    expect(t.ctx.calendar.current.isWorkday(m.dueOn)).toBe(true);
    expect(m.dueOn).toBe('2026-09-28');
    expect((await auditTrailOf(t.opened.db, 'walk', w.id)).map((a) => a.action)).toEqual(['walks.record']);
  });

  it('refuses a measure without an owner or a due day, a holiday due day and a future walk, writing nothing', async () => {
    const before = [await count(t, 'walks_walks'), await count(t, 'walks_measures')];
    const noOwner = await walk({ problems: [{ category: 'time', description: '等待会签', measures: [{ description: '并联审批', dueOn: '2026-09-30' }] }] });
    expect(noOwner.statusCode).toBe(422);
    expect(noOwner.json().error).toMatchObject({ code: 'MEASURE_OWNER_REQUIRED', details: { field: 'problems.0.measures.0.ownerDepartmentId' } });
    const noDue = await walk({ problems: [{ category: 'time', description: '等待会签', measures: [{ description: '并联审批', ownerDepartmentId: zj }] }] });
    expect(noDue.json().error.code).toBe('MEASURE_DUE_REQUIRED');
    const holiday = await walk({ problems: [{ category: 'time', description: '等待会签', measures: [{ description: '并联审批', ownerDepartmentId: zj, dueOn: '2026-10-01' }] }] });
    expect(holiday.statusCode).toBe(422);
    expect(holiday.json().error.code).toBe('MEASURE_DUE_NOT_WORKDAY');
    expect(holiday.json().error.message).toContain('不是工作日');
    const future = await walk({ walkedOn: '2026-09-22' });
    expect(future.json().error.code).toBe('WALK_IN_FUTURE');
    const noSteps = await walk({ steps: [' '] });
    expect(noSteps.json().error.code).toBe('WALK_STEPS_REQUIRED');
    expect([await count(t, 'walks_walks'), await count(t, 'walks_measures')]).toEqual(before);
  });

  it('lets a department head record for their own department only, and not a clerk', async () => {
    const r = await walk({ walkerDepartmentId: zj, problems: [] }, 'reviewer');
    expect(r.statusCode).toBe(201);
    expect(r.json().walkerDepartmentName).toBe('邵东市市场监督管理局');
    expect((await walk({}, 'clerk')).statusCode).toBe(403);
    // The reviewer sees their department's walks only.
    const list = (await t.request({ method: 'GET', url: '/api/v1/walks', as: 'reviewer' })).json();
    expect(list.items.every((w: { walkerDepartmentName: string }) => w.walkerDepartmentName === '邵东市市场监督管理局')).toBe(true);
    void sj;
  });

  it('the owner completes a measure with evidence; another department cannot see it; a leader may send it back', async () => {
    const w = (await walk({ itemName: '施工许可证核发' })).json();
    const id = w.problems[0].measures[0].id;
    expect((await t.request({ method: 'POST', url: `/api/v1/walks/measures/${id}/complete`, as: 'reviewer', payload: { evidence: '已合并' } })).statusCode).toBe(404);
    const empty = await t.request({ method: 'POST', url: `/api/v1/walks/measures/${id}/complete`, as: 'zjhead', payload: { evidence: ' ' } });
    expect(empty.json().error.code).toBe('MEASURE_EVIDENCE_REQUIRED');
    const done = await t.request({ method: 'POST', url: `/api/v1/walks/measures/${id}/complete`, as: 'zjhead', payload: { evidence: '税务窗口已并入综合窗口，复走用时 30 分钟' } });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ status: 'done', doneOn: '2026-09-21' });
    const again = await t.request({ method: 'POST', url: `/api/v1/walks/measures/${id}/complete`, as: 'zjhead', payload: { evidence: 'x' } });
    expect(again.statusCode).toBe(409);
    const back = await t.request({ method: 'POST', url: `/api/v1/walks/measures/${id}/reopen`, as: 'leader', payload: { reason: '复走仍需两次排队' } });
    expect(back.json()).toMatchObject({ status: 'open', doneOn: null });
    expect((await auditTrailOf(t.opened.db, 'walk_measure', id)).map((a) => a.action)).toEqual(['walks.measure_complete', 'walks.measure_reopen']);
  });

  it('adds a measure to a 堵点 later; refuses one before the walk', async () => {
    const w = (await walk({ problems: [{ category: 'system', description: '掌上办上传失败' }] })).json();
    const pid = w.problems[0].id;
    const early = await t.request({ method: 'POST', url: `/api/v1/walks/problems/${pid}/measures`, as: 'leader', payload: { description: '修复上传', ownerDepartmentId: zj, dueOn: '2026-09-11' } });
    expect(early.json().error.code).toBe('MEASURE_DUE_BEFORE_WALK');
    const ok = await t.request({ method: 'POST', url: `/api/v1/walks/problems/${pid}/measures`, as: 'leader', payload: { description: '修复上传', ownerDepartmentId: zj, dueOn: '2026-09-18' } });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ dueOn: '2026-09-18', overdue: true });
  });

  it('raises a yellow card on the overdue measure through the supervision sweep, once', async () => {
    await t.ctx.services.supervision.sweep();
    await t.ctx.services.supervision.sweep();
    const cards = (await t.request({ method: 'GET', url: '/api/v1/supervision/cards?rule=walk_measure_overdue', as: 'supervisor' })).json();
    expect(cards.total).toBe(1);
    expect(cards.items[0]).toMatchObject({ color: 'yellow', departmentId: zj });
    const board = (await t.request({ method: 'GET', url: '/api/v1/walks/measures?overdue=true', as: 'supervisor' })).json();
    expect(board.total).toBe(1);
  });

  it('counts the campaign and the KPIs from the records', async () => {
    const k = await t.ctx.services.walks.kpis({ from: '2026-09-01', to: '2026-09-30' }, null);
    const walks = await count(t, 'walks_walks');
    expect(k['walks.items'].value).toBe(walks);
    expect(k['walks.people'].value).toBe(2); // 李局长 (bureau) and 刘审批 (市场监管局)
    expect(k['walks.problems'].value).toBe(await count(t, 'walks_problems'));
    expect(k['walks.measures'].value).toBe(await count(t, 'walks_measures'));
    expect(k['walks.rectifiedRate'].numerator).toBe(0);
    const c = (await t.request({ method: 'GET', url: '/api/v1/walks/campaign?from=2026-09-01&to=2026-09-30', as: 'leader' })).json();
    expect(c).toMatchObject({ people: 2, items: walks, byChannel: { window: walks, online: 0, mobile: 0 } });
    expect(c.departments[0]).toMatchObject({ departmentId: zj, overdue: 1 });
    const rec = await t.ctx.services.walks.records('walks.measures', 'numerator', { from: '2026-09-01', to: '2026-09-30', offset: 0, limit: 10 });
    expect(rec?.total).toBe(k['walks.measures'].value);
  });
});

describe.each(dialects)('walks demo campaign on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ dialect, now: NOW, seed: ['org', 'walks'] });
  });
  afterAll(async () => t?.close());

  it('seeds the report-shaped campaign: 118 people, 648 items, 77 堵点, 48 measures, measures due on working days', async () => {
    const c = (await t.request({ method: 'GET', url: '/api/v1/walks/campaign?from=2025-01-01&to=2026-09-21', as: 'leader' })).json();
    expect(c).toMatchObject({ people: DEMO_CAMPAIGN.people, items: DEMO_CAMPAIGN.items, problems: DEMO_CAMPAIGN.problems, measures: DEMO_CAMPAIGN.measures });
    expect(c.rectified).toBeGreaterThan(30);
    expect(c.rectified).toBeLessThan(DEMO_CAMPAIGN.measures);
    const all = (await t.request({ method: 'GET', url: '/api/v1/walks/measures?pageSize=100', as: 'leader' })).json();
    expect(all.items.every((m: { dueOn: string }) => t.ctx.calendar.current.isWorkday(m.dueOn))).toBe(true);
    expect(all.items.some((m: { overdue: boolean }) => m.overdue)).toBe(true);
  });
});
