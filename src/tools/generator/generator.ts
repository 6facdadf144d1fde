/**
 * The county-year generator (SPEC §5, issue #8): a full year at the seed report's volumes, deterministic
 * for a seed, written through the modules' own bulk writers (`bulkInsertCases`, `bulkInsertEvaluations`,
 * `bulkInsertHotline`, exported by each module's index.ts), on SQLite or PostgreSQL, then the statistics
 * roll-ups rebuilt by their own functions.
 *
 *   onewindow generate --scale county-year|small|tiny [--year 2025] [--seed 1] [--db file:…|postgres://…]
 *   onewindow generate --scale province-year --counties N [--year …] [--seed …] [--db …]   N county-years
 *
 * Phases: build and seed the app → prepare (staff, catalogue, 一件事 bundles, configurations; world.ts) →
 * cases with their ratings, licenses and 监管任务 (plan-cases.ts, plan-evaluations.ts, plan-licenses.ts) → work orders, calls and letters
 * (plan-hotline.ts) → sequences and deferred indexes → roll-ups and ANALYZE.
 */
import { sql } from 'kysely';
import { buildApp, seedIfEmpty, type BuiltApp } from '../../app';
import { loadConfig, type Config } from '../../kernel/config';
import { FixedClock } from '../../kernel/clock';
import { modules } from '../../modules';
import { writeCases } from './plan-cases';
import { writeHotline } from './plan-hotline';
import { writeProvince, type CountyReport } from './plan-province';
import { licenseSequences } from '../../modules/licenses';
import { Progress, Timings } from './progress';
import { prepareWorld, type Counts, type GenerateOptions, type Scale, type Volumes, type World } from './world';

export type { GenerateOptions, Scale } from './world';

/** Volumes of the seed report's year (≈600k cases, ≈1M evaluations, ≈63k work orders, ≈110 letters). */
export const SCALES: Record<Scale, Volumes> = {
  'county-year': { cases: 600_000, orders: 63_000, letters: 110, badReviews: 12, defaults: 300 },
  /** Per county: N county-years in one database (plan-province.ts). */
  'province-year': { cases: 600_000, orders: 63_000, letters: 110, badReviews: 12, defaults: 300 },
  small: { cases: 6_000, orders: 630, letters: 11, badReviews: 6, defaults: 30 },
  tiny: { cases: 600, orders: 63, letters: 3, badReviews: 3, defaults: 5 },
};

export interface GenerateReport extends Counts {
  scale: Scale;
  year: number;
  seed: number;
  dialect: 'sqlite' | 'postgres';
  seconds: number;
  /** CPU time of this process (user + system): the figure that does not grow with other load on the machine. */
  cpuSeconds: number;
  rows: Record<string, number>;
  /** province-year: what each county took, in the order written. */
  counties?: CountyReport[];
  rollup: { from: string; to: string; rows: number } | null;
  /** The generator's clock: end of the generated year (read the data "as of" this instant). */
  asOf: string;
}

/** The app's configuration for a bulk load: no jobs, quiet logs, SQLite's NORMAL sync; never production. */
export function generatorConfig(opts: GenerateOptions): Config {
  const env = { ...process.env, ONEWINDOW_JOBS: '0', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', ONEWINDOW_SQLITE_SYNCHRONOUS: 'NORMAL' } as Record<string, string | undefined>;
  if (opts.databaseUrl) env.DATABASE_URL = opts.databaseUrl;
  const config = loadConfig(env);
  if (config.env === 'production') throw new Error('refusing to generate demo data when NODE_ENV=production');
  return config;
}

/**
 * The year was written by the bulk paths, past every write's dirty mark: the KPI roll-ups start over, then
 * the planner's statistics are refreshed for tables that grew from nothing.
 */
export async function rebuildRollups(built: BuiltApp): Promise<GenerateReport['rollup']> {
  const { ctx } = built;
  const caseKpis = ctx.services.caseKpis;
  const rollup = caseKpis ? await caseKpis.rollup({ full: true }) : null;
  await ctx.services.evaluations.rollupDaily({ full: true });
  await ctx.services.hotline.rollupDaily({ full: true });
  await ctx.services.caseFigures.rollupDaily({ full: true });
  await ctx.services.regulation.kpis.rebuildRollups();
  await ctx.services.licenses.rebuildKpiCounts();
  if (built.opened.dialect === 'sqlite') built.opened.sqlite!.exec('analyze');
  // VACUUM as well: it sets the visibility map of the freshly written pages, so index-only scans (the
  // live days of the roll-ups, the case list's count) do not visit the heap for every row.
  else await sql`vacuum (analyze)`.execute(ctx.db);
  return rollup;
}

/**
 * Writes the year into a seeded app: cases with their ratings, then the hotline (a province-year: so for
 * each county in turn); sequences and indexes last.
 */
async function writeYear(w: World): Promise<CountyReport[] | undefined> {
  let counties: CountyReport[] | undefined;
  if (w.opts.scale === 'province-year' || w.opts.counties !== undefined) counties = await writeProvince(w, w.opts.counties ?? 10);
  else {
    await writeCases(w);
    await writeHotline(w);
  }
  for (const { name, value } of licenseSequences(w.issue.counters)) w.seqs.raise(name, value);
  await w.seqs.save();
  w.progress.phase('indexes');
  await w.sink.finish();
  return counties;
}

export async function generate(opts: GenerateOptions): Promise<GenerateReport> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const config = generatorConfig(opts);
  const asOf = `${opts.year}-12-31T18:00:00+08:00`;
  const clock = new FixedClock(asOf);
  const progress = new Progress(opts.progress !== false);
  const timings = new Timings();
  progress.phase('build');
  const built = await buildApp({ config, clock, modules, serveWeb: false });
  try {
    progress.phase('seed');
    await seedIfEmpty(built);
    const w = await prepareWorld(built, opts, SCALES[opts.scale], clock, progress, timings);
    const counties = await writeYear(w);
    progress.phase('rollup');
    const rollup = await rebuildRollups(built);
    progress.done();
    if (process.env.ONEWINDOW_GEN_DEBUG) console.error(Object.fromEntries([...timings.spent, ...[...w.sink.spent].map(([k, v]) => [`insert.${k}`, v] as const)].map(([k, v]) => [k, Math.round(v)])));
    return {
      scale: opts.scale,
      year: opts.year,
      seed: opts.seed,
      dialect: built.opened.dialect,
      seconds: (performance.now() - t0) / 1000,
      cpuSeconds: ((c) => (c.user + c.system) / 1e6)(process.cpuUsage(cpu0)),
      rows: Object.fromEntries(w.sink.written),
      ...w.counts,
      ...(counties ? { counties } : {}),
      rollup,
      asOf,
    };
  } finally {
    progress.done();
    await built.close();
  }
}
