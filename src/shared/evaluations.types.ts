/**
 * Evaluation (好差评) API types and labels, shared by the server (evaluations module) and the web app.
 * Plain data only: no imports, so the web bundle can use them.
 */
export const CHANNELS = ['window_device', 'web', 'mobile', 'sms', 'hotline'] as const;
export type Channel = (typeof CHANNELS)[number];
/** The system's default evaluation is stored on its own channel so the unique index keeps it single. */
export type StoredChannel = Channel | 'system';

export const REVIEW_STATUSES = ['verifying', 'appealed', 'rectifying', 'callback', 'closed'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export const REVIEW_STATUS_LABELS: Record<ReviewStatus, string> = {
  verifying: '待核实',
  appealed: '申诉复核中',
  rectifying: '整改中',
  callback: '待回访',
  closed: '已办结',
};

export const REVIEW_ACTIONS = ['verify', 'appeal', 'decide_appeal', 'rectify', 'callback'] as const;
export type ReviewAction = (typeof REVIEW_ACTIONS)[number];

export type Verdict = 'valid' | 'invalid';
export type Satisfaction = 'satisfied' | 'basic' | 'unsatisfied';

/** Which step a deadline belongs to (one supervision rule each). */
export type LoopStep = 'verify' | 'appeal' | 'rectify' | 'callback';

export interface ReviewState {
  status: ReviewStatus;
  verdict: Verdict | null;
  verdictReason: string | null;
  ratedOn: string;
  verifyDue: string;
  verifiedOn: string | null;
  appealReason: string | null;
  appealedOn: string | null;
  appealDue: string | null;
  appealOutcome: 'upheld' | 'rejected' | null;
  appealDecisionReason: string | null;
  appealDecidedOn: string | null;
  rectifyDue: string | null;
  measures: string | null;
  rectifiedOn: string | null;
  callbackDue: string | null;
  callbackAttempts: number;
  callbackReached: boolean | null;
  callbackSatisfaction: Satisfaction | null;
  callbackNote: string | null;
  calledBackOn: string | null;
  closedOn: string | null;
}

/** What POST /evaluations takes. */
export interface RateInput {
  caseNo: string;
  level: number;
  channel: Channel;
  comment?: string;
  tags?: string[];
  indicators?: Record<string, number>;
}

export interface EvaluationView {
  id: number;
  caseNo: string;
  itemName: string;
  channel: StoredChannel;
  channelLabel: string;
  level: number;
  levelLabel: string;
  isDefault: boolean;
  active: boolean;
  bad: boolean;
  comment: string | null;
  tags: string[];
  indicators: Record<string, number>;
  departmentId: number;
  departmentName: string | null;
  windowNo: string | null;
  clerkId: number | null;
  clerkName: string | null;
  applicantName: string;
  ratedAt: string;
  ratedOn: string;
  reviewId: number | null;
}

export interface ReviewView {
  id: number;
  evaluationId: number;
  caseNo: string;
  itemName: string;
  level: number;
  levelLabel: string;
  channelLabel: string;
  comment: string | null;
  tags: string[];
  departmentId: number;
  departmentName: string | null;
  windowNo: string | null;
  clerkId: number | null;
  clerkName: string | null;
  applicantName: string;
  status: ReviewStatus;
  statusLabel: string;
  state: ReviewState;
  currentStep: { step: LoopStep; due: string; overdue: boolean; workdaysLeft: number } | null;
  lateSteps: LoopStep[];
  allowedActions: ReviewAction[];
}
