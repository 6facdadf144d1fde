/**
 * The catalogue's Excel layout, the bureau's 实施清单: one sheet per level (县级事项 / 乡镇级事项 / 村级事项),
 * one row per item, the headings of catalog-columns.md. Lists that need structure (materials, fees, places,
 * FAQs) are one entry per line inside their cell, in a small grammar that a person can type and that
 * exports back identically. Export (catalog.export.ts) writes it, import (catalog.import*.ts) reads it.
 */
import type ExcelJS from 'exceljs';
import type { ItemMaterial, ItemStatus } from '../../shared/catalog.types';
import { AUDIENCES, CROSS_PROVINCE_MODES, DEPTHS, ITEM_TYPES, KINDS, LIMIT_UNITS, MATERIAL_FORMS, STATUSES } from '../../shared/catalog.labels';
import type { ItemFields } from './catalog.rules';

/** Loaded on first use: exceljs costs ~0.4 s of start-up for a feature used a few times a day. */
export const loadExcel = async () => (await import('exceljs')).default;

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const IMPORT_MAX_BYTES = 20 * 1024 * 1024;

export const SHEETS: Array<{ level: 4 | 5 | 6; name: string }> = [
  { level: 4, name: '县级事项' },
  { level: 5, name: '乡镇级事项' },
  { level: 6, name: '村级事项' },
];

interface Column {
  heading: string;
  width: number;
  /** The item field(s) validation errors of this column name. */
  fields: string[];
  required?: boolean;
}

export const COLUMNS: Column[] = [
  { heading: '事项名称', width: 36, fields: ['name'], required: true },
  { heading: '事项编码', width: 34, fields: ['code'], required: true },
  { heading: '事项类型', width: 12, fields: ['type'], required: true },
  { heading: '是否依申请', width: 10, fields: ['applicationBased'] },
  { heading: '实施主体', width: 28, fields: ['departmentId'], required: true },
  { heading: '法定办结时限', width: 12, fields: ['legalLimit'], required: true },
  { heading: '法定办结时限单位', width: 12, fields: [] },
  { heading: '承诺办结时限', width: 12, fields: ['promisedLimit'], required: true },
  { heading: '承诺办结时限单位', width: 12, fields: ['limitUnit'] },
  { heading: '办件类型', width: 10, fields: ['kind'], required: true },
  { heading: '网上办理深度', width: 26, fields: ['onlineDepth'], required: true },
  { heading: '到办事现场次数', width: 12, fields: ['visits'] },
  { heading: '是否就近办', width: 10, fields: ['nearby'] },
  { heading: '跨省通办方式', width: 18, fields: ['crossProvinceModes'] },
  { heading: '可延长时限（工作日）', width: 12, fields: ['extensionAllowance'] },
  { heading: '申请材料', width: 50, fields: ['materials'] },
  { heading: '收费项目', width: 24, fields: ['fees'] },
  { heading: '设定依据', width: 40, fields: ['legalBasis'] },
  { heading: '受理条件', width: 40, fields: ['conditions'] },
  { heading: '办理地点', width: 44, fields: ['locations'] },
  { heading: '常见问题', width: 44, fields: ['faqs'] },
  { heading: '服务对象', width: 10, fields: ['audiences'] },
  { heading: '主题分类', width: 16, fields: ['lifeEvents'] },
  { heading: '关键词', width: 20, fields: ['keywords'] },
  { heading: '网办地址', width: 30, fields: ['onlineUrl'] },
  { heading: '事项状态', width: 10, fields: [] },
  { heading: '版本', width: 6, fields: [] },
];

export const GUIDE_LINES = [
  '填写说明（导入时不读取本工作表）',
  '每个层级一个工作表：县级事项、乡镇级事项、村级事项；第一行为表头，从第二行起每行一个事项。',
  '事项编码：已存在的编码视为修改（生成新的草稿版本，内容未变的行不做任何改动），不存在的编码视为新增。',
  '事项类型：行政许可、行政处罚……公共服务，或填代码 01–10、20。办件类型：即办件、承诺件、上报件、联办件。',
  '网上办理深度：一级、二级、三级、四级（或 1–4）。时限单位：工作日或自然日（法定与承诺须一致）。是/否 栏填“是”或“否”。',
  '跨省通办方式：全程网办、异地代收代办、多地联办，多个用“、”分隔；不通办留空。',
  '申请材料：每行一项，格式：材料名称【原件，1份，必要，电子证照可免提交，备注：……】；只写名称时按“原件，1份，必要”处理。',
  '收费项目：每行一项，格式：项目｜标准｜依据；不收费留空。办理地点：每行一处，格式：名称｜地址｜办理时间｜电话。',
  '常见问题：“问：……”一行，“答：……”一行，成对填写。服务对象：个人、法人。主题分类、关键词：用“、”分隔。',
  '“事项状态”“版本”两列仅供查看，导入时忽略。',
];

// ---------------------------------------------------------------- cell grammar

export const YES = '是';
export const NO = '否';
/** Separates the entries of a one-line list cell. */
export const SEP = '、';

