/**
 * The replay's cases and their ratings (issue 18 item 8): plain histories (accepted, approved, completed;
 * no corrections or suspensions), each fate handed out by quota instead of by chance as in plan-cases.ts,
 * so that the year's raw counts are the profile's exactly —
 * received, completed, completed late (one red card each), still open near their due date (one yellow
 * card each) — and the working days used are steered (error diffusion) so that 1 − Σ used / Σ legal comes
 * out at the report's 法定提速率. The ratings follow the same way: the exact number of evaluations, of
 * system defaults and of 差评, the 差评 found valid and rectified.
 */
import { bulkInsertCases, type BulkCaseResult, type PlannedCase, type PlannedStep } from '../../modules/cases';
import { bulkInsertEvaluations, type BulkRatedCase, type PlannedEvaluation, type PlannedLoopStep } from '../../modules/evaluations';
import type { ItemVersion } from '../../shared/catalog.types';
import { GREEN_CHANNEL_MODES } from '../../shared/cases.types';
import type { ReplayTargets } from './profiles/shaodong-2022';
import { writeIssues } from './plan-licenses';
import { applicant, personName } from './people';
import { at, draw, perDay } from './sampling';
import type { World } from './world';

const BATCH = 25_000;
const WINDOWS = Array.from({ length: 24 }, (_v, i) => `A${String(i + 1).padStart(2, '0')}`);

/** True for the quota's k-th of n slots: `count` of the `n` slots spread evenly (integer Bresenham). */
export const spread = (k: number, count: number, n: number): boolean => k >= 0 && k < n && Math.floor(((k + 1) * count) / n) > Math.floor((k * count) / n);

const workdayLegal = (item: ItemVersion) => item.legalLimit > 0 && item.limitUnit === 'workday';

/** Plans the regular (completed) cases' fates: late ones by quota, working days used steered to the target. */
class CasePlanner {
  legalSum = 0;
  usedSum = 0;
  private lateOwed = 0;
  lateDone = 0;
  greenDone = 0;
  private k = 0;

  constructor(
    private readonly w: World,
    private readonly t: ReplayTargets,
    /** Regular cases of the year. */
    private readonly regular: number,
  ) {}

  /** A case of `day`; `drawItem` is asked again while a late case is owed and the item is done on the spot. */
  plan(day: string, drawItem: () => ItemVersion, submittedAt: string): PlannedCase {
    const { rng, index, staff, today } = this.w;
    // Days are planned from the as-of day back to 1 January: the late quota skips the first 15 % (the last
    // weeks of the year), so that every late completion still falls before the as-of day.
    const skip = Math.floor(this.regular * 0.15);
    if (spread(this.k - skip, this.t.casesLate, this.regular - skip)) this.lateOwed++;
    this.k++;
    const isInstant = (i: ItemVersion) => i.kind === 'instant' || i.promisedLimit === 0;
    let item = drawItem();
    for (let tries = 0; this.lateOwed > 0 && isInstant(item) && tries < 100; tries++) item = drawItem();
    const channelX = rng.next();
    const channel = channelX < 0.55 ? 'window' : channelX < 0.9 ? 'online' : 'mobile';
    const who = applicant(rng, this.w.opts.year);
    const instant = isInstant(item);
    let acceptOn = instant || channel === 'window' ? (index.isWorkday(day) ? day : index.nextWorkdayOnOrAfter(day)) : index.addWorkdays(day, rng.int(0, 2));
    if (acceptOn > today) acceptOn = today;
    const steps: PlannedStep[] = [{ action: 'accept', on: acceptOn, actor: staff.clerk }];
    const late = !instant && this.lateOwed > 0;
    let used: number;
    if (instant) used = 0;
    else if (late) used = item.promisedLimit + rng.int(1, 5);
    else {
      const base = item.limitUnit === 'natural' ? Math.max(0, Math.floor(item.promisedLimit * 0.6)) : item.promisedLimit;
      // Error diffusion: the working days this case may use so that Σ used / Σ legal tracks the target.
      const want = workdayLegal(item) ? Math.round((1 - this.t.statutorySpeedupRate) * (this.legalSum + item.legalLimit) - this.usedSum) : Math.floor(rng.next() * rng.next() * (base + 1));
      used = Math.max(0, Math.min(base, want));
    }
    let decideOn = index.addWorkdays(acceptOn, used);
    if (decideOn > today) {
      if (late) throw new Error(`replay: a late case accepted ${acceptOn} would complete after ${today}`);
      decideOn = today;
    }
    // 绿色通道 (帮代办 / 上门办): a quota spread evenly over the year's regular cases.
    const green = spread(this.k - 1, this.t.greenChannelCases, this.regular) ? GREEN_CHANNEL_MODES[this.greenDone++ % GREEN_CHANNEL_MODES.length] : null;
    if (late) {
      this.lateOwed--;
      this.lateDone++;
    }
    if (workdayLegal(item)) {
      this.legalSum += item.legalLimit;
      this.usedSum += index.workdaysBetween(acceptOn, decideOn);
    }
    steps.push({ action: 'approve', on: decideOn, actor: staff.reviewer });
    steps.push({ action: 'complete', on: decideOn, actor: staff.clerk, deliveryMethod: channel === 'window' ? rng.pick(['窗口领取', '电子证照', '邮寄'] as const) : rng.pick(['电子证照', '邮寄'] as const) });
    return { item, channel, applicant: who, applicantUserId: null, submittedAt, createdBy: channel === 'window' ? staff.clerk : staff.citizen, steps, greenChannel: green };
  }

