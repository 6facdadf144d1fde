import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, dialects, type TestApp } from '../../../test/harness';

describe.each(dialects)('GET /users (admin account list) on %s', (dialect) => {
  let t: TestApp;
  let deptId: number;
  beforeAll(async () => {
    t = await buildTestApp({ dialect });
    deptId = Number((await t.ctx.db.selectFrom('kernel_departments').select('id').where('kind', '=', 'department').orderBy('id').executeTakeFirstOrThrow()).id);
    for (let i = 1; i <= 25; i++) {
      const res = await t.request({
        method: 'POST',
        url: '/api/v1/users',
        as: 'admin',
        payload: { username: `listclerk${i}`, name: `窗口员${i}号`, password: 'Window-pass-2026', roles: i % 5 === 0 ? ['clerk', 'reviewer'] : ['clerk'], departmentId: i % 2 ? deptId : null, phone: '13912345678' },
      });
      expect(res.statusCode, res.body).toBe(201);
    }
  });
  afterAll(async () => t?.close());

  const list = (qs: string) => t.request({ method: 'GET', url: `/api/v1/users${qs}`, as: 'admin' });

  it('pages through every account in id order, contacts masked', async () => {
    const first = await list('?pageSize=10');
    expect(first.statusCode).toBe(200);
    const total = first.json().total;
    expect(total).toBeGreaterThanOrEqual(25 + 9);
    expect(first.json().items).toHaveLength(10);
    const ids: number[] = [];
    for (let page = 1; (page - 1) * 10 < total; page++) ids.push(...(await list(`?pageSize=10&page=${page}`)).json().items.map((u: { id: number }) => u.id));
    expect(ids).toHaveLength(total);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    expect(first.body).not.toContain('13912345678');
  });

  it('filters by name or username, role and department', async () => {
    const byName = (await list(`?q=${encodeURIComponent('窗口员1')}&pageSize=100`)).json();
    // 窗口员1号, 窗口员10号 … 窗口员19号
    expect(byName.total).toBe(11);
    expect((await list('?q=listclerk2&pageSize=100')).json().total).toBe(7); // 2, 20–25
    const reviewers = (await list('?role=reviewer&q=listclerk&pageSize=100')).json();
    expect(reviewers.items.map((u: { username: string }) => u.username).sort()).toEqual(['listclerk10', 'listclerk15', 'listclerk20', 'listclerk25', 'listclerk5']);
    const inDept = (await list(`?departmentId=${deptId}&q=listclerk&pageSize=100`)).json();
    expect(inDept.total).toBe(13);
    expect(inDept.items.every((u: { departmentId: number }) => u.departmentId === deptId)).toBe(true);
    // LIKE wildcards in the search text are plain characters.
    expect((await list('?q=%25&pageSize=100')).json().total).toBe(0);
  });

  it('refuses bad paging and unknown roles with a 400, and non-admins with a 403', async () => {
    expect((await list('?pageSize=1000')).statusCode).toBe(400);
    expect((await list('?role=boss')).statusCode).toBe(400);
    expect((await t.request({ method: 'GET', url: '/api/v1/users', as: 'clerk' })).statusCode).toBe(403);
  });
});
