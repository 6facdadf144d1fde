/**
 * The evaluations module's tables as Kysely sees them (evaluations.migrations.ts: 0400, 0401, 0402).
 * Instants are ISO text, days 'YYYY-MM-DD', flags 0/1, JSON as text. Code gets them through
 * `evaluationsTables(ctx.db)` (the kernel's `tablesOf`); the kernel's tables come with them.
 */
import type { Generated, Kysely, Selectable, Transaction } from 'kysely';
import { tablesOf, type KernelTables, type ModuleDb, type ModuleTx } from '../../kernel/kernel.tables';
import type { ReviewStatus, Satisfaction, StoredChannel, Verdict } from '../../shared/evaluations.types';

/** Window rating devices (评价器/平板): the key is shown once, only its hash is kept. */
export interface EvaluationsDevicesTable {
  id: Generated<number>;
  window_no: string;
  name: string;
  department_id: number | null;
  key_hash: string;
  key_hint: string;
  active: Generated<number>;
  created_at: string;
  last_seen_at: string | null;
}

/** One rating of a case on one channel (the system's default rating on channel 'system'). */
export interface EvaluationsEvaluationsTable {
  id: Generated<number>;
  case_id: number;
  case_no: string;
  channel: StoredChannel;
  level: number;
  is_default: Generated<number>;
  active: number;
  bad: number;
  comment: string | null;
  tags_json: string;
  indicators_json: string;
  /** The rated objects, fixed at rating time. */
  department_id: number;
  item_name: string;
  window_no: string | null;
  clerk_id: number | null;
  clerk_name: string | null;
  device_id: number | null;
  rater_user_id: number | null;
  /** The operator who keyed a hotline rating in on the citizen's behalf. */
  recorded_by: number | null;
  applicant_name: string;
  rated_at: string;
  rated_on: string;
  completed_on: string | null;
}

/** One bad-review loop per 差评; the columns are the pure state machine's ReviewState. */
export interface EvaluationsReviewsTable {
  id: Generated<number>;
  evaluation_id: number;
  case_no: string;
  department_id: number;
  window_no: string | null;
  clerk_id: number | null;
  level: number;
  status: ReviewStatus;
  verdict: Verdict | null;
  verdict_reason: string | null;
  rated_on: string;
  verify_due: string;
  verified_on: string | null;
  appeal_reason: string | null;
  appealed_on: string | null;
  appeal_due: string | null;
  appeal_outcome: 'upheld' | 'rejected' | null;
  appeal_decision_reason: string | null;
  appeal_decided_on: string | null;
  rectify_due: string | null;
  measures: string | null;
  rectified_on: string | null;
  callback_due: string | null;
  callback_attempts: Generated<number>;
  callback_reached: number | null;
  callback_satisfaction: Satisfaction | null;
  callback_note: string | null;
  called_back_on: string | null;
  closed_on: string | null;
  updated_at: string;
  row_version: Generated<number>;
}

/** Monthly ranking snapshots (红旗窗口 / 服务明星) as they were computed. */
export interface EvaluationsRankingsTable {
  id: Generated<number>;
  month: string;
  kind: 'window' | 'staff';
  subject_key: string;
  subject_name: string;
  department_id: number | null;
  rank: number;
  score: number;
  active: number;
  good: number;
  valid_bad: number;
  cards: number;
  candidate: number;
  weights_json: string;
  computed_at: string;
}

/** Day × department roll-up of the rating counts (evaluations.daily.ts). */
export interface EvaluationsDailyTable {
  day: string;
  department_id: number;
  total: number;
  active: number;
  active_good: number;
}

/** Month ('YYYY-MM') × department sums of evaluations_daily (its month layer, kernel/rollup). */
export interface EvaluationsMonthlyTable {
  month: string;
  department_id: number;
  total: number;
  active: number;
  active_good: number;
}

export type EvaluationsTables = {
  evaluations_devices: EvaluationsDevicesTable;
  evaluations_evaluations: EvaluationsEvaluationsTable;
  evaluations_reviews: EvaluationsReviewsTable;
  evaluations_rankings: EvaluationsRankingsTable;
  evaluations_daily: EvaluationsDailyTable;
  evaluations_monthly: EvaluationsMonthlyTable;
};

export type EvaluationsDb = ModuleDb<EvaluationsTables>;
export type EvaluationsTx = ModuleTx<EvaluationsTables>;

export type DeviceRow = Selectable<EvaluationsDevicesTable>;
export type EvaluationRow = Selectable<EvaluationsEvaluationsTable>;
export type ReviewRow = Selectable<EvaluationsReviewsTable>;
export type RankingRow = Selectable<EvaluationsRankingsTable>;

/**
 * The module's typed handle (`tablesOf`) on the app's database, or on a transaction the kernel hands in
 * (a daily roll-up computes inside its own).
 */
export const evaluationsTables = (db: Kysely<KernelTables> | Transaction<KernelTables>): EvaluationsDb => tablesOf<EvaluationsTables>(db);
