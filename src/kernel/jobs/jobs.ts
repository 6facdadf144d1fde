import type { AppContext, JobDefinition } from '../module';

/**
 * Periodic jobs. Each run first takes a lease row (an UPDATE that only one instance wins), so with several
 * app instances on one database a job runs once per period; correctness never rests on the lease alone
 * (cards and notifications are also unique in the database).
 */
export async function tryLease(ctx: AppContext, name: string, holder: string, ms: number): Promise<boolean> {
  const now = ctx.clock.now();
  const until = new Date(now.getTime() + ms).toISOString();
  await ctx.db
    .insertInto('kernel_job_leases')
    .values({ name, holder: '', until: '1970-01-01T00:00:00.000Z' })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const res = await ctx.db
    .updateTable('kernel_job_leases')
    .set({ holder, until })
    .where('name', '=', name)
    .where((eb) => eb.or([eb('until', '<=', now.toISOString()), eb('holder', '=', holder)]))
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export class JobRunner {
  private timers: NodeJS.Timeout[] = [];
  private running = new Set<Promise<unknown>>();
  private stopped = false;
  /** Runs and failures per job since start, for /metrics. */
  readonly stats = new Map<string, { runs: number; failures: number; lastRunAt: string | null }>();
  readonly holder = `${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

  constructor(
    private readonly ctx: AppContext,
    readonly jobs: JobDefinition[],
  ) {}

  start() {
    for (const job of this.jobs) {
      const t = setInterval(() => void this.runOnce(job), job.everyMs);
      t.unref();
      this.timers.push(t);
    }
  }

  async runOnce(job: JobDefinition): Promise<unknown> {
    if (this.stopped) return undefined;
    if (!(await tryLease(this.ctx, job.name, this.holder, Math.max(job.everyMs - 1000, 1000)))) return undefined;
    const stat = this.stats.get(job.name) ?? { runs: 0, failures: 0, lastRunAt: null };
    this.stats.set(job.name, stat);
    stat.runs++;
    stat.lastRunAt = this.ctx.clock.now().toISOString();
    const p = job.run(this.ctx).catch((err) => {
      stat.failures++;
      this.ctx.log.error({ err, job: job.name }, 'job failed');
    });
    this.running.add(p);
    try {
      return await p;
    } finally {
      this.running.delete(p);
    }
  }

  /** Stops scheduling and waits for the runs in flight (graceful shutdown). */
  async stop() {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    await Promise.allSettled([...this.running]);
  }
}
