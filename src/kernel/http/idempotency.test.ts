import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Type } from 'typebox';
import { buildTestApp, dialects, type TestApp } from '../../../test/harness';
import { defineModule, type AppContext } from '../module';
import { AppError } from '../errors';
import { nextSequence } from '../db/db';
import { orgModule } from '../../modules/org';
import { rememberAnswer } from './idempotency';

/**
 * A route that counts how often its handler ran (a kernel sequence) and answers with the count and the
 * body it got, storing the answer under the scoped key in the same transaction.
 */
const probeModule = defineModule({
  name: 'probe',
  routes(app, ctx: AppContext) {
    const Body = Type.Object({ note: Type.String({ minLength: 1 }) }, { additionalProperties: false });
    app.post(
      '/probe',
      { config: { access: ['clerk', 'admin'], idempotency: { scope: 'probe.create' } }, schema: { body: Body } },
      async (req, reply) => {
        if (req.body.note === 'refuse') throw new AppError('PROBE_REFUSED', 422, 'refused');
        const answer = await ctx.db.transaction().execute(async (tx) => {
          const body = { run: await nextSequence(tx, 'probe.runs'), note: req.body.note, key: req.idempotencyKey };
          if (req.idempotencyKey) await rememberAnswer(tx, ctx.clock, req.idempotencyKey, 201, body);
          return body;
        });
        return reply.status(201).send(answer);
      },
    );
    // The same handler without the option: a key means nothing here.
    app.post('/probe-plain', { config: { access: ['clerk'] }, schema: { body: Body } }, async (req, reply) => {
      const run = await ctx.db.transaction().execute((tx) => nextSequence(tx, 'probe.runs'));
      return reply.status(201).send({ run, key: req.idempotencyKey });
    });
  },
});

describe.each(dialects)('route option config.idempotency on %s', (dialect) => {
  let t: TestApp<readonly [typeof orgModule, typeof probeModule]>;
  beforeAll(async () => {
    t = await buildTestApp({ dialect, modules: [orgModule, probeModule] as const });
  });
  afterAll(async () => t?.close());

  const post = (note: string, as = 'clerk', key?: string, url = '/api/v1/probe') =>
    t.request({ method: 'POST', url, as, payload: { note }, headers: key ? { 'idempotency-key': key } : {} });

  it('runs the handler once per scoped key and replays its answer (status, body, header) without running it again', async () => {
    const first = await post('first', 'clerk', 'k-1');
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(first.json().key).toMatch(/^probe\.create:\d+:k-1$/);
    const again = await post('first', 'clerk', 'k-1');
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    // The handler did not run for the replay: the next fresh request counts one more run, not two.
    const next = await post('next', 'clerk', 'k-2');
    expect(next.json().run).toBe(first.json().run + 1);
  });

  it('replays the first answer to a retry with a different body under the same key', async () => {
    const first = await post('original', 'clerk', 'k-body');
    const changed = await post('changed', 'clerk', 'k-body');
    expect(changed.headers['idempotent-replayed']).toBe('true');
    expect(changed.json()).toEqual(first.json());
    expect(changed.json().note).toBe('original');
  });

  it('scopes keys by account: another account with the same key is another request', async () => {
    const clerk = await post('mine', 'clerk', 'k-shared');
    const admin = await post('yours', 'admin', 'k-shared');
    expect(admin.headers['idempotent-replayed']).toBeUndefined();
    expect(admin.json().run).not.toBe(clerk.json().run);
    expect(admin.json().key).not.toBe(clerk.json().key);
  });

  it('without a key every request runs, and a route without the option ignores the header', async () => {
    const a = await post('no key');
    const b = await post('no key');
    expect(a.json().key).toBeNull();
    expect(b.json().run).toBe(a.json().run + 1);
    const p1 = await post('plain', 'clerk', 'k-plain', '/api/v1/probe-plain');
    const p2 = await post('plain', 'clerk', 'k-plain', '/api/v1/probe-plain');
    expect(p2.headers['idempotent-replayed']).toBeUndefined();
    expect(p2.json()).toEqual({ run: p1.json().run + 1, key: null });
  });

  it('does not store refusals: a corrected retry under the same key is taken', async () => {
    const refused = await post('refuse', 'clerk', 'k-fix');
    expect(refused.statusCode).toBe(422);
    const fixed = await post('fixed', 'clerk', 'k-fix');
    expect(fixed.statusCode).toBe(201);
    expect(fixed.headers['idempotent-replayed']).toBeUndefined();
    expect(fixed.json().note).toBe('fixed');
  });

  it('checks access and the body before replaying', async () => {
    await post('first', 'clerk', 'k-guard');
    expect((await post('first', 'citizen', 'k-guard')).statusCode).toBe(403);
    const malformed = await t.request({ method: 'POST', url: '/api/v1/probe', as: 'clerk', payload: { note: '' }, headers: { 'idempotency-key': 'k-guard' } });
    expect(malformed.statusCode).toBe(400);
  });

  it('answers concurrent retries with one key with one answer: the losers get the winner\'s', async () => {
    const token = await t.login('clerk');
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        t.app.inject({ method: 'POST', url: '/api/v1/probe', headers: { authorization: `Bearer ${token}`, 'idempotency-key': 'k-race' }, payload: { note: `try ${i}` } }),
      ),
    );
    expect(results.map((r) => r.statusCode)).toEqual(Array(8).fill(201));
    expect(new Set(results.map((r) => r.body)).size).toBe(1);
  });
});
