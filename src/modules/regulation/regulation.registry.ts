/**
 * 监管事项目录 (main items and sub-items, legal basis, supervising department, the catalogue items each
 * covers) and the 执法人员 registry (执法证号, valid through, masked contacts).
 */
import { sql } from 'kysely';
import type { Actor } from '../../kernel/auth/actor';
import { recordAudit } from '../../kernel/audit/audit';
import { conflict, notFound, unprocessable } from '../../kernel/errors';
import { tablesOf } from '../../kernel/kernel.tables';
import { pageOf } from '../../kernel/http/schemas';
import { maskPhone } from '../../kernel/validators/mask';
import { normalizeMobile } from '../../kernel/validators/phone';
import type { RegulationNeedsContext } from './regulation.context';
import type { RegulationDb, RegulationTables } from './regulation.tables';
import { ownOrMissing, readScope, writableOrMissing, writeScope } from './regulation.access';
import { inDepartments, type DepartmentScope } from '../../kernel/db/department-scope';

export interface ItemInput {
  code: string;
  name: string;
  parentCode?: string | null;
  legalBasis: string;
  departmentId?: number | null;
  itemCodes: string[];
}

export interface InspectorInput {
  name: string;
  certNo: string;
  validTo: string;
  phone?: string | null;
  departmentId?: number | null;
}

export class RegistryService {
  private readonly db: RegulationDb;
  constructor(private readonly ctx: RegulationNeedsContext) {
    this.db = tablesOf<RegulationTables>(ctx.db);
  }

  // ---- 监管事项 ----------------------------------------------------------------------------------------

  async listItems(actor: Actor, q: { departmentId?: number; page?: number; pageSize?: number }) {
    const dept = readScope(actor, q.departmentId);
    let base = this.db.selectFrom('regulation_items').where('active', '=', 1);
    if (dept !== null) base = base.where('department_id', '=', dept);
    const total = Number((await base.select(sql<number>`cast(count(*) as integer)`.as('n')).executeTakeFirstOrThrow()).n);
    const { pageSize, offset } = pageOf(q);
    const rows = await base.selectAll().orderBy('code').limit(pageSize).offset(offset).execute();
    const cover = rows.length
      ? await this.db.selectFrom('regulation_coverage').select(['regulation_item_id', 'item_code']).where('regulation_item_id', 'in', rows.map((r) => r.id)).execute()
      : [];
    const names = new Map((await this.ctx.services.org.all()).map((d) => [d.id, d.shortName ?? d.name]));
    const items = await Promise.all(
      rows.map(async (r) => {
        const codes = cover.filter((c) => c.regulation_item_id === r.id).map((c) => c.item_code);
        const covered = await Promise.all(codes.map(async (code) => ({ code, name: (await this.ctx.services.catalog.getPublished(code))?.name ?? null })));
        return {
          code: r.code,
          name: r.name,
          parentCode: r.parent_code,
          legalBasis: r.legal_basis,
          departmentId: r.department_id,
          departmentName: names.get(r.department_id) ?? null,
          items: covered,
          updatedAt: r.updated_at,
        };
      }),
    );
    return { items, total };
  }

