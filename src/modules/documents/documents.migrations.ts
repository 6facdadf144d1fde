import type { Kysely, Migration } from 'kysely';
import { idColumn } from '../../kernel/db/db';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export const documentsMigrations: Record<string, Migration> = {
  '1500_documents_base': {
    async up(db: AnyDb) {
      const id = idColumn(db);
      await db.schema
        .createTable('documents_documents')
        .addColumn('id', 'integer', id)
        .addColumn('doc_no', 'varchar(60)', (c) => c.notNull().unique())
        .addColumn('kind', 'varchar(20)', (c) => c.notNull())
        .addColumn('occurrence', 'integer', (c) => c.notNull())
        .addColumn('step', 'varchar(30)', (c) => c.notNull())
        .addColumn('case_id', 'integer', (c) => c.notNull())
        .addColumn('case_no', 'varchar(40)', (c) => c.notNull())
        .addColumn('item_code', 'varchar(40)', (c) => c.notNull())
        .addColumn('item_name', 'varchar(200)', (c) => c.notNull())
        .addColumn('version_id', 'integer', (c) => c.notNull())
        .addColumn('department_id', 'integer', (c) => c.notNull())
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('issued_on', 'varchar(10)', (c) => c.notNull())
        .addColumn('issued_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('facts_json', 'text', (c) => c.notNull())
        .addColumn('template_json', 'text', (c) => c.notNull())
        .addColumn('applicant_user_id', 'integer')
        .addColumn('verify_token', 'varchar(64)', (c) => c.notNull().unique())
        .addColumn('signature', 'text')
        .addColumn('created_by', 'integer')
        .addColumn('opened_at', 'varchar(32)')
        .addColumn('paper_delivered_on', 'varchar(10)')
        .addColumn('paper_recipient', 'varchar(64)')
        .addColumn('receipt_document_id', 'integer')
        .execute();
      // One document per case, kind and occurrence: a second 受理通知书 for one acceptance cannot exist.
      await db.schema.createIndex('documents_case_kind').on('documents_documents').columns(['case_id', 'kind', 'occurrence']).unique().execute();
      // A 文号 is never issued twice (department × kind × year × number).
      await db.schema.createIndex('documents_number').on('documents_documents').columns(['department_id', 'kind', 'year', 'seq']).unique().execute();
      await db.schema.createIndex('documents_case_no').on('documents_documents').columns(['case_no']).execute();

      await db.schema
        .createTable('documents_issuers')
        .addColumn('id', 'integer', id)
        .addColumn('department_id', 'integer', (c) => c.notNull().unique())
        .addColumn('prefix', 'varchar(20)')
        .addColumn('seal_mime', 'varchar(20)')
        .addColumn('seal_data', 'text')
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('documents_consents')
        .addColumn('id', 'integer', id)
        .addColumn('case_no', 'varchar(40)', (c) => c.notNull().unique())
        .addColumn('user_id', 'integer', (c) => c.notNull())
        .addColumn('consented_at', 'varchar(32)', (c) => c.notNull())
        .execute();
    },
  },
};
