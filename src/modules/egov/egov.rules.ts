/**
 * The vocabularies and checks of the 电子政务外网 register, its security incidents and the training
 * sessions — pure, table-tested (egov.rules.test.ts).
 */
export const CONNECTION_STATUSES = ['connected', 'suspended'] as const;
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number];
export const CONNECTION_STATUS_LABELS: Record<ConnectionStatus, string> = { connected: '已接入', suspended: '暂停（线路故障、迁移或检修）' };

/** Incident categories after GB/Z 20986《信息安全事件分类分级指南》, the kinds a county extranet meets. */
export const INCIDENT_CATEGORIES = ['malware', 'attack', 'vulnerability', 'data_leak', 'outage', 'other'] as const;
export type IncidentCategory = (typeof INCIDENT_CATEGORIES)[number];
export const INCIDENT_CATEGORY_LABELS: Record<IncidentCategory, string> = {
  malware: '有害程序（病毒、木马、勒索）',
  attack: '网络攻击（扫描、入侵、拒绝服务）',
  vulnerability: '漏洞与配置隐患',
  data_leak: '信息泄露',
  outage: '设备设施故障',
  other: '其他',
};

export const INCIDENT_SEVERITIES = ['minor', 'major', 'severe'] as const;
export type IncidentSeverity = (typeof INCIDENT_SEVERITIES)[number];
export const INCIDENT_SEVERITY_LABELS: Record<IncidentSeverity, string> = { minor: '一般', major: '较大', severe: '重大' };

export const TRAINING_AUDIENCES = ['township_center', 'village', 'window', 'department', 'hotline'] as const;
export type TrainingAudience = (typeof TRAINING_AUDIENCES)[number];
export const TRAINING_AUDIENCE_LABELS: Record<TrainingAudience, string> = {
  township_center: '乡镇（街道）政务服务中心',
  village: '村（社区）便民服务站',
  window: '大厅窗口人员',
  department: '部门审批人员',
  hotline: '12345 热线工作人员',
};

export interface RuleViolation {
  code: string;
  field: string;
  message: string;
}

/** A handled incident names the day it was handled (not before it happened, not in the future) and the measures taken. */
export function checkIncident(i: { occurredOn: string; status: 'open' | 'handled'; handledOn?: string | null; measures?: string | null }, today: string): RuleViolation | null {
  if (i.occurredOn > today) return { code: 'INCIDENT_IN_FUTURE', field: 'occurredOn', message: '发生日期不能晚于今天' };
  if (i.status === 'open') return null;
  if (!i.handledOn) return { code: 'HANDLED_ON_REQUIRED', field: 'handledOn', message: '已处置的事件须填写处置日期' };
  if (i.handledOn < i.occurredOn) return { code: 'HANDLED_BEFORE_OCCURRED', field: 'handledOn', message: '处置日期不能早于发生日期' };
  if (i.handledOn > today) return { code: 'HANDLED_IN_FUTURE', field: 'handledOn', message: '处置日期不能晚于今天' };
  if (!i.measures || i.measures.trim().length < 4) return { code: 'MEASURES_REQUIRED', field: 'measures', message: '已处置的事件须写明处置措施（至少 4 个字）' };
  return null;
}

/** A training took place (not in the future), with at least one attendee and a length in hours. */
export function checkTraining(t: { heldOn: string; attendees: number; hours: number }, today: string): RuleViolation | null {
  if (t.heldOn > today) return { code: 'TRAINING_IN_FUTURE', field: 'heldOn', message: '培训日期不能晚于今天：请在培训举办后登记' };
  if (!Number.isInteger(t.attendees) || t.attendees < 1) return { code: 'ATTENDEES_REQUIRED', field: 'attendees', message: '参训人数至少为 1' };
  if (!Number.isInteger(t.hours) || t.hours < 1 || t.hours > 200) return { code: 'HOURS_INVALID', field: 'hours', message: '培训学时应为 1–200 的整数' };
  return null;
}

/** Only township and village service centres join the county extranet register. */
export function connectionKindOf(departmentKind: string): 'township' | 'village' | null {
  return departmentKind === 'township' || departmentKind === 'village' ? departmentKind : null;
}