  async createItem(actor: Actor, input: ItemInput) {
    const departmentId = writeScope(actor, input.departmentId);
    await this.ctx.services.org.byIdOrFail(departmentId);
    const code = input.code.trim().toUpperCase();
    const now = this.ctx.clock.now().toISOString();
    await this.checkItemCodes(input.itemCodes);
    await this.db.transaction().execute(async (tx) => {
      if (await tx.selectFrom('regulation_items').select('id').where('code', '=', code).executeTakeFirst()) throw conflict('REGULATION_ITEM_EXISTS', `监管事项编码 ${code} 已存在`, { field: 'code' });
      if (input.parentCode) {
        const parent = await tx.selectFrom('regulation_items').select(['id', 'parent_code', 'department_id']).where('code', '=', input.parentCode.trim().toUpperCase()).executeTakeFirst();
        if (!parent) throw unprocessable('PARENT_NOT_FOUND', `主项 ${input.parentCode} 不存在`, { field: 'parentCode' });
        if (parent.parent_code !== null) throw unprocessable('PARENT_NOT_MAIN', '子项只能挂在主项下', { field: 'parentCode' });
        if (parent.department_id !== departmentId) throw unprocessable('PARENT_OTHER_DEPARTMENT', '子项与主项应属同一监管部门', { field: 'parentCode' });
      }
      const taken = input.itemCodes.length
        ? await tx.selectFrom('regulation_coverage').select('item_code').where('item_code', 'in', input.itemCodes).execute()
        : [];
      if (taken.length) throw conflict('ITEM_ALREADY_COVERED', `事项 ${taken.map((t) => t.item_code).join('、')} 已由其他监管事项覆盖`, { field: 'itemCodes' });
      const row = await tx
        .insertInto('regulation_items')
        .values({ code, name: input.name.trim(), parent_code: input.parentCode?.trim().toUpperCase() || null, legal_basis: input.legalBasis.trim(), department_id: departmentId, created_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const itemCode of input.itemCodes) await tx.insertInto('regulation_coverage').values({ regulation_item_id: row.id, item_code: itemCode }).execute();
      await recordAudit(tx, this.ctx.clock, actor, { action: 'regulation.item_create', subjectType: 'regulation_item', subjectId: code, after: { name: input.name, departmentId, itemCodes: input.itemCodes } });
    });
    return { code };
  }

  /** Edits a 监管事项: name, main item it hangs under, legal basis, supervising department (admin), covered items. */
  async updateItem(actor: Actor, code: string, input: Omit<ItemInput, 'code'>) {
    const row = await this.db.selectFrom('regulation_items').selectAll().where('code', '=', code).where('active', '=', 1).executeTakeFirst();
    writableOrMissing(actor, row?.department_id, 'REGULATION_ITEM_NOT_FOUND', `监管事项 ${code} 不存在`);
    const departmentId = writeScope(actor, input.departmentId ?? row!.department_id);
    await this.ctx.services.org.byIdOrFail(departmentId);
    await this.checkItemCodes(input.itemCodes);
    const parentCode = input.parentCode?.trim().toUpperCase() || null;
    const now = this.ctx.clock.now().toISOString();
    await this.db.transaction().execute(async (tx) => {
      if (parentCode) {
        if (parentCode === code) throw unprocessable('PARENT_SELF', '监管事项不能挂在自身下', { field: 'parentCode' });
        const parent = await tx.selectFrom('regulation_items').select(['parent_code', 'department_id']).where('code', '=', parentCode).executeTakeFirst();
        if (!parent) throw unprocessable('PARENT_NOT_FOUND', `主项 ${parentCode} 不存在`, { field: 'parentCode' });
        if (parent.parent_code !== null) throw unprocessable('PARENT_NOT_MAIN', '子项只能挂在主项下', { field: 'parentCode' });
        if (parent.department_id !== departmentId) throw unprocessable('PARENT_OTHER_DEPARTMENT', '子项与主项应属同一监管部门', { field: 'parentCode' });
        if (await tx.selectFrom('regulation_items').select('id').where('parent_code', '=', code).where('active', '=', 1).executeTakeFirst()) {
          throw unprocessable('ITEM_HAS_SUBITEMS', '该主项下已有子项，不能改为子项', { field: 'parentCode' });
        }
      }
      const taken = input.itemCodes.length
        ? await tx.selectFrom('regulation_coverage').select('item_code').where('item_code', 'in', input.itemCodes).where('regulation_item_id', '<>', row!.id).execute()
        : [];
      if (taken.length) throw conflict('ITEM_ALREADY_COVERED', `事项 ${taken.map((t) => t.item_code).join('、')} 已由其他监管事项覆盖`, { field: 'itemCodes' });
      const before = (await tx.selectFrom('regulation_coverage').select('item_code').where('regulation_item_id', '=', row!.id).execute()).map((r) => r.item_code);
      await tx
        .updateTable('regulation_items')
        .set({ name: input.name.trim(), parent_code: parentCode, legal_basis: input.legalBasis.trim(), department_id: departmentId, updated_at: now })
        .where('id', '=', row!.id)
        .execute();
      await tx.deleteFrom('regulation_coverage').where('regulation_item_id', '=', row!.id).execute();
      for (const itemCode of input.itemCodes) await tx.insertInto('regulation_coverage').values({ regulation_item_id: row!.id, item_code: itemCode }).execute();
      await recordAudit(tx, this.ctx.clock, actor, {
        action: 'regulation.item_update',
        subjectType: 'regulation_item',
        subjectId: code,
        before: { name: row!.name, parentCode: row!.parent_code, legalBasis: row!.legal_basis, departmentId: row!.department_id, itemCodes: before },
        after: { name: input.name.trim(), parentCode, legalBasis: input.legalBasis.trim(), departmentId, itemCodes: input.itemCodes },
      });
    });
    return { code };
  }

  /** Catalogue item code → the active 监管事项 covering it (for the bulk path). */
  async coverageMap(): Promise<Map<string, { id: number; departmentId: number }>> {
    const rows = await this.db
      .selectFrom('regulation_coverage as c')
      .innerJoin('regulation_items as i', 'i.id', 'c.regulation_item_id')
      .select(['c.item_code', 'i.id', 'i.department_id'])
      .where('i.active', '=', 1)
      .execute();
    return new Map(rows.map((r) => [r.item_code, { id: Number(r.id), departmentId: Number(r.department_id) }]));
  }

  /** Replaces the catalogue items an existing 监管事项 covers. */
  async setCoverage(actor: Actor, code: string, itemCodes: string[]) {
    const row = await this.db.selectFrom('regulation_items').selectAll().where('code', '=', code).where('active', '=', 1).executeTakeFirst();
    if (!row) throw notFound('REGULATION_ITEM_NOT_FOUND', `监管事项 ${code} 不存在`);
    ownOrMissing(actor, row.department_id, 'REGULATION_ITEM_NOT_FOUND', `监管事项 ${code} 不存在`);
    writeScope(actor, row.department_id);
    await this.checkItemCodes(itemCodes);
    await this.db.transaction().execute(async (tx) => {
      const before = (await tx.selectFrom('regulation_coverage').select('item_code').where('regulation_item_id', '=', row.id).execute()).map((r) => r.item_code);
      const taken = itemCodes.length
        ? await tx.selectFrom('regulation_coverage').select('item_code').where('item_code', 'in', itemCodes).where('regulation_item_id', '<>', row.id).execute()
        : [];
      if (taken.length) throw conflict('ITEM_ALREADY_COVERED', `事项 ${taken.map((t) => t.item_code).join('、')} 已由其他监管事项覆盖`, { field: 'itemCodes' });
      await tx.deleteFrom('regulation_coverage').where('regulation_item_id', '=', row.id).execute();
      for (const itemCode of itemCodes) await tx.insertInto('regulation_coverage').values({ regulation_item_id: row.id, item_code: itemCode }).execute();
      await tx.updateTable('regulation_items').set({ updated_at: this.ctx.clock.now().toISOString() }).where('id', '=', row.id).execute();
      await recordAudit(tx, this.ctx.clock, actor, { action: 'regulation.item_coverage', subjectType: 'regulation_item', subjectId: code, before: { itemCodes: before }, after: { itemCodes } });
    });
    return { code, itemCodes };
  }

  private async checkItemCodes(codes: string[]) {
    if (new Set(codes).size !== codes.length) throw unprocessable('ITEM_CODES_DUPLICATE', '覆盖事项有重复', { field: 'itemCodes' });
    for (const c of codes)
      if (!(await this.ctx.services.catalog.getPublished(c))) throw unprocessable('ITEM_UNKNOWN', `事项 ${c} 不存在或未发布`, { field: 'itemCodes', code: c });
  }

  /** Catalogue item codes covered by a 监管事项, and by which department (coverage KPI). */
  async coveredCodes(departmentId: number | null): Promise<string[]> {
    let q = this.db.selectFrom('regulation_coverage as c').innerJoin('regulation_items as i', 'i.id', 'c.regulation_item_id').select('c.item_code').where('i.active', '=', 1);
    if (departmentId !== null) q = q.where('i.department_id', '=', departmentId);
    return (await q.execute()).map((r) => r.item_code);
  }

  // ---- 执法人员 --------------------------------------------------------------------------------------------

  async listInspectors(actor: Actor, q: { departmentId?: number; page?: number; pageSize?: number }) {
    const dept = readScope(actor, q.departmentId);
    const today = this.ctx.calendar.today();
    let base = this.db.selectFrom('regulation_inspectors').where('active', '=', 1);
    if (dept !== null) base = base.where('department_id', '=', dept);
    const total = Number((await base.select(sql<number>`cast(count(*) as integer)`.as('n')).executeTakeFirstOrThrow()).n);
    const { pageSize, offset } = pageOf(q);
    const rows = await base.selectAll().orderBy('department_id').orderBy('cert_no').limit(pageSize).offset(offset).execute();
    const names = new Map((await this.ctx.services.org.all()).map((d) => [d.id, d.shortName ?? d.name]));
    return {
      items: rows.map((r) => ({
        id: r.id,
        name: r.name,
        certNo: r.cert_no,
        validTo: r.valid_to,
        valid: r.valid_to >= today,
        phone: r.phone ? maskPhone(r.phone) : null,
        departmentId: r.department_id,
        departmentName: names.get(r.department_id) ?? null,
      })),
      total,
    };
  }

  async registerInspector(actor: Actor, input: InspectorInput) {
    const departmentId = writeScope(actor, input.departmentId);
    await this.ctx.services.org.byIdOrFail(departmentId);
    const certNo = input.certNo.trim().toUpperCase();
    if (input.validTo < this.ctx.calendar.today()) throw unprocessable('CERT_EXPIRED', '执法证已过有效期，不能注册', { field: 'validTo' });
    let phone: string | null = null;
    if (input.phone) {
      phone = normalizeMobile(input.phone) ?? null;
      if (!phone) throw unprocessable('INVALID_PHONE', '手机号码格式不正确', { field: 'phone' });
    }
    const id = await this.db.transaction().execute(async (tx) => {
      if (await tx.selectFrom('regulation_inspectors').select('id').where('cert_no', '=', certNo).executeTakeFirst())
        throw conflict('CERT_NO_EXISTS', `执法证号 ${certNo} 已注册`, { field: 'certNo' });
      const row = await tx
        .insertInto('regulation_inspectors')
        .values({ department_id: departmentId, name: input.name.trim(), cert_no: certNo, valid_to: input.validTo, phone, created_at: this.ctx.clock.now().toISOString() })
        .returning('id')
        .executeTakeFirstOrThrow();
      // Names and certificate numbers only: the phone stays out of the audit trail.
      await recordAudit(tx, this.ctx.clock, actor, { action: 'regulation.inspector_register', subjectType: 'regulation_inspector', subjectId: row.id, after: { certNo, departmentId, validTo: input.validTo } });
      return row.id;
    });
    return { id, certNo };
  }

  /** Active inspectors of a department with a certificate valid on `day` (the draw's pool). */
  async validInspectors(departmentId: number, day: string) {
    return this.db
      .selectFrom('regulation_inspectors')
      .select(['id', 'name', 'cert_no'])
      .where('department_id', '=', departmentId)
      .where('active', '=', 1)
      .where('valid_to', '>=', day)
      .orderBy('cert_no')
      .execute();
  }

  async inspectorCounts(departments: DepartmentScope, day: string) {
    const q = this.db.selectFrom('regulation_inspectors').where('active', '=', 1).where(inDepartments('department_id', departments));
    const r = await q
      .select([sql<number>`cast(count(*) as integer)`.as('all'), sql<number>`cast(sum(case when valid_to >= ${day} then 1 else 0 end) as integer)`.as('valid')])
      .executeTakeFirstOrThrow();
    return { all: Number(r.all ?? 0), valid: Number(r.valid ?? 0) };
  }
}
