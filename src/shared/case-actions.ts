/**
 * The actions on a case (办件) and their Chinese names: one home for the server (timeline, progress lookup,
 * error messages) and the web app (the action panel), so the wording cannot drift apart.
 */

export const CASE_ACTIONS = [
  'request_correction',
  'supplement',
  'accept',
  'reject',
  'suspend',
  'resume',
  'extend',
  'approve',
  'deny',
  'complete',
  'withdraw',
  'forward',
  'record_reference',
  'review',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** What a timeline entry records: an action, the application itself, or a §32 deemed acceptance. */
export type CaseEventAction = CaseAction | 'submit' | 'deemed_accept';

export const CASE_ACTION_LABELS: Record<CaseEventAction, string> = {
  submit: '提交申请',
  deemed_accept: '逾期未答复，视为受理',
  request_correction: '一次性告知补正',
  supplement: '补齐补正材料',
  accept: '受理',
  reject: '不予受理',
  suspend: '中止（特别程序）',
  resume: '恢复办理',
  extend: '延长办理期限',
  approve: '准予许可',
  deny: '不予许可',
  complete: '办结送达',
  withdraw: '撤回申请',
  forward: '转递异地',
  record_reference: '登记对方受理号',
  review: '审查意见',
};

const LABELS = new Map<string, string>(Object.entries(CASE_ACTION_LABELS));

/** The label of a stored event's action (an unknown one shows as itself). */
export function caseActionLabel(action: string): string {
  return LABELS.get(action) ?? action;
}

/** 行政许可法 §45: only these procedures stop the clock, and the applicant is told in writing. */
export const SUSPEND_REASONS = ['听证', '招标', '拍卖', '检验', '检测', '检疫', '鉴定', '专家评审'] as const;
export type SuspendReason = (typeof SUSPEND_REASONS)[number];

/** How a result reaches the applicant (`complete`). */
export const DELIVERY_METHODS = ['窗口领取', '邮寄', '电子证照'] as const;
export type DeliveryMethod = (typeof DELIVERY_METHODS)[number];

/** How a 异地代收代办 application reaches the partner region (`forward`). */
export const FORWARD_METHODS = ['邮寄', '政务专网', '全国一体化平台', '专人送达'] as const;
export type ForwardMethod = (typeof FORWARD_METHODS)[number];
