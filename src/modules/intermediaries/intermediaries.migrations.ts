import type { Kysely, Migration } from 'kysely';
import { idColumn } from '../../kernel/db/db';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export const intermediariesMigrations: Record<string, Migration> = {
  '1100_intermediaries_base': {
    async up(db: AnyDb) {
      const id = idColumn(db);
      await db.schema
        .createTable('intermediaries_services')
        .addColumn('id', 'integer', id)
        .addColumn('code', 'varchar(40)', (c) => c.notNull().unique())
        .addColumn('name', 'varchar(60)', (c) => c.notNull())
        .addColumn('category', 'varchar(20)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('intermediaries_item_services')
        .addColumn('id', 'integer', id)
        .addColumn('item_code', 'varchar(60)', (c) => c.notNull())
        .addColumn('item_name', 'varchar(200)', (c) => c.notNull())
        .addColumn('service_id', 'integer', (c) => c.notNull())
        .addColumn('material_name', 'varchar(200)')
        .addColumn('legal_basis', 'varchar(500)', (c) => c.notNull())
        .addColumn('self_allowed', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addUniqueConstraint('intermediaries_item_services_item_service', ['item_code', 'service_id'])
        .execute();
      await db.schema
        .createTable('intermediaries_agencies')
        .addColumn('id', 'integer', id)
        .addColumn('uscc', 'varchar(18)', (c) => c.notNull().unique())
        .addColumn('name', 'varchar(100)', (c) => c.notNull())
        .addColumn('user_id', 'integer')
        .addColumn('contact', 'varchar(40)', (c) => c.notNull())
        .addColumn('phone', 'varchar(20)', (c) => c.notNull())
        .addColumn('office', 'varchar(200)', (c) => c.notNull())
        .addColumn('staff_count', 'integer', (c) => c.notNull())
        .addColumn('service_ids_json', 'text', (c) => c.notNull())
        .addColumn('status', 'varchar(12)', (c) => c.notNull())
        .addColumn('status_note', 'varchar(500)')
        .addColumn('rating_sum', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('rating_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('violations', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('complaints', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('intermediaries_agencies_user').on('intermediaries_agencies').column('user_id').execute();
      await db.schema
        .createTable('intermediaries_qualifications')
        .addColumn('id', 'integer', id)
        .addColumn('agency_id', 'integer', (c) => c.notNull())
        .addColumn('name', 'varchar(100)', (c) => c.notNull())
        .addColumn('level', 'varchar(20)', (c) => c.notNull())
        .addColumn('cert_no', 'varchar(60)', (c) => c.notNull())
        .addColumn('expires_on', 'varchar(10)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('intermediaries_qualifications_agency').on('intermediaries_qualifications').column('agency_id').execute();
      await db.schema
        .createTable('intermediaries_credit')
        .addColumn('id', 'integer', id)
        .addColumn('agency_id', 'integer', (c) => c.notNull())
        .addColumn('kind', 'varchar(12)', (c) => c.notNull())
        .addColumn('note', 'varchar(1000)', (c) => c.notNull())
        .addColumn('score', 'integer')
        .addColumn('project_id', 'integer')
        .addColumn('at', 'varchar(32)', (c) => c.notNull())
        .addColumn('on_date', 'varchar(10)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('intermediaries_credit_agency').on('intermediaries_credit').column('agency_id').execute();
      await db.schema
        .createTable('intermediaries_projects')
        .addColumn('id', 'integer', id)
        .addColumn('project_no', 'varchar(24)', (c) => c.notNull().unique())
        .addColumn('owner_kind', 'varchar(12)', (c) => c.notNull())
        .addColumn('owner_user_id', 'integer', (c) => c.notNull())
        .addColumn('owner_department_id', 'integer')
        .addColumn('owner_name', 'varchar(100)', (c) => c.notNull())
        .addColumn('owner_code', 'varchar(40)', (c) => c.notNull())
        .addColumn('service_id', 'integer', (c) => c.notNull())
        .addColumn('title', 'varchar(200)', (c) => c.notNull())
        .addColumn('scope', 'varchar(2000)', (c) => c.notNull())
        .addColumn('required_qualification', 'varchar(100)')
        .addColumn('required_level', 'varchar(20)')
        .addColumn('budget_cents', 'integer', (c) => c.notNull())
        .addColumn('mode', 'varchar(8)', (c) => c.notNull())
        .addColumn('criteria_json', 'text', (c) => c.notNull())
        .addColumn('min_candidates', 'integer', (c) => c.notNull())
        .addColumn('signup_from', 'varchar(10)', (c) => c.notNull())
        .addColumn('signup_to', 'varchar(10)', (c) => c.notNull())
        .addColumn('bid_deadline', 'varchar(32)')
        .addColumn('delivery_workdays', 'integer', (c) => c.notNull())
        .addColumn('status', 'varchar(12)', (c) => c.notNull())
        .addColumn('seed_hash', 'varchar(64)')
        .addColumn('seed', 'varchar(64)')
        .addColumn('selection_json', 'text')
        .addColumn('selected_agency_id', 'integer')
        .addColumn('selected_on', 'varchar(10)')
        .addColumn('publicity_to', 'varchar(10)')
        .addColumn('price_cents', 'integer')
        .addColumn('contract_no', 'varchar(60)')
        .addColumn('contracted_on', 'varchar(10)')
        .addColumn('delivery_due', 'varchar(10)')
        .addColumn('delivered_on', 'varchar(10)')
        .addColumn('report_no', 'varchar(60)')
        .addColumn('accepted_on', 'varchar(10)')
        .addColumn('rating', 'integer')
        .addColumn('rating_comment', 'varchar(500)')
        .addColumn('cancel_reason', 'varchar(500)')
        .addColumn('created_on', 'varchar(10)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('intermediaries_projects_status').on('intermediaries_projects').columns(['status', 'created_on']).execute();
      await db.schema.createIndex('intermediaries_projects_owner').on('intermediaries_projects').columns(['owner_code', 'service_id']).execute();
      await db.schema
        .createTable('intermediaries_signups')
        .addColumn('id', 'integer', id)
        .addColumn('project_id', 'integer', (c) => c.notNull())
        .addColumn('agency_id', 'integer', (c) => c.notNull())
        .addColumn('at', 'varchar(32)', (c) => c.notNull())
        .addColumn('bid_cents', 'integer')
        .addColumn('bid_at', 'varchar(32)')
        .addColumn('score', 'integer')
        .addColumn('scores_json', 'text')
        .addUniqueConstraint('intermediaries_signups_once', ['project_id', 'agency_id'])
        .execute();
      await db.schema
        .createTable('intermediaries_objections')
        .addColumn('id', 'integer', id)
        .addColumn('project_id', 'integer', (c) => c.notNull())
        .addColumn('by_user_id', 'integer')
        .addColumn('by_name', 'varchar(60)', (c) => c.notNull())
        .addColumn('text', 'varchar(2000)', (c) => c.notNull())
        .addColumn('at', 'varchar(32)', (c) => c.notNull())
        .addColumn('status', 'varchar(12)', (c) => c.notNull())
        .addColumn('answer', 'varchar(2000)')
        .execute();
      await db.schema.createIndex('intermediaries_objections_project').on('intermediaries_objections').column('project_id').execute();
      await db.schema
        .createTable('intermediaries_checks')
        .addColumn('id', 'integer', id)
        .addColumn('case_id', 'integer', (c) => c.notNull())
        .addColumn('case_no', 'varchar(40)', (c) => c.notNull())
        .addColumn('item_code', 'varchar(60)', (c) => c.notNull())
        .addColumn('item_name', 'varchar(200)', (c) => c.notNull())
        .addColumn('service_id', 'integer', (c) => c.notNull())
        .addColumn('department_id', 'integer', (c) => c.notNull())
        .addColumn('applicant_name', 'varchar(100)', (c) => c.notNull())
        .addColumn('project_id', 'integer')
        .addColumn('flagged', 'integer', (c) => c.notNull())
        .addColumn('on_date', 'varchar(10)', (c) => c.notNull())
        .addColumn('at', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('intermediaries_checks_day').on('intermediaries_checks').columns(['on_date', 'flagged']).execute();
    },
  },
};
