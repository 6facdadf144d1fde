/**
 * Pure rules of the written notices (文书) the 《行政许可法》 requires: which case step issues which kind,
 * the 文号, the fields each kind binds, the default wording and the check of a bureau-edited template.
 * No I/O: the service passes the facts in.
 */
import type { CaseMaterial } from '../../shared/cases.types';
import { MATERIAL_FORMS } from '../../shared/catalog.labels';

import type { DocumentKind } from '../../shared/documents.types';

export type { DocumentKind } from '../../shared/documents.types';
export const DOCUMENT_KINDS: readonly DocumentKind[] = ['acceptance', 'correction', 'rejection', 'approval', 'denial', 'extension', 'special', 'receipt'];
export const isDocumentKind = (s: string): s is DocumentKind => (DOCUMENT_KINDS as readonly string[]).includes(s);

export const DOCUMENT_KIND_LABELS: Record<DocumentKind, string> = {
  acceptance: '受理通知书',
  correction: '补正材料通知书',
  rejection: '不予受理决定书',
  approval: '准予行政许可决定书',
  denial: '不予行政许可决定书',
  extension: '延长审查期限通知书',
  special: '特别程序告知书',
  receipt: '送达回证',
};

/** The character(s) of the kind in the 文号: 邵审受〔2026〕12号. */
export const DOCUMENT_KIND_CODES: Record<DocumentKind, string> = {
  acceptance: '受',
  correction: '补',
  rejection: '不受',
  approval: '许',
  denial: '不许',
  extension: '延',
  special: '特',
  receipt: '送',
};

/** The case step that issues each kind (cases' actions; 送达回证 on delivery of the result). */
export const STEP_KINDS: Record<string, DocumentKind> = {
  accept: 'acceptance',
  deemed_accept: 'acceptance',
  request_correction: 'correction',
  reject: 'rejection',
  approve: 'approval',
  deny: 'denial',
  extend: 'extension',
  suspend: 'special',
  complete: 'receipt',
};

/** Kinds a case may hold several of (one per step): each extension and each special procedure. */
export const REPEATABLE_KINDS: readonly DocumentKind[] = ['extension', 'special', 'correction'];

/**
 * Why the application stands accepted, as the 受理通知书 says it: the window's decision (§32 (五)), or the
 * law's when the window let the intake window pass without a word (§32 (四): accepted from the day the
 * materials were received).
 */
export function acceptanceBasis(deemed: boolean, acceptedOn: string): string {
  return deemed
    ? `本机关未在法定期限内告知补正或者作出是否受理的决定。根据《中华人民共和国行政许可法》第三十二条第一款第（四）项的规定，自收到申请材料之日（${acceptedOn}）起即为受理（视为受理）。`
    : `申请材料齐全、符合法定形式。根据《中华人民共和国行政许可法》第三十二条第一款第（五）项的规定，本机关于${acceptedOn}决定予以受理。`;
}

export function documentNo(prefix: string, kind: DocumentKind, year: number, seq: number): string {
  return `${prefix}${DOCUMENT_KIND_CODES[kind]}〔${year}〕${seq}号`;
}

/** Counter name of one department × kind × year (kernel nextSequence: gapless inside the issuing transaction). */
export const sequenceName = (departmentId: number, kind: DocumentKind, year: number) => `documents.${departmentId}.${kind}.${year}`;

/** The county's own name before a department's (a string, not a regular-expression literal, so that the bundler escapes it: docs/operations.md, "Memory"). */
const COUNTY_PREFIX = new RegExp('^邵东市');
const stemOf = (dept: { name: string; shortName: string | null }) => (dept.shortName ?? dept.name).replace(COUNTY_PREFIX, '');

/**
 * Default 文号 prefix: the county's initial and the first character of the department's short name (邵 + 审),
 * or as many characters as it takes to tell it from every other department's (公安局 → 邵公安, 公积金分中心 →
 * 邵公积): a 文号 names one organ, and two departments printing 邵公受〔2026〕1号 would issue the same number
 * twice. `others` are all the departments that may issue (the department itself may be among them).
 */
