import { sql } from 'kysely';
import type { KpiRecords, KpiRecordsQuery } from '../../kernel/module';
import type { WorkOrderDeps } from './hotline.context';
import { periodInstants } from './hotline.kpis';
import { CHANNEL_LABELS } from './hotline.config';
import { STATUS_LABELS } from './hotline.rules';
import { kbUnitIds, mergedWithin, REACH_KPI_NAMES, registeredBy, type ReachCounts } from './hotline.reach.rules';
import { departmentInScope, inDepartments, type DepartmentScope } from '../../kernel/db/department-scope';
import { inOrderRegion } from './hotline.daily';

const n = sql<number>`cast(count(*) as integer)`;

/**
 * The reach figures (definitions in hotline.reach.rules.ts): expert seats, merged lines, member units with
 * knowledge-base entries, 办不成事 matters, and the records behind them. The rosters are a few dozen rows and
 * read whole; the orders are counted in SQL.
 */
export class HotlineReach {
  constructor(private readonly deps: WorkOrderDeps) {}

  private async memberUnitIds(departmentId?: DepartmentScope): Promise<Set<number>> {
    const units = (await this.deps.ctx.services.org.all()).filter((d) => d.hotlineUnit && d.active && departmentInScope(d.id, departmentId));
    return new Set(units.map((u) => u.id));
  }

  /** The merged lines registered by the end of `to` (answered by `departmentId` when given). */
  private async lines(to: string, departmentId?: DepartmentScope) {
    const rows = await this.deps.db.selectFrom('hotline_lines').selectAll().orderBy('code').execute();
    return rows
      .map((r) => ({ code: r.code, name: r.name, description: r.description, unitIds: (JSON.parse(r.unit_ids_json) as unknown[]).map(Number), active: Number(r.active) === 1, since: r.since ?? null }))
      .filter((l) => registeredBy(l, to) && (departmentId == null || l.unitIds.some((u) => departmentInScope(u, departmentId))));
  }

  /** The expert seats registered by the end of `to`. */
  private async seats(to: string, departmentId?: DepartmentScope) {
    let q = this.deps.db.selectFrom('hotline_expert_seats').selectAll().orderBy('id');
    if (departmentId != null) q = q.where(inDepartments('department_id', departmentId));
    return (await q.execute())
      .map((r) => ({ id: Number(r.id), departmentId: Number(r.department_id), name: r.name, topics: r.topics, extension: r.extension, active: Number(r.active) === 1, since: r.since ?? null }))
      .filter((r) => registeredBy(r, to));
  }

  private async kbUnits(to: string, departmentId?: DepartmentScope) {
    const members = await this.memberUnitIds(departmentId);
    let q = this.deps.db.selectFrom('hotline_kb').select(['department_id', 'status', 'published_at', 'expires_on']).where('status', '=', 'published');
    if (departmentId != null) q = q.where(inDepartments('department_id', departmentId));
    const rows = await q.execute();
    const ids = kbUnitIds(
      rows.map((r) => ({ departmentId: Number(r.department_id), status: r.status, publishedAt: r.published_at ?? null, expiresOn: r.expires_on ?? null })),
      members,
      to,
    );
    return { ids, members };
  }

  /** 办不成事 orders of the period: of a county by the order's own county (`region`), else by the unit holding them. */
  private blockedQ(from: string, to: string, departmentId?: DepartmentScope, region?: string | null) {
    const p = periodInstants(from, to);
    let q = this.deps.db.selectFrom('hotline_orders').where('channel', '=', 'banbucheng').where('created_at', '>=', p.start).where('created_at', '<', p.end);
    if (region) q = q.where(inOrderRegion('region', region));
    else if (departmentId != null) q = q.where(inDepartments('unit_id', departmentId));
    return q;
  }

