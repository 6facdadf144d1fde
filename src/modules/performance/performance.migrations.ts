import type { Kysely, Migration } from 'kysely';
import { dialectOf, idColumn } from '../../kernel/db/db';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;
const TS = 'varchar(32)';
const DAY = 'varchar(10)';
const NAME = 'varchar(64)';

export const performanceMigrations: Record<string, Migration> = {
  '1600_performance_base': {
    async up(db: AnyDb) {
      await db.schema
        .createTable('performance_tables')
        .addColumn('id', 'integer', idColumn(db))
        .addColumn('year', 'integer', (c) => c.notNull().unique())
        .addColumn('status', 'varchar(12)', (c) => c.notNull())
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('submitted_by', 'integer')
        .addColumn('submitted_by_name', NAME)
        .addColumn('submitted_at', TS)
        .addColumn('signed_by', 'integer')
        .addColumn('signed_by_name', NAME)
        .addColumn('signed_at', TS)
        .addColumn('created_at', TS, (c) => c.notNull())
        .addColumn('updated_at', TS, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('performance_indicators')
        .addColumn('id', 'integer', idColumn(db))
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('sort', 'integer', (c) => c.notNull())
        .addColumn('level1', 'varchar(8)', (c) => c.notNull())
        .addColumn('level2', 'varchar(16)', (c) => c.notNull())
        .addColumn('name', 'varchar(200)', (c) => c.notNull())
        .addColumn('direction', 'varchar(2)', (c) => c.notNull())
        .addColumn('target', 'double precision', (c) => c.notNull())
        .addColumn('unit', 'varchar(16)', (c) => c.notNull())
        .addColumn('floor', 'double precision')
        .addColumn('weight', 'double precision', (c) => c.notNull())
        .addColumn('source', 'varchar(8)', (c) => c.notNull())
        .addColumn('kpi_key', 'varchar(80)')
        .addColumn('manual_value', 'double precision')
        .addColumn('manual_note', 'varchar(2000)')
        .addColumn('evidence_id', 'integer')
        .addColumn('author_id', 'integer')
        .addColumn('author_name', NAME)
        .addColumn('deviation_reason', 'varchar(2000)')
        .addColumn('created_at', TS, (c) => c.notNull())
        .addColumn('updated_at', TS, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('performance_indicators_year').on('performance_indicators').columns(['year', 'sort']).execute();
      await db.schema
        .createTable('performance_evidence')
        .addColumn('id', 'integer', idColumn(db))
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('file_name', 'varchar(200)', (c) => c.notNull())
        .addColumn('mime', 'varchar(80)', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
        .addColumn('content', dialectOf(db) === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
        .addColumn('uploaded_by', 'integer')
        .addColumn('uploaded_at', TS, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('performance_revisions')
        .addColumn('id', 'integer', idColumn(db))
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('reason', 'varchar(2000)', (c) => c.notNull())
        .addColumn('opened_by_name', NAME)
        .addColumn('opened_at', TS, (c) => c.notNull())
        .addColumn('signed_by_name', NAME)
        .addColumn('signed_at', TS)
        .addColumn('total_score', 'double precision')
        .addColumn('grade', 'varchar(2)')
        .addColumn('snapshot_json', 'text')
        .addUniqueConstraint('performance_revisions_year_revision', ['year', 'revision'])
        .execute();
      await db.schema
        .createTable('performance_budget_lines')
        .addColumn('id', 'integer', idColumn(db))
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('category', 'varchar(8)', (c) => c.notNull())
        .addColumn('name', 'varchar(200)', (c) => c.notNull())
        .addColumn('budget_cents', 'bigint', (c) => c.notNull())
        .addColumn('adjustment_cents', 'bigint', (c) => c.notNull())
        .addColumn('executed_cents', 'bigint', (c) => c.notNull())
        .addColumn('updated_by_name', NAME)
        .addColumn('updated_at', TS, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('performance_budget_lines_year').on('performance_budget_lines').columns(['year']).execute();
      await db.schema
        .createTable('performance_procurements')
        .addColumn('id', 'integer', idColumn(db))
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('item', 'varchar(200)', (c) => c.notNull())
        .addColumn('method', 'varchar(20)', (c) => c.notNull())
        .addColumn('planned_cents', 'bigint', (c) => c.notNull())
        .addColumn('purchased_cents', 'bigint')
        .addColumn('purchased_on', DAY)
        .addColumn('updated_by_name', NAME)
        .addColumn('updated_at', TS, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('performance_procurements_year').on('performance_procurements').columns(['year']).execute();
      await db.schema
        .createTable('performance_assets')
        .addColumn('id', 'integer', idColumn(db))
        .addColumn('code', 'varchar(40)', (c) => c.notNull().unique())
        .addColumn('name', 'varchar(200)', (c) => c.notNull())
        .addColumn('category', 'varchar(40)', (c) => c.notNull())
        .addColumn('value_cents', 'bigint', (c) => c.notNull())
        .addColumn('acquired_on', DAY, (c) => c.notNull())
        .addColumn('location', 'varchar(200)', (c) => c.notNull())
        .addColumn('keeper', NAME, (c) => c.notNull())
        .addColumn('disposed_on', DAY)
        .addColumn('created_at', TS, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('performance_asset_checks')
        .addColumn('id', 'integer', idColumn(db))
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('asset_id', 'integer', (c) => c.notNull())
        .addColumn('result', 'varchar(10)', (c) => c.notNull())
        .addColumn('note', 'varchar(2000)')
        .addColumn('checked_by_name', NAME)
        .addColumn('checked_on', DAY, (c) => c.notNull())
        .addUniqueConstraint('performance_asset_checks_year_asset', ['year', 'asset_id'])
        .execute();
    },
  },
};