  /**
   * A case still open on the as-of day: accepted, its promised due date the next working day (near due: a
   * yellow card) or at least three working days ahead (no card).
   */
  planOpen(item: ItemVersion, nearDue: boolean): PlannedCase {
    const { rng, index, staff, today } = this.w;
    const acceptOn = nearDue ? index.addWorkdays(index.addWorkdays(today, 1), -item.promisedLimit) : today;
    return {
      item,
      channel: 'window',
      applicant: applicant(rng, this.w.opts.year),
      applicantUserId: null,
      submittedAt: at(acceptOn, 9, rng.int(0, 59)),
      createdBy: staff.clerk,
      steps: [{ action: 'accept', on: acceptOn, actor: staff.clerk }],
    };
  }
}

/** The ratings by quota: defaults, cases rated twice (at the window and online), the 差评 and their loop. */
class RatingPlanner {
  private i = 0;
  private j = 0;
  private defaultsOwed = 0;
  private badOwed = 0;
  counts = { total: 0, defaults: 0, bad: 0 };
  private readonly defaults: number;
  private readonly doubles: number;
  private readonly clerk: { id: number; name: string } | null;
  private readonly windowOf = new Map<number, string>();

  constructor(
    private readonly w: World,
    private readonly t: ReplayTargets,
    private readonly completed: number,
    /** The clerk at each window (ratings name the window and its clerk: the 服务明星 candidates). */
    private readonly windowClerks: ReadonlyMap<string, { id: number; name: string }>,
  ) {
    this.defaults = t.evaluations - t.activeEvaluations;
    this.doubles = t.evaluations - completed;
    if (this.doubles < 0 || this.defaults + this.doubles > completed) throw new Error(`replay: ${t.evaluations} evaluations cannot rate ${completed} completed cases`);
    this.clerk = w.staff.clerk.id === null ? null : { id: w.staff.clerk.id, name: w.staff.clerk.name };
  }

  plan(cases: readonly BulkCaseResult[]): PlannedEvaluation[] {
    const out: PlannedEvaluation[] = [];
    for (const c of cases) if (c.status === 'completed' && c.completedOn) this.rate({ id: c.id, caseNo: c.caseNo, departmentId: c.departmentId, itemName: c.itemName, applicantName: c.applicantName, applicantUserId: c.applicantUserId, completedOn: c.completedOn }, out);
    return out;
  }

