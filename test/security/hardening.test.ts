import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Type } from 'typebox';
import { buildApp, type BuiltApp } from '../../src/app';
import { loadConfig } from '../../src/kernel/config';
import { FixedClock } from '../../src/kernel/clock';
import { openDb } from '../../src/kernel/db/db';
import type { ModuleManifest } from '../../src/kernel/module';
import { modules as allModules } from '../../src/modules';
import { RATE_LIMITS } from '../../src/kernel/http/rate-limit';
import { APP_CSP, DOCS_CSP } from '../../src/kernel/http/security';
import { LIMITS } from '../../src/shared/limits';
import { buildTestApp, type TestApp } from '../harness';

// Hardening that does not depend on the dialect runs once, on SQLite: response headers, cookie and
// session rules, access decided before validation, the route rate-limit option, /metrics protection,
// personal-data masking and the audit of unmasked views.

/** A module with rate-limited routes, the way the cases and hotline modules declare theirs. */
const probeModule: ModuleManifest = {
  name: 'probe',
  routes(app) {
    app.post(
      '/probe/lookup',
      { config: { access: 'public', rateLimit: { name: 'probe.lookup', limit: 3, windowMs: 60_000, key: 'ip' } }, schema: { body: Type.Object({ q: Type.String({ maxLength: LIMITS.query }) }) } },
      async () => ({ ok: true }),
    );
    app.post(
      '/probe/write',
      { config: { access: 'authenticated', rateLimit: [{ name: 'probe.write', limit: 2, windowMs: 60_000, key: 'account' }, RATE_LIMITS.citizenWrite] } },
      async () => ({ ok: true }),
    );
  },
};

const withProbe = [...allModules, probeModule] as const;

