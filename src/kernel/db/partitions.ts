import { sql } from 'kysely';
import { dialectOf, type Db, type DbOrTx } from './db';

/**
 * Yearly declarative partitions on PostgreSQL (docs/scaling.md, "Partitions"). The biggest tables are
 * `partition by range (<date column>)` with one partition per calendar year (`<table>_y2025`, bounds
 * `['2025-01-01', '2026-01-01')`, which holds for a `YYYY-MM-DD` day and a `YYYY-MM-DDTHH:MM:SS.sssZ`
 * instant alike) and a DEFAULT partition (`<table>_default`), so an insert never fails for want of a
 * partition. Next year's partition is created ahead by the `kernel.partitions_ahead` job; a closed year can
 * be detached into a plain table for pg_dump (`onewindow partitions`). SQLite has no partitions: every
 * function here is a no-op there, and a county's SQLite database stays one table per kind.
 */

export interface YearlyPartitionSpec {
  table: string;
  /** The partition key: a `YYYY-MM-DD` day or an ISO instant; NOT NULL. */
  column: string;
  /**
   * Tables whose foreign keys reference this one, each with its column that holds the referenced row's
   * partition key: their foreign key becomes composite, `(ref_id, that column) references (id, key)`, since
   * PostgreSQL lets a foreign key reference a partitioned table only through a key that contains the
   * partition key. A referencing table not listed here makes the migration fail, never drops its key.
   */
  carriedBy?: Record<string, string>;
  /**
   * Columns computed while the rows are copied, as SQL expressions over the old row (aliased `o`), e.g. a
   * carried key read from the referenced table: the copy writes them once instead of an UPDATE rewriting
   * every row first. The column must already exist (nullable) on the table.
   */
  fill?: Record<string, string>;
}

const ident = (s: string) => {
  if (!/^[a-z_][a-z0-9_]*$/.test(s)) throw new Error(`not a plain identifier: ${s}`);
  return s;
};
export const yearPartitionName = (table: string, year: number) => `${table}_y${year}`;
export const defaultPartitionName = (table: string) => `${table}_default`;
const lower = (year: number) => `${year}-01-01`;

async function rows<T>(db: DbOrTx, text: string, params: unknown[] = []): Promise<T[]> {
  const parts = text.split(/\$\d+/);
  const q = sql<T>(Object.assign([...parts], { raw: parts }) as unknown as TemplateStringsArray, ...params);
  return (await q.execute(db)).rows;
}

/** The partition key column of a partitioned table; null for a plain table. */
async function partitionKeyOf(db: DbOrTx, table: string): Promise<string | null> {
  const r = await rows<{ column: string }>(
    db,
    `select a.attname as column from pg_partitioned_table p join pg_class c on c.oid = p.partrelid
     join pg_attribute a on a.attrelid = c.oid and a.attnum = p.partattrs[0]
     where c.relname = $1 and c.relnamespace = current_schema()::regnamespace`,
    [table],
  );
  return r[0]?.column ?? null;
}

/**
 * Migration step: turns a plain table into a yearly-partitioned one, keeping every row, default, NOT NULL
 * and CHECK constraint, identity/sequence position, index, outgoing foreign key and trigger: rename the old
 * table, create the partitioned one like it, a partition per year present in the rows plus the current and
 * the next year and a DEFAULT, move the rows, drop the old table, then recreate on the parent (so on every
 * partition) the primary key and unique indexes with the partition key appended (PostgreSQL requires it),
 * the other indexes, the foreign keys and the triggers; foreign keys that reference the table become
 * composite (`carriedBy`). A table already partitioned by another column is re-partitioned the same way
 * (its old partitions are renamed `<partition>_by_<old key>` and dropped with it; the old key leaves the
 * primary key). PostgreSQL only; a no-op on SQLite.
 */
