/**
 * The 2022 replay (issue 18 item 8): `onewindow generate --profile shaodong-2022 [--scale small|full]`
 * writes the county-year whose raw counts are those of the bureau's 2022 self-evaluation report
 * (profiles/shaodong-2022.ts), through the modules' own bulk writers and services.
 *
 * Order of events, on the app's clock:
 * 1. 2021-06-30: the demo county is seeded (accounts, catalogue, configurations, the demo's few sample
 *    records, all dated before the replayed year); its budget and asset register on 2024-12-31.
 *    On 2021-12-31 a sweep issues the cards of the demo's own records (all overdue by then), in 2021.
 * 2. 电子监察 is set to the report's scope — the case rules (超期办结, 超过承诺期限, 临近承诺期限, 超期未受理) —
 *    with a look-back covering the whole year, since the replay runs one sweep at its end instead of one a minute.
 * 3. The clock goes back to 2022-11-24 (the report's as-of day for 电子监察 and 好差评): the year's cases with
 *    their ratings, licenses and 监管任务, then the 12345 orders, calls and letters, dated 1 January … 24 November.
 * 4. The sweep runs once on that day, then the roll-ups are rebuilt.
 * 5. 走流程 through the walks service, each walk on its day; each quarter's 讲评会 through the honours
 *    service, choosing from the quarter's own figures; 政务公开 (articles under 三审制, policy
 *    interpretations, consultations and opinions) through the disclosure services; the county's villages,
 *    their extranet connections, the year's security incidents and trainings through the org and egov services.
 * The license library's earlier years (licenses still in force, loaded from the departments' systems) are
 * written with the year's flow, through the licenses module's bulk writer.
 */
import { buildApp, isEmptyDatabase } from '../../app';
import { FixedClock } from '../../kernel/clock';
import { systemActor } from '../../kernel/auth/actor';
import { modules } from '../../modules';
import { RULE_LABELS } from '../../modules/supervision';
import { licenseSequences } from '../../modules/licenses';
import { generatorConfig, rebuildRollups } from './generator';
import { Progress, Timings } from './progress';
import { replayTargets, type ReplayScale, type ReplayTargets } from './profiles/shaodong-2022';
import { writeReplayCases, type ReplayCaseCounts } from './replay-cases';
import { SHAODONG_2022_HONOURS, SHAODONG_2022_WALKS, writeReplayHonours, writeReplayWalks } from './replay-hall';
import { writeReplayDisclosure } from './replay-disclosure';
import { writeReplayBundles } from './replay-bundles';
import { writeReplayCatalog } from './replay-catalog';
import { writeReplayEgov } from './replay-egov';
import { writeReplayLibrary } from './replay-library';
import { writeReplayHotline, type ReplayHotlineCounts } from './replay-hotline';
import { yearDays } from './sampling';
import { prepareWorld } from './world';

export const PROFILES = ['shaodong-2022'] as const;
export type Profile = (typeof PROFILES)[number];

export interface ReplayOptions {
  profile: Profile;
  scale: ReplayScale;
  seed: number;
  databaseUrl?: string;
  progress?: boolean;
}

export interface ReplayReport {
  profile: Profile;
  scale: ReplayScale;
  seed: number;
  dialect: 'sqlite' | 'postgres';
  seconds: number;
  cpuSeconds: number;
  targets: ReplayTargets;
  cases: ReplayCaseCounts;
  hotline: ReplayHotlineCounts;
  cardsIssued: number;
  walks: Awaited<ReturnType<typeof writeReplayWalks>>;
  honours: Awaited<ReturnType<typeof writeReplayHonours>>;
  disclosure: Awaited<ReturnType<typeof writeReplayDisclosure>>;
  egov: Awaited<ReturnType<typeof writeReplayEgov>>;
  bundles: Awaited<ReturnType<typeof writeReplayBundles>>;
  catalog: Awaited<ReturnType<typeof writeReplayCatalog>>;
  library: Awaited<ReturnType<typeof writeReplayLibrary>>;
  rows: Record<string, number>;
  /** The replay's clock at the end: the as-of day of the report's flow figures. */
  asOf: string;
}

