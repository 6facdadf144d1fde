import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, dialects, type TestApp, type AnyTestApp } from '../../../test/harness';
import { verifyAuditChain } from '../../kernel/audit/audit';
import { at, clockSafeRequest } from '../cases/cases.test-support';
import type { EvaluationsService } from './evaluations.service';
import { completedCase, evaluationsTestModules } from './evaluations.test-support';

async function count(t: AnyTestApp, table: string): Promise<number> {
  const r = await t.opened.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

// November 2026 has no public holidays: Mon 11-02 … the working days are Mon–Fri.
describe.each(dialects)('evaluations API on %s', (dialect) => {
  let t: TestApp<typeof evaluationsTestModules>;
  let request: ReturnType<typeof clockSafeRequest>;
  let svc: EvaluationsService;
  let deviceKey: string;
  const device = () => ({ 'x-device-key': deviceKey });

  beforeAll(async () => {
    t = await buildTestApp({ dialect, now: at('2026-11-02'), modules: evaluationsTestModules });
    request = clockSafeRequest(t);
    svc = t.ctx.services.evaluations;
  });
  afterAll(async () => t?.close());

  const rate = (payload: Record<string, unknown>, opts: { as?: string; headers?: Record<string, string> } = {}) =>
    request({ method: 'POST', url: '/api/v1/evaluations', payload, ...opts });
  const reviewAct = (id: number, payload: Record<string, unknown>, as = 'supervisor') =>
    request({ method: 'POST', url: `/api/v1/evaluations/reviews/${id}/actions`, as, payload });

  it('registers a window device whose key is shown once', async () => {
    t.clock.set(at('2026-11-02'));
    expect((await request({ method: 'POST', url: '/api/v1/evaluations/devices', as: 'clerk', payload: { windowNo: 'A01', name: '一号窗口评价器' } })).statusCode).toBe(403);
    const res = await request({ method: 'POST', url: '/api/v1/evaluations/devices', as: 'admin', payload: { windowNo: 'a01', name: '一号窗口评价器' } });
    expect(res.statusCode).toBe(201);
    deviceKey = res.json().key;
    expect(res.json().device).toMatchObject({ windowNo: 'A01', active: true, keyHint: deviceKey.slice(-4) });
    const list = (await request({ method: 'GET', url: '/api/v1/evaluations/devices', as: 'admin' })).json();
    expect(JSON.stringify(list)).not.toContain(deviceKey);
  });

  it('lets the window device rate a case of its window (一次一评) and opens a bad-review loop for 不满意', async () => {
    t.clock.set(at('2026-11-02', 10));
    const caseNo = await completedCase(request);
    const queue = (await request({ method: 'GET', url: '/api/v1/evaluations/device/queue', headers: device() })).json();
    expect(queue.device.windowNo).toBe('A01');
    expect(queue.items.map((i: { caseNo: string }) => i.caseNo)).toContain(caseNo);
    expect(queue.items[0].applicantName).toBe('王**');
    const res = await rate({ caseNo, level: 2, channel: 'window_device', comment: '等了很久，态度一般', tags: ['等候时间长'], indicators: { overall: 2, attitude: 2, efficiency: 3 } }, { headers: device() });
    expect(res.statusCode).toBe(201);
    const e = res.json();
    expect(e).toMatchObject({ caseNo, level: 2, levelLabel: '不满意', bad: true, active: true, isDefault: false, windowNo: 'A01', clerkName: '陈窗口', departmentName: expect.any(String) });
    expect(e.reviewId).toEqual(expect.any(Number));
    const review = (await request({ method: 'GET', url: `/api/v1/evaluations/reviews/${e.reviewId}`, as: 'supervisor' })).json();
    // Rated Mon 11-02: verify by Tue 11-03.
    expect(review).toMatchObject({ status: 'verifying', currentStep: { step: 'verify', due: '2026-11-03', overdue: false }, allowedActions: ['verify'] });
    const again = (await request({ method: 'GET', url: '/api/v1/evaluations/device/queue', headers: device() })).json();
    expect(again.items.map((i: { caseNo: string }) => i.caseNo)).not.toContain(caseNo);
  });

  it('refuses a second rating on the same channel with 409 (unique per case and channel)', async () => {
    t.clock.set(at('2026-11-02', 11));
    const caseNo = await completedCase(request);
    expect((await rate({ caseNo, level: 5, channel: 'window_device' }, { headers: device() })).statusCode).toBe(201);
    const before = await count(t, 'evaluations_evaluations');
    const res = await rate({ caseNo, level: 4, channel: 'window_device' }, { headers: device() });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'ALREADY_RATED', details: { field: 'channel' } });
    expect(await count(t, 'evaluations_evaluations')).toBe(before);
  });

  describe('bad input: 4xx naming the problem, nothing written', () => {
    let completed: string;
    let open: string;
    let online: string;
    beforeAll(async () => {
      t.clock.set(at('2026-11-02', 14));
      completed = await completedCase(request);
      open = await completedCase(request, { stopAt: 'accepted' });
      online = await completedCase(request, { online: true });
      // Sign everyone in first: a login writes its own audit row.
      for (const u of ['citizen', 'clerk', 'supervisor', 'operator']) await request({ method: 'GET', url: '/api/v1/auth/me', as: u });
    });

    it.each([
      ['level 0', () => ({ caseNo: completed, level: 0, channel: 'window_device' }), 'device', 400, 'VALIDATION_ERROR', 'level'],
      ['level 6', () => ({ caseNo: completed, level: 6, channel: 'window_device' }), 'device', 400, 'VALIDATION_ERROR', 'level'],
      ['an unknown channel', () => ({ caseNo: completed, level: 5, channel: 'fax' }), 'device', 400, 'VALIDATION_ERROR', 'channel'],
      ['an unknown case', () => ({ caseNo: '430582-20261102-999999', level: 5, channel: 'window_device' }), 'device', 404, 'CASE_NOT_FOUND', 'caseNo'],
      ['a case not completed', () => ({ caseNo: open, level: 5, channel: 'window_device' }), 'device', 409, 'CASE_NOT_COMPLETED', 'caseNo'],
      ['an online indicator on the window device', () => ({ caseNo: completed, level: 5, channel: 'window_device', indicators: { usability: 5 } }), 'device', 422, 'INDICATOR_UNKNOWN', 'indicators.usability'],
      ['the device on another channel', () => ({ caseNo: completed, level: 5, channel: 'web' }), 'device', 422, 'CHANNEL_NOT_ALLOWED', 'channel'],
      ['a citizen who is not the applicant', () => ({ caseNo: completed, level: 5, channel: 'web' }), 'citizen', 403, 'NOT_APPLICANT', 'caseNo'],
      ['the applicant on the device channel', () => ({ caseNo: online, level: 5, channel: 'window_device' }), 'citizen', 422, 'CHANNEL_NOT_ALLOWED', 'channel'],
      ['the clerk rating himself', () => ({ caseNo: completed, level: 5, channel: 'web' }), 'clerk', 403, 'NOT_ALLOWED_TO_RATE', null],
      ['a supervisor', () => ({ caseNo: completed, level: 5, channel: 'web' }), 'supervisor', 403, 'NOT_ALLOWED_TO_RATE', null],
      ['an operator off the hotline channel', () => ({ caseNo: completed, level: 5, channel: 'web' }), 'operator', 422, 'CHANNEL_NOT_ALLOWED', 'channel'],
      ['nobody signed in', () => ({ caseNo: completed, level: 5, channel: 'web' }), 'anonymous', 401, 'RATER_REQUIRED', null],
      ['a wrong device key', () => ({ caseNo: completed, level: 5, channel: 'window_device' }), 'badkey', 401, 'DEVICE_KEY_INVALID', null],
    ] as const)('refuses %s', async (_label, payload, who, status, code, field) => {
      const before = await count(t, 'evaluations_evaluations');
      const audit = await count(t, 'kernel_audit_log');
      const opts =
        who === 'device' ? { headers: device() } : who === 'badkey' ? { headers: { 'x-device-key': 'dev_wrong' } } : who === 'anonymous' ? {} : { as: who };
      const res = await rate(payload(), opts);
      expect(res.statusCode).toBe(status);
      expect(res.json().error.code).toBe(code);
      if (field) expect(res.json().error.details.field).toBe(field);
      expect(await count(t, 'evaluations_evaluations')).toBe(before);
      expect(await count(t, 'kernel_audit_log')).toBe(audit);
    });

    it('lets the applicant rate online (一事一评, one per channel) and an operator record a hotline rating', async () => {
      const web = await rate({ caseNo: online, level: 5, channel: 'web', comment: '网上办很方便', indicators: { overall: 5, usability: 5 } }, { as: 'citizen' });
      expect(web.statusCode).toBe(201);
      expect(web.json()).toMatchObject({ channel: 'web', active: true, bad: false, clerkName: '陈窗口', windowNo: 'A01', applicantName: '张*' });
      expect((await rate({ caseNo: online, level: 4, channel: 'web' }, { as: 'citizen' })).statusCode).toBe(409);
      const hot = await rate({ caseNo: online, level: 3, channel: 'hotline', comment: '来电反映基本满意' }, { as: 'operator' });
      expect(hot.statusCode).toBe(201);
      const row = await t.opened.db.selectFrom('evaluations_evaluations').selectAll().where('id', '=', hot.json().id).executeTakeFirstOrThrow();
      expect(Number(row.recorded_by)).toBeGreaterThan(0);
      const mine = (await request({ method: 'GET', url: '/api/v1/evaluations/mine', as: 'citizen' })).json();
      expect(mine.items.find((i: { caseNo: string }) => i.caseNo === online)).toMatchObject({ myLevel: 5, ratingOpen: false, ratingDeadline: '2026-11-09' });
      const page = (await request({ method: 'GET', url: `/api/v1/evaluations/cases/${online}`, as: 'citizen' })).json();
      expect(page).toMatchObject({ ratingOpen: true, channelsAvailable: ['mobile', 'sms'] });
    });
  });

  it('gives a default rating (level 4, not active) once the rating window has passed, exactly once', async () => {
    t.clock.set(at('2026-11-02', 15));
    const unrated = await completedCase(request);
    const rated = await completedCase(request);
    expect((await rate({ caseNo: rated, level: 5, channel: 'window_device' }, { headers: device() })).statusCode).toBe(201);
    // Completed Mon 11-02: the window runs to the 5th working day after, Mon 11-09.
    t.clock.set(at('2026-11-09', 18));
    await svc.applyDefaults();
    const none = await t.opened.db.selectFrom('evaluations_evaluations').select('id').where('case_no', '=', unrated).execute();
    expect(none).toHaveLength(0);
    t.clock.set(at('2026-11-10', 9));
    const late = await rate({ caseNo: unrated, level: 1, channel: 'window_device' }, { headers: device() });
    expect(late.statusCode).toBe(409);
    expect(late.json().error).toMatchObject({ code: 'RATING_WINDOW_CLOSED', details: { deadline: '2026-11-09' } });
    const created = await svc.applyDefaults();
    expect(created).toBeGreaterThanOrEqual(1);
    expect(await svc.applyDefaults()).toBe(0);
    const rows = await t.opened.db.selectFrom('evaluations_evaluations').selectAll().where('case_no', 'in', [unrated, rated]).execute();
    const def = rows.filter((r) => r.case_no === unrated);
    expect(def).toHaveLength(1);
    expect(def[0]).toMatchObject({ channel: 'system', level: 4, is_default: 1, active: 0, bad: 0, rated_on: '2026-11-10', window_no: 'A01' });
    expect(rows.filter((r) => r.case_no === rated).map((r) => r.channel)).toEqual(['window_device']);
    // The unique (case, channel) index is the guarantee, not the job's own check.
    await expect(
      t.opened.db.insertInto('evaluations_evaluations').values({ ...def[0], id: undefined }).execute(),
    ).rejects.toThrow();
  });

  describe('the bad-review loop', () => {
    let reviewId: number;
    let caseNo: string;
    beforeAll(async () => {
      t.clock.set(at('2026-11-16', 10)); // Monday
      caseNo = await completedCase(request);
      const e = (await rate({ caseNo, level: 1, channel: 'window_device', comment: '窗口人员玩手机，电话13812345678' }, { headers: device() })).json();
      reviewId = e.reviewId;
    });

    it('verifies (supervisor only), lets the rated clerk appeal once, and the supervisor decide', async () => {
      t.clock.set(at('2026-11-17', 9));
      expect((await reviewAct(reviewId, { action: 'verify', verdict: 'valid' }, 'clerk')).json().error.code).toBe('REVIEW_ACTION_FORBIDDEN');
      expect((await reviewAct(reviewId, { action: 'verify', verdict: 'valid' }, 'citizen')).statusCode).toBe(403);
      const noReason = await reviewAct(reviewId, { action: 'verify', verdict: 'invalid' });
      expect(noReason.statusCode).toBe(422);
      expect(noReason.json().error.details.field).toBe('reason');
      const v = await reviewAct(reviewId, { action: 'verify', verdict: 'valid', reason: '调取监控属实' });
      expect(v.statusCode).toBe(200);
      // Verified Tue 11-17: rectify within 15 working days → Tue 12-08.
      expect(v.json()).toMatchObject({ status: 'rectifying', state: { verdict: 'valid', verifiedOn: '2026-11-17', rectifyDue: '2026-12-08' } });
      const again = await reviewAct(reviewId, { action: 'verify', verdict: 'valid' });
      expect(again.statusCode).toBe(409);
      expect(again.json().error.details.status).toBe('rectifying');

      const clerkView = (await request({ method: 'GET', url: `/api/v1/evaluations/reviews/${reviewId}`, as: 'clerk' })).json();
      expect(clerkView.allowedActions).toEqual(['appeal', 'rectify']);
      const appeal = await reviewAct(reviewId, { action: 'appeal', reason: '当时在查询系统内材料，并非玩手机' }, 'clerk');
      expect(appeal.json()).toMatchObject({ status: 'appealed', state: { appealDue: '2026-11-19' } });
      expect((await reviewAct(reviewId, { action: 'decide_appeal', upheld: false, reason: '监控显示确有使用私人手机' })).json()).toMatchObject({
        status: 'rectifying',
        state: { appealOutcome: 'rejected', rectifyDue: '2026-12-08' },
      });
      const second = await reviewAct(reviewId, { action: 'appeal', reason: '再次申诉' }, 'clerk');
      expect(second.statusCode).toBe(409);
      expect(second.json().error.code).toBe('APPEAL_USED');
    });

    it('records the rectification and the call-back with their deadlines, all audited', async () => {
      t.clock.set(at('2026-11-20', 10));
      const r = await reviewAct(reviewId, { action: 'rectify', measures: '对当事窗口人员批评教育，重申工作纪律，纳入月度考核' });
      expect(r.json()).toMatchObject({ status: 'callback', state: { rectifiedOn: '2026-11-20', callbackDue: '2026-11-25' } });
      expect((await reviewAct(reviewId, { action: 'callback', reached: false, note: '电话无人接听' }, 'operator')).json()).toMatchObject({
        status: 'callback',
        state: { callbackAttempts: 1 },
      });
      t.clock.set(at('2026-11-23', 10));
      const done = await reviewAct(reviewId, { action: 'callback', reached: true, satisfaction: 'satisfied', note: '对整改表示满意' }, 'operator');
      expect(done.json()).toMatchObject({ status: 'closed', currentStep: null, lateSteps: [], state: { callbackSatisfaction: 'satisfied', closedOn: '2026-11-23' } });
      const detail = (await request({ method: 'GET', url: `/api/v1/evaluations/reviews/${reviewId}`, as: 'supervisor' })).json();
      expect(detail.trail.map((x: { action: string }) => x.action)).toEqual([
        'evaluation.review_opened',
        'evaluation.review_verify',
        'evaluation.review_appeal',
        'evaluation.review_decide_appeal',
        'evaluation.review_rectify',
        'evaluation.review_callback',
        'evaluation.review_callback',
      ]);
      expect((await verifyAuditChain(t.opened.db)).ok).toBe(true);
    });

    it('turns an upheld appeal into an invalid review and an invalid verdict closes the loop', async () => {
      t.clock.set(at('2026-11-16', 11));
      const a = (await rate({ caseNo: await completedCase(request), level: 2, channel: 'window_device' }, { headers: device() })).json();
      const b = (await rate({ caseNo: await completedCase(request), level: 1, channel: 'window_device', comment: '随便点的' }, { headers: device() })).json();
      await reviewAct(a.reviewId, { action: 'verify', verdict: 'valid' });
      await reviewAct(a.reviewId, { action: 'appeal', reason: '该事项由后台部门办理，窗口仅收件' }, 'clerk');
      const upheld = await reviewAct(a.reviewId, { action: 'decide_appeal', upheld: true, reason: '经核实问题不在窗口' });
      expect(upheld.json()).toMatchObject({ status: 'closed', state: { verdict: 'invalid', appealOutcome: 'upheld' } });
      const inv = await reviewAct(b.reviewId, { action: 'verify', verdict: 'invalid', reason: '评价人承认误操作' });
      expect(inv.json()).toMatchObject({ status: 'closed', state: { verdict: 'invalid' } });
    });

    it('raises a supervision card for each overdue step through the source registry', async () => {
      t.clock.set(at('2026-11-16', 14));
      const e = (await rate({ caseNo: await completedCase(request), level: 2, channel: 'window_device' }, { headers: device() })).json();
      // Due Tue 11-17; still unverified on Wed 11-18.
      t.clock.set(at('2026-11-17', 17));
      expect((await svc.overdueSteps()).some((c) => c.subjectId === String(e.reviewId))).toBe(false);
      t.clock.set(at('2026-11-18', 9));
      const cands = await svc.overdueSteps();
      expect(cands.find((c) => c.subjectId === String(e.reviewId))).toMatchObject({ rule: 'evaluation_verify_late', color: 'yellow', dueAt: '2026-11-17' });
      const sup = t.ctx.services.supervision;
      await sup.sweep();
      await sup.sweep();
      const cards = (await request({ method: 'GET', url: '/api/v1/supervision/cards?subjectType=evaluation_review', as: 'supervisor' })).json().items;
      expect(cards.filter((c: { subjectId: string }) => c.subjectId === String(e.reviewId)).map((c: { rule: string }) => c.rule)).toEqual(['evaluation_verify_late']);
      const overdue = (await request({ method: 'GET', url: '/api/v1/evaluations/reviews?overdue=true', as: 'supervisor' })).json();
      expect(overdue.items.map((r: { id: number }) => r.id)).toContain(e.reviewId);
      // Verified late, then left unrectified past its deadline: a red card for the rectify step too.
      await reviewAct(e.reviewId, { action: 'verify', verdict: 'valid' });
      t.clock.set(at('2026-12-10', 9));
      await sup.sweep();
      const all = (await request({ method: 'GET', url: '/api/v1/supervision/cards?subjectType=evaluation_review', as: 'supervisor' })).json().items;
      expect(all.filter((c: { subjectId: string }) => c.subjectId === String(e.reviewId)).map((c: { rule: string; color: string }) => `${c.rule}:${c.color}`).sort()).toEqual([
        'evaluation_rectify_late:red',
        'evaluation_verify_late:yellow',
      ]);
    });
  });

  describe('KPIs, rankings and the hall display', () => {
    let t2: TestApp<typeof evaluationsTestModules>;
    let req2: ReturnType<typeof clockSafeRequest>;
    let key2: string;
    beforeAll(async () => {
      // A fresh county so that every figure below can be counted by hand.
      t2 = await buildTestApp({ dialect, now: at('2026-11-02'), modules: evaluationsTestModules });
      req2 = clockSafeRequest(t2);
      key2 = (await req2({ method: 'POST', url: '/api/v1/evaluations/devices', as: 'admin', payload: { windowNo: 'A01', name: '评价器' } })).json().key;
    });
    afterAll(async () => t2?.close());
    const kpis = async () =>
      (await req2({ method: 'GET', url: '/api/v1/stats/summary?from=2026-11-01&to=2026-11-30', as: 'leader' })).json().kpis as Record<string, { value: number | null; numerator: number; denominator: number }>;

    it('computes the four KPIs into the stats summary, traceable to counts', async () => {
      t2.clock.set(at('2026-11-02', 10));
      const levels = [5, 5, 4, 3, 2, 1];
      const ids: number[] = [];
      for (const level of levels) {
        const caseNo = await completedCase(req2);
        const r = await req2({ method: 'POST', url: '/api/v1/evaluations', headers: { 'x-device-key': key2 }, payload: { caseNo, level, channel: 'window_device', comment: level === 5 ? '办事快，联系我13800138000' : undefined } });
        ids.push(r.json().reviewId);
      }
      await completedCase(req2); // never rated → default
      t2.clock.set(at('2026-11-10', 9));
      expect(await t2.ctx.services.evaluations.applyDefaults()).toBe(1);
      let k = await kpis();
      // 7 ratings, 6 active; 4 of them ≥ 3; no verdict yet.
      expect(k['evaluations.activeRate']).toEqual({ value: 6 / 7, numerator: 6, denominator: 7 });
      expect(k['evaluations.goodRate']).toEqual({ value: 4 / 6, numerator: 4, denominator: 6 });
      expect(k['evaluations.actualGoodRate']).toEqual({ value: 1, numerator: 6, denominator: 6 });
      expect(k['evaluations.rectificationRate']).toEqual({ value: null, numerator: 0, denominator: 0 });
      // Coverage: every case above is the one department's; over the active bureau and departments.
      const units = (await t2.ctx.services.org.all()).filter((u) => u.active && (u.kind === 'bureau' || u.kind === 'department'));
      expect(units.length).toBeGreaterThan(1);
      expect(k['evaluations.departmentsCovered']).toEqual({ value: 1 / units.length, numerator: 1, denominator: units.length });
      // The same from the daily roll-up once the days are rolled.
      await t2.ctx.services.evaluations.rollupDaily();
      expect((await kpis())['evaluations.departmentsCovered']).toMatchObject({ numerator: 1, denominator: units.length });
      const drill = async (part: string) => (await req2({ method: 'GET', url: `/api/v1/stats/drilldown?kpi=evaluations.departmentsCovered&part=${part}&from=2026-11-01&to=2026-11-30&pageSize=100`, as: 'leader' })).json();
      const covered = await drill('numerator');
      expect(covered).toMatchObject({ kind: 'department', total: 1 });
      expect(covered.items[0]).toMatchObject({ rated: true });
      expect((await drill('denominator')).total).toBe(units.length);
      const [bad2, bad1] = [ids[4], ids[5]];
      const act = (id: number, payload: Record<string, unknown>, as = 'supervisor') => req2({ method: 'POST', url: `/api/v1/evaluations/reviews/${id}/actions`, as, payload });
      await act(bad2, { action: 'verify', verdict: 'valid' });
      await act(bad1, { action: 'verify', verdict: 'valid' });
      await act(bad1, { action: 'rectify', measures: '重新培训窗口人员' });
      k = await kpis();
      // (6 active − 2 valid bad) / 6; 1 of 2 valid rectified.
      expect(k['evaluations.actualGoodRate']).toEqual({ value: 4 / 6, numerator: 4, denominator: 6 });
      expect(k['evaluations.rectificationRate']).toEqual({ value: 0.5, numerator: 1, denominator: 2 });
      const direct = (await req2({ method: 'GET', url: '/api/v1/evaluations/kpis?from=2026-11-01&to=2026-11-30', as: 'supervisor' })).json();
      expect(direct.kpis['evaluations.rectificationRate'].numerator).toBe(1);
      const outside = (await req2({ method: 'GET', url: '/api/v1/stats/summary?from=2026-10-01&to=2026-10-31', as: 'leader' })).json().kpis;
      expect(outside['evaluations.activeRate']).toEqual({ value: null, numerator: 0, denominator: 0 });
      expect(outside['evaluations.departmentsCovered'].numerator).toBe(0);
    });

    it('ranks windows and staff for the month and keeps a snapshot', async () => {
      const live = (await req2({ method: 'GET', url: '/api/v1/evaluations/rankings?month=2026-11', as: 'leader' })).json();
      expect(live.snapshot).toBe(false);
      // A01: 6 active, 4 good, 2 valid bad, the 2nd bad one verified late (11-10 > 11-03) → cards.
      expect(live.windows[0]).toMatchObject({ key: 'A01', active: 6, good: 4, validBad: 2, candidate: false });
      expect(live.windows[0].cards).toBeGreaterThanOrEqual(2);
      expect(live.staff[0]).toMatchObject({ name: '陈窗口', active: 6 });
      expect((await req2({ method: 'POST', url: '/api/v1/evaluations/rankings/2026-11/snapshot', as: 'clerk' })).statusCode).toBe(403);
      const snap = (await req2({ method: 'POST', url: '/api/v1/evaluations/rankings/2026-11/snapshot', as: 'supervisor' })).json();
      expect(snap).toMatchObject({ month: '2026-11', snapshot: true });
      expect((await req2({ method: 'GET', url: '/api/v1/evaluations/rankings/months', as: 'leader' })).json().items).toEqual(['2026-11']);
      // Weights are configuration: a new snapshot of the month replaces the old one.
      await req2({ method: 'PUT', url: '/api/v1/evaluations/config', as: 'admin', payload: { rankingWeights: { badReview: 0, card: 0 } } });
      const again = (await req2({ method: 'POST', url: '/api/v1/evaluations/rankings/2026-11/snapshot', as: 'supervisor' })).json();
      expect(again.weights).toMatchObject({ badReview: 0, card: 0 });
      expect(await count(t2, 'evaluations_rankings')).toBe(2);
    });

    it('shows the hall display without login and without personal data', async () => {
      const res = await req2({ method: 'GET', url: '/api/v1/public/evaluations/display' });
      expect(res.statusCode).toBe(200);
      const d = res.json();
      expect(d.month).toMatchObject({ total: 7, active: 6, good: 4 });
      expect(d.levels.find((l: { level: number }) => l.level === 5).count).toBe(2);
      expect(d.recent.length).toBeGreaterThan(0);
      const text = JSON.stringify(d);
      expect(text).not.toContain('13800138000');
      expect(text).toContain('138****8000');
      expect(text).not.toContain('王小明');
      expect(text).not.toMatch(/\d{17}[\dX]/);
      expect(d.recent[0].rater).toBe('王**');
    });

    it('lays a configuration change over the value in force and audits it', async () => {
      expect((await req2({ method: 'PUT', url: '/api/v1/evaluations/config', as: 'supervisor', payload: { verifyWorkdays: 2 } })).statusCode).toBe(403);
      const res = await req2({ method: 'PUT', url: '/api/v1/evaluations/config', as: 'admin', payload: { verifyWorkdays: 2, defaultLevel: 9 } });
      expect(res.statusCode).toBe(200);
      // The ranking weights changed above stay; an invalid value keeps the default.
      expect(res.json()).toMatchObject({ verifyWorkdays: 2, defaultLevel: 4, rankingWeights: { goodRate: 70, volume: 30, badReview: 0, card: 0 } });
      expect((await req2({ method: 'GET', url: '/api/v1/evaluations/config', as: 'supervisor' })).json()).toEqual(res.json());
      const audit = await t2.opened.db.selectFrom('kernel_audit_log').select(['subject_id', 'before_json', 'after_json']).where('action', '=', 'evaluations.config_set').orderBy('seq').execute();
      expect(audit.map((a) => a.subject_id)).toEqual(['evaluations.config', 'evaluations.config']);
      expect(JSON.parse(String(audit[1].before_json))).toMatchObject({ verifyWorkdays: 1, rankingWeights: { badReview: 0 } });
      expect(JSON.parse(String(audit[1].after_json))).toMatchObject({ verifyWorkdays: 2 });
    });
  });
});
