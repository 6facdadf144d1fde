import type { Kysely, Migration } from 'kysely';
import { idColumn } from '../../kernel/db/db';

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
};
