import type pg from 'pg';

/**
 * PostgreSQL server-side prepared statements for the few statements that run while a county's number row
 * and audit head are locked (intake's batch: the counters with the heads, then the cases, events and
 * audit rows). Sent unnamed, PostgreSQL parses and plans such a statement on every call — for a batch of
 * ten applications 1.4 ms of its 2.5 ms on an idle machine, all of it inside the locked window. Named,
 * it is parsed once per connection and, after five calls, runs on the cached generic plan (measured on an
 * idle machine, one batch of ten: 2.75 → 1.68 ms for the insert, 0.55 → 0.29 ms for the counters and
 * heads; under the intake bench the database's CPU per application fell by a quarter to a third).
 *
 * A statement opts in by its SQL text (`serverPrepared`); the pool's connections send registered texts
 * as named statements (`nameServerPrepared`). At most SERVER_PREPARED_MAX texts of at most
 * SERVER_PREPARED_MAX_TEXT characters are named (a text depends on the batch's shape — its size and the
 * counties in it — and each named statement keeps its plan in every connection's memory); the rest are
 * sent unnamed as before. Off with ONEWINDOW_PG_PREPARED=off for a connection pooler that does not carry
 * prepared statements across transactions (PgBouncer before 1.21 in transaction mode).
 */
export const SERVER_PREPARED_MAX = 64;
export const SERVER_PREPARED_MAX_TEXT = 32_768;

const names = new Map<string, string>();

/** Registers `sql` to be sent as a named statement where the pool names them; returns it unchanged. */
export function serverPrepared(sql: string): string {
  if (!names.has(sql) && names.size < SERVER_PREPARED_MAX && sql.length <= SERVER_PREPARED_MAX_TEXT) names.set(sql, `onewindow_${names.size + 1}`);
  return sql;
}

/** The name a registered text is sent under, or undefined (tests). */
export function serverPreparedName(sql: string): string | undefined {
  return names.get(sql);
}

type Query = (...args: unknown[]) => unknown;

/**
 * Makes every connection of `pool` send registered texts as named statements. Kysely calls
 * `client.query(text, values)`; a registered text goes as `{ name, text, values }` (pg prepares it on the
 * connection's first use and reuses it after), anything else as it came.
 */
export function nameServerPrepared(pool: pg.Pool): void {
  pool.on('connect', (client) => {
    const query = client.query as unknown as Query;
    const named: Query = function (this: pg.PoolClient, ...args: unknown[]) {
      const [text, values] = args;
      const name = typeof text === 'string' && Array.isArray(values) && args.length === 2 ? names.get(text) : undefined;
      return name ? query.call(this, { name, text, values }) : query.apply(this, args);
    };
    (client as unknown as { query: Query }).query = named;
  });
}
