/**
 * The hotline's tables as Kysely sees them (hotline.migrations.ts: 0500 base, 0501 KPI indexes, 0502 daily
 * roll-ups, … 0540 regions, 0546 order partitions). The code of the module queries them through `tablesOf<HotlineTables>(ctx.db)` only.
 * Conventions: instants are ISO text ('…Z'), days 'YYYY-MM-DD', flags 0/1, JSON as text; a column the
 * code only ever writes from a closed list (status, category …) is typed with that list.
 */
import type { Generated, Selectable } from 'kysely';
import type { Db, DbOrTx } from '../../kernel/db/db';
import { tablesOf, type ModuleDb, type ModuleTx } from '../../kernel/kernel.tables';
import type { Category, Channel } from './hotline.config';
import type { CallbackResult, OrderStatus } from './hotline.rules';

export type Urgency = 'normal' | 'urgent';
/** npc = 人大代表, cppcc = 政协委员. */
export type DeputyKind = 'npc' | 'cppcc';
export type KbStatus = 'draft' | 'published' | 'retired';
export type ExtensionStatus = 'pending' | 'approved' | 'rejected';

export interface HotlineOrdersTable {
  id: Generated<number>;
  order_no: string;
  channel: Channel;
  line: Generated<string>;
  category: Category;
  urgency: Urgency;
  title: string;
  content: string;
  address: string | null;
  lat: number | null;
  lng: number | null;
  citizen_name: string | null;
  citizen_phone: string | null;
  citizen_email: string | null;
  citizen_user_id: number | null;
  deputy: DeputyKind | null;
  deputy_name: string | null;
  case_no: string | null;
  status: OrderStatus;
  unit_id: number | null;
  dispatch_count: Generated<number>;
  return_count: Generated<number>;
  dispatched_at: string | null;
  signed_at: string | null;
  replied_at: string | null;
  reply_content: string | null;
  /** 办理结果类型 of the last reply (src/shared/hotline-reply.ts); null for replies before it was asked. */
  reply_result?: string | null;
  /** The record of contacting the caller with the last reply (ReplyContact as JSON). */
  reply_contact_json?: string | null;
  answer_content: string | null;
  kb_entry_id: number | null;
  sign_due_at: string | null;
  finish_due_at: string | null;
  extension_pending: Generated<number>;
  supervised: Generated<number>;
  callback_attempts: Generated<number>;
  satisfaction: CallbackResult | null;
  finished_at: string | null;
  /** 1 when the last reply came by the finish deadline in force; null until replied (or answered). */
  on_time: number | null;
  media_url: string | null;
  external_account_id: string | null;
  /** The county (行政区划代码) the order was numbered and is audited in; null: the installation's (before 0540). */
  region?: string | null;
  created_by: number | null;
  created_at: string;
  /**
   * The Shanghai day of created_at, the day order_no embeds: the partition key on PostgreSQL (0546), written
   * with the order and never changed; its children carry it as `order_created_on`.
   */
  created_on: string;
  updated_at: string;
}

/** The order's timeline: one row per action (type = the action, or `created`, `auto_supervise`). */
export interface HotlineEventsTable {
  id: Generated<number>;
  order_id: number;
  /** Its order's created_on (0546): part of the foreign key to the partitioned hotline_orders. */
  order_created_on: string;
  at: string;
  type: string;
  actor_id: number | null;
  actor_name: string | null;
  from_status: OrderStatus | null;
  to_status: OrderStatus | null;
  unit_id: number | null;
  data_json: string | null;
}

export interface HotlineExtensionsTable {
  id: Generated<number>;
  order_id: number;
  /** Its order's created_on (0546): part of the foreign key to the partitioned hotline_orders. */
  order_created_on: string;
  unit_id: number | null;
  days: number;
  reason: string;
  status: ExtensionStatus;
  requested_at: string;
  requested_by: number | null;
  decided_at: string | null;
  decided_by: number | null;
  decision_note: string | null;
  old_due_at: string | null;
  new_due_at: string | null;
}

/** 督办 letters: from a leader, or automatic (auto = 1) after the N-th return. */
export interface HotlineSupervisionsTable {
  id: Generated<number>;
  order_id: number;
  /** Its order's created_on (0546): part of the foreign key to the partitioned hotline_orders. */
  order_created_on: string;
  unit_id: number | null;
  auto: Generated<number>;
  content: string;
  issued_at: string;
  issued_by: number | null;
  issued_by_name: string | null;
  due_at: string;
  answered_at: string | null;
}

export interface HotlineCallbacksTable {
  id: Generated<number>;
  order_id: number;
  /** Its order's created_on (0546): part of the foreign key to the partitioned hotline_orders. */
  order_created_on: string;
  unit_id: number | null;
  at: string;
  operator_id: number | null;
  reached: number;
  result: CallbackResult | null;
  note: string | null;
}

export interface HotlineCallsTable {
  id: Generated<number>;
  external_id: string | null;
  started_at: string;
  answered: number;
  wait_seconds: number;
  duration_seconds: number | null;
  caller_phone: string | null;
  line: Generated<string>;
  operator_id: number | null;
  order_id: number | null;
  created_at: string;
}

