/**
 * Demo catalogue for 邵东市: the sample rows plus the high-frequency items every county hall has
 * (营业执照, 不动产登记, 施工许可, 身份证, 退休 …), township items in four townships and village 就近办
 * items in every demo village. All published a year before "now", with a few drafts in the review queue.
 * Bulk inserts in one transaction keep it fast.
 */
import type { CatalogContext } from './catalog.context';
import { systemActor } from '../../kernel/auth/actor';
import { recordAudit } from '../../kernel/audit/audit';
import { indexDocuments } from '../../kernel/search';
import { computeOrgCodeCheckChar, computeUsccCheckChar } from '../../kernel/validators';
import type { Department, OrgService } from '../org';
import type { ItemMaterial } from '../../shared/catalog.types';
import { tablesOf } from '../../kernel/kernel.tables';
import type { CatalogTables } from './catalog.tables';
import { mergeFields, type Audience, type ItemFields } from './catalog.rules';
import { rowOfFields } from './catalog.rows';
import { searchDocOf, SEARCH_DOC_TYPE } from './catalog.search';
import { CSV_ITEMS, type SeedRow } from './catalog.seed-data';

type Extra = { legalBasis?: string; keywords?: string[]; faqs?: Array<[string, string]>; conditions?: string; onlineUrl?: string };

