/**
 * The year's cases: applications spread over the days (working days carry almost all of them), each one's
 * history planned from intake to completion at the county's usual rates — withdrawals, refusals at intake,
 * corrections, statutory suspensions, extensions, late completions, denials — then written in batches
 * through the cases module's bulk writer, each batch's completed cases rated at once.
 */
import { bulkInsertBundleApps, bulkInsertCases, bundleSequenceName, caseSequenceName, type BulkActor, type Channel, type PlannedBundleApp, type PlannedCase, type PlannedStep } from '../../modules/cases';
import type { ItemVersion } from '../../shared/catalog.types';
import { EvaluationPlanner, writeEvaluations } from './plan-evaluations';
import { writeIssues } from './plan-licenses';
import { applicant } from './people';
import { at, draw, perDay } from './sampling';
import type { World } from './world';

/** Cases per write batch: one transaction on SQLite, one audit row. */
const BATCH = 25_000;

/** The steps of one history that happened by `today` (a later step and everything after it is still to come). */
class History {
  readonly steps: PlannedStep[] = [];
  constructor(private readonly today: string) {}

  /** Records `s` when it happened by today; false when the history stops before it. */
  add(s: PlannedStep): boolean {
    if (s.on > this.today) return false;
    this.steps.push(s);
    return true;
  }
}

/** Correction and acceptance; the day accepted, or null when the history stops before it. */
function intake(w: World, h: History, day: string, item: ItemVersion, channel: Channel, instant: boolean, createdBy: BulkActor): string | null {
  const { rng, index, staff } = w;
  let acceptOn = channel === 'window' ? day : index.addWorkdays(day, rng.int(0, 2));
  if (!instant && rng.chance(0.03)) {
    const corr = index.addWorkdays(day, rng.int(0, 1));
    if (!h.add({ action: 'request_correction', on: corr, actor: staff.clerk, missing: [item.materials[0]?.name ?? '申请书'] })) return null;
    const sup = index.addWorkdays(corr, rng.int(1, 3));
    if (!h.add({ action: 'supplement', on: sup, actor: createdBy })) return null;
    acceptOn = sup;
  }
  if (instant) acceptOn = index.isWorkday(day) ? day : index.nextWorkdayOnOrAfter(day);
  if (acceptOn < day) acceptOn = day;
  return h.add({ action: 'accept', on: acceptOn, actor: staff.clerk }) ? acceptOn : null;
}

/** From acceptance to delivery: a suspension or an extension now and then, the decision, completion. */
function decide(w: World, h: History, item: ItemVersion, channel: Channel, instant: boolean, acceptOn: string): void {
  const { rng, index, staff } = w;
  let cursor = acceptOn;
  let limit = instant ? 0 : item.promisedLimit;
  if (!instant && rng.chance(0.015)) {
    const s = index.addWorkdays(acceptOn, rng.int(1, Math.max(1, Math.min(3, limit))));
    if (!h.add({ action: 'suspend', on: s, actor: staff.reviewer, reason: rng.pick(['检验', '检测', '鉴定', '专家评审', '听证']) })) return;
    const r = index.addWorkdays(s, rng.int(3, 15));
    if (!h.add({ action: 'resume', on: r, actor: staff.reviewer })) return;
    // The clock moved by the suspended working days: keep the completion inside the moved limit.
    limit += index.workdaysBetween(s, r);
    cursor = r;
  }
  if (!instant && rng.chance(0.003) && item.legalLimit > 0) {
    const e = index.addWorkdays(cursor, 1);
    if (!h.add({ action: 'extend', on: e, actor: staff.leader, days: Math.min(10, item.extensionAllowance ?? 10) || 1, reason: '需现场核查，经负责人批准延长' })) return;
    cursor = e;
  }
  // Completion: mostly well inside the promised limit, ≈0.8 % after it (the late ones raise red cards).
  const late = !instant && rng.chance(0.008);
  const base = item.limitUnit === 'natural' ? Math.max(0, Math.floor(limit * 0.6)) : limit;
  const used = instant ? 0 : late ? limit + rng.int(1, 5) : Math.min(base, Math.floor(rng.next() * rng.next() * (base + 1)));
  let decideOn = index.addWorkdays(acceptOn, used);
  if (decideOn < cursor) decideOn = cursor;
  const deny = !instant && rng.chance(0.003);
  if (!h.add({ action: deny ? 'deny' : 'approve', on: decideOn, actor: staff.reviewer, reason: deny ? '申请事项不符合法定条件' : undefined })) return;
  const delivery = channel === 'window' ? rng.pick(['窗口领取', '窗口领取', '电子证照', '邮寄'] as const) : rng.pick(['电子证照', '邮寄'] as const);
  h.add({ action: 'complete', on: decideOn, actor: staff.clerk, deliveryMethod: delivery });
}

