import { CROSS_PROVINCE_MODES, DEPTHS, KINDS, LEVELS, LIMIT_UNITS, MATERIAL_FORMS, STATUSES } from '../../../../src/shared/catalog.labels';
import type { Item, ItemSummary } from './catalog.api';

export { CROSS_PROVINCE_MODES, DEPTHS, KINDS, LEVELS, LIMIT_UNITS, MATERIAL_FORMS, STATUSES };

/** “承诺 5 个工作日” / “即办”: what a citizen wants to know first. */
export function promisedText(i: Pick<ItemSummary, 'kind' | 'promisedLimit' | 'limitUnit'>): string {
  if (i.kind === 'instant' || i.promisedLimit === 0) return '即来即办';
  return `承诺 ${i.promisedLimit} 个${LIMIT_UNITS[i.limitUnit]}`;
}

export function legalText(i: Pick<ItemSummary, 'legalLimit' | 'limitUnit'>): string {
  return i.legalLimit === 0 ? '—' : `${i.legalLimit} 个${LIMIT_UNITS[i.limitUnit]}`;
}

export function visitsText(visits: number): string {
  return visits === 0 ? '不用跑（0 次）' : `最多跑 ${visits} 次`;
}

export function depthShort(d: number): string {
  return ['', '一级', '二级', '三级', '四级（全程网办）'][d] ?? String(d);
}

export const STATUS_COLORS: Record<string, string> = { draft: 'orange', published: 'green', superseded: 'default', retired: 'red' };

/** The fields compared in the version diff, with their labels and how to show them. */
export const DIFF_FIELDS: Array<{ key: keyof Item; label: string; show?: (v: unknown) => string }> = [
  { key: 'name', label: '事项名称' },
  { key: 'typeName', label: '事项类型' },
  { key: 'applicationBased', label: '依申请', show: (v) => (v ? '是' : '否') },
  { key: 'level', label: '行使层级', show: (v) => LEVELS[v as 4] ?? String(v) },
  { key: 'departmentName', label: '实施主体' },
  { key: 'legalLimit', label: '法定办结时限' },
  { key: 'promisedLimit', label: '承诺办结时限' },
  { key: 'limitUnit', label: '时限单位', show: (v) => LIMIT_UNITS[v as 'workday'] },
  { key: 'kind', label: '办件类型', show: (v) => KINDS[v as 'instant'] },
  { key: 'onlineDepth', label: '网上办理深度', show: (v) => DEPTHS[v as 1] },
  { key: 'visits', label: '到办事现场次数' },
  { key: 'nearby', label: '就近办', show: (v) => (v ? '是' : '否') },
  { key: 'crossProvinceModes', label: '跨省通办', show: (v) => (v as string[]).map((m) => CROSS_PROVINCE_MODES[m as 'proxy']).join('、') || '无' },
  { key: 'extensionAllowance', label: '可延长时限' },
  { key: 'materials', label: '申请材料', show: (v) => (v as Item['materials']).map((m) => `${m.name}（${MATERIAL_FORMS[m.form]}${m.copies}份${m.required ? '' : '，非必要'}${m.eLicenseReplaceable ? '，可免提交' : ''}）`).join('；') },
  { key: 'fees', label: '收费', show: (v) => (v as Item['fees']).map((f) => `${f.name} ${f.standard}`).join('；') || '不收费' },
  { key: 'legalBasis', label: '设定依据' },
  { key: 'conditions', label: '受理条件' },
  { key: 'locations', label: '办理地点', show: (v) => (v as Item['locations']).map((l) => `${l.name} ${l.address} ${l.hours} ${l.phone ?? ''}`).join('；') },
  { key: 'faqs', label: '常见问题', show: (v) => (v as Item['faqs']).map((f) => `问：${f.question} 答：${f.answer}`).join('；') },
  { key: 'keywords', label: '关键词', show: (v) => (v as string[]).join('、') },
  { key: 'lifeEvents', label: '主题', show: (v) => (v as string[]).join('、') },
  { key: 'onlineUrl', label: '网办地址', show: (v) => (v as string) ?? '' },
];

export function diffItems(a: Item | undefined, b: Item): Array<{ label: string; before: string; after: string }> {
  const out: Array<{ label: string; before: string; after: string }> = [];
  for (const f of DIFF_FIELDS) {
    const show = f.show ?? ((v: unknown) => (v === null || v === undefined ? '' : String(v)));
    const before = a ? show(a[f.key]) : '';
    const after = show(b[f.key]);
    if (before !== after) out.push({ label: f.label, before, after });
  }
  return out;
}

export const fmtTime = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '—');