/** High-frequency county items the sample lacks (SPEC §5); limits follow the cited statutes. */
const CORE_ITEMS: Array<[...SeedRow, Extra]> = [
  ['个体工商户设立登记（营业执照办理）', '430582-001', '01', 3, 1, 'promised', 0, 4, false, ['full_online'], ['个体工商户登记（备案）申请书', '经营者身份证明', '经营场所使用证明'],
    { legalBasis: '《市场主体登记管理条例》第三条、第十九条；《促进个体工商户发展条例》', keywords: ['营业执照', '个体户', '开店', '执照'],
      faqs: [['开饭店要办哪些证照？', '先办理营业执照（个体工商户设立登记或公司设立登记），再办理食品经营许可；营业面积较大的还需办理公共场所卫生许可和消防安全检查。'], ['营业执照可以网上办吗？', '可以。登录湖南政务服务网或“湘易办”App，选择“个体工商户设立登记”，全程网办，审核通过后可邮寄或自取营业执照，也可领取电子营业执照。']] }],
  ['有限责任公司设立登记', '430582-001', '01', 3, 1, 'promised', 0, 4, false, ['full_online'], ['公司登记（备案）申请书', '公司章程', '股东的主体资格文件或自然人身份证明', '法定代表人、董事、监事和经理的任职文件', '住所使用证明'],
    { legalBasis: '《中华人民共和国公司法》第二十九条；《市场主体登记管理条例》第三条', keywords: ['开公司', '营业执照', '注册公司', '执照'] }],
  ['营业执照遗失补领', '430582-001', '01', 3, 1, 'promised', 0, 4, false, [], ['营业执照遗失补领申请书', '经办人身份证明'],
    { legalBasis: '《市场主体登记管理条例实施细则》第六十三条', keywords: ['执照丢了', '补办营业执照'] }],
  ['食品经营许可（餐饮服务）新办', '430582-001', '01', 20, 5, 'promised', 1, 3, false, [], ['食品经营许可申请书', '营业执照复印件', '与食品经营相适应的主要设备设施布局、操作流程等文件', '食品安全自查、从业人员健康管理等食品安全管理制度'],
    { legalBasis: '《中华人民共和国食品安全法》第三十五条；《食品经营许可和备案管理办法》', keywords: ['开饭店', '开餐馆', '餐饮', '小吃店'],
      faqs: [['开饭店需要办什么证？', '需要营业执照和食品经营许可证；有包间、大堂等公共场所的还需公共场所卫生许可。可在政务服务中心“开餐饮店一件事”窗口一次申请。']] }],
  ['居民身份证换领', '430582-002', '07', 60, 15, 'promised', 1, 3, false, [], ['居民户口簿', '原居民身份证', '本人近期免冠照片（可现场采集）'],
    { legalBasis: '《中华人民共和国居民身份证法》第五条、第十一条', keywords: ['身份证到期', '换身份证'] }],
  ['居民身份证补领', '430582-002', '07', 60, 15, 'promised', 1, 3, false, [], ['居民户口簿', '本人近期免冠照片（可现场采集）'],
    { legalBasis: '《中华人民共和国居民身份证法》第十一条', keywords: ['身份证丢了', '补办身份证'] }],
  ['居民身份证跨省异地办理', '430582-002', '07', 60, 20, 'promised', 1, 3, false, ['proxy'], ['居民户口簿或原居民身份证', '本人近期免冠照片（可现场采集）'],
    { legalBasis: '《中华人民共和国居民身份证法》；《公安部关于建立居民身份证异地受理挂失申报和丢失招领制度的意见》', keywords: ['异地办身份证'] }],
  ['户籍类证明开具', '430582-002', '20', 1, 0, 'instant', 0, 4, false, ['full_online'], ['申请人身份证明'],
    { legalBasis: '《公安部关于规范派出所出具证明工作的意见》', keywords: ['户口证明', '户籍证明'] }],
  ['普通护照签发', '430582-002', '01', 15, 7, 'promised', 1, 3, false, [], ['中国公民出入境证件申请表', '居民身份证', '本人近期免冠照片（可现场采集）'],
    { legalBasis: '《中华人民共和国护照法》第五条、第六条', keywords: ['办护照', '出国'] }],
  ['机动车驾驶证补领', '430582-002', '07', 1, 0, 'instant', 1, 3, false, ['full_online'], ['机动车驾驶人身份证明'],
    { legalBasis: '《机动车驾驶证申领和使用规定》第六十三条', keywords: ['驾照丢了', '补驾照'] }],
  ['企业职工基本养老保险退休待遇申领', '430582-003', '05', 20, 10, 'promised', 0, 4, false, [], ['居民身份证或社会保障卡', '本人银行账户信息'],
    { legalBasis: '《中华人民共和国社会保险法》第十六条', keywords: ['办退休', '退休手续', '养老金'],
      faqs: [['到了退休年龄怎么办理退休？', '单位职工由单位在到龄前一个月申报；灵活就业人员可本人通过“湘易办”或到人社窗口申请退休待遇核定，审核通过后次月发放养老金。']] }],
  ['社会保障卡补换卡', '430582-003', '20', 5, 1, 'promised', 0, 4, false, ['full_online'], ['居民身份证', '本人近期免冠照片'],
    { legalBasis: '《社会保障卡管理办法》', keywords: ['社保卡丢了', '补办社保卡'] }],
  ['企业职工基本养老保险关系转移接续申请', '430582-003', '20', 45, 15, 'promised', 0, 4, false, ['full_online'], ['基本养老保险关系转移接续申请表', '居民身份证'],
    { legalBasis: '《城镇企业职工基本养老保险关系转移接续暂行办法》', keywords: ['养老保险转移', '社保转移'] }],
  ['失业保险金申领', '430582-003', '05', 20, 5, 'promised', 0, 4, false, [], ['居民身份证或社会保障卡', '解除或终止劳动关系证明'],
    { legalBasis: '《中华人民共和国社会保险法》第四十五条；《失业保险条例》', keywords: ['失业金', '领失业金'] }],
  ['跨省异地就医登记备案', '430582-004', '20', 1, 0, 'instant', 0, 4, false, ['full_online'], ['跨省异地就医登记备案表', '医保电子凭证或有效身份证件'],
    { legalBasis: '《国家医保局 财政部关于进一步做好基本医疗保险跨省异地就医直接结算工作的通知》（医保发〔2022〕22号）', keywords: ['异地就医', '外地看病', '医保备案'] }],
  ['国有建设用地使用权及房屋所有权首次登记', '430582-025', '07', 30, 5, 'promised', 1, 3, false, [], ['不动产登记申请书', '申请人身份证明', '不动产权属证书', '房屋竣工验收材料'],
    { legalBasis: '《不动产登记暂行条例》第二十条', keywords: ['房产证', '新房办证'] }],
  ['不动产转移登记（二手房买卖）', '430582-025', '07', 30, 3, 'promised', 1, 3, false, [], ['不动产登记申请书', '申请人身份证明', '不动产权属证书', '不动产买卖合同', '完税凭证'],
    { legalBasis: '《不动产登记暂行条例》第十四条、第二十条', keywords: ['过户', '二手房过户', '房产证'],
      faqs: [['二手房过户要多久？', '材料齐全、税费缴清后，承诺 3 个工作日内办结；“交房即交证”项目当场发证。']] }],
  ['不动产抵押权登记', '430582-025', '07', 30, 3, 'promised', 0, 4, false, [], ['不动产登记申请书', '申请人身份证明', '不动产权属证书', '主债权合同和抵押合同'],
    { legalBasis: '《中华人民共和国民法典》第四百零二条；《不动产登记暂行条例》', keywords: ['房贷抵押', '抵押登记'] }],
  ['不动产登记资料查询', '430582-025', '20', 1, 0, 'instant', 0, 4, false, [], ['查询申请书', '查询人身份证明'],
    { legalBasis: '《不动产登记资料查询暂行办法》', keywords: ['查房产', '房产查询'] }],
  ['建筑工程施工许可证核发', '430582-007', '01', 7, 3, 'promised', 0, 4, false, [], ['建筑工程施工许可申请表', '建设工程规划许可证', '施工合同', '施工图设计文件审查合格书'],
    { legalBasis: '《中华人民共和国建筑法》第七条、第八条；《建筑工程施工许可管理办法》', keywords: ['施工许可证', '开工', '盖房子'],
      faqs: [['农村自建房需要办施工许可吗？', '农民自建两层（含）以下住宅不需要办理建筑工程施工许可证，但需依法办理乡村建设规划许可。']] }],
  ['商品房预售许可', '430582-007', '01', 10, 5, 'promised', 1, 3, false, [], ['商品房预售许可申请表', '建设工程规划许可证', '建筑工程施工许可证', '商品房预售方案'],
    { legalBasis: '《中华人民共和国城市房地产管理法》第四十五条；《城市商品房预售管理办法》', keywords: ['预售证'] }],
  ['住房公积金提取（购买自住住房）', '430582-026', '20', 3, 1, 'promised', 0, 4, false, [], ['居民身份证', '购房合同或不动产权证书', '本人银行卡'],
    { legalBasis: '《住房公积金管理条例》第二十四条', keywords: ['取公积金', '公积金提取', '买房'] }],
  ['住房公积金异地转移接续', '430582-026', '20', 15, 5, 'promised', 0, 4, false, ['full_online'], ['居民身份证'],
    { legalBasis: '《住房公积金管理条例》；《全国住房公积金异地转移接续业务操作规程》', keywords: ['公积金转移'] }],
  ['内地居民结婚登记', '430582-012', '07', 0, 0, 'instant', 1, 2, false, [], ['居民户口簿', '居民身份证', '本人无配偶以及与对方当事人没有直系血亲和三代以内旁系血亲关系的签字声明', '近期半身免冠合影照片'],
    { legalBasis: '《中华人民共和国民法典》第一千零四十九条；《婚姻登记条例》第四条', keywords: ['结婚', '领证', '结婚证'] }],
  ['增值税发票领用', '430582-015', '20', 1, 0, 'instant', 0, 4, false, [], ['经办人身份证件'],
    { legalBasis: '《中华人民共和国发票管理办法》第十五条', keywords: ['领发票', '申领发票'] }],
];

