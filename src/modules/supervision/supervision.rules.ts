/**
 * Pure rules of electronic supervision (电子监察, SPEC §2.4): the configurable card rules, how case rows
 * become card candidates, and filter validation. No I/O, no clock: callers pass today and the calendar.
 */
import type { WorkdayIndex } from '../../kernel/calendar';
import { CARD_COLORS, type CardCandidate, type CardColor } from '../../shared/supervision.types';

export { CARD_COLORS, CARD_STATUSES, type CardColor, type CardStatus } from '../../shared/supervision.types';

export type { CardCandidate } from '../../shared/supervision.types';
export type { CardSource } from '../../kernel/module';

export interface RuleSetting {
  enabled: boolean;
  color: CardColor;
}

/**
 * Rules are configuration (kernel_settings `supervision.config`), with the defaults of SPEC §2.4. Sources
 * of other modules use their own rule names; a setting for that name overrides their colour or switches
 * them off.
 */
export interface SupervisionConfig {
  rules: Record<string, RuleSetting>;
  /** near_due: a yellow card when at most this many working days are left (default 1). */
  nearDueWorkdays: number;
  /** How far back (calendar days) the sweep looks for deemed acceptances and late completions it missed. */
  lookbackDays: number;
}

export const RULE_LABELS: Record<string, string> = {
  near_due: '临近承诺期限',
  intake_late: '超期未受理',
  overdue: '超过承诺期限未办结',
  completed_late: '超期办结',
  workorder_sign_late: '工单超时未签收',
  workorder_finish_late: '工单超时未办结',
  evaluation_verify_late: '差评超时未核实',
  evaluation_rectify_late: '差评超时未整改',
  evaluation_callback_late: '差评超时未回访',
  evaluation_appeal_late: '申诉超时未复核',
  regulation_claim_late: '监管任务超时未认领',
  regulation_license_unclaimed: '证照已发放但监管任务未认领',
  regulation_rectify_late: '检查发现问题逾期未整改',
  disclosure_column_stale: '政务公开栏目空白或超期未更新',
  disclosure_request_late: '依申请公开超期未答复',
  disclosure_request_near_due: '依申请公开临近答复期限',
  disclosure_policy_uninterpreted: '政策文件超期未解读',
  disclosure_new_media_stale: '政务新媒体超期未更新',
  hall_long_wait: '大厅等候超时',
  intermediary_outside_market: '中介服务体外循环',
  walk_measure_overdue: '走流程整改措施逾期',
  regulation_license_expired: '过期证照仍被引用',
  intermediary_delivery_late: '中介服务超期未交付',
};

export const DEFAULT_CONFIG: SupervisionConfig = {
  rules: {
    near_due: { enabled: true, color: 'yellow' },
    intake_late: { enabled: true, color: 'yellow' },
    overdue: { enabled: true, color: 'red' },
    completed_late: { enabled: true, color: 'red' },
    workorder_sign_late: { enabled: true, color: 'yellow' },
    workorder_finish_late: { enabled: true, color: 'red' },
  },
  nearDueWorkdays: 1,
  lookbackDays: 31,
};

export class ConfigError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** Defaults overlaid with a stored or submitted override; throws ConfigError naming the bad field. */
export function mergeConfig(override: unknown): SupervisionConfig {
  const cfg: SupervisionConfig = { ...DEFAULT_CONFIG, rules: { ...DEFAULT_CONFIG.rules } };
  if (override === null || override === undefined) return cfg;
  if (typeof override !== 'object' || Array.isArray(override)) throw new ConfigError('config', '配置须为对象');
  const o = override as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!['rules', 'nearDueWorkdays', 'lookbackDays'].includes(k)) throw new ConfigError(k, `未知配置项 ${k}`);
  const int = (name: 'nearDueWorkdays' | 'lookbackDays', min: number, max: number) => {
    if (o[name] === undefined) return;
    const v = o[name];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw new ConfigError(name, `${name} 须为 ${min}–${max} 的整数`);
    cfg[name] = v;
  };
  int('nearDueWorkdays', 0, 30);
  int('lookbackDays', 1, 400);
  if (o.rules !== undefined) {
    if (typeof o.rules !== 'object' || o.rules === null || Array.isArray(o.rules)) throw new ConfigError('rules', 'rules 须为对象');
    for (const [name, raw] of Object.entries(o.rules as Record<string, unknown>)) {
      if (!/^[a-z][a-z0-9_]{0,39}$/.test(name)) throw new ConfigError(`rules.${name}`, `规则名无效：${name}`);
      if (typeof raw !== 'object' || raw === null) throw new ConfigError(`rules.${name}`, '规则设置须为对象');
      const r = raw as Record<string, unknown>;
      const base = cfg.rules[name] ?? { enabled: true, color: 'yellow' as CardColor };
      if (r.enabled !== undefined && typeof r.enabled !== 'boolean') throw new ConfigError(`rules.${name}.enabled`, 'enabled 须为 true/false');
      if (r.color !== undefined && !CARD_COLORS.includes(r.color as CardColor)) throw new ConfigError(`rules.${name}.color`, 'color 须为 yellow 或 red');
      cfg.rules[name] = { enabled: (r.enabled as boolean | undefined) ?? base.enabled, color: (r.color as CardColor | undefined) ?? base.color };
    }
  }
  return cfg;
}

