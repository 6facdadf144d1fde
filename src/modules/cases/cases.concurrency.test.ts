import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, dialects, type TestApp } from '../../../test/harness';
import { verifyAuditChain } from '../../kernel/audit/audit';
import { at, personApplicant, testModules } from './cases.test-support';

describe.each(dialects)('concurrent intake on %s', (dialect) => {
  let t: TestApp<typeof testModules>;
  beforeAll(async () => {
    t = await buildTestApp({ dialect, now: at('2026-09-30'), modules: testModules });
  });
  afterAll(async () => t?.close());

  it('gives 200 simultaneous applications 200 distinct, gapless case numbers', async () => {
    const token = await t.login('clerk');
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/cases',
          headers: { authorization: `Bearer ${token}` },
          payload: { itemCode: i % 2 ? 'T-FOOD' : 'T-POLICE', channel: 'window', applicant: personApplicant() },
        }),
      ),
    );
    const bad = results.filter((r) => r.statusCode !== 201);
    expect(bad.map((r) => r.body)).toEqual([]);
    const numbers = results.map((r) => r.json().caseNo as string);
    expect(new Set(numbers).size).toBe(200);
    const seqs = numbers.map((n) => Number(n.split('-')[2])).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    const rows = await t.opened.db.selectFrom('cases_cases').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(rows.n)).toBe(200);
  });

  it('creates one case for ten simultaneous retries with one Idempotency-Key', async () => {
    const token = await t.login('clerk');
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/cases',
          headers: { authorization: `Bearer ${token}`, 'idempotency-key': 'same-key' },
          payload: { itemCode: 'T-FOOD', channel: 'window', applicant: personApplicant() },
        }),
      ),
    );
    expect(results.map((r) => r.statusCode)).toEqual(Array(10).fill(201));
    expect(new Set(results.map((r) => r.json().caseNo)).size).toBe(1);
  });

  it('stores every answer of a batch of keyed applications, each replayed to its own retry', async () => {
    const token = await t.login('clerk');
    const send = (key: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/cases',
        headers: { authorization: `Bearer ${token}`, 'idempotency-key': key },
        payload: { itemCode: 'T-FOOD', channel: 'window', applicant: personApplicant() },
      });
    const keys = Array.from({ length: 8 }, (_, i) => `batch-key-${i}`);
    const first = await Promise.all(keys.map(send));
    expect(first.map((r) => r.statusCode)).toEqual(Array(8).fill(201));
    expect(new Set(first.map((r) => r.json().caseNo)).size).toBe(8);
    const again = await Promise.all(keys.map(send));
    expect(again.map((r) => r.headers['idempotent-replayed'])).toEqual(Array(8).fill('true'));
    expect(again.map((r) => r.json().caseNo)).toEqual(first.map((r) => r.json().caseNo));
  });

  it('the database itself refuses a duplicate case number', async () => {
    const row = await t.opened.db.selectFrom('cases_cases').selectAll().limit(1).executeTakeFirstOrThrow();
    const { id: _id, ...copy } = row;
    await expect(t.opened.db.insertInto('cases_cases').values(copy).execute()).rejects.toThrow();
  });

  it('numbers each county gapless per day from its own counter while two counties take applications at once', async () => {
    // The police department moves to a second county of a provincial installation.
    const police = (await t.ctx.services.catalog.getPublished('T-POLICE'))!;
    await t.opened.db.updateTable('kernel_departments').set({ region_code: '430581001000' }).where('id', '=', police.departmentId).execute();
    t.ctx.services.org.invalidate();
    t.clock.set(at('2026-10-09'));
    // A new login: the cached token expired with the clock's jump.
    const token = (await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'clerk', password: 'demo1234' } })).json().token as string;
    const results = await Promise.all(
      Array.from({ length: 120 }, (_, i) =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/cases',
          headers: { authorization: `Bearer ${token}` },
          payload: { itemCode: i % 2 ? 'T-FOOD' : 'T-POLICE', channel: 'window', applicant: personApplicant() },
        }),
      ),
    );
    expect(results.filter((r) => r.statusCode !== 201).map((r) => r.body)).toEqual([]);
    const byRegion = new Map<string, number[]>();
    for (const r of results) {
      const [region, day, seq] = (r.json().caseNo as string).split('-');
      expect(day).toBe('20261009');
      byRegion.set(region, [...(byRegion.get(region) ?? []), Number(seq)]);
    }
    expect([...byRegion.keys()].sort()).toEqual(['430581', '430582']);
    for (const seqs of byRegion.values()) expect(seqs.sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    // The installation's county keeps the single-county counter name; the other county has its own row.
    const counters = await t.opened.db.selectFrom('kernel_sequences').select(['name', 'value']).where('name', 'like', 'case:%20261009').orderBy('name').execute();
    expect(counters.map((c) => [c.name, Number(c.value)])).toEqual([
      ['case:20261009', 60],
      ['case:430581:20261009', 60],
    ]);
    // Each county's intake joined its own audit chain, and every chain verifies.
    const audit = await verifyAuditChain(t.opened.db);
    expect(audit.ok, audit.reason).toBe(true);
    const submitted = await t.opened.db
      .selectFrom('kernel_audit_log')
      .select(['chain', 'subject_id'])
      .where('action', '=', 'case.submitted')
      .where('subject_id', 'like', '%-20261009-%')
      .execute();
    expect(submitted).toHaveLength(120);
    for (const a of submitted) expect(a.chain).toBe(a.subject_id.slice(0, 6));
  });
});