export async function partitionByYear(db: Db, spec: YearlyPartitionSpec): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  const table = ident(spec.table);
  const col = ident(spec.column);
  const previousKey = await partitionKeyOf(db, table);
  if (previousKey === col) return;
  const old = previousKey ? `${table}_by_${previousKey}` : `${table}_unpartitioned`;
  const oid = `current_schema() || '.' || $1`;
  // Everything to recreate, read while the old table still has its name (the DDL text names it).
  const pk = await rows<{ name: string; cols: string[] }>(
    db,
    `select con.conname as name, array_agg(a.attname::text order by k.ord) as cols
     from pg_constraint con cross join unnest(con.conkey) with ordinality k(attnum, ord)
     join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum
     where con.conrelid = (${oid})::regclass and con.contype = 'p' group by con.conname`,
    [table],
  );
  const indexes = await rows<{ name: string; def: string; isunique: boolean; constraint: string | null }>(
    db,
    `select i.relname as name, pg_get_indexdef(x.indexrelid) as def, x.indisunique as isunique,
            (select conname from pg_constraint where conindid = x.indexrelid and contype in ('u', 'p')) as constraint
     from pg_index x join pg_class i on i.oid = x.indexrelid where x.indrelid = (${oid})::regclass and not x.indisprimary`,
    [table],
  );
  const fks = await rows<{ name: string; def: string }>(
    db,
    `select conname as name, pg_get_constraintdef(oid) as def from pg_constraint where conrelid = (${oid})::regclass and contype = 'f' and conparentid = 0`,
    [table],
  );
  const incoming = await rows<{ name: string; child: string; cols: string[]; refcols: string[] }>(
    db,
    `select con.conname as name, ch.relname as child, array_agg(ca.attname::text order by k.ord) as cols, array_agg(pa.attname::text order by k.ord) as refcols
     from pg_constraint con join pg_class ch on ch.oid = con.conrelid
     cross join unnest(con.conkey, con.confkey) with ordinality k(ck, pk, ord)
     join pg_attribute ca on ca.attrelid = con.conrelid and ca.attnum = k.ck
     join pg_attribute pa on pa.attrelid = con.confrelid and pa.attnum = k.pk
     where con.confrelid = (${oid})::regclass and con.contype = 'f' and con.conparentid = 0 group by con.conname, ch.relname`,
    [table],
  );
  for (const fk of incoming) {
    if (!spec.carriedBy?.[fk.child]) throw new Error(`${fk.child}.${fk.name} references ${table}: say which of its columns carries ${col} (carriedBy)`);
  }
  const triggers = await rows<{ def: string }>(db, `select pg_get_triggerdef(oid) as def from pg_trigger where tgrelid = (${oid})::regclass and not tgisinternal`, [table]);
  // Sequences owned by the table's columns (serial-style defaults such as kernel_audit_log.seq): handed to
  // the new table so that dropping the old one keeps them; identity columns get a new sequence, moved on.
  const owned = await rows<{ seq: string; col: string }>(
    db,
    `select s.relname as seq, a.attname as col from pg_depend d join pg_class s on s.oid = d.objid and s.relkind = 'S'
     join pg_attribute a on a.attrelid = d.refobjid and a.attnum = d.refobjsubid
     where d.refobjid = (${oid})::regclass and d.deptype = 'a'`,
    [table],
  );
  const identity = await rows<{ col: string }>(db, `select attname as col from pg_attribute where attrelid = (${oid})::regclass and attidentity <> ''`, [table]);
  const fill = spec.fill ?? {};
  const key = fill[col] ?? `o.${col}`;
  const years = await rows<{ y: number }>(db, `select distinct substr(${key}, 1, 4)::int as y from ${table} o where ${key} ~ '^[0-9]{4}-'`);
  const columns = await rows<{ name: string }>(db, `select attname as name from pg_attribute where attrelid = (${oid})::regclass and attnum > 0 and not attisdropped order by attnum`, [table]);
  if (previousKey && indexes.some((ix) => ix.isunique)) throw new Error(`${table}: re-partitioning a table with unique indexes besides its primary key is not supported`);
  const oldPartitions = previousKey
    ? await rows<{ name: string }>(db, `select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = (${oid})::regclass`, [table])
    : [];

  await sql.raw(`alter table ${table} rename to ${old}`).execute(db);
  // The new partitions take the old ones' names (`<table>_y2025`), so those step aside first.
  for (const p of oldPartitions) await sql.raw(`alter table ${ident(p.name)} rename to ${ident(`${p.name}_by_${previousKey}`)}`).execute(db);
  await sql.raw(`create table ${table} (like ${old} including defaults including constraints including identity including generated) partition by range (${col})`).execute(db);
  const thisYear = Number((await rows<{ y: number }>(db, `select extract(year from now())::int as y`))[0].y);
  const all = new Set<number>([...years.map((r) => Number(r.y)), thisYear, thisYear + 1]);
  for (const y of [...all].sort()) await createYearPartition(db, table, y);
  await sql.raw(`create table ${defaultPartitionName(table)} partition of ${table} default`).execute(db);
  const selected = columns.map((c) => fill[c.name] ?? `o.${ident(c.name)}`).join(', ');
  await sql.raw(`insert into ${table} overriding system value select ${selected} from ${old} o`).execute(db);
  for (const o of owned) await sql.raw(`alter sequence ${ident(o.seq)} owned by ${table}.${ident(o.col)}`).execute(db);
  for (const i of identity) {
    await sql.raw(`select setval(pg_get_serial_sequence('${table}', '${ident(i.col)}'), greatest((select coalesce(max(${ident(i.col)}), 0) from ${table}), 1))`).execute(db);
  }
  for (const fk of incoming) await sql.raw(`alter table ${ident(fk.child)} drop constraint ${ident(fk.name)}`).execute(db);
  await sql.raw(`drop table ${old}`).execute(db);

  if (pk[0]) {
    const kept = pk[0].cols.filter((c) => c !== previousKey);
    const cols = kept.includes(col) ? kept : [...kept, col];
    await sql.raw(`alter table ${table} add constraint ${ident(pk[0].name)} primary key (${cols.join(', ')})`).execute(db);
  }
  for (const ix of indexes) {
    let def = ix.def.replace(/ ON (ONLY )?(\S+\.)?(\S+) USING /, (m, _only, _schema, name) => (name === old ? ` ON ${table} USING ` : m));
    // A unique index of a partitioned table must contain the partition key (see docs/scaling.md for why
    // each such key stays unique across years all the same).
    if (ix.isunique && !new RegExp(`[(, ]${col}[,)]`).test(def)) def = def.replace(/\)(\s*(WHERE .*)?)$/, `, ${col})$1`);
    await sql.raw(def).execute(db);
  }
  for (const fk of fks) await sql.raw(`alter table ${table} add constraint ${ident(fk.name)} ${fk.def}`).execute(db);
  // Validated when added: every referencing row must name its parent's key (a wrong one fails the migration).
  for (const fk of incoming) {
    const carried = ident(spec.carriedBy![fk.child]);
    await sql.raw(`alter table ${ident(fk.child)} add constraint ${ident(fk.name)} foreign key (${[...fk.cols, carried].join(', ')}) references ${table} (${[...fk.refcols, col].join(', ')})`).execute(db);
  }
  for (const t of triggers) await sql.raw(t.def.replace(/ ON \S+ /, ` ON ${table} `)).execute(db);
  await sql.raw(`analyze ${table}`).execute(db);
}

