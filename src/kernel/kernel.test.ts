import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { buildTestApp, dialects, type TestApp } from '../../test/harness';
import { verifyAuditChain } from './audit/audit';
import { DEMO_ACCOUNTS } from '../modules/org';

describe.each(dialects)('kernel on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ dialect });
  });
  afterAll(async () => t?.close());

  it('answers /healthz after asking the database', async () => {
    const res = await t.request({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('serves the OpenAPI document with the API routes', async () => {
    const res = await t.request({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/auth/login', '/api/v1/calendar', '/api/v1/departments']));
  });

  it.each(DEMO_ACCOUNTS.map((a) => [a.username, a.roles[0]]))('demo account %s logs in with role %s', async (username, role) => {
    const res = await t.request({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: 'demo1234' } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.user.roles).toEqual([role]);
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const me = await t.request({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${body.token}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json().username).toBe(username);
  });

  it('rejects a wrong password with 401 and a stable code', async () => {
    const res = await t.request({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'leader', password: 'nope' } });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('INVALID_CREDENTIALS');
  });

  it('throttles repeated failures per account with 429 and Retry-After', async () => {
    for (let i = 0; i < 5; i++) {
      const r = await t.request({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'operator', password: `bad${i}` } });
      expect(r.statusCode).toBe(401);
    }
    const res = await t.request({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'operator', password: 'demo1234' } });
    expect(res.statusCode).toBe(429);
    expect(res.json().error.code).toBe('LOGIN_THROTTLED');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    t.clock.advance(16 * 60_000);
    const later = await t.request({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'operator', password: 'demo1234' } });
    expect(later.statusCode).toBe(200);
  });

  it.each([
    ['no token', undefined, 401, 'UNAUTHORIZED'],
    ['a forged token', 'Bearer forged-token-value', 401, 'TOKEN_INVALID'],
    ['a malformed header', 'Token abc', 401, 'TOKEN_INVALID'],
  ])('answers %s on a protected route with %i', async (_label, authorization, status, code) => {
    const res = await t.request({ method: 'GET', url: '/api/v1/auth/me', headers: authorization ? { authorization } : {} });
    expect(res.statusCode).toBe(status);
    expect(res.json().error.code).toBe(code);
  });

  it('answers a role without access with 403', async () => {
    const res = await t.request({ method: 'GET', url: '/api/v1/users', as: 'clerk' });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('FORBIDDEN');
  });

  it.each([
    ['malformed JSON', '{"username": ', 'application/json', 400, 'INVALID_JSON'],
    ['a wrong type', JSON.stringify({ username: 5, password: 'x' }), 'application/json', 400, 'VALIDATION_ERROR'],
    ['an unknown field', JSON.stringify({ username: 'a', password: 'b', admin: true }), 'application/json', 400, 'VALIDATION_ERROR'],
    ['a missing field', JSON.stringify({ username: 'a' }), 'application/json', 400, 'VALIDATION_ERROR'],
    ['a body over 1 MB', JSON.stringify({ username: 'a', password: 'x'.repeat(1024 * 1024 + 10) }), 'application/json', 413, 'BODY_TOO_LARGE'],
  ])('answers %s with a JSON 4xx, never a 500', async (_label, payload, contentType, status, code) => {
    const auditBefore = await t.ctx.db.selectFrom('kernel_audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    const res = await t.request({ method: 'POST', url: '/api/v1/auth/login', payload, headers: { 'content-type': contentType } });
    expect(res.statusCode).toBe(status);
    expect(res.json().error.code).toBe(code);
    expect(res.body).not.toMatch(/at .*\.ts:\d+/);
    const auditAfter = await t.ctx.db.selectFrom('kernel_audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(auditAfter.n)).toBe(Number(auditBefore.n));
  });

  it('names the field in validation errors', async () => {
    const res = await t.request({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'a', password: 'b', extra: 1 } });
    expect(res.json().error.details.field).toBe('extra');
  });

  it('answers an unknown API path with a JSON 404', async () => {
    const res = await t.request({ method: 'GET', url: '/api/v1/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('ROUTE_NOT_FOUND');
  });

  it('requires the CSRF header for cookie-authenticated writes', async () => {
    const login = await t.request({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'citizen', password: 'demo1234' } });
    const cookies = login.cookies as Array<{ name: string; value: string; httpOnly?: boolean; sameSite?: string }>;
    const session = cookies.find((c) => c.name === 'ow_session')!;
    const csrf = cookies.find((c) => c.name === 'ow_csrf')!;
    expect(session.httpOnly).toBe(true);
    expect(session.sameSite).toBe('Lax');
    expect(csrf.httpOnly).toBeFalsy();
    const cookie = `ow_session=${session.value}; ow_csrf=${csrf.value}`;
    const read = await t.request({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
    expect(read.statusCode).toBe(200);
    const noHeader = await t.request({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } });
    expect(noHeader.statusCode).toBe(403);
    expect(noHeader.json().error.code).toBe('CSRF_TOKEN_INVALID');
    const withHeader = await t.request({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie, 'x-csrf-token': csrf.value } });
    expect(withHeader.statusCode).toBe(200);
    const after = await t.request({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
    expect(after.statusCode).toBe(401);
  });

  it('revokes every session on password change and enforces the policy', async () => {
    const token = await t.login('reviewer');
    const weak = await t.request({ method: 'POST', url: '/api/v1/auth/password', as: 'reviewer', payload: { currentPassword: 'demo1234', newPassword: 'short' } });
    expect(weak.statusCode).toBe(422);
    expect(weak.json().error.code).toBe('PASSWORD_POLICY');
    const ok = await t.request({ method: 'POST', url: '/api/v1/auth/password', as: 'reviewer', payload: { currentPassword: 'demo1234', newPassword: 'Better-pass-2026' } });
    expect(ok.statusCode).toBe(200);
    const me = await t.request({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });
    expect(me.statusCode).toBe(401);
    await t.login('reviewer', 'Better-pass-2026');
  });

  it('expires tokens after the session lifetime', async () => {
    const login = await t.request({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'unit', password: 'demo1234' } });
    const token = login.json().token;
    t.clock.advance(13 * 3600_000);
    const me = await t.request({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });
    expect(me.statusCode).toBe(401);
  });

  it('keeps an intact audit chain and catches an edited row', async () => {
    const ok = await verifyAuditChain(t.ctx.db);
    expect(ok.ok).toBe(true);
    expect(ok.checked).toBeGreaterThan(50);
    // The table refuses updates; a tamperer who drops the guard is still caught by the chain.
    await expect(sql`update kernel_audit_log set action = 'x' where seq = 3`.execute(t.ctx.db)).rejects.toThrow(/append-only/);
    if (dialect === 'postgres') {
      await sql`alter table kernel_audit_log disable trigger kernel_audit_log_no_update`.execute(t.ctx.db);
    } else {
      await sql`drop trigger kernel_audit_log_no_update`.execute(t.ctx.db);
    }
    await sql`update kernel_audit_log set after_json = '{"roles":["admin"]}' where seq = 5`.execute(t.ctx.db);
    const broken = await verifyAuditChain(t.ctx.db);
    expect(broken.ok).toBe(false);
    expect(broken.firstBrokenSeq).toBe(5);
  });
});
