/** Supervision (电子监察) API types, shared by the server (supervision module) and the web app. Plain data only. */
export type CardColor = 'yellow' | 'red';
export const CARD_COLORS: readonly CardColor[] = ['yellow', 'red'];
export const CARD_STATUSES = ['open', 'acknowledged'] as const;
export type CardStatus = (typeof CARD_STATUSES)[number];

/** A yellow or red card as GET /supervision/cards answers it. */
export interface Card {
  id: number;
  color: CardColor;
  rule: string;
  ruleLabel: string;
  subjectType: string;
  subjectId: string;
  subjectLabel: string | null;
  departmentId: number | null;
  departmentName: string | null;
  issuedAt: string;
  issuedOn: string;
  dueAt: string | null;
  status: CardStatus;
  detail: Record<string, unknown>;
  acknowledgedAt: string | null;
  acknowledgedByName: string | null;
  explanation: string | null;
}

/** What a source proposes; the sweep turns it into at most one card per (subjectType, subjectId, rule). */
export interface CardCandidate {
  subjectType: string;
  subjectId: string;
  /** Human-readable reference shown in lists (case number, order number …). */
  subjectLabel?: string;
  rule: string;
  color: CardColor;
  departmentId: number | null;
  detail: Record<string, unknown>;
  /** The date or instant the subject was due (for display and sorting). */
  dueAt?: string | null;
}
