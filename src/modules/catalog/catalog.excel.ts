/**
 * Excel import and export of the whole catalogue in the bureau's 实施清单 layout: one sheet per level
 * (县级事项 / 乡镇级事项 / 村级事项), one row per item, the headings of catalog-columns.md. Lists that
 * need structure (materials, fees, places, FAQs) are one entry per line inside their cell, in a small
 * grammar that a person can type and that exports back identically.
 *
 * Import validates every row first and reports all errors with sheet, row and column; any error and
 * nothing is written. A good file is written in one transaction.
 */
import type ExcelJS from 'exceljs';

// Loaded on first use: exceljs costs ~0.4 s of start-up for a feature used a few times a day.
const loadExcel = async () => (await import('exceljs')).default;
import type { CatalogNeedsContext } from './catalog.context';
import { tablesOf } from '../../kernel/kernel.tables';
import type { CatalogDb, CatalogTables } from './catalog.tables';
import type { Actor } from '../../kernel/auth/actor';
import { hasRole, readsAllDepartments } from '../../kernel/auth/actor';
import { AppError, forbidden } from '../../kernel/errors';
import { recordAudit } from '../../kernel/audit/audit';
import { parseJson } from '../../kernel/db/db';
import type { CrossProvinceMode, ImportError, ImportJob, ImportResult, ItemMaterial, ItemStatus } from '../../shared/catalog.types';
import { AUDIENCES, CROSS_PROVINCE_MODES, DEPTHS, ITEM_TYPES, KINDS, LEVELS, LIMIT_UNITS, MATERIAL_FORMS, STATUSES } from '../../shared/catalog.labels';
import { departmentKindForLevel, mergeFields, sameFields, validateCode, validateFields, type Audience, type ItemFields } from './catalog.rules';
import { fieldsOfRow, rowOfFields, type CatalogServiceImpl } from './catalog.service';

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

const YES = '是';
const NO = '否';
const SEP = '、';

const invert = <K extends string | number>(o: Record<K, string>) => new Map(Object.entries(o).map(([k, v]) => [v as string, k]));
const TYPE_BY_LABEL = invert(ITEM_TYPES);
const KIND_BY_LABEL = invert(KINDS);
const UNIT_BY_LABEL = invert(LIMIT_UNITS);
const CP_BY_LABEL = invert(CROSS_PROVINCE_MODES);
const FORM_BY_LABEL = invert(MATERIAL_FORMS);
const AUD_BY_LABEL = invert(AUDIENCES);
const DEPTH_WORDS: Record<string, number> = { 一级: 1, 二级: 2, 三级: 3, 四级: 4, Ⅰ: 1, Ⅱ: 2, Ⅲ: 3, Ⅳ: 4, I: 1, II: 2, III: 3, IV: 4 };

export function formatMaterial(m: ItemMaterial): string {
  const parts = [MATERIAL_FORMS[m.form], `${m.copies}份`, m.required ? '必要' : '非必要'];
  if (m.eLicenseReplaceable) parts.push('电子证照可免提交');
  if (m.note) parts.push(`备注：${m.note}`);
  return `${m.name}【${parts.join('，')}】`;
}

export function parseMaterial(line: string): { material?: ItemMaterial; error?: string } {
  const m = /^(.*?)【(.*)】$/.exec(line.trim());
  if (!m) return { material: { name: line.trim(), form: 'original', copies: 1, required: true, eLicenseReplaceable: false, note: null } };
  const name = m[1].trim();
  const material: ItemMaterial = { name, form: 'original', copies: 1, required: true, eLicenseReplaceable: false, note: null };
  const body = m[2];
  const noteAt = body.indexOf('备注：');
  const head = noteAt >= 0 ? body.slice(0, noteAt) : body;
  if (noteAt >= 0) material.note = body.slice(noteAt + 3).trim() || null;
  for (const raw of head.split(/[，,]/)) {
    const p = raw.trim();
    if (!p) continue;
    if (FORM_BY_LABEL.has(p)) material.form = FORM_BY_LABEL.get(p) as ItemMaterial['form'];
    else if (/^\d+份$/.test(p)) material.copies = Number(p.slice(0, -1));
    else if (p === '必要') material.required = true;
    else if (p === '非必要') material.required = false;
    else if (p === '电子证照可免提交' || p === '可免提交' || p === '免提交') material.eLicenseReplaceable = true;
    else return { error: `材料“${name}”的“${p}”无法识别（应为 原件/复印件/原件和复印件/电子、N份、必要/非必要、电子证照可免提交、备注：…）` };
  }
  return { material };
}

