import Database from 'better-sqlite3';
import type pg from 'pg';
import {
  Kysely,
  PostgresAdapter,
  SqliteDialect,
  sql,
  type ColumnDefinitionBuilder,
  type Transaction,
} from 'kysely';
import type { Config, Dialect } from '../config';
import fs from 'node:fs';
import { DurableSqliteDialect, WalSyncer, type WriteTracker } from './sqlite-durable';
import { prepared, type PreparedQuery } from './prepared';
import path from 'node:path';
import { lazyRequire } from '../lazy-require';
import { openRoutedPostgres, type ReadReplicaMonitor } from './read-replica';
import { CurrentSchemaPostgresDialect } from './pg-introspector';
import { nameServerPrepared } from './server-prepared';
import type { Logger } from 'pino';

// The raw handle, as the app opens it and as kernel helpers accept it (any module's typed handle can be
// passed). Code that queries gets a typed handle instead: `tablesOf<ModuleTables>(ctx.db)`
// (kernel/kernel.tables.ts) knows the kernel's tables and the module's own, and nothing else.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Db = Kysely<any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Tx = Transaction<any>;
export type DbOrTx = Db | Tx;

const loadPg = lazyRequire<typeof pg>('pg');

/** The pg driver, loaded only by an installation on PostgreSQL (a SQLite server never holds it). */
export function pgDriver(): typeof pg {
  const driver = loadPg();
  // pg returns int8 (count/sum) and numeric as strings; numbers keep the same code working on both dialects.
  driver.types.setTypeParser(20, (v) => Number(v));
  driver.types.setTypeParser(1700, (v) => Number(v));
  // Keep dates as 'YYYY-MM-DD' text, never JS Dates shifted by the machine's zone.
  driver.types.setTypeParser(1082, (v) => v);
  return driver;
}

export interface OpenDbOptions {
  dialect: Dialect;
  url: string;
  /** PostgreSQL schema to use (tests run each app in a fresh schema). */
  schema?: string;
  poolSize?: number;
  sqliteSynchronous?: 'FULL' | 'NORMAL';
  /** PostgreSQL: send the registered hot statements as named prepared statements (server-prepared.ts); on by default. */
  serverPrepared?: boolean;
  /** PostgreSQL streaming replica for replica-eligible reads (read-replica.ts). */
  replica?: { url: string; schema?: string; maxLagSeconds: number; probeMs: number; log?: Logger };
}

export interface OpenedDb {
  db: Db;
  dialect: Dialect;
  close(): Promise<void>;
  /** The raw better-sqlite3 handle (SQLite only): online backup and bulk paths. */
  sqlite?: Database.Database;
  /**
   * SQLite only: after a one-off bulk job (the demo seed), drops the cached prepared statements it left
   * (hundreds the server will not run again) and hands the connection's spare cache memory back.
   */
  releaseMemory?: () => void;
  pool?: pg.Pool;
  /** With a replica: a handle whose plain reads may go to it (ctx.readDb); `db` then routes only in a `replicaReads` scope. */
  readDb?: Db;
  /** With a replica: its health and the reads routed (for /metrics). */
  replica?: ReadReplicaMonitor;
}

/**
 * Kysely prepares every SQLite statement anew; preparing costs as much as running a small statement, so
 * hot paths (intake, SPEC §6) pay it twice. Statements are cached by their SQL text. Kysely runs one query
 * at a time on the connection (its mutex also covers streams), so a cached statement is never busy.
 */
function cachingStatements(sqlite: Database.Database, writes?: WriteTracker) {
  const cache = new Map<string, Database.Statement>();
  return {
    prepare(sqlText: string) {
      let stmt = cache.get(sqlText);
      if (!stmt) {
        stmt = sqlite.prepare(sqlText);
        // Generated SQL varies with IN-list lengths and the like: keep the cache bounded.
        if (cache.size >= 1000) cache.clear();
        cache.set(sqlText, stmt);
      }
      // Kysely prepares right before it runs: a statement that can write marks the unit of work for a sync.
      if (writes && !stmt.readonly) writes.wrote = true;
      return stmt;
    },
    /** Drops the cached statements (each holds SQLite memory until V8 collects it). */
    clear() {
      cache.clear();
    },
    close() {
      cache.clear();
      sqlite.close();
    },
  };
}

