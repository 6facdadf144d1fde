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
