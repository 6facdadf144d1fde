import { sql, type Kysely, type Migration } from 'kysely';
import { dialectOf, idColumn } from './db/db';
import { searchMigrations } from './search/search.migrations';
import { partitionByYear } from './db/partitions';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

async function appendOnlyGuards(db: AnyDb, table: string) {
  if (dialectOf(db) === 'postgres') {
    await sql
      .raw(
        `create or replace function ${table}_append_only() returns trigger language plpgsql as $$
         begin raise exception '${table} is append-only'; end $$;
         create trigger ${table}_no_update before update or delete on ${table}
         for each row execute function ${table}_append_only();`,
      )
      .execute(db);
  } else {
    await sql.raw(`create trigger ${table}_no_update before update on ${table} begin select raise(abort, '${table} is append-only'); end;`).execute(db);
    await sql.raw(`create trigger ${table}_no_delete before delete on ${table} begin select raise(abort, '${table} is append-only'); end;`).execute(db);
  }
}

export const kernelMigrations: Record<string, Migration> = {
  '0001_kernel_base': {
    async up(db: AnyDb) {
      const id = idColumn(db);
      await db.schema
        .createTable('kernel_departments')
        .addColumn('id', 'integer', id)
        .addColumn('code', 'varchar(40)', (c) => c.notNull().unique())
        .addColumn('name', 'varchar(100)', (c) => c.notNull())
        .addColumn('short_name', 'varchar(40)')
        // bureau | department | township | village | unit (hotline member unit)
        .addColumn('kind', 'varchar(20)', (c) => c.notNull())
        .addColumn('parent_id', 'integer', (c) => c.references('kernel_departments.id'))
        .addColumn('region_code', 'varchar(12)')
        .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('hotline_unit', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();
      await db.schema.createIndex('kernel_departments_parent').on('kernel_departments').column('parent_id').execute();

      await db.schema
        .createTable('kernel_users')
        .addColumn('id', 'integer', id)
        .addColumn('username', 'varchar(64)', (c) => c.notNull().unique())
        .addColumn('name', 'varchar(64)', (c) => c.notNull())
        .addColumn('password_hash', 'varchar(255)', (c) => c.notNull())
        .addColumn('roles', 'varchar(255)', (c) => c.notNull())
        .addColumn('department_id', 'integer', (c) => c.references('kernel_departments.id'))
        .addColumn('id_number', 'varchar(18)')
        .addColumn('phone', 'varchar(20)')
        .addColumn('window_no', 'varchar(20)')
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('password_changed_at', 'varchar(32)', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('kernel_sessions')
        .addColumn('id', 'integer', id)
        .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
        .addColumn('user_id', 'integer', (c) => c.notNull().references('kernel_users.id'))
        .addColumn('csrf_token', 'varchar(64)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('revoked_at', 'varchar(32)')
        .addColumn('ip', 'varchar(64)')
        .execute();
      await db.schema.createIndex('kernel_sessions_user').on('kernel_sessions').column('user_id').execute();

      await db.schema
        .createTable('kernel_audit_log')
        .addColumn('seq', 'integer', (c) => c.primaryKey())
        .addColumn('at', 'varchar(32)', (c) => c.notNull())
        .addColumn('actor_id', 'integer')
        .addColumn('actor_name', 'varchar(64)')
        .addColumn('ip', 'varchar(64)')
        .addColumn('action', 'varchar(80)', (c) => c.notNull())
        .addColumn('subject_type', 'varchar(40)', (c) => c.notNull())
        .addColumn('subject_id', 'varchar(80)', (c) => c.notNull())
        .addColumn('before_json', 'text')
        .addColumn('after_json', 'text')
        .addColumn('prev_hash', 'varchar(64)', (c) => c.notNull())
        .addColumn('hash', 'varchar(64)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('kernel_audit_subject').on('kernel_audit_log').columns(['subject_type', 'subject_id']).execute();
      await appendOnlyGuards(db, 'kernel_audit_log');
      await db.schema
        .createTable('kernel_audit_head')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('hash', 'varchar(64)', (c) => c.notNull())
        .execute();
      await db.insertInto('kernel_audit_head').values({ id: 1, seq: 0, hash: '0'.repeat(64) }).execute();

      await db.schema
        .createTable('kernel_outbox')
        .addColumn('id', 'integer', id)
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('channel', 'varchar(20)', (c) => c.notNull())
        .addColumn('recipient', 'varchar(120)', (c) => c.notNull())
        .addColumn('template', 'varchar(60)', (c) => c.notNull())
        .addColumn('payload_json', 'text', (c) => c.notNull())
        .addColumn('dedupe_key', 'varchar(160)', (c) => c.unique())
        .addColumn('status', 'varchar(12)', (c) => c.notNull().defaultTo('pending'))
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('last_error', 'varchar(500)')
        .addColumn('sent_at', 'varchar(32)')
        .addColumn('claimed_until', 'varchar(32)')
        .execute();
      await db.schema.createIndex('kernel_outbox_pending').on('kernel_outbox').columns(['status', 'id']).execute();

      await db.schema
        .createTable('kernel_calendar_days')
        .addColumn('date', 'varchar(10)', (c) => c.primaryKey())
        .addColumn('kind', 'varchar(20)', (c) => c.notNull())
        .addColumn('name', 'varchar(40)')
        .addColumn('source', 'varchar(20)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('kernel_calendar_years')
        .addColumn('year', 'integer', (c) => c.primaryKey())
        .addColumn('source', 'varchar(20)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('kernel_sequences')
        .addColumn('name', 'varchar(80)', (c) => c.primaryKey())
        .addColumn('value', 'integer', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('kernel_idempotency')
        .addColumn('key', 'varchar(200)', (c) => c.primaryKey())
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('status_code', 'integer', (c) => c.notNull())
        .addColumn('body_json', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('kernel_job_leases')
        .addColumn('name', 'varchar(80)', (c) => c.primaryKey())
        .addColumn('holder', 'varchar(80)', (c) => c.notNull())
        .addColumn('until', 'varchar(32)', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('kernel_settings')
        .addColumn('key', 'varchar(80)', (c) => c.primaryKey())
        .addColumn('value_json', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .execute();
    },
  },
  // The reusable Chinese search index (kernel/search): catalogue items, hotline knowledge entries.
  ...searchMigrations,
  // Rate-limit windows shared by the instances on one PostgreSQL (kernel/http/rate-limit.ts); times in ms.
  '0003_kernel_rate_limits': {
    async up(db: AnyDb) {
      await db.schema
        .createTable('kernel_rate_limits')
        .addColumn('key', 'varchar(300)', (c) => c.primaryKey())
        .addColumn('window_start', 'bigint', (c) => c.notNull())
        .addColumn('window_end', 'bigint', (c) => c.notNull())
        .addColumn('count', 'integer', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('kernel_rate_limits_end').on('kernel_rate_limits').column('window_end').execute();
    },
  },
  /**
   * Per-region audit chains (docs/scaling.md): the rows already written stay one legacy chain, closed by
   * the old head row (kernel_audit_head), verifiable as before; new rows carry their region chain and
   * position, with one head row per region. On PostgreSQL the table-wide seq now comes from a sequence,
   * which hands out numbers without a lock held until commit.
   */
  '0004_kernel_audit_chains': {
    async up(db: AnyDb) {
      await db.schema.alterTable('kernel_audit_log').addColumn('chain', 'varchar(12)').execute();
      await db.schema.alterTable('kernel_audit_log').addColumn('chain_seq', 'integer').execute();
      await db.schema.createIndex('kernel_audit_chain_seq').on('kernel_audit_log').columns(['chain', 'chain_seq']).unique().execute();
      await db.schema
        .createTable('kernel_audit_chains')
        .addColumn('chain', 'varchar(12)', (c) => c.primaryKey())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('hash', 'varchar(64)', (c) => c.notNull())
        .execute();
      // SQLite: seq is `integer primary key`, the rowid, numbered max + 1 on insert.
      if (dialectOf(db) === 'postgres') {
        await sql.raw(`create sequence kernel_audit_log_seq owned by kernel_audit_log.seq`).execute(db);
        await sql.raw(`select setval('kernel_audit_log_seq', coalesce((select max(seq) from kernel_audit_log), 0) + 1, false)`).execute(db);
        await sql.raw(`alter table kernel_audit_log alter column seq set default nextval('kernel_audit_log_seq')`).execute(db);
      }
    },
  },
  /**
   * PostgreSQL: the audit log partitioned by the year of its instant (docs/scaling.md, "Partitions"); the
   * rows, their seq and hashes are moved unchanged, so every chain verifies as before. The unique position
   * (chain, chain_seq) gains the partition key, as PostgreSQL requires; one position per chain is still
   * guaranteed by the chain's head row, locked and advanced by every append. A no-op on SQLite.
   */
  '0005_kernel_audit_partitions': {
    async up(db: AnyDb) {
      await partitionByYear(db, { table: 'kernel_audit_log', column: 'at' });
    },
  },
};
