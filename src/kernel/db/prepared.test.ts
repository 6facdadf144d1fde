import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { buildTestApp, dialects, type TestApp } from '../../../test/harness';
import { nextSequence } from './db';
import { prepared, preparedInsert } from './prepared';
import { serverPreparedName } from './server-prepared';

const byName = prepared((db, p: { name: string; min: number }) =>
  db.selectFrom('prep_t').select(['id', 'name', 'n']).where('name', '=', p.name).where('n', '>=', p.min).where('kind', '=', 'fixed').orderBy('id'),
);
// Parsed and planned once per connection on PostgreSQL (server-prepared.ts).
const countOnServer = prepared((db, p: { name: string }) => db.selectFrom('prep_t').select((eb) => eb.fn.countAll<number>().as('n')).where('name', '=', p.name), { serverPrepared: true });
const insertT = preparedInsert<{ id: number }>('prep_t', { returning: ['id'] });

describe.each(dialects)('prepared queries on %s', (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await buildTestApp({ dialect, seed: [] });
    await app.ctx.db.schema
      .createTable('prep_t')
      .addColumn('id', 'integer', (c) => (dialect === 'postgres' ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement()))
      .addColumn('name', 'varchar(40)', (c) => c.notNull())
      .addColumn('n', 'integer', (c) => c.notNull())
      .addColumn('kind', 'varchar(10)', (c) => c.notNull())
      .execute();
  });
  afterAll(() => app.close());

  it('binds the caller values and keeps the constants the builder wrote', async () => {
    const db = app.ctx.db;
    const ids = [];
    for (const [name, n, kind] of [['甲', 1, 'fixed'], ['甲', 5, 'fixed'], ['甲', 9, 'other'], ['乙', 7, 'fixed']] as const) {
      const [row] = await insertT.execute(db, { name, n, kind });
      ids.push(Number(row.id));
    }
    expect(new Set(ids).size).toBe(4);
    expect((await byName.execute(db, { name: '甲', min: 2 })).map((r) => Number(r.n))).toEqual([5]);
    expect((await byName.execute(db, { name: '甲', min: 0 })).map((r) => Number(r.n))).toEqual([1, 5]);
    expect(await byName.executeTakeFirst(db, { name: '丙', min: 0 })).toBeUndefined();
    // The same text every call; the dialect's own placeholders.
    expect(byName.sqlFor(db)).toContain(dialect === 'postgres' ? '$1' : '?');
  });

  it('runs inside a transaction and rolls back with it', async () => {
    const db = app.ctx.db;
    await expect(
      db.transaction().execute(async (tx) => {
        await insertT.execute(tx, { name: '丁', n: 1, kind: 'fixed' });
        expect(await byName.execute(tx, { name: '丁', min: 0 })).toHaveLength(1);
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    expect(await byName.execute(db, { name: '丁', min: 0 })).toHaveLength(0);
  });

  it('sends a serverPrepared query as a named statement on PostgreSQL, with the same answers on both dialects', async () => {
    const db = app.ctx.db;
    await insertT.execute(db, { name: '己', n: 3, kind: 'fixed' });
    await db.transaction().execute(async (tx) => {
      // Six calls: past the five custom plans PostgreSQL makes before it may keep a generic one.
      for (let i = 0; i < 6; i++) expect(Number((await countOnServer.executeTakeFirst(tx, { name: '己' }))!.n)).toBe(1);
      expect(Number((await countOnServer.executeTakeFirst(tx, { name: '无' }))!.n)).toBe(0);
      const name = serverPreparedName(countOnServer.sqlFor(tx));
      if (dialect === 'postgres') {
        // The statement lives on the transaction's connection under its registered name.
        expect(name).toMatch(/^onewindow_\d+$/);
        const r = await sql<{ statement: string }>`select statement from pg_prepared_statements where name = ${name}`.execute(tx);
        expect(r.rows[0]?.statement).toBe(countOnServer.sqlFor(tx));
      } else {
        expect(name).toBeUndefined();
      }
    });
  });

  it('refuses an undefined column value instead of silently writing another column set', async () => {
    await expect(insertT.execute(app.ctx.db, { name: '戊', n: undefined, kind: 'fixed' })).rejects.toThrow(/n is undefined/);
  });

  it('nextSequence counts from 1 per name in one upsert, also under concurrent callers', async () => {
    const db = app.ctx.db;
    expect(await nextSequence(db, 'prep:a')).toBe(1);
    expect(await nextSequence(db, 'prep:a')).toBe(2);
    expect(await nextSequence(db, 'prep:b')).toBe(1);
    const many = await Promise.all(Array.from({ length: 20 }, () => db.transaction().execute((tx) => nextSequence(tx, 'prep:c'))));
    expect([...many].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const r = await sql<{ value: number }>`select value from kernel_sequences where name = 'prep:c'`.execute(db);
    expect(Number(r.rows[0].value)).toBe(20);
  });
});