/** Village 就近办 items (village committee accepts, the county decides). */
const VILLAGE_ITEMS: Array<[...SeedRow, Extra]> = [
  ['城乡居民基本医疗保险参保登记（村级代办）', 'village', '20', 5, 1, 'promised', 0, 2, true, [], ['居民户口簿', '居民身份证'], { keywords: ['医保参保', '交医保'] }],
  ['城乡居民养老保险参保登记（村级代办）', 'village', '20', 5, 1, 'promised', 0, 2, true, [], ['居民户口簿', '居民身份证'], { keywords: ['养老保险参保'] }],
  ['城乡居民最低生活保障申请（村级受理）', 'village', '05', 10, 5, 'promised', 1, 2, true, [], ['低保申请书', '居民户口簿', '家庭收入和财产状况声明'], { keywords: ['低保', '申请低保'] }],
];

// The patterns below are built from strings, which the bundler writes as \u escapes (it leaves regular-
// expression literals as typed): the server bundle then stays one-byte source (docs/operations.md, "Memory").

/** Keywords by name, for the sample rows (citizens' words for the item). */
const KEYWORD_RULES: Array<[RegExp, string[]]> = [
  [new RegExp('食品经营'), ['开饭店', '开超市', '餐饮']],
  [new RegExp('社会保障卡'), ['社保卡']],
  [new RegExp('医疗保险关系转移'), ['医保转移']],
  [new RegExp('出生登记'), ['上户口', '新生儿落户']],
  [new RegExp('出生医学证明'), ['出生证', '新生儿']],
  [new RegExp('残疾人证'), ['残疾证']],
  [new RegExp('户口迁移'), ['迁户口']],
  [new RegExp('婚姻登记'), ['结婚', '离婚']],
  [new RegExp('最低生活保障'), ['低保']],
  [new RegExp('公共场所卫生许可'), ['卫生许可证']],
  [new RegExp('养老保险'), ['社保']],
];

