import { CompiledQuery, PostgresAdapter, type Compilable } from 'kysely';
import type { DbOrTx } from './db';
import { serverPrepared } from './server-prepared';

/**
 * Hot-path queries compiled once instead of on every call.
 *
 * Building and compiling a Kysely query costs 20–80 µs (a 45-column insert, a three-table session join);
 * on the intake path (SPEC §6: ≥ 1,000 cases/s) a dozen of them cost as much as the SQLite work itself.
 * A prepared query is built once per dialect with placeholder parameters, compiled, and afterwards only
 * its parameter list is rebuilt. Only values may vary between calls: anything that changes the SQL text
 * (IN-list lengths, optional clauses, columns left out) belongs in a different prepared query.
 * `serverPrepared`: on PostgreSQL also parsed and planned once per connection (server-prepared.ts), for
 * the statements that run while a county's rows are locked.
 */
const MARK = '\u0000prepared:';

type Params = Record<string, unknown>;

export interface PreparedQuery<P extends Params, R> {
  execute(db: DbOrTx, params: P): Promise<R[]>;
  executeTakeFirst(db: DbOrTx, params: P): Promise<R | undefined>;
  /** The SQL text for a dialect (tests, EXPLAIN). */
  sqlFor(db: DbOrTx): string;
}

interface Template {
  sql: string;
  /** For each parameter position: the name of the caller's value, or a constant the builder put there. */
  slots: Array<{ name: string } | { value: unknown }>;
}

/**
 * `build` receives the database and a stand-in for the parameters whose every property is a marker:
 *
 *   const byTokenHash = prepared((db, p: { hash: string }) => db.selectFrom('kernel_sessions').selectAll().where('token_hash', '=', p.hash));
 *   const row = await byTokenHash.executeTakeFirst(db, { hash });
 */
export function prepared<P extends Params, R = Record<string, unknown>>(build: (db: DbOrTx, p: P) => Compilable<R>, opts: { serverPrepared?: boolean } = {}): PreparedQuery<P, R> {
  const templates = new Map<string, Template>();
  const stand = new Proxy({} as P, { get: (_t, key) => (typeof key === 'string' ? MARK + key : undefined) });
  const template = (db: DbOrTx): Template => {
    const dialect = db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
    let t = templates.get(dialect);
    if (!t) {
      const compiled = build(db, stand).compile();
      t = {
        sql: opts.serverPrepared && dialect === 'postgres' ? serverPrepared(compiled.sql) : compiled.sql,
        slots: compiled.parameters.map((v) => (typeof v === 'string' && v.startsWith(MARK) ? { name: v.slice(MARK.length) } : { value: v })),
      };
      templates.set(dialect, t);
    }
    return t;
  };
  const run = async (db: DbOrTx, params: P): Promise<R[]> => {
    const t = template(db);
    const values = t.slots.map((s) => ('name' in s ? params[s.name] : s.value));
    const result = await db.executeQuery<R>(CompiledQuery.raw(t.sql, values));
    return result.rows;
  };
  return {
    execute: run,
    executeTakeFirst: async (db, params) => (await run(db, params))[0],
    sqlFor: (db) => template(db).sql,
  };
}

/**
 * An insert of one row whose column set is fixed per call site (the row's keys, in order): compiled once
 * per table, column list and dialect. Undefined values are not allowed (they would change the columns).
 */
export function preparedInsert<R = Record<string, unknown>>(table: string, opts: { returning?: readonly string[] } = {}) {
  const byColumns = new Map<string, PreparedQuery<Params, R>>();
  return {
    async execute(db: DbOrTx, row: Params): Promise<R[]> {
      const columns = Object.keys(row);
      const key = columns.join(',');
      let q = byColumns.get(key);
      if (!q) {
        q = prepared<Params, R>((d, p) => {
          const values = Object.fromEntries(columns.map((c) => [c, p[c]]));
          const insert = d.insertInto(table).values(values);
          return (opts.returning ? insert.returning(opts.returning as string[]) : insert) as unknown as Compilable<R>;
        });
        byColumns.set(key, q);
      }
      for (const c of columns) if (row[c] === undefined) throw new Error(`preparedInsert(${table}): column ${c} is undefined`);
      return q.execute(db, row);
    },
  };
}

/**
 * A multi-row insert (one statement, one round trip for a whole batch): compiled once per table, column
 * list, row count and dialect. Every row must have the first row's columns, in any order.
 */
export function preparedInsertMany<R = Record<string, unknown>>(table: string, opts: { returning?: readonly string[] } = {}) {
  const byShape = new Map<string, PreparedQuery<Params, R>>();
  return {
    async execute(db: DbOrTx, rows: readonly Params[]): Promise<R[]> {
      if (rows.length === 0) return [];
      const columns = Object.keys(rows[0]);
      const key = `${rows.length}:${columns.join(',')}`;
      let q = byShape.get(key);
      if (!q) {
        const n = rows.length;
        q = prepared<Params, R>((d, p) => {
          const values = Array.from({ length: n }, (_, i) => Object.fromEntries(columns.map((c) => [c, p[`${i}:${c}`]])));
          const insert = d.insertInto(table).values(values);
          return (opts.returning ? insert.returning(opts.returning as string[]) : insert) as unknown as Compilable<R>;
        });
        byShape.set(key, q);
      }
      const params: Params = {};
      rows.forEach((row, i) => {
        for (const c of columns) {
          if (row[c] === undefined) throw new Error(`preparedInsertMany(${table}): column ${c} is undefined in row ${i}`);
          params[`${i}:${c}`] = row[c];
        }
      });
      return q.execute(db, params);
    },
  };
}
