/**
 * Demo data (SPEC §5): 跨省通办 partner regions, 一件事一次办 bundles from bundles-sample.md built on items
 * that exist in the demo catalogue, and cases from June 2026 to today in every state (late ones, suspended
 * ones, bundles, deemed acceptances). Everything goes through CasesService / BundlesService with a clock
 * that walks through the months, so the rows obey exactly the rules the API enforces. Deterministic.
 */
import { sql } from 'kysely';
import type { CasesNeedsContext } from './cases.context';
import type { Actor } from '../../kernel/auth/actor';
import { systemActor } from '../../kernel/auth/actor';
import { parseRoles } from '../../kernel/auth/auth.service';
import { tablesOf } from '../../kernel/kernel.tables';
import type { CasesTables } from './cases.tables';
import { shanghaiDate } from '../../kernel/clock';
import { computeIdCheckChar, computeOrgCodeCheckChar, computeUsccCheckChar } from '../../kernel/validators';
import type { CrossProvinceMode, ItemSummary, ItemVersion } from '../../shared/catalog.types';
import { CasesService, type ApplicantInput } from './cases.service';
import { BundlesService } from './bundles.service';
import { loadCasesSettings } from './cases.settings';
import { DELIVERY_METHODS, SUSPEND_REASONS } from './cases.rules';
import { mulberry32 } from '../../shared/random';