async function createYearPartition(db: DbOrTx, table: string, year: number): Promise<void> {
  await sql.raw(`create table ${yearPartitionName(table, year)} partition of ${table} for values from ('${lower(year)}') to ('${lower(year + 1)}')`).execute(db);
}

export interface PartitionInfo {
  table: string;
  partition: string;
  /** The year a yearly partition holds; null for the DEFAULT partition. */
  year: number | null;
  bounds: string;
  rows: number;
  bytes: number;
}

/** The partitioned tables of the current schema with their partition key column. */
export async function partitionedTables(db: DbOrTx): Promise<{ table: string; column: string }[]> {
  if (dialectOf(db) !== 'postgres') return [];
  return rows<{ table: string; column: string }>(
    db,
    `select c.relname as table, a.attname as column from pg_partitioned_table p join pg_class c on c.oid = p.partrelid
     join pg_attribute a on a.attrelid = c.oid and a.attnum = p.partattrs[0]
     where c.relnamespace = current_schema()::regnamespace order by c.relname`,
  );
}

/** Every partition (attached) with its exact row count and its size on disk (table, indexes, TOAST). */
export async function listPartitions(db: DbOrTx): Promise<PartitionInfo[]> {
  if (dialectOf(db) !== 'postgres') return [];
  const parts = await rows<{ table: string; partition: string; bounds: string; bytes: number }>(
    db,
    `select p.relname as table, c.relname as partition, pg_get_expr(c.relpartbound, c.oid) as bounds, pg_total_relation_size(c.oid)::bigint as bytes
     from pg_inherits i join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent
     join pg_partitioned_table pt on pt.partrelid = p.oid
     where p.relnamespace = current_schema()::regnamespace order by p.relname, c.relname`,
  );
  const out: PartitionInfo[] = [];
  for (const p of parts) {
    const n = await rows<{ n: number }>(db, `select count(*)::bigint as n from ${ident(p.partition)}`);
    const y = /_y(\d{4})$/.exec(p.partition);
    out.push({ table: p.table, partition: p.partition, year: y ? Number(y[1]) : null, bounds: p.bounds, rows: Number(n[0].n), bytes: Number(p.bytes) });
  }
  return out;
}