  private rate(rc: BulkRatedCase, out: PlannedEvaluation[]): void {
    const { rng, index, today, evalCfg } = this.w;
    // Each department's applications are taken at one window (a window serves one or two departments).
    let windowNo = this.windowOf.get(rc.departmentId);
    if (windowNo === undefined) this.windowOf.set(rc.departmentId, (windowNo = WINDOWS[this.windowOf.size % WINDOWS.length]));
    const clerk = this.windowClerks.get(windowNo) ?? this.clerk;
    // Defaults are spread over the first 90 % of the completed cases; one whose rating window is still open passes its turn on.
    if (spread(this.i, this.defaults, Math.floor(this.completed * 0.9))) this.defaultsOwed++;
    this.i++;
    const deadline = index.addWorkdays(rc.completedOn, evalCfg.ratingWindowWorkdays);
    if (this.defaultsOwed > 0 && deadline < today) {
      this.defaultsOwed--;
      this.counts.defaults++;
      this.counts.total++;
      out.push({ case: rc, channel: 'system', level: evalCfg.defaultLevel, isDefault: true, windowNo, clerk });
      return;
    }
    const level = () => {
      const x = rng.next();
      return x < 0.93 ? 5 : x < 0.99 ? 4 : 3;
    };
    const rated = this.completed - this.defaults;
    const double = spread(this.j, this.doubles, rated);
    // The 差评 among the first 90 % of the rated cases; one whose loop (verified, rectified, called back) would end after the as-of day passes its turn on.
    if (spread(this.j, this.t.validBadReviews, Math.floor(rated * 0.9))) this.badOwed++;
    this.j++;
    if (!double) {
      this.counts.total++;
      out.push({ case: rc, channel: 'window_device', level: level(), ratedOn: rc.completedOn, windowNo, clerk });
      return;
    }
    out.push({ case: rc, channel: 'window_device', level: level(), ratedOn: rc.completedOn, windowNo, clerk });
    let on = index.addWorkdays(rc.completedOn, rng.int(0, 2));
    if (on > deadline) on = deadline;
    if (on > today) on = today;
    const bad = this.badOwed > 0 && index.addWorkdays(on, 6) <= today;
    const pe: PlannedEvaluation = { case: rc, channel: rng.chance(0.7) ? 'sms' : 'web', level: bad ? rng.pick([1, 2]) : level(), ratedOn: on, windowNo, clerk, comment: bad ? '等候时间太长，材料被要求反复提交' : null };
    if (bad) {
      this.badOwed--;
      this.counts.bad++;
      pe.loop = this.rectified(on);
    }
    out.push(pe);
    this.counts.total += 2;
  }

  /** A 差评 found valid, rectified and called back (the report's 2 valid bad reviews, 2 rectified). */
  private rectified(ratedOn: string): PlannedLoopStep[] {
    const { index } = this.w;
    return [
      { action: 'verify', on: index.addWorkdays(ratedOn, 1), roles: ['supervisor'], verdict: 'valid', reason: '情况属实' },
      { action: 'rectify', on: index.addWorkdays(ratedOn, 4), roles: ['department_staff'], measures: '优化材料清单，实行一次性告知并加强培训' },
      { action: 'callback', on: index.addWorkdays(ratedOn, 6), roles: ['operator'], reached: true, satisfaction: 'satisfied' },
    ];
  }
}

/** One clerk account per hall window (A01 … A24), each with a department, created through the kernel's accounts. */
async function windowClerks(w: World): Promise<Map<string, { id: number; name: string }>> {
  const depts = (await w.ctx.services.org.all()).filter((d) => d.active);
  const out = new Map<string, { id: number; name: string }>();
  for (const [i, windowNo] of WINDOWS.entries()) {
    const name = personName(w.rng);
    const u = await w.ctx.auth.createUser(w.staff.admin, { username: `window${windowNo.toLowerCase()}`, name, password: `Replay-2022-${windowNo}-${w.rng.int(1e5, 1e6)}`, roles: ['clerk'], departmentId: depts[i % depts.length].id, windowNo });
    out.set(windowNo, { id: u.id, name });
  }
  return out;
}

export interface ReplayCaseCounts {
  received: number;
  open: number;
  late: number;
  evaluations: number;
  defaults: number;
  bad: number;
  /** Σ legal limits and Σ working days used of the completed cases with a working-day legal limit (法定提速率). */
  legalSum: number;
  usedSum: number;
  /** Cases received through the green channel (帮代办 / 上门办). */
  green: number;
}

