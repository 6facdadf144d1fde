/**
 * The county-year generator (SPEC §5, issue #8): a full year at the seed report's volumes, deterministic
 * for a seed, written through the modules' own bulk paths (`cases.bulk.ts`, `evaluations.bulk.ts`,
 * `hotline.bulk.ts`), on SQLite or PostgreSQL, then the statistics roll-ups rebuilt by their own function.
 *
 *   onewindow generate --scale county-year|small|tiny [--year 2025] [--seed 1] [--db file:…|postgres://…]
 */
import { sql } from 'kysely';
import { buildApp, seedIfEmpty, type BuiltApp } from '../../app';
import { loadConfig } from '../../kernel/config';
import { FixedClock } from '../../kernel/clock';
import { recordAudit } from '../../kernel/audit/audit';
import { systemActor, type Actor } from '../../kernel/auth/actor';
import { computeIdCheckChar } from '../../kernel/validators/idcard';
import { modules } from '../../modules';
import type { WorkdayIndex } from '../../kernel/calendar';
import type { ItemVersion } from '../../shared/catalog.types';
import { bulkInsertBundleApps, bulkInsertCases, bundleIdOf, deferCasesIndexes, type BulkCaseResult, type Channel as CaseChannel, type PlannedBundleApp, type PlannedCase, type PlannedStep } from '../../modules/cases';
import { bulkInsertEvaluations, deferEvaluationsIndexes, type PlannedEvaluation } from '../../modules/evaluations';
import { bulkInsertHotline, deferHotlineIndexes, type PlannedCall, type PlannedOrder, type PlannedOrderStep } from '../../modules/hotline';
import { createBulkSink, type BulkSink } from '../../kernel/db/bulk-sink';
import { Progress } from './progress';
import { Rng } from './rng';

type Category = PlannedOrder['category'];

export type Scale = 'county-year' | 'small' | 'tiny';

/** Volumes of the seed report's year (≈600k cases, ≈1M evaluations, ≈63k work orders, ≈110 letters). */
export const SCALES: Record<Scale, { cases: number; orders: number; letters: number; badReviews: number; defaults: number }> = {
  'county-year': { cases: 600_000, orders: 63_000, letters: 110, badReviews: 12, defaults: 300 },
  small: { cases: 6_000, orders: 630, letters: 11, badReviews: 6, defaults: 30 },
  tiny: { cases: 600, orders: 63, letters: 3, badReviews: 3, defaults: 5 },
};

export interface GenerateOptions {
  scale: Scale;
  year: number;
  seed: number;
  /** DATABASE_URL form (file:… or postgres://…[?schema=]); default: the configured database. */
  databaseUrl?: string;
  progress?: boolean;
  /** Open cases at the end of the generated day for the sweep bench (default: the natural tail only). */
}

export interface GenerateReport {
  scale: Scale;
  year: number;
  seed: number;
  dialect: 'sqlite' | 'postgres';
  seconds: number;
  /** CPU time of this process (user + system): the figure that does not grow with other load on the machine. */
  cpuSeconds: number;
  rows: Record<string, number>;
  cases: number;
  openCases: number;
  evaluations: number;
  reviews: number;
  orders: number;
  calls: number;
  letters: number;
  rollup: { from: string; to: string; rows: number } | null;
  /** The generator's clock: end of the generated year (read the data "as of" this instant). */
  asOf: string;
}


const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力德成志国庆春梅林海燕晓东雪琴宏丹斌波';
const COMPANY = ['湘中', '邵东', '宝庆', '昭阳', '资江', '双清', '金龙', '廉桥', '火厂坪', '仙槎桥'];
const COMPANY_KIND = ['五金制品有限公司', '商贸有限公司', '药材专业合作社', '打火机厂', '建材经营部', '餐饮店', '箱包有限公司', '物流有限公司'];
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

function uscc(rng: Rng): string {
  let s = '91430582';
  for (let i = 0; i < 9; i++) s += USCC_CHARS[rng.int(0, 30)];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARS.indexOf(s[i]) * USCC_W[i];
  return s + USCC_CHARS[(31 - (sum % 31)) % 31];
}

