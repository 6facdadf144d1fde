import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, dialects, type TestApp } from '../harness';
import { ROLES, type Role } from '../../src/shared/roles';
import { DEMO_ACCOUNTS } from '../../src/modules/org';
import type { RouteInfo } from '../../src/app';
import { concreteUrl } from './routes';

/**
 * Least privilege, generated from the live route table: every route × every role (and no session at
 * all) against the route's own `config.access`. A new route is covered the moment it is registered;
 * a route outside /api and /open311 without an access rule fails here (inside them the app refuses to
 * start). Dummy path params and `{}` bodies make most calls fail validation or lookup — that is fine:
 * the test asks only whether the caller got past the access gate (anything but 401/403) or was stopped
 * at it (401 without a session, 403 with the wrong role).
 */

/** Routes that are not part of the API surface and need no access rule (docs, spec, health, web app). */
const INFRASTRUCTURE = [/^\/healthz$/, /^\/openapi\.json$/, /^\/docs(\/|$)/, /^\/$/, /^\/\*$/, /^\/assets\//];

/**
 * Routes whose own protocol answers 401/403 to callers the access rule lets through (e.g. Open311's
 * api_key, which answers 403 by the GeoReport spec). Key: "METHOD url"; value: the extra statuses
 * allowed for callers past the gate. Add an entry with the reason when a module needs one.
 */
const PROTOCOL_EXCEPTIONS: Record<string, { statuses: number[]; reason: string }> = {
  'POST /open311/v2/requests.:format': { statuses: [403], reason: 'GeoReport v2: a POST without a valid api_key is answered 403' },
};

const ACCOUNT_OF: Record<Role, string> = Object.fromEntries(ROLES.map((r) => [r, DEMO_ACCOUNTS.find((a) => a.roles[0] === r)!.username])) as Record<Role, string>;

type Caller = Role | 'anonymous';

function expectation(route: RouteInfo, caller: Caller): 'pass' | 401 | 403 {
  const access = route.access!;
  if (access === 'public') return 'pass';
  if (caller === 'anonymous') return 401;
  if (access === 'authenticated') return 'pass';
  return access.includes(caller) ? 'pass' : 403;
}

describe.each(dialects)('route × role permissions on %s', (dialect) => {
  let t: TestApp;
  let routes: RouteInfo[];
  const tokens = new Map<Role, string>();

  async function tokenOf(role: Role): Promise<string> {
    let tok = tokens.get(role);
    if (!tok) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: ACCOUNT_OF[role], password: 'demo1234' } });
      if (res.statusCode !== 200) throw new Error(`login as ${role} failed: ${res.statusCode} ${res.body}`);
      tok = res.json().token as string;
      tokens.set(role, tok);
    }
    return tok;
  }

  beforeAll(async () => {
    t = await buildTestApp({ dialect });
    routes = t.routes.filter((r) => !INFRASTRUCTURE.some((re) => re.test(r.url)));
  });
  afterAll(async () => t?.close());

  it('finds the kernel routes and gives every route an access rule', () => {
    const names = routes.map((r) => `${r.method} ${r.url}`);
    expect(names).toEqual(expect.arrayContaining(['POST /api/v1/auth/login', 'GET /api/v1/users', 'PUT /api/v1/calendar/days/:date', 'GET /metrics']));
    const unguarded = routes.filter((r) => r.access === null).map((r) => `${r.method} ${r.url}`);
    expect(unguarded, 'routes without config.access').toEqual([]);
  });

  const fiveHundreds: string[] = [];

  it('answers every route for every role as its access rule says', async () => {
    const callers: Caller[] = ['anonymous', ...ROLES];
    const failures: string[] = [];
    let calls = 0;
    for (const route of routes) {
      const url = concreteUrl(route.url);
      const hasBody = ['POST', 'PUT', 'PATCH'].includes(route.method);
      // Callers run side by side (each role has its own session); routes one after another.
      await Promise.all(callers.map(async (caller) => {
        const headers: Record<string, string> = {};
        if (caller !== 'anonymous') headers.authorization = `Bearer ${await tokenOf(caller)}`;
        const res = await t.app.inject({ method: route.method as 'GET', url, headers, ...(hasBody ? { payload: {} } : {}) });
        calls++;
        const want = expectation(route, caller);
        const extra = PROTOCOL_EXCEPTIONS[`${route.method} ${route.url}`]?.statuses ?? [];
        const ok = want === 'pass' ? ![401, 403].includes(res.statusCode) || extra.includes(res.statusCode) : res.statusCode === want;
        if (!ok) failures.push(`${route.method} ${route.url} as ${caller}: expected ${want === 'pass' ? 'not 401/403' : want}, got ${res.statusCode} ${res.body.slice(0, 120)}`);
        if (res.statusCode >= 500) fiveHundreds.push(`${route.method} ${url} as ${caller}: ${res.statusCode} ${res.body.slice(0, 160)}`);
        // A call that ended the caller's session (logout, password change) must not spoil the next ones.
        if (caller !== 'anonymous' && hasBody && res.statusCode < 300) {
          const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers });
          if (me.statusCode === 401) tokens.delete(caller);
        }
      }));
    }
    expect(failures, `${failures.length} of ${calls} calls broke their access rule`).toEqual([]);
  }, 240_000);

  it('never crashes on dummy input (a client mistake deserves a 4xx)', () => {
    expect(fiveHundreds, 'routes that answered 5xx to {} bodies and dummy params in the run above').toEqual([]);
  });
});
