/**
 * The kernel's tables as Kysely sees them (kernel.migrations.ts, search/search.migrations.ts). A module's
 * code reads them only through kernel functions; the types let kernel code query without casts.
 * Conventions of every table: instants are ISO text ('…Z'), days 'YYYY-MM-DD', booleans 0/1, JSON as text.
 */
import type { Generated, Kysely, Transaction } from 'kysely';

export interface KernelDepartmentsTable {
  id: Generated<number>;
  code: string;
  name: string;
  short_name: string | null;
  kind: string;
  parent_id: number | null;
  region_code: string | null;
  sort: Generated<number>;
  hotline_unit: Generated<number>;
  active: Generated<number>;
}

export interface KernelUsersTable {
  id: Generated<number>;
  username: string;
  name: string;
  password_hash: string;
  /** Comma-separated roles. */
  roles: string;
  department_id: number | null;
  id_number: string | null;
  phone: string | null;
  window_no: string | null;
  active: Generated<number>;
  is_demo: Generated<number>;
  created_at: string;
  password_changed_at: string;
}

export interface KernelSessionsTable {
  id: Generated<number>;
  token_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
  ip: string | null;
}

export interface KernelAuditLogTable {
  /** Table-wide order of all chains' rows (assigned at insert); the legacy chain's position in it. */
  seq: Generated<number>;
  /** The region chain (county code); null for the legacy single chain written before 0004. */
  chain: string | null;
  /** Position in its region chain, from 1; null in the legacy chain. */
  chain_seq: number | null;
  at: string;
  actor_id: number | null;
  actor_name: string | null;
  ip: string | null;
  action: string;
  subject_type: string;
  subject_id: string;
  before_json: string | null;
  after_json: string | null;
  prev_hash: string;
  hash: string;
}

export interface KernelAuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

/** One head per region chain (0004_kernel_audit_chains): the last row's chain_seq and hash. */
export interface KernelAuditChainsTable {
  chain: string;
  seq: number;
  hash: string;
}

export interface KernelOutboxTable {
  id: Generated<number>;
  created_at: string;
  channel: string;
  recipient: string;
  template: string;
  payload_json: string;
  dedupe_key: string | null;
  status: Generated<string>;
  attempts: Generated<number>;
  last_error: string | null;
  sent_at: string | null;
  claimed_until: string | null;
}

export interface KernelCalendarDaysTable {
  date: string;
  kind: string;
  name: string | null;
  source: string;
  updated_at: string;
}

export interface KernelCalendarYearsTable {
  year: number;
  source: string;
  updated_at: string;
}

export interface KernelSequencesTable {
  name: string;
  value: number;
}

export interface KernelIdempotencyTable {
  key: string;
  created_at: string;
  status_code: number;
  body_json: string;
}

export interface KernelJobLeasesTable {
  name: string;
  holder: string;
  until: string;
}

export interface KernelSettingsTable {
  key: string;
  value_json: string;
  updated_at: string;
}

export interface KernelRateLimitsTable {
  key: string;
  window_start: number;
  window_end: number;
  count: number;
}

export interface KernelSearchDocsTable {
  doc_type: string;
  doc_id: string;
  title: string;
}

export interface KernelSearchTermsTable {
  doc_type: string;
  doc_id: string;
  term: string;
  field: string;
  weight: number;
}

export interface KernelSearchSynonymsTable {
  id: Generated<number>;
  scope: string;
  term: string;
  synonym: string;
}

export interface KernelTables {
  kernel_departments: KernelDepartmentsTable;
  kernel_users: KernelUsersTable;
  kernel_sessions: KernelSessionsTable;
  kernel_audit_log: KernelAuditLogTable;
  kernel_audit_head: KernelAuditHeadTable;
  kernel_audit_chains: KernelAuditChainsTable;
  kernel_outbox: KernelOutboxTable;
  kernel_calendar_days: KernelCalendarDaysTable;
  kernel_calendar_years: KernelCalendarYearsTable;
  kernel_sequences: KernelSequencesTable;
  kernel_idempotency: KernelIdempotencyTable;
  kernel_job_leases: KernelJobLeasesTable;
  kernel_settings: KernelSettingsTable;
  kernel_rate_limits: KernelRateLimitsTable;
  kernel_search_docs: KernelSearchDocsTable;
  kernel_search_terms: KernelSearchTermsTable;
  kernel_search_synonyms: KernelSearchSynonymsTable;
}

/** A module's typed database: the kernel's tables and its own (`<module>.tables.ts`), nothing else. */
export type ModuleDb<T> = Kysely<KernelTables & T>;
export type ModuleTx<T> = Transaction<KernelTables & T>;

/**
 * Narrows the app's database to the kernel's tables and a module's own: the only way a module gets a typed
 * handle, so a query on another module's table does not compile.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's own constraint on table maps
export function tablesOf<T extends Record<string, Record<string, any>>>(db: Kysely<KernelTables>): ModuleDb<T> {
  return db.withTables<T>();
}
