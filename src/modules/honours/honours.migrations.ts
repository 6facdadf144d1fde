import type { Kysely, Migration } from 'kysely';
import { idColumn } from '../../kernel/db/db';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export const honoursMigrations: Record<string, Migration> = {
  '1200_honours_base': {
    async up(db: AnyDb) {
      await db.schema
        .createTable('honours_awards')
        .addColumn('id', 'integer', idColumn(db))
        .addColumn('quarter', 'varchar(6)', (c) => c.notNull())
        .addColumn('kind', 'varchar(20)', (c) => c.notNull())
        .addColumn('subject_key', 'varchar(40)', (c) => c.notNull())
        .addColumn('subject_name', 'varchar(100)', (c) => c.notNull())
        .addColumn('department_id', 'integer')
        .addColumn('reasons', 'varchar(2000)', (c) => c.notNull())
        .addColumn('committee', 'varchar(500)', (c) => c.notNull())
        .addColumn('meeting_on', 'varchar(10)', (c) => c.notNull())
        .addColumn('publicity_until', 'varchar(10)', (c) => c.notNull())
        .addColumn('figures_json', 'text', (c) => c.notNull())
        .addColumn('decided_by', 'integer')
        .addColumn('decided_at', 'varchar(32)', (c) => c.notNull())
        .addUniqueConstraint('honours_awards_subject', ['quarter', 'kind', 'subject_key'])
        .execute();
      await db.schema.createIndex('honours_awards_meeting').on('honours_awards').columns(['meeting_on']).execute();
    },
  },
};
