import { sql, type Kysely, type Migration } from 'kysely';
import { dialectOf, idColumn } from '../../kernel/db/db';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export const hallMigrations: Record<string, Migration> = {
  '0900_hall_base': {
    async up(db: AnyDb) {
      const id = idColumn(db);
      await db.schema
        .createTable('hall_categories')
        .addColumn('code', 'varchar(2)', (c) => c.primaryKey())
        .addColumn('name', 'varchar(40)', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('slot_capacity', 'integer', (c) => c.notNull())
        .addColumn('sort', 'integer', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('hall_windows')
        .addColumn('window_no', 'varchar(20)', (c) => c.primaryKey())
        .addColumn('name', 'varchar(60)', (c) => c.notNull())
        .addColumn('categories_json', 'text', (c) => c.notNull())
        .addColumn('status', 'varchar(10)', (c) => c.notNull())
        .addColumn('current_ticket_id', 'integer')
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('hall_tickets')
        .addColumn('id', 'integer', id)
        .addColumn('day', 'varchar(10)', (c) => c.notNull())
        .addColumn('category_code', 'varchar(2)', (c) => c.notNull())
        .addColumn('number', 'integer', (c) => c.notNull())
        .addColumn('ticket_no', 'varchar(8)', (c) => c.notNull())
        .addColumn('status', 'varchar(10)', (c) => c.notNull())
        .addColumn('priority', 'integer', (c) => c.notNull())
        .addColumn('priority_group', 'varchar(12)')
        .addColumn('appointment_id', 'integer')
        .addColumn('target_window_no', 'varchar(20)')
        .addColumn('window_no', 'varchar(20)')
        .addColumn('taken_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('called_at', 'varchar(32)')
        .addColumn('call_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('serving_at', 'varchar(32)')
        .addColumn('finished_at', 'varchar(32)')
        .addColumn('served_by', 'integer')
        .addColumn('case_no', 'varchar(40)')
        .addColumn('wait_minutes', 'integer')
        .addColumn('service_minutes', 'integer')
        .addUniqueConstraint('hall_tickets_day_number', ['day', 'category_code', 'number'])
        .execute();
      await db.schema.createIndex('hall_tickets_day_status').on('hall_tickets').columns(['day', 'status']).execute();

      await db.schema
        .createTable('hall_appointments')
        .addColumn('id', 'integer', id)
        .addColumn('appointment_no', 'varchar(24)', (c) => c.notNull().unique())
        .addColumn('category_code', 'varchar(2)', (c) => c.notNull())
        .addColumn('day', 'varchar(10)', (c) => c.notNull())
        .addColumn('slot', 'varchar(5)', (c) => c.notNull())
        .addColumn('name', 'varchar(40)', (c) => c.notNull())
        .addColumn('phone', 'varchar(20)', (c) => c.notNull())
        .addColumn('user_id', 'integer')
        .addColumn('status', 'varchar(12)', (c) => c.notNull())
        .addColumn('ticket_id', 'integer')
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('checked_in_at', 'varchar(32)')
        .execute();
      await db.schema.createIndex('hall_appointments_slot').on('hall_appointments').columns(['day', 'category_code', 'slot', 'status']).execute();

      await db.schema
        .createTable('hall_help_requests')
        .addColumn('id', 'integer', id)
        .addColumn('request_no', 'varchar(24)', (c) => c.notNull().unique())
        .addColumn('kind', 'varchar(8)', (c) => c.notNull())
        .addColumn('group_code', 'varchar(12)', (c) => c.notNull())
        .addColumn('citizen_name', 'varchar(40)', (c) => c.notNull())
        .addColumn('phone', 'varchar(20)', (c) => c.notNull())
        .addColumn('address', 'varchar(200)', (c) => c.notNull())
        .addColumn('item_name', 'varchar(100)', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('status', 'varchar(12)', (c) => c.notNull())
        .addColumn('assignee_id', 'integer')
        .addColumn('scheduled_on', 'varchar(10)')
        .addColumn('done_on', 'varchar(10)')
        .addColumn('case_no', 'varchar(40)')
        .addColumn('result', 'text')
        .addColumn('created_by', 'integer')
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('hall_help_requests_status').on('hall_help_requests').columns(['status', 'done_on']).execute();
    },
  },
  '0910_hall_regions': {
    async up(db: AnyDb) {
      // A province's county halls (issue 19): a window and a ticket name their county, '' for the
      // installation's own (every row before this). A county's kiosk numbers from its own counter, so two
      // halls' A001 of one day differ by region: the ticket key becomes (region, day, category, number).
      await db.schema.alterTable('hall_windows').addColumn('region', 'varchar(6)', (c) => c.notNull().defaultTo('')).execute();
      if (dialectOf(db) === 'postgres') {
        await db.schema.alterTable('hall_tickets').addColumn('region', 'varchar(6)', (c) => c.notNull().defaultTo('')).execute();
        await db.schema.alterTable('hall_tickets').dropConstraint('hall_tickets_day_number').execute();
        await db.schema.alterTable('hall_tickets').addUniqueConstraint('hall_tickets_day_number', ['region', 'day', 'category_code', 'number']).execute();
        await db.schema.dropIndex('hall_tickets_day_status').execute();
        await db.schema.createIndex('hall_tickets_day_status').on('hall_tickets').columns(['day', 'status', 'region']).execute();
        return;
      }
      // SQLite cannot drop a table constraint: the table is rebuilt with the new key and its rows copied.
      const id = idColumn(db);
      await db.schema
        .createTable('hall_tickets_0910')
        .addColumn('id', 'integer', id)
        .addColumn('day', 'varchar(10)', (c) => c.notNull())
        .addColumn('category_code', 'varchar(2)', (c) => c.notNull())
        .addColumn('number', 'integer', (c) => c.notNull())
        .addColumn('ticket_no', 'varchar(8)', (c) => c.notNull())
        .addColumn('status', 'varchar(10)', (c) => c.notNull())
        .addColumn('priority', 'integer', (c) => c.notNull())
        .addColumn('priority_group', 'varchar(12)')
        .addColumn('appointment_id', 'integer')
        .addColumn('target_window_no', 'varchar(20)')
        .addColumn('window_no', 'varchar(20)')
        .addColumn('taken_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('called_at', 'varchar(32)')
        .addColumn('call_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('serving_at', 'varchar(32)')
        .addColumn('finished_at', 'varchar(32)')
        .addColumn('served_by', 'integer')
        .addColumn('case_no', 'varchar(40)')
        .addColumn('wait_minutes', 'integer')
        .addColumn('service_minutes', 'integer')
        .addColumn('region', 'varchar(6)', (c) => c.notNull().defaultTo(''))
        .addUniqueConstraint('hall_tickets_day_number', ['region', 'day', 'category_code', 'number'])
        .execute();
      const columns = TICKET_COLUMNS_0900.join(', ');
      await sql.raw(`insert into hall_tickets_0910 (${columns}) select ${columns} from hall_tickets`).execute(db);
      await db.schema.dropTable('hall_tickets').execute();
      await db.schema.alterTable('hall_tickets_0910').renameTo('hall_tickets').execute();
      await db.schema.createIndex('hall_tickets_day_status').on('hall_tickets').columns(['day', 'status', 'region']).execute();
    },
  },
  '0911_hall_appointment_regions': {
    async up(db: AnyDb) {
      // An appointment is booked at one county's hall (issue 19), numbered from that county's daily counter;
      // '' is the installation's own county (every booking before this), as on tickets and windows.
      await db.schema.alterTable('hall_appointments').addColumn('region', 'varchar(6)', (c) => c.notNull().defaultTo('')).execute();
      await db.schema.createIndex('hall_appointments_region_day').on('hall_appointments').columns(['region', 'day', 'category_code', 'slot']).execute();
    },
  },
};

const TICKET_COLUMNS_0900 = [
  'id', 'day', 'category_code', 'number', 'ticket_no', 'status', 'priority', 'priority_group', 'appointment_id', 'target_window_no', 'window_no',
  'taken_at', 'called_at', 'call_count', 'serving_at', 'finished_at', 'served_by', 'case_no', 'wait_minutes', 'service_minutes',
];
