import { sql } from 'kysely';
import type { OpenedDb } from './db';

/**
 * The transport of the bulk paths: modules shape their rows (applying their own rules in their
 * `<module>.bulk.ts`), the sink only moves finished rows into a table as fast as the dialect allows.
 *
 * - SQLite: one prepared multi-row INSERT per (table, columns, row count), reused; rows are written inside
 *   the caller's `batch()` so that one transaction covers many statements (the one-writer file lock is
 *   taken once per batch, not once per row).
 * - PostgreSQL: named (server-side prepared) multi-row INSERTs: STACK.md measured ≈ 104k rows/s against
 *   ≈ 29k for unnamed ones; COPY would be faster but pg-copy-streams is not a dependency.
 *
 * Ids are assigned by the caller (`reserveIds`) so that child rows (events, reviews) can reference their
 * parent without a RETURNING round trip; PostgreSQL identity sequences are moved past them in `finish()`.
 */
export interface BulkSink {
  readonly dialect: 'sqlite' | 'postgres';
  /** Inserts rows (all with the same keys, in the same order) into `table`. */
  insert(table: string, rows: readonly Record<string, unknown>[]): Promise<void>;
  /** The next `count` ids of `table` (max(id) + 1 …), remembered so that later calls do not overlap. */
  reserveIds(table: string, count: number): Promise<number>;
  /** Runs `work` in one transaction (SQLite) or as it is (PostgreSQL: each statement commits on its own). */
  batch<T>(work: () => Promise<T>): Promise<T>;
  /** Rows written so far, by table. */
  readonly written: Map<string, number>;
  /** Milliseconds spent inserting, by table. */
  readonly spent: Map<string, number>;
  /** Moves PostgreSQL identity sequences past the ids used (and rebuilds deferred SQLite indexes). */
  finish(): Promise<void>;
  /**
   * SQLite: drops the secondary indexes of `tables` until finish() recreates them from their own DDL
   * (measured here: a wide cases row inserts 2.3× faster without its 7 indexes, and building an index
   * afterwards is one sort). Unique indexes stay, so duplicates still fail at once. No-op on PostgreSQL.
   */
  deferIndexes(tables: string[]): Promise<void>;
}

const MAX_ROWS = 500;

export function createBulkSink(opened: OpenedDb): BulkSink {
  return opened.dialect === 'sqlite' ? sqliteSink(opened) : pgSink(opened);
}

function placeholders(cols: number, rows: number, pg: boolean): string {
  const out: string[] = [];
  let p = 1;
  for (let r = 0; r < rows; r++) {
    const row: string[] = [];
    for (let c = 0; c < cols; c++) row.push(pg ? `$${p++}` : '?');
    out.push(`(${row.join(',')})`);
  }
  return out.join(',');
}

function rowsPerStatement(cols: number, maxParams: number): number {
  return Math.max(1, Math.min(MAX_ROWS, Math.floor(maxParams / cols)));
}

abstract class BaseSink {
  readonly written = new Map<string, number>();
  readonly spent = new Map<string, number>();
  private readonly nextIds = new Map<string, number>();
  constructor(protected readonly opened: OpenedDb) {}

  protected count(table: string, n: number, since: number) {
    this.written.set(table, (this.written.get(table) ?? 0) + n);
    this.spent.set(table, (this.spent.get(table) ?? 0) + performance.now() - since);
  }

  async reserveIds(table: string, count: number): Promise<number> {
    let next = this.nextIds.get(table);
    if (next === undefined) {
      const r = await sql<{ m: number | null }>`select max(id) as m from ${sql.table(table)}`.execute(this.opened.db);
      next = Number(r.rows[0]?.m ?? 0) + 1;
    }
    this.nextIds.set(table, next + count);
    return next;
  }

  protected tablesWithIds(): string[] {
    return [...this.nextIds.keys()];
  }
}

class SqliteSink extends BaseSink implements BulkSink {
  readonly dialect = 'sqlite' as const;
  private readonly stmts = new Map<string, import('better-sqlite3').Statement>();
  private depth = 0;

