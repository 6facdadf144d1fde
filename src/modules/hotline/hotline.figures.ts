import { sql } from 'kysely';
import type { WorkOrderDeps } from './hotline.context';
import { runDailyRollup } from '../../kernel/rollup/daily-rollup';
import { countRows, hotlineKpis, periodInstants, type HotlineCounts, type HotlineKpiName, type Kpi } from './hotline.kpis';
import { callCounts, callsDaily, inOrderRegion, orderCountsByUnit, orderCounts, ordersDaily } from './hotline.daily';
import { installationRegion } from '../../kernel/region';
import { shanghaiDayOf } from './orders.events';
import { compareZh } from '../../shared/zh-collate';
import { HotlineReach } from './hotline.reach';
import { reachKpis, type ReachKpiName } from './hotline.reach.rules';
import { inDepartments, type DepartmentScope } from '../../kernel/db/department-scope';

/** The hotline's KPI figures (definitions in hotline.kpis.ts): closed days from the daily roll-ups, the rest live. */
export class HotlineFigures {
  /** Expert seats, merged lines, knowledge-base units and 办不成事 matters (hotline.reach.rules.ts). */
  readonly reach: HotlineReach;

  constructor(private readonly deps: WorkOrderDeps) {
    this.reach = new HotlineReach(deps);
  }

  /** SQL aggregates with the same definitions as `countRows` (hotline.kpis.ts); closed days from the daily roll-ups. */
  /**
   * `region` (a county of a province installation) narrows the orders and letters by their own county
   * instead of the units holding them; calls carry no county and are the installation's own county's.
   */
  async counts(from: string, to: string, departmentId?: DepartmentScope, o: { live?: boolean; region?: string | null } = {}): Promise<HotlineCounts> {
    const cfg = await this.deps.config();
    const p = periodInstants(from, to);
    const db = this.deps.db;
    // Calls are the centre's, not a unit's: a department filter leaves them county-wide.
    const calls = o.region && o.region !== installationRegion() ? { offered: 0, answered: 0, answeredWithin: 0 } : await callCounts(db, from, to, cfg.answerWithinSeconds, o);
    const orders = await orderCounts(db, from, to, departmentId, o);
    // Letters (about a hundred a year) are read live through hotline_orders_mailbox.
    const scope = o.region ? inOrderRegion('region', o.region) : departmentId != null ? inDepartments('unit_id', departmentId) : null;
    let lr = db.selectFrom('hotline_orders').where('channel', '=', 'mailbox').where('created_at', '>=', p.start).where('created_at', '<', p.end);
    if (scope) lr = lr.where(scope);
    const lettersReceived = await lr
      .select((eb) => [eb.fn.countAll<number>().as('n'), sql<number>`cast(coalesce(sum(case when finished_at is not null and finished_at < ${p.end} then 1 else 0 end), 0) as integer)`.as('done')])
      .executeTakeFirstOrThrow();
    let lf = db.selectFrom('hotline_orders').where('channel', '=', 'mailbox').where('finished_at', '>=', p.start).where('finished_at', '<', p.end);
    if (scope) lf = lf.where(scope);
    // Day differences are computed in code from the two instants (Shanghai dates), the same on both dialects.
    const lettersFinished = await lf.select(['created_at', 'finished_at']).execute();
    let daySum = 0;
    for (const l of lettersFinished) {
      daySum += Math.round((Date.parse(`${shanghaiDayOf(l.finished_at)}T00:00:00Z`) - Date.parse(`${shanghaiDayOf(l.created_at)}T00:00:00Z`)) / 86400_000);
    }
    return {
      callsOffered: calls.offered,
      callsAnswered: calls.answered,
      callsAnsweredWithin: calls.answeredWithin,
      ordersFinished: orders.finished,
      ordersFinishedOnTime: orders.finished_on_time,
      ordersFinishedWithCallback: orders.finished_with_callback,
      callbacksRated: orders.callbacks_rated,
      callbacksSatisfied: orders.callbacks_satisfied,
      ordersReceived: orders.received,
      ordersAnsweredDirectly: orders.answered_directly,
      lettersReceived: Number(lettersReceived.n),
      lettersReceivedFinished: Number(lettersReceived.done),
      lettersFinished: lettersFinished.length,
      letterDaysSum: daySum,
    };
  }

