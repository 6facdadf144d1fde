/**
 * 中介服务事项清单 and the registry of 中介机构: registration with a valid USCC and unexpired 资质, review
 * before listing, suspension, the credit record, and automatic unlisting when every 资质 has expired.
 */
import type { Selectable } from 'kysely';
import type { Actor } from '../../kernel/auth/actor';
import { hasRole } from '../../kernel/auth/actor';
import { recordAudit } from '../../kernel/audit/audit';
import { AppError, conflict, forbidden, notFound, unprocessable } from '../../kernel/errors';
import { parseJson } from '../../kernel/db/db';
import { maskPhone, validateUscc } from '../../kernel/validators';
import { systemActor } from '../../kernel/auth/actor';
import { AGENCY_STATUS_LABELS, type AgencyFacts, type AgencyStatus, LEVELS } from './intermediaries.rules';
import type { MarketEnv, MarketDb, MarketTx } from './intermediaries.env';
import type { IntermediariesAgenciesTable } from './intermediaries.tables';
import type { AgencyUpdate, AgencyView } from '../../shared/intermediaries.types';
export type { AgencyView } from '../../shared/intermediaries.types';

type AgencyRow = Selectable<IntermediariesAgenciesTable>;

export interface QualificationInput {
  name: string;
  level: string;
  certNo: string;
  expiresOn: string;
}

export interface RegisterInput {
  uscc: string;
  name: string;
  contact: string;
  phone: string;
  office: string;
  staffCount: number;
  serviceIds: number[];
  qualifications: QualificationInput[];
}


export const MARKET_ADMINS = ['admin'] as const;
const isMarketAdmin = (a: Actor) => hasRole(a, 'admin');

export class RegistryService {
  constructor(private readonly env: MarketEnv) {}

  private get db(): MarketDb {
    return this.env.db;
  }

  // ---- 服务类型 and 中介服务事项清单 ----

  async createService(actor: Actor, input: { code: string; name: string; category: string }) {
    const code = input.code.trim().toUpperCase();
    const exists = await this.db.selectFrom('intermediaries_services').select('id').where('code', '=', code).executeTakeFirst();
    if (exists) throw conflict('SERVICE_EXISTS', `服务类型编码 ${code} 已存在`);
    return this.db.transaction().execute(async (tx) => {
      const [{ id }] = await tx
        .insertInto('intermediaries_services')
        .values({ code, name: input.name.trim(), category: input.category.trim(), created_at: this.env.now() })
        .returning('id')
        .execute();
      await recordAudit(tx, this.env.ctx.clock, actor, { action: 'intermediaries.service_created', subjectType: 'intermediary_service', subjectId: id, after: { code, name: input.name } });
      return { id: Number(id), code, name: input.name.trim(), category: input.category.trim() };
    });
  }

