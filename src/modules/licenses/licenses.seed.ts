/**
 * Demo 电子证照: the 20 license types a county issues most, each tied to the demo catalogue's items by name,
 * an existing library (licenses issued before the platform, with the demo citizen 张三's 营业执照 so that
 * 证照免提交 shows at intake), and a few fresh cases approved through the cases commands so that their
 * licenses are issued by the real hook.
 */
import { systemActor, type Actor } from '../../kernel/auth/actor';
import { computeIdCheckChar, computeOrgCodeCheckChar, computeUsccCheckChar } from '../../kernel/validators';
import type { ItemSummary } from '../../shared/catalog.types';
import type { LicensesNeedsContext } from './licenses.context';
import type { LicensesService } from './licenses.service';
import type { HolderKind } from './licenses.rules';

interface SeedType {
  code: string;
  name: string;
  dept: string;
  holder: HolderKind;
  years: number | null;
  items: RegExp[];
  replaces: string[];
}

/**
 * The 20 common county types; departments as in the demo county (org seed). Patterns are `new RegExp` strings, which the bundler
 * escapes (it leaves regular-expression literals as typed): the server bundle stays one-byte (docs/operations.md, "Memory").
 */
export const SEED_TYPES: SeedType[] = [
  { code: 'YYZZ', name: '营业执照', dept: '430582-001', holder: 'organization', years: null, items: [new RegExp('^市场主体设立登记')], replaces: ['营业执照', '变更后的营业执照复印件'] },
  { code: 'JY', name: '食品经营许可证', dept: '430582-001', holder: 'organization', years: 5, items: [new RegExp('^食品经营许可')], replaces: ['食品经营许可证'] },
  { code: 'YPJY', name: '药品经营许可证', dept: '430582-001', holder: 'organization', years: 5, items: [new RegExp('药品经营许可')], replaces: ['药品经营许可证'] },
  { code: 'JSGH', name: '建设工程规划许可证', dept: '430582-006', holder: 'organization', years: null, items: [new RegExp('建设工程规划许可')], replaces: ['建设工程规划许可证'] },
  { code: 'PW', name: '排污许可证', dept: '430582-016', holder: 'organization', years: 5, items: [new RegExp('排污许可')], replaces: ['排污许可证'] },
  { code: 'DLYS', name: '道路运输经营许可证', dept: '430582-008', holder: 'organization', years: 4, items: [new RegExp('道路旅客运输'), new RegExp('道路货物运输')], replaces: ['道路运输经营许可证'] },
  { code: 'WS', name: '卫生许可证', dept: '430582-005', holder: 'organization', years: 4, items: [new RegExp('^公共场所卫生许可（新办）')], replaces: ['原卫生许可证正本、副本原件', '卫生许可证'] },
  { code: 'YCZM', name: '烟草专卖零售许可证', dept: '430582-001', holder: 'person', years: 5, items: [new RegExp('烟草专卖零售')], replaces: ['烟草专卖零售许可证'] },
  { code: 'TZHY', name: '特种行业许可证', dept: '430582-002', holder: 'organization', years: null, items: [new RegExp('^旅馆业特种行业许可证核发')], replaces: ['特种行业许可证'] },
  { code: 'YLJG', name: '医疗机构执业许可证', dept: '430582-005', holder: 'organization', years: 5, items: [new RegExp('^医疗机构执业')], replaces: ['医疗机构执业许可证'] },
  { code: 'SGXK', name: '建筑工程施工许可证', dept: '430582-007', holder: 'organization', years: null, items: [new RegExp('施工许可')], replaces: ['建筑工程施工许可证'] },
  { code: 'QS', name: '取水许可证', dept: '430582-010', holder: 'organization', years: 5, items: [new RegExp('取水许可')], replaces: ['取水许可证'] },
  { code: 'CS', name: '河道采砂许可证', dept: '430582-010', holder: 'organization', years: 1, items: [new RegExp('^河道采砂许可')], replaces: ['河道采砂许可证'] },
  { code: 'WB', name: '网络文化经营许可证', dept: '430582-017', holder: 'organization', years: 3, items: [new RegExp('^开办互联网上网服务营业场所')], replaces: ['网络文化经营许可证'] },
  { code: 'YHBZ', name: '烟花爆竹道路运输许可证', dept: '430582-002', holder: 'organization', years: 1, items: [new RegExp('^烟花爆竹道路运输许可')], replaces: ['烟花爆竹道路运输许可证'] },
  { code: 'LMCF', name: '林木采伐许可证', dept: '430582-019', holder: 'person', years: 1, items: [new RegExp('采伐')], replaces: ['林木采伐许可证'] },
  { code: 'DWFY', name: '动物防疫条件合格证', dept: '430582-009', holder: 'organization', years: null, items: [new RegExp('动物防疫条件')], replaces: ['动物防疫条件合格证'] },
  { code: 'FLFW', name: '基层法律服务工作者执业证', dept: '430582-013', holder: 'person', years: null, items: [new RegExp('^基层法律服务工作者执业许可')], replaces: ['基层法律服务工作者执业证'] },
  { code: 'TYSS', name: '高危险性体育项目经营许可证', dept: '430582-011', holder: 'organization', years: 5, items: [new RegExp('^举办高危险性体育赛事活动许可')], replaces: ['高危险性体育项目经营许可证'] },
  { code: 'CBXK', name: '出版物经营许可证', dept: '430582-017', holder: 'organization', years: 6, items: [new RegExp('出版物')], replaces: ['出版物经营许可证'] },
];

