import type { Kysely, Migration } from 'kysely';
import { idColumn } from '../db/db';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/** The search engine's tables (kernel block 0002: before every module that indexes documents). */
export const searchMigrations: Record<string, Migration> = {
  '0002_kernel_search': {
    async up(db: AnyDb) {
      await db.schema
        .createTable('kernel_search_docs')
        .addColumn('doc_type', 'varchar(40)', (c) => c.notNull())
        .addColumn('doc_id', 'varchar(80)', (c) => c.notNull())
        // normalized title, for the exact-phrase bonus and substring recall
        .addColumn('title', 'varchar(500)', (c) => c.notNull())
        .addPrimaryKeyConstraint('kernel_search_docs_pk', ['doc_type', 'doc_id'])
        .execute();
      await db.schema
        .createTable('kernel_search_terms')
        .addColumn('doc_type', 'varchar(40)', (c) => c.notNull())
        .addColumn('doc_id', 'varchar(80)', (c) => c.notNull())
        .addColumn('term', 'varchar(64)', (c) => c.notNull())
        .addColumn('field', 'varchar(20)', (c) => c.notNull())
        .addColumn('weight', 'double precision', (c) => c.notNull())
        .execute();
      // lookups go by term; re-indexing a document deletes by doc id
      await db.schema.createIndex('kernel_search_terms_term').on('kernel_search_terms').columns(['doc_type', 'term', 'doc_id']).execute();
      await db.schema.createIndex('kernel_search_terms_doc').on('kernel_search_terms').columns(['doc_type', 'doc_id']).execute();
      await db.schema
        .createTable('kernel_search_synonyms')
        .addColumn('id', 'integer', idColumn(db))
        // '*' for every doc type, or one doc type ('catalog.item')
        .addColumn('scope', 'varchar(40)', (c) => c.notNull())
        .addColumn('term', 'varchar(64)', (c) => c.notNull())
        .addColumn('synonym', 'varchar(64)', (c) => c.notNull())
        .addUniqueConstraint('kernel_search_synonyms_uq', ['scope', 'term', 'synonym'])
        .execute();
    },
  },
};
