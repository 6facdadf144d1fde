/**
 * 走流程 rules as pure functions: channels and 堵点 categories, the measure state machine, overdue and the
 * campaign figures. No I/O.
 */
export const CHANNELS = ['window', 'online', 'mobile'] as const;
export type WalkChannel = (typeof CHANNELS)[number];
export const CHANNEL_LABELS: Record<WalkChannel, string> = { window: '窗口', online: '网上', mobile: '掌上' };

export const PROBLEM_CATEGORIES = ['materials', 'steps', 'system', 'time', 'service', 'other'] as const;
export type ProblemCategory = (typeof PROBLEM_CATEGORIES)[number];
export const PROBLEM_CATEGORY_LABELS: Record<ProblemCategory, string> = {
  materials: '材料繁多',
  steps: '环节冗余',
  system: '系统不通',
  time: '时限过长',
  service: '服务态度',
  other: '其他',
};

export const MEASURE_STATUSES = ['open', 'done'] as const;
export type MeasureStatus = (typeof MEASURE_STATUSES)[number];
export const MEASURE_STATUS_LABELS: Record<MeasureStatus, string> = { open: '整改中', done: '已整改' };

/** The measure's state machine: the statuses each action starts from. */
export const MEASURE_TRANSITIONS = { complete: ['open'], reopen: ['done'] } as const;
export type MeasureAction = keyof typeof MEASURE_TRANSITIONS;

/** Null when `action` may run on a measure in `status`, else the Chinese reason. */
export function checkMeasure(action: MeasureAction, status: string): string | null {
  return (MEASURE_TRANSITIONS[action] as readonly string[]).includes(status) ? null : `整改措施状态为“${MEASURE_STATUS_LABELS[status as MeasureStatus] ?? status}”，不能执行此操作`;
}

/** An open measure is overdue from the day after its due day. */
export function isOverdue(m: { status: string; dueOn: string }, today: string): boolean {
  return m.status === 'open' && m.dueOn < today;
}

export interface CampaignCounts {
  people: number;
  items: number;
  problems: number;
  measures: number;
  rectified: number;
}

/** People are counted once per name and department: a leader who walks ten items is one person. */
export function personKey(w: { walkerName: string; walkerDepartmentId: number | null }): string {
  return `${w.walkerDepartmentId ?? 0}|${w.walkerName.trim()}`;
}