const EVENT_RULES: Array<[string, RegExp]> = [
  ['生育收养', new RegExp('出生|生育|预防接种|育儿|收养|新生儿')],
  ['户籍办理', new RegExp('户口|户籍|身份证|迁移审批')],
  ['教育科研', new RegExp('入学|学校|教师|学生|教育|培训机构')],
  ['就业创业', new RegExp('就业|失业|职业|创业|工时')],
  ['婚姻登记', new RegExp('婚姻|结婚|离婚')],
  ['社会保障', new RegExp('社会保险|社会保障|参保|养老保险|职业年金|社保')],
  ['医疗卫生', new RegExp('医疗|医保|就医|住院|医院|卫生|医师|诊所|医药')],
  ['住房保障', new RegExp('不动产|房屋|住房|公积金|商品房')],
  ['交通出行', new RegExp('驾驶|机动车|道路|运输|船员|客运|护照')],
  ['退休养老', new RegExp('退休|养老|老年|高龄|长寿')],
  ['残疾人服务', new RegExp('残疾')],
  ['社会救助', new RegExp('救助|低保|最低生活保障|特困|救济|困难|五保')],
  ['优待抚恤', new RegExp('抚恤|优抚|退役|军人|烈士')],
  ['企业开办', new RegExp('设立登记|营业执照|个体工商户|公章|公司')],
  ['经营许可', new RegExp('经营许可|卫生许可|零售许可|食品|消防安全检查')],
  ['工程建设', new RegExp('施工|建设工程|建筑|规划|竣工|人防|建设项目')],
  ['税费办理', new RegExp('税|发票')],
  ['企业注销', new RegExp('注销')],
  ['农林牧渔', new RegExp('农业|农村|农机|林木|林地|渔|草原|动物|种子|兽|水产|收割机')],
];

