/**
 * Bulk import of an existing license library from Excel: every row is checked first (type, holder ID check
 * digit, dates, duplicate numbers in the file and in the library); one bad row and nothing is written, the
 * 422 lists every error. Good files are written in one transaction, in chunks, each row signed.
 */
import type ExcelJS from 'exceljs';
import type { Actor } from '../../kernel/auth/actor';
import { recordAudit } from '../../kernel/audit/audit';
import { AppError } from '../../kernel/errors';
import { nextSequence } from '../../kernel/db/db';
import type { LicensesService } from './licenses.service';
import { checkHolderId, licenseNo, normalizeLicenseNo, sequenceName, STATUS_LABELS, validToOf, type HolderKind, type LicenseStatus } from './licenses.rules';
import { adjustLicenseKpiCounts } from './licenses.kpi-counts';
import { signedOf } from './licenses.views';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const IMPORT_MAX_BYTES = 60 * 1024 * 1024;
const loadExcel = async () => (await import('exceljs')).default;

export const IMPORT_COLUMNS = ['证照类型代码', '证照编号', '持证主体类型', '持证人名称', '证件号码', '发证日期', '有效期起', '有效期止', '状态', '办件号'] as const;
const KIND_OF: Record<string, HolderKind> = { 个人: 'person', 自然人: 'person', 单位: 'organization', 法人: 'organization', 企业: 'organization' };
const STATUS_OF: Record<string, LicenseStatus> = Object.fromEntries(
  [...Object.entries(STATUS_LABELS).map(([k, v]) => [v, k]), ['', 'valid'], ['正常', 'valid'], ['注销', 'cancelled'], ['吊销', 'revoked'], ['撤销', 'withdrawn']],
) as Record<string, LicenseStatus>;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const CHUNK = 500;

export interface ImportError {
  row: number;
  column: string;
  message: string;
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('').trim();
    if ('text' in v && typeof v.text === 'string') return v.text.trim();
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    return '';
  }
  return String(v).trim();
}

const realDay = (d: string) => DAY.test(d) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d;

export class LicensesImporter {
  constructor(private readonly svc: LicensesService) {}