  async services() {
    const rows = await this.db.selectFrom('intermediaries_services').selectAll().orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, code: r.code, name: r.name, category: r.category }));
  }

  async addItemService(actor: Actor, input: { itemCode: string; serviceId: number; materialName?: string; legalBasis: string; selfAllowed: boolean }) {
    const service = await this.env.serviceOrFail(input.serviceId);
    const item = await this.env.ctx.services.catalog.getPublished(input.itemCode);
    if (!item) throw unprocessable('ITEM_NOT_FOUND', `事项 ${input.itemCode} 不存在或未发布`, { field: 'itemCode' });
    const dup = await this.db
      .selectFrom('intermediaries_item_services')
      .select('id')
      .where('item_code', '=', item.code)
      .where('service_id', '=', service.id)
      .executeTakeFirst();
    if (dup) throw conflict('ITEM_SERVICE_EXISTS', `事项“${item.name}”已列入“${service.name}”`);
    // Intake's cached lists forget the item before and after the commit (a read between may see the old list).
    this.env.neededServices.delete(item.code);
    const id = await this.db.transaction().execute(async (tx) => {
      const [{ id }] = await tx
        .insertInto('intermediaries_item_services')
        .values({
          item_code: item.code,
          item_name: item.name,
          service_id: service.id,
          material_name: input.materialName?.trim() || null,
          legal_basis: input.legalBasis.trim(),
          self_allowed: input.selfAllowed ? 1 : 0,
          created_at: this.env.now(),
        })
        .returning('id')
        .execute();
      await recordAudit(tx, this.env.ctx.clock, actor, {
        action: 'intermediaries.item_service_added',
        subjectType: 'intermediary_item_service',
        subjectId: id,
        after: { itemCode: item.code, serviceId: service.id, selfAllowed: input.selfAllowed },
      });
      return Number(id);
    });
    this.env.neededServices.delete(item.code);
    return id;
  }

  async itemServices() {
    const names = await this.env.serviceNames();
    const rows = await this.db.selectFrom('intermediaries_item_services').selectAll().orderBy('id').execute();
    return rows.map((r) => ({
      id: r.id,
      itemCode: r.item_code,
      itemName: r.item_name,
      serviceId: r.service_id,
      serviceName: names.get(r.service_id) ?? '',
      materialName: r.material_name,
      legalBasis: r.legal_basis,
      selfAllowed: r.self_allowed === 1,
    }));
  }

  // ---- 中介机构 ----

  private checkQualifications(list: QualificationInput[], today: string) {
    for (const [i, q] of list.entries()) {
      if (!(LEVELS as readonly string[]).includes(q.level)) throw unprocessable('QUALIFICATION_LEVEL', `资质等级应为 ${LEVELS.join('、')} 之一`, { field: `qualifications.${i}.level` });
      if (q.expiresOn < today) {
        throw unprocessable('QUALIFICATION_EXPIRED', `资质“${q.name}”已于 ${q.expiresOn} 过期，不能登记`, { field: `qualifications.${i}.expiresOn` });
      }
    }
  }

  /** An intermediary registers itself (its account becomes its login) or the market's admin registers it. */
  async register(actor: Actor, input: RegisterInput): Promise<AgencyView> {
    const u = validateUscc(input.uscc);
    if (!u.ok) throw unprocessable('INVALID_USCC', `统一社会信用代码无效：${u.message}`, { field: 'uscc' });
    const today = this.env.today();
    if (input.qualifications.length === 0) throw unprocessable('QUALIFICATION_REQUIRED', '请至少登记一项有效资质', { field: 'qualifications' });
    this.checkQualifications(input.qualifications, today);
    const serviceIds = [...new Set(input.serviceIds)];
    for (const id of serviceIds) await this.env.serviceOrFail(id);
    const dup = await this.db.selectFrom('intermediaries_agencies').select('id').where('uscc', '=', u.value).executeTakeFirst();
    if (dup) throw conflict('AGENCY_EXISTS', `统一社会信用代码 ${u.value} 的中介机构已登记`);
    const userId = isMarketAdmin(actor) ? null : actor.id;
    if (userId !== null) {
      const mine = await this.db.selectFrom('intermediaries_agencies').select('id').where('user_id', '=', userId).executeTakeFirst();
      if (mine) throw conflict('ACCOUNT_HAS_AGENCY', '本账号已登记过中介机构');
    }
    const now = this.env.now();
    const id = await this.db.transaction().execute(async (tx) => {
      const [{ id }] = await tx
        .insertInto('intermediaries_agencies')
        .values({
          uscc: u.value,
          name: input.name.trim(),
          user_id: userId,
          contact: input.contact.trim(),
          phone: input.phone.trim(),
          office: input.office.trim(),
          staff_count: input.staffCount,
          service_ids_json: JSON.stringify(serviceIds),
          status: 'pending',
          status_note: null,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .execute();
      const agencyId = Number(id);
      await this.insertQualifications(tx, agencyId, input.qualifications);
      await recordAudit(tx, this.env.ctx.clock, actor, { action: 'intermediaries.agency_registered', subjectType: 'intermediary', subjectId: agencyId, after: { uscc: u.value, name: input.name, serviceIds } });
      return agencyId;
    });
    return this.view(actor, id);
  }

  private async insertQualifications(tx: MarketTx, agencyId: number, list: QualificationInput[]) {
    if (list.length === 0) return;
    await tx
      .insertInto('intermediaries_qualifications')
      .values(list.map((q) => ({ agency_id: agencyId, name: q.name.trim(), level: q.level, cert_no: q.certNo.trim(), expires_on: q.expiresOn })))
      .execute();
  }

  async addQualification(actor: Actor, agencyId: number, q: QualificationInput): Promise<AgencyView> {
    const row = await this.rowOrFail(agencyId);
    if (!isMarketAdmin(actor) && row.user_id !== actor.id) throw forbidden('只能为本机构登记资质');
    this.checkQualifications([q], this.env.today());
    await this.db.transaction().execute(async (tx) => {
      await this.insertQualifications(tx, agencyId, [q]);
      await recordAudit(tx, this.env.ctx.clock, actor, { action: 'intermediaries.qualification_added', subjectType: 'intermediary', subjectId: agencyId, after: { name: q.name, level: q.level, expiresOn: q.expiresOn } });
    });
    return this.view(actor, agencyId);
  }

  /** The intermediary (or the admin) edits its contact, office, staff and service types; USCC and name stay as reviewed. */
  async update(actor: Actor, id: number, input: AgencyUpdate): Promise<AgencyView> {
    const row = await this.rowOrFail(id);
    if (!isMarketAdmin(actor) && row.user_id !== actor.id) throw forbidden('只能修改本机构的登记信息');
    const serviceIds = [...new Set(input.serviceIds)];
    if (serviceIds.length === 0) throw unprocessable('SERVICE_REQUIRED', '请至少选择一项服务类型', { field: 'serviceIds' });
    for (const sid of serviceIds) await this.env.serviceOrFail(sid);
    const after = { contact: input.contact.trim(), phone: input.phone.trim(), office: input.office.trim(), staff_count: input.staffCount, service_ids_json: JSON.stringify(serviceIds) };
    await this.db.transaction().execute(async (tx) => {
      await tx.updateTable('intermediaries_agencies').set({ ...after, updated_at: this.env.now() }).where('id', '=', id).execute();
      await recordAudit(tx, this.env.ctx.clock, actor, {
        action: 'intermediaries.agency_updated',
        subjectType: 'intermediary',
        subjectId: id,
        before: { office: row.office, staffCount: row.staff_count, serviceIds: parseJson<number[]>(row.service_ids_json, []) },
        after: { office: after.office, staffCount: after.staff_count, serviceIds },
      });
    });
    return this.view(actor, id);
  }

  private async rowOrFail(id: number, db: MarketDb | MarketTx = this.db): Promise<AgencyRow> {
    const row = await db.selectFrom('intermediaries_agencies').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('AGENCY_NOT_FOUND', `中介机构 ${id} 不存在`);
    return row;
  }

  private async setStatus(actor: Actor, id: number, allowed: AgencyStatus[], to: AgencyStatus, note: string | null, action: string, credit: { kind: string; note: string } | null) {
    const row = await this.rowOrFail(id);
    if (!allowed.includes(row.status as AgencyStatus)) {
      throw new AppError('AGENCY_STATE', 409, `中介机构状态为“${AGENCY_STATUS_LABELS[row.status as AgencyStatus] ?? row.status}”，不能执行此操作`, { status: row.status });
    }
    await this.db.transaction().execute(async (tx) => {
      await tx.updateTable('intermediaries_agencies').set({ status: to, status_note: note, updated_at: this.env.now() }).where('id', '=', id).execute();
      if (credit) await this.insertCredit(tx, id, credit.kind, credit.note, null, null);
      await recordAudit(tx, this.env.ctx.clock, actor, { action, subjectType: 'intermediary', subjectId: id, before: { status: row.status }, after: { status: to, note } });
    });
    return this.view(actor, id);
  }

  async review(actor: Actor, id: number, approve: boolean, note: string | null) {
    if (approve) {
      const quals = await this.db.selectFrom('intermediaries_qualifications').select('expires_on').where('agency_id', '=', id).execute();
      if (!quals.some((q) => q.expires_on >= this.env.today())) throw unprocessable('QUALIFICATION_EXPIRED', '该机构没有有效期内的资质，不能入驻', { field: 'qualifications' });
    }
    return this.setStatus(actor, id, ['pending'], approve ? 'listed' : 'rejected', note, approve ? 'intermediaries.agency_listed' : 'intermediaries.agency_rejected', null);
  }

  suspend(actor: Actor, id: number, note: string) {
    return this.setStatus(actor, id, ['listed'], 'suspended', note, 'intermediaries.agency_suspended', { kind: 'suspension', note });
  }

  resume(actor: Actor, id: number, note: string) {
    return this.setStatus(actor, id, ['suspended'], 'listed', note, 'intermediaries.agency_resumed', { kind: 'resumption', note });
  }

  /** 信用记录: a violation or a complaint against the intermediary. */
  async recordCredit(actor: Actor, id: number, kind: 'violation' | 'complaint', note: string) {
    const row = await this.rowOrFail(id);
    await this.db.transaction().execute(async (tx) => {
      await this.insertCredit(tx, id, kind, note, null, null);
      await tx
        .updateTable('intermediaries_agencies')
        .set(kind === 'violation' ? { violations: row.violations + 1 } : { complaints: row.complaints + 1 })
        .where('id', '=', id)
        .execute();
      await recordAudit(tx, this.env.ctx.clock, actor, { action: `intermediaries.${kind}_recorded`, subjectType: 'intermediary', subjectId: id, after: { kind } });
    });
    return this.view(actor, id);
  }

  async insertCredit(tx: MarketTx, agencyId: number, kind: string, note: string, score: number | null, projectId: number | null) {
    await tx
      .insertInto('intermediaries_credit')
      .values({ agency_id: agencyId, kind, note, score, project_id: projectId, at: this.env.now(), on_date: this.env.today() })
      .execute();
  }

  async credit(id: number) {
    await this.rowOrFail(id);
    const rows = await this.db.selectFrom('intermediaries_credit').selectAll().where('agency_id', '=', id).orderBy('id', 'desc').limit(100).execute();
    return rows.map((r) => ({ id: r.id, kind: r.kind, note: r.note, score: r.score, projectId: r.project_id, on: r.on_date }));
  }

  /** Job: a listed intermediary none of whose 资质 is still valid leaves the registry. */
  async unlistExpired(): Promise<number> {
    const today = this.env.today();
    const listed = await this.db.selectFrom('intermediaries_agencies').select(['id', 'status']).where('status', 'in', ['listed', 'suspended']).execute();
    if (listed.length === 0) return 0;
    const valid = await this.db
      .selectFrom('intermediaries_qualifications')
      .select('agency_id')
      .where('expires_on', '>=', today)
      .where('agency_id', 'in', listed.map((a) => a.id))
      .execute();
    const keep = new Set(valid.map((v) => v.agency_id));
    const expired = listed.filter((a) => !keep.has(a.id));
    const actor = systemActor('intermediaries.unlist_expired');
    for (const a of expired) {
      await this.db.transaction().execute(async (tx) => {
        const note = '资质均已过期，自动下架';
        await tx.updateTable('intermediaries_agencies').set({ status: 'unlisted', status_note: note, updated_at: this.env.now() }).where('id', '=', a.id).where('status', '=', a.status).execute();
        await this.insertCredit(tx, a.id, 'unlisting', note, null, null);
        await recordAudit(tx, this.env.ctx.clock, actor, { action: 'intermediaries.agency_unlisted', subjectType: 'intermediary', subjectId: a.id, before: { status: a.status }, after: { status: 'unlisted' } });
      });
    }
    return expired.length;
  }

  // ---- reads ----

  async facts(ids: number[], db: MarketDb | MarketTx = this.db): Promise<Map<number, AgencyFacts & { name: string; userId: number | null }>> {
    const out = new Map<number, AgencyFacts & { name: string; userId: number | null }>();
    if (ids.length === 0) return out;
    const rows = await db.selectFrom('intermediaries_agencies').selectAll().where('id', 'in', ids).execute();
    const quals = await db.selectFrom('intermediaries_qualifications').selectAll().where('agency_id', 'in', ids).execute();
    for (const r of rows) {
      out.set(r.id, {
        name: r.name,
        userId: r.user_id,
        status: r.status,
        serviceIds: parseJson<number[]>(r.service_ids_json, []),
        qualifications: quals.filter((q) => q.agency_id === r.id).map((q) => ({ name: q.name, level: q.level, expiresOn: q.expires_on })),
      });
    }
    return out;
  }

  async agencyOfUser(userId: number | null, db: MarketDb | MarketTx = this.db): Promise<AgencyRow | null> {
    if (userId === null) return null;
    return (await db.selectFrom('intermediaries_agencies').selectAll().where('user_id', '=', userId).executeTakeFirst()) ?? null;
  }

  async view(actor: Actor | null, id: number): Promise<AgencyView> {
    const [v] = await this.views(actor, [await this.rowOrFail(id)]);
    return v;
  }

  /** Public registry: listed intermediaries; staff see every status (`status` filters). */
  async list(actor: Actor | null, q: { status?: string; serviceId?: number; keyword?: string; page: number; pageSize: number; all: boolean }) {
    let query = this.db.selectFrom('intermediaries_agencies');
    if (!q.all) query = query.where('status', '=', 'listed');
    else if (q.status) query = query.where('status', '=', q.status);
    if (q.keyword) query = query.where('name', 'like', `%${q.keyword.replace(/[%_\\]/g, '')}%`);
    let rows = await query.selectAll().orderBy('id').execute();
    if (q.serviceId !== undefined) rows = rows.filter((r) => parseJson<number[]>(r.service_ids_json, []).includes(q.serviceId!));
    const page = rows.slice((q.page - 1) * q.pageSize, q.page * q.pageSize);
    return { items: await this.views(actor, page), total: rows.length };
  }

  private async views(actor: Actor | null, rows: AgencyRow[]): Promise<AgencyView[]> {
    if (rows.length === 0) return [];
    const names = await this.env.serviceNames();
    const quals = await this.db.selectFrom('intermediaries_qualifications').selectAll().where('agency_id', 'in', rows.map((r) => r.id)).orderBy('id').execute();
    const today = this.env.today();
    const staff = actor !== null && isMarketAdmin(actor);
    return rows.map((r) => {
      const mine = actor !== null && actor.id !== null && r.user_id === actor.id;
      return {
        id: r.id,
        uscc: r.uscc,
        name: r.name,
        contact: r.contact,
        phone: staff || mine ? r.phone : maskPhone(r.phone),
        office: r.office,
        staffCount: r.staff_count,
        services: parseJson<number[]>(r.service_ids_json, []).map((id) => ({ id, name: names.get(id) ?? '' })),
        qualifications: quals
          .filter((q) => q.agency_id === r.id)
          .map((q) => ({ name: q.name, level: q.level, certNo: q.cert_no, expiresOn: q.expires_on, valid: q.expires_on >= today })),
        status: r.status,
        statusLabel: AGENCY_STATUS_LABELS[r.status as AgencyStatus] ?? r.status,
        statusNote: r.status_note,
        rating: r.rating_count > 0 ? Math.round((r.rating_sum / r.rating_count) * 10) / 10 : null,
        ratingCount: r.rating_count,
        violations: r.violations,
        complaints: r.complaints,
        mine,
      };
    });
  }
}