/**
 * Makes sure `table` has a partition for `year`. Rows of that year already in the DEFAULT partition (written
 * before the partition existed) are moved into it in the same transaction: PostgreSQL refuses to create a
 * partition whose range the DEFAULT partition already holds rows of. Returns whether it created one.
 */
export async function ensureYearPartition(db: Db, table: string, column: string, year: number): Promise<boolean> {
  if (dialectOf(db) !== 'postgres') return false;
  const name = yearPartitionName(ident(table), year);
  const exists = await rows<{ n: number }>(db, `select count(*)::int as n from pg_class where relname = $1 and relnamespace = current_schema()::regnamespace`, [name]);
  if (Number(exists[0].n) > 0) return false;
  const def = defaultPartitionName(table);
  const col = ident(column);
  await db.transaction().execute(async (tx) => {
    // One creator at a time (several instances run the job; the lease already makes this rare).
    await sql`select pg_advisory_xact_lock(hashtext(${`partition:${name}`}))`.execute(tx);
    const again = await rows<{ n: number }>(tx, `select count(*)::int as n from pg_class where relname = $1 and relnamespace = current_schema()::regnamespace`, [name]);
    if (Number(again[0].n) > 0) return;
    const stray = await rows<{ n: number }>(tx, `select count(*)::int as n from ${def} where ${col} >= '${lower(year)}' and ${col} < '${lower(year + 1)}'`);
    if (Number(stray[0].n) === 0) {
      await createYearPartition(tx, table, year);
      return;
    }
    // A referenced table (cases_cases): PostgreSQL's foreign-key check of a row deleted from the DEFAULT
    // partition looks for the key in that partition only, so it would refuse the move even though the row
    // reappears in the new partition in the same transaction. The referencing rows of the year are held
    // aside meanwhile and put back after (they carry the key, so they are exactly the rows of that range).
    const held: { child: string; hold: string }[] = [];
    for (const ref of await referencingCarriers(tx, table, column)) {
      const hold = ident(`hold_${ref.child}`.slice(0, 60));
      await sql.raw(`create temp table ${hold} (like ${ident(ref.child)}) on commit drop`).execute(tx);
      await sql.raw(`with moved as (delete from ${ident(ref.child)} where ${ident(ref.column)} >= '${lower(year)}' and ${ident(ref.column)} < '${lower(year + 1)}' returning *) insert into ${hold} select * from moved`).execute(tx);
      held.push({ child: ident(ref.child), hold });
    }
    await sql.raw(`create table ${name} (like ${table} including defaults including constraints)`).execute(tx);
    // Append-only tables (the audit log) refuse deletes by trigger; moving a row between partitions of the
    // same table is not a change of the record, so the user triggers are off for this one statement.
    await sql.raw(`alter table ${def} disable trigger user`).execute(tx);
    await sql.raw(`with moved as (delete from ${def} where ${col} >= '${lower(year)}' and ${col} < '${lower(year + 1)}' returning *) insert into ${name} select * from moved`).execute(tx);
    await sql.raw(`alter table ${def} enable trigger user`).execute(tx);
    await sql.raw(`alter table ${table} attach partition ${name} for values from ('${lower(year)}') to ('${lower(year + 1)}')`).execute(tx);
    for (const h of held.reverse()) await sql.raw(`insert into ${h.child} overriding system value select * from ${h.hold}`).execute(tx);
  });
  return true;
}