export function defaultPrefix(countyInitial: string, dept: { id?: number; name: string; shortName: string | null }, others: ReadonlyArray<{ id?: number; name: string; shortName: string | null }> = []): string {
  const stem = stemOf(dept);
  const isSelf = (o: { id?: number; name: string }) => (o.id !== undefined && dept.id !== undefined ? o.id === dept.id : o.name === dept.name);
  const rivals = others.filter((o) => !isSelf(o)).map(stemOf);
  for (let k = 1; k < stem.length; k++) {
    const head = stem.slice(0, k);
    if (!rivals.some((r) => r.slice(0, k) === head)) return `${countyInitial}${head}`;
  }
  return `${countyInitial}${stem}`;
}

// ---------------------------------------------------------------------------------------------------
// Fields and templates
// ---------------------------------------------------------------------------------------------------

const COMMON_FIELDS = ['申请人', '办件号', '事项名称', '机关名称', '成文日期', '文号'] as const;

/** The data fields a template of each kind may use; `{{字段}}` in the wording. */
export const KIND_FIELDS: Record<DocumentKind, readonly string[]> = {
  acceptance: [...COMMON_FIELDS, '申请日期', '受理日期', '承诺办结日', '法定办结日', '受理依据'],
  correction: [...COMMON_FIELDS, '申请日期', '补正材料清单', '补正说明'],
  rejection: [...COMMON_FIELDS, '申请日期', '理由', '法律依据', '复议机关', '人民法院'],
  approval: [...COMMON_FIELDS, '受理日期', '法律依据', '决定日期'],
  denial: [...COMMON_FIELDS, '受理日期', '理由', '法律依据', '复议机关', '人民法院', '决定日期'],
  extension: [...COMMON_FIELDS, '受理日期', '延长天数', '延期理由', '批准人', '新法定办结日'],
  special: [...COMMON_FIELDS, '特别程序', '中止日期'],
  receipt: [...COMMON_FIELDS, '送达文书', '送达方式', '送达日期'],
};

export interface DocumentTemplate {
  title: string;
  /** Paragraphs; `{{字段}}` is replaced by the case's data. A paragraph that is only `{{补正材料清单}}` becomes the table. */
  body: string;
}

const REMEDIES =
  '如不服本决定，可以自收到本决定书之日起六十日内向{{复议机关}}申请行政复议，或者自收到本决定书之日起六个月内依法向{{人民法院}}提起行政诉讼。';

export const DEFAULT_TEMPLATES: Record<DocumentKind, DocumentTemplate> = {
  acceptance: {
    title: '受理通知书',
    body: [
      '{{申请人}}：',
      '你（单位）于{{申请日期}}提出的“{{事项名称}}”申请（办件号：{{办件号}}），{{受理依据}}',
      '本机关承诺于{{承诺办结日}}前作出决定，法定办结日为{{法定办结日}}。依法需要听证、招标、拍卖、检验、检测、检疫、鉴定和专家评审的，所需时间不计算在期限内。',
      '特此通知。',
    ].join('\n'),
  },
  correction: {
    title: '补正材料通知书（一次性告知书）',
    body: [
      '{{申请人}}：',
      '你（单位）于{{申请日期}}提出的“{{事项名称}}”申请（办件号：{{办件号}}），经审查，申请材料不齐全或者不符合法定形式。根据《中华人民共和国行政许可法》第三十二条第一款第（四）项的规定，现一次性告知你（单位）需要补正的全部内容如下：',
      '{{补正材料清单}}',
      '{{补正说明}}',
      '请按上述要求一次性补正后重新提交。补正材料提交之日起，本机关依法重新计算受理期限。',
      '特此通知。',
    ].join('\n'),
  },
  rejection: {
    title: '不予受理决定书',
    body: [
      '{{申请人}}：',
      '你（单位）于{{申请日期}}提出的“{{事项名称}}”申请（办件号：{{办件号}}），经审查，{{理由}}。',
      '根据《中华人民共和国行政许可法》第三十二条第一款的规定，本机关决定不予受理。本事项的设定依据为：{{法律依据}}。',
      REMEDIES,
    ].join('\n'),
  },
  approval: {
    title: '准予行政许可决定书',
    body: [
      '{{申请人}}：',
      '你（单位）于{{受理日期}}经本机关受理的“{{事项名称}}”申请（办件号：{{办件号}}），经审查，符合法定条件、标准。根据{{法律依据}}和《中华人民共和国行政许可法》第三十八条第一款的规定，本机关决定准予行政许可。',
      '本机关将依法制作并送达行政许可证件。',
    ].join('\n'),
  },
  denial: {
    title: '不予行政许可决定书',
    body: [
      '{{申请人}}：',
      '你（单位）于{{受理日期}}经本机关受理的“{{事项名称}}”申请（办件号：{{办件号}}），经审查，{{理由}}，不符合{{法律依据}}规定的条件。',
      '根据《中华人民共和国行政许可法》第三十八条第二款的规定，本机关决定不予行政许可。',
      REMEDIES,
    ].join('\n'),
  },
  extension: {
    title: '延长审查期限通知书',
    body: [
      '{{申请人}}：',
      '你（单位）于{{受理日期}}经本机关受理的“{{事项名称}}”申请（办件号：{{办件号}}），因{{延期理由}}，不能在法定期限内作出决定。经本机关负责人{{批准人}}批准，根据《中华人民共和国行政许可法》第四十二条第一款的规定，审查期限延长{{延长天数}}个工作日，法定办结日延至{{新法定办结日}}。',
      '特此通知。',
    ].join('\n'),
  },
  special: {
    title: '特别程序告知书',
    body: [
      '{{申请人}}：',
      '你（单位）申请的“{{事项名称}}”（办件号：{{办件号}}）需进行{{特别程序}}，自{{中止日期}}起中止计算审查期限。根据《中华人民共和国行政许可法》第四十五条的规定，{{特别程序}}所需时间不计算在审查期限内，程序结束后恢复计算并书面告知。',
      '特此告知。',
    ].join('\n'),
  },
  receipt: {
    title: '送达回证',
    body: ['受送达人：{{申请人}}', '送达文书：{{送达文书}}', '办件号：{{办件号}}（{{事项名称}}）', '送达方式：{{送达方式}}', '送达日期：{{送达日期}}'].join('\n'),
  },
};

