import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';
import {
  Kysely,
  PostgresAdapter,
  PostgresDriver,
  PostgresQueryCompiler,
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import type { Logger } from 'pino';
import type { MetricSample } from '../http/metrics';
import { CurrentSchemaIntrospector } from './pg-introspector';

/**
 * Reads from a PostgreSQL streaming replica (DATABASE_READ_URL, docs/scaling.md).
 *
 * The law: a read may go to the replica only where the caller said it may — a route with
 * `config.reads: 'replica'` (statistics, lists, exports, public lookups), code run inside `replicaReads()`,
 * or a query on `ctx.readDb` — and only when it is a plain SELECT outside a transaction. Writes,
 * transactions (read-your-own-write) and everything else go to the primary. The replica is used only while
 * a periodic probe (not every query) finds it reachable and within `maxLagSeconds` of the primary; otherwise
 * reads fall back to the primary and /metrics says so. A replica query that fails because the replica went
 * away (or a hot-standby conflict cancelled it) is answered by the primary instead.
 *
 * Long-lived caches filled during such a request must read through `primaryReads()`, or a lagging replica
 * could leave an instance caching a value the primary has already replaced.
 */

type Scope = 'replica' | 'primary';
const scope = new AsyncLocalStorage<Scope>();

/** Runs `fn` with permission for its plain reads to go to the replica (when one is configured and healthy). */
export function replicaReads<T>(fn: () => T): T {
  return scope.run('replica', fn);
}

/** Runs `fn` with every read on the primary, even inside a replica-reading request (cache fills). */
export function primaryReads<T>(fn: () => T): T {
  return scope.run('primary', fn);
}

// A data-modifying CTE, row locks, sequence and advisory-lock functions: statements that must see or
// change the primary even though they start with SELECT or WITH.
const WRITES_INSIDE = /\b(insert|update|delete|merge|nextval|setval|set_config|pg_advisory\w*|txid_current|pg_current_xact_id|for\s+(no\s+key\s+)?update|for\s+(key\s+)?share|into)\b/i;

/** True for a statement a hot standby can answer and that needs no primary: a plain SELECT (or WITH … SELECT). */
export function isReplicaReadable(sqlText: string): boolean {
  const head = /^[\s(]*(select|with)\b/i.exec(sqlText);
  if (!head) return false;
  return !WRITES_INSIDE.test(sqlText);
}

/** Errors after which the replica is presumed gone: ask the primary, and leave the replica until a probe finds it back. */
export function isReplicaGone(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | null;
  const code = e?.code ?? '';
  if (/^08/.test(code) || /^57P0[1-4]$/.test(code)) return true;
  if (['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND'].includes(code)) return true;
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(e?.message ?? '');
}

/**
 * Errors a replica query may end with that the primary would not: the replica gone, a hot-standby recovery
 * conflict that cancelled the query (40001), the standby's connection slots full (53300). Ask the primary.
 */
export function isReplicaFailure(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code ?? '';
  return isReplicaGone(err) || code === '40001' || code === '53300';
}

export interface ReplicaOptions {
  maxLagSeconds: number;
  probeMs: number;
  log?: Logger;
}

export type ReplicaRoute = 'replica' | 'down' | 'lag';

interface ProbeState {
  reachable: boolean;
  inRecovery: boolean;
  lagSeconds: number | null;
  lagBytes: number | null;
  probedAt: number;
}

/** Health of the replica as the last probe saw it, and the counts of reads routed. */
export class ReadReplicaMonitor {
  state: ProbeState = { reachable: false, inRecovery: false, lagSeconds: null, lagBytes: null, probedAt: 0 };
  readonly routed = { replica: 0, down: 0, lag: 0, error: 0 };
  probes = 0;
  probeFailures = 0;
  /** The primary's WAL position at recent probes: the replica is as fresh as the primary was when it had reached it. */
  private history: Array<{ at: number; lsnBytes: bigint }> = [];
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  /** Where routing changes are logged (the app sets its logger). */
  log: Logger | undefined;

  constructor(
    private readonly primary: pg.Pool,
    private readonly replica: pg.Pool,
    readonly opts: ReplicaOptions,
  ) {
    this.log = opts.log;
  }

  /** Where a replica-eligible read goes now. */
  route(): ReplicaRoute {
    if (!this.state.reachable) return 'down';
    if (this.state.lagSeconds === null || this.state.lagSeconds > this.opts.maxLagSeconds) return 'lag';
    return 'replica';
  }

  /** A replica query failed for a reason that means the replica is gone: stop using it until a probe finds it back. */
  markDown(err: unknown): void {
    if (this.state.reachable) this.log?.warn({ err }, 'read replica failed; reads fall back to the primary');
    this.state = { ...this.state, reachable: false };
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.probe(), this.opts.probeMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One probe (two small queries); concurrent calls share it. */
  probe(): Promise<void> {
    this.running ??= this.probeOnce().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async probeOnce(): Promise<void> {
    this.probes++;
    const now = Date.now();
    let primaryLsn: string | null = null;
    try {
      const r = await this.primary.query<{ lsn: string | null }>('select case when pg_is_in_recovery() then null else pg_current_wal_lsn()::text end as lsn');
      primaryLsn = r.rows[0]?.lsn ?? null;
    } catch {
      /* the primary is the app's problem, not the probe's: lag is then judged from the replay time alone */
    }
    try {
      const r = await this.replica.query<{ rec: boolean; replay: string | null; age: number | null; behind: number | null }>(
        `select pg_is_in_recovery() as rec, pg_last_wal_replay_lsn()::text as replay,
                extract(epoch from clock_timestamp() - pg_last_xact_replay_timestamp())::float8 as age,
                case when $1::text is null or not pg_is_in_recovery() then null
                     else pg_wal_lsn_diff($1::text::pg_lsn, pg_last_wal_replay_lsn())::float8 end as behind`,
        [primaryLsn],
      );
      const row = r.rows[0];
      let lagSeconds: number | null;
      let lagBytes: number | null = null;
      if (!row.rec) {
        // Not (or no longer) a standby, e.g. promoted: nothing to lag behind.
        lagSeconds = 0;
        lagBytes = 0;
      } else {
        lagBytes = row.behind === null ? null : Math.max(0, row.behind);
        if (primaryLsn !== null) this.history.push({ at: now, lsnBytes: lsnToBytes(primaryLsn) });
        this.history = this.history.filter((h) => now - h.at <= Math.max(60_000, this.opts.maxLagSeconds * 4_000));
        if (lagBytes === 0) lagSeconds = 0;
        else {
          // pg_last_xact_replay_timestamp() alone overstates lag after an idle spell (the last replayed commit
          // is old although nothing newer existed); the primary positions seen at earlier probes bound it.
          const replay = row.replay ? lsnToBytes(row.replay) : -1n;
          const caughtUpTo = this.history.filter((h) => h.lsnBytes <= replay).reduce<number | null>((m, h) => (m === null || h.at > m ? h.at : m), null);
          const byHistory = caughtUpTo === null ? null : (now - caughtUpTo) / 1000;
          const byReplay = row.age === null ? null : Math.max(0, row.age);
          lagSeconds = byHistory !== null && byReplay !== null ? Math.min(byHistory, byReplay) : (byHistory ?? byReplay);
        }
      }
      const was = this.route();
      this.state = { reachable: true, inRecovery: row.rec, lagSeconds, lagBytes, probedAt: now };
      const is = this.route();
      if (was !== is) this.log?.info({ route: is, lagSeconds, lagBytes }, `read replica: reads now go to the ${is === 'replica' ? 'replica' : 'primary'}`);
    } catch (err) {
      this.probeFailures++;
      this.markDown(err);
      this.state = { ...this.state, probedAt: now, lagSeconds: null, lagBytes: null };
    }
  }

  samples(): MetricSample[] {
    const route = this.route();
    const lag = this.state.lagSeconds;
    return [
      { name: 'onewindow_replica_up', help: 'The read replica answered the last probe (1) or not (0).', value: this.state.reachable ? 1 : 0 },
      { name: 'onewindow_replica_in_use', help: 'Replica-eligible reads go to the replica now (1) or fall back to the primary (0).', value: route === 'replica' ? 1 : 0 },
      { name: 'onewindow_replica_lag_seconds', help: 'How far the replica was behind the primary at the last probe (NaN when unknown).', value: lag ?? Number.NaN },
      { name: 'onewindow_replica_lag_bytes', help: 'WAL bytes the replica had still to replay at the last probe (pg_wal_lsn_diff; NaN when unknown).', value: this.state.lagBytes ?? Number.NaN },
      { name: 'onewindow_replica_max_lag_seconds', help: 'Lag beyond which reads fall back to the primary (ONEWINDOW_REPLICA_MAX_LAG_SECONDS).', value: this.opts.maxLagSeconds },
      { name: 'onewindow_replica_probe_failures_total', help: 'Replica probes that failed.', type: 'counter', value: this.probeFailures },
      { name: 'onewindow_replica_reads_total', help: 'Replica-eligible reads, by where they went and why.', type: 'counter', value: this.routed.replica, labels: { target: 'replica', reason: 'healthy' } },
      { name: 'onewindow_replica_reads_total', help: 'Replica-eligible reads, by where they went and why.', type: 'counter', value: this.routed.down, labels: { target: 'primary', reason: 'down' } },
      { name: 'onewindow_replica_reads_total', help: 'Replica-eligible reads, by where they went and why.', type: 'counter', value: this.routed.lag, labels: { target: 'primary', reason: 'lag' } },
      { name: 'onewindow_replica_reads_total', help: 'Replica-eligible reads, by where they went and why.', type: 'counter', value: this.routed.error, labels: { target: 'primary', reason: 'error' } },
    ];
  }
}

/** '16/B374D848' → its byte position. */
function lsnToBytes(lsn: string): bigint {
  const [hi, lo] = lsn.split('/');
  return (BigInt(`0x${hi}`) << 32n) + BigInt(`0x${lo}`);
}

/**
 * One logical connection that picks its server per statement: replica-eligible reads borrow a replica
 * connection for that statement; the first other statement (or a transaction) binds a primary connection
 * for the rest of the connection's life, so a session's writes and later reads stay together.
 */
class RoutedConnection implements DatabaseConnection {
  private primaryConn: DatabaseConnection | null = null;

  constructor(
    private readonly router: RoutingDriver,
    private readonly always: boolean,
  ) {}

  async bindPrimary(): Promise<DatabaseConnection> {
    this.primaryConn ??= await this.router.primary.acquireConnection();
    return this.primaryConn;
  }

  async release(): Promise<void> {
    if (this.primaryConn) await this.router.primary.releaseConnection(this.primaryConn);
    this.primaryConn = null;
  }

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    if (!this.primaryConn && this.eligible(compiled)) {
      const monitor = this.router.monitor;
      const route = monitor.route();
      if (route === 'replica') {
        try {
          const result = await this.router.onReplica<R>(compiled);
          monitor.routed.replica++;
          return result;
        } catch (err) {
          if (!isReplicaFailure(err)) throw err;
          if (isReplicaGone(err)) monitor.markDown(err);
          monitor.routed.error++;
        }
      } else monitor.routed[route]++;
      return this.router.onPrimary<R>(compiled);
    }
    return (await this.bindPrimary()).executeQuery<R>(compiled);
  }

  async *streamQuery<R>(compiled: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    yield* (await this.bindPrimary()).streamQuery<R>(compiled, chunkSize);
  }

  private eligible(compiled: CompiledQuery): boolean {
    const s = scope.getStore();
    if (s === 'primary' || (!this.always && s !== 'replica')) return false;
    return isReplicaReadable(compiled.sql);
  }
}

class RoutingDriver implements Driver {
  constructor(
    readonly primary: Driver,
    readonly replica: Driver,
    readonly monitor: ReadReplicaMonitor,
    private readonly always: boolean,
    private readonly owner: boolean,
    /** Initialises both pools' drivers once, whichever of the two handles is used first. */
    private readonly initBoth: () => Promise<void>,
  ) {}

  async init(): Promise<void> {
    await this.initBoth();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    return new RoutedConnection(this, this.always);
  }

  /** One statement on a connection borrowed from `driver` for just that statement. */
  private async once<R>(driver: Driver, compiled: CompiledQuery): Promise<QueryResult<R>> {
    const conn = await driver.acquireConnection();
    try {
      return await conn.executeQuery<R>(compiled);
    } finally {
      await driver.releaseConnection(conn);
    }
  }

  onReplica<R>(compiled: CompiledQuery) {
    return this.once<R>(this.replica, compiled);
  }

  onPrimary<R>(compiled: CompiledQuery) {
    return this.once<R>(this.primary, compiled);
  }

  async beginTransaction(conn: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    await this.primary.beginTransaction(await (conn as RoutedConnection).bindPrimary(), settings);
  }

  async commitTransaction(conn: DatabaseConnection): Promise<void> {
    await this.primary.commitTransaction(await (conn as RoutedConnection).bindPrimary());
  }

  async rollbackTransaction(conn: DatabaseConnection): Promise<void> {
    await this.primary.rollbackTransaction(await (conn as RoutedConnection).bindPrimary());
  }

  async savepoint(conn: DatabaseConnection, name: string, compile: Parameters<NonNullable<Driver['savepoint']>>[2]): Promise<void> {
    await this.primary.savepoint!(await (conn as RoutedConnection).bindPrimary(), name, compile);
  }

  async rollbackToSavepoint(conn: DatabaseConnection, name: string, compile: Parameters<NonNullable<Driver['savepoint']>>[2]): Promise<void> {
    await this.primary.rollbackToSavepoint!(await (conn as RoutedConnection).bindPrimary(), name, compile);
  }

  async releaseSavepoint(conn: DatabaseConnection, name: string, compile: Parameters<NonNullable<Driver['savepoint']>>[2]): Promise<void> {
    await this.primary.releaseSavepoint!(await (conn as RoutedConnection).bindPrimary(), name, compile);
  }

  async releaseConnection(conn: DatabaseConnection): Promise<void> {
    await (conn as RoutedConnection).release();
  }

  async destroy(): Promise<void> {
    if (!this.owner) return;
    await this.monitor.stop();
    await this.primary.destroy();
    await this.replica.destroy();
  }
}

class RoutingDialect implements Dialect {
  constructor(private readonly driver: RoutingDriver) {}
  createDriver() {
    return this.driver;
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
  createAdapter() {
    return new PostgresAdapter();
  }
  createIntrospector(db: Kysely<unknown>) {
    return new CurrentSchemaIntrospector(db);
  }
}

export interface RoutedPostgres {
  /** Routes replica-eligible reads in a `replicaReads` scope (routes with `config.reads: 'replica'`). */
  db: Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** Every plain read outside a transaction may go to the replica (`ctx.readDb`). */
  readDb: Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  monitor: ReadReplicaMonitor;
}

/** The app's database over a primary and a streaming replica (both pools are closed by `db.destroy()`). */
export function openRoutedPostgres(primaryPool: pg.Pool, replicaPool: pg.Pool, opts: ReplicaOptions): RoutedPostgres {
  const monitor = new ReadReplicaMonitor(primaryPool, replicaPool, opts);
  // An idle replica connection that dies (the standby stopped) must not crash the process.
  replicaPool.on('error', (err) => monitor.markDown(err));
  const primary = new PostgresDriver({ pool: primaryPool });
  const replica = new PostgresDriver({ pool: replicaPool });
  let initialised: Promise<void> | null = null;
  const initBoth = () => (initialised ??= Promise.all([primary.init(), replica.init()]).then(() => undefined));
  const db = new Kysely({ dialect: new RoutingDialect(new RoutingDriver(primary, replica, monitor, false, true, initBoth)) });
  const readDb = new Kysely({ dialect: new RoutingDialect(new RoutingDriver(primary, replica, monitor, true, false, initBoth)) });
  monitor.start();
  return { db, readDb, monitor };
}