/** One application and its history: ≈0.4 % withdrawn, ≈1 % refused at intake, the rest decided. */
function planCase(w: World, day: string, item: ItemVersion, channel: Channel, submittedAt: string, who: PlannedCase['applicant'], applicantUserId: number | null): PlannedCase {
  const { rng, index, staff } = w;
  const createdBy = channel === 'window' ? staff.clerk : applicantUserId !== null ? staff.citizen : staff.clerk;
  const h = new History(w.today);
  const instant = item.kind === 'instant' || item.promisedLimit === 0;
  const x = rng.next();
  if (x < 0.004) {
    h.add({ action: 'withdraw', on: index.addWorkdays(day, rng.int(0, 1)), actor: createdBy, reason: '申请人撤回' });
  } else if (x < 0.014) {
    h.add({ action: 'reject', on: index.addWorkdays(day, rng.int(0, 2)), actor: staff.clerk, reason: '不属于本机关职权范围，已告知向有关行政机关申请' });
  } else {
    const acceptOn = intake(w, h, day, item, channel, instant, createdBy);
    if (acceptOn !== null) decide(w, h, item, channel, instant, acceptOn);
  }
  return { item, channel, applicant: who, applicantUserId, submittedAt, createdBy, steps: h.steps };
}

/** Planned cases waiting for the next write, single ones and 一件事 applications with their cases. */
class CaseBatch {
  private plans: PlannedCase[] = [];
  private bundles: { app: PlannedBundleApp; cases: PlannedCase[] }[] = [];
  private readonly evaluations: EvaluationPlanner;

  /** Cases written before this county's (the progress line counts the county's own). */
  private readonly base: number;

  constructor(private readonly w: World) {
    this.base = w.counts.cases;
    this.evaluations = new EvaluationPlanner(w);
  }

  get size() {
    return this.plans.length;
  }

  add(plan: PlannedCase) {
    this.plans.push(plan);
  }

  addBundle(app: PlannedBundleApp, cases: PlannedCase[]) {
    this.bundles.push({ app, cases });
  }

  /** Writes the batch (bundle applications, cases, their ratings) in one transaction, then audits it. */
  async write(): Promise<void> {
    if (this.plans.length === 0 && this.bundles.length === 0) return;
    const { w } = this;
    const plans = this.plans;
    const bundles = this.bundles;
    this.plans = [];
    this.bundles = [];
    // Numbered per county and day under the counter intake uses (the installation's county: `case:<day>`).
    const regionCode = w.region;
    const installation = w.ctx.config.regionCode;
    const results = await w.timings.timed('cases.batch', () =>
      w.sink.batch(async () => {
        const apps = await bulkInsertBundleApps(w.sink, { regionCode, nextBundleSeq: (d) => w.seqs.next(bundleSequenceName(regionCode, d, installation)) }, bundles.map((b) => b.app));
        const all = [...plans];
        bundles.forEach((b, i) => {
          for (const c of b.cases) all.push({ ...c, bundleAppId: apps[i].id });
        });
        // Case numbers follow submission order within a day, as intake would hand them out.
        all.sort((a, b) => (a.submittedAt < b.submittedAt ? -1 : a.submittedAt > b.submittedAt ? 1 : 0));
        const settings = w.ctx.services.cases.settings;
        const res = await w.timings.timed('cases.bulk', () => bulkInsertCases(w.sink, { index: w.index, settings, regionCode, today: w.today, nextSeq: (d) => w.seqs.next(caseSequenceName(regionCode, d, installation)) }, all));
        await writeEvaluations(w, this.evaluations, res);
        await writeIssues(w, all, res);
        return res;
      }),
    );
    w.counts.cases += results.length;
    w.counts.openCases += results.filter((r) => !['completed', 'rejected', 'withdrawn'].includes(r.status)).length;
    await w.audit({
      region: regionCode,
      action: 'generator.cases_generated',
      subjectType: 'case_batch',
      subjectId: `${results[0].caseNo}…${results[results.length - 1].caseNo}`,
      after: { count: results.length, scale: w.opts.scale, seed: w.opts.seed },
    });
    w.progress.set(w.counts.cases - this.base);
  }
}

/** Plans and writes the year's cases (and their ratings), day by day. */
export async function writeCases(w: World): Promise<void> {
  const { rng, index, staff } = w;
  w.progress.phase('cases', w.vol.cases);
  const started = performance.now();
  const batch = new CaseBatch(w);
  const counts = perDay(w.vol.cases, w.days.map((d) => (index.isWorkday(d) ? 1 : 0.04)));
  for (let di = 0; di < w.days.length; di++) {
    const day = w.days[di];
    const n = counts[di];
    for (let k = 0; k < n; k++) {
      // Submissions spread over the office hours (08:00–17:00, lunch skipped).
      const minute = Math.floor((k / Math.max(1, n)) * 480);
      const hour = 8 + Math.floor(minute / 60) + (minute >= 210 ? 1 : 0);
      const submittedAt = at(day, Math.min(hour, 17), minute % 60);
      const channelX = rng.next();
      const channel: Channel = channelX < 0.55 ? 'window' : channelX < 0.9 ? 'online' : 'mobile';
      const who = applicant(rng, w.opts.year);
      const userId = channel !== 'window' && staff.citizen.id !== null && rng.chance(0.02) ? staff.citizen.id : null;
      if (w.bundles.length > 0 && rng.chance(0.004)) {
        const b = rng.pick(w.bundles);
        const cases = b.items.map((it) => planCase(w, day, it, channel, submittedAt, who, userId));
        batch.addBundle({ bundleId: b.id, items: b.items, channel, applicant: who, applicantUserId: userId, submittedAt, createdBy: channel === 'window' ? staff.clerk : staff.citizen }, cases);
        k += cases.length - 1;
        continue;
      }
      batch.add(planCase(w, day, draw(w.itemDraw, rng), channel, submittedAt, who, userId));
      if (batch.size >= BATCH) await batch.write();
    }
  }
  await batch.write();
  w.timings.add('cases.total', performance.now() - started);
}