/** The tables whose foreign keys reference `table`, each with its column that carries `column`. */
function referencingCarriers(db: DbOrTx, table: string, column: string): Promise<{ child: string; column: string }[]> {
  return rows<{ child: string; column: string }>(
    db,
    `select ch.relname as child, ca.attname as column
     from pg_constraint con join pg_class ch on ch.oid = con.conrelid
     cross join unnest(con.conkey, con.confkey) k(ck, pk)
     join pg_attribute ca on ca.attrelid = con.conrelid and ca.attnum = k.ck
     join pg_attribute pa on pa.attrelid = con.confrelid and pa.attnum = k.pk
     where con.confrelid = (current_schema() || '.' || $1)::regclass and con.contype = 'f' and con.conparentid = 0 and pa.attname = $2
     order by ch.relname`,
    [table, column],
  );
}

/**
 * The `kernel.partitions_ahead` job: this year's and next year's partition of every partitioned table, and
 * a partition for any year found in a DEFAULT partition, so the DEFAULT stays empty in normal operation.
 */
export async function ensurePartitionsAhead(db: Db, today: string): Promise<string[]> {
  if (dialectOf(db) !== 'postgres') return [];
  const year = Number(today.slice(0, 4));
  const created: string[] = [];
  for (const t of await partitionedTables(db)) {
    const stray = await rows<{ y: number }>(db, `select distinct substr(${ident(t.column)}, 1, 4)::int as y from ${defaultPartitionName(t.table)} where ${ident(t.column)} ~ '^[0-9]{4}-'`);
    const years = new Set([year, year + 1, ...stray.map((s) => Number(s.y))]);
    for (const y of [...years].sort()) if (await ensureYearPartition(db, t.table, t.column, y)) created.push(yearPartitionName(t.table, y));
  }
  return created;
}

export class PartitionError extends Error {}

/**
 * Detaches `year`'s partitions (of `tables`, or of every partitioned table but the audit log) into plain
 * tables that keep their name, rows and indexes, ready for `pg_dump -t`. The current year and the previous
 * one are refused: cases of last year may still be open, rated or supervised. Not CONCURRENTLY: PostgreSQL
 * refuses that while the table has a DEFAULT partition, so the detach takes a brief exclusive lock,
 * bounded by `lock_timeout` (it then fails and can be retried, instead of queueing every reader behind it).
 */
export async function detachYear(db: Db, year: number, today: string, tables?: string[]): Promise<string[]> {
  if (dialectOf(db) !== 'postgres') throw new PartitionError('partitions exist only on PostgreSQL');
  const current = Number(today.slice(0, 4));
  if (year >= current - 1) throw new PartitionError(`refusing to detach ${year}: only years before ${current - 1} are closed (the current and the previous year may still have open cases)`);
  const targets = await targetPartitions(db, year, tables, true);
  const done: string[] = [];
  // Referencing tables first: a year of cases_cases can leave only once no attached row references it.
  // One transaction: if PostgreSQL refuses one (a row of another year still references the year), none
  // is detached, rather than the children without their parents.
  await refusedAsPartitionError(() =>
    db.transaction().execute(async (tx) => {
      await sql.raw(`set local lock_timeout = '5s'`).execute(tx);
      for (const t of referencingFirst(targets, await foreignKeyEdges(tx)).filter((x) => x.attached)) {
        await sql.raw(`alter table ${t.table} detach partition ${t.partition}`).execute(tx);
        // A detached partition keeps a copy of its parent's foreign keys, which would still reference the
        // partitioned parent table and so forbid detaching the referenced year next. The year leaves as a
        // whole: its keys to the partitioned tables go (ATTACH clones them back and validates them).
        const keys = await rows<{ name: string }>(
          tx,
          `select con.conname as name from pg_constraint con join pg_class pa on pa.oid = con.confrelid
           where con.conrelid = (current_schema() || '.' || $1)::regclass and con.contype = 'f' and pa.relkind = 'p'`,
          [t.partition],
        );
        for (const k of keys) await sql.raw(`alter table ${ident(t.partition)} drop constraint ${ident(k.name)}`).execute(tx);
        done.push(t.partition);
      }
    }),
  );
  return done;
}

