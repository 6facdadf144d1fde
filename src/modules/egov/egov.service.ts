/**
 * 电子政务外网 and 业务培训 (issue 18 item 4): the register of township and village service centres on the
 * county extranet, the security incidents handled on it, and the training sessions the bureau runs for
 * 乡镇政务中心 and village stations — records the yearly report quotes (26 townships and 580 villages
 * connected, 100+ attacks handled, training attendance) and no other module keeps.
 */
import type { Actor } from '../../kernel/auth/actor';
import { recordAudit } from '../../kernel/audit/audit';
import { conflict, notFound, unprocessable } from '../../kernel/errors';
import { tablesOf } from '../../kernel/kernel.tables';
import { ratio, type Kpi } from '../../shared/kpi';
import type { Period } from '../../shared/period';
import type { EgovNeedsContext } from './egov.context';
import {
  checkIncident,
  checkTraining,
  connectionKindOf,
  CONNECTION_STATUS_LABELS,
  INCIDENT_CATEGORY_LABELS,
  INCIDENT_SEVERITY_LABELS,
  TRAINING_AUDIENCE_LABELS,
  type ConnectionStatus,
  type IncidentCategory,
  type IncidentSeverity,
  type RuleViolation,
  type TrainingAudience,
} from './egov.rules';
import type { EgovDb, EgovTables } from './egov.tables';
import type { DepartmentScope } from '../../kernel/db/department-scope';

export interface ConnectionInput {
  departmentId: number;
  bandwidthMbps: number;
  connectedOn: string;
  status?: ConnectionStatus;
  note?: string | null;
}

export interface IncidentInput {
  occurredOn: string;
  category: IncidentCategory;
  severity: IncidentSeverity;
  target: string;
  description: string;
  status: 'open' | 'handled';
  handledOn?: string | null;
  measures?: string | null;
}

export interface TrainingInput {
  title: string;
  heldOn: string;
  audience: TrainingAudience;
  organiserDepartmentId?: number | null;
  attendees: number;
  hours: number;
  place: string;
  summary?: string | null;
}

const refuse = (v: RuleViolation | null) => {
  if (v) throw unprocessable(v.code, v.message, { field: v.field });
};

export class EgovService {
  private readonly db: EgovDb;
  constructor(private readonly ctx: EgovNeedsContext) {
    this.db = tablesOf<EgovTables>(ctx.db);
  }

  private today() {
    return this.ctx.calendar.today();
  }
  private now() {
    return this.ctx.clock.now().toISOString();
  }

  // ---- 外网接入 --------------------------------------------------------------------------------------

  /** Connects a township or village (or updates its line); one connection per unit. */
  async saveConnection(actor: Actor, input: ConnectionInput) {
    const dept = await this.ctx.services.org.byIdOrFail(input.departmentId, 'departmentId');
    const kind = connectionKindOf(dept.kind);
    if (!kind) throw unprocessable('NOT_A_SERVICE_CENTRE', `${dept.name} 不是乡镇（街道）或村（社区），不登记外网接入`, { field: 'departmentId' });
    if (input.connectedOn > this.today()) throw unprocessable('CONNECTED_IN_FUTURE', '接入日期不能晚于今天', { field: 'connectedOn' });
    if (!Number.isInteger(input.bandwidthMbps) || input.bandwidthMbps < 1 || input.bandwidthMbps > 100_000) {
      throw unprocessable('BANDWIDTH_INVALID', '带宽应为 1–100000 Mbps 的整数', { field: 'bandwidthMbps' });
    }
    const now = this.now();
    const values = { kind, bandwidth_mbps: input.bandwidthMbps, connected_on: input.connectedOn, status: input.status ?? 'connected', note: input.note?.trim() || null, updated_at: now };
    return this.db.transaction().execute(async (tx) => {
      const before = await tx.selectFrom('egov_connections').selectAll().where('department_id', '=', dept.id).executeTakeFirst();
      if (before) await tx.updateTable('egov_connections').set(values).where('id', '=', before.id).execute();
      else await tx.insertInto('egov_connections').values({ department_id: dept.id, created_at: now, ...values }).execute();
      await recordAudit(tx, this.ctx.clock, actor, {
        action: before ? 'egov.connection_updated' : 'egov.connection_added',
        subjectType: 'egov_connection',
        subjectId: dept.code,
        before: before ? { status: before.status, bandwidthMbps: before.bandwidth_mbps, connectedOn: before.connected_on } : undefined,
        after: { status: values.status, bandwidthMbps: values.bandwidth_mbps, connectedOn: values.connected_on },
      });
      const row = await tx.selectFrom('egov_connections').selectAll().where('department_id', '=', dept.id).executeTakeFirstOrThrow();
      return { ...this.connectionView(row, dept.name), departmentName: dept.name };
    });
  }

