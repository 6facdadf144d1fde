import { sql } from 'kysely';
import type { DbOrTx } from '../db/db';
import { readPlan, rolledParts, type DailyRollup } from './daily-rollup';

type Row = Record<string, string | number>;

/**
 * The month rows of a roll-up's month layer, and what they must equal: the Σ of the stored day rows per
 * month and key (both sorted, numbers as numbers), for `expect(months).toEqual(fromDays)`.
 */
export async function monthRowsAndDaySums(db: DbOrTx, rollup: Pick<DailyRollup, 'table' | 'monthly'>): Promise<{ months: Row[]; fromDays: Row[] }> {
  const m = rollup.monthly;
  if (!m) throw new Error(`${rollup.table} has no month layer`);
  const order = sql.join(['month', ...m.keys].map((c) => sql.ref(c)));
  const cols = sql.join([...m.keys, ...m.sums].map((c) => sql.ref(c)));
  const months = await sql<Row>`select ${sql.ref('month')}, ${cols} from ${sql.table(m.table)} order by ${order}`.execute(db);
  const month = sql`substr(${sql.ref('day')}, 1, 7)`;
  const keys = m.keys.map((k) => sql.ref(k));
  const fromDays = await sql<Row>`select ${sql.join([sql`${month} as ${sql.ref('month')}`, ...keys, ...m.sums.map((c) => sql`sum(${sql.ref(c)}) as ${sql.ref(c)}`)])}
    from ${sql.table(rollup.table)} group by ${sql.join([month, ...keys])} order by ${order}`.execute(db);
  const norm = (rows: Row[]) => rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, k === 'month' ? String(v) : Number(v)])));
  return { months: norm(months.rows), fromDays: norm(fromDays.rows) };
}

/** Which grains a read of [from, to] takes its rolled days from now ('month', 'day'). */
export async function rolledGrains(db: DbOrTx, rollup: Pick<DailyRollup, 'name' | 'params' | 'table' | 'monthly'>, from: string, to: string): Promise<string[]> {
  return rolledParts(rollup, (await readPlan(db, rollup, from, to)).rolled).map((p) => p.grain);
}