/** When the demo county is seeded, and its budget (whose asset register runs to 2024). */
const SEEDED_AT = '2021-06-30T10:00:00+08:00';
const BUDGET_SEEDED_AT = '2024-12-31T18:00:00+08:00';

/** The supervision rules of the report's 电子监察 (cases); every other source's rule switched off. */
const CASE_RULES = new Set(['near_due', 'intake_late', 'overdue', 'completed_late']);

export async function replay(opts: ReplayOptions): Promise<ReplayReport> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const t = replayTargets(opts.scale);
  const config = generatorConfig({ scale: 'small', year: t.year, seed: opts.seed, databaseUrl: opts.databaseUrl });
  const clock = new FixedClock(SEEDED_AT);
  const progress = new Progress(opts.progress !== false);
  const built = await buildApp({ config, clock, modules, serveWeb: false });
  try {
    progress.phase('seed');
    if (!(await isEmptyDatabase(built))) throw new Error('the replay writes into an empty database only');
    const { ctx } = built;
    // The demo county is seeded half a year before the replayed one, so its catalogue, licenses and
    // configurations are in force in 2022; the budget seed, whose asset register runs to 2024, after it.
    for (const m of built.modules) {
      clock.set(m.name === 'performance' ? BUDGET_SEEDED_AT : SEEDED_AT);
      await m.seed?.(ctx, { kind: 'demo' });
    }
    // The demo's own open cases and work orders are long overdue by the end of 2021: their cards are issued then.
    clock.set(`${t.year - 1}-12-31T18:00:00+08:00`);
    await ctx.services.supervision.sweep();
    const rules = Object.fromEntries(Object.keys(RULE_LABELS).filter((r) => !CASE_RULES.has(r)).map((r) => [r, { enabled: false }]));
    await ctx.services.supervision.setConfig(systemActor('generator'), { rules, lookbackDays: 400 });
    const asOf = `${t.asOf}T23:00:00+08:00`;
    clock.set(asOf);
    const w = await prepareWorld(built, { scale: 'small', year: t.year, seed: opts.seed, databaseUrl: opts.databaseUrl, progress: opts.progress }, { cases: t.casesReceived, orders: t.hotlineOrders, letters: t.letters, badReviews: t.validBadReviews, defaults: 0 }, clock, progress, new Timings());
    w.today = t.asOf;
    w.days = yearDays(t.year).filter((d) => d <= t.asOf);
    const cases = await writeReplayCases(w, t);
    const hotline = await writeReplayHotline(w, t);
    const library = await writeReplayLibrary(w, t.libraryLicenses);
    for (const { name, value } of licenseSequences(w.issue.counters)) w.seqs.raise(name, value);
    await w.seqs.save();
    await w.sink.finish();
    progress.phase('sweep');
    const { issued } = await ctx.services.supervision.sweep();
    progress.phase('rollup');
    await rebuildRollups(built);
    const walks = await writeReplayWalks(w, clock, SHAODONG_2022_WALKS);
    progress.phase('honours');
    const honours = await writeReplayHonours(w, clock, SHAODONG_2022_HONOURS);
    const disclosure = await writeReplayDisclosure(w, clock, t.disclosure);
    const egov = await writeReplayEgov(w, clock, t.egov);
    const bundles = await writeReplayBundles(w, clock, { bundles: t.bundlesInForce, partners: t.crossProvincePartners });
    const catalog = await writeReplayCatalog(w, clock, t.catalog, t.qualityAsOf);
    progress.done();
    return {
      profile: opts.profile,
      scale: opts.scale,
      seed: opts.seed,
      dialect: built.opened.dialect,
      seconds: (performance.now() - t0) / 1000,
      cpuSeconds: ((c) => (c.user + c.system) / 1e6)(process.cpuUsage(cpu0)),
      targets: t,
      cases,
      hotline,
      cardsIssued: issued,
      walks,
      honours,
      disclosure,
      egov,
      bundles,
      catalog,
      library,
      rows: Object.fromEntries(w.sink.written),
      asOf,
    };
  } finally {
    progress.done();
    await built.close();
  }
}