const COMPANIES = ['邵东市湘味餐饮有限公司', '邵东市百草堂大药房有限公司', '邵东市宏达运输有限公司', '邵东市金叶商贸有限公司', '邵东市仁和诊所', '邵东市兴盛建筑工程有限公司', '邵东市清源环保科技有限公司', '邵东市星城网吧', '邵东市悦来宾馆有限公司', '邵东市新华书店有限公司'];

export async function seedLicenses(ctx: LicensesNeedsContext, svc: LicensesService): Promise<void> {
  const admin: Actor = { ...systemActor('seed:licenses'), roles: ['admin'] };
  const items: ItemSummary[] = [];
  const catalog = ctx.services.catalog;
  if (catalog?.list) {
    for (let page = 1; ; page++) {
      const r = await catalog.list({ page, pageSize: 100 });
      items.push(...r.items);
      if (r.items.length < 100 || items.length >= r.total) break;
    }
  }
  const typeItems = new Map<string, ItemSummary[]>();
  for (const t of SEED_TYPES) {
    const dept = await ctx.services.org.byCode(t.dept);
    if (!dept) continue;
    const matched = items.filter((i) => t.items.some((re) => re.test(i.name)));
    typeItems.set(t.code, matched);
    await svc.saveType(admin, { code: t.code, name: t.name, departmentId: dept.id, holderKind: t.holder, validityYears: t.years, itemCodes: matched.map((i) => i.code), replaces: t.replaces });
  }

  // The library before the platform: licenses of demo companies and people, one expired, one revoked.
  const today = ctx.calendar.today();
  const year = Number(today.slice(0, 4));
  const person = (n: number) => {
    const first17 = `4305821985${String(1 + (n % 12)).padStart(2, '0')}${String(10 + (n % 18)).padStart(2, '0')}${String(300 + n).padStart(3, '0')}`;
    return first17 + computeIdCheckChar(first17);
  };
  const company = (n: number) => {
    const body = `MA4L${String(1000 + n).padStart(4, '0')}`;
    const first17 = `91430582${body}${computeOrgCodeCheckChar(body)}`;
    return first17 + computeUsccCheckChar(first17);
  };
  const citizenId = '43058219900307123' + computeIdCheckChar('43058219900307123');
  const issued: string[] = [];
  await svc.db.transaction().execute(async (tx) => {
    const issue = async (code: string, kind: HolderKind, name: string, id: string, issueDate: string) =>
      issued.push((await svc.issueIn(tx, admin, { typeCode: code, holder: { kind, name, id }, issueDate, caseId: null, caseNo: null, source: 'seed' })).license_no);
    // 张三 runs a 个体工商户: his 营业执照 stands in for the material on his next application.
    await issue('YYZZ', 'person', '张三', citizenId, `${year - 3}-04-12`);
    await issue('JY', 'person', '张三', citizenId, `${year - 2}-06-20`);
    for (const [n, name] of COMPANIES.entries()) {
      const types = ['YYZZ', ['JY', 'YPJY', 'DLYS', 'YCZM', 'YLJG', 'SGXK', 'PW', 'WB', 'TZHY', 'CBXK'][n]];
      for (const code of types) {
        const t = SEED_TYPES.find((s) => s.code === code)!;
        const kind: HolderKind = t.holder;
        await issue(code, kind, kind === 'person' ? `${name.slice(3, 5)}经营者` : name, kind === 'person' ? person(n) : company(n), `${year - 1 - (n % 5)}-0${1 + (n % 9)}-1${n % 9}`);
      }
    }
    await issue('CS', 'organization', '邵东市资江砂石有限公司', company(40), `${year - 2}-03-01`); // expired: 1 year
  });
  if (issued.length > 3) await svc.act(admin, issued[issued.length - 2], { action: 'revoke', reason: '经营场所存在重大安全隐患，经立案查处依法吊销' });

  // Fresh cases approved through the cases commands: the hook issues their licenses.
  const cases = ctx.services.cases;
  if (!cases) return;
  const clerk: Actor = { ...systemActor('seed:licenses:clerk'), roles: ['clerk'], name: '陈窗口' };
  let n = 0;
  for (const t of SEED_TYPES.slice(0, 8)) {
    const item = typeItems.get(t.code)?.[0];
    if (!item) continue;
    const version = await catalog!.getPublished(item.code);
    if (!version) continue;
    const reviewer: Actor = { ...systemActor(`seed:licenses:reviewer:${version.departmentId}`), roles: ['reviewer'], departmentId: version.departmentId, name: '审批员' };
    const applicant = t.holder === 'person' ? { type: 'person' as const, name: '李四', idNumber: person(60 + n), phone: '13807391111' } : { type: 'organization' as const, name: COMPANIES[n % COMPANIES.length], creditCode: company(60 + n), phone: '0739-2612345' };
    try {
      const c = await cases.submit(clerk, { itemCode: item.code, channel: 'window', applicant, materials: version.materials.map((m) => ({ name: m.name, provided: true })) });
      await cases.act(clerk, c.caseNo, { action: 'accept' });
      await cases.act(reviewer, c.caseNo, { action: 'approve' });
      n++;
    } catch (e) {
      ctx.log.warn({ err: e, item: item.code }, 'licenses seed: a demo case could not be approved');
    }
  }
}