export function openDb(opts: OpenDbOptions): OpenedDb {
  if (opts.dialect === 'sqlite') {
    if (opts.url !== ':memory:') fs.mkdirSync(path.dirname(opts.url), { recursive: true });
    const sqlite = new Database(opts.url);
    sqlite.pragma('journal_mode = WAL');
    // FULL (the default): a write acknowledged to an applicant survives power loss, not only a process
    // crash. It is implemented as NORMAL plus a WAL fdatasync off the event loop before the caller's
    // promise resolves (sqlite-durable.ts), so the fsync does not stall every other request.
    const durable = (opts.sqliteSynchronous ?? 'FULL') === 'FULL' && opts.url !== ':memory:';
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    const writes: WriteTracker = { wrote: false };
    const database = cachingStatements(sqlite, durable ? writes : undefined);
    const dialect = durable ? new DurableSqliteDialect({ database }, writes, new WalSyncer(`${opts.url}-wal`)) : new SqliteDialect({ database });
    const db = new Kysely({ dialect });
    optimizeSqlite(sqlite);
    const releaseMemory = () => {
      database.clear();
      sqlite.pragma('shrink_memory');
    };
    return { db, dialect: 'sqlite', sqlite, releaseMemory, close: () => db.destroy() };
  }
  const pool = new (pgDriver().Pool)({
    connectionString: opts.url,
    max: opts.poolSize ?? 10,
    options: opts.schema ? `-c search_path=${opts.schema}` : undefined,
  });
  // An idle connection the server dropped (a restart, a failover) must not crash the process: pg emits it
  // on the pool, and the next query simply opens a new connection.
  pool.on('error', () => undefined);
  if (opts.serverPrepared !== false) nameServerPrepared(pool);
  if (opts.replica) {
    const r = opts.replica;
    const schema = r.schema ?? opts.schema;
    // A replica that hangs must not hold a request for long: the read then goes to the primary.
    const replicaPool = new (pgDriver().Pool)({ connectionString: r.url, max: opts.poolSize ?? 10, connectionTimeoutMillis: 3_000, options: schema ? `-c search_path=${schema}` : undefined });
    const routed = openRoutedPostgres(pool, replicaPool, { maxLagSeconds: r.maxLagSeconds, probeMs: r.probeMs, log: r.log });
    return { db: routed.db, readDb: routed.readDb, replica: routed.monitor, dialect: 'postgres', pool, close: () => routed.db.destroy() };
  }
  const db = new Kysely({ dialect: new CurrentSchemaPostgresDialect({ pool }) });
  return { db, dialect: 'postgres', pool, close: () => db.destroy() };
}

/**
 * Refreshes the query planner's statistics where tables grew or were never analysed (SQLite's own advice
 * for long-lived connections: at open, then periodically — the `kernel.sqlite_optimize` job). Without them
 * SQLite prefers an index on `status` over one on a date range and a year's KPI read scans every completed
 * case (measured: 208 ms instead of 15 ms on 600k cases). Bounded work: SQLite samples (analysis_limit).
 */
export function optimizeSqlite(sqlite: Database.Database): void {
  // 0x10000 every table, 0x02 analyse where useful, 0x10 with a temporary analysis_limit (bounded time).
  sqlite.pragma('optimize = 0x10012');
}

