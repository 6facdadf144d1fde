import { sql } from 'kysely';
import type { SupervisionNeedsContext } from './supervision.context';
import { unprocessable } from '../../kernel/errors';
import { CASE_SETS, type CaseDayCounts, type CaseReads, type CaseSet } from '../cases';
import { CASE_KPI_NAMES, CASE_KPI_SETS, addCounts, caseKpis, emptyCounts, type CaseCounts, type CaseKpiName, type Kpi } from './case-kpis.rules';
import { defineDailyRollup, firstDayOf, planRead, rolledParts, rollupState, runDailyRollup, sumRolled, type MonthlyLayer, type ReadPlan } from '../../kernel/rollup/daily-rollup';
import { daysBefore, workdaysOverdue } from './supervision.rules';
import type { SupervisionService } from './supervision.service';
import type { SupervisionCaseDailyTable, SupervisionTables } from './supervision.tables';
import { tablesOf, type ModuleDb } from '../../kernel/kernel.tables';
import { compareZh } from '../../shared/zh-collate';
import { inDepartments, type DepartmentScope } from '../../kernel/db/department-scope';

export const ROLLUP_SETTING_KEY = 'supervision.case_daily';

const COLS = ['received', 'completed', 'completed_on_time', 'with_legal', 'legal_sum', 'used_sum', 'accepted', 'accepted_closed'] as const;

/** The month layer of supervision_case_daily (0303_supervision_case_monthly): every counter per month × department. */
export const supervisionCaseMonthly: MonthlyLayer = { table: 'supervision_case_monthly', keys: ['department_id'], sums: COLS };

/**
 * Day × department case counters (kernel/rollup), computed from the cases module's day counts, with a
 * month layer that answers the whole clean months of a year. Deemed acceptances back-date accepted_on,
 * so every run recomputes the 31 days before the last rolled day (and the months those days fall in).
 */
