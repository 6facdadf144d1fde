import { createHash } from 'node:crypto';
import { sql, type RawBuilder } from 'kysely';
import { dialectOf, type Db, type DbOrTx, type Tx } from '../db/db';
import { DAYS_IN_MONTH, fromDayNumber, isLeapYear, pad2, toDayNumber } from '../calendar/calendar.days';

/**
 * Daily roll-ups: KPIs over a year read closed days from a small day × key counter table and compute the
 * other days live from the base tables, so the answer is always the live answer, only cheaper.
 *
 * State lives in `kernel_settings`: under `name` the last rolled day (`through`) and the parameters the
 * rows were computed with; under `name:dirty:<day>` one row per rolled day that a later write changed.
 * Readers treat dirty days as live, and the next run recomputes them.
 *
 * Concurrency (PostgreSQL): a run holds an exclusive advisory lock on the roll-up for its whole
 * transaction and reads the base tables only after taking it; a write that marks days holds the shared
 * lock until it commits. So either the write committed before the run read (the run sees its rows), or
 * the write reads the run's new `through` and marks its day dirty. SQLite has one writer at a time (and a
 * run whose snapshot went stale fails to commit), which gives the same guarantee.
 *
 * Month layer (optional, `monthly`): a second table holds, per month ('YYYY-MM') and key, the Σ of that
 * month's day rows. A run recomputes, in its transaction, the month rows of every month its ranges touch
 * (a full run: all), from the day rows it just wrote, so a month row always equals the Σ of the stored day
 * rows of its month. A reader uses a month row only for a month its plan rolls whole (first to last day)
 * with no dirty day; the other rolled days come from the day table (`rolledParts`, `sumRolled`). A year
 * then reads ~12 rows per key instead of ~365, and the answer is the same one.
 */

export interface DayRange {
  from: string;
  to: string;
}

export interface RollupState {
  /** Last day whose rows are in the roll-up table (null: nothing rolled yet). */
  through: string | null;
  /** Rolled days changed since their roll-up (sorted): read them live. */
  dirty: string[];
  /** What the rows were computed with (e.g. a configured threshold); null when the roll-up has none. */
  params: unknown;
}

/** The month layer of a roll-up: `table` has `month` ('YYYY-MM'), the `keys` and the `sums` of the day table. */
export interface MonthlyLayer {
  table: string;
  /** The day table's key columns besides `day` (e.g. department_id); a month row is one month × key. */
  keys: readonly string[];
  /** The day table's summable columns, summed per month and key. */
  sums: readonly string[];
}

export interface DailyRollup<R extends { day: string } = { day: string }> {
  /** `kernel_settings` key of the state, e.g. `evaluations.daily` (at most 60 characters). */
  name: string;
  /** The roll-up table; its `day` column holds 'YYYY-MM-DD'. */
  table: string;
  /** Days before the rolled-through day that every run recomputes anyway (late writes expected there). */
  settleDays: number;
  /** The first day with data (null: none yet): a full run starts there. */
  firstDay(db: DbOrTx): Promise<string | null>;
  /** The roll-up rows of the days [from, to], computed from the base tables. */
  compute(db: DbOrTx, from: string, to: string): Promise<R[]>;
  /** What the rows depend on besides the base rows (configuration): when it changes the roll-up is not used until a full run. */
  params?(): Promise<unknown>;
  /** A month layer over the day table (read for whole clean months of a plan). */
  monthly?: MonthlyLayer;
}

/** Declares a roll-up (its dirty marks `name:dirty:YYYY-MM-DD` must fit the 80 characters of a settings key). */
export function defineDailyRollup<R extends { day: string }>(spec: DailyRollup<R>): DailyRollup<R> {
  if (spec.name.length === 0 || spec.name.length > 60) throw new Error(`roll-up name ${JSON.stringify(spec.name)}: 1 to 60 characters`);
  if (spec.monthly && (spec.monthly.sums.length === 0 || spec.monthly.table === spec.table)) throw new Error(`roll-up ${spec.name}: a month layer needs its own table and at least one sum`);
  return spec;
}

export const addDays = (day: string, n: number): string => fromDayNumber(toDayNumber(day) + n);