function idNumber(rng: Rng, year: number): string {
  const by = year - rng.int(18, 75);
  const first17 = `430582${by}${String(rng.int(1, 12)).padStart(2, '0')}${String(rng.int(1, 28)).padStart(2, '0')}${String(rng.int(0, 999)).padStart(3, '0')}`;
  return first17 + computeIdCheckChar(first17);
}

const personName = (rng: Rng): string => rng.pick<string>(SURNAMES) + rng.pick<string>(GIVEN) + (rng.chance(0.6) ? rng.pick<string>(GIVEN) : '');
const mobile = (rng: Rng) => `1${rng.pick(['38', '39', '58', '59', '86', '87', '35', '36'])}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`;
const at = (day: string, hour: number, minute = 0) => new Date(`${day}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00+08:00`).toISOString();

/** Per-day counters of the kernel's `nextSequence` (case, bundle and order numbers), continued in memory. */
async function sequenceBook(built: BuiltApp) {
  const rows = await built.ctx.db.selectFrom('kernel_sequences').select(['name', 'value']).execute();
  const seq = new Map<string, number>(rows.map((r) => [String(r.name), Number(r.value)]));
  const touched = new Set<string>();
  return {
    next(name: string): number {
      const v = (seq.get(name) ?? 0) + 1;
      seq.set(name, v);
      touched.add(name);
      return v;
    },
    async save() {
      for (const name of touched) {
        const value = seq.get(name)!;
        await built.ctx.db
          .insertInto('kernel_sequences')
          .values({ name, value })
          .onConflict((oc) => oc.column('name').doUpdateSet({ value: sql`case when kernel_sequences.value > excluded.value then kernel_sequences.value else excluded.value end` }))
          .execute();
      }
      touched.clear();
    },
  };
}

function yearDays(year: number): string[] {
  const out: string[] = [];
  for (let d = new Date(Date.UTC(year, 0, 1)); d.getUTCFullYear() === year; d = new Date(d.getTime() + 86_400_000)) out.push(d.toISOString().slice(0, 10));
  return out;
}