/** Label → code, to read a cell written with the labels. */
function invert<K extends string>(o: Record<K, string>): Map<string, K> {
  return new Map((Object.keys(o) as K[]).map((k) => [o[k], k]));
}
export const TYPE_BY_LABEL = invert(ITEM_TYPES);
export const KIND_BY_LABEL = invert(KINDS);
export const UNIT_BY_LABEL = invert(LIMIT_UNITS);
export const CP_BY_LABEL = invert(CROSS_PROVINCE_MODES);
const FORM_BY_LABEL = invert(MATERIAL_FORMS);
export const AUD_BY_LABEL = invert(AUDIENCES);
export const DEPTH_WORDS: Record<string, number> = { 一级: 1, 二级: 2, 三级: 3, 四级: 4, Ⅰ: 1, Ⅱ: 2, Ⅲ: 3, Ⅳ: 4, I: 1, II: 2, III: 3, IV: 4 };

// Regular expressions with Chinese are built from strings, which the bundler writes as \u escapes (it leaves
// regular-expression literals as typed): the server bundle then stays one-byte source (docs/operations.md, "Memory").
const MATERIAL_ENTRY = new RegExp('^(.*?)【(.*)】$');
const MATERIAL_PART_SEP = new RegExp('[，,]');
const COPIES = new RegExp('^\\d+份$');
const BAR_SEP = new RegExp('[｜|]');
const TRAILING_BAR = new RegExp('｜$');

export function formatMaterial(m: ItemMaterial): string {
  const parts = [MATERIAL_FORMS[m.form], `${m.copies}份`, m.required ? '必要' : '非必要'];
  if (m.eLicenseReplaceable) parts.push('电子证照可免提交');
  if (m.note) parts.push(`备注：${m.note}`);
  return `${m.name}【${parts.join('，')}】`;
}

export function parseMaterial(line: string): { material?: ItemMaterial; error?: string } {
  const m = MATERIAL_ENTRY.exec(line.trim());
  if (!m) return { material: { name: line.trim(), form: 'original', copies: 1, required: true, eLicenseReplaceable: false, note: null } };
  const name = m[1].trim();
  const material: ItemMaterial = { name, form: 'original', copies: 1, required: true, eLicenseReplaceable: false, note: null };
  const body = m[2];
  const noteAt = body.indexOf('备注：');
  const head = noteAt >= 0 ? body.slice(0, noteAt) : body;
  if (noteAt >= 0) material.note = body.slice(noteAt + 3).trim() || null;
  for (const raw of head.split(MATERIAL_PART_SEP)) {
    const p = raw.trim();
    if (!p) continue;
    const form = FORM_BY_LABEL.get(p);
    if (form) material.form = form;
    else if (COPIES.test(p)) material.copies = Number(p.slice(0, -1));
    else if (p === '必要') material.required = true;
    else if (p === '非必要') material.required = false;
    else if (p === '电子证照可免提交' || p === '可免提交' || p === '免提交') material.eLicenseReplaceable = true;
    else return { error: `材料“${name}”的“${p}”无法识别（应为 原件/复印件/原件和复印件/电子、N份、必要/非必要、电子证照可免提交、备注：…）` };
  }
  return { material };
}

/** The entries of a multi-line cell, one per line. */
export const lines = (s: string) => s.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
/** The parts of an entry, separated by ｜. */
export const bar = (s: string) => s.split(BAR_SEP).map((x) => x.trim());

export function formatFields(code: string, f: ItemFields, deptName: string, status: ItemStatus, version: number): Array<string | number> {
  return [
    f.name,
    code,
    ITEM_TYPES[f.type] ?? f.type,
    f.applicationBased ? YES : NO,
    deptName,
    f.legalLimit,
    LIMIT_UNITS[f.limitUnit],
    f.promisedLimit,
    LIMIT_UNITS[f.limitUnit],
    KINDS[f.kind],
    DEPTHS[f.onlineDepth as 1 | 2 | 3 | 4],
    f.visits,
    f.nearby ? YES : NO,
    f.crossProvinceModes.map((m) => CROSS_PROVINCE_MODES[m]).join(SEP),
    f.extensionAllowance,
    f.materials.map(formatMaterial).join('\n'),
    f.fees.map((x) => [x.name, x.standard, x.basis ?? ''].join('｜').replace(TRAILING_BAR, '')).join('\n'),
    f.legalBasis,
    f.conditions,
    f.locations.map((l) => [l.name, l.address, l.hours, l.phone ?? ''].join('｜').replace(TRAILING_BAR, '')).join('\n'),
    f.faqs.map((q) => `问：${q.question}\n答：${q.answer}`).join('\n'),
    f.audiences.map((a) => AUDIENCES[a]).join(SEP),
    f.lifeEvents.join(SEP),
    f.keywords.join(SEP),
    f.onlineUrl ?? '',
    STATUSES[status],
    version,
  ];
}

export function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('').trim();
    if ('text' in v && typeof v.text === 'string') return v.text.trim();
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if ('error' in v) return '';
  }
  return String(v).trim();
}