/** 'YYYY-MM' of a day. */
export const monthOf = (day: string): string => day.slice(0, 7);
/** The first and the last day of a month 'YYYY-MM'. */
export const firstDayOf = (month: string): string => `${month}-01`;
export function lastDayOf(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return `${month}-${pad2(m === 2 && isLeapYear(y) ? 29 : DAYS_IN_MONTH[m])}`;
}
/** The month after / before 'YYYY-MM'. */
export function addMonths(month: string, n: number): string {
  const i = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
  return `${String(Math.floor(i / 12)).padStart(4, '0')}-${pad2((i % 12) + 1)}`;
}

const dirtyPrefix = (name: string) => `${name}:dirty:`;
// A prefix match without LIKE, whose `_` and `%` would need escaping in a name.
const isDirtyMarkOf = (name: string) => sql<boolean>`substr(key, 1, ${dirtyPrefix(name).length}) = ${dirtyPrefix(name)}`;

// --- pure planning ---------------------------------------------------------------------------------

/** Consecutive days as ranges: ['01','02','04'] → [01–02], [04–04]. */
export function daysToRanges(days: readonly string[]): DayRange[] {
  const out: DayRange[] = [];
  for (const d of [...new Set(days)].sort()) {
    const last = out.at(-1);
    if (last && addDays(last.to, 1) === d) last.to = d;
    else out.push({ from: d, to: d });
  }
  return out;
}

/** Ranges merged where they touch or overlap (sorted). */
export function mergeRanges(ranges: readonly DayRange[]): DayRange[] {
  const out: DayRange[] = [];
  for (const r of [...ranges].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0))) {
    if (r.from > r.to) continue;
    const last = out.at(-1);
    if (last && addDays(last.to, 1) >= r.from) {
      if (r.to > last.to) last.to = r.to;
    } else out.push({ ...r });
  }
  return out;
}

export interface ReadPlan {
  /** Days to sum from the roll-up table: [from, to] without `except` (dirty days). */
  rolled: (DayRange & { except: string[] }) | null;
  /** Days to compute live from the base tables. */
  live: DayRange[];
}

/** Which days of [from, to] come from the roll-up and which are computed live. */
export function planRead(state: Pick<RollupState, 'through' | 'dirty'>, from: string, to: string): ReadPlan {
  if (from > to) return { rolled: null, live: [] };
  const { through } = state;
  if (!through || through < from) return { rolled: null, live: [{ from, to }] };
  const rolledTo = through < to ? through : to;
  const except = state.dirty.filter((d) => d >= from && d <= rolledTo).sort();
  const live = daysToRanges(except);
  if (through < to) live.push({ from: addDays(through, 1), to });
  return { rolled: { from, to: rolledTo, except }, live: mergeRanges(live) };
}

export interface MonthRange {
  /** 'YYYY-MM', inclusive. */
  from: string;
  to: string;
}

/** How a plan's rolled days are read when the roll-up has a month layer. */
export interface RolledSplit {
  /** Months read from the month table: each rolled whole (first to last day) with no dirty day. */
  months: MonthRange[];
  /** Days read from the day table (partial months at the ends, months with a dirty day), without `except`. */
  days: DayRange[];
  except: string[];
}

/**
 * Splits the rolled days of a plan into whole clean months and the remaining days. A month is whole when
 * the rolled range holds its first and its last day, clean when none of its days is in `except`. Only the
 * two end months and the months of dirty days are looked at, so a range from year 1 costs nothing.
 */
export function splitRolled(rolled: ReadPlan['rolled']): RolledSplit {
  if (!rolled || rolled.from > rolled.to) return { months: [], days: [], except: [] };
  const except = [...rolled.except].sort();
  const head = monthOf(rolled.from);
  const tail = monthOf(rolled.to);
  const first = rolled.from === firstDayOf(head) ? head : addMonths(head, 1);
  const last = rolled.to === lastDayOf(tail) ? tail : addMonths(tail, -1);
  if (first > last) return { months: [], days: [{ from: rolled.from, to: rolled.to }], except };
  const days: DayRange[] = [];
  if (rolled.from < firstDayOf(first)) days.push({ from: rolled.from, to: addDays(firstDayOf(first), -1) });
  if (rolled.to > lastDayOf(last)) days.push({ from: addDays(lastDayOf(last), 1), to: rolled.to });
  const dirty = [...new Set(except.map(monthOf))].filter((m) => m >= first && m <= last).sort();
  const months: MonthRange[] = [];
  let from = first;
  for (const m of dirty) {
    if (from < m) months.push({ from, to: addMonths(m, -1) });
    days.push({ from: firstDayOf(m), to: lastDayOf(m) });
    from = addMonths(m, 1);
  }
  if (from <= last) months.push({ from, to: last });
  return { months, days: mergeRanges(days), except };
}

