/**
 * Pure rules of the catalogue: defaults, validation (all errors at once, each naming its field), the
 * data-quality checks and the 实施清单 fill rate. No database, no clock: callers pass `now`.
 */
import type { CrossProvinceMode, ItemFee, ItemFields, ItemLocation, ItemMaterial } from '../../shared/catalog.types';
import { AUDIENCES, CROSS_PROVINCE_MODES, ITEM_TYPES, KINDS, LIMIT_UNITS, MATERIAL_FORMS } from '../../shared/catalog.labels';

export type { Audience, ItemFields } from '../../shared/catalog.types';

type MaterialInput = Partial<ItemMaterial> & { name: string };
export type FieldsInput = Partial<Omit<ItemFields, 'materials' | 'fees' | 'locations' | 'level'>> & {
  /** 4, 5 or 6; any other number is reported by validateFields. */
  level?: number;
  materials?: MaterialInput[];
  fees?: Array<Omit<ItemFee, 'basis'> & { basis?: string | null }>;
  locations?: Array<Omit<ItemLocation, 'phone'> & { phone?: string | null }>;
};

const DEFAULT_EXTENSION_ALLOWANCE = 10;

function normalizeMaterial(m: MaterialInput): ItemMaterial {
  return {
    name: (m.name ?? '').trim(),
    form: m.form ?? 'original',
    copies: m.copies ?? 1,
    required: m.required ?? true,
    eLicenseReplaceable: m.eLicenseReplaceable ?? false,
    note: m.note?.trim() ? m.note.trim() : null,
  };
}

const trimList = (xs: readonly string[] | undefined) => [...new Set((xs ?? []).map((x) => x.trim()).filter(Boolean))];

/** Fills the optional fields of a new item (or merges an edit onto a base version). */
export function mergeFields(base: ItemFields | null, input: FieldsInput): ItemFields {
  const b: ItemFields = base ?? {
    name: '',
    type: '20',
    applicationBased: true,
    level: 4,
    departmentId: 0,
    legalLimit: 0,
    promisedLimit: 0,
    limitUnit: 'workday',
    kind: 'promised',
    onlineDepth: 1,
    visits: 0,
    nearby: false,
    crossProvinceModes: [],
    extensionAllowance: DEFAULT_EXTENSION_ALLOWANCE,
    materials: [],
    fees: [],
    legalBasis: '',
    conditions: '',
    locations: [],
    faqs: [],
    audiences: [],
    lifeEvents: [],
    keywords: [],
    onlineUrl: null,
  };
  const m = { ...b } as ItemFields;
  for (const [k, v] of Object.entries(input)) {
    if (v !== undefined) (m as unknown as Record<string, unknown>)[k] = v;
  }
  m.name = m.name.trim();
  m.legalBasis = (m.legalBasis ?? '').trim();
  m.conditions = (m.conditions ?? '').trim();
  m.onlineUrl = m.onlineUrl?.trim() ? m.onlineUrl.trim() : null;
  m.materials = (input.materials ?? b.materials).map(normalizeMaterial);
  m.crossProvinceModes = [...new Set(m.crossProvinceModes)].sort((x, y) => ORDER_CP.indexOf(x) - ORDER_CP.indexOf(y));
  m.audiences = [...new Set(m.audiences)].sort();
  m.lifeEvents = trimList(m.lifeEvents);
  m.keywords = trimList(m.keywords);
  m.fees = (input.fees ?? b.fees).map((f) => ({ name: f.name.trim(), standard: f.standard.trim(), basis: f.basis?.trim() || null }));
  m.locations = (input.locations ?? b.locations).map((l) => ({ name: l.name.trim(), address: l.address.trim(), hours: l.hours.trim(), phone: l.phone?.trim() || null }));
  m.faqs = m.faqs.map((f) => ({ question: f.question.trim(), answer: f.answer.trim() }));
  return m;
}

const ORDER_CP: CrossProvinceMode[] = ['full_online', 'proxy', 'multi_site'];

export interface FieldError {
  field: string;
  message: string;
}

const isInt = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n);

export function validateCode(code: string): FieldError[] {
  if (!code || !code.trim()) return [{ field: 'code', message: '事项编码不能为空' }];
  if (code.length > 64) return [{ field: 'code', message: '事项编码最长 64 个字符' }];
  if (/\s/.test(code)) return [{ field: 'code', message: '事项编码不能含空白字符' }];
  return [];
}

