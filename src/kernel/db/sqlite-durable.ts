import fs from 'node:fs';
import { SqliteDialect, SqliteDriver, type Driver, type SqliteDialectConfig } from 'kysely';

/**
 * Durable acknowledgements on SQLite without blocking the event loop.
 *
 * better-sqlite3 is synchronous: with `synchronous=FULL` every COMMIT waits for an fsync of the WAL on the
 * main thread (≈ 2–3 ms on this machine's disk, 10+ ms under load), and nothing else runs meanwhile — no
 * request parsing, no answers. Instead the connection runs with `synchronous=NORMAL` (commits append to
 * the WAL, checkpoints still sync WAL and database in order, so the file is never corrupted) and every
 * unit of work that wrote is answered only after an `fdatasync` of the WAL file, run on libuv's thread
 * pool, has completed *after* its commit. An acknowledged write is then on disk exactly as with FULL: the
 * WAL frames up to its commit frame are synced and recovery replays them. Concurrent callers share syncs
 * (group commit at the fsync level): a caller waits for the first sync that starts after its commit.
 */
export class WalSyncer {
  private fd: number | null = null;
  private running: Promise<void> | null = null;
  private queued: Promise<void> | null = null;
  /** Completed fdatasync calls (tests and metrics). */
  syncs = 0;

  constructor(private readonly walPath: string) {}

  /** Resolves once everything committed before this call is on disk. */
  barrier(): Promise<void> {
    if (this.queued) return this.queued;
    if (!this.running) {
      this.running = this.syncOnce().finally(() => {
        this.running = null;
      });
      return this.running;
    }
    // A sync in flight may have started before our commit: wait for the next one, shared by all who ask now.
    this.queued = this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = null;
        return this.barrier();
      });
    return this.queued;
  }

  private async syncOnce(): Promise<void> {
    const fd = this.walFd();
    if (fd === null) return;
    await new Promise<void>((resolve, reject) => fs.fdatasync(fd, (err) => (err ? reject(err) : resolve())));
    this.syncs++;
  }

  /** The WAL's descriptor, reopened if the file was replaced (the last connection closing deletes it). */
  private walFd(): number | null {
    let onDisk: fs.Stats;
    try {
      onDisk = fs.statSync(this.walPath);
    } catch {
      this.close();
      return null; // no WAL file: nothing was written since the last checkpoint-and-close
    }
    if (this.fd !== null && fs.fstatSync(this.fd).ino !== onDisk.ino) this.close();
    this.fd ??= fs.openSync(this.walPath, 'r');
    return this.fd;
  }

  close(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }
}

/** Set by the statement cache when a statement that writes is prepared for execution. */
export interface WriteTracker {
  wrote: boolean;
}

class DurableSqliteDriver extends SqliteDriver {
  constructor(
    config: SqliteDialectConfig,
    private readonly tracker: WriteTracker,
    private readonly syncer: WalSyncer,
  ) {
    super(config);
  }

  // Kysely releases the connection after a transaction (or a single statement) and only then resolves the
  // caller's promise: the connection is free for others while this caller waits for the disk.
  override async releaseConnection(): Promise<void> {
    const wrote = this.tracker.wrote;
    this.tracker.wrote = false;
    await super.releaseConnection();
    if (wrote) await this.syncer.barrier();
  }

  override async destroy(): Promise<void> {
    await super.destroy();
    this.syncer.close();
  }
}

export class DurableSqliteDialect extends SqliteDialect {
  constructor(
    private readonly config: SqliteDialectConfig,
    private readonly tracker: WriteTracker,
    private readonly syncer: WalSyncer,
  ) {
    super(config);
  }

  override createDriver(): Driver {
    return new DurableSqliteDriver(this.config, this.tracker, this.syncer);
  }
}