  async template(): Promise<Buffer> {
    const Excel = await loadExcel();
    const wb = new Excel.Workbook();
    const ws = wb.addWorksheet('证照');
    ws.addRow([...IMPORT_COLUMNS]);
    ws.getRow(1).font = { bold: true };
    ws.columns.forEach((c) => (c.width = 20));
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  async importWorkbook(actor: Actor, body: Buffer | undefined): Promise<{ imported: number; millis: number; rowsPerSecond: number }> {
    if (!body || body.length === 0) throw new AppError('IMPORT_EMPTY', 422, '请上传 Excel 文件（.xlsx）');
    const Excel = await loadExcel();
    const wb = new Excel.Workbook();
    try {
      await wb.xlsx.load(body as unknown as ArrayBuffer);
    } catch {
      throw new AppError('IMPORT_NOT_XLSX', 422, '文件不是有效的 Excel（.xlsx）');
    }
    const ws = wb.worksheets[0];
    if (!ws) throw new AppError('IMPORT_EMPTY', 422, 'Excel 中没有工作表');
    const header = (ws.getRow(1).values as ExcelJS.CellValue[]).slice(1).map(cellText);
    const missing = IMPORT_COLUMNS.filter((c, i) => header[i] !== c);
    if (missing.length > 0) throw new AppError('IMPORT_HEADER', 422, `表头须依次为：${IMPORT_COLUMNS.join('、')}`, { missing });
    const rows: { row: number; cells: string[] }[] = [];
    ws.eachRow((r, n) => {
      if (n === 1) return;
      const cells = IMPORT_COLUMNS.map((_, i) => cellText(r.getCell(i + 1).value));
      if (cells.some((c) => c !== '')) rows.push({ row: n, cells });
    });
    return this.importRows(actor, rows);
  }

  /** Validates all rows, then writes them all or none. Exposed for the generator's scale tests. */
  async importRows(actor: Actor, rows: { row: number; cells: string[] }[]): Promise<{ imported: number; millis: number; rowsPerSecond: number }> {
    const started = performance.now();
    if (rows.length === 0) throw new AppError('IMPORT_EMPTY', 422, 'Excel 中没有数据行');
    const types = new Map((await this.svc.db.selectFrom('licenses_types').selectAll().execute()).map((t) => [t.code, t]));
    const errors: ImportError[] = [];
    const seen = new Set<string>();
    const parsed = rows.map(({ row, cells }) => {
      const [typeCode, no, kindText, name, id, issueDate, validFromText, validToText, statusText, caseNo] = cells;
      const err = (column: string, message: string) => errors.push({ row, column, message });
      const type = types.get(typeCode.toUpperCase());
      if (!type) err('证照类型代码', `证照类型 ${typeCode || '（空）'} 不存在`);
      const kind = KIND_OF[kindText] ?? (type?.holder_kind as HolderKind | undefined);
      if (!kind) err('持证主体类型', '须为 个人 或 单位');
      if (!name) err('持证人名称', '不能为空');
      let holderId = id.toUpperCase();
      if (kind) {
        const chk = checkHolderId(kind, id);
        if (!chk.ok) err('证件号码', chk.message);
        else holderId = chk.value;
      }
      if (!realDay(issueDate)) err('发证日期', '须为日期 YYYY-MM-DD');
      const validFrom = validFromText || issueDate;
      if (!realDay(validFrom)) err('有效期起', '须为日期 YYYY-MM-DD');
      let validTo: string | null = validToText === '' || validToText === '长期' ? null : validToText;
      if (validTo !== null && !realDay(validTo)) err('有效期止', '须为日期 YYYY-MM-DD 或“长期”');
      if (validTo !== null && realDay(validTo) && validTo < validFrom) err('有效期止', '不能早于有效期起');
      if (validToText === '' && type && type.validity_years !== null && realDay(validFrom)) validTo = validToOf(validFrom, Number(type.validity_years));
      const status = STATUS_OF[statusText];
      if (!status) err('状态', '须为 有效、已注销、已吊销 或 已撤销');
      const licNo = no ? normalizeLicenseNo(no) : '';
      if (no && !/^[A-Z0-9]{6,64}$/.test(licNo)) err('证照编号', '只能是 6-64 位字母或数字');
      if (licNo) {
        if (seen.has(licNo)) err('证照编号', `证照编号 ${licNo} 在文件中重复`);
        seen.add(licNo);
      }
      return { row, type, kind, name, holderId, issueDate, validFrom, validTo, status, licNo, caseNo: caseNo || null };
    });
    const given = [...seen];
    for (let i = 0; i < given.length; i += CHUNK) {
      const clash = await this.svc.db.selectFrom('licenses_licenses').select('license_no').where('license_no', 'in', given.slice(i, i + CHUNK)).execute();
      for (const c of clash) errors.push({ row: parsed.find((p) => p.licNo === c.license_no)!.row, column: '证照编号', message: `证照编号 ${c.license_no} 已在证照库中` });
    }
    if (errors.length > 0) {
      errors.sort((a, b) => a.row - b.row);
      throw new AppError('IMPORT_INVALID', 422, `共 ${errors.length} 处错误，未导入任何证照`, { errors: errors.slice(0, 500), total: errors.length });
    }
    const now = this.svc.ctx.clock.now().toISOString();
    await this.svc.db.transaction().execute(async (tx) => {
      for (let i = 0; i < parsed.length; i += CHUNK) {
        const values = [];
        for (const p of parsed.slice(i, i + CHUNK)) {
          const type = p.type!;
          const no = p.licNo || licenseNo(type.code, this.svc.ctx.config.regionCode, p.issueDate.slice(0, 4), await nextSequence(tx, sequenceName(type.code, p.issueDate.slice(0, 4))));
          const base = {
            license_no: no,
            type_code: type.code,
            type_name: type.name,
            holder_kind: p.kind!,
            holder_name: p.name,
            holder_id: p.holderId,
            department_id: Number(type.department_id),
            issuer: type.issuer,
            issue_date: p.issueDate,
            valid_from: p.validFrom,
            valid_to: p.validTo,
            status: p.status!,
            case_id: null,
            case_no: p.caseNo,
            source: 'import',
            data_json: '{}',
            version: 1,
            created_at: now,
            updated_at: now,
          };
          const sig = this.svc.signer.sign(signedOf(base));
          values.push({ ...base, kid: sig.kid, signature: sig.signature });
        }
        const ids = await tx.insertInto('licenses_licenses').values(values).returning('id').execute();
        await adjustLicenseKpiCounts(tx, values);
        await tx
          .insertInto('licenses_history')
          .values(ids.map((r) => ({ license_id: Number(r.id), at: now, action: 'import', actor_name: actor.name, reason: null, data_json: '{}' })))
          .execute();
      }
      await recordAudit(tx, this.svc.ctx.clock, actor, { action: 'licenses.import', subjectType: 'license_import', subjectId: now, after: { rows: parsed.length } });
    });
    const millis = Math.round(performance.now() - started);
    return { imported: parsed.length, millis, rowsPerSecond: Math.round((parsed.length / Math.max(millis, 1)) * 1000) };
  }
}
