/**
 * Supervision's tables as Kysely sees them (supervision.migrations.ts). Instants are ISO text ('…Z'), days
 * 'YYYY-MM-DD', flags 0/1, JSON as text.
 */
import type { Generated } from 'kysely';
import type { CardColor, CardStatus } from '../../shared/supervision.types';

/** A yellow or red card: at most one per (subject_type, subject_id, rule) (unique index). */
export interface SupervisionCardsTable {
  id: Generated<number>;
  subject_type: string;
  subject_id: string;
  subject_label: string | null;
  rule: string;
  color: CardColor;
  department_id: number | null;
  issued_at: string;
  issued_on: string;
  due_at: string | null;
  detail_json: string;
  status: CardStatus;
  acknowledged_at: string | null;
  acknowledged_by: number | null;
  acknowledged_by_name: string | null;
  explanation: string | null;
  /** 1 once the subject is closed: the sweep stops watching the card. */
  subject_closed: Generated<number>;
}

/** The daily roll-up of the case KPI counts, one row per day × department (kernel/rollup). */
export interface SupervisionCaseDailyTable {
  day: string;
  department_id: number;
  received: number;
  completed: number;
  completed_on_time: number;
  with_legal: number;
  legal_sum: number;
  used_sum: number;
  accepted: number;
  accepted_closed: number;
}

/** Month ('YYYY-MM') × department sums of supervision_case_daily (its month layer, kernel/rollup). */
export type SupervisionCaseMonthlyTable = Omit<SupervisionCaseDailyTable, 'day'> & { month: string };

export type SupervisionTables = {
  supervision_cards: SupervisionCardsTable;
  supervision_case_daily: SupervisionCaseDailyTable;
  supervision_case_monthly: SupervisionCaseMonthlyTable;
};
