import type { Kysely, Migration } from 'kysely';
import { idColumn } from '../../kernel/db/db';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;
const TS = 'varchar(32)';
const DAY = 'varchar(10)';

export const egovMigrations: Record<string, Migration> = {
  '1700_egov_base': {
    async up(db: AnyDb) {
      await db.schema
        .createTable('egov_connections')
        .addColumn('id', 'integer', idColumn(db))
        .addColumn('department_id', 'integer', (c) => c.notNull())
        .addColumn('kind', 'varchar(10)', (c) => c.notNull())
        .addColumn('bandwidth_mbps', 'integer', (c) => c.notNull())
        .addColumn('connected_on', DAY, (c) => c.notNull())
        .addColumn('status', 'varchar(10)', (c) => c.notNull())
        .addColumn('note', 'varchar(500)')
        .addColumn('created_at', TS, (c) => c.notNull())
        .addColumn('updated_at', TS, (c) => c.notNull())
        .addUniqueConstraint('egov_connections_department', ['department_id'])
        .execute();
      await db.schema
        .createTable('egov_incidents')
        .addColumn('id', 'integer', idColumn(db))
        .addColumn('occurred_on', DAY, (c) => c.notNull())
        .addColumn('category', 'varchar(20)', (c) => c.notNull())
        .addColumn('severity', 'varchar(10)', (c) => c.notNull())
        .addColumn('target', 'varchar(200)', (c) => c.notNull())
        .addColumn('description', 'varchar(2000)', (c) => c.notNull())
        .addColumn('status', 'varchar(10)', (c) => c.notNull())
        .addColumn('handled_on', DAY)
        .addColumn('measures', 'varchar(2000)')
        .addColumn('recorded_by', 'integer')
        .addColumn('created_at', TS, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('egov_incidents_day').on('egov_incidents').columns(['occurred_on']).execute();
      await db.schema
        .createTable('egov_trainings')
        .addColumn('id', 'integer', idColumn(db))
        .addColumn('title', 'varchar(200)', (c) => c.notNull())
        .addColumn('held_on', DAY, (c) => c.notNull())
        .addColumn('audience', 'varchar(20)', (c) => c.notNull())
        .addColumn('organiser_department_id', 'integer')
        .addColumn('attendees', 'integer', (c) => c.notNull())
        .addColumn('hours', 'integer', (c) => c.notNull())
        .addColumn('place', 'varchar(200)', (c) => c.notNull())
        .addColumn('summary', 'varchar(2000)')
        .addColumn('recorded_by', 'integer')
        .addColumn('created_at', TS, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('egov_trainings_day').on('egov_trainings').columns(['held_on']).execute();
    },
  },
};