  /** Every township and village with its connection (or none), townships first, in org order. */
  async connections(q: { kind?: 'township' | 'village'; unconnected?: boolean } = {}) {
    const units = (await this.ctx.services.org.all()).filter((d) => d.active && connectionKindOf(d.kind) && (!q.kind || d.kind === q.kind));
    const rows = new Map((await this.db.selectFrom('egov_connections').selectAll().execute()).map((r) => [r.department_id, r]));
    const items = units
      .map((d) => {
        const r = rows.get(d.id);
        return r ? this.connectionView(r, d.name) : { departmentId: d.id, departmentName: d.name, kind: d.kind as 'township' | 'village', connected: false, status: null, statusLabel: '未接入', bandwidthMbps: null, connectedOn: null, note: null };
      })
      .filter((c) => !q.unconnected || !c.connected)
      .sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'township' ? -1 : 1));
    const count = (kind: string) => {
      const all = units.filter((u) => u.kind === kind);
      return { units: all.length, connected: all.filter((u) => rows.get(u.id)?.status === 'connected').length };
    };
    return { items, total: items.length, townships: count('township'), villages: count('village') };
  }

  private connectionView(r: { department_id: number; kind: string; status: string; bandwidth_mbps: number; connected_on: string; note: string | null }, name: string) {
    return {
      departmentId: r.department_id,
      departmentName: name,
      kind: r.kind as 'township' | 'village',
      connected: r.status === 'connected',
      status: r.status as ConnectionStatus,
      statusLabel: CONNECTION_STATUS_LABELS[r.status as ConnectionStatus] ?? r.status,
      bandwidthMbps: r.bandwidth_mbps as number | null,
      connectedOn: r.connected_on as string | null,
      note: r.note,
    };
  }

  // ---- 安全事件 --------------------------------------------------------------------------------------

  async recordIncident(actor: Actor, input: IncidentInput) {
    refuse(checkIncident(input, this.today()));
    const target = input.target.trim();
    const description = input.description.trim();
    if (target.length < 2) throw unprocessable('TARGET_REQUIRED', '请填写受影响的系统或网络节点', { field: 'target' });
    if (description.length < 4) throw unprocessable('DESCRIPTION_REQUIRED', '请描述事件经过（至少 4 个字）', { field: 'description' });
    return this.db.transaction().execute(async (tx) => {
      const [{ id }] = await tx
        .insertInto('egov_incidents')
        .values({
          occurred_on: input.occurredOn,
          category: input.category,
          severity: input.severity,
          target,
          description,
          status: input.status,
          handled_on: input.status === 'handled' ? (input.handledOn ?? null) : null,
          measures: input.status === 'handled' ? (input.measures?.trim() ?? null) : null,
          recorded_by: actor.id,
          created_at: this.now(),
        })
        .returning('id')
        .execute();
      await recordAudit(tx, this.ctx.clock, actor, { action: 'egov.incident_recorded', subjectType: 'egov_incident', subjectId: Number(id), after: { ...input } });
      return this.incident(Number(id), tx);
    });
  }

  /** Closes an open incident with the day it was handled and the measures taken. */
  async handleIncident(actor: Actor, id: number, input: { handledOn: string; measures: string }) {
    return this.db.transaction().execute(async (tx) => {
      const row = await tx.selectFrom('egov_incidents').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) throw notFound('INCIDENT_NOT_FOUND', `安全事件 ${id} 不存在`);
      if (row.status === 'handled') throw conflict('INCIDENT_ALREADY_HANDLED', `安全事件 ${id} 已于 ${row.handled_on} 处置`, { status: row.status });
      refuse(checkIncident({ occurredOn: row.occurred_on, status: 'handled', handledOn: input.handledOn, measures: input.measures }, this.today()));
      await tx.updateTable('egov_incidents').set({ status: 'handled', handled_on: input.handledOn, measures: input.measures.trim() }).where('id', '=', id).execute();
      await recordAudit(tx, this.ctx.clock, actor, { action: 'egov.incident_handled', subjectType: 'egov_incident', subjectId: id, before: { status: 'open' }, after: { status: 'handled', ...input } });
      return this.incident(id, tx);
    });
  }

  private async incident(id: number, db: Pick<EgovDb, 'selectFrom'> = this.db) {
    const r = await db.selectFrom('egov_incidents').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    return this.incidentView(r);
  }

  private incidentView(r: { id: number; occurred_on: string; category: string; severity: string; target: string; description: string; status: string; handled_on: string | null; measures: string | null }) {
    return {
      id: Number(r.id),
      occurredOn: r.occurred_on,
      category: r.category,
      categoryLabel: INCIDENT_CATEGORY_LABELS[r.category as IncidentCategory] ?? r.category,
      severity: r.severity,
      severityLabel: INCIDENT_SEVERITY_LABELS[r.severity as IncidentSeverity] ?? r.severity,
      target: r.target,
      description: r.description,
      status: r.status as 'open' | 'handled',
      handledOn: r.handled_on,
      measures: r.measures,
    };
  }

  async incidents(q: { from: string; to: string; status?: 'open' | 'handled'; offset: number; limit: number }) {
    let qb = this.db.selectFrom('egov_incidents').where('occurred_on', '>=', q.from).where('occurred_on', '<=', q.to);
    if (q.status) qb = qb.where('status', '=', q.status);
    const total = Number((await qb.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0);
    const rows = await qb.selectAll().orderBy('occurred_on', 'desc').orderBy('id', 'desc').offset(q.offset).limit(q.limit).execute();
    return { items: rows.map((r) => this.incidentView(r)), total };
  }

  // ---- 业务培训 --------------------------------------------------------------------------------------

  async recordTraining(actor: Actor, input: TrainingInput) {
    refuse(checkTraining(input, this.today()));
    const title = input.title.trim();
    if (title.length < 4) throw unprocessable('TITLE_REQUIRED', '请填写培训名称（至少 4 个字）', { field: 'title' });
    if (input.place.trim().length < 2) throw unprocessable('PLACE_REQUIRED', '请填写培训地点', { field: 'place' });
    if (input.organiserDepartmentId != null) await this.ctx.services.org.byIdOrFail(input.organiserDepartmentId, 'organiserDepartmentId');
    return this.db.transaction().execute(async (tx) => {
      const [{ id }] = await tx
        .insertInto('egov_trainings')
        .values({
          title,
          held_on: input.heldOn,
          audience: input.audience,
          organiser_department_id: input.organiserDepartmentId ?? null,
          attendees: input.attendees,
          hours: input.hours,
          place: input.place.trim(),
          summary: input.summary?.trim() || null,
          recorded_by: actor.id,
          created_at: this.now(),
        })
        .returning('id')
        .execute();
      await recordAudit(tx, this.ctx.clock, actor, { action: 'egov.training_recorded', subjectType: 'egov_training', subjectId: Number(id), after: { ...input } });
      return { id: Number(id), ...input, title, audienceLabel: TRAINING_AUDIENCE_LABELS[input.audience] };
    });
  }

  async trainings(q: { from: string; to: string; offset: number; limit: number }) {
    const qb = this.db.selectFrom('egov_trainings').where('held_on', '>=', q.from).where('held_on', '<=', q.to);
    const totals = await qb.select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('attendees').as('people')]).executeTakeFirst();
    const rows = await qb.selectAll().orderBy('held_on', 'desc').orderBy('id', 'desc').offset(q.offset).limit(q.limit).execute();
    return {
      items: rows.map((r) => ({
        id: Number(r.id),
        title: r.title,
        heldOn: r.held_on,
        audience: r.audience,
        audienceLabel: TRAINING_AUDIENCE_LABELS[r.audience as TrainingAudience] ?? r.audience,
        organiserDepartmentId: r.organiser_department_id,
        attendees: r.attendees,
        hours: r.hours,
        place: r.place,
        summary: r.summary,
      })),
      total: Number(totals?.n ?? 0),
      attendees: Number(totals?.people ?? 0),
    };
  }

  // ---- KPIs ------------------------------------------------------------------------------------------

  /**
   * The extranet coverage at the end of the period (connected units over all townships / villages), the
   * incidents of the period handled, and the period's training sessions and attendance. County-wide
   * figures: a department's summary leaves them empty.
   */
  async kpis(period: Period, departments: DepartmentScope): Promise<Record<string, Kpi>> {
    if (departments != null) {
      const none = ratio(0, 0);
      return { 'egov.townshipsConnected': none, 'egov.villagesConnected': none, 'egov.incidentsHandled': none, 'egov.trainings': none, 'egov.trainingAttendees': none };
    }
    const units = (await this.ctx.services.org.all()).filter((d) => d.active && connectionKindOf(d.kind));
    const rows = await this.db.selectFrom('egov_connections').select(['department_id', 'status', 'connected_on']).execute();
    const connectedBy = new Set(rows.filter((r) => r.status === 'connected' && r.connected_on <= period.to).map((r) => r.department_id));
    const coverage = (kind: string) => {
      const of = units.filter((u) => u.kind === kind);
      return ratio(of.filter((u) => connectedBy.has(u.id)).length, of.length);
    };
    const inc = await this.db
      .selectFrom('egov_incidents')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>(eb.case().when('status', '=', 'handled').then(1).else(0).end()).as('handled')])
      .where('occurred_on', '>=', period.from)
      .where('occurred_on', '<=', period.to)
      .executeTakeFirst();
    const tr = await this.db
      .selectFrom('egov_trainings')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('attendees').as('people')])
      .where('held_on', '>=', period.from)
      .where('held_on', '<=', period.to)
      .executeTakeFirst();
    const sessions = Number(tr?.n ?? 0);
    const people = Number(tr?.people ?? 0);
    return {
      'egov.townshipsConnected': coverage('township'),
      'egov.villagesConnected': coverage('village'),
      'egov.incidentsHandled': ratio(Number(inc?.handled ?? 0), Number(inc?.n ?? 0)),
      'egov.trainings': { value: sessions, numerator: sessions, denominator: sessions },
      'egov.trainingAttendees': ratio(people, sessions),
    };
  }
}
