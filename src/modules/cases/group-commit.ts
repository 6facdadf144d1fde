import type { Kysely, Transaction } from 'kysely';

interface BatchJob<J, R> {
  job: J;
  resolve: (v: R) => void;
  reject: (e: unknown) => void;
}

/**
 * Group commit: every commit waits for the disk (SQLite's WAL sync, PostgreSQL's WAL flush: ≈ 2–10 ms), and
 * every intake holds its county's case-number row and audit head until it commits, so one transaction
 * per application caps intake at a few hundred per second whatever the CPU does. Applications that
 * arrive while a commit is in flight are written together in the next transaction; every caller is
 * answered only after the transaction holding its work has committed and is on disk: durability is
 * unchanged. The batch is written as a whole: `write(tx, jobs)` gets every application of the batch
 * at once, so it can write them with one multi-row statement per table and take the county's number row
 * and audit head for a few round trips instead of a dozen per application. If the batch's transaction
 * fails, nothing of it was written (its numbers roll back with it) and each job is written again alone,
 * in its own transaction, so one failing application only fails itself.
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
        // The next batch starts once this one's work is done: its commit, and the wait for the disk
        // (sqlite-durable.ts), overlap with the next batch's work. On SQLite the next transaction queues on
        // the single connection, so commits stay in order.
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
