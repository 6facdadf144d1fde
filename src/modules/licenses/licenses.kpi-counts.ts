/**
 * The licence KPIs of a period (issued, in the library by its end, in force at its end) without reading
 * every licence (issue 19: one pass over the covering index of a province's 224k licences took ≈ 96 ms for
 * the province and as long for one county).
 *
 * Two of the three are stocks at the period's end, not flows: "issued by `to`" counts every licence since
 * the first (a daily roll-up would sum every day since then, a number of rows that grows with the years),
 * and "in force on `to`" depends on a second date, the expiry, which a sum of day rows keyed by the issue
 * day cannot test against `to`. So the counts are kept per department × issue month × expiry month ×
 * imported × valid (`licenses_kpi_counts`: 216 rows for the 46,238 licences of a 2-county province-year),
 * and a read sums the months the period covers whole and reads only the days around them live
 * (`licenseKpiPlan`): a year or a month asked from its first to its last day reads the counts and the
 * few licences expiring on the period's last days.
 *
 * Kept exact by every write, in the write's transaction: an issue adds its key, an import adds its rows'
 * keys, a change (变更/延续/注销/吊销/撤销) moves the licence from its old key to its new one. The upsert
 * (`n = n + delta`) is atomic on both dialects; on PostgreSQL two writes of the same key wait for each
 * other's commit on that row, which orders them. Licences are never deleted, nor moved to another
 * department or issue date. The generator's bulk load rebuilds the counts set-based afterwards
 * (`rebuildLicenseKpiCounts`), as migration 0612 fills them.
 */
import { sql, type Selectable } from 'kysely';
import type { DbOrTx } from '../../kernel/db/db';
import { inDepartments, type DepartmentScope } from '../../kernel/db/department-scope';
import type { Period } from '../../shared/period';
import { licenseKpiPlan, monthBounds, monthOf } from './licenses.rules';
import type { LicensesKpiCountsTable, LicensesLicensesTable, LicensesTables } from './licenses.tables';
import type { ModuleDb } from '../../kernel/kernel.tables';

type LicensesDbOrTx = ModuleDb<LicensesTables>;

/** What the three licence KPIs count. */
export interface LicenseKpiCounts {
  /** Issued by the platform (not imported) in [from, to]. */
  issued: number;
  /** In the library by `to` (issued on or before it). */
  upTo: number;
  /** Of those, valid and not expired on `to`. */
  inForce: number;
}

type CountKey = Omit<LicensesKpiCountsTable, 'n'>;
type LicenseKeyFields = Pick<Selectable<LicensesLicensesTable>, 'department_id' | 'issue_date' | 'valid_to' | 'source' | 'status'>;

/** The counts row a licence is counted in. */
export function countKeyOf(l: LicenseKeyFields): CountKey {
  return {
    department_id: Number(l.department_id),
    issue_month: monthOf(l.issue_date),
    valid_to_month: l.valid_to ? monthOf(l.valid_to) : '',
    imported: l.source === 'import' ? 1 : 0,
    valid: l.status === 'valid' ? 1 : 0,
  };
}

const keyString = (k: CountKey) => `${k.department_id}|${k.issue_month}|${k.valid_to_month}|${k.imported}|${k.valid}`;

/**
 * Moves the counts inside the write's transaction: `added` licences are counted, `removed` ones (the state
 * before a change) no longer. A change that keeps the key writes nothing.
 */
export async function adjustLicenseKpiCounts(tx: DbOrTx, added: readonly LicenseKeyFields[], removed: readonly LicenseKeyFields[] = []): Promise<void> {
  const deltas = new Map<string, { key: CountKey; n: number }>();
  const add = (l: LicenseKeyFields, by: number) => {
    const key = countKeyOf(l);
    const e = deltas.get(keyString(key)) ?? { key, n: 0 };
    e.n += by;
    deltas.set(keyString(key), e);
  };
  for (const l of added) add(l, 1);
  for (const l of removed) add(l, -1);
  // In key order, so two writes moving the same keys lock their rows in the same order.
  const rows = [...deltas.entries()].filter(([, e]) => e.n !== 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e]) => ({ ...e.key, n: e.n }));
  const db = tx as unknown as LicensesDbOrTx;
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('licenses_kpi_counts')
      .values(rows.slice(i, i + 500))
      .onConflict((oc) => oc.columns(['department_id', 'issue_month', 'valid_to_month', 'imported', 'valid']).doUpdateSet({ n: sql`licenses_kpi_counts.n + excluded.n` }))
      .execute();
  }
}

