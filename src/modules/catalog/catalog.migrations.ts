import { sql, type Kysely, type Migration } from 'kysely';
import { idColumn } from '../../kernel/db/db';
import { DEFAULT_SYNONYMS } from './catalog.synonyms';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export const catalogMigrations: Record<string, Migration> = {
  '0100_catalog_items': {
    async up(db: AnyDb) {
      // One row per item code: the code's owner department (for editor scoping) and its overall state.
      await db.schema
        .createTable('catalog_items')
        .addColumn('code', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('department_id', 'integer', (c) => c.notNull().references('kernel_departments.id'))
        // draft (never published) | published | retired
        .addColumn('status', 'varchar(12)', (c) => c.notNull())
        .addColumn('latest_version', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      // Every version ever saved; published/superseded/retired rows are never changed again except
      // their end instant, so cases can always show the version they were filed under.
      await db.schema
        .createTable('catalog_versions')
        .addColumn('id', 'integer', idColumn(db))
        .addColumn('code', 'varchar(64)', (c) => c.notNull().references('catalog_items.code'))
        .addColumn('version', 'integer', (c) => c.notNull())
        // draft | published | superseded | retired
        .addColumn('status', 'varchar(12)', (c) => c.notNull())
        .addColumn('name', 'varchar(200)', (c) => c.notNull())
        .addColumn('type', 'varchar(2)', (c) => c.notNull())
        .addColumn('application_based', 'integer', (c) => c.notNull())
        .addColumn('level', 'integer', (c) => c.notNull())
        .addColumn('department_id', 'integer', (c) => c.notNull().references('kernel_departments.id'))
        .addColumn('legal_limit', 'integer', (c) => c.notNull())
        .addColumn('promised_limit', 'integer', (c) => c.notNull())
        .addColumn('limit_unit', 'varchar(10)', (c) => c.notNull())
        .addColumn('kind', 'varchar(10)', (c) => c.notNull())
        .addColumn('online_depth', 'integer', (c) => c.notNull())
        .addColumn('visits', 'integer', (c) => c.notNull())
        .addColumn('nearby', 'integer', (c) => c.notNull())
        // ',full_online,proxy,' so that one LIKE filters a mode on both dialects
        .addColumn('cross_province', 'varchar(60)', (c) => c.notNull())
        .addColumn('extension_allowance', 'integer', (c) => c.notNull())
        // ',person,organization,' and ',生育收养,社会保障,' for the theme filter
        .addColumn('audiences', 'varchar(40)', (c) => c.notNull())
        .addColumn('life_events', 'varchar(300)', (c) => c.notNull())
        // materials, fees, legal basis, conditions, locations, FAQs, keywords, online URL
        .addColumn('details_json', 'text', (c) => c.notNull())
        .addColumn('created_by', 'varchar(64)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('updated_by', 'varchar(64)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('submitted_at', 'varchar(32)')
        .addColumn('review_note', 'varchar(500)')
        .addColumn('published_at', 'varchar(32)')
        .addColumn('published_by', 'varchar(64)')
        // when this version stopped being the one in force (superseded or retired)
        .addColumn('ended_at', 'varchar(32)')
        .addUniqueConstraint('catalog_versions_code_version', ['code', 'version'])
        .execute();
      // At most one published and one draft version per item, enforced by the database.
      await db.schema.createIndex('catalog_versions_one_published').on('catalog_versions').column('code').unique().where(sql.ref('status'), '=', 'published').execute();
      await db.schema.createIndex('catalog_versions_one_draft').on('catalog_versions').column('code').unique().where(sql.ref('status'), '=', 'draft').execute();
      await db.schema.createIndex('catalog_versions_status_dept').on('catalog_versions').columns(['status', 'department_id']).execute();

      await db.schema
        .createTable('catalog_import_jobs')
        .addColumn('id', 'integer', idColumn(db))
        // validating | writing | done | failed
        .addColumn('status', 'varchar(12)', (c) => c.notNull())
        .addColumn('file_name', 'varchar(200)')
        .addColumn('total_rows', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('processed_rows', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('errors_json', 'text')
        .addColumn('result_json', 'text')
        .addColumn('created_by', 'varchar(64)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('finished_at', 'varchar(32)')
        .execute();

      // The default synonyms of the public catalogue search (editable by admins afterwards).
      const rows = Object.entries(DEFAULT_SYNONYMS).flatMap(([term, syns]) => syns.map((s) => ({ scope: 'catalog.item', term, synonym: s })));
      for (let i = 0; i < rows.length; i += 200) await db.insertInto('kernel_search_synonyms').values(rows.slice(i, i + 200)).execute();
    },
  },
};