const ORG_WORDS = new RegExp('企业|公司|单位|经营|项目|工程|建设|市场主体|个体工商户|备案|生产|运输|发票|涉税|机构|场所|许可证核发|商品房|预售');
const PERSON_WORDS = new RegExp('居民|个人|出生|身份证|户口|残疾|老年|救助|低保|医保|医疗保险|社会保障卡|养老|退休|结婚|婚姻|驾驶证|护照|公积金|就业|失业|抚恤|优抚|补贴|学生|儿童|住院|参保|不动产');

const E_LICENSE = new RegExp('身份证|户口簿|营业执照|结婚证|驾驶证|行驶证|社会保障卡|社保卡|医保电子凭证|不动产权');
const APPLICATION_FORM = new RegExp('申请书|申请表|登记表');

function materialsOf(names: string[]): ItemMaterial[] {
  return names.map((raw) => {
    const optional = raw.includes('非必要');
    const name = raw.replace('（非必要）', '').trim();
    return {
      name,
      form: name.includes('复印件') ? 'copy' : 'original',
      copies: 1,
      required: !optional,
      // an application form is never replaced by a licence, even when it names one
      eLicenseReplaceable: E_LICENSE.test(name) && !APPLICATION_FORM.test(name),
      note: null,
    };
  });
}

const GENERIC_FAQS: Array<[string, string]> = [
  ['可以委托他人代办吗？', '可以。委托他人办理的，请提交授权委托书和受托人的身份证明。'],
  ['怎么查询办理进度？', '凭办件编号和申请人证件号码后四位，在本网站“办件进度查询”中查询，或拨打 12345 政务服务便民热线。'],
];

const TYPE_BASIS: Record<string, string> = {
  '01': '《中华人民共和国行政许可法》及本事项所依据的法律、法规（详见邵东市权责清单）',
  '05': '《社会救助暂行办法》等有关法规及湖南省有关规定（详见邵东市权责清单）',
  '07': '本事项所依据的法律、法规和规章（详见邵东市权责清单）',
  '10': '本事项所依据的法律、法规和规章（详见邵东市权责清单）',
  '20': '国家和湖南省有关公共服务的规定（详见邵东市公共服务事项清单）',
};

const HOURS = '工作日 上午 9:00–12:00，下午 13:30–17:30（法定节假日除外）';

/** A valid 统一社会信用代码 for a demo department: 1 (机构编制) 1 (机关) + region + org code + check. */
export function demoUscc(index: number): string {
  const body = `4${String(index).padStart(7, '0')}`;
  const org = body + computeOrgCodeCheckChar(body);
  const first17 = `11430582${org}`;
  return first17 + computeUsccCheckChar(first17);
}

/** 实施编码 as DOMAIN §1 infers it: USCC (18) + level (1) + 基本编码 (12 = 43 + type + 5-digit item + 000). */
export function implementationCode(uscc: string, level: number, type: string, serial: number): string {
  return `${uscc}${level}43${type}${String(serial).padStart(5, '0')}000`;
}

interface Built {
  code: string;
  fields: ItemFields;
}