export interface RunPlan {
  /** Rebuild everything (first run, a changed parameter, a clock that went back, or asked for). */
  full: boolean;
  /** Days to recompute (a full run: from the first day). */
  ranges: DayRange[];
  /** The new rolled-through day. */
  through: string;
}

/** What a run recomputes: the settle window up to yesterday and every dirty day, or everything. */
export function planRun(
  state: Pick<RollupState, 'through' | 'dirty'>,
  o: { yesterday: string; firstDay: string | null; settleDays: number; full: boolean },
): RunPlan {
  const full = o.full || state.through === null || state.through > o.yesterday;
  if (full) return { full, through: o.yesterday, ranges: o.firstDay && o.firstDay <= o.yesterday ? [{ from: o.firstDay, to: o.yesterday }] : [] };
  let settleFrom = addDays(state.through!, -o.settleDays);
  if (o.firstDay && settleFrom < o.firstDay) settleFrom = o.firstDay;
  return { full, through: o.yesterday, ranges: mergeRanges([...daysToRanges(state.dirty), { from: settleFrom, to: o.yesterday }]) };
}

// --- state -----------------------------------------------------------------------------------------

/** The stored state: one query for the rolled-through day and the dirty days together. */
export async function rollupState(db: DbOrTx, name: string): Promise<RollupState> {
  const rows = await db
    .selectFrom('kernel_settings')
    .select(['key', 'value_json'])
    .where((eb) => eb.or([eb('key', '=', name), isDirtyMarkOf(name)]))
    .execute();
  const state: RollupState = { through: null, dirty: [], params: null };
  for (const r of rows) {
    if (r.key === name) {
      const v = JSON.parse(r.value_json) as { through?: string | null; params?: unknown };
      state.through = v.through ?? null;
      state.params = v.params ?? null;
    } else state.dirty.push(String(r.key).slice(dirtyPrefix(name).length));
  }
  state.dirty.sort();
  return state;
}

const sameParams = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The read plan of [from, to] for this roll-up; a roll-up computed with other parameters counts as absent. */
export async function readPlan(db: DbOrTx, rollup: Pick<DailyRollup, 'name' | 'params'>, from: string, to: string): Promise<ReadPlan> {
  const state = await rollupState(db, rollup.name);
  if (rollup.params && !sameParams(state.params, await rollup.params())) return planRead({ through: null, dirty: [] }, from, to);
  return planRead(state, from, to);
}

/** Transaction-scoped advisory lock of one roll-up (PostgreSQL); SQLite serializes writers by itself. */
async function lockRollup(tx: Tx, name: string, mode: 'shared' | 'exclusive'): Promise<void> {
  if (dialectOf(tx) !== 'postgres') return;
  const key = createHash('sha256').update(`rollup:${name}`).digest().readBigInt64BE(0).toString();
  const fn = mode === 'shared' ? sql.raw('pg_advisory_xact_lock_shared') : sql.raw('pg_advisory_xact_lock');
  await sql`select ${fn}(cast(${key} as bigint))`.execute(tx);
}

/**
 * Call inside the transaction of a write that changes base rows of these days (old and new day of a moved
 * row; nulls are skipped): days already rolled up are marked dirty; days not rolled yet cost one small read.
 * Call it after the write itself (SQLite: the transaction already holds the write lock) and before
 * recordAudit (whose head-row lock orders transactions; marking first means two writes marking the same
 * day never wait for each other in opposite orders).
 */
