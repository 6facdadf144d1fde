import { sql } from 'kysely';
import type { AppContext } from '../../kernel/module';
import { unprocessable } from '../../kernel/errors';
import type { OrgService } from '../org/org.service';
import { CASE_SETS, caseDayCounts, caseRecords, openOverdueByDepartment, type CaseDayCounts, type CaseSet } from '../cases/cases.queries';
import { CASE_KPI_NAMES, CASE_KPI_SETS, addCounts, caseKpis, emptyCounts, type CaseCounts, type CaseKpiName, type Kpi } from './case-kpis.rules';
import { daysBefore } from './supervision.rules';
import type { SupervisionService } from './supervision.service';

export const ROLLUP_SETTING_KEY = 'supervision.case_daily';
/** Days before yesterday that every roll-up run recomputes (deemed acceptances back-date accepted_on). */
const SETTLE_DAYS = 31;

const dayAfter = (d: string) => daysBefore(d, -1);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Row = any;

const COLS = ['received', 'completed', 'completed_on_time', 'with_legal', 'legal_sum', 'used_sum', 'accepted', 'accepted_closed'] as const;

function fromRow(r: Row): Omit<CaseDayCounts, 'day' | 'departmentId'> {
  return {
    received: Number(r.received ?? 0),
    completed: Number(r.completed ?? 0),
    completedOnTime: Number(r.completed_on_time ?? 0),
    withLegal: Number(r.with_legal ?? 0),
    legalSum: Number(r.legal_sum ?? 0),
    usedSum: Number(r.used_sum ?? 0),
    accepted: Number(r.accepted ?? 0),
    acceptedClosed: Number(r.accepted_closed ?? 0),
  };
}

/**
 * Case and supervision KPIs (a stats provider: `kpis(period, departmentId)`), with their drill-down,
 * monthly series and department table. Closed days come from the daily roll-up; days after it are read
 * live through the date indexes, so the answer is always current.
 */
export class CaseKpiService {
  constructor(private readonly ctx: AppContext) {}

  private get supervision(): SupervisionService {
    return this.ctx.services.supervision as SupervisionService;
  }

  /** The last day rolled up (null: nothing rolled yet). */
  async rolledThrough(): Promise<string | null> {
    const row = await this.ctx.db.selectFrom('kernel_settings').select('value_json').where('key', '=', ROLLUP_SETTING_KEY).executeTakeFirst();
    return row ? ((JSON.parse(row.value_json) as { through: string | null }).through ?? null) : null;
  }

