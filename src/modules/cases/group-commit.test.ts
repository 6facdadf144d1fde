import { describe, expect, it } from 'vitest';
import { sql, type Generated } from 'kysely';
import { openDb } from '../../kernel/db/db';
import { BatchCommitter } from './group-commit';

describe('BatchCommitter', () => {
  it('writes a batch in one go; a batch that fails is written again one job at a time, so only the bad job fails', async () => {
    const o = openDb({ dialect: 'sqlite', url: ':memory:' });
    await sql`create table t (id integer primary key, v text not null)`.execute(o.db);
    const sizes: number[] = [];
    const bc = new BatchCommitter<{ t: { id: Generated<number>; v: string } }, string, string>(o.db as never, async (tx, jobs) => {
      sizes.push(jobs.length);
      await tx.insertInto('t').values(jobs.map((v) => ({ v }))).execute();
      if (jobs.includes('bad')) throw new Error('bad application');
      return jobs.map((v) => `ok ${v}`);
    });
    const results = await Promise.allSettled(['a', 'bad', 'c'].map((v) => bc.run(v)));
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : 'rejected'))).toEqual(['ok a', 'rejected', 'ok c']);
    expect(sizes).toEqual([3, 1, 1, 1]);
    // The failed batch left nothing behind; the retried good jobs are written once each.
    expect((await o.db.selectFrom('t').select('v').orderBy('id').execute()).map((r) => r.v)).toEqual(['a', 'c']);
    await o.close();
  });

  it('keeps serving after a batch whose transaction could not even begin', async () => {
    const o = openDb({ dialect: 'sqlite', url: ':memory:' });
    await sql`create table t (id integer primary key, v text not null)`.execute(o.db);
    const real = o.db.transaction.bind(o.db);
    let failNext = true;
    // The first transaction fails at begin (as a lost connection would); the ones after it work.
    (o.db as unknown as { transaction: () => unknown }).transaction = () =>
      failNext ? ((failNext = false), { execute: () => Promise.reject(new Error('cannot begin')) }) : real();
    const bc = new BatchCommitter<{ t: { id: Generated<number>; v: string } }, string, string>(o.db as never, async (tx, jobs) => {
      await tx.insertInto('t').values(jobs.map((v) => ({ v }))).execute();
      return [...jobs];
    });
    await expect(bc.run('lost')).rejects.toThrow('cannot begin');
    await expect(bc.run('kept')).resolves.toBe('kept');
    expect((await o.db.selectFrom('t').select('v').execute()).map((r) => r.v)).toEqual(['kept']);
    await o.close();
  });
});