  async insert(table: string, rows: readonly Record<string, unknown>[]): Promise<void> {
    if (rows.length === 0) return;
    const t0 = performance.now();
    const cols = Object.keys(rows[0]);
    const sqlite = this.opened.sqlite!;
    // One prepared single-row INSERT run per row: SQLite compiles a multi-row VALUES into a compound
    // SELECT whose preparation grows with its size (measured here: a 500-row statement cost more than
    // running it), while a prepared row insert inside one transaction runs at ≈ 250k rows/s (STACK.md).
    const key = `${table}|${cols.join(',')}`;
    let stmt = this.stmts.get(key);
    if (!stmt) {
      stmt = sqlite.prepare(`insert into ${table} (${cols.join(',')}) values (${cols.map(() => '?').join(',')})`);
      this.stmts.set(key, stmt);
    }
    const st = stmt;
    const params: unknown[] = new Array(cols.length);
    const run = () => {
      for (const r of rows) {
        for (let c = 0; c < cols.length; c++) params[c] = r[cols[c]];
        st.run(params);
      }
    };
    // Outside a batch each call is its own transaction (still one commit for all its rows).
    if (this.depth > 0) run();
    else sqlite.transaction(run)();
    this.count(table, rows.length, t0);
  }

  async batch<T>(work: () => Promise<T>): Promise<T> {
    const sqlite = this.opened.sqlite!;
    if (this.depth > 0) return work();
    sqlite.exec('begin');
    this.depth++;
    try {
      const r = await work();
      sqlite.exec('commit');
      return r;
    } catch (err) {
      sqlite.exec('rollback');
      throw err;
    } finally {
      this.depth--;
    }
  }

  private deferred: string[] = [];

  async deferIndexes(tables: string[]): Promise<void> {
    const sqlite = this.opened.sqlite!;
    const rows = sqlite
      .prepare(`select name, sql from sqlite_master where type = 'index' and sql is not null and tbl_name in (${tables.map(() => '?').join(',')})`)
      .all(...tables) as { name: string; sql: string }[];
    for (const r of rows) {
      if (/^\s*create\s+unique/i.test(r.sql)) continue;
      this.deferred.push(r.sql);
      sqlite.exec(`drop index "${r.name}"`);
    }
  }

  async finish(): Promise<void> {
    const sqlite = this.opened.sqlite!;
    for (const ddl of this.deferred) sqlite.exec(ddl);
    this.deferred = [];
  }
}

class PgSink extends BaseSink implements BulkSink {
  readonly dialect = 'postgres' as const;
  private readonly names = new Map<string, string>();

  async insert(table: string, rows: readonly Record<string, unknown>[]): Promise<void> {
    if (rows.length === 0) return;
    const t0 = performance.now();
    const cols = Object.keys(rows[0]);
    const per = rowsPerStatement(cols.length, 30_000);
    const client = await this.opened.pool!.connect();
    try {
      for (let i = 0; i < rows.length; i += per) {
        const chunk = rows.slice(i, i + per);
        const key = `${table}|${cols.join(',')}|${chunk.length}`;
        let name = this.names.get(key);
        if (!name) {
          name = `bulk_${this.names.size}`;
          this.names.set(key, name);
        }
        const values: unknown[] = new Array(cols.length * chunk.length);
        let p = 0;
        for (const r of chunk) for (const c of cols) values[p++] = r[c];
        // A named statement is prepared once per connection and then only bound and executed.
        await client.query({ name: `${name}_${cols.length}`, text: `insert into ${table} (${cols.join(',')}) values ${placeholders(cols.length, chunk.length, true)}`, values });
      }
    } finally {
      client.release();
    }
    this.count(table, rows.length, t0);
  }

  async batch<T>(work: () => Promise<T>): Promise<T> {
    return work();
  }

  async deferIndexes(): Promise<void> {}

  async finish(): Promise<void> {
    for (const table of this.tablesWithIds()) {
      await sql`select setval(pg_get_serial_sequence(${table}, 'id'), greatest((select coalesce(max(id), 0) from ${sql.table(table)}), 1))`.execute(this.opened.db);
    }
  }
}

function sqliteSink(opened: OpenedDb): BulkSink {
  return new SqliteSink(opened);
}

function pgSink(opened: OpenedDb): BulkSink {
  return new PgSink(opened);
}