  /**
   * Rolls up every day not rolled yet up to yesterday, plus the trailing settle window. `full` rebuilds
   * from the first case (after an import or the generator).
   */
  async rollup(opts: { full?: boolean } = {}): Promise<{ from: string; to: string; rows: number } | null> {
    const yesterday = daysBefore(this.ctx.calendar.today(), 1);
    const first = await this.ctx.db.selectFrom('cases_cases').select(sql<string>`min(submitted_on)`.as('d')).executeTakeFirst();
    if (!first?.d) return null;
    const through = opts.full ? null : await this.rolledThrough();
    let from = through ? daysBefore(through, SETTLE_DAYS) : first.d;
    if (from < first.d) from = first.d;
    if (from > yesterday) return null;
    const rows = await caseDayCounts(this.ctx.db, from, yesterday);
    const now = this.ctx.clock.now().toISOString();
    await this.ctx.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('supervision_case_daily').where('day', '>=', opts.full ? '0000-01-01' : from).where('day', '<=', yesterday).execute();
      const values = rows.map((r) => ({
        day: r.day,
        department_id: r.departmentId,
        received: r.received,
        completed: r.completed,
        completed_on_time: r.completedOnTime,
        with_legal: r.withLegal,
        legal_sum: r.legalSum,
        used_sum: r.usedSum,
        accepted: r.accepted,
        accepted_closed: r.acceptedClosed,
      }));
      for (let i = 0; i < values.length; i += 500) await tx.insertInto('supervision_case_daily').values(values.slice(i, i + 500)).execute();
      const value = JSON.stringify({ through: yesterday, at: now });
      await tx
        .insertInto('kernel_settings')
        .values({ key: ROLLUP_SETTING_KEY, value_json: value, updated_at: now })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value_json: value, updated_at: now }))
        .execute();
    });
    return { from, to: yesterday, rows: rows.length };
  }

  /** Day × department counts over [from, to]: rolled days from the roll-up table, the rest live. */
  async dayCounts(from: string, to: string, departmentId?: number | null): Promise<CaseDayCounts[]> {
    const through = await this.rolledThrough();
    const out: CaseDayCounts[] = [];
    const rolledTo = through && through < to ? through : to;
    if (through && from <= rolledTo) {
      let q = this.ctx.db.selectFrom('supervision_case_daily').selectAll().where('day', '>=', from).where('day', '<=', rolledTo);
      if (departmentId != null) q = q.where('department_id', '=', departmentId);
      for (const r of await q.execute()) out.push({ day: r.day, departmentId: Number(r.department_id), ...fromRow(r) });
    }
    const liveFrom = through && through >= from ? dayAfter(through) : from;
    if (liveFrom <= to) out.push(...(await caseDayCounts(this.ctx.db, liveFrom, to, departmentId ?? undefined)));
    return out;
  }

  /** Σ accepted (≤ to) − Σ closed-after-acceptance (< from): cases whose clock ran in [from, to]. */
  private async supervised(from: string, to: string, departmentId?: number | null): Promise<number> {
    const through = await this.rolledThrough();
    let acc = 0;
    let closed = 0;
    if (through) {
      let q = this.ctx.db
        .selectFrom('supervision_case_daily')
        .select([
          sql<number>`cast(coalesce(sum(case when day <= ${to} then accepted else 0 end), 0) as integer)`.as('acc'),
          sql<number>`cast(coalesce(sum(case when day < ${from} then accepted_closed else 0 end), 0) as integer)`.as('closed'),
        ])
        .where('day', '<=', through < to ? through : to);
      if (departmentId != null) q = q.where('department_id', '=', departmentId);
      const r = await q.executeTakeFirstOrThrow();
      acc += Number(r.acc);
      closed += Number(r.closed);
    }
    const liveFrom = through ? dayAfter(through) : '0000-01-01';
    if (liveFrom <= to) {
      let a = this.ctx.db.selectFrom('cases_cases').where('accepted_on', '>=', liveFrom).where('accepted_on', '<=', to).where('status', '<>', 'withdrawn');
      if (departmentId != null) a = a.where('department_id', '=', departmentId);
      acc += Number((await a.select(sql<number>`cast(count(*) as integer)`.as('n')).executeTakeFirstOrThrow()).n);
    }
    if (liveFrom < from) {
      let c = this.ctx.db
        .selectFrom('cases_cases')
        .where('closed_on', '>=', liveFrom)
        .where('closed_on', '<', from)
        .where('accepted_on', 'is not', null)
        .where('status', '<>', 'withdrawn');
      if (departmentId != null) c = c.where('department_id', '=', departmentId);
      closed += Number((await c.select(sql<number>`cast(count(*) as integer)`.as('n')).executeTakeFirstOrThrow()).n);
    }
    return acc - closed;
  }

  async counts(from: string, to: string, departmentId?: number | null): Promise<CaseCounts> {
    let c = emptyCounts();
    const through = await this.rolledThrough();
    const rolledTo = through && through < to ? through : to;
    if (through && from <= rolledTo) {
      // One summed row from the roll-up (not its ~11k day × department rows).
      const sum = (col: string) => sql<number>`cast(coalesce(sum(${sql.ref(col)}), 0) as integer)`.as(col);
      let q = this.ctx.db.selectFrom('supervision_case_daily').select(COLS.map(sum)).where('day', '>=', from).where('day', '<=', rolledTo);
      if (departmentId != null) q = q.where('department_id', '=', departmentId);
      c = addCounts(c, fromRow(await q.executeTakeFirstOrThrow()));
    }
    const liveFrom = through && through >= from ? dayAfter(through) : from;
    if (liveFrom <= to) for (const d of await caseDayCounts(this.ctx.db, liveFrom, to, departmentId ?? undefined)) c = addCounts(c, d);
    c.supervised = await this.supervised(from, to, departmentId);
    const cards = await this.supervision.issuedCounts(from, to, departmentId ?? undefined);
    c.redCards = cards.red;
    c.yellowCards = cards.yellow;
    return c;
  }

  /** The stats provider contract (stats/StatsService): every case and supervision KPI of the period. */
  async kpis(period: { from: string; to: string }, departmentId: number | null): Promise<Record<string, Kpi>> {
    return caseKpis(await this.counts(period.from, period.to, departmentId));
  }

  /** Per month of [from, to]: the KPIs of each month (charts). */
  async series(from: string, to: string, departmentId?: number | null) {
    const months = new Map<string, CaseCounts>();
    const monthOf = (d: string) => d.slice(0, 7);
    for (let m = monthOf(from); m <= monthOf(to); m = nextMonth(m)) months.set(m, emptyCounts());
    for (const d of await this.dayCounts(from, to, departmentId)) months.set(monthOf(d.day), addCounts(months.get(monthOf(d.day)) ?? emptyCounts(), d));
    for (const r of await this.supervision.issuedByDay(from, to, departmentId ?? undefined)) {
      const c = months.get(monthOf(r.day));
      if (c) {
        c.redCards += r.red;
        c.yellowCards += r.yellow;
      }
    }
    const out = [];
    for (const [month, c] of months) {
      const mFrom = month === monthOf(from) ? from : `${month}-01`;
      const last = lastDay(month);
      const mTo = month === monthOf(to) ? to : last;
      c.supervised = await this.supervised(mFrom, mTo, departmentId);
      out.push({ month, kpis: caseKpis(c) });
    }
    return out;
  }

  /** Per department: the KPIs of [from, to] (ranking table), plus open overdue cases today. */
  async byDepartment(from: string, to: string) {
    const per = new Map<number, CaseCounts>();
    const get = (id: number) => per.get(id) ?? (per.set(id, emptyCounts()), per.get(id)!);
    for (const d of await this.dayCounts(from, to)) per.set(d.departmentId, addCounts(get(d.departmentId), d));
    for (const r of await this.supervision.issuedByDay(from, to)) {
      if (r.departmentId === null) continue;
      const c = get(r.departmentId);
      c.redCards += r.red;
      c.yellowCards += r.yellow;
    }
    const overdue = new Map((await openOverdueByDepartment(this.ctx.db, this.ctx.calendar.today())).map((o) => [o.departmentId, o.n]));
    for (const id of overdue.keys()) get(id);
    const org = this.ctx.services.org as OrgService;
    const names = new Map((await org.all()).map((d) => [d.id, d.name]));
    const rows = [];
    for (const [id, c] of per) {
      c.supervised = await this.supervised(from, to, id);
      rows.push({ departmentId: id, departmentName: names.get(id) ?? String(id), counts: c, kpis: caseKpis(c), openOverdue: overdue.get(id) ?? 0 });
    }
    const coll = new Intl.Collator('zh');
    // Ranking: on-time rate (no completions last), then fewer red cards, then name.
    return rows.sort(
      (a, b) =>
        (b.kpis['cases.onTimeRate'].value ?? -1) - (a.kpis['cases.onTimeRate'].value ?? -1) || a.counts.redCards - b.counts.redCards || coll.compare(a.departmentName, b.departmentName),
    );
  }

  /** The records behind a KPI's numerator or denominator (paged). Null when the KPI is not one of ours. */
  async records(kpi: string, part: 'numerator' | 'denominator', q: { from: string; to: string; departmentId?: number | null; offset: number; limit: number }) {
    if (!(CASE_KPI_NAMES as readonly string[]).includes(kpi)) return null;
    const set = CASE_KPI_SETS[kpi as CaseKpiName][part];
    if (set === 'red_cards' || set === 'yellow_cards') {
      const r = await this.supervision.issuedRecords(set === 'red_cards' ? 'red' : 'yellow', q.from, q.to, q.departmentId ?? undefined, q.offset, q.limit);
      return { kind: 'cards' as const, ...r };
    }
    if (!(CASE_SETS as readonly string[]).includes(set)) throw unprocessable('KPI_PART_UNKNOWN', `${kpi} 没有 ${part} 明细`, { field: 'part' });
    const r = await caseRecords(this.ctx.db, set as CaseSet, { from: q.from, to: q.to, departmentId: q.departmentId ?? undefined, today: this.ctx.calendar.today(), offset: q.offset, limit: q.limit });
    const names = new Map((await (this.ctx.services.org as OrgService).all()).map((d) => [d.id, d.name]));
    return { kind: 'cases' as const, total: r.total, items: r.items.map((i) => ({ ...i, departmentName: names.get(i.departmentId) ?? null })) };
  }

  /** Open cases past their promised due date (dashboard list). */
  async openOverdue(offset: number, limit: number, departmentId?: number | null) {
    const today = this.ctx.calendar.today();
    const r = await caseRecords(this.ctx.db, 'open_overdue', { from: today, to: today, today, departmentId: departmentId ?? undefined, offset, limit });
    const names = new Map((await (this.ctx.services.org as OrgService).all()).map((d) => [d.id, d.name]));
    return { total: r.total, items: r.items.map((i) => ({ ...i, departmentName: names.get(i.departmentId) ?? null, workdaysOverdue: i.promisedDueDate ? -this.ctx.calendar.current.workdaysBetween(today, i.promisedDueDate) : null })) };
  }
}

function nextMonth(m: string): string {
  const [y, mo] = m.split('-').map(Number);
  return mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
}

function lastDay(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
}

export { COLS as ROLLUP_COLUMNS };
