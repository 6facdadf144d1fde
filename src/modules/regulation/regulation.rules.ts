/**
 * Pure rules of 互联网+监管: the 监管任务 state machine, the 双随机 draw (reproducible from a revealed seed),
 * inspection outcomes and the configuration. No I/O.
 */
import { createHash, createHmac } from 'node:crypto';

export const TASK_STATUSES = ['pending', 'claimed', 'closed'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const TASK_STATUS_LABELS: Record<TaskStatus, string> = { pending: '待认领', claimed: '已认领', closed: '已办结' };

export const TASK_ACTIONS = ['claim', 'close'] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];

/** From which states each action is allowed. */
export const TASK_TRANSITIONS: Record<TaskAction, { from: readonly TaskStatus[]; to: TaskStatus }> = {
  claim: { from: ['pending'], to: 'claimed' },
  close: { from: ['claimed'], to: 'closed' },
};

/** The reason (Chinese) an action is refused in a state, or null when allowed. */
export function checkTask(action: TaskAction, status: TaskStatus): string | null {
  if (TASK_TRANSITIONS[action].from.includes(status)) return null;
  const verb = action === 'claim' ? '认领' : '办结';
  return `监管任务状态为“${TASK_STATUS_LABELS[status]}”，不能${verb}`;
}

/** How a task is closed (办结结果). */
export const TASK_RESULTS = ['filed', 'inspected', 'no_action'] as const;
export type TaskResult = (typeof TASK_RESULTS)[number];
export const TASK_RESULT_LABELS: Record<TaskResult, string> = { filed: '纳入监管对象库', inspected: '已实地核查', no_action: '无需现场监管' };

export const TASK_EVENTS = ['approve', 'issue', 'change', 'renew', 'revoke'] as const;
export type TaskEvent = (typeof TASK_EVENTS)[number];
export const TASK_EVENT_LABELS: Record<TaskEvent, string> = { approve: '审批通过', issue: '证照发放', change: '证照变更', renew: '证照延续', revoke: '证照注销' };

/** A claim is on time when made on or before its due day. */
export function claimedOnTime(claimedOn: string, claimDue: string): boolean {
  return claimedOn <= claimDue;
}

export const OUTCOMES = ['no_problem', 'rectify', 'case_filed', 'not_found'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const OUTCOME_LABELS: Record<Outcome, string> = { no_problem: '未发现问题', rectify: '责令整改', case_filed: '立案查处', not_found: '未找到检查对象' };
/** Outcomes that find a problem and need a rectification deadline. */
export const NEEDS_RECTIFICATION: readonly Outcome[] = ['rectify', 'case_filed'];

// ---- 双随机: a reproducible draw ---------------------------------------------------------------------

export function seedHash(seed: string): string {
  return createHash('sha256').update(seed, 'utf8').digest('hex');
}

/**
 * Picks `n` of `pool` (already in its published order) with a Fisher–Yates shuffle driven by
 * HMAC-SHA256(seed, label:counter): anyone holding the revealed seed and the published pool gets the same
 * picks. `label` separates the inspector and subject streams.
 */
export function drawFrom<T>(seed: string, label: string, pool: readonly T[], n: number): T[] {
  if (n > pool.length) throw new RangeError(`cannot draw ${n} of ${pool.length}`);
  const a = [...pool];
  let counter = 0;
  const next = (bound: number): number => {
    // Rejection sampling on 32-bit words: no modulo bias.
    const limit = Math.floor(0x1_0000_0000 / bound) * bound;
    for (;;) {
      const word = createHmac('sha256', seed).update(`${label}:${counter++}`).digest().readUInt32BE(0);
      if (word < limit) return word % bound;
    }
  };
  for (let i = 0; i < n; i++) {
    const j = i + next(a.length - i);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a.slice(0, n);
}

// ---- configuration -----------------------------------------------------------------------------------

export interface RegulationConfig {
  /** Working days a department has to claim a 监管任务 (认领时限). */
  claimWorkdays: number;
}

export const DEFAULT_CONFIG: RegulationConfig = { claimWorkdays: 5 };

export class RegulationConfigError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** Defaults merged with a stored or submitted value; throws RegulationConfigError on a bad value. */
export function mergeConfig(stored: unknown): RegulationConfig {
  if (stored === null || stored === undefined) return { ...DEFAULT_CONFIG };
  if (typeof stored !== 'object') throw new RegulationConfigError('config', '配置格式不正确');
  const v = (stored as Record<string, unknown>).claimWorkdays ?? DEFAULT_CONFIG.claimWorkdays;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 30) throw new RegulationConfigError('claimWorkdays', '认领时限应为 1 至 30 个工作日');
  return { claimWorkdays: v };
}