const lines = (s: string) => s.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
const bar = (s: string) => s.split(/[｜|]/).map((x) => x.trim());

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
    f.fees.map((x) => [x.name, x.standard, x.basis ?? ''].join('｜').replace(/｜$/, '')).join('\n'),
    f.legalBasis,
    f.conditions,
    f.locations.map((l) => [l.name, l.address, l.hours, l.phone ?? ''].join('｜').replace(/｜$/, '')).join('\n'),
    f.faqs.map((q) => `问：${q.question}\n答：${q.answer}`).join('\n'),
    f.audiences.map((a) => AUDIENCES[a]).join(SEP),
    f.lifeEvents.join(SEP),
    f.keywords.join(SEP),
    f.onlineUrl ?? '',
    STATUSES[status],
    version,
  ];
}

function cellText(v: ExcelJS.CellValue): string {
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

// ---------------------------------------------------------------- export

export async function exportCatalog(ctx: CatalogNeedsContext, actor: Actor, which: 'published' | 'latest'): Promise<Buffer> {
  const org = ctx.services.org;
  const db = tablesOf<CatalogTables>(ctx.db);
  let qb = db.selectFrom('catalog_versions as v').selectAll('v');
  if (which === 'published') qb = qb.where('v.status', '=', 'published');
  else qb = qb.innerJoin('catalog_items as i', (j) => j.onRef('i.code', '=', 'v.code').onRef('i.latest_version', '=', 'v.version')).where('i.status', '<>', 'retired');
  if (!readsAllDepartments(actor) && hasRole(actor, 'catalog_editor')) qb = qb.where('v.department_id', '=', actor.departmentId ?? -1);
  const rows = await qb.execute();
  const depts = await org.all();
  const order = new Map(depts.map((d, i) => [d.id, i]));
  const collator = new Intl.Collator('zh');
  rows.sort((a, b) => (order.get(a.department_id) ?? 0) - (order.get(b.department_id) ?? 0) || collator.compare(a.name, b.name) || (a.code < b.code ? -1 : 1));

  const wb = new (await loadExcel()).Workbook();
  wb.creator = 'onewindow 一窗通办';
  wb.created = ctx.clock.now();
  for (const s of SHEETS) {
    const ws = wb.addWorksheet(s.name, { views: [{ state: 'frozen', xSplit: 1, ySplit: 1 }] });
    ws.columns = COLUMNS.map((c) => ({ header: c.heading, width: c.width }));
    ws.getRow(1).font = { bold: true };
    ws.getRow(1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
    for (const r of rows.filter((x) => x.level === s.level)) {
      const f = fieldsOfRow(r);
      const row = ws.addRow(formatFields(r.code, f, (await org.byId(f.departmentId))?.name ?? '', r.status, r.version));
      row.alignment = { vertical: 'top', wrapText: true };
    }
  }
  const guide = wb.addWorksheet('填写说明');
  guide.getColumn(1).width = 120;
  for (const l of GUIDE_LINES) guide.addRow([l]);
  guide.getRow(1).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

// ---------------------------------------------------------------- import: parse and validate

export type { ImportError, ImportJob, ImportResult } from '../../shared/catalog.types';

export interface ParsedRow {
  sheet: string;
  row: number;
  code: string;
  fields: ItemFields;
}

function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

const fileInvalid = (message: string) => new AppError('IMPORT_FILE_INVALID', 422, message, { field: 'file' });

export async function loadWorkbook(buf: Buffer | undefined): Promise<ExcelJS.Workbook> {
  if (!buf || buf.length === 0) throw fileInvalid('请上传 Excel 文件（.xlsx）');
  // .xlsx is a zip archive: anything else (an .xls, a CSV, a renamed file) is refused with a clear message
  if (buf[0] !== 0x50 || buf[1] !== 0x4b) throw fileInvalid('文件不是 .xlsx 格式的 Excel 工作簿（如为 .xls，请在 Excel 中另存为 .xlsx）');
  const wb = new (await loadExcel()).Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch {
    throw fileInvalid('Excel 文件已损坏或无法读取，请重新导出后再试');
  }
  return wb;
}

export interface ParseResult {
  rows: ParsedRow[];
  errors: ImportError[];
  total: number;
}

/**
 * Reads and checks every row; returns all errors. `onProgress` is called every 50 rows.
 */
export async function parseWorkbook(
  wb: ExcelJS.Workbook,
  ctx: CatalogNeedsContext,
  actor: Actor,
  onProgress?: (processed: number, total: number) => void | Promise<void>,
): Promise<ParseResult> {
  const org = ctx.services.org;
  const errors: ImportError[] = [];
  const rows: ParsedRow[] = [];
  const sheets = SHEETS.map((s) => ({ ...s, ws: wb.getWorksheet(s.name) })).filter((s) => s.ws);
  if (sheets.length === 0) {
    errors.push({ sheet: '', row: null, column: null, cell: null, message: `没有找到工作表“${SHEETS.map((s) => s.name).join('”“')}”之一` });
    return { rows, errors, total: 0 };
  }
  const total = sheets.reduce((n, s) => n + Math.max(0, s.ws!.actualRowCount - 1), 0);
  let processed = 0;
  const seenCodes = new Map<string, string>();
  const editorDept = hasRole(actor, 'admin') ? null : actor.departmentId ?? -1;

  for (const { level, name: sheet, ws } of sheets) {
    const header = ws!.getRow(1);
    const colOf = new Map<string, number>();
    header.eachCell((cell, col) => colOf.set(cellText(cell.value).replace(/\s+/g, ''), col));
    const missing = COLUMNS.filter((c) => c.required && !colOf.has(c.heading));
    if (missing.length) {
      errors.push({ sheet, row: 1, column: null, cell: null, message: `表头缺少必填列：${missing.map((c) => c.heading).join('、')}` });
      continue;
    }
    for (let r = 2; r <= ws!.rowCount; r++) {
      const row = ws!.getRow(r);
      const get = (heading: string) => {
        const col = colOf.get(heading);
        return col ? cellText(row.getCell(col).value) : '';
      };
      if (COLUMNS.every((c) => !get(c.heading))) continue;
      processed++;
      const rowErrors: ImportError[] = [];
      const err = (heading: string, message: string) => {
        const col = colOf.get(heading);
        rowErrors.push({ sheet, row: r, column: heading, cell: col ? `${columnLetter(col)}${r}` : null, message });
      };
      const int = (heading: string, dflt?: number): number => {
        const t = get(heading);
        if (!t) {
          if (dflt === undefined) err(heading, `${heading}不能为空`);
          return dflt ?? 0;
        }
        if (!/^-?\d+$/.test(t)) {
          err(heading, `${heading}应为整数，现为“${t}”`);
          return 0;
        }
        return Number(t);
      };
      const yesNo = (heading: string, dflt: boolean): boolean => {
        const t = get(heading);
        if (!t) return dflt;
        if (t === YES) return true;
        if (t === NO) return false;
        err(heading, `${heading}应填“是”或“否”，现为“${t}”`);
        return dflt;
      };
      const label = <T>(heading: string, map: Map<string, string>, dflt: T | undefined, extra?: (t: string) => T | undefined): T => {
        const t = get(heading);
        if (!t) {
          if (dflt === undefined) err(heading, `${heading}不能为空`);
          return dflt as T;
        }
        const v = (map.get(t) as T | undefined) ?? extra?.(t);
        if (v === undefined) err(heading, `${heading}“${t}”无法识别，应为：${[...map.keys()].join('、')}`);
        return v as T;
      };

      const code = get('事项编码');
      for (const e of validateCode(code)) err('事项编码', e.message);
      if (code && seenCodes.has(code)) err('事项编码', `事项编码 ${code} 与 ${seenCodes.get(code)} 重复`);
      else if (code) seenCodes.set(code, `${sheet}第 ${r} 行`);

      const type = label<string>('事项类型', TYPE_BY_LABEL, undefined, (t) => (ITEM_TYPES[t] ? t : ITEM_TYPES[t.padStart(2, '0')] ? t.padStart(2, '0') : undefined));
      const deptName = get('实施主体');
      const dept = deptName ? await org.byName(deptName) : null;
      if (!deptName) err('实施主体', '实施主体不能为空');
      else if (!dept) err('实施主体', `实施主体“${deptName}”不在部门列表中`);
      else if (!departmentKindForLevel(level).includes(dept.kind)) err('实施主体', `“${deptName}”不能实施${LEVELS[level]}事项（工作表“${sheet}”）`);
      else if (editorDept !== null && dept.id !== editorDept) err('实施主体', `只能导入本部门的事项，“${deptName}”不是本部门`);

      const legalUnit = label<string>('法定办结时限单位', UNIT_BY_LABEL, 'workday');
      const promisedUnit = label<string>('承诺办结时限单位', UNIT_BY_LABEL, legalUnit);
      if (legalUnit && promisedUnit && legalUnit !== promisedUnit) err('承诺办结时限单位', '法定与承诺办结时限单位须一致');
      const depthText = get('网上办理深度');
      let depth = 0;
      if (!depthText) err('网上办理深度', '网上办理深度不能为空');
      else {
        const m = /^(一级|二级|三级|四级|Ⅳ|Ⅲ|Ⅱ|Ⅰ|IV|III|II|I|\d+)/.exec(depthText.replace(/[（(].*$/, '').trim());
        depth = m ? (DEPTH_WORDS[m[1]] ?? Number(m[1])) : NaN;
        if (!Number.isInteger(depth)) {
          err('网上办理深度', `网上办理深度“${depthText}”无法识别，应为一级至四级`);
          depth = 0;
        }
      }
      const cp: CrossProvinceMode[] = [];
      for (const t of get('跨省通办方式').split(/[、,，;；]/).map((x) => x.trim()).filter(Boolean)) {
        const m = CP_BY_LABEL.get(t);
        if (m) cp.push(m as CrossProvinceMode);
        else err('跨省通办方式', `跨省通办方式“${t}”无法识别，应为：全程网办、异地代收代办、多地联办`);
      }
      const materials: ItemMaterial[] = [];
      for (const l of lines(get('申请材料'))) {
        const p = parseMaterial(l);
        if (p.error) err('申请材料', p.error);
        else materials.push(p.material!);
      }
      const fees = lines(get('收费项目')).map((l) => {
        const [name, standard = '', basis = ''] = bar(l);
        return { name, standard, basis: basis || null };
      });
      const locations = lines(get('办理地点')).map((l) => {
        const [name, address = '', hours = '', phone = ''] = bar(l);
        return { name, address, hours, phone: phone || null };
      });
      const faqs: ItemFields['faqs'] = [];
      let pendingQ: string | null = null;
      for (const l of lines(get('常见问题'))) {
        if (/^问[:：]/.test(l)) {
          if (pendingQ !== null) err('常见问题', `问题“${pendingQ}”缺少“答：”`);
          pendingQ = l.slice(2).trim();
        } else if (/^答[:：]/.test(l) && pendingQ !== null) {
          faqs.push({ question: pendingQ, answer: l.slice(2).trim() });
          pendingQ = null;
        } else if (faqs.length && pendingQ === null) {
          faqs[faqs.length - 1].answer += `\n${l}`;
        } else err('常见问题', `“${l.slice(0, 20)}”应以“问：”或“答：”开头`);
      }
      if (pendingQ !== null) err('常见问题', `问题“${pendingQ}”缺少“答：”`);
      const audiences: Audience[] = [];
      for (const t of get('服务对象').split(/[、,，]/).map((x) => x.trim()).filter(Boolean)) {
        const a = AUD_BY_LABEL.get(t) ?? (t === '自然人' ? 'person' : t === '企业' ? 'organization' : undefined);
        if (a) audiences.push(a as Audience);
        else err('服务对象', `服务对象“${t}”应为个人或法人`);
      }

      const fields = mergeFields(null, {
        name: get('事项名称'),
        type,
        applicationBased: yesNo('是否依申请', true),
        level,
        departmentId: dept?.id ?? 0,
        legalLimit: int('法定办结时限'),
        promisedLimit: int('承诺办结时限'),
        limitUnit: (legalUnit ?? 'workday') as ItemFields['limitUnit'],
        kind: label<ItemFields['kind']>('办件类型', KIND_BY_LABEL as Map<string, string>, undefined),
        onlineDepth: depth,
        visits: int('到办事现场次数', 0),
        nearby: yesNo('是否就近办', false),
        crossProvinceModes: cp,
        extensionAllowance: int('可延长时限（工作日）', 10),
        materials,
        fees,
        legalBasis: get('设定依据'),
        conditions: get('受理条件'),
        locations,
        faqs,
        audiences,
        lifeEvents: get('主题分类').split(SEP).map((x) => x.trim()).filter(Boolean),
        keywords: get('关键词').split(/[、,，]/).map((x) => x.trim()).filter(Boolean),
        onlineUrl: get('网办地址') || null,
      });
      // Field rules (promised ≤ legal, depth 1–4 …) reported on the column that holds the field;
      // cells already reported as unreadable are not reported twice.
      if (rowErrors.length === 0) {
        for (const e of validateFields(fields)) {
          const top = e.field.split('.')[0];
          const col = COLUMNS.find((c) => c.fields.includes(top));
          err(col?.heading ?? '事项名称', e.message);
        }
      }
      errors.push(...rowErrors);
      if (rowErrors.length === 0) rows.push({ sheet, row: r, code, fields });
      if (onProgress && processed % 50 === 0) await onProgress(processed, total);
    }
  }
  return { rows, errors, total };
}

// ---------------------------------------------------------------- import: write

interface JobProgress {
  status: ImportJob['status'];
  processed: number;
  total: number;
}

/**
 * Runs imports, synchronously or as a background job whose progress lives in memory while it runs (the
 * write is one transaction, so nothing else could observe it) and in catalog_import_jobs afterwards.
 */
export class CatalogImporter {
  private readonly live = new Map<number, JobProgress>();
  private readonly db: CatalogDb;

  constructor(
    private readonly ctx: CatalogNeedsContext,
    private readonly catalog: CatalogServiceImpl,
  ) {
    this.db = tablesOf<CatalogTables>(ctx.db);
  }

  private checkPublish(actor: Actor, publish: boolean) {
    if (publish && !hasRole(actor, 'admin')) throw forbidden('只有管理员可以导入后直接发布');
  }

  async runNow(actor: Actor, buf: Buffer | undefined, opts: { publish: boolean; fileName: string | null }): Promise<ImportResult> {
    this.checkPublish(actor, opts.publish);
    const wb = await loadWorkbook(buf);
    const parsed = await parseWorkbook(wb, this.ctx, actor);
    if (parsed.errors.length) throw invalidFile(parsed.errors);
    return this.write(actor, parsed, opts);
  }

  async start(actor: Actor, buf: Buffer | undefined, opts: { publish: boolean; fileName: string | null }) {
    this.checkPublish(actor, opts.publish);
    const wb = await loadWorkbook(buf);
    const now = this.ctx.clock.now().toISOString();
    const job = await this.db
      .insertInto('catalog_import_jobs')
      .values({ status: 'validating', file_name: opts.fileName, total_rows: 0, processed_rows: 0, created_by: actor.username, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = job.id;
    this.live.set(id, { status: 'validating', processed: 0, total: 0 });
    setImmediate(() => void this.runJob(id, actor, wb, opts));
    return this.job(actor, id);
  }

  private async runJob(id: number, actor: Actor, wb: ExcelJS.Workbook, opts: { publish: boolean; fileName: string | null }) {
    const progress = this.live.get(id)!;
    const finish = async (status: 'done' | 'failed', errors: ImportError[] | null, result: ImportResult | null) => {
      await this.db
        .updateTable('catalog_import_jobs')
        .set({
          status,
          total_rows: progress.total,
          processed_rows: progress.processed,
          errors_json: errors ? JSON.stringify(errors) : null,
          result_json: result ? JSON.stringify(result) : null,
          finished_at: this.ctx.clock.now().toISOString(),
        })
        .where('id', '=', id)
        .execute();
      this.live.delete(id);
    };
    try {
      const parsed = await parseWorkbook(wb, this.ctx, actor, (p, t) => {
        progress.processed = p;
        progress.total = t;
      });
      progress.total = parsed.total;
      progress.processed = 0;
      if (parsed.errors.length) {
        progress.processed = parsed.total;
        await finish('failed', parsed.errors, null);
        return;
      }
      progress.status = 'writing';
      const result = await this.write(actor, parsed, opts, (p) => {
        progress.processed = p;
      });
      progress.processed = parsed.total;
      await finish('done', null, result);
    } catch (e) {
      this.ctx.log.error({ err: e }, 'catalog import job failed');
      await finish('failed', [{ sheet: '', row: null, column: null, cell: null, message: e instanceof AppError ? e.message : '导入失败：服务器内部错误' }], null).catch(() => undefined);
    }
  }

  async job(actor: Actor, id: number): Promise<ImportJob> {
    const row = await this.db.selectFrom('catalog_import_jobs').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || (row.created_by !== actor.username && !hasRole(actor, 'admin'))) throw new AppError('IMPORT_JOB_NOT_FOUND', 404, `导入任务 ${id} 不存在`);
    const live = this.live.get(id);
    const status = live?.status ?? row.status;
    const total = live?.total ?? row.total_rows;
    const processed = live?.processed ?? row.processed_rows;
    return {
      id,
      status,
      fileName: row.file_name,
      total,
      processed,
      percent: total ? Math.round((processed / total) * 100) : status === 'done' ? 100 : 0,
      errors: parseJson<ImportError[]>(row.errors_json, []),
      result: parseJson<ImportResult | null>(row.result_json, null),
      createdAt: row.created_at,
      finishedAt: row.finished_at,
    };
  }

  /** Writes a validated file in one transaction: new codes become items, changed rows new draft versions. */
  private async write(actor: Actor, parsed: ParseResult, opts: { publish: boolean; fileName: string | null }, onProgress?: (processed: number) => void): Promise<ImportResult> {
    const now = this.ctx.clock.now().toISOString();
    const result: ImportResult = { total: parsed.rows.length, created: 0, versioned: 0, unchanged: 0, published: 0 };
    const errors: ImportError[] = [];
    await this.db.transaction().execute(async (tx) => {
      let n = 0;
      for (const p of parsed.rows) {
        n++;
        if (onProgress && n % 50 === 0) onProgress(n);
        const item = await tx.selectFrom('catalog_items').selectAll().where('code', '=', p.code).executeTakeFirst();
        if (!item) {
          await tx.insertInto('catalog_items').values({ code: p.code, department_id: p.fields.departmentId, status: 'draft', latest_version: 1, created_at: now, updated_at: now }).execute();
          await tx
            .insertInto('catalog_versions')
            .values({ code: p.code, version: 1, status: 'draft', ...rowOfFields(p.fields), created_by: actor.username, created_at: now, updated_by: actor.username, updated_at: now })
            .execute();
          await recordAudit(tx, this.ctx.clock, actor, { action: 'catalog.item.created', subjectType: 'catalog_item', subjectId: p.code, after: { version: 1, source: 'import', ...p.fields } });
          result.created++;
        } else {
          if (!hasRole(actor, 'admin') && item.department_id !== actor.departmentId) {
            errors.push({ sheet: p.sheet, row: p.row, column: '事项编码', cell: null, message: `事项 ${p.code} 属于其他部门，不能导入修改` });
            continue;
          }
          const latest = await tx.selectFrom('catalog_versions').selectAll().where('code', '=', p.code).where('version', '=', item.latest_version).executeTakeFirstOrThrow();
          const before = fieldsOfRow(latest);
          // A row equal to the newest version, or to the published one while a draft is open (the file
          // is an export of the published catalogue), changes nothing: an open draft is not overwritten.
          const published =
            latest.status === 'draft' ? await tx.selectFrom('catalog_versions').selectAll().where('code', '=', p.code).where('status', '=', 'published').executeTakeFirst() : undefined;
          if (item.status !== 'retired' && (sameFields(before, p.fields) || (published && sameFields(fieldsOfRow(published), p.fields)))) {
            result.unchanged++;
            // publishing an unchanged row only makes sense when the file is the open draft itself
            if (!(opts.publish && latest.status === 'draft' && sameFields(before, p.fields))) continue;
          } else if (latest.status === 'draft') {
            await tx.updateTable('catalog_versions').set({ ...rowOfFields(p.fields), updated_by: actor.username, updated_at: now }).where('id', '=', latest.id).execute();
            await recordAudit(tx, this.ctx.clock, actor, { action: 'catalog.item.draft_updated', subjectType: 'catalog_item', subjectId: p.code, before, after: { source: 'import', ...p.fields } });
            result.versioned++;
          } else {
            const version = item.latest_version + 1;
            await tx
              .insertInto('catalog_versions')
              .values({ code: p.code, version, status: 'draft', ...rowOfFields(p.fields), created_by: actor.username, created_at: now, updated_by: actor.username, updated_at: now })
              .execute();
            await tx.updateTable('catalog_items').set({ latest_version: version, department_id: p.fields.departmentId, updated_at: now }).where('code', '=', p.code).execute();
            await recordAudit(tx, this.ctx.clock, actor, { action: 'catalog.item.version_created', subjectType: 'catalog_item', subjectId: p.code, before, after: { version, source: 'import', ...p.fields } });
            result.versioned++;
          }
        }
        if (opts.publish) {
          await this.catalog.publishIn(tx, actor, p.code);
          result.published++;
        }
      }
      // An item of another department found only now (codes are checked against the database here):
      // the whole import is refused, as with any other error.
      if (errors.length) throw invalidFile(errors);
      await recordAudit(tx, this.ctx.clock, actor, { action: 'catalog.imported', subjectType: 'catalog_import', subjectId: opts.fileName ?? 'upload', after: result });
    });
    return result;
  }
}

export function invalidFile(errors: ImportError[]): AppError {
  const first = errors[0];
  const where = first.row ? `${first.sheet}第 ${first.row} 行${first.column ? `“${first.column}”列` : ''}：` : first.sheet ? `${first.sheet}：` : '';
  return new AppError('IMPORT_INVALID', 422, `导入文件有 ${errors.length} 处错误，未写入任何数据。${where}${first.message}`, { field: 'file', errors });
}
