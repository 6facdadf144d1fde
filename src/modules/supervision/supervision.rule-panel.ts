/**
 * The 红黄牌 rule panel: every rule that issues cards — the case rules, the work-order and bad-review
 * rules, and those of the newer modules (their names registered in RULE_LABELS) — with the colour and
 * switch in force. Pure: the caller passes the configuration and what the card table says was issued.
 */
import { RULE_LABELS, type SupervisionConfig } from './supervision.rules';
import type { CardColor } from '../../shared/supervision.types';

export type RuleSubject = 'case' | 'workorder' | 'evaluation' | 'other';

export interface RuleInfo {
  rule: string;
  label: string;
  /** What it watches, for grouping: 办件, 12345 工单, 好差评, the other modules. */
  subject: RuleSubject;
  /** The configured colour; else the colour its cards were issued in; null when set by its module and none issued yet. */
  color: CardColor | null;
  enabled: boolean;
  /** The condition in words, where the rule's threshold is configuration here. */
  description: string | null;
  /** Cards issued under it so far (all time). */
  issued: number;
}

const SUBJECT_ORDER: RuleSubject[] = ['case', 'workorder', 'evaluation', 'other'];

function subjectOf(rule: string): RuleSubject {
  if (['near_due', 'intake_late', 'overdue', 'completed_late'].includes(rule)) return 'case';
  if (rule.startsWith('workorder_')) return 'workorder';
  if (rule.startsWith('evaluation_')) return 'evaluation';
  return 'other';
}

function describe(rule: string, cfg: SupervisionConfig): string | null {
  switch (rule) {
    case 'near_due':
      return cfg.nearDueWorkdays === 0 ? '在办件到承诺办结日当天仍未办结' : `在办件距承诺办结日不超过 ${cfg.nearDueWorkdays} 个工作日`;
    case 'intake_late':
      return '申请提交后超过受理期限仍未作出受理、补正或不予受理决定';
    case 'overdue':
      return '在办件超过承诺办结日仍未办结';
    case 'completed_late':
      return '办件在承诺办结日之后才办结';
    case 'workorder_sign_late':
      return '工单派出后超过签收时限未签收';
    case 'workorder_finish_late':
      return '工单超过办结时限未回复';
    default:
      return null;
  }
}

export function rulePanel(cfg: SupervisionConfig, issued: ReadonlyMap<string, { color: CardColor; n: number }>): RuleInfo[] {
  const names = [...new Set([...Object.keys(RULE_LABELS), ...Object.keys(cfg.rules), ...issued.keys()])];
  const rows = names.map((rule): RuleInfo => {
    const setting = cfg.rules[rule];
    return {
      rule,
      label: RULE_LABELS[rule] ?? rule,
      subject: subjectOf(rule),
      color: setting?.color ?? issued.get(rule)?.color ?? null,
      enabled: setting?.enabled ?? true,
      description: describe(rule, cfg),
      issued: issued.get(rule)?.n ?? 0,
    };
  });
  const order = new Map(names.map((n, i) => [n, i]));
  return rows.sort((a, b) => SUBJECT_ORDER.indexOf(a.subject) - SUBJECT_ORDER.indexOf(b.subject) || order.get(a.rule)! - order.get(b.rule)!);
}
