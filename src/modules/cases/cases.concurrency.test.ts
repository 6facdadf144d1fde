import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, dialects, type TestApp } from '../../../test/harness';
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

  it('the database itself refuses a duplicate case number', async () => {
    const row = await t.opened.db.selectFrom('cases_cases').selectAll().limit(1).executeTakeFirstOrThrow();
    const { id: _id, ...copy } = row;
    await expect(t.opened.db.insertInto('cases_cases').values(copy).execute()).rejects.toThrow();
  });
});
