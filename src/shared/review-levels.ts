/**
 * 分级审查 (issue 21 item 11): the levels a case passes before its decision, configured per catalogue item.
 * An item without a configuration is decided in one step (the reviewer's 准予许可 / 不予许可). With levels,
 * each level is passed in order by a different account with its 审查意见; the last level's 准予许可 is the
 * decision (签发).
 */
export const REVIEW_LEVELS = ['承办', '审核', '签发'] as const;
export type ReviewLevel = (typeof REVIEW_LEVELS)[number];

/** One level passed on a case: who, when and the opinion recorded in the timeline. */
export interface ReviewPass {
  level: string;
  actorName: string | null;
  opinion: string;
  date: string;
}

/** Where a case stands in its review levels (CaseView.review). */
export interface CaseReviewState {
  /** The item's configured levels, in order; one level = single-step decision. */
  levels: string[];
  passed: ReviewPass[];
  /** The level that acts next (the last one decides), or null once decided. */
  next: string | null;
  /** Whether the next level is the deciding one (准予许可 rather than 提交审查意见). */
  nextDecides: boolean;
}

/** Who may pass each level: account ids per level name; a level without a list is open to the department's reviewers. */
export type LevelAccounts = Record<string, number[]>;

/** GET/PUT /review-levels/:itemCode: the levels, the accounts named per level, and the accounts to pick from. */
export interface ItemReviewLevels {
  itemCode: string;
  itemName: string;
  levels: string[];
  accounts: LevelAccounts;
  /** The reviewers of the item's department (who a level may be given to). */
  candidates: Array<{ id: number; name: string }>;
  updatedAt: string | null;
  updatedByName: string | null;
}
