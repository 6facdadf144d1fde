import type { Kysely, Migration } from 'kysely';
import { idColumn } from '../../kernel/db/db';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;
const TS = 'varchar(32)';
const DAY = 'varchar(10)';

export const walksMigrations: Record<string, Migration> = {
  '1000_walks_base': {
    async up(db: AnyDb) {
      const id = idColumn(db);
      await db.schema
        .createTable('walks_walks')
        .addColumn('id', 'integer', id)
        .addColumn('walker_name', 'varchar(64)', (c) => c.notNull())
        .addColumn('walker_title', 'varchar(64)', (c) => c.notNull())
        .addColumn('walker_department_id', 'integer')
        .addColumn('item_name', 'varchar(200)', (c) => c.notNull())
        .addColumn('channel', 'varchar(10)', (c) => c.notNull())
        .addColumn('walked_on', DAY, (c) => c.notNull())
        .addColumn('steps', 'text', (c) => c.notNull())
        .addColumn('minutes', 'integer', (c) => c.notNull())
        .addColumn('recorded_by', 'integer')
        .addColumn('created_at', TS, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('walks_walks_day').on('walks_walks').columns(['walked_on']).execute();
      await db.schema
        .createTable('walks_problems')
        .addColumn('id', 'integer', idColumn(db))
        .addColumn('walk_id', 'integer', (c) => c.notNull())
        .addColumn('category', 'varchar(20)', (c) => c.notNull())
        .addColumn('description', 'varchar(2000)', (c) => c.notNull())
        .addColumn('created_at', TS, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('walks_problems_walk').on('walks_problems').columns(['walk_id']).execute();
      await db.schema
        .createTable('walks_measures')
        .addColumn('id', 'integer', idColumn(db))
        .addColumn('problem_id', 'integer', (c) => c.notNull())
        .addColumn('description', 'varchar(2000)', (c) => c.notNull())
        .addColumn('owner_department_id', 'integer', (c) => c.notNull())
        .addColumn('due_on', DAY, (c) => c.notNull())
        .addColumn('status', 'varchar(10)', (c) => c.notNull())
        .addColumn('evidence', 'varchar(2000)')
        .addColumn('done_on', DAY)
        .addColumn('created_at', TS, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('walks_measures_problem').on('walks_measures').columns(['problem_id']).execute();
      await db.schema.createIndex('walks_measures_status').on('walks_measures').columns(['status', 'due_on']).execute();
    },
  },
};
