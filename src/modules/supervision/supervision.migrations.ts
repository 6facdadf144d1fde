import type { Kysely, Migration } from 'kysely';
import { idColumn } from '../../kernel/db/db';
import { rollMonths } from '../../kernel/rollup/daily-rollup';
import { supervisionCaseMonthly } from './case-kpis.service';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export const supervisionMigrations: Record<string, Migration> = {
  '0300_supervision_base': {
    async up(db: AnyDb) {
      await db.schema
        .createTable('supervision_cards')
        .addColumn('id', 'integer', idColumn(db))
        .addColumn('subject_type', 'varchar(24)', (c) => c.notNull())
        .addColumn('subject_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('subject_label', 'varchar(100)')
        .addColumn('rule', 'varchar(40)', (c) => c.notNull())
        .addColumn('color', 'varchar(8)', (c) => c.notNull())
        .addColumn('department_id', 'integer')
        .addColumn('issued_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('issued_on', 'varchar(10)', (c) => c.notNull())
        .addColumn('due_at', 'varchar(32)')
        .addColumn('detail_json', 'text', (c) => c.notNull())
        .addColumn('status', 'varchar(16)', (c) => c.notNull())
        .addColumn('acknowledged_at', 'varchar(32)')
        .addColumn('acknowledged_by', 'integer')
        .addColumn('acknowledged_by_name', 'varchar(64)')
        .addColumn('explanation', 'text')
        // 1 once the subject is closed: the sweep stops watching the card (late-completion follow-up).
        .addColumn('subject_closed', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      // THE guarantee of "one card per (subject, rule)", also across app instances: insert … on conflict do nothing.
      await db.schema.createIndex('supervision_cards_subject_rule').on('supervision_cards').columns(['subject_type', 'subject_id', 'rule']).unique().execute();
      await db.schema.createIndex('supervision_cards_issued').on('supervision_cards').columns(['issued_on', 'color']).execute();
      await db.schema.createIndex('supervision_cards_dept').on('supervision_cards').columns(['department_id', 'issued_on']).execute();
      await db.schema.createIndex('supervision_cards_status').on('supervision_cards').columns(['status', 'id']).execute();
      await db.schema.createIndex('supervision_cards_watch').on('supervision_cards').columns(['rule', 'subject_closed']).execute();
    },
  },
  '0301_supervision_case_daily': {
    async up(db: AnyDb) {
      // Daily roll-up of the case KPI counts (day × department): a county-year summary sums ~11k rows
      // instead of scanning ~600k cases. Days up to `through` (kernel_settings) are rolled; later days are live.
      await db.schema
        .createTable('supervision_case_daily')
        .addColumn('day', 'varchar(10)', (c) => c.notNull())
        .addColumn('department_id', 'integer', (c) => c.notNull())
        .addColumn('received', 'integer', (c) => c.notNull())
        .addColumn('completed', 'integer', (c) => c.notNull())
        .addColumn('completed_on_time', 'integer', (c) => c.notNull())
        .addColumn('with_legal', 'integer', (c) => c.notNull())
        .addColumn('legal_sum', 'integer', (c) => c.notNull())
        .addColumn('used_sum', 'integer', (c) => c.notNull())
        .addColumn('accepted', 'integer', (c) => c.notNull())
        .addColumn('accepted_closed', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('supervision_case_daily_pk', ['day', 'department_id'])
        .execute();
      // The date indexes its live tail reads through are the cases module's (0201_cases_kpi_date_indexes);
      // databases migrated before that created them here, and the cases migration leaves them as they are.
    },
  },
  '0302_supervision_case_daily_department': {
    async up(db: AnyDb) {
      // One county's summary (67 departments) narrows the roll-up by department_id; the primary key leads
      // with the day, so it read every row of every day. With the department first and every counter in the
      // index, a county reads its own entries from the index alone (docs/scaling.md, "one county's summary").
      await db.schema
        .createIndex('supervision_case_daily_department')
        .on('supervision_case_daily')
        .columns(['department_id', 'day', 'received', 'completed', 'completed_on_time', 'with_legal', 'legal_sum', 'used_sum', 'accepted', 'accepted_closed'])
        .execute();
    },
  },
  '0303_supervision_case_monthly': {
    async up(db: AnyDb) {
      // Issue 19: a province's year of case counters read ~245k day × department rows (113 ms). The month
      // layer of the roll-up (kernel/rollup: whole clean months from here, other rolled days by day) reads
      // ~12 rows per department. Filled from the stored day rows, so each month row is the Σ of its days
      // whatever the roll-up state (a month still partly rolled is read as a month only after a run rolled
      // its last day, and that run recomputes it).
      await db.schema
        .createTable('supervision_case_monthly')
        .addColumn('month', 'varchar(7)', (c) => c.notNull())
        .addColumn('department_id', 'integer', (c) => c.notNull())
        .addColumn('received', 'integer', (c) => c.notNull())
        .addColumn('completed', 'integer', (c) => c.notNull())
        .addColumn('completed_on_time', 'integer', (c) => c.notNull())
        .addColumn('with_legal', 'integer', (c) => c.notNull())
        .addColumn('legal_sum', 'integer', (c) => c.notNull())
        .addColumn('used_sum', 'integer', (c) => c.notNull())
        .addColumn('accepted', 'integer', (c) => c.notNull())
        .addColumn('accepted_closed', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('supervision_case_monthly_pk', ['month', 'department_id'])
        .execute();
      // One county narrows by department: its rows from the index alone (as 0302 for the day table).
      await db.schema
        .createIndex('supervision_case_monthly_department')
        .on('supervision_case_monthly')
        .columns(['department_id', 'month', 'received', 'completed', 'completed_on_time', 'with_legal', 'legal_sum', 'used_sum', 'accepted', 'accepted_closed'])
        .execute();
      await rollMonths(db, { table: 'supervision_case_daily', monthly: supervisionCaseMonthly }, null);
    },
  },
};
