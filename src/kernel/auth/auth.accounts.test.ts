import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, dialects, type TestApp } from '../../../test/harness';
import { auditTrailOf } from '../audit/audit';

describe.each(dialects)('account administration (deactivate, reactivate, roles, department) on %s', (dialect) => {
  let t: TestApp;
  let deptId: number;
  const idOf = async (username: string) => Number((await t.ctx.db.selectFrom('kernel_users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id);
  // Fresh logins (the harness caches demo tokens, and deactivation revokes them): username → bearer token.
  const tokens = new Map<string, string>();
  const freshLogin = async (username: string) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: username === 'admin' || username === 'clerk' ? 'demo1234' : 'Window-pass-2026' } });
    expect(res.statusCode, res.body).toBe(200);
    tokens.set(username, res.json().token);
  };
  const send = async (method: 'POST' | 'PATCH', url: string, payload: object, as: string) => {
    if (!tokens.has(as)) await freshLogin(as);
    return t.app.inject({ method, url: `/api/v1${url}`, headers: { authorization: `Bearer ${tokens.get(as)}` }, payload });
  };
  const post = (url: string, payload?: object, as = 'admin') => send('POST', url, payload ?? {}, as);
  const patch = (id: number, payload: object, as = 'admin') => send('PATCH', `/users/${id}`, payload, as);
  const auditCount = async () => Number((await t.ctx.db.selectFrom('kernel_audit_log').select((eb) => eb.fn.countAll().as('n')).where('action', '<>', 'auth.login').executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    t = await buildTestApp({ dialect });
    deptId = Number((await t.ctx.db.selectFrom('kernel_departments').select('id').where('kind', '=', 'department').orderBy('id').executeTakeFirstOrThrow()).id);
    for (const username of ['acct.clerk', 'acct.admin2']) {
      const res = await post('/users', { username, name: '测试账号', password: 'Window-pass-2026', roles: username === 'acct.admin2' ? ['admin'] : ['clerk'], departmentId: null });
      expect(res.statusCode, res.body).toBe(201);
    }
  });
  afterAll(async () => t?.close());

  it("deactivating revokes the account's sessions at once; it cannot log in until reactivated", async () => {
    const id = await idOf('acct.clerk');
    await freshLogin('acct.clerk');
    const token = tokens.get('acct.clerk');
    const me = () => t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });
    expect((await me()).statusCode).toBe(200);

    const off = await post(`/users/${id}/deactivate`, { reason: '调离岗位' });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json()).toMatchObject({ id, active: false });
    expect((await me()).statusCode).toBe(401);
    const open = await t.ctx.db.selectFrom('kernel_sessions').select('id').where('user_id', '=', id).where('revoked_at', 'is', null).execute();
    expect(open).toEqual([]);
    const relogin = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'acct.clerk', password: 'Window-pass-2026' } });
    expect(relogin.statusCode).toBe(401);
    const listed = (await t.request({ method: 'GET', url: '/api/v1/users?q=acct.clerk', as: 'admin' })).json();
    expect(listed.items[0]).toMatchObject({ username: 'acct.clerk', active: false });
    expect((await post(`/users/${id}/deactivate`)).json().error).toMatchObject({ code: 'ALREADY_INACTIVE' });

    const on = await post(`/users/${id}/reactivate`);
    expect(on.statusCode, on.body).toBe(200);
    expect(on.json().active).toBe(true);
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'acct.clerk', password: 'Window-pass-2026' } });
    expect(again.statusCode).toBe(200);

    const trail = await auditTrailOf(t.ctx.db, 'user', id);
    const actions = trail.map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['user.deactivated', 'user.reactivated']));
    expect(trail.find((r) => r.action === 'user.deactivated')?.after).toMatchObject({ active: false, reason: '调离岗位' });
  });

  it('changes roles, department and window with an audit row of before and after', async () => {
    const id = await idOf('acct.clerk');
    const res = await patch(id, { roles: ['clerk', 'reviewer'], departmentId: deptId, windowNo: 'B02' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ roles: ['clerk', 'reviewer'], departmentId: deptId, windowNo: 'B02' });
    await freshLogin('acct.clerk');
    const me = (await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${tokens.get('acct.clerk')}` } })).json();
    expect(me).toMatchObject({ roles: ['clerk', 'reviewer'], departmentId: deptId, windowNo: 'B02' });
    const row = (await auditTrailOf(t.ctx.db, 'user', id)).filter((r) => r.action === 'user.updated').at(-1);
    expect(row?.before).toMatchObject({ roles: ['clerk'], departmentId: null, windowNo: null });
    expect(row?.after).toMatchObject({ roles: ['clerk', 'reviewer'], departmentId: deptId, windowNo: 'B02' });
  });

  it('refuses an unknown role, no role, an unknown department and non-admins, writing nothing', async () => {
    const id = await idOf('acct.clerk');
    const before = await auditCount();
    const boss = await patch(id, { roles: ['clerk', 'boss'] });
    expect(boss.statusCode).toBe(422);
    expect(boss.json().error).toMatchObject({ code: 'ROLE_UNKNOWN' });
    expect(boss.json().error.message).toContain('boss');
    expect((await patch(id, { roles: [] })).json().error).toMatchObject({ code: 'ROLES_EMPTY' });
    expect((await patch(id, { departmentId: 999999 })).json().error).toMatchObject({ code: 'DEPARTMENT_NOT_FOUND' });
    expect((await patch(id, {})).statusCode).toBe(400);
    expect((await patch(id, { roles: ['admin'] }, 'clerk')).statusCode).toBe(403);
    expect((await post(`/users/${id}/deactivate`, {}, 'clerk')).statusCode).toBe(403);
    expect((await post('/users/999999/deactivate')).statusCode).toBe(404);
    expect(await auditCount()).toBe(before);
    expect((await t.request({ method: 'GET', url: '/api/v1/users?q=acct.clerk', as: 'admin' })).json().items[0].roles).toEqual(['clerk', 'reviewer']);
  });

  it('never deactivates or demotes the last active admin, nor the admin doing it', async () => {
    const admin = await idOf('admin');
    const admin2 = await idOf('acct.admin2');
    const self = await post(`/users/${admin}/deactivate`);
    expect(self.statusCode).toBe(409);
    expect(self.json().error).toMatchObject({ code: 'CANNOT_DEACTIVATE_SELF' });

    // admin2 may deactivate admin while another admin is active …
    expect((await post(`/users/${admin}/deactivate`, {}, 'acct.admin2')).statusCode).toBe(200);
    // … but admin2 is now the last one: its role cannot be taken, and another admin could not deactivate it.
    const demote = await patch(admin2, { roles: ['leader'] }, 'acct.admin2');
    expect(demote.statusCode).toBe(409);
    expect(demote.json().error).toMatchObject({ code: 'LAST_ADMIN' });
    expect(demote.json().error.message).toContain('最后一个');
    const rows = await t.ctx.db.selectFrom('kernel_users').select(['roles', 'active']).where('id', '=', admin2).executeTakeFirstOrThrow();
    expect([rows.roles, Number(rows.active)]).toEqual(['admin', 1]);

    expect((await post(`/users/${admin}/reactivate`, {}, 'acct.admin2')).statusCode).toBe(200);
    await freshLogin('admin'); // its old session was revoked on deactivation
    const last = await post(`/users/${admin2}/deactivate`, {}, 'admin');
    expect(last.statusCode).toBe(200);
    // now admin is the only active admin again
    const demoteLast = await patch(admin, { roles: ['leader'] }, 'admin');
    expect(demoteLast.json().error).toMatchObject({ code: 'LAST_ADMIN' });
  });
});
