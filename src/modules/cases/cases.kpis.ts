/**
 * The figures of 一件事一次办, 跨省通办 and 绿色通道 that the yearly report quotes (issue 18 item 4): bundles
 * in force and the bundle applications of the period, the partner counties with a signed agreement, and
 * the cases of the period received for or from a partner and through the green channel — each over the
 * records it counts (numerator) and what it is a part of (denominator).
 */
import { sql } from 'kysely';
import { ratio, type Kpi } from '../../shared/kpi';
import type { Period } from '../../shared/period';
import type { CasesDb } from './cases.tables';
import { inDepartments, type DepartmentScope } from '../../kernel/db/department-scope';
import { runDailyRollup } from '../../kernel/rollup/daily-rollup';
import { casesReceivedDaily, receivedCounts } from './cases.received';

export class CasesFigures {
  constructor(
    private readonly db: CasesDb,
    private readonly clock: { today(): string; nowIso(): string },
  ) {}

  /** Rolls the received counts up to yesterday (the job; `full` after the generator's bulk load). */
  rollupDaily(opts: { full?: boolean } = {}) {
    return runDailyRollup(this.db, casesReceivedDaily, { today: this.clock.today(), now: this.clock.nowIso(), full: opts.full });
  }

  async kpis(period: Period, departments: DepartmentScope): Promise<Record<string, Kpi>> {
    const { from, to } = period;
    // Closed days from the day × department roll-up, today and changed days live (cases.received.ts).
    const rc = await receivedCounts(this.db, from, to, departments);

    let bundles = this.db.selectFrom('cases_bundles').select(['active', 'lead_department_id']);
    bundles = bundles.where(inDepartments('lead_department_id', departments));
    const bundleRows = await bundles.execute();

    // Applications and the cases they opened, from the applications alone (each carries its case count; the
    // (submitted_on, bundle_id, case_count) index answers it without touching the millions of cases).
    const apps = await this.db
      .selectFrom('cases_bundle_apps as a')
      .innerJoin('cases_bundles as b', 'b.id', 'a.bundle_id')
      .select([sql<number>`count(*)`.as('apps'), sql<number>`coalesce(sum(a.case_count), 0)`.as('cases')])
      .where('a.submitted_on', '>=', from)
      .where('a.submitted_on', '<=', to)
      .where(inDepartments('b.lead_department_id', departments))
      .executeTakeFirst();
    const appCount = Number(apps?.apps ?? 0);
    const appCaseCount = Number(apps?.cases ?? 0);

    // Partner agreements are the county's, not a department's: a department's summary leaves them empty.
    let partners: Kpi = ratio(0, 0);
    if (departments == null) {
      const rows = await this.db.selectFrom('cases_partner_regions').select(['active', 'agreed_on']).execute();
      partners = ratio(rows.filter((r) => r.active === 1 && (r.agreed_on === null || r.agreed_on <= to)).length, rows.length);
    }
    return {
      'cases.bundlesInForce': ratio(bundleRows.filter((b) => b.active === 1).length, bundleRows.length),
      'cases.bundleApplications': ratio(appCount, appCaseCount),
      'cases.crossProvincePartners': partners,
      'cases.crossProvinceCases': ratio(rc.crossProvince, rc.received),
      'cases.greenChannelCases': ratio(rc.greenChannel, rc.received),
    };
  }
}