  /** The counts besides `received` (which the caller has from the order roll-up). */
  async counts(from: string, to: string, received: number, departmentId?: DepartmentScope, region?: string | null): Promise<ReachCounts> {
    const p = periodInstants(from, to);
    const seats = await this.seats(to, departmentId);
    const lines = await this.lines(to, departmentId);
    const kb = await this.kbUnits(to, departmentId);
    const b = await this.blockedQ(from, to, departmentId, region)
      .select([n.as('n'), sql<number>`cast(coalesce(sum(case when finished_at is not null and finished_at < ${p.end} then 1 else 0 end), 0) as integer)`.as('done')])
      .executeTakeFirstOrThrow();
    return {
      received,
      seatsActive: seats.filter((s) => s.active).length,
      seatsAll: seats.length,
      linesActive: lines.filter((l) => l.active).length,
      linesAll: lines.length,
      linesMerged: lines.filter((l) => mergedWithin(l, from, to)).length,
      kbUnits: kb.ids.size,
      memberUnits: kb.members.size,
      blocked: Number(b.n),
      blockedFinished: Number(b.done),
    };
  }

  /** The records behind a reach KPI (null for any other KPI); `hotline.received` lists the orders received. */
  async records(kpi: string, part: 'numerator' | 'denominator', q: KpiRecordsQuery): Promise<KpiRecords | null> {
    if (!(REACH_KPI_NAMES as readonly string[]).includes(kpi)) return null;
    const dept = q.departmentId ?? undefined;
    const page = <T>(kind: string, xs: T[]): KpiRecords => ({ kind, total: xs.length, items: xs.slice(q.offset, q.offset + q.limit) });
    const org = this.deps.ctx.services.org;
    const nameOf = async (id: number) => (await org.byId(id))?.name ?? String(id);
    if (kpi === 'hotline.expertSeats') {
      const seats = (await this.seats(q.to, dept)).filter((s) => part === 'denominator' || s.active);
      return page('hotline_expert_seat', await Promise.all(seats.map(async (s) => ({ ...s, departmentName: await nameOf(s.departmentId) }))));
    }
    if (kpi === 'hotline.lines' || kpi === 'hotline.linesMerged') {
      const merged = kpi === 'hotline.linesMerged';
      // lines: in force / registered; linesMerged: merged within the period / in force.
      const keep = (l: { active: boolean; since: string | null }) =>
        merged ? (part === 'numerator' ? mergedWithin(l, q.from, q.to) : l.active) : part === 'numerator' ? l.active : true;
      const lines = (await this.lines(q.to, dept)).filter(keep);
      return page('hotline_line', await Promise.all(lines.map(async (l) => ({ code: l.code, name: l.name, description: l.description, active: l.active, since: l.since, units: await Promise.all(l.unitIds.map(nameOf)) }))));
    }
    if (kpi === 'hotline.kbUnits') {
      const { ids, members } = await this.kbUnits(q.to, dept);
      const chosen = [...(part === 'numerator' ? ids : members)].sort((a, b) => a - b);
      return page('department', await Promise.all(chosen.map(async (id) => ({ id, name: await nameOf(id), hasKbEntry: ids.has(id) }))));
    }
    const p = periodInstants(q.from, q.to);
    let base =
      kpi === 'hotline.received' || (kpi === 'hotline.blockedMatters' && part === 'denominator')
        ? this.deps.db.selectFrom('hotline_orders').where('channel', '!=', 'mailbox').where('created_at', '>=', p.start).where('created_at', '<', p.end)
        : this.blockedQ(q.from, q.to, dept, q.region);
    if (q.region) base = base.where(inOrderRegion('region', q.region));
    else if (dept != null) base = base.where(inDepartments('unit_id', dept));
    if (kpi === 'hotline.blockedFinishedRate' && part === 'numerator') base = base.where('finished_at', 'is not', null).where('finished_at', '<', p.end);
    const total = Number((await base.select(n.as('n')).executeTakeFirstOrThrow()).n);
    const rows = await base
      .select(['id', 'order_no', 'channel', 'category', 'title', 'status', 'unit_id', 'case_no', 'created_at', 'finished_at'])
      .orderBy('created_at')
      .orderBy('id')
      .offset(q.offset)
      .limit(q.limit)
      .execute();
    return {
      kind: 'hotline_order',
      total,
      items: rows.map((r) => ({
        id: Number(r.id),
        orderNo: r.order_no,
        channel: r.channel,
        channelLabel: CHANNEL_LABELS[r.channel] ?? r.channel,
        category: r.category,
        title: r.title,
        status: r.status,
        statusLabel: STATUS_LABELS[r.status] ?? r.status,
        unitId: r.unit_id,
        caseNo: r.case_no,
        createdAt: r.created_at,
        finishedAt: r.finished_at,
      })),
    };
  }
}