export async function markDaysChanged(tx: Tx, rollup: Pick<DailyRollup, 'name'>, days: Iterable<string | null | undefined>): Promise<void> {
  if (!tx.isTransaction) throw new Error('markDaysChanged needs the transaction of the write (the lock is held until it commits)');
  const wanted = [...new Set([...days].filter((d): d is string => !!d))];
  if (wanted.length === 0) return;
  await lockRollup(tx, rollup.name, 'shared');
  const { through } = await rollupState(tx, rollup.name);
  const stale = through ? wanted.filter((d) => d <= through) : [];
  if (stale.length === 0) return;
  await tx
    .insertInto('kernel_settings')
    // The mark itself is all that counts (a run clears every mark), so it carries no time of its own.
    .values(stale.map((d) => ({ key: `${dirtyPrefix(rollup.name)}${d}`, value_json: '{}', updated_at: '1970-01-01T00:00:00.000Z' })))
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
}

export interface RollupRun {
  full: boolean;
  ranges: DayRange[];
  through: string;
  rows: number;
}

/**
 * Rolls up to yesterday: recomputes the settle window and the dirty days (or everything with `full`, on
 * the first run, or when the parameters changed), in one transaction with the new state.
 */
export async function runDailyRollup<R extends { day: string }>(db: Db, rollup: DailyRollup<R>, o: { today: string; now: string; full?: boolean }): Promise<RollupRun> {
  return db.transaction().execute(async (tx) => {
    await lockRollup(tx, rollup.name, 'exclusive');
    const state = await rollupState(tx, rollup.name);
    const params = rollup.params ? await rollup.params() : null;
    const plan = planRun(state, {
      yesterday: addDays(o.today, -1),
      firstDay: await rollup.firstDay(tx),
      settleDays: rollup.settleDays,
      full: !!o.full || !sameParams(state.params, params),
    });
    if (plan.full) await tx.deleteFrom(rollup.table).execute();
    let rows = 0;
    for (const r of plan.ranges) {
      if (!plan.full) await tx.deleteFrom(rollup.table).where('day', '>=', r.from).where('day', '<=', r.to).execute();
      const computed = await rollup.compute(tx, r.from, r.to);
      for (let i = 0; i < computed.length; i += 500) await tx.insertInto(rollup.table).values(computed.slice(i, i + 500)).execute();
      rows += computed.length;
    }
    if (rollup.monthly) await rollMonths(tx, rollup as Required<Pick<DailyRollup, 'table' | 'monthly'>>, plan.full ? null : plan.ranges);
    await tx.deleteFrom('kernel_settings').where(isDirtyMarkOf(rollup.name)).execute();
    const value = JSON.stringify({ through: plan.through, params, at: o.now });
    await tx
      .insertInto('kernel_settings')
      .values({ key: rollup.name, value_json: value, updated_at: o.now })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value_json: value, updated_at: o.now }))
      .execute();
    return { full: plan.full, ranges: plan.ranges, through: plan.through, rows };
  });
}

/** Months touched by day ranges, merged where consecutive. */
export function monthsOfRanges(ranges: readonly DayRange[]): MonthRange[] {
  const out: MonthRange[] = [];
  for (const r of [...ranges].filter((x) => x.from <= x.to).sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0))) {
    const from = monthOf(r.from);
    const to = monthOf(r.to);
    const last = out.at(-1);
    if (last && addMonths(last.to, 1) >= from) {
      if (to > last.to) last.to = to;
    } else out.push({ from, to });
  }
  return out;
}

/**
 * Recomputes the month rows of the months touched by `ranges` (null: every month) from the day table:
 * each month row becomes the Σ of its month's stored day rows. runDailyRollup calls it in its
 * transaction; a migration that adds a month layer calls it with null to fill it from the day rows.
 */
export async function rollMonths(db: DbOrTx, rollup: Required<Pick<DailyRollup, 'table' | 'monthly'>>, ranges: readonly DayRange[] | null): Promise<void> {
  const m = rollup.monthly;
  const month = sql`substr(${sql.ref('day')}, 1, 7)`;
  const keys = m.keys.map((k) => sql.ref(k));
  const insert = (where: RawBuilder<unknown>) =>
    sql`insert into ${sql.table(m.table)} (${sql.join([sql.ref('month'), ...keys, ...m.sums.map((c) => sql.ref(c))])})
      select ${sql.join([month, ...keys, ...m.sums.map((c) => sql`coalesce(sum(${sql.ref(c)}), 0)`)])}
      from ${sql.table(rollup.table)} ${where}
      group by ${sql.join([month, ...keys])}`.execute(db);
  if (ranges === null) {
    await db.deleteFrom(m.table).execute();
    await insert(sql``);
    return;
  }
  for (const r of monthsOfRanges(ranges)) {
    await db.deleteFrom(m.table).where('month', '>=', r.from).where('month', '<=', r.to).execute();
    await insert(sql`where ${sql.ref('day')} >= ${firstDayOf(r.from)} and ${sql.ref('day')} <= ${lastDayOf(r.to)}`);
  }
}