/** Opens the database the configuration names (dialect, URL, PostgreSQL schema, SQLite durability). */
export function openConfiguredDb(config: Config, extra: Partial<OpenDbOptions> = {}): OpenedDb {
  return openDb({
    dialect: config.dialect,
    url: config.databaseUrl,
    schema: config.pgSchema ?? undefined,
    sqliteSynchronous: config.sqliteSynchronous,
    serverPrepared: config.pgPrepared,
    replica: config.readReplica ? { ...config.readReplica, schema: config.readReplica.schema ?? undefined } : undefined,
    ...extra,
  });
}

/** A configured PostgreSQL schema is created on first use, so a fresh schema needs no manual step. */
export async function ensureSchema(opened: OpenedDb, schema: string | null | undefined): Promise<void> {
  if (opened.dialect !== 'postgres' || !schema) return;
  await sql`create schema if not exists ${sql.id(schema)}`.execute(opened.db);
}

export function dialectOf(db: DbOrTx): Dialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** Integer primary key that the database assigns: the one column definition that differs by dialect. */
export function idColumn(db: DbOrTx) {
  const pgDialect = dialectOf(db) === 'postgres';
  return (col: ColumnDefinitionBuilder) =>
    pgDialect ? col.primaryKey().generatedByDefaultAsIdentity() : col.primaryKey().autoIncrement();
}

/** Booleans are stored as 0/1 (better-sqlite3 cannot bind booleans). */
export const toFlag = (b: boolean | null | undefined): number => (b ? 1 : 0);
export const fromFlag = (n: unknown): boolean => n === 1 || n === true || n === '1';

export function parseJson<T>(text: unknown, fallback: T): T {
  if (typeof text !== 'string' || text === '') return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/**
 * Next value of a named counter, atomically on both dialects (row lock on PostgreSQL, the single writer
 * on SQLite). Used for case numbers and other human-facing sequences.
 */
export async function nextSequence(tx: DbOrTx, name: string): Promise<number> {
  const row = await nextSequenceQuery.executeTakeFirst(tx, { name });
  return Number(row!.value);
}

// One statement (an upsert that returns the new value) on both dialects; compiled once (prepared.ts).
const nextSequenceQuery = prepared((db, p: { name: string }) =>
  db
    .insertInto('kernel_sequences')
    .values({ name: p.name, value: 1 })
    .onConflict((oc) => oc.column('name').doUpdateSet({ value: sql`kernel_sequences.value + 1` }))
    .returning('value'),
);

/**
 * Takes consecutive values of several named counters in one statement (`counts`: how many of each) and
 * returns each counter's first: a batch of intakes numbers itself with one round trip. The counters' rows
 * are locked (PostgreSQL) from here to the commit like nextSequence's, in name order so two batches never
 * wait on each other crosswise; rolled back with the transaction, so the numbers stay gapless.
 */
export async function nextSequenceBlocks(tx: DbOrTx, counts: ReadonlyMap<string, number>): Promise<Map<string, number>> {
  const names = [...counts.keys()].sort();
  const q = sequenceBlocksQuery(names.length);
  const params: Record<string, unknown> = {};
  names.forEach((name, i) => {
    params[`name${i}`] = name;
    params[`n${i}`] = counts.get(name);
  });
  const out = new Map<string, number>();
  for (const r of await q.execute(tx, params)) out.set(r.name as string, Number(r.value) - counts.get(r.name as string)! + 1);
  return out;
}

const sequenceBlocks = new Map<number, PreparedQuery<Record<string, unknown>, { name: unknown; value: unknown }>>();
function sequenceBlocksQuery(k: number) {
  let q = sequenceBlocks.get(k);
  if (!q) {
    q = prepared((db, p: Record<string, unknown>) =>
      db
        .insertInto('kernel_sequences')
        .values(Array.from({ length: k }, (_, i) => ({ name: p[`name${i}`] as string, value: p[`n${i}`] as number })))
        .onConflict((oc) => oc.column('name').doUpdateSet({ value: sql`kernel_sequences.value + excluded.value` }))
        .returning(['name', 'value']),
    );
    sequenceBlocks.set(k, q);
  }
  return q;
}

export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (m) => `\\${m}`);
}
