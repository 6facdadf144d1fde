import { sql, type Kysely, type Migration } from 'kysely';
import { dialectOf, idColumn } from '../../kernel/db/db';
import { partitionByYear } from '../../kernel/db/partitions';
import { shanghaiDate } from '../../kernel/clock';
import { addDays, rollMonths } from '../../kernel/rollup/daily-rollup';
import { backfillReceivedDaily, casesReceivedDaily, casesReceivedMonthly } from './cases.received';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export const casesMigrations: Record<string, Migration> = {
  '0200_cases_base': {
    async up(db: AnyDb) {
      const id = idColumn(db);
      await db.schema
        .createTable('cases_cases')
        .addColumn('id', 'integer', id)
        .addColumn('case_no', 'varchar(40)', (c) => c.notNull())
        .addColumn('status', 'varchar(24)', (c) => c.notNull())
        .addColumn('item_code', 'varchar(80)', (c) => c.notNull())
        .addColumn('item_name', 'varchar(200)', (c) => c.notNull())
        // The catalogue version the case was filed under (its materials and limits).
        .addColumn('version_id', 'integer', (c) => c.notNull())
        .addColumn('department_id', 'integer', (c) => c.notNull())
        .addColumn('channel', 'varchar(20)', (c) => c.notNull())
        .addColumn('applicant_type', 'varchar(12)', (c) => c.notNull())
        .addColumn('applicant_name', 'varchar(100)', (c) => c.notNull())
        .addColumn('applicant_id_number', 'varchar(18)', (c) => c.notNull())
        .addColumn('applicant_phone', 'varchar(24)')
        .addColumn('applicant_last4', 'varchar(4)', (c) => c.notNull())
        .addColumn('applicant_user_id', 'integer')
        .addColumn('submitted_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('submitted_on', 'varchar(10)', (c) => c.notNull())
        // Latest (re)submission: the §32 intake window runs from it.
        .addColumn('intake_from', 'varchar(10)', (c) => c.notNull())
        .addColumn('intake_due_date', 'varchar(10)')
        .addColumn('accepted_at', 'varchar(32)')
        .addColumn('accepted_on', 'varchar(10)')
        .addColumn('deemed_accepted', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('promised_limit', 'integer', (c) => c.notNull())
        .addColumn('legal_limit', 'integer', (c) => c.notNull())
        .addColumn('limit_unit', 'varchar(10)', (c) => c.notNull())
        .addColumn('case_kind', 'varchar(12)', (c) => c.notNull())
        .addColumn('extension_allowance', 'integer', (c) => c.notNull())
        // Recomputed on every clock-affecting action so that supervision sweeps by index, not by clock.
        .addColumn('promised_due_date', 'varchar(10)')
        .addColumn('legal_due_date', 'varchar(10)')
        .addColumn('provisional', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('decided_at', 'varchar(32)')
        .addColumn('decision_reason', 'text')
        .addColumn('closed_at', 'varchar(32)')
        .addColumn('closed_on', 'varchar(10)')
        .addColumn('completed_on', 'varchar(10)')
        .addColumn('on_time', 'integer')
        .addColumn('workdays_used', 'integer')
        .addColumn('delivery_method', 'varchar(20)')
        .addColumn('delivery_tracking_no', 'varchar(60)')
        .addColumn('materials_json', 'text', (c) => c.notNull())
        .addColumn('bundle_app_id', 'integer')
        .addColumn('green_channel', 'varchar(10)')
        .addColumn('cross_mode', 'varchar(20)')
        .addColumn('partner_region_code', 'varchar(12)')
        .addColumn('partner_reference', 'varchar(80)')
        .addColumn('forwarded_on', 'varchar(10)')
        .addColumn('forward_method', 'varchar(20)')
        .addColumn('forward_tracking_no', 'varchar(60)')
        .addColumn('created_by', 'integer')
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        // Optimistic concurrency: two windows acting on one case at once → one gets 409.
        .addColumn('row_version', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.createIndex('cases_cases_case_no').on('cases_cases').column('case_no').unique().execute();
      await db.schema.createIndex('cases_cases_due').on('cases_cases').columns(['status', 'promised_due_date']).execute();
      await db.schema.createIndex('cases_cases_intake_due').on('cases_cases').columns(['status', 'intake_due_date']).execute();
      await db.schema.createIndex('cases_cases_dept').on('cases_cases').columns(['department_id', 'status']).execute();
      await db.schema.createIndex('cases_cases_applicant').on('cases_cases').column('applicant_user_id').execute();
      await db.schema.createIndex('cases_cases_bundle').on('cases_cases').column('bundle_app_id').execute();
      await db.schema.createIndex('cases_cases_submitted').on('cases_cases').column('submitted_on').execute();

      await db.schema
        .createTable('cases_events')
        .addColumn('id', 'integer', id)
        .addColumn('case_id', 'integer', (c) => c.notNull().references('cases_cases.id'))
        .addColumn('at', 'varchar(32)', (c) => c.notNull())
        .addColumn('on_date', 'varchar(10)', (c) => c.notNull())
        .addColumn('action', 'varchar(30)', (c) => c.notNull())
        .addColumn('from_status', 'varchar(24)')
        .addColumn('to_status', 'varchar(24)', (c) => c.notNull())
        .addColumn('actor_id', 'integer')
        .addColumn('actor_name', 'varchar(64)')
        .addColumn('data_json', 'text')
        .execute();
      await db.schema.createIndex('cases_events_case').on('cases_events').columns(['case_id', 'id']).execute();

      await db.schema
        .createTable('cases_suspensions')
        .addColumn('id', 'integer', id)
        .addColumn('case_id', 'integer', (c) => c.notNull().references('cases_cases.id'))
        .addColumn('reason', 'varchar(20)', (c) => c.notNull())
        .addColumn('from_date', 'varchar(10)', (c) => c.notNull())
        .addColumn('to_date', 'varchar(10)')
        .addColumn('notice_no', 'varchar(60)', (c) => c.notNull())
        .addColumn('notice_text', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .execute();
      await db.schema.createIndex('cases_suspensions_case').on('cases_suspensions').column('case_id').execute();

      await db.schema
        .createTable('cases_extensions')
        .addColumn('id', 'integer', id)
        .addColumn('case_id', 'integer', (c) => c.notNull().references('cases_cases.id'))
        .addColumn('days', 'integer', (c) => c.notNull())
        .addColumn('approved_on', 'varchar(10)', (c) => c.notNull())
        .addColumn('approver_id', 'integer')
        .addColumn('approver_name', 'varchar(64)', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('cases_extensions_case').on('cases_extensions').column('case_id').execute();

      await db.schema
        .createTable('cases_bundles')
        .addColumn('id', 'integer', id)
        .addColumn('code', 'varchar(40)', (c) => c.notNull().unique())
        .addColumn('name', 'varchar(100)', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('lead_department_id', 'integer')
        .addColumn('item_codes_json', 'text', (c) => c.notNull())
        .addColumn('promised_days', 'integer')
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('cases_bundle_apps')
        .addColumn('id', 'integer', id)
        .addColumn('bundle_no', 'varchar(40)', (c) => c.notNull().unique())
        .addColumn('bundle_id', 'integer', (c) => c.notNull().references('cases_bundles.id'))
        .addColumn('channel', 'varchar(20)', (c) => c.notNull())
        .addColumn('applicant_name', 'varchar(100)', (c) => c.notNull())
        .addColumn('applicant_last4', 'varchar(4)', (c) => c.notNull())
        .addColumn('applicant_user_id', 'integer')
        .addColumn('green_channel', 'varchar(10)')
        .addColumn('green_note', 'text')
        .addColumn('materials_json', 'text', (c) => c.notNull())
        .addColumn('submitted_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('submitted_on', 'varchar(10)', (c) => c.notNull())
        .addColumn('created_by', 'integer')
        .execute();
      await db.schema.createIndex('cases_bundle_apps_green').on('cases_bundle_apps').columns(['green_channel', 'id']).execute();
      await db.schema.createIndex('cases_bundle_apps_user').on('cases_bundle_apps').column('applicant_user_id').execute();

      await db.schema
        .createTable('cases_partner_regions')
        .addColumn('id', 'integer', id)
        .addColumn('region_code', 'varchar(12)', (c) => c.notNull().unique())
        .addColumn('name', 'varchar(60)', (c) => c.notNull())
        .addColumn('province', 'varchar(30)', (c) => c.notNull())
        .addColumn('contact', 'varchar(100)')
        .addColumn('items_json', 'text', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .execute();
    },
  },
  '0201_cases_kpi_date_indexes': {
    async up(db: AnyDb) {
      // The case KPIs' live tail (days not rolled up yet, normally only today) and the daily roll-up read
      // cases by completion, acceptance and closing day; without these they would scan the whole table.
      // Databases migrated before this migration have them already (ifNotExists).
      await db.schema.createIndex('cases_cases_completed_on').on('cases_cases').columns(['completed_on', 'status']).ifNotExists().execute();
      await db.schema.createIndex('cases_cases_accepted_on').on('cases_cases').column('accepted_on').ifNotExists().execute();
      await db.schema.createIndex('cases_cases_closed_on').on('cases_cases').column('closed_on').ifNotExists().execute();
    },
  },
  '0210_cases_material_files': {
    async up(db: AnyDb) {
      await db.schema
        .createTable('cases_material_files')
        .addColumn('id', 'integer', idColumn(db))
        .addColumn('case_id', 'integer', (c) => c.notNull())
        .addColumn('material_name', 'varchar(200)', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('file_name', 'varchar(200)', (c) => c.notNull())
        .addColumn('mime', 'varchar(100)', (c) => c.notNull())
        .addColumn('size_bytes', 'integer', (c) => c.notNull())
        .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
        .addColumn('source', 'varchar(12)', (c) => c.notNull())
        .addColumn('uploaded_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('uploaded_by', 'integer')
        .addColumn('uploaded_by_name', 'varchar(100)')
        .addColumn('content', dialectOf(db) === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
        .addUniqueConstraint('cases_material_files_version', ['case_id', 'material_name', 'version'])
        .execute();
    },
  },
  '0220_cases_review_levels': {
    async up(db: AnyDb) {
      await db.schema
        .createTable('cases_review_levels')
        .addColumn('item_code', 'varchar(80)', (c) => c.primaryKey())
        .addColumn('levels_json', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('updated_by_name', 'varchar(100)')
        .execute();
    },
  },
  '0250_cases_partner_agreements': {
    async up(db: AnyDb) {
      // 跨省通办: the day the agreement with a partner county was signed (the report counts partners by it).
      await db.schema.alterTable('cases_partner_regions').addColumn('agreed_on', 'varchar(10)').execute();
      // The report's green-channel and 跨省通办 counts read only those rows of a period (cases.kpis.ts).
      await db.schema.createIndex('cases_cases_green').on('cases_cases').columns(['green_channel', 'submitted_on']).execute();
      await db.schema.createIndex('cases_cases_partner').on('cases_cases').columns(['partner_region_code', 'submitted_on']).execute();
    },
  },
  '0260_cases_review_level_accounts': {
    async up(db: AnyDb) {
      // A level may be given to named accounts (e.g. 签发 by the deputy director only).
      await db.schema.alterTable('cases_review_levels').addColumn('accounts_json', 'text').execute();
    },
  },
  '0270_cases_events_partitions': {
    async up(db: AnyDb) {
      // PostgreSQL: a case's events partitioned by the year of their day (docs/scaling.md, "Partitions");
      // they reference cases_cases and nothing references them. A no-op on SQLite.
      await partitionByYear(db, { table: 'cases_events', column: 'on_date' });
    },
  },
  '0271_cases_received_daily': {
    async up(db: AnyDb) {
      // Issue 19: the report's case figures counted a province's received cases live (1.3–2.2 s on 3M
      // cases). Closed days come from a day × department roll-up (cases.received.ts says how it stays exact).
      await db.schema
        .createTable('cases_received_daily')
        .addColumn('day', 'varchar(10)', (c) => c.notNull())
        .addColumn('department_id', 'integer', (c) => c.notNull())
        .addColumn('received', 'integer', (c) => c.notNull())
        .addColumn('green_channel', 'integer', (c) => c.notNull())
        .addColumn('cross_province', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('cases_received_daily_pk', ['day', 'department_id'])
        .execute();
      // Days up to yesterday are rolled now (set-based), when there are cases; an empty database leaves
      // the first run of the job to do it.
      const any = await db.selectFrom('cases_cases').select('id').limit(1).executeTakeFirst();
      if (any) {
        const now = new Date();
        const through = addDays(shanghaiDate(now), -1);
        await backfillReceivedDaily(db, through);
        const value = JSON.stringify({ through, params: null, at: now.toISOString() });
        await db.deleteFrom('kernel_settings').where('key', '=', casesReceivedDaily.name).execute();
        await db.insertInto('kernel_settings').values({ key: casesReceivedDaily.name, value_json: value, updated_at: now.toISOString() }).execute();
      }
    },
  },
  '0272_cases_list_department_indexes': {
    async up(db: AnyDb) {
      // The case list of one department over a period (issue 19: ~9 s a page on a province): its count
      // reads (department_id, submitted_on) alone, and its pages, newest first, walk (department_id, id)
      // backwards and stop after the page instead of sorting the department's year.
      await db.schema.createIndex('cases_cases_dept_submitted').on('cases_cases').columns(['department_id', 'submitted_on']).execute();
      await db.schema.createIndex('cases_cases_dept_id').on('cases_cases').columns(['department_id', 'id']).execute();
    },
  },
  '0275_cases_cases_partitions': {
    async up(db: AnyDb) {
      // PostgreSQL: cases partitioned by the year of their submission day (docs/scaling.md, "Partitions").
      // A foreign key may reference a partitioned table only through a key containing its partition key, so
      // each child carries its case's submitted_on (written by the application with every row, on both
      // dialects) and references (id, submitted_on); the children are partitioned by that same day, so a
      // year of cases leaves with its whole timeline (events are re-partitioned from their own day). Set-based
      // for a province's millions of rows: the events' carried day is computed while they are copied.
      const children = ['cases_events', 'cases_suspensions', 'cases_extensions'];
      for (const t of children) await db.schema.alterTable(t).addColumn('case_submitted_on', 'varchar(10)').execute();
      const fromCase = `(select c.submitted_on from cases_cases c where c.id = o.case_id)`;
      if (dialectOf(db) !== 'postgres') {
        // SQLite cannot add a NOT NULL column without a default; the application always writes it.
        for (const t of children) await sql.raw(`update ${t} as o set case_submitted_on = ${fromCase}`).execute(db);
        return;
      }
      await partitionByYear(db, { table: 'cases_events', column: 'case_submitted_on', fill: { case_submitted_on: fromCase } });
      for (const t of ['cases_suspensions', 'cases_extensions']) {
        await sql.raw(`update ${t} o set case_submitted_on = c.submitted_on from cases_cases c where c.id = o.case_id`).execute(db);
      }
      for (const t of children) await sql.raw(`alter table ${t} alter column case_submitted_on set not null`).execute(db);
      const carriedBy = Object.fromEntries(children.map((t) => [t, 'case_submitted_on']));
      await partitionByYear(db, { table: 'cases_cases', column: 'submitted_on', carriedBy });
      await partitionByYear(db, { table: 'cases_suspensions', column: 'case_submitted_on' });
      await partitionByYear(db, { table: 'cases_extensions', column: 'case_submitted_on' });
    },
  },
  '0273_cases_received_monthly': {
    async up(db: AnyDb) {
      // Issue 19: a province's year of received cases read ~245k day × department rows (84 ms). The month layer of
      // the roll-up (kernel/rollup: whole clean months from here, other rolled days by day) reads ~12 rows
      // per department. Filled from the stored day rows, so each month row is the Σ of its days whatever the
      // roll-up state (a month still partly rolled is read as a month only after a run rolled its last day,
      // and that run recomputes it).
      await db.schema
        .createTable('cases_received_monthly')
        .addColumn('month', 'varchar(7)', (c) => c.notNull())
        .addColumn('department_id', 'integer', (c) => c.notNull())
        .addColumn('received', 'integer', (c) => c.notNull())
        .addColumn('green_channel', 'integer', (c) => c.notNull())
        .addColumn('cross_province', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('cases_received_monthly_pk', ['month', 'department_id'])
        .execute();
      // One county narrows by department: its rows from the index alone.
      await db.schema.createIndex('cases_received_monthly_department').on('cases_received_monthly').columns(['department_id', 'month', 'received', 'green_channel', 'cross_province']).execute();
      await rollMonths(db, { table: casesReceivedDaily.table, monthly: casesReceivedMonthly }, null);
    },
  },
  '0279_cases_bundle_app_case_count': {
    async up(db: AnyDb) {
      // The 一件事 figure (applications and the cases they opened) read from the applications alone: each
      // carries the number of cases it opened, written with it; existing rows are counted once here.
      await db.schema.alterTable('cases_bundle_apps').addColumn('case_count', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await sql`update cases_bundle_apps set case_count = (select count(*) from cases_cases c where c.bundle_app_id = cases_bundle_apps.id)`.execute(db);
      await db.schema.createIndex('cases_bundle_apps_day_count').on('cases_bundle_apps').columns(['submitted_on', 'bundle_id', 'case_count']).execute();
      if (dialectOf(db) === 'postgres') await sql`analyze cases_bundle_apps`.execute(db);
    },
  },
};
