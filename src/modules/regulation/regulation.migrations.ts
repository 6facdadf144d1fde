import type { Kysely, Migration } from 'kysely';
import { idColumn } from '../../kernel/db/db';
import { shanghaiDate } from '../../kernel/clock';
import { addDays, rollMonths } from '../../kernel/rollup/daily-rollup';
import { backfillTasksDaily, rebuildSubjects, regulationTasksDaily, regulationTasksMonthly } from './regulation.rollups';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;
const TS = 'varchar(32)';
const DAY = 'varchar(10)';

export const regulationMigrations: Record<string, Migration> = {
  '0700_regulation_base': {
    async up(db: AnyDb) {
      const id = idColumn(db);
      await db.schema
        .createTable('regulation_items')
        .addColumn('id', 'integer', id)
        .addColumn('code', 'varchar(40)', (c) => c.notNull().unique())
        .addColumn('name', 'varchar(200)', (c) => c.notNull())
        .addColumn('parent_code', 'varchar(40)')
        .addColumn('legal_basis', 'varchar(1000)', (c) => c.notNull())
        .addColumn('department_id', 'integer', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', TS, (c) => c.notNull())
        .addColumn('updated_at', TS, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('regulation_coverage')
        .addColumn('id', 'integer', id)
        .addColumn('regulation_item_id', 'integer', (c) => c.notNull())
        .addColumn('item_code', 'varchar(64)', (c) => c.notNull().unique())
        .execute();
      await db.schema.createIndex('regulation_coverage_item').on('regulation_coverage').column('regulation_item_id').execute();
      await db.schema
        .createTable('regulation_inspectors')
        .addColumn('id', 'integer', id)
        .addColumn('department_id', 'integer', (c) => c.notNull())
        .addColumn('name', 'varchar(64)', (c) => c.notNull())
        .addColumn('cert_no', 'varchar(40)', (c) => c.notNull().unique())
        .addColumn('valid_to', DAY, (c) => c.notNull())
        .addColumn('phone', 'varchar(32)')
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', TS, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('regulation_tasks')
        .addColumn('id', 'integer', id)
        .addColumn('task_no', 'varchar(32)', (c) => c.notNull().unique())
        .addColumn('source', 'varchar(10)', (c) => c.notNull())
        .addColumn('event', 'varchar(10)', (c) => c.notNull())
        .addColumn('regulation_item_id', 'integer')
        .addColumn('department_id', 'integer', (c) => c.notNull())
        .addColumn('case_no', 'varchar(64)')
        .addColumn('item_code', 'varchar(64)')
        .addColumn('item_name', 'varchar(200)')
        .addColumn('license_no', 'varchar(64)')
        .addColumn('subject_name', 'varchar(200)', (c) => c.notNull())
        .addColumn('subject_key', 'varchar(64)', (c) => c.notNull())
        .addColumn('status', 'varchar(10)', (c) => c.notNull())
        .addColumn('created_at', TS, (c) => c.notNull())
        .addColumn('created_on', DAY, (c) => c.notNull())
        .addColumn('claim_due', DAY, (c) => c.notNull())
        .addColumn('claimed_at', TS)
        .addColumn('claimed_on', DAY)
        .addColumn('claimed_by', 'integer')
        .addColumn('closed_at', TS)
        .addColumn('result', 'varchar(20)')
        .addColumn('note', 'varchar(1000)')
        .execute();
      await db.schema.createIndex('regulation_tasks_queue').on('regulation_tasks').columns(['department_id', 'status', 'claim_due']).execute();
      await db.schema.createIndex('regulation_tasks_created').on('regulation_tasks').columns(['created_on']).execute();
      await db.schema
        .createTable('regulation_draws')
        .addColumn('id', 'integer', id)
        .addColumn('draw_no', 'varchar(32)', (c) => c.notNull().unique())
        .addColumn('department_id', 'integer', (c) => c.notNull())
        .addColumn('title', 'varchar(200)', (c) => c.notNull())
        .addColumn('seed_hash', 'varchar(64)', (c) => c.notNull())
        .addColumn('seed', 'varchar(64)')
        .addColumn('inspectors_wanted', 'integer', (c) => c.notNull())
        .addColumn('subjects_wanted', 'integer', (c) => c.notNull())
        .addColumn('pool_json', 'text', (c) => c.notNull())
        .addColumn('result_json', 'text')
        .addColumn('status', 'varchar(10)', (c) => c.notNull())
        .addColumn('created_by', 'integer')
        .addColumn('created_at', TS, (c) => c.notNull())
        .addColumn('drawn_at', TS)
        .execute();
      await db.schema
        .createTable('regulation_inspections')
        .addColumn('id', 'integer', id)
        .addColumn('draw_id', 'integer')
        .addColumn('department_id', 'integer', (c) => c.notNull())
        .addColumn('subject_name', 'varchar(200)', (c) => c.notNull())
        .addColumn('subject_key', 'varchar(64)', (c) => c.notNull())
        .addColumn('inspector_ids_json', 'varchar(400)', (c) => c.notNull())
        .addColumn('inspected_on', DAY, (c) => c.notNull())
        .addColumn('outcome', 'varchar(20)', (c) => c.notNull())
        .addColumn('rectify_due', DAY)
        .addColumn('rectified_on', DAY)
        .addColumn('note', 'varchar(1000)')
        .addColumn('created_by', 'integer')
        .addColumn('created_at', TS, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('regulation_inspections_day').on('regulation_inspections').columns(['inspected_on']).execute();
    },
  },
  '0701_regulation_kpi_rollups': {
    async up(db: AnyDb) {
      // Issue 19: the KPI summary of a province read every 监管任务 (9.9 s on 3M cases). The claim counts
      // come from a day × department roll-up, the supervised subjects from per-subject rows and their sum
      // per department (regulation.rollups.ts says how each stays exact).
      await db.schema
        .createTable('regulation_tasks_daily')
        .addColumn('day', DAY, (c) => c.notNull())
        .addColumn('department_id', 'integer', (c) => c.notNull())
        .addColumn('created', 'integer', (c) => c.notNull())
        .addColumn('claimed', 'integer', (c) => c.notNull())
        .addColumn('claimed_on_time', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('regulation_tasks_daily_pk', ['day', 'department_id'])
        .execute();
      await db.schema
        .createTable('regulation_subjects')
        .addColumn('department_id', 'integer', (c) => c.notNull())
        .addColumn('subject_key', 'varchar(64)', (c) => c.notNull())
        .addColumn('last_task_id', 'integer', (c) => c.notNull())
        .addColumn('supervised', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('regulation_subjects_pk', ['department_id', 'subject_key'])
        .execute();
      await db.schema
        .createTable('regulation_subject_counts')
        .addColumn('department_id', 'integer', (c) => c.primaryKey())
        .addColumn('supervised', 'integer', (c) => c.notNull())
        .execute();
      // A subject's latest task (refreshSubjects) and the backfill's grouping read this index.
      await db.schema.createIndex('regulation_tasks_subject').on('regulation_tasks').columns(['department_id', 'subject_key', 'id']).execute();
      // The live days of the claim counts (today, changed days) and the roll-up's grouping read this index alone.
      await db.schema.createIndex('regulation_tasks_claims').on('regulation_tasks').columns(['created_on', 'department_id', 'claimed_on', 'claim_due']).execute();
      // Its first column was all regulation_tasks_created had (one index less on every task written).
      await db.schema.dropIndex('regulation_tasks_created').execute();
      await rebuildSubjects(db);
      // Days up to yesterday are rolled now (set-based), when there are tasks; an empty database leaves
      // the first run of the job to do it.
      const any = await db.selectFrom('regulation_tasks').select('id').limit(1).executeTakeFirst();
      if (any) {
        const now = new Date();
        const through = addDays(shanghaiDate(now), -1);
        await backfillTasksDaily(db, through);
        const value = JSON.stringify({ through, params: null, at: now.toISOString() });
        await db.deleteFrom('kernel_settings').where('key', '=', regulationTasksDaily.name).execute();
        await db.insertInto('kernel_settings').values({ key: regulationTasksDaily.name, value_json: value, updated_at: now.toISOString() }).execute();
      }
    },
  },
  '0702_regulation_tasks_monthly': {
    async up(db: AnyDb) {
      // Issue 19: a province's year of claim counts read ~245k day × department rows (36 ms). The month
      // layer of the roll-up (kernel/rollup: whole clean months from here, other rolled days by day) reads
      // ~12 rows per department. Filled from the stored day rows, so each month row is the Σ of its days
      // whatever the roll-up state (a month still partly rolled is not read as a month until a run has
      // rolled its last day, and that run recomputes it).
      await db.schema
        .createTable('regulation_tasks_monthly')
        .addColumn('month', 'varchar(7)', (c) => c.notNull())
        .addColumn('department_id', 'integer', (c) => c.notNull())
        .addColumn('created', 'integer', (c) => c.notNull())
        .addColumn('claimed', 'integer', (c) => c.notNull())
        .addColumn('claimed_on_time', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('regulation_tasks_monthly_pk', ['month', 'department_id'])
        .execute();
      // One county narrows by department: its rows from the index alone.
      await db.schema
        .createIndex('regulation_tasks_monthly_department')
        .on('regulation_tasks_monthly')
        .columns(['department_id', 'month', 'created', 'claimed', 'claimed_on_time'])
        .execute();
      await rollMonths(db, { table: regulationTasksDaily.table, monthly: regulationTasksMonthly }, null);
    },
  },
};