const PLACEHOLDER = /\{\{\s*([^{}\s]+)\s*\}\}/g;

/** Placeholders a template uses that its kind does not know (a 422 when the bureau saves it). */
export function unknownFields(kind: DocumentKind, t: DocumentTemplate): string[] {
  const known = new Set(KIND_FIELDS[kind]);
  const used = [...`${t.title}\n${t.body}`.matchAll(PLACEHOLDER)].map((m) => m[1]);
  return [...new Set(used.filter((f) => !known.has(f)))];
}

/** Unbalanced braces are a typo that would print as-is. */
export function strayBraces(t: DocumentTemplate): boolean {
  const rest = `${t.title}\n${t.body}`.replace(PLACEHOLDER, '');
  return /\{\{|\}\}/.test(rest);
}

export type FieldValues = Record<string, string>;

export const MATERIALS_TABLE = '{{补正材料清单}}';

/** One paragraph of a rendered document: text, or the materials table of a 一次性告知书. */
export type Paragraph = { text: string } | { table: MaterialLine[] };

export interface MaterialLine {
  name: string;
  problem: string;
  form: string;
}

export function fill(text: string, values: FieldValues): string {
  return text.replace(PLACEHOLDER, (_, f: string) => values[f] ?? '');
}

/** The body's paragraphs with the data filled in; empty paragraphs (an unused 补正说明) are dropped. */
export function renderParagraphs(t: DocumentTemplate, values: FieldValues, materials: MaterialLine[]): Paragraph[] {
  const out: Paragraph[] = [];
  for (const line of t.body.split('\n')) {
    if (line.trim() === MATERIALS_TABLE) {
      out.push({ table: materials });
      continue;
    }
    const text = fill(line, values).trim();
    if (text) out.push({ text });
  }
  return out;
}

/** 一次性告知: every missing or non-conforming material, what is wrong and the form required. */
export function correctionLines(materials: readonly CaseMaterial[], missing: readonly string[], note: string | null): MaterialLine[] {
  return missing.map((name) => {
    const m = materials.find((x) => x.name === name);
    const form = m ? `${MATERIAL_FORMS[m.form] ?? m.form} ${m.copies} 份` : '按申请须知要求';
    const problem = m ? (m.provided ? '已提交但不符合法定形式' : '未提交') : (note ?? '不符合要求');
    return { name, problem, form };
  });
}

/** A day as a notice writes it: 2026年9月24日. */
export function chineseDate(day: string | null): string {
  if (!day) return '';
  const [y, m, d] = day.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}
