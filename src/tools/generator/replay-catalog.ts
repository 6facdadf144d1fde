/**
 * The replay's catalogue (issue 18 item 8), through the catalog module's own commands (create, update,
 * publish, retire — each audited and indexed there): the county's 三化 catalogue as the report counts it in
 * 2022-11 — 2,042 县级, 147 乡镇级 and 28 村级 items in force, a 就近办 list of 23, 136 跨省通办 items — with
 * the 网办深度 and 承诺压缩率 the report quotes and a 实施清单 filled and published in full (its 11-18 as-of).
 *
 * The demo catalogue is the starting point: its unpublished draft is published, the 村级 items beyond the
 * report's count are retired, gaps in its 实施清单 are filled, its 就近办 list is cut to the report's, and an
 * item not online at all is brought to depth 2. New items (all with a full 实施清单) make up the counts; their
 * 网办深度 and promised limits are chosen from the catalogue KPIs read after the demo's changes, so that the
 * rates computed from the items in force come out at the report's. Rates are never written, only items.
 */
import type { FixedClock } from '../../kernel/clock';
import type { Kpi } from '../../shared/kpi';
import type { CrossProvinceMode } from '../../shared/catalog.types';
import { at } from './sampling';
import type { World } from './world';

export interface CatalogTargets {
  county: number;
  township: number;
  village: number;
  nearby: number;
  crossProvince: number;
  /** 三级 alone, 四级 (全程网办), over 依申请 items in force; every one of them at least 二级 (网上可办 100 %). */
  level3Rate: number;
  level4Rate: number;
  compressionRate: number;
}

export interface CatalogCounts {
  published: number;
  retired: number;
  updated: number;
  created: number;
  /** New items that are not 依申请 (so that the depth rates can be met exactly at two decimals). */
  notApplication: number;
}

const round4 = (x: number) => Math.round(x * 10_000);

/** c3 and c4 of n 依申请 items whose rates print as the targets at two decimals (percent), or null. */
export function depthCounts(n: number, r3: number, r4: number): { c3: number; c4: number } | null {
  const c3 = Math.round(r3 * n);
  const c4 = Math.round(r4 * n);
  return round4(c3 / n) === round4(r3) && round4(c4 / n) === round4(r4) && round4((c3 + c4) / n) === round4(r3 + r4) ? { c3, c4 } : null;
}

const num = (k: Kpi | undefined) => Number(k?.numerator ?? 0);
const den = (k: Kpi | undefined) => Number(k?.denominator ?? 0);

const NAMES: Record<4 | 5 | 6, string[]> = {
  4: ['设立审批', '变更登记', '延续审核', '注销登记', '备案', '资格认定', '证明开具', '补贴申领', '信息查询', '证照补办'],
  5: ['居民证明开具', '困难群众救助申请', '农村建房审批', '计划生育服务', '残疾人补贴申请'],
  6: ['代办代缴', '村民证明', '便民代办'],
};
const SUBJECTS = ['食品经营', '药品零售', '道路运输', '建筑施工', '医疗机构', '民办学校', '公共场所卫生', '排水接入', '城市道路占用', '户外广告', '养老机构', '林木采伐', '取水', '特种设备', '劳务派遣', '人力资源服务', '出版物经营', '娱乐场所', '旅行社', '烟草零售'];

function fullFields(level: 4 | 5 | 6, departmentId: number, name: string, k: number) {
  return {
    name,
    type: k % 2 === 0 ? '01' : '20',
    level,
    departmentId,
    limitUnit: 'workday' as const,
    kind: 'promised' as const,
    visits: 0,
    materials: [{ name: '申请表', form: 'original' as const, copies: 1, required: true }, { name: '申请人身份证明', form: 'electronic' as const, copies: 0, required: true, eLicenseReplaceable: true }],
    legalBasis: '《中华人民共和国行政许可法》及相关法律法规',
    conditions: '申请人符合法定条件，申请材料齐全、符合法定形式。',
    locations: [{ name: '邵东市政务服务中心', address: '邵东市政务服务中心一楼综合窗口', hours: '工作日 8:30–12:00，14:30–17:30', phone: '0739-12345' }],
    faqs: [{ question: '可以网上办理吗？', answer: '可以，登录湖南政务服务网或“湘易办”办理。' }],
    audiences: ['person', 'organization'] as ('person' | 'organization')[],
  };
}