export interface HotlineKbTable {
  id: Generated<number>;
  department_id: number;
  title: string;
  content: string;
  /** Comma-separated. */
  keywords: Generated<string>;
  status: KbStatus;
  expires_on: string | null;
  usage_count: Generated<number>;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  published_by: number | null;
  published_at: string | null;
}

/** 市长信箱 letters: each is a work order of channel `mailbox`, followed by its query code. */
export interface HotlineLettersTable {
  id: Generated<number>;
  query_code: string;
  order_id: number;
  /** Its order's created_on (0546): part of the foreign key to the partitioned hotline_orders. */
  order_created_on: string;
  title: string;
  publish_consent: number;
  created_at: string;
}

/** Merged hotlines (专线) and the units that answer them. */
export interface HotlineLinesTable {
  code: string;
  name: string;
  description: string | null;
  /** JSON array of department ids. */
  unit_ids_json: string;
  active: Generated<number>;
  /** The day the line came into force; null: before the records (0530). */
  since?: string | null;
  /** The county whose orders come in on this line; null: the installation's (0540). */
  region?: string | null;
}

export interface HotlineExpertSeatsTable {
  id: Generated<number>;
  department_id: number;
  name: string;
  topics: Generated<string>;
  extension: string | null;
  active: Generated<number>;
  /** The day the seat came into force; null: before the records (0530). */
  since?: string | null;
}

export interface HotlineOpen311KeysTable {
  id: Generated<number>;
  /** SHA-256 of the key: the key itself is never stored. */
  key_hash: string;
  name: string;
  active: Generated<number>;
  created_at: string;
}

export interface HotlineOpen311TokensTable {
  token: string;
  order_id: number;
  /** Its order's created_on (0546): part of the foreign key to the partitioned hotline_orders. */
  order_created_on: string;
  created_at: string;
}

/** Calls per Shanghai day (the centre's, no unit). */
export interface HotlineCallsDailyTable {
  day: string;
  offered: number;
  answered: number;
  answered_within: number;
}

/**
 * Orders and callbacks per Shanghai day × unit × county (unit_id null: orders no unit holds; region null:
 * orders from before 0540, the installation's county).
 */
export interface HotlineOrdersDailyTable {
  day: string;
  unit_id: number | null;
  region: string | null;
  received: number;
  answered_directly: number;
  finished: number;
  finished_on_time: number;
  finished_with_callback: number;
  callbacks_rated: number;
  callbacks_satisfied: number;
}

/** The month layer of hotline_calls_daily: per month ('YYYY-MM'), the Σ of its day rows. */
export interface HotlineCallsMonthlyTable {
  month: string;
  offered: number;
  answered: number;
  answered_within: number;
}

/** The month layer of hotline_orders_daily: per month × unit × county, the Σ of its day rows. */
export interface HotlineOrdersMonthlyTable {
  month: string;
  unit_id: number | null;
  region: string | null;
  received: number;
  answered_directly: number;
  finished: number;
  finished_on_time: number;
  finished_with_callback: number;
  callbacks_rated: number;
  callbacks_satisfied: number;
}

/** Files a member unit attached to its reply (photos of the repair, a written answer …), typed by content. */
export interface HotlineReplyFilesTable {
  id: Generated<number>;
  order_id: number;
  /** Its order's created_on (0546): part of the foreign key to the partitioned hotline_orders. */
  order_created_on: string;
  /** The reply they came with (replied_at of the order at that reply). */
  replied_at: string;
  file_name: string;
  mime: string;
  size_bytes: number;
  sha256: string;
  content: Uint8Array;
  uploaded_by: number | null;
}

export type HotlineTables = {
  hotline_reply_files: HotlineReplyFilesTable;
  hotline_orders: HotlineOrdersTable;
  hotline_events: HotlineEventsTable;
  hotline_extensions: HotlineExtensionsTable;
  hotline_supervisions: HotlineSupervisionsTable;
  hotline_callbacks: HotlineCallbacksTable;
  hotline_calls: HotlineCallsTable;
  hotline_kb: HotlineKbTable;
  hotline_letters: HotlineLettersTable;
  hotline_lines: HotlineLinesTable;
  hotline_expert_seats: HotlineExpertSeatsTable;
  hotline_open311_keys: HotlineOpen311KeysTable;
  hotline_open311_tokens: HotlineOpen311TokensTable;
  hotline_calls_daily: HotlineCallsDailyTable;
  hotline_orders_daily: HotlineOrdersDailyTable;
  hotline_calls_monthly: HotlineCallsMonthlyTable;
  hotline_orders_monthly: HotlineOrdersMonthlyTable;
};

export type HotlineDb = ModuleDb<HotlineTables>;
export type HotlineTx = ModuleTx<HotlineTables>;
export type HotlineDbOrTx = HotlineDb | HotlineTx;

/**
 * The hotline's handle on the app's database, or on a transaction the kernel hands over (e.g. to a
 * roll-up's `compute`), which stays a transaction at run time.
 */
export function hotlineTables(db: DbOrTx): HotlineDb {
  const kernelDb: Db = db;
  return tablesOf<HotlineTables>(kernelDb);
}

export type OrderRow = Selectable<HotlineOrdersTable>;
export type CallRecordRow = Selectable<HotlineCallsTable>;
export type KbRow = Selectable<HotlineKbTable>;
