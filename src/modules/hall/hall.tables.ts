/**
 * The service hall's tables (hall.migrations.ts: 0900_hall_base, 0910_hall_regions). Instants are ISO text, days
 * 'YYYY-MM-DD', flags 0/1. Code gets its handle with `tablesOf<HallTables>(ctx.db)` (hallTables below).
 */
import type { Generated, Selectable } from 'kysely';
import { tablesOf, type ModuleDb, type ModuleTx } from '../../kernel/kernel.tables';
import type { Kysely } from 'kysely';
import type { KernelTables } from '../../kernel/kernel.tables';

/** A business category of the queue (业务类别): its letter prefixes the ticket numbers (A001 …). */
export interface HallCategoriesTable {
  code: string;
  name: string;
  active: Generated<number>;
  /** Appointments per half-hour slot (0: the category takes no appointments). */
  slot_capacity: number;
  sort: number;
}

/** A window of the hall (窗口), keyed by its number; the categories it calls (JSON array of codes). */
export interface HallWindowsTable {
  window_no: string;
  name: string;
  categories_json: string;
  /** closed | open | paused */
  status: string;
  /** The ticket called or in service at the window (null: idle). */
  current_ticket_id: number | null;
  updated_at: string;
  /** The county hall of the window ('' = the installation's; hall 0910, `storedRegion`): it calls that hall's tickets. */
  region: Generated<string>;
}

export interface HallTicketsTable {
  id: Generated<number>;
  /** The county hall whose kiosk issued it ('' = the installation's; hall 0910): part of the ticket's key. */
  region: Generated<string>;
  day: string;
  category_code: string;
  number: number;
  ticket_no: string;
  /** waiting | called | serving | done | skipped */
  status: string;
  /** 1: 绿色通道 or a checked-in appointment (called first). */
  priority: number;
  /** elderly | disabled | pregnant | military | other (绿色通道 groups), or null. */
  priority_group: string | null;
  appointment_id: number | null;
  /** A transfer (转窗) sends the ticket to one window. */
  target_window_no: string | null;
  window_no: string | null;
  taken_at: string;
  called_at: string | null;
  call_count: Generated<number>;
  serving_at: string | null;
  finished_at: string | null;
  served_by: number | null;
  case_no: string | null;
  /** Whole minutes from taking the ticket to the first call (kept for statistics). */
  wait_minutes: number | null;
  service_minutes: number | null;
}

export interface HallAppointmentsTable {
  id: Generated<number>;
  appointment_no: string;
  category_code: string;
  day: string;
  /** 'HH:MM' start of a half-hour slot. */
  slot: string;
  name: string;
  phone: string;
  user_id: number | null;
  /** booked | checked_in | no_show | cancelled */
  status: string;
  ticket_id: number | null;
  created_at: string;
  checked_in_at: string | null;
  /** The county hall booked ('' = the installation's own county, hall 0911). */
  region: Generated<string>;
}

/** 帮代办 / 上门办 for a special-group citizen. */
export interface HallHelpRequestsTable {
  id: Generated<number>;
  request_no: string;
  /** help (帮代办) | visit (上门办) */
  kind: string;
  group_code: string;
  citizen_name: string;
  phone: string;
  address: string;
  item_name: string;
  note: string | null;
  /** requested | assigned | scheduled | done | cancelled */
  status: string;
  assignee_id: number | null;
  scheduled_on: string | null;
  done_on: string | null;
  case_no: string | null;
  result: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export type HallTables = {
  hall_categories: HallCategoriesTable;
  hall_windows: HallWindowsTable;
  hall_tickets: HallTicketsTable;
  hall_appointments: HallAppointmentsTable;
  hall_help_requests: HallHelpRequestsTable;
};

export type HallDb = ModuleDb<HallTables>;
export type HallTx = ModuleTx<HallTables>;
export type HallDbOrTx = HallDb | HallTx;
export type TicketRow = Selectable<HallTicketsTable>;
export type WindowRow = Selectable<HallWindowsTable>;
export type AppointmentRow = Selectable<HallAppointmentsTable>;
export type HelpRow = Selectable<HallHelpRequestsTable>;

export const hallTables = (db: Kysely<KernelTables>): HallDb => tablesOf<HallTables>(db);