// --- reading helpers -------------------------------------------------------------------------------

/** One table to read the rolled days of a plan from: the day table or the month table, with its condition. */
export interface RolledPart {
  grain: 'day' | 'month';
  table: string;
  /** Adds the part's period condition (days or months, without the dirty days) to a query on `table`. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  where: (q: any) => any;
}

/**
 * Where the rolled days of a plan are read: whole clean months from the month table (when the roll-up has
 * one), every other rolled day from the day table. A reader runs its query once per part, adding the same
 * narrowing (departments, …) to each, and adds the results up; a month row carries `month` instead of `day`.
 */
export function rolledParts(rollup: Pick<DailyRollup, 'table' | 'monthly'>, rolled: ReadPlan['rolled']): RolledPart[] {
  if (!rolled || rolled.from > rolled.to) return [];
  const split: RolledSplit = rollup.monthly ? splitRolled(rolled) : { months: [], days: [{ from: rolled.from, to: rolled.to }], except: [...rolled.except] };
  const out: RolledPart[] = [];
  if (split.months.length > 0) {
    const months = split.months;
    out.push({
      grain: 'month',
      table: rollup.monthly!.table,
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      where: (q: any) => q.where((eb: any) => eb.or(months.map((r) => eb.and([eb('month', '>=', r.from), eb('month', '<=', r.to)])))),
    });
  }
  if (split.days.length > 0) {
    const { days, except } = split;
    out.push({
      grain: 'day',
      table: rollup.table,
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      where: (q: any) => {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        const r = q.where((eb: any) => eb.or(days.map((d) => eb.and([eb('day', '>=', d.from), eb('day', '<=', d.to)]))));
        return except.length > 0 ? r.where('day', 'not in', except) : r;
      },
    });
  }
  return out;
}

/**
 * Σ of `columns` over the rolled days of a plan, as one row (not one per day × key). Given the roll-up,
 * whole clean months come from its month layer (every column must be one of its sums); given a table
 * name, everything is read from that day table. `narrow` adds conditions (a department) to each read.
 */
export async function sumRolled<C extends string>(
  db: DbOrTx,
  source: string | Pick<DailyRollup, 'table' | 'monthly'>,
  rolled: ReadPlan['rolled'],
  columns: readonly C[],
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  narrow: (q: any) => any = (q) => q,
): Promise<Record<C, number>> {
  const rollup = typeof source === 'string' ? { table: source } : source;
  const missing = rollup.monthly ? columns.filter((c) => !rollup.monthly!.sums.includes(c)) : [];
  if (missing.length > 0) throw new Error(`${rollup.monthly!.table} has no month sums of ${missing.join(', ')}`);
  const out = Object.fromEntries(columns.map((c) => [c, 0])) as Record<C, number>;
  for (const part of rolledParts(rollup, rolled)) {
    const q = db.selectFrom(part.table).select(columns.map((c) => sql<number>`cast(coalesce(sum(${sql.ref(c)}), 0) as integer)`.as(c)));
    const r = (await narrow(part.where(q)).executeTakeFirstOrThrow()) as Record<string, unknown>;
    for (const c of columns) out[c] += Number(r[c] ?? 0);
  }
  return out;
}

/**
 * The Shanghai date ('YYYY-MM-DD') of an ISO-8601 UTC instant column, in SQL: the fixed +08:00 of
 * `shanghaiDate` (no DST since 1991), for grouping base rows by day.
 */
export function shanghaiDaySql(db: DbOrTx, column: string): RawBuilder<string> {
  return dialectOf(db) === 'postgres'
    ? sql<string>`to_char(cast(${sql.ref(column)} as timestamp) + interval '8 hours', 'YYYY-MM-DD')`
    : sql<string>`date(${sql.ref(column)}, '+8 hours')`;
}