/** The counts rebuilt from the licences, set-based (the migration that adds them; after a bulk load). */
export async function rebuildLicenseKpiCounts(db: DbOrTx): Promise<void> {
  await sql`delete from licenses_kpi_counts`.execute(db);
  await sql`insert into licenses_kpi_counts (department_id, issue_month, valid_to_month, imported, valid, n)
    select department_id, m, vm, imp, val, count(*) from (
      select department_id, substr(issue_date, 1, 7) as m, coalesce(substr(valid_to, 1, 7), '') as vm,
        case when source = 'import' then 1 else 0 end as imp, case when status = 'valid' then 1 else 0 end as val
      from licenses_licenses) l
    group by department_id, m, vm, imp, val`.execute(db);
}

const int = (e: ReturnType<typeof sql>) => sql<number>`cast(coalesce(${e}, 0) as integer)`;

/** The three figures straight from the licences: the reference the counts must agree with. */
export async function licenseKpiCountsLive(db: DbOrTx, period: Period, departments: DepartmentScope): Promise<LicenseKpiCounts> {
  const r = await (db as unknown as LicensesDbOrTx)
    .selectFrom('licenses_licenses')
    .where(inDepartments('department_id', departments))
    .where('issue_date', '<=', period.to)
    .select([
      int(sql`count(*)`).as('upTo'),
      int(sql`sum(case when source <> 'import' and issue_date >= ${period.from} then 1 else 0 end)`).as('issued'),
      int(sql`sum(case when status = 'valid' and (valid_to is null or valid_to >= ${period.to}) then 1 else 0 end)`).as('inForce'),
    ])
    .executeTakeFirstOrThrow();
  return { issued: Number(r.issued), upTo: Number(r.upTo), inForce: Number(r.inForce) };
}

/** The three figures from the month counts and the days around the period's whole months (`licenseKpiPlan`). */
export async function licenseKpiCounts(db: DbOrTx, period: Period, departments: DepartmentScope): Promise<LicenseKpiCounts> {
  const plan = licenseKpiPlan(period.from, period.to);
  const ldb = db as unknown as LicensesDbOrTx;
  const months = plan.months ?? { from: '9999-12', to: '0000-01' };
  const counted = () =>
    ldb
      .selectFrom('licenses_kpi_counts')
      .where(inDepartments('department_id', departments))
      .where('issue_month', '<=', plan.stockThrough)
      .select([
        int(sql`sum(n)`).as('upTo'),
        int(sql`sum(case when imported = 0 and issue_month >= ${months.from} and issue_month <= ${months.to} then n else 0 end)`).as('issued'),
        int(sql`sum(case when valid = 1 and (valid_to_month = '' or valid_to_month > ${plan.toMonth}) then n else 0 end)`).as('inForce'),
      ])
      .executeTakeFirstOrThrow();
  // Valid licences of the counted months expiring in `to`'s month on or after `to` (index licenses_licenses_expiry).
  const expiring = () =>
    ldb
      .selectFrom('licenses_licenses')
      .where('valid_to', '>=', plan.expiring.from)
      .where('valid_to', '<=', plan.expiring.to)
      .where(inDepartments('department_id', departments))
      .where('status', '=', 'valid')
      .where('issue_date', '<=', monthBounds(plan.stockThrough).last)
      .select(int(sql`count(*)`).as('n'))
      .executeTakeFirstOrThrow();
  const issuedDay = plan.issuedLive.length ? sql.join(plan.issuedLive.map((r) => sql`(issue_date >= ${r.from} and issue_date <= ${r.to})`), sql` or `) : sql`1 = 0`;
  const tailFrom = plan.tail?.from ?? '9999-12-31';
  const live = plan.live.map((r) => () =>
    ldb
      .selectFrom('licenses_licenses')
      .where('issue_date', '>=', r.from)
      .where('issue_date', '<=', r.to)
      .where(inDepartments('department_id', departments))
      .select([
        int(sql`sum(case when issue_date >= ${tailFrom} then 1 else 0 end)`).as('upTo'),
        int(sql`sum(case when source <> 'import' and (${issuedDay}) then 1 else 0 end)`).as('issued'),
        int(sql`sum(case when issue_date >= ${tailFrom} and status = 'valid' and (valid_to is null or valid_to >= ${period.to}) then 1 else 0 end)`).as('inForce'),
      ])
      .executeTakeFirstOrThrow(),
  );
  // One after another: a KPI source holds one connection at a time (the summary bounds how many sources run at once).
  const c = await counted();
  const e = await expiring();
  const out = { issued: Number(c.issued), upTo: Number(c.upTo), inForce: Number(c.inForce) + Number(e.n) };
  for (const q of live) {
    const l = await q();
    out.issued += Number(l.issued);
    out.upTo += Number(l.upTo);
    out.inForce += Number(l.inForce);
  }
  return out;
}
