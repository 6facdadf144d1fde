import type { Kysely, Migration } from 'kysely';
import { idColumn } from '../../kernel/db/db';
import { partitionByYear } from '../../kernel/db/partitions';
import { rollMonths } from '../../kernel/rollup/daily-rollup';
import { evaluationsDaily, evaluationsMonthly } from './evaluations.daily';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export const evaluationsMigrations: Record<string, Migration> = {
  '0400_evaluations_base': {
    async up(db: AnyDb) {
      const id = idColumn(db);
      // Window rating devices (评价器/平板): the key is shown once, only its hash is kept.
      await db.schema
        .createTable('evaluations_devices')
        .addColumn('id', 'integer', id)
        .addColumn('window_no', 'varchar(20)', (c) => c.notNull())
        .addColumn('name', 'varchar(60)', (c) => c.notNull())
        .addColumn('department_id', 'integer')
        .addColumn('key_hash', 'varchar(64)', (c) => c.notNull().unique())
        .addColumn('key_hint', 'varchar(8)', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('last_seen_at', 'varchar(32)')
        .execute();

      await db.schema
        .createTable('evaluations_evaluations')
        .addColumn('id', 'integer', id)
        .addColumn('case_id', 'integer', (c) => c.notNull())
        .addColumn('case_no', 'varchar(40)', (c) => c.notNull())
        // window_device | web | mobile | sms | hotline | system (the default evaluation)
        .addColumn('channel', 'varchar(20)', (c) => c.notNull())
        .addColumn('level', 'integer', (c) => c.notNull())
        .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('active', 'integer', (c) => c.notNull())
        .addColumn('bad', 'integer', (c) => c.notNull())
        .addColumn('comment', 'text')
        .addColumn('tags_json', 'text', (c) => c.notNull())
        .addColumn('indicators_json', 'text', (c) => c.notNull())
        // The rated objects, fixed at rating time so that later staff moves do not rewrite history.
        .addColumn('department_id', 'integer', (c) => c.notNull())
        .addColumn('item_name', 'varchar(200)', (c) => c.notNull())
        .addColumn('window_no', 'varchar(20)')
        .addColumn('clerk_id', 'integer')
        .addColumn('clerk_name', 'varchar(64)')
        .addColumn('device_id', 'integer')
        .addColumn('rater_user_id', 'integer')
        // The operator who keyed a hotline rating in on the citizen's behalf.
        .addColumn('recorded_by', 'integer')
        .addColumn('applicant_name', 'varchar(100)', (c) => c.notNull())
        .addColumn('rated_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('rated_on', 'varchar(10)', (c) => c.notNull())
        .addColumn('completed_on', 'varchar(10)')
        .execute();
      // 一事一评 / 一次一评: one rating per case and channel; also makes the default job idempotent.
      await db.schema.createIndex('evaluations_case_channel').on('evaluations_evaluations').columns(['case_id', 'channel']).unique().execute();
      await db.schema.createIndex('evaluations_rated_on').on('evaluations_evaluations').columns(['rated_on', 'id']).execute();
      await db.schema.createIndex('evaluations_dept').on('evaluations_evaluations').columns(['department_id', 'rated_on']).execute();
      await db.schema.createIndex('evaluations_window').on('evaluations_evaluations').columns(['window_no', 'rated_on']).execute();
      await db.schema.createIndex('evaluations_clerk').on('evaluations_evaluations').columns(['clerk_id', 'rated_on']).execute();

      // One bad-review loop per 差评; the columns are the pure state machine's ReviewState.
      await db.schema
        .createTable('evaluations_reviews')
        .addColumn('id', 'integer', id)
        .addColumn('evaluation_id', 'integer', (c) => c.notNull().unique().references('evaluations_evaluations.id'))
        .addColumn('case_no', 'varchar(40)', (c) => c.notNull())
        .addColumn('department_id', 'integer', (c) => c.notNull())
        .addColumn('window_no', 'varchar(20)')
        .addColumn('clerk_id', 'integer')
        .addColumn('level', 'integer', (c) => c.notNull())
        .addColumn('status', 'varchar(16)', (c) => c.notNull())
        .addColumn('verdict', 'varchar(10)')
        .addColumn('verdict_reason', 'text')
        .addColumn('rated_on', 'varchar(10)', (c) => c.notNull())
        .addColumn('verify_due', 'varchar(10)', (c) => c.notNull())
        .addColumn('verified_on', 'varchar(10)')
        .addColumn('appeal_reason', 'text')
        .addColumn('appealed_on', 'varchar(10)')
        .addColumn('appeal_due', 'varchar(10)')
        .addColumn('appeal_outcome', 'varchar(10)')
        .addColumn('appeal_decision_reason', 'text')
        .addColumn('appeal_decided_on', 'varchar(10)')
        .addColumn('rectify_due', 'varchar(10)')
        .addColumn('measures', 'text')
        .addColumn('rectified_on', 'varchar(10)')
        .addColumn('callback_due', 'varchar(10)')
        .addColumn('callback_attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('callback_reached', 'integer')
        .addColumn('callback_satisfaction', 'varchar(12)')
        .addColumn('callback_note', 'text')
        .addColumn('called_back_on', 'varchar(10)')
        .addColumn('closed_on', 'varchar(10)')
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('row_version', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.createIndex('evaluations_reviews_status').on('evaluations_reviews').columns(['status', 'id']).execute();
      await db.schema.createIndex('evaluations_reviews_dept').on('evaluations_reviews').columns(['department_id', 'status']).execute();

      // Monthly ranking snapshots: the history of 红旗窗口 / 服务明星 as they were computed.
      await db.schema
        .createTable('evaluations_rankings')
        .addColumn('id', 'integer', id)
        .addColumn('month', 'varchar(7)', (c) => c.notNull())
        .addColumn('kind', 'varchar(8)', (c) => c.notNull())
        .addColumn('subject_key', 'varchar(40)', (c) => c.notNull())
        .addColumn('subject_name', 'varchar(100)', (c) => c.notNull())
        .addColumn('department_id', 'integer')
        .addColumn('rank', 'integer', (c) => c.notNull())
        .addColumn('score', 'double precision', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull())
        .addColumn('good', 'integer', (c) => c.notNull())
        .addColumn('valid_bad', 'integer', (c) => c.notNull())
        .addColumn('cards', 'integer', (c) => c.notNull())
        .addColumn('candidate', 'integer', (c) => c.notNull())
        .addColumn('weights_json', 'text', (c) => c.notNull())
        .addColumn('computed_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('evaluations_rankings_subject').on('evaluations_rankings').columns(['month', 'kind', 'subject_key']).unique().execute();
    },
  },
  '0401_evaluations_kpi_index': {
    async up(db: AnyDb) {
      // KPI summary over a year (issue #8, measured on 1M evaluations: 927 ms → 283 ms on a loaded machine):
      // the counts read (rated_on, active, level) from the index alone.
      await db.schema.createIndex('evaluations_kpi').on('evaluations_evaluations').columns(['rated_on', 'active', 'level']).execute();
    },
  },
  '0402_evaluations_daily': {
    async up(db: AnyDb) {
      // KPI summary over a year (87 ms of the 176 ms county-year summary): closed days come from a
      // day × department roll-up (kernel/rollup), only the days after it are counted live.
      await db.schema
        .createTable('evaluations_daily')
        .addColumn('day', 'varchar(10)', (c) => c.notNull())
        .addColumn('department_id', 'integer', (c) => c.notNull())
        .addColumn('total', 'integer', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull())
        .addColumn('active_good', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('evaluations_daily_pk', ['day', 'department_id'])
        .execute();
      // The live days (also for one department) and the roll-up's grouping read this index alone; it
      // replaces evaluations_kpi, which lacked the department.
      await db.schema.createIndex('evaluations_kpi_day').on('evaluations_evaluations').columns(['rated_on', 'department_id', 'active', 'level']).execute();
      await db.schema.dropIndex('evaluations_kpi').execute();
      // Valid bad reviews of a period are found from the few reviews, not from a year of ratings.
      await db.schema.createIndex('evaluations_reviews_verdict').on('evaluations_reviews').columns(['verdict', 'rated_on']).execute();
    },
  },
  /**
   * PostgreSQL: ratings and their bad-review loops partitioned by the year of the rating day
   * (docs/scaling.md, "Partitions"). A review already carries its rating's rated_on, so its foreign key
   * becomes (evaluation_id, rated_on) → (id, rated_on) and a year's reviews sit in the same year as their
   * ratings (a year detaches whole). 一事一评 stays enforced: the unique (case_id, channel) gains rated_on
   * as PostgreSQL requires, and a rating's insert takes a per-case lock and checks first (evaluations.rating.ts).
   * A no-op on SQLite.
   */
  '0410_evaluations_partitions': {
    async up(db: AnyDb) {
      await partitionByYear(db, { table: 'evaluations_evaluations', column: 'rated_on', carriedBy: { evaluations_reviews: 'rated_on' } });
      await partitionByYear(db, { table: 'evaluations_reviews', column: 'rated_on' });
    },
  },
  '0411_evaluations_monthly': {
    async up(db: AnyDb) {
      // Issue 19: a province's year of ratings read ~245k day × department rows (105 ms). The month layer of
      // the roll-up (kernel/rollup: whole clean months from here, other rolled days by day) reads ~12 rows
      // per department. Filled from the stored day rows, so each month row is the Σ of its days whatever the
      // roll-up state (a month still partly rolled is read as a month only after a run rolled its last day,
      // and that run recomputes it).
      await db.schema
        .createTable('evaluations_monthly')
        .addColumn('month', 'varchar(7)', (c) => c.notNull())
        .addColumn('department_id', 'integer', (c) => c.notNull())
        .addColumn('total', 'integer', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull())
        .addColumn('active_good', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('evaluations_monthly_pk', ['month', 'department_id'])
        .execute();
      // One county narrows by department: its rows from the index alone.
      await db.schema.createIndex('evaluations_monthly_department').on('evaluations_monthly').columns(['department_id', 'month', 'total', 'active', 'active_good']).execute();
      await rollMonths(db, { table: evaluationsDaily.table, monthly: evaluationsMonthly }, null);
    },
  },
};
