import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { buildApp, createLogger, type BuiltApp } from '../../src/app';
import { loadConfig } from '../../src/kernel/config';
import { FixedClock } from '../../src/kernel/clock';
import { openDb } from '../../src/kernel/db/db';
import { computeIdCheckChar } from '../../src/kernel/validators';
import { concreteUrl } from './routes';

/**
 * No ID numbers, phones, passwords or tokens in the log. The app logs at `trace` into a buffer while a
 * representative set of requests runs — logins (good and bad), account creation with phone and ID
 * number, calendar edits, cookie sessions, personal data in URLs and query strings, and every write
 * route of every registered module called with a body full of personal data — then the buffer is
 * searched for each value used.
 */

const ID_A = `43058219900101123${computeIdCheckChar('43058219900101123')}`;
const ID_B = `43058219851203456${computeIdCheckChar('43058219851203456')}`;
const ID_C = `11010519491231002${computeIdCheckChar('11010519491231002')}`;
const PHONE_A = '13912345678';
const PHONE_B = '18687654321';
const PHONE_C = '15011112222';
const PASSWORD = 'Secret-pass-2026';

/** A body that carries personal data under every name modules use. */
const personalBody = () => ({
  phone: PHONE_B,
  idNumber: ID_B,
  password: PASSWORD,
  citizen: { name: '张三', phone: PHONE_B, idNumber: ID_B },
  applicant: { type: 'person', name: '张三', idNumber: ID_B, phone: PHONE_B },
  contact: { phone: PHONE_B },
  content: `我的身份证号 ${ID_C}，电话 ${PHONE_C}，请回电。`,
  comment: `联系 ${PHONE_C}`,
});

describe('logs hold no personal data', () => {
  let built: BuiltApp;
  let log = '';
  const secrets: string[] = [ID_A, ID_B, ID_C, PHONE_A, PHONE_B, PHONE_C, PASSWORD, 'demo1234'];

  beforeAll(async () => {
    const config = loadConfig({ NODE_ENV: 'test', ONEWINDOW_JOBS: '0', LOG_LEVEL: 'trace', DATABASE_URL: 'file::memory:' });
    const sink = new Writable({
      write(chunk, _enc, cb) {
        log += chunk.toString();
        cb();
      },
    });
    built = await buildApp({
      config,
      clock: new FixedClock('2026-09-30T09:00:00+08:00'),
      opened: openDb({ dialect: 'sqlite', url: ':memory:' }),
      logger: createLogger(config, sink),
      serveWeb: false,
    });
    for (const m of built.modules) await m.seed?.(built.ctx, { kind: 'demo' });
  }, 120_000);
  afterAll(async () => built?.close());

  it('logs at trace level while requests run (the test is not vacuous)', async () => {
    await built.app.inject({ method: 'GET', url: '/healthz' });
    expect(log).toMatch(/incoming request/);
    expect(log).toMatch(/request completed/);
  });

  it('keeps ID numbers, phones, passwords and tokens out of the log', async () => {
    const inject = built.app.inject.bind(built.app);
    const login = async (username: string, password = 'demo1234') => {
      const res = await inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
      const body = res.json();
      if (body.token) secrets.push(body.token, body.csrfToken);
      return body as { token: string; csrfToken: string };
    };
    const admin = await login('admin');
    const citizen = await login('citizen');
    await login('clerk', PASSWORD); // wrong password
    await login(ID_A, PASSWORD); // an ID number typed as the username
    const auth = (tok: string) => ({ authorization: `Bearer ${tok}` });

    // Accounts with contact data, valid and invalid.
    const created = await inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: auth(admin.token),
      payload: { username: 'privacy1', name: '王五', password: PASSWORD, roles: ['clerk'], departmentId: null, phone: PHONE_A, idNumber: ID_A },
    });
    expect(created.statusCode).toBe(201);
    await inject({ method: 'GET', url: `/api/v1/users/${created.json().id}`, headers: auth(admin.token) });
    await inject({ method: 'GET', url: '/api/v1/users', headers: auth(admin.token) });
    await inject({ method: 'POST', url: '/api/v1/users', headers: auth(admin.token), payload: { username: 'privacy2', name: '赵六', password: PASSWORD, roles: ['clerk'], departmentId: null, phone: '12345', idNumber: ID_C.slice(0, 17) + 'Y' } });
    await inject({ method: 'POST', url: '/api/v1/users/1/password', headers: auth(admin.token), payload: { newPassword: PASSWORD } });

    // Calendar edits.
    await inject({ method: 'PUT', url: '/api/v1/calendar/days/2026-10-09', headers: auth(admin.token), payload: { kind: 'holiday', name: '测试' } });
    await inject({ method: 'GET', url: '/api/v1/calendar?year=2026', headers: auth(citizen.token) });

    // Personal data and tokens in URLs, query strings and headers.
    await inject({ method: 'GET', url: `/api/v1/nope/${ID_A}?phone=${PHONE_A}` });
    await inject({ method: 'GET', url: `/api/v1/auth/me?token=${admin.token}` });
    await inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: `ow_session=${citizen.token}; ow_csrf=${citizen.csrfToken}` } });
    await inject({ method: 'POST', url: '/api/v1/auth/password', headers: { cookie: `ow_session=${citizen.token}`, 'x-csrf-token': citizen.csrfToken }, payload: { currentPassword: 'demo1234', newPassword: 'short' } });
    await inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${ID_B}` } });

    // Every write route of every module, as a user and anonymously, with personal data in the body;
    // every read route with personal data in the query string.
    for (const r of built.routes) {
      if (!r.url.startsWith('/api/') && !r.url.startsWith('/open311/')) continue;
      if (r.url === '/api/v1/auth/logout' || r.url.includes('/password')) continue;
      const url = concreteUrl(r.url);
      if (['POST', 'PUT', 'PATCH'].includes(r.method)) {
        for (const headers of [auth(admin.token), auth(citizen.token), {}]) {
          await inject({ method: r.method as 'POST', url, headers, payload: personalBody() });
        }
      } else if (r.method === 'GET') {
        await inject({ method: 'GET', url: `${url}?q=${PHONE_C}&idNumber=${ID_C}&phone=${PHONE_B}`, headers: auth(admin.token) });
      }
    }

    // What modules might log by hand: objects with personal fields, free text, errors.
    built.ctx.log.info({ applicant: { idNumber: ID_A, phone: PHONE_A }, phone: PHONE_B }, 'intake');
    built.ctx.log.warn(`callback to ${PHONE_C} for ${ID_C}`);
    built.ctx.log.error({ err: new Error(`身份证号 ${ID_B} 校验位不正确`) }, 'validation failed');

    expect(log.length).toBeGreaterThan(10_000);
    const leaks = secrets.filter((s) => log.includes(s));
    if (leaks.length) console.log(log.split("\n").filter((l) => leaks.some((s) => l.includes(s))).slice(0, 5).join("\n"));
    expect(leaks, 'values found in the log').toEqual([]);
    // Masked forms are what the log may carry.
    expect(log).toContain('4305**********');
    expect(log).toMatch(/1[3-9]\d\*{4}\d{4}/);
  }, 120_000);
});