function buildFields(row: SeedRow | [...SeedRow, Extra], dept: Department, level: 4 | 5 | 6, index: number): ItemFields {
  const [name, , type, legal, promised, kind, visits, depth, nearby, cp, mats] = row;
  const extra: Extra = (row[11] as Extra | undefined) ?? {};
  const keywords = [...(extra.keywords ?? []), ...KEYWORD_RULES.filter(([re]) => re.test(name)).flatMap(([, k]) => k)];
  const lifeEvents = EVENT_RULES.filter(([, re]) => re.test(name)).map(([e]) => e).slice(0, 3);
  const audiences: Audience[] = [];
  if (PERSON_WORDS.test(name)) audiences.push('person');
  if (ORG_WORDS.test(name)) audiences.push('organization');
  if (audiences.length === 0) audiences.push(type === '01' || type === '10' ? 'organization' : 'person');
  const town = level === 4 ? null : dept.name;
  const location =
    level === 4
      ? { name: `邵东市政务服务中心 ${dept.shortName ?? dept.name}窗口`, address: '邵东市大禾塘街道金龙大道政务服务中心', hours: HOURS, phone: `0739-27${String(60000 + index * 37).slice(-5)}` }
      : level === 5
        ? { name: `${town}便民服务中心`, address: `邵东市${town}人民政府一楼`, hours: HOURS, phone: `0739-26${String(10000 + index * 53).slice(-5)}` }
        : { name: `${dept.shortName ?? town}便民服务站`, address: `邵东市${dept.name}村（社区）综合服务中心`, hours: '工作日 上午 8:30–12:00，下午 14:00–17:30', phone: null };
  // Some sample items keep gaps on purpose (no legal basis, no FAQ): the quality report has real findings.
  const gap = index % 9 === 4;
  return mergeFields(null, {
    name,
    type,
    applicationBased: !['02', '03', '06'].includes(type),
    level,
    departmentId: dept.id,
    legalLimit: legal,
    promisedLimit: promised,
    limitUnit: 'workday',
    kind: level === 6 ? 'reported' : kind,
    onlineDepth: depth,
    visits,
    nearby: nearby || level !== 4,
    crossProvinceModes: cp,
    extensionAllowance: 10,
    materials: materialsOf(mats),
    fees: [],
    legalBasis: extra.legalBasis ?? (gap ? '' : (TYPE_BASIS[type] ?? TYPE_BASIS['07'])),
    conditions: extra.conditions ?? '申请人身份真实有效，申请材料齐全、符合法定形式。',
    locations: [location],
    faqs: (extra.faqs ?? []).map(([question, answer]) => ({ question, answer })).concat(index % 3 === 0 ? [] : GENERIC_FAQS.map(([question, answer]) => ({ question, answer }))),
    audiences,
    lifeEvents,
    keywords,
    onlineUrl: depth >= 3 ? 'https://zwfw-new.hunan.gov.cn/' : null,
  });
}

/** Items in the demo county, with their codes (deterministic: the same seed gives the same codes). */
async function demoItems(org: OrgService): Promise<Built[]> {
  const all = await org.all();
  const usccOf = new Map(all.map((d, i) => [d.id, demoUscc(i + 1)]));
  const townships = all.filter((d) => d.kind === 'township').slice(0, 4);
  const villages = all.filter((d) => d.kind === 'village');
  const out: Built[] = [];
  let serial = 0;
  let index = 0;
  const add = (row: SeedRow | [...SeedRow, Extra], dept: Department, level: 4 | 5 | 6, basic: number) => {
    out.push({ code: implementationCode(usccOf.get(dept.id)!, level, row[2], basic), fields: buildFields(row, dept, level, index++) });
  };
  for (const row of [...CORE_ITEMS, ...CSV_ITEMS]) {
    serial++;
    if (row[1] === 'township') for (const t of townships) add(row, t, 5, serial);
    else if (row[1] === 'village') for (const v of villages) add(row, v, 6, serial);
    else {
      const dept = await org.byCode(row[1]);
      if (dept) add(row, dept, 4, serial);
    }
  }
  for (const row of VILLAGE_ITEMS) {
    serial++;
    for (const v of villages) add(row, v, 6, serial);
  }
  return out;
}