describe('security hardening', () => {
  let t: TestApp<typeof withProbe>;
  beforeAll(async () => {
    t = await buildTestApp({ dialect: 'sqlite', modules: withProbe });
  });
  afterAll(async () => t?.close());

  it.each([
    ['an API answer', 'GET', '/api/v1/system/status', 200],
    ['an API error', 'GET', '/api/v1/auth/me', 401],
    ['an unknown path', 'GET', '/api/v1/nope', 404],
    ['the health check', 'GET', '/healthz', 200],
  ])('sets the security headers on %s', async (_label, method, url, status) => {
    const res = await t.request({ method: method as 'GET', url });
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-security-policy']).toBe(APP_CSP);
    expect(APP_CSP).toContain("default-src 'self'");
    expect(APP_CSP).toContain("style-src 'self' 'unsafe-inline'");
    expect(APP_CSP).toContain("img-src 'self' data: blob:");
    expect(APP_CSP).toContain("frame-ancestors 'none'");
    expect(APP_CSP).not.toMatch(/script-src[^;]*unsafe/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(res.headers['strict-transport-security']).toBeUndefined(); // no TLS in this config
    expect(res.headers['x-powered-by']).toBeUndefined();
    if (url.startsWith('/api/')) expect(res.headers['cache-control']).toBe('no-store');
  });

  it('gives the Swagger UI its own policy', async () => {
    const res = await t.request({ method: 'GET', url: '/docs/' });
    expect(res.headers['content-security-policy']).toBe(DOCS_CSP);
    expect(res.headers['x-frame-options']).toBe('DENY');
  });

  it('decides access before validating the body: 401/403, never a 400 that describes the route', async () => {
    const anon = await t.request({ method: 'POST', url: '/api/v1/users', payload: { nonsense: true } });
    expect(anon.statusCode).toBe(401);
    const clerk = await t.request({ method: 'POST', url: '/api/v1/users', payload: { nonsense: true }, as: 'clerk' });
    expect(clerk.statusCode).toBe(403);
    const admin = await t.request({ method: 'POST', url: '/api/v1/users', payload: { nonsense: true }, as: 'admin' });
    expect(admin.statusCode).toBe(400);
  });

  it('enforces a route rate limit per IP with 429 and Retry-After, then lets the caller back in', async () => {
    const call = (ip: string) => t.app.inject({ method: 'POST', url: '/api/v1/probe/lookup', payload: { q: 'x' }, remoteAddress: ip });
    for (let i = 0; i < 3; i++) expect((await call('10.0.0.1')).statusCode).toBe(200);
    const limited = await call('10.0.0.1');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect((await call('10.0.0.2')).statusCode).toBe(200); // another IP has its own budget
    t.clock.advance(61_000);
    expect((await call('10.0.0.1')).statusCode).toBe(200);
  });

  it('enforces a route rate limit per account, whatever the IP', async () => {
    const call = (as: string, ip: string) =>
      t.login(as).then((token) => t.app.inject({ method: 'POST', url: '/api/v1/probe/write', headers: { authorization: `Bearer ${token}` }, remoteAddress: ip }));
    expect((await call('citizen', '10.1.0.1')).statusCode).toBe(200);
    expect((await call('citizen', '10.1.0.2')).statusCode).toBe(200);
    const third = await call('citizen', '10.1.0.3');
    expect(third.statusCode).toBe(429);
    expect(third.headers['retry-after']).toBeDefined();
    expect((await call('clerk', '10.1.0.1')).statusCode).toBe(200);
  });

  it('refuses /metrics without an admin session and serves Prometheus text to an admin', async () => {
    expect((await t.request({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    expect((await t.request({ method: 'GET', url: '/metrics', as: 'clerk' })).statusCode).toBe(403);
    expect((await t.request({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer not-the-token' } })).statusCode).toBe(401);
    await t.request({ method: 'GET', url: '/api/v1/system/status' });
    const res = await t.request({ method: 'GET', url: '/metrics', as: 'admin' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.body).toMatch(/# TYPE onewindow_http_requests_total counter/);
    expect(res.body).toMatch(/onewindow_http_requests_total\{method="GET",route="\/api\/v1\/system\/status",status="200"\} \d+/);
    expect(res.body).toMatch(/onewindow_http_request_duration_seconds_bucket\{method="GET",route="\/api\/v1\/system\/status",status="200",le="\+Inf"\} \d+/);
    expect(res.body).toMatch(/onewindow_outbox_pending \d+/);
    expect(res.body).toMatch(/onewindow_job_runs_total\{job="outbox.deliver"\} 0/);
    // Route patterns, never raw URLs: no personal identifier becomes a label.
    await t.request({ method: 'GET', url: '/api/v1/nope/430582199001011234' });
    const again = await t.request({ method: 'GET', url: '/metrics', as: 'admin' });
    expect(again.body).not.toContain('430582199001011234');
    expect(again.body).toMatch(/route="unmatched",status="404"/);
  });

  it('records every unmasked view of personal data and masks it in lists', async () => {
    const created = await t.request({
      method: 'POST',
      url: '/api/v1/users',
      as: 'admin',
      payload: { username: 'window7', name: '赵七', password: 'Window-pass-2026', roles: ['clerk'], departmentId: null, phone: '13912345678', idNumber: '430582199001011231' },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    const list = await t.request({ method: 'GET', url: '/api/v1/users?q=window7', as: 'admin' });
    const row = list.json().items.find((u: { id: number }) => u.id === id);
    expect(row.phone).toBe('139****5678');
    expect(row.idNumber).toBe('4305**********1231');
    expect(list.body).not.toContain('13912345678');

    const detail = await t.request({ method: 'GET', url: `/api/v1/users/${id}`, as: 'admin' });
    expect(detail.json()).toMatchObject({ phone: '13912345678', idNumber: '430582199001011231' });
    const views = await t.ctx.db.selectFrom('kernel_audit_log').selectAll().where('action', '=', 'personal_data.viewed').where('subject_id', '=', String(id)).execute();
    expect(views).toHaveLength(1);
    expect(views[0].actor_name).toBe('admin');
    expect(JSON.parse(views[0].after_json!)).toEqual({ fields: ['phone', 'idNumber'] });
    // The audit trail itself never holds the values.
    const all = await t.ctx.db.selectFrom('kernel_audit_log').select(['before_json', 'after_json']).execute();
    expect(JSON.stringify(all)).not.toMatch(/13912345678|430582199001011231/);
  });

  it('applies the password policy to every non-demo account (create and admin reset)', async () => {
    const weak = await t.request({ method: 'POST', url: '/api/v1/users', as: 'admin', payload: { username: 'weak1', name: '弱', password: 'demo1234', roles: ['clerk'], departmentId: null } });
    expect(weak.statusCode).toBe(422);
    expect(weak.json().error).toMatchObject({ code: 'PASSWORD_POLICY', details: { field: 'password' } });
    const reset = await t.request({ method: 'POST', url: '/api/v1/users/1/password', as: 'admin', payload: { newPassword: 'abcdefghij' } });
    expect(reset.statusCode).toBe(422);
  });

  it('revokes the sessions of an account whose password an admin resets', async () => {
    const token = await t.login('operator');
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });
    const reset = await t.request({ method: 'POST', url: `/api/v1/users/${me.json().id}/password`, as: 'admin', payload: { newPassword: 'Operator-pass-2026' } });
    expect(reset.statusCode).toBe(200);
    const after = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });
    expect(after.statusCode).toBe(401);
  });

  it('expires the session cookie with the session and clears it on logout', async () => {
    const login = await t.request({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'leader', password: 'demo1234' } });
    const session = (login.cookies as Array<{ name: string; maxAge?: number; path?: string; secure?: boolean }>).find((c) => c.name === 'ow_session')!;
    expect(session.maxAge).toBe(12 * 3600);
    expect(session.path).toBe('/');
    expect(session.secure).toBeFalsy(); // plain HTTP in this config
    const csrf = login.json().csrfToken;
    const logout = await t.request({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: `ow_session=${login.json().token}`, 'x-csrf-token': csrf } });
    expect(logout.statusCode).toBe(200);
    const cleared = (logout.cookies as Array<{ name: string; value: string; expires?: Date }>).find((c) => c.name === 'ow_session')!;
    expect(cleared.value).toBe('');
  });

  it('refuses a cookie-authenticated write with another session\'s CSRF token', async () => {
    const a = (await t.request({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'supervisor', password: 'demo1234' } })).json();
    const b = (await t.request({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'editor', password: 'demo1234' } })).json();
    const res = await t.request({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: `ow_session=${a.token}`, 'x-csrf-token': b.csrfToken } });
    expect(res.statusCode).toBe(403);
    // Bearer calls carry no ambient credential, so they need no CSRF header.
    const bearer = await t.request({ method: 'POST', url: '/api/v1/auth/logout', headers: { authorization: `Bearer ${a.token}` } });
    expect(bearer.statusCode).toBe(200);
  });

  it('bounds page sizes with the shared limit', async () => {
    expect(LIMITS.pageSize).toBe(100);
    expect(LIMITS.bodyBytes).toBe(t.ctx.config.bodyLimitBytes);
  });
});

describe('behind TLS (ONEWINDOW_SECURE_COOKIES=1)', () => {
  let built: BuiltApp;
  beforeAll(async () => {
    const config = loadConfig({ NODE_ENV: 'test', ONEWINDOW_JOBS: '0', ONEWINDOW_SECURE_COOKIES: '1', ONEWINDOW_METRICS_TOKEN: 'scrape-secret-0123456789', DATABASE_URL: 'file::memory:' });
    built = await buildApp({ config, clock: new FixedClock('2026-09-30T09:00:00+08:00'), opened: openDb({ dialect: 'sqlite', url: ':memory:' }), serveWeb: false });
    for (const m of built.modules) if (m.name === 'org') await m.seed?.(built.ctx, { kind: 'demo' });
  });
  afterAll(async () => built?.close());

  it('marks session cookies Secure and sends Strict-Transport-Security', async () => {
    const res = await built.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'citizen', password: 'demo1234' } });
    expect(res.statusCode).toBe(200);
    for (const c of res.cookies as Array<{ name: string; secure?: boolean }>) expect(c.secure).toBe(true);
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d{7,}/);
  });

  it('lets a scraper read /metrics with ONEWINDOW_METRICS_TOKEN', async () => {
    const ok = await built.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer scrape-secret-0123456789' } });
    expect(ok.statusCode).toBe(200);
    const wrong = await built.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer scrape-secret-012345678X' } });
    expect(wrong.statusCode).toBe(401);
  });
});