export async function writeReplayCatalog(w: World, clock: FixedClock, t: CatalogTargets, asOf: string): Promise<CatalogCounts> {
  const catalog = w.ctx.services.catalog;
  const admin = w.staff.admin;
  const year = w.opts.year;
  clock.set(at(asOf, 10));
  const out: CatalogCounts = { published: 0, retired: 0, updated: 0, created: 0, notApplication: 0 };
  const all = async (status: 'draft' | 'published') => {
    const items = [];
    for (let page = 1; ; page++) {
      const p = await catalog.manageList(admin, { status, page, pageSize: 100 });
      items.push(...p.items);
      if (items.length >= p.total || p.items.length === 0) return items;
    }
  };
  w.progress.phase('catalog', t.county + t.township + t.village);
  // 1. The 实施清单 published in full: every open draft goes out.
  for (const d of await all('draft')) {
    await catalog.publish(admin, d.code);
    out.published++;
  }
  // 2. The demo's items in force: surplus 村级 items retired, gaps filled, 就近办 cut, depth ≥ 2.
  const published = await all('published');
  const villages = published.filter((i) => i.level === 6);
  const retire = new Set(villages.slice(t.village).map((i) => i.code));
  let nearby = 0;
  for (const s of published) {
    if (retire.has(s.code)) {
      await catalog.retire(admin, s.code, `${year} 年村级事项清理：村级保留 ${t.village} 项`);
      out.retired++;
      continue;
    }
    const i = await catalog.latest(admin, s.code);
    const patch: Record<string, unknown> = {};
    if (!i.legalBasis.trim()) patch.legalBasis = '《湖南省政务服务管理办法》';
    if (!i.conditions.trim()) patch.conditions = '申请人符合法定条件，申请材料齐全。';
    if (i.kind !== 'instant' && i.legalLimit <= 0) patch.legalLimit = Math.max(i.promisedLimit, 20);
    if (i.kind !== 'instant' && i.promisedLimit <= 0) patch.promisedLimit = Math.max(1, Math.floor(((patch.legalLimit as number) ?? i.legalLimit) / 2));
    if (i.applicationBased && i.materials.length === 0) patch.materials = [{ name: '申请表', form: 'original', copies: 1, required: true }];
    const loc = i.locations[0] ?? { name: '邵东市政务服务中心', address: '邵东市政务服务中心一楼', hours: '', phone: null };
    if (i.locations.length === 0 || !i.locations.some((l) => !!l.hours) || !i.locations.some((l) => !!l.phone)) {
      patch.locations = [{ ...loc, hours: loc.hours || '工作日 8:30–12:00，14:30–17:30', phone: loc.phone || '0739-12345' }, ...i.locations.slice(1)];
    }
    if (i.faqs.length === 0) patch.faqs = [{ question: '办理需要多长时间？', answer: '按承诺时限办结。' }];
    if (i.audiences.length === 0) patch.audiences = ['person', 'organization'];
    if (i.nearby) {
      if (nearby >= t.nearby) patch.nearby = false;
      else nearby++;
    }
    if (i.applicationBased && i.onlineDepth < 2) patch.onlineDepth = 2;
    if (Object.keys(patch).length === 0) continue;
    await catalog.update(admin, s.code, patch);
    await catalog.publish(admin, s.code);
    out.updated++;
  }
  // 3. What the catalogue now counts, and what the new items must make up.
  let k = await catalog.kpis({ from: `${year}-01-01`, to: asOf }, null);
  const newAt = { 4: t.county - num(k['catalog.countyItems']), 5: t.township - num(k['catalog.townshipItems']), 6: t.village - num(k['catalog.villageItems']) } as const;
  const added = newAt[4] + newAt[5] + newAt[6];
  if (Math.min(newAt[4], newAt[5], newAt[6]) < 0) throw new Error('replay: the demo catalogue has more items at a level than the report');
  // The smallest number of non-依申请 new items for which the depth rates are exact at two decimals.
  let nonApp = 0;
  while (!depthCounts(den(k['catalog.onlineCapableRate']) + added - nonApp, t.level3Rate, t.level4Rate)) {
    if (++nonApp > added) throw new Error('replay: no 依申请 count gives the report depth rates');
  }
  const n = den(k['catalog.onlineCapableRate']) + added - nonApp;
  const { c3, c4 } = depthCounts(n, t.level3Rate, t.level4Rate)!;
  // Demo items at depth 2 beyond the target are brought to depth 3 (a new version each).
  let d3 = num(k['catalog.level3Rate']);
  const d4 = num(k['catalog.fullOnlineRate']);
  let d2 = den(k['catalog.onlineCapableRate']) - d3 - d4;
  const surplus2 = d2 - (n - c3 - c4);
  if (surplus2 > 0) {
    let raised = 0;
    for (const s of await all('published')) {
      if (raised >= surplus2) break;
      if (!s.applicationBased || s.onlineDepth !== 2) continue;
      await catalog.update(admin, s.code, { onlineDepth: 3 });
      await catalog.publish(admin, s.code);
      raised++;
      out.updated++;
    }
    d2 -= raised;
    d3 += raised;
    k = await catalog.kpis({ from: `${year}-01-01`, to: asOf }, null);
  }
  const depths = [...Array(n - c3 - c4 - d2).fill(2), ...Array(c3 - d3).fill(3), ...Array(c4 - d4).fill(4)] as number[];
  if (depths.length !== added - nonApp) throw new Error(`replay: ${depths.length} depths for ${added - nonApp} new 依申请 items`);
  let cross = t.crossProvince - num(k['catalog.crossProvinceItems']);
  let nearbyOwed = t.nearby - num(k['catalog.nearbyItems']);
  // 承诺压缩率 by error diffusion: each new item's promised limit keeps Σ saved / Σ legal on the target.
  let saved = num(k['catalog.promiseCompressionRate']);
  let legal = den(k['catalog.promiseCompressionRate']);
  // 4. The new items, each created and published by the catalogue's own commands.
  const units = await w.ctx.services.org.all();
  const of = { 4: units.filter((d) => d.active && d.kind === 'department'), 5: units.filter((d) => d.active && d.kind === 'township'), 6: units.filter((d) => d.active && d.kind === 'village') } as const;
  let seq = 0;
  let appIdx = 0;
  for (const level of [4, 5, 6] as const) {
    for (let j = 0; j < newAt[level]; j++) {
      seq++;
      const dept = of[level][j % of[level].length];
      const subject = SUBJECTS[j % SUBJECTS.length];
      const name = `${level === 4 ? subject : dept.shortName ?? dept.name}${NAMES[level][Math.floor(j / SUBJECTS.length) % NAMES[level].length]}（${seq}）`;
      const fields: Record<string, unknown> = fullFields(level, dept.id, name, seq);
      const app = seq > nonApp;
      fields.applicationBased = app;
      if (!app) {
        fields.kind = 'instant';
        fields.onlineDepth = 1;
        fields.legalLimit = 0;
        fields.promisedLimit = 0;
        fields.materials = [];
      } else {
        fields.onlineDepth = depths[appIdx++];
        const l = [5, 10, 15, 20, 30][seq % 5];
        const p = Math.max(0, Math.min(l, Math.round(l - (t.compressionRate * (legal + l) - saved))));
        fields.legalLimit = l;
        fields.promisedLimit = p;
        if (p === 0) fields.kind = 'instant';
        saved += l - p;
        legal += l;
        if (level === 4 && cross > 0 && (fields.onlineDepth as number) >= 3) {
          fields.crossProvinceModes = ['full_online', 'proxy'] as CrossProvinceMode[];
          cross--;
        }
        if (level !== 4 && nearbyOwed > 0) {
          fields.nearby = true;
          nearbyOwed--;
        }
      }
      const code = `SD2022-${level}-${String(seq).padStart(5, '0')}`;
      await catalog.create(admin, { code, ...fields });
      await catalog.publish(admin, code);
      out.created++;
      if (seq % 100 === 0) w.progress.set(seq);
    }
  }
  out.notApplication = nonApp;
  if (cross > 0 || nearbyOwed > 0) throw new Error(`replay: ${cross} 跨省通办 and ${nearbyOwed} 就近办 items short`);
  clock.set(at(w.today, 23));
  return out;
}