  /**
   * Rolls calls, orders and callbacks up to yesterday (the job; `full` after an import or the generator).
   * The call roll-up is rebuilt in full when the 15-second threshold was changed since.
   */
  async rollupDaily(opts: { full?: boolean } = {}) {
    const { ctx, db } = this.deps;
    const cfg = await this.deps.config();
    const o = { today: ctx.calendar.today(), now: ctx.clock.now().toISOString(), full: opts.full };
    return { calls: await runDailyRollup(db, callsDaily(cfg.answerWithinSeconds), o), orders: await runDailyRollup(db, ordersDaily, o) };
  }

  async kpis(period: { from: string; to: string }, departmentId?: DepartmentScope, region?: string | null): Promise<Record<HotlineKpiName | ReachKpiName, Kpi>> {
    const c = await this.counts(period.from, period.to, departmentId ?? undefined, { region });
    // 受理工单 are the citizens' matters of the hotline's own channels; 市长信箱 letters have their own figures.
    const reach = await this.reach.counts(period.from, period.to, c.ordersReceived - c.lettersReceived, departmentId ?? undefined, region);
    return { ...hotlineKpis(c), ...reachKpis(reach) };
  }

  /** The unit figures (on time, callback, satisfaction) for every member unit that had orders finished or rated. */
  async kpisByUnit(from: string, to: string) {
    const out = [];
    for (const [u, c] of await orderCountsByUnit(this.deps.db, from, to)) {
      if (u === null || (c.finished === 0 && c.callbacks_rated === 0)) continue;
      const rate = (n: number, d: number) => ({ value: d ? n / d : null, numerator: n, denominator: d });
      out.push({
        unitId: u,
        unitName: (await this.deps.ctx.services.org.byId(u))?.name ?? String(u),
        'hotline.onTimeRate': rate(c.finished_on_time, c.finished),
        'hotline.callbackRate': rate(c.finished_with_callback, c.finished),
        'hotline.satisfactionRate': rate(c.callbacks_satisfied, c.callbacks_rated),
      });
    }
    return out.sort((a, b) => compareZh(a.unitName, b.unitName));
  }

  /** The reference (row) computation, used by tests to check the SQL against the definitions. */
  async countsByRows(from: string, to: string): Promise<HotlineCounts> {
    const cfg = await this.deps.config();
    const db = this.deps.db;
    const calls = await db.selectFrom('hotline_calls').select(['started_at', 'answered', 'wait_seconds']).execute();
    const orders = await db.selectFrom('hotline_orders').select(['created_at', 'status', 'dispatch_count', 'finished_at', 'on_time', 'callback_attempts', 'channel']).execute();
    const callbacks = await db.selectFrom('hotline_callbacks').select(['at', 'reached', 'result']).execute();
    return countRows(
      {
        calls: calls.map((c) => ({ startedAt: c.started_at, answered: Number(c.answered) === 1, waitSeconds: Number(c.wait_seconds) })),
        orders: orders.map((o) => ({
          createdAt: o.created_at,
          status: o.status,
          dispatchCount: Number(o.dispatch_count),
          finishedAt: o.finished_at ?? null,
          onTime: o.on_time === null ? null : Number(o.on_time) === 1,
          callbackAttempts: Number(o.callback_attempts),
          channel: o.channel,
        })),
        callbacks: callbacks.map((c) => ({ at: c.at, reached: Number(c.reached) === 1, result: c.result ?? null })),
      },
      from,
      to,
      cfg.answerWithinSeconds,
    );
  }
}
