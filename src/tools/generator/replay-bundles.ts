/**
 * The replay's 一件事一次办 and 跨省通办 configuration (issue 18 item 8), through the cases module's bundles
 * service: the bundles of the province's three batches (2022: spring, summer, autumn) defined on the
 * published catalogue until the profile's count is in force, and the partner counties' agreements signed in
 * the year (正安县 and six counties of 贵州 and 湖北), each over the items listed for 跨省通办.
 */
import type { FixedClock } from '../../kernel/clock';
import type { CrossProvinceMode } from '../../shared/catalog.types';
import { at } from './sampling';
import type { World } from './world';

/** The partner counties: the report names 正安县; the six others are of the provinces it names. */
const PARTNERS = [
  { regionCode: '520324', name: '贵州省遵义市正安县', province: '贵州省' },
  { regionCode: '520325', name: '贵州省遵义市道真仡佬族苗族自治县', province: '贵州省' },
  { regionCode: '520326', name: '贵州省遵义市务川仡佬族苗族自治县', province: '贵州省' },
  { regionCode: '520328', name: '贵州省遵义市湄潭县', province: '贵州省' },
  { regionCode: '422801', name: '湖北省恩施土家族苗族自治州恩施市', province: '湖北省' },
  { regionCode: '422802', name: '湖北省恩施土家族苗族自治州利川市', province: '湖北省' },
  { regionCode: '422822', name: '湖北省恩施土家族苗族自治州建始县', province: '湖北省' },
];

/** Life events and enterprise events the bundles are named after, numbered within each theme. */
const THEMES = ['开办企业', '新生儿出生', '退休', '就业创业', '不动产登记', '开办餐饮店', '开办药店', '开办超市', '二手房转移登记', '企业注销', '残疾人服务', '退役军人服务', '医保参保', '公积金提取', '工程建设项目审批', '农村建房', '开办民宿', '开办培训学校', '开办诊所', '身后事'];

export async function writeReplayBundles(w: World, clock: FixedClock, t: { bundles: number; partners: number }): Promise<{ bundlesInForce: number; partners: number }> {
  const { bundles } = w.ctx.services;
  const admin = w.staff.admin;
  const year = w.opts.year;
  const items = w.itemDraw.items.filter((i) => i.applicationBased && i.status === 'published');
  const have = (await bundles.list()).total;
  const batches = [`${year}-03-15`, `${year}-06-15`, `${year}-09-15`].map((d) => (w.index.isWorkday(d) ? d : w.index.nextWorkdayOnOrAfter(d)));
  const missing = Math.max(0, t.bundles - have);
  w.progress.phase('bundles', missing);
  for (let k = 0; k < missing; k++) {
    clock.set(at(batches[Math.floor((k * batches.length) / missing)], 10));
    // Two to four items, stepping through the catalogue so that no two bundles share their item list.
    const size = 2 + (k % 3);
    const codes = [...new Set(Array.from({ length: size }, (_v, j) => items[(k * 7 + j * (k + 11)) % items.length].code))];
    if (codes.length < 2) codes.push(items[(k + 1) % items.length].code);
    const theme = THEMES[k % THEMES.length];
    await bundles.define(admin, { code: `SD2022-YJS-${String(k + 1).padStart(3, '0')}`, name: `${theme}“一件事”（${Math.floor(k / THEMES.length) + 1}）`, itemCodes: codes, promisedDays: 5 });
  }
  // 跨省通办: each partner's agreement over the items flagged for it, signed on a working day of the first half.
  const cross = items.filter((i) => i.crossProvinceModes.length > 0);
  const workdays = w.days.filter((d) => w.index.isWorkday(d) && d < `${year}-07-01`);
  let partners = 0;
  for (const [n, p] of PARTNERS.slice(0, t.partners).entries()) {
    const agreedOn = workdays[Math.floor(((n + 1) * workdays.length) / (t.partners + 1))];
    clock.set(at(agreedOn, 15));
    const list = cross.filter((_v, i) => (i + n) % 4 !== 3).map((i) => ({ itemCode: i.code, modes: [...i.crossProvinceModes] as CrossProvinceMode[] }));
    await bundles.upsertPartner(admin, { ...p, contact: `${p.name.slice(-3)}政务服务中心 跨省通办专窗`, items: list, agreedOn });
    partners++;
  }
  clock.set(at(w.today, 23));
  return { bundlesInForce: (await bundles.list()).total, partners };
}
