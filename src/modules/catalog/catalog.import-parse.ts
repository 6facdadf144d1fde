/**
 * Reading an uploaded workbook: every row of every level sheet is parsed and checked (cell grammar, codes,
 * 实施主体 and its level, the editor's own department, the field rules), and all errors are reported with
 * sheet, row, column and cell, so that a file is corrected once rather than row by row.
 */
import type ExcelJS from 'exceljs';
import type { Actor } from '../../kernel/auth/actor';
import { hasRole } from '../../kernel/auth/actor';
import { AppError } from '../../kernel/errors';
import type { OrgService } from '../org';
import type { CrossProvinceMode, ImportError, ItemMaterial } from '../../shared/catalog.types';
import { ITEM_TYPES, LEVELS } from '../../shared/catalog.labels';
import { departmentKindForLevel, mergeFields, validateCode, validateFields, type Audience, type ItemFields } from './catalog.rules';
import {
  AUD_BY_LABEL,
  bar,
  cellText,
  COLUMNS,
  CP_BY_LABEL,
  DEPTH_WORDS,
  KIND_BY_LABEL,
  lines,
  loadExcel,
  NO,
  parseMaterial,
  SEP,
  SHEETS,
  TYPE_BY_LABEL,
  UNIT_BY_LABEL,
  YES,
} from './catalog.excel';

interface ParsedRow {
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

// Regular expressions with Chinese are built from strings, which the bundler writes as \u escapes (it leaves
// regular-expression literals as typed): the server bundle then stays one-byte source (docs/operations.md, "Memory").
const DEPTH_LEVEL = new RegExp('^(一级|二级|三级|四级|Ⅳ|Ⅲ|Ⅱ|Ⅰ|IV|III|II|I|\\d+)');
const PARENTHESIZED_TAIL = new RegExp('[（(].*$');
const CROSS_PROVINCE_SEP = new RegExp('[、,，;；]');
const LIST_SEP = new RegExp('[、,，]');
const QUESTION = new RegExp('^问[:：]');
const ANSWER = new RegExp('^答[:：]');

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
  org: OrgService,
  actor: Actor,
  onProgress?: (processed: number, total: number) => void | Promise<void>,
): Promise<ParseResult> {
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
      // undefined when the cell is empty without a default or unreadable: the row has an error then
      const label = <T extends string>(heading: string, map: Map<string, T>, dflt: T | undefined, extra?: (t: string) => T | undefined): T | undefined => {
        const t = get(heading);
        if (!t) {
          if (dflt === undefined) err(heading, `${heading}不能为空`);
          return dflt;
        }
        const v = map.get(t) ?? extra?.(t);
        if (v === undefined) err(heading, `${heading}“${t}”无法识别，应为：${[...map.keys()].join('、')}`);
        return v;
      };

      const code = get('事项编码');
      for (const e of validateCode(code)) err('事项编码', e.message);
      if (code && seenCodes.has(code)) err('事项编码', `事项编码 ${code} 与 ${seenCodes.get(code)} 重复`);
      else if (code) seenCodes.set(code, `${sheet}第 ${r} 行`);

      const type = label('事项类型', TYPE_BY_LABEL, undefined, (t) => (ITEM_TYPES[t] ? t : ITEM_TYPES[t.padStart(2, '0')] ? t.padStart(2, '0') : undefined));
      const deptName = get('实施主体');
      const dept = deptName ? await org.byName(deptName) : null;
      if (!deptName) err('实施主体', '实施主体不能为空');
      else if (!dept) err('实施主体', `实施主体“${deptName}”不在部门列表中`);
      else if (!departmentKindForLevel(level).includes(dept.kind)) err('实施主体', `“${deptName}”不能实施${LEVELS[level]}事项（工作表“${sheet}”）`);
      else if (editorDept !== null && dept.id !== editorDept) err('实施主体', `只能导入本部门的事项，“${deptName}”不是本部门`);

      const legalUnit = label('法定办结时限单位', UNIT_BY_LABEL, 'workday');
      const promisedUnit = label('承诺办结时限单位', UNIT_BY_LABEL, legalUnit);
      if (legalUnit && promisedUnit && legalUnit !== promisedUnit) err('承诺办结时限单位', '法定与承诺办结时限单位须一致');
      const depthText = get('网上办理深度');
      let depth = 0;
      if (!depthText) err('网上办理深度', '网上办理深度不能为空');
      else {
        const m = DEPTH_LEVEL.exec(depthText.replace(PARENTHESIZED_TAIL, '').trim());
        depth = m ? (DEPTH_WORDS[m[1]] ?? Number(m[1])) : NaN;
        if (!Number.isInteger(depth)) {
          err('网上办理深度', `网上办理深度“${depthText}”无法识别，应为一级至四级`);
          depth = 0;
        }
      }
      const cp: CrossProvinceMode[] = [];
      for (const t of get('跨省通办方式').split(CROSS_PROVINCE_SEP).map((x) => x.trim()).filter(Boolean)) {
        const m = CP_BY_LABEL.get(t);
        if (m) cp.push(m);
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
        if (QUESTION.test(l)) {
          if (pendingQ !== null) err('常见问题', `问题“${pendingQ}”缺少“答：”`);
          pendingQ = l.slice(2).trim();
        } else if (ANSWER.test(l) && pendingQ !== null) {
          faqs.push({ question: pendingQ, answer: l.slice(2).trim() });
          pendingQ = null;
        } else if (faqs.length && pendingQ === null) {
          faqs[faqs.length - 1].answer += `\n${l}`;
        } else err('常见问题', `“${l.slice(0, 20)}”应以“问：”或“答：”开头`);
      }
      if (pendingQ !== null) err('常见问题', `问题“${pendingQ}”缺少“答：”`);
      const audiences: Audience[] = [];
      for (const t of get('服务对象').split(LIST_SEP).map((x) => x.trim()).filter(Boolean)) {
        const a = AUD_BY_LABEL.get(t) ?? (t === '自然人' ? 'person' : t === '企业' ? 'organization' : undefined);
        if (a) audiences.push(a);
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
        limitUnit: legalUnit ?? 'workday',
        kind: label('办件类型', KIND_BY_LABEL, undefined),
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
        keywords: get('关键词').split(LIST_SEP).map((x) => x.trim()).filter(Boolean),
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

/** The 422 of a file with errors: the count and the first error in the message, all of them in `errors`. */
export function invalidFile(errors: ImportError[]): AppError {
  const first = errors[0];
  const where = first.row ? `${first.sheet}第 ${first.row} 行${first.column ? `“${first.column}”列` : ''}：` : first.sheet ? `${first.sheet}：` : '';
  return new AppError('IMPORT_INVALID', 422, `导入文件有 ${errors.length} 处错误，未写入任何数据。${where}${first.message}`, { field: 'file', errors });
}
