import { sql, type Kysely, type Transaction } from 'kysely';

interface Job<DB> {
  work: (tx: Transaction<DB>) => Promise<unknown>;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

/**
 * Group commit: every commit waits for the disk (SQLite's WAL sync, PostgreSQL's WAL flush: ≈ 2–10 ms), and
 * every intake holds the day's case-number row and the audit head until it commits, so one transaction
 * per application caps intake at a few hundred per second whatever the CPU does. Applications that
 * arrive while a commit is in flight are written together in the next transaction, each inside its own
 * savepoint, so one failing application never takes the others with it. Every caller is answered only
 * after the transaction holding its work has committed and is on disk: durability is unchanged.
 */
export class GroupCommitter<DB> {
  private queue: Job<DB>[] = [];
  private running = false;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly maxBatch = 100,
  ) {}

  run<T>(work: (tx: Transaction<DB>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (v: unknown) => void, reject });
      if (!this.running) {
        this.running = true;
        // Let the requests that are already parsed join the first batch.
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
        let worked!: () => void;
        const workDone = new Promise<void>((resolve) => (worked = resolve));
        this.db
          .transaction()
          .execute(async (tx) => {
            try {
              const single = batch.length === 1;
              for (const job of batch) {
                if (!single) await sql`savepoint group_commit`.execute(tx);
                try {
                  const value = await job.work(tx);
                  if (!single) await sql`release savepoint group_commit`.execute(tx);
                  outcomes.push({ ok: true, value });
                } catch (error) {
                  if (single) throw error;
                  await sql`rollback to savepoint group_commit`.execute(tx);
                  await sql`release savepoint group_commit`.execute(tx);
                  outcomes.push({ ok: false, error });
                }
              }
            } finally {
              worked();
            }
          })
          .then(
            () =>
              batch.forEach((job, i) => {
                const o = outcomes[i];
                if (o.ok) job.resolve(o.value);
                else job.reject(o.error);
              }),
            (error: unknown) => batch.forEach((job) => job.reject(error)),
          )
          // A transaction that failed before its work ran (begin, the connection) must not stall the queue.
          .finally(worked);
        // The next batch starts once this one's work is done: its commit, and the wait for the disk
        // (sqlite-durable.ts), overlap with the next batch instead of holding it up. The next batch's
        // transaction queues on the single connection, so commits stay in order.
        await workDone;
      }
    } finally {
      this.running = false;
      if (this.queue.length > 0) {
        this.running = true;
        setImmediate(() => void this.drain());
      }
    }
  }
}

interface BatchJob<J, R> {
  job: J;
  resolve: (v: R) => void;
  reject: (e: unknown) => void;
}

/**
 * Group commit with the batch written as a whole: `write(tx, jobs)` gets every application of the batch
 * at once, so it can write them with one multi-row statement per table and take the county's number row
 * and audit head for a few round trips instead of a dozen per application. If the batch's transaction
 * fails, nothing of it was written (its numbers roll back with it) and each job is written again alone,
 * in its own transaction, so one failing application only fails itself — as with the savepoints of
 * GroupCommitter. Callers are answered after their transaction committed.
 */
export class BatchCommitter<DB, J, R> {
  private queue: BatchJob<J, R>[] = [];
  private running = false;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly write: (tx: Transaction<DB>, jobs: readonly J[]) => Promise<R[]>,
    private readonly maxBatch = 100,
  ) {}

  run(job: J): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      if (!this.running) {
        this.running = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        let worked!: () => void;
        const workDone = new Promise<void>((resolve) => (worked = resolve));
        let results: R[] = [];
        this.db
          .transaction()
          .execute(async (tx) => {
            try {
              results = await this.write(
                tx,
                batch.map((b) => b.job),
              );
            } finally {
              worked();
            }
          })
          .then(
            () => batch.forEach((b, i) => b.resolve(results[i])),
            (error: unknown) => (batch.length === 1 ? batch[0].reject(error) : this.oneByOne(batch)),
          )
          .finally(worked);
        // As GroupCommitter: the next batch's work overlaps this one's commit (one connection, in order).
        await workDone;
      }
    } finally {
      this.running = false;
      if (this.queue.length > 0) {
        this.running = true;
        setImmediate(() => void this.drain());
      }
    }
  }

  /** A failed batch: each application again on its own, one after another, so only the failing ones fail. */
  private async oneByOne(batch: BatchJob<J, R>[]): Promise<void> {
    for (const b of batch) {
      try {
        let result!: R;
        await this.db.transaction().execute(async (tx) => {
          [result] = await this.write(tx, [b.job]);
        });
        b.resolve(result);
      } catch (error) {
        b.reject(error);
      }
    }
  }
}