/** Applies the configuration to a source's candidate: null when the rule is switched off. */
export function applyRuleSetting(c: CardCandidate, cfg: SupervisionConfig): CardCandidate | null {
  const s = cfg.rules[c.rule];
  if (!s) return c;
  if (!s.enabled) return null;
  return s.color === c.color ? c : { ...c, color: s.color };
}

/** Open cases with a due date on or before this date are near due or overdue. */
export function nearDueHorizon(index: WorkdayIndex, today: string, cfg: SupervisionConfig): string {
  return index.addWorkdays(today, cfg.nearDueWorkdays);
}

export interface DueCase {
  id: number;
  caseNo: string;
  departmentId: number;
  promisedDueDate: string;
  /** The day the clock started; null for a case the query could not date (treated as accepted earlier). */
  acceptedOn: string | null;
  itemName: string;
}

/**
 * Working days a case is past its due date: the working days after the due date up to today, at least 1.
 * A case due on Friday is overdue on Saturday although no working day has passed yet: it is in its first
 * overdue working day, never "超期 0 个工作日". Null when not overdue.
 */
export function workdaysOverdue(index: WorkdayIndex, today: string, promisedDueDate: string): number | null {
  if (promisedDueDate >= today) return null;
  return Math.max(1, -index.workdaysBetween(today, promisedDueDate));
}

/**
 * 临近承诺期限 (near_due, yellow): at most `nearDueWorkdays` working days left (0 = due today), but not on the
 * day the case was accepted — a department cannot be warned before it has had a day to work — except on
 * the due day itself: an item whose whole limit lies inside the window is warned on its due day.
 * overdue (red): due before today. The working days left or overdue are worked out on the calendar so the
 * card says why.
 */
export function dueCaseCandidates(rows: readonly DueCase[], today: string, index: WorkdayIndex, cfg: SupervisionConfig): CardCandidate[] {
  const horizon = nearDueHorizon(index, today, cfg);
  const out: CardCandidate[] = [];
  for (const r of rows) {
    const base = { subjectType: 'case', subjectId: r.caseNo, subjectLabel: r.caseNo, departmentId: r.departmentId, dueAt: r.promisedDueDate };
    if (r.promisedDueDate < today) {
      out.push({ ...base, rule: 'overdue', color: 'red', detail: { itemName: r.itemName, promisedDueDate: r.promisedDueDate, workdaysOverdue: workdaysOverdue(index, today, r.promisedDueDate) } });
    } else if (r.promisedDueDate <= horizon && (r.promisedDueDate === today || r.acceptedOn === null || r.acceptedOn < today)) {
      out.push({ ...base, rule: 'near_due', color: 'yellow', detail: { itemName: r.itemName, promisedDueDate: r.promisedDueDate, workdaysLeft: index.workdaysBetween(today, r.promisedDueDate) } });
    }
  }
  return out;
}

export interface IntakeLateCase {
  caseNo: string;
  departmentId: number;
  intakeDueDate: string;
  status: string;
  itemName: string;
}

export function intakeLateCandidates(rows: readonly IntakeLateCase[], today: string): CardCandidate[] {
  return rows
    .filter((r) => r.intakeDueDate < today)
    .map((r) => ({
      subjectType: 'case',
      subjectId: r.caseNo,
      subjectLabel: r.caseNo,
      rule: 'intake_late',
      color: 'yellow' as const,
      departmentId: r.departmentId,
      dueAt: r.intakeDueDate,
      detail: { itemName: r.itemName, intakeDueDate: r.intakeDueDate, deemedAccepted: r.status !== 'submitted' },
    }));
}

export interface CompletedCase {
  caseNo: string;
  departmentId: number;
  promisedDueDate: string | null;
  completedOn: string | null;
  itemName: string;
}

export function completedLateCandidates(rows: readonly CompletedCase[]): CardCandidate[] {
  return rows
    .filter((r) => r.completedOn !== null && r.promisedDueDate !== null && r.completedOn > r.promisedDueDate)
    .map((r) => ({
      subjectType: 'case',
      subjectId: r.caseNo,
      subjectLabel: r.caseNo,
      rule: 'completed_late',
      color: 'red' as const,
      departmentId: r.departmentId,
      dueAt: r.promisedDueDate,
      detail: { itemName: r.itemName, promisedDueDate: r.promisedDueDate, completedOn: r.completedOn },
    }));
}

/** A stable order (subject, rule), so concurrent sweeps take unique-index locks in the same order. */
export function sortCandidates(list: CardCandidate[]): CardCandidate[] {
  const seen = new Set<string>();
  const out: CardCandidate[] = [];
  for (const c of list) {
    const k = `${c.subjectType}\u0000${c.subjectId}\u0000${c.rule}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(c);
  }
  const keyed = out.map((c) => ({ c, k: `${c.subjectType}\u0000${c.subjectId}\u0000${c.rule}` }));
  keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
  return keyed.map((x) => x.c);
}

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;
export const isMonth = (s: string) => MONTH_RE.test(s);

/** The first and last day of a 'YYYY-MM' month. */
export function monthRange(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

/** Days before `date` (calendar days), as 'YYYY-MM-DD'. */
export function daysBefore(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}