const SURNAMES = ['李', '王', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗', '曾', '邓', '谢', '唐', '彭', '肖', '伍', '申', '宁', '邹'];
const GIVEN = ['建国', '秀英', '小明', '丽华', '志强', '海燕', '国平', '春梅', '伟', '芳', '勇', '娟', '俊杰', '雨涵', '子轩', '梓涵', '红梅', '德华', '桂英', '文斌', '湘', '邵华', '立新', '玉兰'];
const COMPANIES = ['邵东市湘味餐饮有限公司', '邵东市廉桥药材贸易有限公司', '邵东市五金工具制造有限公司', '邵东市宏达打火机厂', '邵东市佳美箱包有限公司', '邵东市百姓大药房', '邵东市新华书店经营部', '邵东市绿源农业专业合作社'];

/** Partner regions where many 邵东 people work (SPEC §5), with the 跨省通办 items agreed with them. */
const PARTNERS = [
  { regionCode: '441900', agreedOn: '2026-01-15', name: '广东省东莞市', province: '广东省', contact: '东莞市政务服务数据管理局 跨省通办专窗' },
  { regionCode: '330782', agreedOn: '2026-02-26', name: '浙江省义乌市', province: '浙江省', contact: '义乌市行政服务中心 跨省通办专窗' },
  { regionCode: '440306', agreedOn: '2026-03-18', name: '广东省深圳市宝安区', province: '广东省', contact: '宝安区政务服务中心' },
  { regionCode: '320583', agreedOn: '2026-04-22', name: '江苏省昆山市', province: '江苏省', contact: '昆山市政务服务中心' },
];

/**
 * bundles-sample.md themes, each item found by a name pattern in the demo catalogue. Patterns are `new RegExp` strings, which the bundler
 * escapes (it leaves regular-expression literals as typed): the server bundle stays one-byte (docs/operations.md, "Memory").
 */
const BUNDLES: Array<{ code: string; name: string; description: string; promisedDays: number | null; items: RegExp[] }> = [
  {
    code: 'YJS-XSECS',
    name: '新生儿出生一件事',
    description: '出生医学证明、预防接种证、出生登记（落户）、社会保障卡、城乡居民医保参保一次申请、一套材料（来源：湖南省“高效办成一件事”43PCN0009）',
    promisedDays: 5,
    items: [new RegExp('^出生医学证明首次签发$'), new RegExp('^预防接种证办理$'), new RegExp('^出生登记$'), new RegExp('^社会保障卡申领'), new RegExp('^城乡居民参保登记$')],
  },
  {
    code: 'YJS-KBCYD',
    name: '开办餐饮店一件事',
    description: '营业执照、食品经营许可、户外招牌设置、公众聚集场所营业前消防安全检查一窗受理、并联审批（来源：开办餐饮店“一件事”流程再造方案）',
    promisedDays: 10,
    items: [new RegExp('个体工商户设立登记'), new RegExp('^食品经营许可（餐饮服务）新办$'), new RegExp('户外招牌'), new RegExp('^公众聚集场所投入使用、营业前消防安全检查$')],
  },
  {
    code: 'YJS-QYZX',
    name: '企业注销登记一件事',
    description: '企业注销登记、税务注销、社会保险登记注销、企业印章注销一表申请、同步办理（来源：兴隆县企业注销登记“一件事”）',
    promisedDays: 10,
    items: [new RegExp('^企业注销登记$'), new RegExp('^税务注销$'), new RegExp('^注销社会保险登记$'), new RegExp('^企业印章注销$')],
  },
  {
    code: 'YJS-KCS',
    name: '开办超市、便利店一件事',
    description: '营业执照、食品经营许可、公共场所卫生许可一次办（来源：我要开商场超市）',
    promisedDays: 10,
    items: [new RegExp('个体工商户设立登记'), new RegExp('^食品经营许可（餐饮服务）新办$'), new RegExp('^公共场所卫生许可（新办）$')],
  },
];

export async function seedCases(ctx: CasesNeedsContext): Promise<void> {
  const catalog = ctx.services.catalog;
  // Test apps run with a catalogue fake that lists nothing: there is nothing to file cases against.
  if (!catalog.list) return;
  const org = ctx.services.org;

  // A clock the seed moves through the months; the services see it as "now".
  let nowMs = ctx.clock.now().getTime();
  const realToday = shanghaiDate(ctx.clock.now());
  const seedCtx: CasesNeedsContext = { ...ctx, clock: { now: () => new Date(nowMs) } };
  const setTime = (date: string, hour: number, minute = 0) => {
    nowMs = new Date(`${date}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00+08:00`).getTime();
  };
  const cases = new CasesService(seedCtx, loadCasesSettings(), { silent: true });
  const bundles = new BundlesService(seedCtx, cases);

  const all: ItemSummary[] = [];
  for (let page = 1; ; page++) {
    const r = await catalog.list({ page, pageSize: 100 });
    all.push(...r.items);
    if (r.items.length < 100 || all.length >= r.total) break;
  }
  const byPattern = (re: RegExp) => all.find((i) => re.test(i.name));
  const versions = new Map<string, ItemVersion>();
  const versionOf = async (code: string) => {
    if (!versions.has(code)) versions.set(code, (await catalog.getPublished(code))!);
    return versions.get(code)!;
  };

  const users = await tablesOf<CasesTables>(ctx.db).selectFrom('kernel_users').select(['id', 'username', 'name', 'roles', 'department_id']).execute();
  const userActor = (username: string): Actor => {
    const u = users.find((x) => x.username === username);
    if (!u) return { ...systemActor(`seed:${username}`), roles: [username === 'leader' ? 'leader' : username === 'clerk' ? 'clerk' : 'admin'] };
    return { kind: 'user', id: Number(u.id), username: u.username, name: u.name, roles: parseRoles(u.roles), departmentId: u.department_id === null ? null : Number(u.department_id) };
  };
  const admin = userActor('admin');
  const clerk = userActor('clerk');
  const leader = userActor('leader');
  const citizen = userActor('citizen');
  const demoReviewer = userActor('reviewer');
  const reviewerFor = async (departmentId: number): Promise<Actor> => {
    if (demoReviewer.departmentId === departmentId) return demoReviewer;
    const d = await org.byId(departmentId);
    return { kind: 'system', id: null, username: `seed:reviewer:${departmentId}`, name: `${d?.shortName ?? '部门'}审批员`, roles: ['reviewer'], departmentId };
  };

  // --- partner regions -----------------------------------------------------------------------------
  setTime('2026-05-20', 9);
  const crossItems = all.filter((i) => i.applicationBased && i.crossProvinceModes.length > 0).slice(0, 12);
  for (const [n, p] of PARTNERS.entries()) {
    const items = crossItems.filter((_, i) => (i + n) % 4 !== 3).map((i) => ({ itemCode: i.code, modes: i.crossProvinceModes.includes('proxy') ? (['proxy', 'full_online'] as CrossProvinceMode[]).filter((m) => i.crossProvinceModes.includes(m)) : i.crossProvinceModes }));
    if (items.length > 0) await bundles.upsertPartner(admin, { ...p, items });
  }

  // --- bundles -------------------------------------------------------------------------------------
  const definedBundles: string[] = [];
  for (const b of BUNDLES) {
    const codes = [...new Set(b.items.map((re) => byPattern(re)?.code).filter((c): c is string => !!c))];
    if (codes.length < 2) continue;
    await bundles.define(admin, { code: b.code, name: b.name, description: b.description, itemCodes: codes, promisedDays: b.promisedDays });
    definedBundles.push(b.code);
  }

  // --- cases ---------------------------------------------------------------------------------------
  const rand = mulberry32(20260601);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const index = ctx.calendar.current;
  const pool = all.filter((i) => i.applicationBased && i.level === 4);
  if (pool.length === 0) return;
  let idSeq = 100;
  const person = (name?: string): ApplicantInput => {
    const birth = `${1955 + Math.floor(rand() * 50)}${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`;
    const first17 = `430582${birth}${String(idSeq++ % 1000).padStart(3, '0')}`;
    return { type: 'person', name: name ?? pick(SURNAMES) + pick(GIVEN), idNumber: first17 + computeIdCheckChar(first17), phone: `1${pick(['38', '39', '58', '77', '86'])}${String(Math.floor(rand() * 1e8)).padStart(8, '0')}` };
  };
  const company = (): ApplicantInput => {
    const body = `MA4${String(Math.floor(rand() * 1e5)).padStart(5, '0')}`;
    const org9 = body + computeOrgCodeCheckChar(body);
    const first17 = `91430582${org9}`;
    return { type: 'organization', name: pick(COMPANIES), creditCode: first17 + computeUsccCheckChar(first17), phone: `0739-${2600000 + Math.floor(rand() * 99999)}` };
  };
  const citizenApplicant: ApplicantInput = { type: 'person', name: citizen.name, idNumber: '43058219900307123' + computeIdCheckChar('43058219900307123'), phone: '13807390000' };

  const safe = async (f: () => Promise<unknown>) => {
    try {
      await f();
      return true;
    } catch {
      // A step the rules refuse (say an extension past the legal date) is simply not taken.
      return false;
    }
  };

  /** Walks one case from submission as far as `today` allows. */
  const play = async (caseNo: string, item: ItemVersion, submitted: string, opts: { late?: boolean; correction?: boolean; silentIntake?: boolean; fate?: 'reject' | 'withdraw' | 'deny' } = {}) => {
    const reviewer = await reviewerFor(item.departmentId);
    const act = async (date: string, hour: number, actor: Actor, input: Parameters<CasesService['act']>[2]) => {
      if (date >= realToday && !(date === realToday && hour <= 9)) return false;
      setTime(date, hour, Math.floor(rand() * 59));
      return safe(() => cases.applyAction(actor, caseNo, input));
    };
    if (opts.silentIntake) return;
    let acceptDay = submitted;
    if (opts.correction) {
      if (!(await act(submitted, 11, clerk, { action: 'request_correction', missing: ['材料原件核验'] }))) return;
      const back = index.addWorkdays(submitted, 1 + Math.floor(rand() * 3));
      if (!(await act(back, 10, clerk, { action: 'supplement', materials: item.materials.map((m) => ({ name: m.name, provided: true })) }))) return;
      acceptDay = back;
    }
    if (opts.fate === 'reject') return void (await act(acceptDay, 11, clerk, { action: 'reject', reason: '申请事项不属于本机关职权范围，已告知向有关机关申请' }));
    if (!(await act(acceptDay, 11, clerk, { action: 'accept', materials: item.materials.map((m) => ({ name: m.name, provided: true })) }))) return;
    if (opts.fate === 'withdraw') return void (await act(index.addWorkdays(acceptDay, 1), 15, clerk, { action: 'withdraw', reason: '申请人申请撤回' }));
    const p = item.kind === 'instant' ? 0 : item.limitUnit === 'natural' ? Math.max(1, Math.round(item.promisedLimit * 0.7)) : item.promisedLimit;
    let decideAfter = p === 0 ? 0 : opts.late ? p + 1 + Math.floor(rand() * 3) : Math.max(1, Math.round(p * (0.3 + rand() * 0.6)));
    if (p > 3 && rand() < 0.12) {
      const from = index.addWorkdays(acceptDay, 1);
      const days = 2 + Math.floor(rand() * 4);
      if (!(await act(from, 14, reviewer, { action: 'suspend', reason: pick(SUSPEND_REASONS) }))) return;
      if (!(await act(index.addWorkdays(from, days), 9, reviewer, { action: 'resume' }))) return;
      decideAfter += days;
    }
    if (p > 3 && rand() < 0.06) await act(index.addWorkdays(acceptDay, 2), 16, leader, { action: 'extend', days: 5, reason: '需组织现场核查，经局领导批准延期' });
    const decideOn = index.addWorkdays(acceptDay, decideAfter);
    const decision = opts.fate === 'deny' ? { action: 'deny' as const, reason: '经审查不符合法定条件，具体理由见不予许可决定书' } : { action: 'approve' as const };
    if (!(await act(decideOn, p === 0 ? 12 : 15, p === 0 ? (await reviewerFor(item.departmentId)) : reviewer, decision))) return;
    // Decisions of the last working day wait for delivery: the demo shows cases in 'approved'/'denied'.
    if (index.workdaysBetween(decideOn, realToday) <= 1) return;
    const method = pick(DELIVERY_METHODS);
    await act(p === 0 ? decideOn : index.addWorkdays(decideOn, rand() < 0.7 ? 0 : 1), 16, clerk, { action: 'complete', deliveryMethod: method, trackingNo: method === '邮寄' ? `EMS${Math.floor(1e9 + rand() * 9e9)}` : undefined });
  };

  const start = '2026-06-01';
  if (realToday <= start) return;
  // SQLite: one fsync per commit would make the first start crawl; the seed is re-runnable from scratch.
  const sqlite = ctx.dialect === 'sqlite';
  const before = sqlite ? Number(Object.values((await sql<Record<string, number>>`pragma synchronous`.execute(ctx.db)).rows[0] ?? { s: 2 })[0]) : 2;
  if (sqlite) await sql`pragma synchronous = OFF`.execute(ctx.db);
  try {
    let day = index.isWorkday(start) ? start : index.addWorkdays(start, 1);
    let n = 0;
    while (day < realToday) {
      const perDay = 2 + (rand() < 0.4 ? 1 : 0);
      for (let k = 0; k < perDay; k++) {
        const s = pick(pool);
        const item = await versionOf(s.code);
        if (!item) continue;
        const online = rand() < 0.3;
        const mine = n % 23 === 5;
        const applicant = mine ? citizenApplicant : rand() < 0.25 ? company() : person();
        setTime(day, 9 + k, Math.floor(rand() * 59));
        const roll = rand();
        const provided = item.materials.map((m) => ({ name: m.name, provided: roll > 0.15 }));
        let caseNo: string;
        try {
          const r = await cases.submit(mine ? citizen : clerk, { itemCode: item.code, channel: mine ? 'online' : online ? 'online' : 'window', applicant, materials: provided });
          caseNo = r.caseNo;
        } catch {
          continue;
        }
        n++;
        const age = index.workdaysBetween(day, realToday);
        await play(caseNo, item, day, {
          // The last days always hold a correction still waiting for the applicant.
          correction: roll <= 0.15 || (age <= 2 && k === 1),
          late: rand() < 0.08,
          fate: roll > 0.97 ? 'reject' : roll > 0.955 ? 'withdraw' : roll > 0.93 ? 'deny' : undefined,
          // A couple of applications nobody answered: §32 counts them as accepted.
          silentIntake: age > 6 && age < 12 && k === 0 && n % 3 === 0,
        });
      }
      day = index.addWorkdays(day, 1);
    }

    // A few scripted cases so that the worklists always show every state near "today".
    const steady = pool.find((i) => i.name.startsWith('食品经营许可')) ?? pool[0];
    const sv = await versionOf(steady.code);
    const reviewer = await reviewerFor(sv.departmentId);
    const all4 = sv.materials.map((m) => ({ name: m.name, provided: true }));
    const back = (w: number) => index.addWorkdays(realToday, -w);
    const scripted: Array<{ on: number; steps: Array<[number, Actor, Parameters<CasesService['act']>[2]]> }> = [
      { on: 4, steps: [[4, clerk, { action: 'accept' }], [1, reviewer, { action: 'deny', reason: '经营场所与食品安全要求不符，详见不予许可决定书' }]] },
      { on: 3, steps: [[3, clerk, { action: 'accept' }], [1, reviewer, { action: 'approve' }]] },
      { on: 6, steps: [[6, clerk, { action: 'accept' }], [2, reviewer, { action: 'suspend', reason: '专家评审' }]] },
      { on: 1, steps: [[1, clerk, { action: 'request_correction', missing: ['经营场所产权证明'] }]] },
      { on: 25, steps: [[25, clerk, { action: 'accept' }]] },
      { on: 8, steps: [] },
    ];
    for (const sc of scripted) {
      const d = back(sc.on);
      if (d < start) continue;
      setTime(d, 8, 40);
      const r = await cases.submit(clerk, { itemCode: sv.code, channel: 'window', applicant: person(), materials: all4 }).catch(() => null);
      if (!r) continue;
      for (const [w, actor, input] of sc.steps) {
        setTime(back(w), 15, 10);
        await safe(() => cases.applyAction(actor, r.caseNo, input));
      }
    }

    // 一件事 applications, some through the green channel (帮代办 / 上门办).
    const bundleDays = [40, 30, 22, 15, 9, 6, 3, 1].map((w) => index.addWorkdays(realToday, -w)).filter((d) => d >= start);
    for (const [i, d] of bundleDays.entries()) {
      const code = definedBundles[i % Math.max(1, definedBundles.length)];
      if (!code) break;
      setTime(d, 10, 15);
      const def = await bundles.get(code);
      const applicant = code === 'YJS-QYZX' || code === 'YJS-KBCYD' ? (code === 'YJS-QYZX' ? company() : person()) : person();
      const green = i % 3 === 1 ? ('帮代办' as const) : i % 4 === 2 ? ('上门办' as const) : null;
      const app = await bundles
        .apply(i % 2 ? citizen : clerk, code, {
          channel: i % 2 ? 'online' : 'window',
          applicant: i % 2 ? citizenApplicant : applicant,
          materials: def.materials.map((m) => ({ name: m.name, provided: true })),
          greenChannel: green,
          greenNote: green === '上门办' ? '申请人行动不便，工作人员上门收件' : green ? '高龄老人，窗口工作人员全程代办' : null,
        })
        .catch(() => null);
      if (!app) continue;
      for (const c of app.cases) await play(c.caseNo, await versionOf(c.itemCode), d);
    }

    // 跨省通办: applications received here for a partner (异地代收代办) and 全程网办 ones from outside.
    const partners = await bundles.partners();
    for (const [i, w] of [18, 12, 7, 4, 2].entries()) {
      const d = index.addWorkdays(realToday, -w);
      const partner = partners.items[i % partners.items.length];
      if (!partner || d < start) continue;
      const entry = partner.items.find((x) => x.modes.includes(i % 2 ? 'full_online' : 'proxy')) ?? partner.items[0];
      if (!entry) continue;
      const mode = entry.modes.includes(i % 2 ? 'full_online' : 'proxy') ? (i % 2 ? 'full_online' : 'proxy') : entry.modes[0];
      const item = await versionOf(entry.itemCode);
      setTime(d, 10, 30);
      const r = await cases
        .submit(clerk, {
          itemCode: item.code,
          channel: mode === 'full_online' ? 'cross_province' : 'window',
          applicant: person(),
          materials: item.materials.map((m) => ({ name: m.name, provided: true })),
          crossProvince: { partnerRegionCode: partner.regionCode, mode, partnerReference: mode === 'full_online' ? `${partner.regionCode}-WB-${2026000 + i}` : undefined },
        })
        .catch(() => null);
      if (!r) continue;
      if (mode === 'proxy') {
        setTime(d, 11, 0);
        await safe(() => cases.applyAction(clerk, r.caseNo, { action: 'accept' }));
        setTime(index.addWorkdays(d, 1) < realToday ? index.addWorkdays(d, 1) : d, 14, 0);
        await safe(() => cases.applyAction(clerk, r.caseNo, { action: 'forward', method: '邮寄', trackingNo: `EMS${9800000000 + i}`, partnerReference: `${partner.regionCode}-DS-${2026100 + i}` }));
      } else {
        await play(r.caseNo, item, d);
      }
    }
  } finally {
    if (sqlite) await sql.raw(`pragma synchronous = ${before === 1 ? 'NORMAL' : 'FULL'}`).execute(ctx.db);
  }
}
