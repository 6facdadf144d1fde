import type { Kysely, Migration } from 'kysely';
import { idColumn } from '../../kernel/db/db';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export const disclosureMigrations: Record<string, Migration> = {
  '0800_disclosure_base': {
    async up(db: AnyDb) {
      const id = idColumn(db);
      await db.schema
        .createTable('disclosure_columns')
        .addColumn('id', 'integer', id)
        .addColumn('department_id', 'integer', (c) => c.notNull())
        .addColumn('name', 'varchar(60)', (c) => c.notNull())
        .addColumn('kind', 'varchar(20)', (c) => c.notNull())
        .addColumn('update_days', 'integer')
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('disclosure_columns_dept').on('disclosure_columns').columns(['department_id', 'kind']).execute();

      await db.schema
        .createTable('disclosure_articles')
        .addColumn('id', 'integer', id)
        .addColumn('column_id', 'integer', (c) => c.notNull())
        .addColumn('department_id', 'integer', (c) => c.notNull())
        .addColumn('title', 'varchar(200)', (c) => c.notNull())
        .addColumn('body_html', 'text', (c) => c.notNull())
        .addColumn('status', 'varchar(12)', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('round', 'integer', (c) => c.notNull())
        .addColumn('author_id', 'integer')
        .addColumn('author_name', 'varchar(64)', (c) => c.notNull())
        .addColumn('scheduled_at', 'varchar(32)')
        .addColumn('published_at', 'varchar(32)')
        .addColumn('published_on', 'varchar(10)')
        .addColumn('withdrawn_at', 'varchar(32)')
        .addColumn('withdraw_reason', 'varchar(1000)')
        .addColumn('reject_reason', 'varchar(1000)')
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('disclosure_articles_column').on('disclosure_articles').columns(['column_id', 'status', 'published_on']).execute();
      await db.schema.createIndex('disclosure_articles_published').on('disclosure_articles').columns(['status', 'published_on']).execute();

      await db.schema
        .createTable('disclosure_article_versions')
        .addColumn('id', 'integer', id)
        .addColumn('article_id', 'integer', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('title', 'varchar(200)', (c) => c.notNull())
        .addColumn('body_html', 'text', (c) => c.notNull())
        .addColumn('edited_by', 'varchar(64)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addUniqueConstraint('disclosure_article_versions_uq', ['article_id', 'version'])
        .execute();

      await db.schema
        .createTable('disclosure_reviews')
        .addColumn('id', 'integer', id)
        .addColumn('article_id', 'integer', (c) => c.notNull())
        .addColumn('round', 'integer', (c) => c.notNull())
        .addColumn('step', 'integer', (c) => c.notNull())
        .addColumn('reviewer_id', 'integer', (c) => c.notNull())
        .addColumn('reviewer_name', 'varchar(64)', (c) => c.notNull())
        .addColumn('decision', 'varchar(10)', (c) => c.notNull())
        .addColumn('opinion', 'varchar(1000)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        // One decision per step and round: a concurrent second pass loses on the index.
        .addUniqueConstraint('disclosure_reviews_step_uq', ['article_id', 'round', 'step'])
        .execute();

      await db.schema
        .createTable('disclosure_attachments')
        .addColumn('id', 'integer', id)
        .addColumn('article_id', 'integer', (c) => c.notNull())
        .addColumn('file_name', 'varchar(200)', (c) => c.notNull())
        .addColumn('mime', 'varchar(120)', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
        .addColumn('content_b64', 'text', (c) => c.notNull())
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('disclosure_attachments_article').on('disclosure_attachments').column('article_id').execute();

      await db.schema
        .createTable('disclosure_policies')
        .addColumn('id', 'integer', id)
        .addColumn('department_id', 'integer', (c) => c.notNull())
        .addColumn('doc_no', 'varchar(60)', (c) => c.notNull())
        .addColumn('title', 'varchar(200)', (c) => c.notNull())
        .addColumn('issuer', 'varchar(100)', (c) => c.notNull())
        .addColumn('issued_on', 'varchar(10)', (c) => c.notNull())
        .addColumn('valid_until', 'varchar(10)')
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('disclosure_interpretations')
        .addColumn('id', 'integer', id)
        .addColumn('policy_id', 'integer', (c) => c.notNull())
        .addColumn('kind', 'varchar(10)', (c) => c.notNull())
        .addColumn('title', 'varchar(200)', (c) => c.notNull())
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('url', 'varchar(500)')
        .addColumn('published_on', 'varchar(10)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('disclosure_interpretations_policy').on('disclosure_interpretations').column('policy_id').execute();

      await db.schema
        .createTable('disclosure_requests')
        .addColumn('id', 'integer', id)
        .addColumn('request_no', 'varchar(24)', (c) => c.notNull().unique())
        .addColumn('query_code', 'varchar(16)', (c) => c.notNull().unique())
        .addColumn('applicant_kind', 'varchar(10)', (c) => c.notNull())
        .addColumn('applicant_name', 'varchar(100)', (c) => c.notNull())
        .addColumn('id_number', 'varchar(18)', (c) => c.notNull())
        .addColumn('phone', 'varchar(20)', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('purpose', 'varchar(1000)')
        .addColumn('delivery', 'varchar(10)', (c) => c.notNull())
        .addColumn('department_id', 'integer', (c) => c.notNull())
        .addColumn('received_on', 'varchar(10)', (c) => c.notNull())
        .addColumn('status', 'varchar(12)', (c) => c.notNull())
        .addColumn('correction_from', 'varchar(10)')
        .addColumn('correction_to', 'varchar(10)')
        .addColumn('correction_note', 'varchar(1000)')
        .addColumn('extension_days', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('extension_approver', 'varchar(64)')
        .addColumn('extension_reason', 'varchar(1000)')
        .addColumn('answer_type', 'varchar(20)')
        .addColumn('answer_text', 'text')
        .addColumn('legal_ground', 'varchar(1000)')
        .addColumn('answered_on', 'varchar(10)')
        .addColumn('due_on', 'varchar(10)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('disclosure_requests_status').on('disclosure_requests').columns(['status', 'due_on']).execute();
      await db.schema.createIndex('disclosure_requests_received').on('disclosure_requests').column('received_on').execute();

      await db.schema
        .createTable('disclosure_consultations')
        .addColumn('id', 'integer', id)
        .addColumn('department_id', 'integer', (c) => c.notNull())
        .addColumn('title', 'varchar(200)', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('questions_json', 'text', (c) => c.notNull())
        .addColumn('opens_on', 'varchar(10)', (c) => c.notNull())
        .addColumn('closes_on', 'varchar(10)', (c) => c.notNull())
        .addColumn('feedback', 'text')
        .addColumn('feedback_on', 'varchar(10)')
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('disclosure_opinions')
        .addColumn('id', 'integer', id)
        .addColumn('consultation_id', 'integer', (c) => c.notNull())
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('answers_json', 'text', (c) => c.notNull())
        .addColumn('contact_name', 'varchar(64)')
        .addColumn('contact_phone', 'varchar(20)')
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('created_on', 'varchar(10)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('disclosure_opinions_consultation').on('disclosure_opinions').column('consultation_id').execute();

      await db.schema
        .createTable('disclosure_new_media')
        .addColumn('id', 'integer', id)
        .addColumn('department_id', 'integer', (c) => c.notNull())
        .addColumn('name', 'varchar(100)', (c) => c.notNull())
        .addColumn('platform', 'varchar(20)', (c) => c.notNull())
        .addColumn('update_days', 'integer', (c) => c.notNull())
        .addColumn('last_update_on', 'varchar(10)')
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('disclosure_duty_checks')
        .addColumn('id', 'integer', id)
        .addColumn('checked_by', 'varchar(64)', (c) => c.notNull())
        .addColumn('checked_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('checked_on', 'varchar(10)', (c) => c.notNull())
        .addColumn('findings', 'text', (c) => c.notNull())
        .addColumn('problems', 'integer', (c) => c.notNull())
        .execute();
    },
  },
};
