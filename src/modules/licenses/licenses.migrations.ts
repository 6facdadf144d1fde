/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run on the schema as it was */
import type { Kysely, Migration } from 'kysely';
import { idColumn } from '../../kernel/db/db';
import { rebuildLicenseKpiCounts } from './licenses.kpi-counts';

export const licensesMigrations: Record<string, Migration> = {
  '0600_licenses_base': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('licenses_types')
        .addColumn('id', 'integer', idColumn(db))
        .addColumn('code', 'varchar(32)', (c) => c.notNull().unique())
        .addColumn('name', 'varchar(100)', (c) => c.notNull())
        .addColumn('department_id', 'integer', (c) => c.notNull())
        .addColumn('issuer', 'varchar(100)', (c) => c.notNull())
        .addColumn('holder_kind', 'varchar(16)', (c) => c.notNull())
        .addColumn('validity_years', 'integer')
        .addColumn('item_codes_json', 'text', (c) => c.notNull())
        .addColumn('replaces_json', 'text', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('licenses_licenses')
        .addColumn('id', 'integer', idColumn(db))
        .addColumn('license_no', 'varchar(64)', (c) => c.notNull().unique())
        .addColumn('type_code', 'varchar(32)', (c) => c.notNull())
        .addColumn('type_name', 'varchar(100)', (c) => c.notNull())
        .addColumn('holder_kind', 'varchar(16)', (c) => c.notNull())
        .addColumn('holder_name', 'varchar(200)', (c) => c.notNull())
        .addColumn('holder_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('department_id', 'integer', (c) => c.notNull())
        .addColumn('issuer', 'varchar(100)', (c) => c.notNull())
        .addColumn('issue_date', 'varchar(10)', (c) => c.notNull())
        .addColumn('valid_from', 'varchar(10)', (c) => c.notNull())
        .addColumn('valid_to', 'varchar(10)')
        .addColumn('status', 'varchar(16)', (c) => c.notNull())
        .addColumn('case_id', 'integer')
        .addColumn('case_no', 'varchar(64)')
        .addColumn('source', 'varchar(16)', (c) => c.notNull())
        .addColumn('data_json', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('kid', 'varchar(32)', (c) => c.notNull())
        .addColumn('signature', 'varchar(128)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('licenses_licenses_holder').on('licenses_licenses').columns(['holder_id', 'type_code']).execute();
      await db.schema.createIndex('licenses_licenses_issue').on('licenses_licenses').columns(['issue_date', 'department_id']).execute();
      await db.schema.createIndex('licenses_licenses_case').on('licenses_licenses').columns(['case_id']).execute();
      await db.schema
        .createTable('licenses_history')
        .addColumn('id', 'integer', idColumn(db))
        .addColumn('license_id', 'integer', (c) => c.notNull())
        .addColumn('at', 'varchar(32)', (c) => c.notNull())
        .addColumn('action', 'varchar(16)', (c) => c.notNull())
        .addColumn('actor_name', 'varchar(100)', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('data_json', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('licenses_history_license').on('licenses_history').columns(['license_id', 'id']).execute();
      await db.schema
        .createTable('licenses_reuse')
        .addColumn('id', 'integer', idColumn(db))
        .addColumn('case_id', 'integer', (c) => c.notNull())
        .addColumn('case_no', 'varchar(64)', (c) => c.notNull())
        .addColumn('on_date', 'varchar(10)', (c) => c.notNull())
        .addColumn('department_id', 'integer', (c) => c.notNull())
        .addColumn('item_code', 'varchar(64)', (c) => c.notNull())
        .addColumn('material_name', 'varchar(200)', (c) => c.notNull())
        .addColumn('license_no', 'varchar(64)')
        .execute();
      await db.schema.createIndex('licenses_reuse_on').on('licenses_reuse').columns(['on_date', 'department_id']).execute();
    },
  },
  '0610_licenses_signatures': {
    async up(db: Kysely<any>) {
      // The signatures a license carried before a change: a QR code printed earlier then verifies as
      // superseded (证照已变更) instead of forged.
      await db.schema
        .createTable('licenses_signatures')
        .addColumn('id', 'integer', idColumn(db))
        .addColumn('license_id', 'integer', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('kid', 'varchar(32)', (c) => c.notNull())
        .addColumn('signature', 'varchar(128)', (c) => c.notNull())
        .addColumn('payload_json', 'text', (c) => c.notNull())
        .addColumn('superseded_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('licenses_signatures_license').on('licenses_signatures').columns(['license_id', 'signature']).execute();
    },
  },
  '0611_licenses_kpi_index': {
    async up(db: Kysely<any>) {
      // Issue 19: the licence KPIs (issued, in the library, in force at the period's end) of a province
      // read the licences' rows (413 ms on 5 counties). With source, status and valid_to in the index
      // they are index-only scans of its entries; it replaces (issue_date, department_id), its prefix.
      await db.schema.createIndex('licenses_licenses_kpi').on('licenses_licenses').columns(['issue_date', 'department_id', 'source', 'status', 'valid_to']).execute();
      await db.schema.dropIndex('licenses_licenses_issue').execute();
    },
  },
  '0612_licenses_kpi_counts': {
    async up(db: Kysely<any>) {
      // Issue 19: the licence KPIs from counts per department × issue month × expiry month × imported ×
      // valid, kept by every licence write (licenses.kpi-counts.ts); filled set-based from the licences.
      await db.schema
        .createTable('licenses_kpi_counts')
        .addColumn('department_id', 'integer', (c) => c.notNull())
        .addColumn('issue_month', 'varchar(7)', (c) => c.notNull())
        .addColumn('valid_to_month', 'varchar(7)', (c) => c.notNull())
        .addColumn('imported', 'integer', (c) => c.notNull())
        .addColumn('valid', 'integer', (c) => c.notNull())
        .addColumn('n', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('licenses_kpi_counts_pk', ['department_id', 'issue_month', 'valid_to_month', 'imported', 'valid'])
        .execute();
      await rebuildLicenseKpiCounts(db);
    },
  },
  '0613_licenses_expiry_index': {
    async up(db: Kysely<any>) {
      // The licences valid on a period's last day that expire later in its month: the one part of
      // "in force" the month counts cannot tell (licenseKpiCounts), an index-only range of a few days.
      await db.schema.createIndex('licenses_licenses_expiry').on('licenses_licenses').columns(['valid_to', 'department_id', 'status', 'issue_date']).execute();
    },
  },
};