/** Every hard error of a version; an empty list means it may be saved. */
export function validateFields(f: ItemFields): FieldError[] {
  const e: FieldError[] = [];
  if (f.name.length < 2 || f.name.length > 200) e.push({ field: 'name', message: '事项名称应为 2–200 个字' });
  if (!ITEM_TYPES[f.type]) e.push({ field: 'type', message: `事项类型 ${f.type} 不在 01–10、20 之中` });
  if (![4, 5, 6].includes(f.level)) e.push({ field: 'level', message: '行使层级只能是 4 县级、5 乡镇级、6 村级' });
  if (!isInt(f.departmentId) || f.departmentId <= 0) e.push({ field: 'departmentId', message: '请选择实施主体' });
  if (!isInt(f.legalLimit) || f.legalLimit < 0 || f.legalLimit > 3650) e.push({ field: 'legalLimit', message: '法定办结时限应为 0–3650 的整数' });
  if (!isInt(f.promisedLimit) || f.promisedLimit < 0 || f.promisedLimit > 3650) e.push({ field: 'promisedLimit', message: '承诺办结时限应为 0–3650 的整数' });
  else if (isInt(f.legalLimit) && f.promisedLimit > f.legalLimit)
    e.push({ field: 'promisedLimit', message: `承诺办结时限（${f.promisedLimit}）不能超过法定办结时限（${f.legalLimit}）` });
  if (!LIMIT_UNITS[f.limitUnit]) e.push({ field: 'limitUnit', message: '时限单位只能是工作日或自然日' });
  if (!KINDS[f.kind]) e.push({ field: 'kind', message: '办件类型只能是即办件、承诺件、上报件、联办件' });
  if (!isInt(f.onlineDepth) || f.onlineDepth < 1 || f.onlineDepth > 4) e.push({ field: 'onlineDepth', message: '网上办理深度应为 1–4 级' });
  if (!isInt(f.visits) || f.visits < 0 || f.visits > 10) e.push({ field: 'visits', message: '到办事现场次数应为 0–10 的整数' });
  if (!isInt(f.extensionAllowance) || f.extensionAllowance < 0 || f.extensionAllowance > 60)
    e.push({ field: 'extensionAllowance', message: '可延长时限应为 0–60 个工作日' });
  for (const m of f.crossProvinceModes) if (!CROSS_PROVINCE_MODES[m]) e.push({ field: 'crossProvinceModes', message: `未知的跨省通办方式 ${m}` });
  for (const a of f.audiences) if (!AUDIENCES[a]) e.push({ field: 'audiences', message: `未知的服务对象 ${a}` });
  const seen = new Set<string>();
  f.materials.forEach((m, i) => {
    if (!m.name) e.push({ field: `materials.${i}.name`, message: `第 ${i + 1} 项材料缺少名称` });
    else if (seen.has(m.name)) e.push({ field: `materials.${i}.name`, message: `材料“${m.name}”重复` });
    seen.add(m.name);
    if (!MATERIAL_FORMS[m.form]) e.push({ field: `materials.${i}.form`, message: `第 ${i + 1} 项材料形式应为原件、复印件、原件和复印件或电子` });
    if (!isInt(m.copies) || m.copies < 0 || m.copies > 99) e.push({ field: `materials.${i}.copies`, message: `第 ${i + 1} 项材料份数应为 0–99` });
  });
  f.faqs.forEach((q, i) => {
    if (!q.question || !q.answer) e.push({ field: `faqs.${i}`, message: `第 ${i + 1} 条常见问题缺少问题或解答` });
  });
  f.locations.forEach((l, i) => {
    if (!l.name) e.push({ field: `locations.${i}.name`, message: `第 ${i + 1} 个办理地点缺少名称` });
  });
  f.fees.forEach((x, i) => {
    if (!x.name) e.push({ field: `fees.${i}.name`, message: `第 ${i + 1} 项收费缺少名称` });
  });
  if (f.onlineUrl && !/^https?:\/\//.test(f.onlineUrl)) e.push({ field: 'onlineUrl', message: '网办地址应以 http:// 或 https:// 开头' });
  return e;
}

/** The department kind a level's 实施主体 must be. */
export function departmentKindForLevel(level: 4 | 5 | 6): ReadonlyArray<string> {
  return level === 4 ? ['bureau', 'department'] : level === 5 ? ['township'] : ['village'];
}

// ---------------------------------------------------------------- data quality

export type QualityRule =
  | 'promised_gt_legal'
  | 'instant_with_limit'
  | 'promised_without_limit'
  | 'depth4_requires_visit'
  | 'missing_materials'
  | 'missing_legal_basis'
  | 'stale_draft';

export const QUALITY_RULES: Record<QualityRule, string> = {
  promised_gt_legal: '承诺时限超过法定时限',
  instant_with_limit: '即办件设置了办结时限',
  promised_without_limit: '承诺件未设置承诺时限',
  depth4_requires_visit: '四级（全程网办）事项仍需到现场',
  missing_materials: '依申请事项缺少申请材料',
  missing_legal_basis: '缺少设定依据',
  stale_draft: '草稿超过 30 天未审核发布',
};

interface QualitySubject extends Pick<ItemFields, 'kind' | 'legalLimit' | 'promisedLimit' | 'onlineDepth' | 'visits' | 'materials' | 'legalBasis' | 'applicationBased'> {
  status: string;
  updatedAt: string;
}

const STALE_DRAFT_DAYS = 30;

export function qualityIssues(v: QualitySubject, now: Date): Array<{ rule: QualityRule; field: string; message: string }> {
  const out: Array<{ rule: QualityRule; field: string; message: string }> = [];
  const add = (rule: QualityRule, field: string, message = QUALITY_RULES[rule]) => out.push({ rule, field, message });
  if (v.promisedLimit > v.legalLimit) add('promised_gt_legal', 'promisedLimit', `承诺 ${v.promisedLimit} 天超过法定 ${v.legalLimit} 天`);
  if (v.kind === 'instant' && v.promisedLimit > 0) add('instant_with_limit', 'promisedLimit', `即办件的承诺时限应为 0，现为 ${v.promisedLimit}`);
  if (v.kind === 'promised' && v.promisedLimit === 0) add('promised_without_limit', 'promisedLimit');
  if (v.onlineDepth === 4 && v.visits > 0) add('depth4_requires_visit', 'visits', `四级事项应 0 次到现场，现为 ${v.visits} 次`);
  if (v.applicationBased && v.materials.length === 0) add('missing_materials', 'materials');
  if (!v.legalBasis.trim()) add('missing_legal_basis', 'legalBasis');
  if (v.status === 'draft' && now.getTime() - new Date(v.updatedAt).getTime() > STALE_DRAFT_DAYS * 86_400_000) add('stale_draft', 'status');
  return out;
}

/** The 实施清单 elements whose filling the 填报率 measures. */
const FILL_ELEMENTS: Array<{ key: string; label: string; filled: (f: ItemFields) => boolean }> = [
  { key: 'legalBasis', label: '设定依据', filled: (f) => !!f.legalBasis.trim() },
  { key: 'conditions', label: '受理条件', filled: (f) => !!f.conditions.trim() },
  { key: 'legalLimit', label: '法定办结时限', filled: (f) => f.legalLimit > 0 || f.kind === 'instant' },
  { key: 'promisedLimit', label: '承诺办结时限', filled: (f) => f.promisedLimit > 0 || f.kind === 'instant' },
  { key: 'materials', label: '申请材料', filled: (f) => f.materials.length > 0 || !f.applicationBased },
  { key: 'locations', label: '办理地点', filled: (f) => f.locations.length > 0 },
  { key: 'hours', label: '办理时间', filled: (f) => f.locations.some((l) => !!l.hours) },
  { key: 'phone', label: '咨询电话', filled: (f) => f.locations.some((l) => !!l.phone) },
  { key: 'faqs', label: '常见问题', filled: (f) => f.faqs.length > 0 },
  { key: 'audiences', label: '服务对象', filled: (f) => f.audiences.length > 0 },
];

/** Filled elements over all elements of these versions: the 实施清单填报率. */
export function fillRate(versions: readonly ItemFields[]): { numerator: number; denominator: number; value: number | null } {
  let num = 0;
  for (const v of versions) for (const el of FILL_ELEMENTS) if (el.filled(v)) num++;
  const den = versions.length * FILL_ELEMENTS.length;
  return { numerator: num, denominator: den, value: den ? num / den : null };
}

/** Fields compared to decide whether an import row changes an item. */
export function sameFields(a: ItemFields, b: ItemFields): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(f: ItemFields): unknown {
  const keys = Object.keys(f).sort() as Array<keyof ItemFields>;
  return keys.map((k) => [k, f[k]]);
}