/** Attaches a detached (or restored) year back: its rows are checked against the year's bounds. */
export async function attachYear(db: Db, year: number, tables?: string[]): Promise<string[]> {
  if (dialectOf(db) !== 'postgres') throw new PartitionError('partitions exist only on PostgreSQL');
  const targets = await targetPartitions(db, year, tables, false);
  const done: string[] = [];
  // Referenced tables first, so that a referencing year's foreign keys find their rows; all or none.
  await refusedAsPartitionError(() =>
    db.transaction().execute(async (tx) => {
      await sql.raw(`set local lock_timeout = '5s'`).execute(tx);
      for (const t of referencingFirst(targets, await foreignKeyEdges(tx)).reverse().filter((x) => !x.attached && x.exists)) {
        await sql.raw(`alter table ${t.table} attach partition ${t.partition} for values from ('${lower(year)}') to ('${lower(year + 1)}')`).execute(tx);
        done.push(t.partition);
      }
    }),
  );
  return done;
}

/** PostgreSQL's refusal (a foreign key, rows outside the bounds, a lock not granted) as a CLI-level error. */
async function refusedAsPartitionError(run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (err) {
    const e = err as { code?: string; message?: string };
    if (typeof e.code === 'string' && /^(23|55|42)/.test(e.code)) throw new PartitionError(e.message ?? String(err));
    throw err;
  }
}

/** Foreign keys between partitioned tables of the current schema (child references parent). */
function foreignKeyEdges(db: DbOrTx): Promise<{ child: string; parent: string }[]> {
  return rows<{ child: string; parent: string }>(
    db,
    `select ch.relname as child, pa.relname as parent from pg_constraint con join pg_class ch on ch.oid = con.conrelid join pg_class pa on pa.oid = con.confrelid
     where con.contype = 'f' and ch.relkind = 'p' and pa.relkind = 'p' and ch.relnamespace = current_schema()::regnamespace`,
  );
}

/** Orders tables so that one referencing another (a foreign key between partitioned tables) comes first. */
function referencingFirst<T extends { table: string }>(targets: T[], edges: { child: string; parent: string }[]): T[] {
  const out: T[] = [];
  const left = [...targets];
  while (left.length) {
    // A table goes when no remaining table references it.
    const i = left.findIndex((t) => !left.some((o) => o !== t && edges.some((e) => e.child === o.table && e.parent === t.table)));
    out.push(...left.splice(i === -1 ? 0 : i, 1));
  }
  return out;
}

async function targetPartitions(db: Db, year: number, tables: string[] | undefined, detaching: boolean) {
  const known = await partitionedTables(db);
  for (const t of tables ?? []) if (!known.some((k) => k.table === t)) throw new PartitionError(`${t} is not a partitioned table (partitioned: ${known.map((k) => k.table).join(', ')})`);
  // The audit log is detached only when named: verify-audit walks every chain from its first row, so
  // an archived audit year must be attached again before the chain can be verified.
  const chosen = tables ?? known.map((k) => k.table).filter((t) => !detaching || t !== 'kernel_audit_log');
  const out: { table: string; partition: string; attached: boolean; exists: boolean }[] = [];
  for (const table of chosen) {
    const partition = yearPartitionName(table, year);
    const r = await rows<{ attached: boolean }>(
      db,
      `select exists (select 1 from pg_inherits i where i.inhrelid = c.oid) as attached from pg_class c where c.relname = $1 and c.relnamespace = current_schema()::regnamespace`,
      [partition],
    );
    out.push({ table, partition, attached: r[0]?.attached === true, exists: r.length > 0 });
  }
  if (!out.some((t) => t.exists)) throw new PartitionError(`no partition for ${year}`);
  return out;
}