/** Writes the replay's cases (with ratings, licenses and 监管任务) from 1 January to the as-of day. */
export async function writeReplayCases(w: World, t: ReplayTargets): Promise<ReplayCaseCounts> {
  const { index } = w;
  const regular = t.casesReceived - t.casesOpen;
  const cases = new CasePlanner(w, t, regular);
  const ratings = new RatingPlanner(w, t, regular, await windowClerks(w));
  w.progress.phase('cases', t.casesReceived);
  let plans: PlannedCase[] = [];
  let received = 0;
  let open = 0;
  const write = async () => {
    if (plans.length === 0) return;
    const batch = plans;
    plans = [];
    batch.sort((a, b) => (a.submittedAt < b.submittedAt ? -1 : a.submittedAt > b.submittedAt ? 1 : 0));
    const results = await w.sink.batch(async () => {
      const res = await bulkInsertCases(w.sink, { index, settings: w.ctx.services.cases.settings, regionCode: w.ctx.config.regionCode, today: w.today, nextSeq: (d) => w.seqs.next(`case:${d.replaceAll('-', '')}`) }, batch);
      const evals = ratings.plan(res);
      const r = await bulkInsertEvaluations(w.sink, { index, cfg: w.evalCfg, today: w.today }, evals);
      w.counts.evaluations += r.evaluations;
      w.counts.reviews += r.reviews;
      await writeIssues(w, batch, res);
      return res;
    });
    received += results.length;
    open += results.filter((r) => r.status !== 'completed').length;
    w.counts.cases += results.length;
    w.counts.openCases += results.filter((r) => r.status !== 'completed').length;
    await w.audit({ action: 'generator.cases_generated', subjectType: 'case_batch', subjectId: `${results[0].caseNo}…${results[results.length - 1].caseNo}`, after: { count: results.length, profile: 'shaodong-2022', scale: t.scale } });
    w.progress.set(received);
  };
  const counts = perDay(regular, w.days.map((d) => (index.isWorkday(d) ? 1 : 0.04)));
  // perDay may fall one short on its last remainder: the as-of day takes what is missing.
  counts[counts.length - 1] += regular - counts.reduce((a, b) => a + b, 0);
  // From the as-of day back to 1 January: the working days used are steered towards the 法定提速率 from the
  // cases with least room (decided by the as-of day) to those with most, so the first days can make up
  // what the last ones could not use.
  for (let di = w.days.length - 1; di >= 0; di--) {
    const day = w.days[di];
    const n = counts[di];
    for (let k = 0; k < n; k++) {
      const minute = Math.floor((k / Math.max(1, n)) * 480);
      const hour = 8 + Math.floor(minute / 60) + (minute >= 210 ? 1 : 0);
      plans.push(cases.plan(day, () => draw(w.itemDraw, w.rng), at(day, Math.min(hour, 17), minute % 60)));
      if (plans.length >= BATCH) await write();
    }
  }
  // The open cases: promised items on working days, due the next working day (near due) or later.
  const promised = w.itemDraw.items.filter((i) => i.kind !== 'instant' && i.limitUnit === 'workday' && i.promisedLimit >= 3);
  if (promised.length === 0) throw new Error('replay: the catalogue has no item promised in 3 or more working days');
  for (let k = 0; k < t.casesOpen; k++) plans.push(cases.planOpen(promised[k % promised.length], k < t.nearDue));
  await write();
  if (cases.greenDone !== t.greenChannelCases) throw new Error(`replay: ${cases.greenDone} green-channel cases planned, ${t.greenChannelCases} wanted`);
  if (cases.lateDone !== t.casesLate) throw new Error(`replay: ${cases.lateDone} late cases planned, ${t.casesLate} wanted`);
  return { received, open, late: cases.lateDone, evaluations: ratings.counts.total, defaults: ratings.counts.defaults, bad: ratings.counts.bad, legalSum: cases.legalSum, usedSum: cases.usedSum, green: cases.greenDone };
}