interface Weighted<T> {
  items: T[];
  cum: number[];
}
function weighted<T>(items: T[], weight: (t: T, i: number) => number): Weighted<T> {
  const cum: number[] = [];
  let s = 0;
  items.forEach((t, i) => {
    s += weight(t, i);
    cum.push(s);
  });
  return { items, cum };
}
function draw<T>(w: Weighted<T>, rng: Rng): T {
  const x = rng.next() * w.cum[w.cum.length - 1];
  let lo = 0;
  let hi = w.cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (w.cum[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return w.items[lo];
}

const BATCH = 25_000;

/** Where the time goes (ONEWINDOW_GEN_DEBUG=1 prints it): planning, row building + inserts, audit. */
const timings = new Map<string, number>();
async function timed<T>(name: string, f: () => Promise<T>): Promise<T> {
  const t = performance.now();
  try {
    return await f();
  } finally {
    timings.set(name, (timings.get(name) ?? 0) + performance.now() - t);
  }
}

export async function generate(opts: GenerateOptions): Promise<GenerateReport> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const vol = SCALES[opts.scale];
  const env = { ...process.env, ONEWINDOW_JOBS: '0', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', ONEWINDOW_SQLITE_SYNCHRONOUS: 'NORMAL' } as Record<string, string | undefined>;
  if (opts.databaseUrl) env.DATABASE_URL = opts.databaseUrl;
  const config = loadConfig(env);
  if (config.env === 'production') throw new Error('refusing to generate demo data when NODE_ENV=production');
  const asOf = `${opts.year}-12-31T18:00:00+08:00`;
  const clock = new FixedClock(asOf);
  const progress = new Progress(opts.progress !== false);
  progress.phase('build');
  const built = await buildApp({ config, clock, modules, serveWeb: false });
  try {
    progress.phase('seed');
    await seedIfEmpty(built);
    const { ctx } = built;
    const index: WorkdayIndex = ctx.calendar.current;
    const today = `${opts.year}-12-31`;
    const rng = new Rng(opts.seed);
    const sink = createBulkSink(built.opened);
    // A bulk load touches every index of wide tables: a large page cache keeps the index pages in memory
    // instead of spilling them to the WAL between statements (the default is 2 MB).
    if (built.opened.sqlite) built.opened.sqlite.pragma('cache_size = -262144');
    await deferCasesIndexes(sink);
    await deferEvaluationsIndexes(sink);
    await deferHotlineIndexes(sink);
    const seqs = await sequenceBook(built);
    const sys = systemActor('generator');

    // --- who and what ----------------------------------------------------------------------------
    const users = await ctx.db.selectFrom('kernel_users').select(['id', 'username', 'name']).execute();
    const user = (u: string) => {
      const r = users.find((x) => x.username === u);
      return { id: r ? Number(r.id) : null, name: (r?.name as string) ?? u };
    };
    const clerk = user('clerk');
    const reviewer = user('reviewer');
    const leader = user('leader');
    const operator = user('operator');
    const citizen = user('citizen');
    const clerkRef = clerk.id === null ? null : { id: clerk.id, name: clerk.name };
    const catalog = ctx.services.catalog;
    const codes: string[] = [];
    for (let page = 1; ; page++) {
      const r = await catalog.list({ page, pageSize: 100 });
      codes.push(...r.items.map((i) => i.code));
      if (r.items.length < 100 || codes.length >= r.total) break;
    }
    const items: ItemVersion[] = [];
    for (const code of codes.sort()) {
      const v = await catalog.getPublished(code);
      if (v && v.applicationBased && v.status === 'published') items.push(v);
    }
    if (items.length === 0) throw new Error('the catalogue has no published application-based items: seed it first');
    // A few items carry most of the volume (社保, 医保, 不动产, 营业执照 …): Zipf-like weights.
    const itemDraw = weighted(items, (_t, i) => 1 / Math.pow(i + 1, 0.9));
    const shuffled = rng.shuffle([...items]);
    itemDraw.items = shuffled;
    const bundlesSvc = ctx.services.bundles;
    const bundleDefs: { id: number; items: ItemVersion[] }[] = [];
    {
      const promised = items.filter((i) => i.kind !== 'instant');
      const admin: Actor = { kind: 'user', id: user('admin').id, username: 'admin', name: '管理员', roles: ['admin'], departmentId: null };
      for (let b = 0; b < 3 && promised.length >= 2; b++) {
        const pair = [promised[(b * 7) % promised.length], promised[(b * 7 + 3) % promised.length]];
        if (pair[0].departmentId === pair[1].departmentId && pair[0].code === pair[1].code) continue;
        const code = `GEN-YJS-${b + 1}`;
        await bundlesSvc.define(admin, { code, name: ['开办餐饮店', '新生儿出生', '不动产登记及水电气过户'][b], itemCodes: pair.map((p) => p.code) });
        bundleDefs.push({ id: await bundleIdOf(ctx.db, code), items: pair });
      }
    }
    const evalCfg = await ctx.services.evaluations.config();
    const hotlineCfg = await ctx.services.hotline.config();
    const units = (await ctx.services.org.all()).filter((d) => d.hotlineUnit && d.active);

    // --- cases by day ----------------------------------------------------------------------------
    const days = yearDays(opts.year);
    const dayWeight = days.map((d) => (index.isWorkday(d) ? 1 : 0.04));
    const totalWeight = dayWeight.reduce((a, b) => a + b, 0);
    // Cases per day (deterministic rounding carried over so the year sums to the volume).
    const perDay: number[] = [];
    let carry = 0;
    for (const w of dayWeight) {
      const exact = (vol.cases * w) / totalWeight + carry;
      const n = Math.floor(exact);
      carry = exact - n;
      perDay.push(n);
    }
    const windows = Array.from({ length: 24 }, (_v, i) => `A${String(i + 1).padStart(2, '0')}`);
    const addWd = (d: string, n: number) => index.addWorkdays(d, n);
    const report = { cases: 0, openCases: 0, evaluations: 0, reviews: 0, orders: 0, calls: 0, letters: 0 };
    let badLeft = vol.badReviews;
    let defaultsLeft = vol.defaults;
    const completedCount = Math.round(vol.cases * 0.94);
    const badEvery = Math.max(1, Math.floor(completedCount / (vol.badReviews + 1)));
    const defaultEvery = Math.max(1, Math.floor(completedCount / (vol.defaults + 1)));
    let completedSeen = 0;

    progress.phase('cases', vol.cases);
    let plans: PlannedCase[] = [];
    let pendingBundles: { app: PlannedBundleApp; cases: PlannedCase[] }[] = [];

    const flush = async () => {
      if (plans.length === 0 && pendingBundles.length === 0) return;
      const batchPlans = plans;
      const batchBundles = pendingBundles;
      plans = [];
      pendingBundles = [];
      const results = await timed('cases.batch', () => sink.batch(async () => {
        const apps = await bulkInsertBundleApps(sink, { regionCode: config.regionCode, nextBundleSeq: (d) => seqs.next(`bundle:${d.replaceAll('-', '')}`) }, batchBundles.map((b) => b.app));
        const all = [...batchPlans];
        batchBundles.forEach((b, i) => {
          for (const c of b.cases) all.push({ ...c, bundleAppId: apps[i].id });
        });
        // Case numbers follow submission order within a day, as intake would hand them out.
        all.sort((a, b) => (a.submittedAt < b.submittedAt ? -1 : a.submittedAt > b.submittedAt ? 1 : 0));
        const res = await timed('cases.bulk', () => bulkInsertCases(sink, { index, settings: ctx.services.cases.settings, regionCode: config.regionCode, today, nextSeq: (d) => seqs.next(`case:${d.replaceAll('-', '')}`) }, all));
        const evals = await timed('evaluations.plan', async () => planEvaluations(res));
        const r = await timed('evaluations.bulk', () => bulkInsertEvaluations(sink, { index, cfg: evalCfg, today }, evals));
        report.evaluations += r.evaluations;
        report.reviews += r.reviews;
        return res;
      }));
      report.cases += results.length;
      report.openCases += results.filter((r) => !['completed', 'rejected', 'withdrawn'].includes(r.status)).length;
      await ctx.db.transaction().execute((tx) =>
        recordAudit(tx, clock, sys, {
          action: 'generator.cases_generated',
          subjectType: 'case_batch',
          subjectId: `${results[0].caseNo}…${results[results.length - 1].caseNo}`,
          after: { count: results.length, scale: opts.scale, seed: opts.seed },
        }),
      );
      progress.set(report.cases);
    };

    const planEvaluations = (res: BulkCaseResult[]): PlannedEvaluation[] => {
      const out: PlannedEvaluation[] = [];
      for (const c of res) {
        if (c.status !== 'completed' || !c.completedOn) continue;
        completedSeen++;
        const rc = { id: c.id, caseNo: c.caseNo, departmentId: c.departmentId, itemName: c.itemName, applicantName: c.applicantName, applicantUserId: c.applicantUserId, completedOn: c.completedOn };
        const deadline = ratingDeadlineOf(c.completedOn);
        const ratedOn = () => {
          const d = addWd(c.completedOn!, rng.int(0, 2));
          return d > deadline ? deadline : d > today ? today : d;
        };
        const windowNo = rng.pick(windows);
        if (defaultsLeft > 0 && completedSeen % defaultEvery === 0 && deadline < today) {
          defaultsLeft--;
          out.push({ case: rc, channel: 'system', level: evalCfg.defaultLevel, isDefault: true, windowNo, clerk: clerkRef });
          continue;
        }
        const level = () => {
          const x = rng.next();
          return x < 0.93 ? 5 : x < 0.99 ? 4 : 3;
        };
        // 一次一评 at the window device for almost every case, 一事一评 online (SMS link, web) for most.
        if (rng.chance(0.93)) out.push({ case: rc, channel: 'window_device', level: level(), ratedOn: c.completedOn, windowNo, clerk: clerkRef });
        if (rng.chance(0.78)) {
          const bad = badLeft > 0 && completedSeen % badEvery === 0;
          const on = ratedOn();
          const pe: PlannedEvaluation = { case: rc, channel: rng.chance(0.7) ? 'sms' : 'web', level: bad ? rng.pick([1, 2]) : level(), ratedOn: on, windowNo, clerk: clerkRef, comment: bad ? '等候时间太长，材料被要求反复提交' : null };
          if (bad) {
            badLeft--;
            pe.loop = loopFor(badLeft, on);
          }
          out.push(pe);
        }
      }
      return out;
    };
    const ratingDeadlineOf = (completedOn: string) => addWd(completedOn, evalCfg.ratingWindowWorkdays);
    // Bad reviews in every loop state: closed invalid, appealed, rectifying, waiting for the callback, closed.
    const loopFor = (k: number, ratedOn: string) => {
      const d = (n: number) => {
        const x = addWd(ratedOn, n);
        return x > today ? today : x;
      };
      const shape = k % 5;
      if (shape === 0) return [{ action: 'verify' as const, on: d(1), roles: ['supervisor' as const], verdict: 'invalid' as const, reason: '经调取录像核实，与办事无关的误评' }];
      const valid = { action: 'verify' as const, on: d(1), roles: ['supervisor' as const], verdict: 'valid' as const, reason: '情况属实' };
      if (shape === 1) return [valid, { action: 'appeal' as const, on: d(2), roles: ['rated_clerk' as const], reason: '当日系统故障，已向群众说明' }];
      if (shape === 2) return [valid];
      const rectify = { action: 'rectify' as const, on: d(4), roles: ['department_staff' as const], measures: '优化材料清单，实行一次性告知并加强培训' };
      if (shape === 3) return [valid, rectify];
      return [valid, rectify, { action: 'callback' as const, on: d(6), roles: ['operator' as const], reached: true, satisfaction: 'satisfied' as const }];
    };

    const planCase = (day: string, item: ItemVersion, channel: CaseChannel, submittedAt: string, applicant: PlannedCase['applicant'], applicantUserId: number | null): PlannedCase => {
      const createdBy = channel === 'window' ? clerk : applicantUserId !== null ? citizen : clerk;
      const steps: PlannedStep[] = [];
      const push = (s: PlannedStep) => {
        if (s.on <= today) steps.push(s);
        return s.on <= today;
      };
      const instant = item.kind === 'instant' || item.promisedLimit === 0;
      const x = rng.next();
      if (x < 0.004) {
        push({ action: 'withdraw', on: addWd(day, rng.int(0, 1)), actor: createdBy, reason: '申请人撤回' });
        return { item, channel, applicant, applicantUserId, submittedAt, createdBy, steps };
      }
      if (x < 0.014) {
        push({ action: 'reject', on: addWd(day, rng.int(0, 2)), actor: clerk, reason: '不属于本机关职权范围，已告知向有关行政机关申请' });
        return { item, channel, applicant, applicantUserId, submittedAt, createdBy, steps };
      }
      let acceptOn = channel === 'window' ? day : addWd(day, rng.int(0, 2));
      if (!instant && rng.chance(0.03)) {
        const corr = addWd(day, rng.int(0, 1));
        if (!push({ action: 'request_correction', on: corr, actor: clerk, missing: [item.materials[0]?.name ?? '申请书'] })) return { item, channel, applicant, applicantUserId, submittedAt, createdBy, steps };
        const sup = addWd(corr, rng.int(1, 3));
        if (!push({ action: 'supplement', on: sup, actor: createdBy })) return { item, channel, applicant, applicantUserId, submittedAt, createdBy, steps };
        acceptOn = sup;
      }
      if (instant) acceptOn = index.isWorkday(day) ? day : index.nextWorkdayOnOrAfter(day);
      if (acceptOn < day) acceptOn = day;
      if (!push({ action: 'accept', on: acceptOn, actor: clerk })) return { item, channel, applicant, applicantUserId, submittedAt, createdBy, steps };
      let cursor = acceptOn;
      let limit = instant ? 0 : item.promisedLimit;
      const natural = item.limitUnit === 'natural';
      if (!instant && rng.chance(0.015)) {
        const s = addWd(acceptOn, rng.int(1, Math.max(1, Math.min(3, limit))));
        if (!push({ action: 'suspend', on: s, actor: reviewer, reason: rng.pick(['检验', '检测', '鉴定', '专家评审', '听证']) })) return { item, channel, applicant, applicantUserId, submittedAt, createdBy, steps };
        const r = addWd(s, rng.int(3, 15));
        if (!push({ action: 'resume', on: r, actor: reviewer })) return { item, channel, applicant, applicantUserId, submittedAt, createdBy, steps };
        // The clock moved by the suspended working days: keep the completion inside the moved limit.
        limit += index.workdaysBetween(s, r);
        cursor = r;
      }
      if (!instant && rng.chance(0.003) && item.legalLimit > 0) {
        const e = addWd(cursor, 1);
        if (!push({ action: 'extend', on: e, actor: leader, days: Math.min(10, item.extensionAllowance ?? 10) || 1, reason: '需现场核查，经负责人批准延长' })) return { item, channel, applicant, applicantUserId, submittedAt, createdBy, steps };
        cursor = e;
      }
      // Completion: mostly well inside the promised limit, ≈0.8 % after it (the late ones raise red cards).
      const late = !instant && rng.chance(0.008);
      const base = natural ? Math.max(0, Math.floor(limit * 0.6)) : limit;
      const used = instant ? 0 : late ? limit + rng.int(1, 5) : Math.min(base, Math.floor(rng.next() * rng.next() * (base + 1)));
      let decideOn = addWd(acceptOn, used);
      if (decideOn < cursor) decideOn = cursor;
      const deny = !instant && rng.chance(0.003);
      if (!push({ action: deny ? 'deny' : 'approve', on: decideOn, actor: reviewer, reason: deny ? '申请事项不符合法定条件' : undefined })) return { item, channel, applicant, applicantUserId, submittedAt, createdBy, steps };
      const delivery = channel === 'window' ? rng.pick(['窗口领取', '窗口领取', '电子证照', '邮寄'] as const) : rng.pick(['电子证照', '邮寄'] as const);
      push({ action: 'complete', on: decideOn, actor: clerk, deliveryMethod: delivery });
      return { item, channel, applicant, applicantUserId, submittedAt, createdBy, steps };
    };

    let planned = 0;
    const planStart = performance.now();
    for (let di = 0; di < days.length; di++) {
      const day = days[di];
      const n = perDay[di];
      for (let k = 0; k < n; k++) {
        const minute = Math.floor((k / Math.max(1, n)) * 480);
        const hour = 8 + Math.floor(minute / 60) + (minute >= 210 ? 1 : 0);
        const submittedAt = at(day, Math.min(hour, 17), minute % 60);
        const channelX = rng.next();
        const channel: CaseChannel = channelX < 0.55 ? 'window' : channelX < 0.9 ? 'online' : 'mobile';
        const org = rng.chance(0.22);
        const applicant = org
          ? { type: 'organization' as const, name: `邵东市${rng.pick(COMPANY)}${rng.pick(COMPANY_KIND)}`, idNumber: uscc(rng), phone: mobile(rng) }
          : { type: 'person' as const, name: personName(rng), idNumber: idNumber(rng, opts.year), phone: rng.chance(0.95) ? mobile(rng) : null };
        const userId = channel !== 'window' && citizen.id !== null && rng.chance(0.02) ? citizen.id : null;
        if (bundleDefs.length > 0 && rng.chance(0.004)) {
          const b = rng.pick(bundleDefs);
          const cases = b.items.map((it) => planCase(day, it, channel, submittedAt, applicant, userId));
          pendingBundles.push({ app: { bundleId: b.id, items: b.items, channel, applicant, applicantUserId: userId, submittedAt, createdBy: channel === 'window' ? clerk : citizen }, cases });
          k += cases.length - 1;
          continue;
        }
        const item = draw(itemDraw, rng);
        plans.push(planCase(day, item, channel, submittedAt, applicant, userId));
        planned++;
        if (plans.length >= BATCH) await flush();
      }
    }
    await flush();
    timings.set('cases.total', performance.now() - planStart);
    void planned;

    // --- hotline -----------------------------------------------------------------------------------
    if (units.length > 0) {
      progress.phase('hotline', vol.orders);
      const catW = weighted<Category>(['consult', 'help', 'complaint', 'report', 'suggestion', 'praise'], (_c, i) => [45, 20, 22, 4, 7, 2][i]);
      const orderPerDay = days.map((d) => (index.isWorkday(d) ? 1 : 0.6));
      const ow = orderPerDay.reduce((a, b) => a + b, 0);
      let orders: PlannedOrder[] = [];
      let calls: PlannedCall[] = [];
      let lettersLeft = vol.letters;
      const letterEvery = Math.max(1, Math.floor(vol.orders / (vol.letters + 1)));
      let made = 0;
      let oc = 0;
      const flushOrders = async () => {
        if (orders.length === 0 && calls.length === 0) return;
        const o = orders;
        const k = calls;
        orders = [];
        calls = [];
        const r = await sink.batch(() => bulkInsertHotline(sink, { index, cfg: hotlineCfg, nextOrderSeq: (d) => seqs.next(`hotline.order.${d}`) }, o, k));
        report.orders += r.orders;
        report.calls += r.calls;
        report.letters += r.letters;
        await ctx.db.transaction().execute((tx) =>
          recordAudit(tx, clock, sys, { action: 'generator.workorders_generated', subjectType: 'workorder_batch', subjectId: `${report.orders - r.orders + 1}…${report.orders}`, after: { orders: r.orders, calls: r.calls, letters: r.letters, seed: opts.seed } }),
        );
        progress.set(report.orders);
      };
      carry = 0;
      for (let di = 0; di < days.length; di++) {
        const day = days[di];
        const exact = (vol.orders * orderPerDay[di]) / ow + carry;
        const n = Math.floor(exact);
        carry = exact - n;
        for (let k = 0; k < n; k++) {
          made++;
          const letter = lettersLeft > 0 && made % letterEvery === 0;
          const created = at(day, 8 + Math.floor((k / Math.max(1, n)) * 12), rng.int(0, 59));
          const category = letter ? rng.pick(['complaint', 'suggestion', 'help'] as Category[]) : draw(catW, rng);
          const channel = letter ? 'mailbox' : rng.chance(0.82) ? 'phone' : rng.chance(0.55) ? 'web' : 'mobile';
          const urgent = rng.chance(0.01);
          const steps: PlannedOrderStep[] = [];
          const t = (base: string, hours: number) => new Date(new Date(base).getTime() + hours * 3_600_000).toISOString();
          const within = (s: string) => s <= at(today, 18);
          const direct = !letter && category === 'consult' && rng.chance(0.65);
          if (direct) {
            steps.push({ action: 'answer', at: t(created, 0.1), content: '已根据知识库答复来电人', actor: operator });
          } else {
            const unit = rng.pick(units);
            const dispatched = t(created, rng.int(1, 4) / 2);
            const limitDays = hotlineCfg.finishWorkdays[category];
            const signed = t(dispatched, rng.int(1, 6));
            const late = rng.chance(0.03);
            const replyDay = late ? addWd(dispatched.slice(0, 10), limitDays + rng.int(1, 3)) : addWd(dispatched.slice(0, 10), rng.int(0, Math.max(0, limitDays - 1)));
            let replied = at(replyDay, 15, rng.int(0, 59));
            if (replied <= signed) replied = t(signed, 1);
            const cb = t(replied, 24 * rng.int(1, 2));
            const plan: PlannedOrderStep[] = [
              { action: 'dispatch', at: dispatched, unitId: unit.id, actor: operator },
              { action: 'sign', at: signed, actor: { id: null, name: unit.name } },
              { action: 'reply', at: replied, content: `${unit.name}已办理并答复：${letter ? '来信反映问题已核实处理' : '诉求已办理完毕'}`, actor: { id: null, name: unit.name } },
            ];
            const reached = rng.chance(0.9);
            plan.push(reached ? { action: 'callback', at: cb, reached: true, result: rng.chance(0.92) ? 'satisfied' : 'basically', actor: operator } : { action: 'callback', at: cb, reached: false, actor: operator });
            if (!reached) plan.push({ action: 'close', at: t(cb, 2), actor: operator });
            for (const s of plan) {
              if (!within(s.at)) break;
              steps.push(s);
            }
          }
          const order: PlannedOrder = {
            channel,
            category,
            urgency: urgent && !direct ? 'urgent' : 'normal',
            content: letter ? '市长您好：我们小区门前道路破损多年，雨天积水严重，希望有关部门尽快维修。' : `${personName(rng)}来电反映：${['咨询社保卡补办流程', '反映噪音扰民', '求助办理低保', '投诉商家拒绝退款', '建议增设公交站点'][rng.int(0, 4)]}`,
            citizen: { name: personName(rng), phone: mobile(rng) },
            createdAt: created,
            createdBy: letter ? { id: null, name: '市长信箱' } : operator,
            steps,
            letter: letter ? { queryCode: `GX${opts.seed % 100}${String(made).padStart(7, '0')}`.slice(0, 20), title: '关于小区门前道路维修的建议', publishConsent: rng.chance(0.5) } : undefined,
          };
          if (urgent && !direct) {
            // Urgent orders are on a 24-hour clock: plan the reply inside it (the KPI stays honest).
            order.steps = order.steps.map((s) => (s.action === 'reply' ? { ...s, at: new Date(Math.min(new Date(s.at).getTime(), new Date(created).getTime() + 20 * 3_600_000)).toISOString() } : s));
            order.steps.sort((a, b) => (a.at < b.at ? -1 : 1));
            if (order.steps.findIndex((s) => s.action === 'reply') < order.steps.findIndex((s) => s.action === 'sign')) order.urgency = 'normal';
          }
          if (letter) lettersLeft--;
          orders.push(order);
          oc++;
          if (channel === 'phone') {
            calls.push({ startedAt: t(created, -0.05), answered: true, waitSeconds: rng.int(2, 40), durationSeconds: rng.int(60, 600), callerPhone: order.citizen.phone, operatorId: operator.id, orderIndex: orders.length - 1 });
            // Abandoned and repeat calls that made no order: connect rate below 100 %.
            if (rng.chance(0.25)) calls.push({ startedAt: t(created, -0.5), answered: rng.chance(0.85), waitSeconds: rng.int(5, 90), durationSeconds: null, callerPhone: order.citizen.phone, operatorId: operator.id });
          }
          if (orders.length >= 5000) await flushOrders();
        }
      }
      await flushOrders();
      void oc;
    }
    await seqs.save();
    await sink.finish();

    // --- roll-ups ----------------------------------------------------------------------------------
    progress.phase('rollup');
    const caseKpis = ctx.services.caseKpis;
    const rollup = caseKpis ? await caseKpis.rollup({ full: true }) : null;
    // The year was written by the bulk paths, past every write's dirty mark: the KPI roll-ups start over.
    await ctx.services.evaluations.rollupDaily({ full: true });
    await ctx.services.hotline.rollupDaily({ full: true });
    if (built.opened.dialect === 'sqlite') built.opened.sqlite!.exec('analyze');
    else await sql`analyze`.execute(ctx.db);
    progress.done();
    if (process.env.ONEWINDOW_GEN_DEBUG) console.error(Object.fromEntries([...timings, ...[...sink.spent].map(([k, v]) => [`insert.${k}`, v] as const)].map(([k, v]) => [k, Math.round(v)])));
    return {
      scale: opts.scale,
      year: opts.year,
      seed: opts.seed,
      dialect: built.opened.dialect,
      seconds: (performance.now() - t0) / 1000,
      cpuSeconds: ((c) => (c.user + c.system) / 1e6)(process.cpuUsage(cpu0)),
      rows: Object.fromEntries(sink.written),
      ...report,
      rollup,
      asOf,
    };
  } finally {
    progress.done();
    await built.close();
  }
}

export type { BulkSink };
