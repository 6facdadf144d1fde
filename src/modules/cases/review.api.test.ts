import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, dialects, type TestApp } from '../../../test/harness';
import { systemActor } from '../../kernel/auth/actor';
import { ALL_MATERIALS, at, clockSafeRequest, personApplicant, testModules } from './cases.test-support';

describe.each(dialects)('分级审查 on %s', (dialect) => {
  let t: TestApp<typeof testModules>;
  let request: ReturnType<typeof clockSafeRequest>;
  beforeAll(async () => {
    t = await buildTestApp({ dialect, now: at('2026-09-24'), modules: testModules });
    request = clockSafeRequest(t);
    const dept = await t.ctx.services.org.byCode('430582-001');
    for (const [username, name] of [['reviewer2', '郑审核'], ['reviewer3', '钱签发']]) {
      await t.ctx.auth.createUser(systemActor('test'), { username, name, password: 'demo1234', roles: ['reviewer'], departmentId: dept!.id, isDemo: true });
    }
  });
  afterAll(async () => t?.close());

  const setLevels = (itemCode: string, levels: unknown, as = 'admin') => request({ method: 'PUT', url: `/api/v1/review-levels/${itemCode}`, as, payload: { levels } });
  const act = (caseNo: string, payload: Record<string, unknown>, as: string) => request({ method: 'POST', url: `/api/v1/cases/${caseNo}/actions`, as, payload });
  const accepted = async (itemCode: string) => {
    const res = await request({ method: 'POST', url: '/api/v1/cases', as: 'clerk', payload: { itemCode, channel: 'window', applicant: personApplicant(), materials: ALL_MATERIALS[itemCode] } });
    expect(res.statusCode).toBe(201);
    const no = res.json().caseNo as string;
    expect((await act(no, { action: 'accept' }, 'clerk')).statusCode).toBe(200);
    return no;
  };
  const reviewRows = async () => Number((await t.opened.db.selectFrom('cases_review_levels').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('configures levels per item; bad input is a 4xx and writes nothing', async () => {
    expect((await request({ method: 'GET', url: '/api/v1/review-levels/T-NATURAL', as: 'editor' })).json()).toMatchObject({ levels: [] });
    for (const [levels, code] of [
      [['复核', '签发'], 'REVIEW_LEVEL_UNKNOWN'],
      [['审核', '承办', '签发'], 'REVIEW_LEVEL_ORDER'],
      [['承办', '承办', '签发'], 'REVIEW_LEVEL_DUPLICATE'],
      [['承办', '审核'], 'REVIEW_LEVEL_SIGN_LAST'],
    ] as const) {
      const res = await setLevels('T-NATURAL', levels);
      expect(res.statusCode).toBe(422);
      expect(res.json().error).toMatchObject({ code });
    }
    expect((await setLevels('T-NATURAL', 'all')).statusCode).toBe(400);
    expect((await setLevels('T-NOPE', ['承办', '签发'])).statusCode).toBe(404);
    // A catalogue editor configures their own department's items only; a reviewer not at all.
    expect((await setLevels('T-SSCARD', ['承办', '签发'], 'editor')).statusCode).toBe(403);
    expect((await setLevels('T-NATURAL', ['承办', '签发'], 'reviewer')).statusCode).toBe(403);
    expect(await reviewRows()).toBe(0);

    const ok = await setLevels('T-NATURAL', ['承办', '审核', '签发'], 'editor');
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ itemCode: 'T-NATURAL', levels: ['承办', '审核', '签发'], updatedByName: '赵编辑' });
  });

  it('a case passes every configured level in order, each by another account with its opinion in the timeline', async () => {
    const no = await accepted('T-NATURAL');
    const first = (await request({ method: 'GET', url: `/api/v1/cases/${no}`, as: 'reviewer' })).json();
    expect(first.review).toMatchObject({ levels: ['承办', '审核', '签发'], next: '承办', nextDecides: false });
    expect(first.allowedActions).toContain('review');
    expect(first.allowedActions).not.toContain('approve');

    // The decision waits for every earlier level.
    const early = await act(no, { action: 'approve', opinion: '同意' }, 'reviewer3');
    expect(early.statusCode).toBe(409);
    expect(early.json().error).toMatchObject({ code: 'REVIEW_LEVELS_PENDING' });
    // An opinion is required.
    expect((await act(no, { action: 'review', opinion: ' ' }, 'reviewer')).json().error).toMatchObject({ code: 'OPINION_REQUIRED' });

    const l1 = await act(no, { action: 'review', opinion: '材料齐全，符合设置条件，拟同意' }, 'reviewer');
    expect(l1.statusCode).toBe(200);
    expect(l1.json()).toMatchObject({ status: 'accepted', review: { next: '审核' } });
    // The same account cannot pass the next level too; the action is not even offered to it.
    expect(l1.json().allowedActions).not.toContain('review');
    const twice = await act(no, { action: 'review', opinion: '同意' }, 'reviewer');
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error).toMatchObject({ code: 'REVIEW_SAME_ACCOUNT' });

    expect((await act(no, { action: 'review', opinion: '经审核，同意' }, 'reviewer2')).statusCode).toBe(200);
    // After 审核, a further review is refused: the next step is the 签发.
    expect((await act(no, { action: 'review', opinion: '同意' }, 'reviewer3')).json().error).toMatchObject({ code: 'REVIEW_LEVELS_DONE' });
    expect((await act(no, { action: 'approve', opinion: '同意' }, 'reviewer2')).json().error).toMatchObject({ code: 'REVIEW_SAME_ACCOUNT' });
    expect((await act(no, { action: 'approve' }, 'reviewer3')).json().error).toMatchObject({ code: 'OPINION_REQUIRED' });

    const signed = await act(no, { action: 'approve', opinion: '同意，准予许可' }, 'reviewer3');
    expect(signed.statusCode).toBe(200);
    const c = signed.json();
    expect(c.status).toBe('approved');
    const steps = c.timeline.filter((e: { action: string }) => e.action === 'review' || e.action === 'approve');
    expect(steps.map((e: { label: string; actorName: string; data: { opinion: string } }) => [e.label, e.actorName, e.data.opinion])).toEqual([
      ['承办意见', '刘审批', '材料齐全，符合设置条件，拟同意'],
      ['审核意见', '郑审核', '经审核，同意'],
      ['签发：准予许可', '钱签发', '同意，准予许可'],
    ]);
    expect(c.review).toMatchObject({ next: null });
    // Every level is in the audit trail.
    const audit = await t.opened.db.selectFrom('kernel_audit_log').select('action').where('subject_id', '=', no).where('action', 'in', ['case.review', 'case.approve']).execute();
    expect(audit).toHaveLength(3);
  });

  it('an item without levels is decided in one step; review is refused there', async () => {
    const no = await accepted('T-FOOD');
    const view = (await request({ method: 'GET', url: `/api/v1/cases/${no}`, as: 'reviewer' })).json();
    expect(view.review).toMatchObject({ levels: ['签发'], nextDecides: true });
    expect(view.allowedActions).not.toContain('review');
    expect((await act(no, { action: 'review', opinion: '同意' }, 'reviewer')).json().error).toMatchObject({ code: 'REVIEW_NOT_CONFIGURED' });
    const ok = await act(no, { action: 'approve', opinion: '符合条件，同意' }, 'reviewer');
    expect(ok.statusCode).toBe(200);
    expect(ok.json().timeline.at(-1)).toMatchObject({ label: '签发：准予许可', data: { opinion: '符合条件，同意' } });
  });

  it('gives a level to named accounts: others are refused the level and not offered it; bad accounts are a 422', async () => {
    const ids = Object.fromEntries(
      await Promise.all(['reviewer', 'reviewer2', 'reviewer3'].map(async (u) => [u, (await t.opened.db.selectFrom('kernel_users').select('id').where('username', '=', u).executeTakeFirstOrThrow()).id] as const)),
    );
    const put = (accounts: unknown) => request({ method: 'PUT', url: '/api/v1/review-levels/T-FOOD', as: 'admin', payload: { levels: ['审核', '签发'], accounts } });
    for (const [accounts, code] of [
      [{ 签发: [999999] }, 'REVIEW_ACCOUNT_UNKNOWN'],
      [{ 承办: [ids.reviewer] }, 'REVIEW_ACCOUNT_LEVEL'],
      [{ 审核: [ids.reviewer3], 签发: [ids.reviewer3] }, 'REVIEW_ACCOUNT_TWICE'],
    ] as const) {
      const res = await put(accounts);
      expect(res.statusCode).toBe(422);
      expect(res.json().error).toMatchObject({ code, details: { field: 'accounts' } });
    }
    expect((await request({ method: 'GET', url: '/api/v1/review-levels/T-FOOD', as: 'admin' })).json()).toMatchObject({ levels: [], accounts: {} });
    const ok = await put({ 签发: [ids.reviewer3] });
    expect(ok.statusCode, ok.body).toBe(200);
    const got = (await request({ method: 'GET', url: '/api/v1/review-levels/T-FOOD', as: 'admin' })).json();
    expect(got).toMatchObject({ levels: ['审核', '签发'], accounts: { 签发: [ids.reviewer3] } });
    expect(got.candidates.map((c: { name: string }) => c.name)).toEqual(expect.arrayContaining(['刘审批', '郑审核', '钱签发']));

    const no = await accepted('T-FOOD');
    expect((await act(no, { action: 'review', opinion: '拟同意' }, 'reviewer')).statusCode).toBe(200);
    const view = (await request({ method: 'GET', url: `/api/v1/cases/${no}`, as: 'reviewer2' })).json();
    expect(view.allowedActions).not.toContain('approve');
    const notYours = await act(no, { action: 'approve', opinion: '同意' }, 'reviewer2');
    expect(notYours.statusCode).toBe(409);
    expect(notYours.json().error).toMatchObject({ code: 'REVIEW_LEVEL_NOT_YOURS' });
    expect((await request({ method: 'GET', url: `/api/v1/cases/${no}`, as: 'reviewer3' })).json().allowedActions).toContain('approve');
    expect((await act(no, { action: 'approve', opinion: '同意，准予许可' }, 'reviewer3')).statusCode).toBe(200);
    expect((await put({})).json()).toMatchObject({ accounts: {} });
    expect((await request({ method: 'PUT', url: '/api/v1/review-levels/T-FOOD', as: 'admin', payload: { levels: [] } })).json()).toMatchObject({ levels: [], updatedAt: null });
  });

  it('an empty list restores single-level review', async () => {
    expect((await setLevels('T-NATURAL', [])).json()).toMatchObject({ levels: [] });
    expect(await reviewRows()).toBe(0);
  });
});