export async function seedCatalog(ctx: CatalogContext): Promise<void> {
  const org = ctx.services.org;
  const items = await demoItems(org);
  const now = ctx.clock.now();
  const publishedAt = new Date(now.getTime() - 365 * 86_400_000).toISOString();
  const recent = new Date(now.getTime() - 2 * 86_400_000).toISOString();
  const stale = new Date(now.getTime() - 45 * 86_400_000).toISOString();
  const by = 'system:seed';
  const editor = 'editor';

  // Drafts for the review queue: an edit of a published item (submitted), a new item (submitted) and a
  // draft forgotten for 45 days (not submitted: a stale draft in the quality report).
  const food = items.find((i) => i.fields.name === '食品经营许可（餐饮服务）新办')!;
  const foodDraft = mergeFields(food.fields, { promisedLimit: 3, keywords: [...food.fields.keywords, '小餐馆'] });
  const market = await org.byCode('430582-001');
  const newItem = mergeFields(null, {
    name: '小餐饮经营许可（登记）',
    type: '01',
    level: 4,
    departmentId: market!.id,
    legalLimit: 10,
    promisedLimit: 3,
    kind: 'promised',
    onlineDepth: 4,
    visits: 0,
    materials: [
      { name: '小餐饮经营登记申请表', required: true },
      { name: '营业执照', form: 'copy', eLicenseReplaceable: true },
      { name: '从业人员健康证明', form: 'copy' },
    ],
    legalBasis: '《湖南省食品生产加工小作坊小餐饮和食品摊贩管理条例》',
    audiences: ['person', 'organization'],
    lifeEvents: ['经营许可'],
    keywords: ['小吃店', '开饭店'],
  });
  const newCode = implementationCode(demoUscc(2), 4, '01', 900);
  const staleItem = items.find((i) => i.fields.name.startsWith('计量标准'))?.code;

  await tablesOf<CatalogTables>(ctx.db).transaction().execute(async (tx) => {
    const itemRows = items.map((i) => ({ code: i.code, department_id: i.fields.departmentId, status: 'published' as const, latest_version: 1, created_at: publishedAt, updated_at: publishedAt }));
    for (let k = 0; k < itemRows.length; k += 200) await tx.insertInto('catalog_items').values(itemRows.slice(k, k + 200)).execute();
    const versionRows = items.map((i) => ({
      code: i.code,
      version: 1,
      status: 'published' as const,
      ...rowOfFields(i.fields),
      created_by: by,
      created_at: publishedAt,
      updated_by: by,
      updated_at: publishedAt,
      submitted_at: publishedAt,
      published_at: publishedAt,
      published_by: 'leader',
    }));
    for (let k = 0; k < versionRows.length; k += 100) await tx.insertInto('catalog_versions').values(versionRows.slice(k, k + 100)).execute();
    await indexDocuments(
      tx,
      SEARCH_DOC_TYPE,
      items.map((i) => searchDocOf(i.code, i.fields)),
    );

    const draft = (code: string, version: number, fields: ItemFields, at: string, submitted: boolean) => ({
      code,
      version,
      status: 'draft' as const,
      ...rowOfFields(fields),
      created_by: editor,
      created_at: at,
      updated_by: editor,
      updated_at: at,
      submitted_at: submitted ? at : null,
    });
    await tx.insertInto('catalog_versions').values(draft(food.code, 2, foodDraft, recent, true)).execute();
    await tx.updateTable('catalog_items').set({ latest_version: 2, updated_at: recent }).where('code', '=', food.code).execute();
    await tx.insertInto('catalog_items').values({ code: newCode, department_id: market!.id, status: 'draft', latest_version: 1, created_at: recent, updated_at: recent }).execute();
    await tx.insertInto('catalog_versions').values(draft(newCode, 1, newItem, recent, true)).execute();
    if (staleItem) {
      const f = items.find((i) => i.code === staleItem)!.fields;
      await tx.insertInto('catalog_versions').values(draft(staleItem, 2, mergeFields(f, { promisedLimit: Math.max(0, f.promisedLimit - 2) }), stale, false)).execute();
      await tx.updateTable('catalog_items').set({ latest_version: 2, updated_at: stale }).where('code', '=', staleItem).execute();
    }
    await recordAudit(tx, ctx.clock, systemActor('seed'), { action: 'catalog.seeded', subjectType: 'catalog', subjectId: 'demo', after: { items: items.length, drafts: staleItem ? 3 : 2 } });
  });
}