function caseDailyRollup(caseReads: CaseReads) {
  return defineDailyRollup({
    name: ROLLUP_SETTING_KEY,
    table: 'supervision_case_daily',
    monthly: supervisionCaseMonthly,
    settleDays: 31,
    firstDay: (db) => caseReads.firstSubmittedOn(db),
    async compute(db, from, to) {
      return (await caseReads.dayCounts(from, to, undefined, db)).map((r) => ({
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
    },
  });
}

const dayBefore = (d: string) => daysBefore(d, 1);
/** Days from a to b (b − a; 0 for the same day). */
const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86400_000);

/** The counters of a roll-up row, or of their sums (sumRolled), as the cases module names them. */
function fromRow(r: Pick<SupervisionCaseDailyTable, (typeof COLS)[number]>): Omit<CaseDayCounts, 'day' | 'departmentId'> {
  return {
    received: r.received,
    completed: r.completed,
    completedOnTime: r.completed_on_time,
    withLegal: r.with_legal,
    legalSum: r.legal_sum,
    usedSum: r.used_sum,
    accepted: r.accepted,
    acceptedClosed: r.accepted_closed,
  };
}

/**
 * Case and supervision KPIs (a stats provider: `kpis(period, departmentId)`), with their drill-down,
 * monthly series and department table. Closed days come from the daily roll-up; days after it are read
 * live through the date indexes, so the answer is always current.
 */
export class CaseKpiService {
  private readonly caseDaily: ReturnType<typeof caseDailyRollup>;
  private readonly db: ModuleDb<SupervisionTables>;

  constructor(
    private readonly ctx: SupervisionNeedsContext,
    private readonly supervision: SupervisionService,
    private readonly caseReads: CaseReads,
  ) {
    this.caseDaily = caseDailyRollup(caseReads);
    this.db = tablesOf<SupervisionTables>(ctx.db);
  }

  /** The last day rolled up (null: nothing rolled yet). */
  async rolledThrough(): Promise<string | null> {
    return (await rollupState(this.db, ROLLUP_SETTING_KEY)).through;
  }

  private async plan(from: string, to: string): Promise<ReadPlan> {
    return planRead(await rollupState(this.db, ROLLUP_SETTING_KEY), from, to);
  }

  /**
   * Rolls up every day not rolled yet up to yesterday, plus the trailing settle window and any day marked
   * changed. `full` rebuilds from the first case (after an import or the generator).
   */
  async rollup(opts: { full?: boolean } = {}): Promise<{ from: string; to: string; rows: number } | null> {
    const r = await runDailyRollup(this.db, this.caseDaily, { today: this.ctx.calendar.today(), now: this.ctx.clock.now().toISOString(), full: opts.full });
    return r.ranges.length === 0 ? null : { from: r.ranges[0].from, to: r.through, rows: r.rows };
  }

  /**
   * Counts over [from, to] by department and by day or month: whole clean months from the month layer
   * (`day` is then the month's first day, for the callers that group by month or department), the other
   * rolled days from the day table, the rest live by day.
   */
  private async periodCounts(from: string, to: string, departmentId?: DepartmentScope): Promise<CaseDayCounts[]> {
    const plan = await this.plan(from, to);
    const out: CaseDayCounts[] = [];
    for (const part of rolledParts(this.caseDaily, plan.rolled)) {
      let q = this.db.selectFrom(part.table as 'supervision_case_daily').select([sql<string>`${sql.ref(part.grain)}`.as('day'), 'department_id', ...COLS]);
      if (departmentId != null) q = q.where(inDepartments('department_id', departmentId));
      for (const r of (await part.where(q).execute()) as SupervisionCaseDailyTable[]) {
        out.push({ day: part.grain === 'month' ? firstDayOf(r.day) : r.day, departmentId: r.department_id, ...fromRow(r) });
      }
    }
    for (const r of plan.live) out.push(...(await this.caseReads.dayCounts(r.from, r.to, departmentId ?? undefined)));
    return out;
  }

  /**
   * The case counts of [from, to] together with the supervised count (Σ accepted up to `to` − Σ closed
   * after acceptance before `from`: cases whose clock ran in [from, to]), from one plan of the days up to
   * `to` and one read of each live range.
   */
  private async countsWithSupervised(from: string, to: string, scope: DepartmentScope): Promise<CaseCounts> {
    const plan = await this.plan('0001-01-01', to);
    let c = emptyCounts();
    let acc = 0;
    let closed = 0;
    if (plan.rolled) {
      // The rolled days in two sums, the period's counters and the acceptances and closings before it, each
      // from the whole clean months of the month layer and the other rolled days (kernel sumRolled); the
      // indexes (department_id, day|month, counters) of 0302 and 0303 answer a county from the index alone.
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const narrow = (q: any) => (scope != null ? q.where(inDepartments('department_id', scope)) : q);
      const { rolled } = plan;
      if (from <= rolled.to) {
        const period = fromRow(await sumRolled(this.db, this.caseDaily, { from, to: rolled.to, except: rolled.except.filter((d) => d >= from) }, COLS, narrow));
        c = addCounts(c, period);
        acc += period.accepted;
      }
      if (rolled.from < from) {
        const beforeTo = rolled.to < from ? rolled.to : dayBefore(from);
        const before = await sumRolled(this.db, this.caseDaily, { from: rolled.from, to: beforeTo, except: rolled.except.filter((d) => d <= beforeTo) }, ['accepted', 'accepted_closed'] as const, narrow);
        acc += before.accepted;
        closed += before.accepted_closed;
      }
    }
    for (const live of plan.live) {
      // The live day counts give the supervised figure too (acceptances, closings after acceptance): a live
      // day costs four queries instead of five. Before `from` a live range only adds to the supervised figure:
      // long ones (nothing rolled yet) by two counts rather than day by department.
      if (live.from < from && daysBetween(live.from, live.to < from ? live.to : dayBefore(from)) > 0) {
        const beforeTo = live.to < from ? live.to : dayBefore(from);
        acc += await this.caseReads.acceptedCount(live.from, beforeTo, scope);
        closed += await this.caseReads.closedAfterAcceptanceCount(live.from, beforeTo, scope);
        if (live.to < from) continue;
        live.from = from;
      }
      for (const d of await this.caseReads.dayCounts(live.from, live.to, scope ?? undefined)) {
        acc += d.accepted;
        if (d.day < from) closed += d.acceptedClosed;
        else c = addCounts(c, d);
      }
    }
    c.supervised = acc - closed;
    return c;
  }

  /** Σ accepted (≤ to) − Σ closed-after-acceptance (< from): cases whose clock ran in [from, to]. */
  private async supervised(from: string, to: string, departmentId?: DepartmentScope): Promise<number> {
    return (await this.countsWithSupervised(from, to, departmentId)).supervised;
  }

  async counts(from: string, to: string, departmentId?: DepartmentScope): Promise<CaseCounts> {
    const c = await this.countsWithSupervised(from, to, departmentId);
    const cards = await this.supervision.issuedCounts(from, to, departmentId ?? undefined);
    c.redCards = cards.red;
    c.yellowCards = cards.yellow;
    return c;
  }

  /** The stats provider contract (stats/StatsService): every case and supervision KPI of the period. */
  async kpis(period: { from: string; to: string }, departmentId: DepartmentScope): Promise<Record<string, Kpi>> {
    return caseKpis(await this.counts(period.from, period.to, departmentId));
  }

  /** Per month of [from, to]: the KPIs of each month (charts). */
  async series(from: string, to: string, departmentId?: DepartmentScope) {
    const months = new Map<string, CaseCounts>();
    const monthOf = (d: string) => d.slice(0, 7);
    for (let m = monthOf(from); m <= monthOf(to); m = nextMonth(m)) months.set(m, emptyCounts());
    for (const d of await this.periodCounts(from, to, departmentId)) months.set(monthOf(d.day), addCounts(months.get(monthOf(d.day)) ?? emptyCounts(), d));
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
    for (const d of await this.periodCounts(from, to)) per.set(d.departmentId, addCounts(get(d.departmentId), d));
    for (const r of await this.supervision.issuedByDay(from, to)) {
      if (r.departmentId === null) continue;
      const c = get(r.departmentId);
      c.redCards += r.red;
      c.yellowCards += r.yellow;
    }
    const overdue = new Map((await this.caseReads.openOverdueByDepartment(this.ctx.calendar.today())).map((o) => [o.departmentId, o.n]));
    for (const id of overdue.keys()) get(id);
    const org = this.ctx.services.org;
    const names = new Map((await org.all()).map((d) => [d.id, d.name]));
    const rows = [];
    for (const [id, c] of per) {
      c.supervised = await this.supervised(from, to, id);
      rows.push({ departmentId: id, departmentName: names.get(id) ?? String(id), counts: c, kpis: caseKpis(c), openOverdue: overdue.get(id) ?? 0 });
    }
    // Ranking: on-time rate (no completions last), then fewer red cards, then name.
    return rows.sort(
      (a, b) =>
        (b.kpis['cases.onTimeRate'].value ?? -1) - (a.kpis['cases.onTimeRate'].value ?? -1) || a.counts.redCards - b.counts.redCards || compareZh(a.departmentName, b.departmentName),
    );
  }

  /** The records behind a KPI's numerator or denominator (paged). Null when the KPI is not one of ours. */
  async records(kpi: string, part: 'numerator' | 'denominator', q: { from: string; to: string; departmentId?: DepartmentScope; offset: number; limit: number }) {
    if (!(CASE_KPI_NAMES as readonly string[]).includes(kpi)) return null;
    const set = CASE_KPI_SETS[kpi as CaseKpiName][part];
    if (set === 'red_cards' || set === 'yellow_cards') {
      const r = await this.supervision.issuedRecords(set === 'red_cards' ? 'red' : 'yellow', q.from, q.to, q.departmentId ?? undefined, q.offset, q.limit);
      return { kind: 'cards' as const, ...r };
    }
    if (!(CASE_SETS as readonly string[]).includes(set)) throw unprocessable('KPI_PART_UNKNOWN', `${kpi} 没有 ${part} 明细`, { field: 'part' });
    const r = await this.caseReads.records(set as CaseSet, { from: q.from, to: q.to, departmentId: q.departmentId ?? undefined, today: this.ctx.calendar.today(), offset: q.offset, limit: q.limit });
    const names = new Map((await (this.ctx.services.org).all()).map((d) => [d.id, d.name]));
    return { kind: 'cases' as const, total: r.total, items: r.items.map((i) => ({ ...i, departmentName: names.get(i.departmentId) ?? null })) };
  }

  /** Open cases past their promised due date (dashboard list). */
  async openOverdue(offset: number, limit: number, departmentId?: DepartmentScope) {
    const today = this.ctx.calendar.today();
    const r = await this.caseReads.records('open_overdue', { from: today, to: today, today, departmentId: departmentId ?? undefined, offset, limit });
    const names = new Map((await (this.ctx.services.org).all()).map((d) => [d.id, d.name]));
    return { total: r.total, items: r.items.map((i) => ({ ...i, departmentName: names.get(i.departmentId) ?? null, workdaysOverdue: i.promisedDueDate ? workdaysOverdue(this.ctx.calendar.current, today, i.promisedDueDate) : null })) };
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
