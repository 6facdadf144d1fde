/**
 * Work-order lifecycle (SPEC §2.6) as a pure state machine, and the deadline arithmetic. No I/O and no
 * clock: the service passes `now` and the working-day index in, so every rule is table-tested.
 */
import type { WorkdayIndex } from '../../kernel/calendar';
import { shanghaiDate } from '../../kernel/clock';
import type { Role } from '../../shared/roles';
import { CONTACT_METHODS, REPLY_FILES_MAX, REPLY_RESULTS, REPLY_RESULT_LABELS } from '../../shared/hotline-reply';
import type { Category, HotlineConfig } from './hotline.config';

export const STATUSES = ['received', 'answered', 'dispatched', 'signed', 'returned', 'replied', 'callback', 'reopened', 'closed'] as const;
export type OrderStatus = (typeof STATUSES)[number];

export const STATUS_LABELS: Record<OrderStatus, string> = {
  received: '已受理',
  answered: '直接答复',
  dispatched: '已派单',
  signed: '已签收',
  returned: '已退单',
  replied: '已回复',
  callback: '回访中',
  reopened: '重办',
  closed: '已办结',
};

/** Orders nobody needs to act on any more. */
export const FINAL_STATUSES: readonly OrderStatus[] = ['answered', 'closed'];
export const OPEN_STATUSES: readonly OrderStatus[] = STATUSES.filter((s) => !FINAL_STATUSES.includes(s));
/** The member unit holds the order (its clocks run). */
export const UNIT_HOLDS: readonly OrderStatus[] = ['dispatched', 'signed', 'reopened'];

export const ACTIONS = [
  'answer',
  'dispatch',
  'sign',
  'return',
  'reply',
  'request_extension',
  'approve_extension',
  'reject_extension',
  'supervise',
  'transfer_expert',
  'callback',
  'close',
  'reopen',
] as const;
export type Action = (typeof ACTIONS)[number];

/**
 * Who may take an action. `operator` = the 12345 centre (admin too); `unit` = the member unit holding
 * the order (scoped by department in the service); extensions are approved by the bureau's `leader`
 * (SPEC §1: leaders approve extensions) or `admin`; 督办 letters come from `leader` (or `admin`).
 */
export type Party = 'operator' | 'unit' | 'approver' | 'leader';

export const PARTY_ROLES: Record<Party, readonly Role[]> = {
  operator: ['operator', 'admin'],
  unit: ['unit', 'admin'],
  approver: ['leader', 'admin'],
  leader: ['leader', 'admin'],
};

export type CallbackResult = 'satisfied' | 'basically' | 'unsatisfied';
export const CALLBACK_RESULT_LABELS: Record<CallbackResult, string> = { satisfied: '满意', basically: '基本满意', unsatisfied: '不满意' };

export interface OrderState {
  status: OrderStatus;
  returnCount: number;
  extensionPending: boolean;
  /** Finish deadline in force (ISO instant) or null. */
  finishDueAt: string | null;
}

export interface ActionInput {
  action: Action;
  unitId?: number;
  content?: string;
  reason?: string;
  days?: number;
  reached?: boolean;
  result?: CallbackResult;
  /** reply: 办理结果类型 (required) and the record of contacting the caller. */
  replyResult?: string;
  contact?: { method: string; on?: string; time?: string; note?: string };
  /** reply: files attached (base64), typed by content before anything is written. */
  attachments?: { name: string; contentBase64: string }[];
}

export interface RuleViolation {
  code: string;
  status: 409 | 422;
  message: string;
  field?: string;
}

export interface TransitionResult {
  status: OrderStatus;
  returnCount: number;
  extensionPending: boolean;
  /** This return reached the threshold: raise a 督办 letter automatically. */
  autoSupervise: boolean;
}

export class RuleError extends Error {
  constructor(readonly violation: RuleViolation) {
    super(violation.message);
  }
}

const fail = (v: RuleViolation): never => {
  throw new RuleError(v);
};

function requireText(value: string | undefined, field: string, label: string, max: number) {
  const t = (value ?? '').trim();
  if (!t) fail({ code: `${field.toUpperCase()}_REQUIRED`, status: 422, message: `请填写${label}`, field });
  if (t.length > max) fail({ code: `${field.toUpperCase()}_TOO_LONG`, status: 422, message: `${label}不能超过 ${max} 字`, field });
}

type RuleConfig = Pick<HotlineConfig, 'returnsBeforeSupervision' | 'maxExtensionWorkdays' | 'maxContentLength'>;

interface ActionRule {
  party: Party;
  /** The states the action may start from; any other is a 409. */
  from: readonly OrderStatus[];
  /** The next state from one of `from`, or a RuleError (422) when an input the action needs is missing or wrong. */
  next(state: OrderState, input: ActionInput, now: Date, cfg: RuleConfig): TransitionResult;
}

const unchanged = (s: OrderState): TransitionResult => ({ status: s.status, returnCount: s.returnCount, extensionPending: s.extensionPending, autoSupervise: false });

const decideExtension = (s: OrderState): TransitionResult => {
  if (!s.extensionPending) fail({ code: 'NO_PENDING_EXTENSION', status: 409, message: '没有待审批的延期申请' });
  return { ...unchanged(s), extensionPending: false };
};

/** The work-order state machine: per action, who takes it, from which states, and where it leads. */
export const LIFECYCLE: Record<Action, ActionRule> = {
  answer: {
    party: 'operator',
    from: ['received', 'returned'],
    next: (s, i, _now, cfg) => {
      requireText(i.content, 'content', '答复内容', cfg.maxContentLength);
      return { ...unchanged(s), status: 'answered' };
    },
  },
  dispatch: {
    party: 'operator',
    from: ['received', 'returned', 'reopened'],
    next: (s, i) => {
      if (!i.unitId) fail({ code: 'UNIT_REQUIRED', status: 422, message: '请选择承办单位', field: 'unitId' });
      // A new unit starts without the previous unit's pending extension.
      return { ...unchanged(s), status: 'dispatched', extensionPending: false };
    },
  },
  sign: { party: 'unit', from: ['dispatched'], next: (s) => ({ ...unchanged(s), status: 'signed' }) },
  return: {
    party: 'unit',
    from: ['dispatched', 'signed', 'reopened'],
    next: (s, i, _now, cfg) => {
      requireText(i.reason, 'reason', '退单理由', cfg.maxContentLength);
      const returnCount = s.returnCount + 1;
      return { status: 'returned', returnCount, extensionPending: false, autoSupervise: returnCount === cfg.returnsBeforeSupervision };
    },
  },
  reply: {
    party: 'unit',
    from: ['signed', 'reopened'],
    next: (s, i, _now, cfg) => {
      requireText(i.content, 'content', '回复内容', cfg.maxContentLength);
      if (!(REPLY_RESULTS as readonly string[]).includes(i.replyResult ?? '')) {
        fail({ code: 'REPLY_RESULT_REQUIRED', status: 422, message: `请选择办理结果（${Object.values(REPLY_RESULT_LABELS).join(' / ')}）`, field: 'replyResult' });
      }
      if (i.contact) {
        if (!(CONTACT_METHODS as readonly string[]).includes(i.contact.method)) fail({ code: 'CONTACT_METHOD_INVALID', status: 422, message: '联系方式须为电话联系、上门走访、短信告知或未能联系', field: 'contact.method' });
        if (i.contact.method === 'none' && !(i.contact.note ?? '').trim()) fail({ code: 'CONTACT_NOTE_REQUIRED', status: 422, message: '未能联系来电人的，请说明原因', field: 'contact.note' });
        if (i.contact.on !== undefined && i.contact.on > shanghaiDate(_now)) fail({ code: 'CONTACT_DATE_INVALID', status: 422, message: '联系日期不能晚于今天', field: 'contact.on' });
        if (i.contact.time !== undefined && !/^([01]\d|2[0-3]):[0-5]\d$/.test(i.contact.time)) fail({ code: 'CONTACT_TIME_INVALID', status: 422, message: '联系时间须为 时:分（如 09:30）', field: 'contact.time' });
      }
      if ((i.attachments?.length ?? 0) > REPLY_FILES_MAX) {
        fail({ code: 'REPLY_FILES_TOO_MANY', status: 422, message: `每次回复最多附 ${REPLY_FILES_MAX} 个文件`, field: 'attachments' });
      }
      return { ...unchanged(s), status: 'replied', extensionPending: false };
    },
  },
  request_extension: {
    party: 'unit',
    from: ['signed', 'reopened'],
    next: (s, i, now, cfg) => {
      requireText(i.reason, 'reason', '延期理由', cfg.maxContentLength);
      const d = i.days;
      if (d === undefined || !Number.isInteger(d) || d < 1 || d > cfg.maxExtensionWorkdays) {
        fail({ code: 'EXTENSION_DAYS_INVALID', status: 422, message: `延期天数须为 1–${cfg.maxExtensionWorkdays} 个工作日`, field: 'days' });
      }
      if (s.extensionPending) fail({ code: 'EXTENSION_PENDING', status: 409, message: '已有待审批的延期申请' });
      if (s.finishDueAt && now.toISOString() >= s.finishDueAt) {
        fail({ code: 'EXTENSION_TOO_LATE', status: 422, message: '延期须在办理期限届满前申请', field: 'days' });
      }
      return { ...unchanged(s), extensionPending: true };
    },
  },
  approve_extension: { party: 'approver', from: ['signed', 'reopened'], next: decideExtension },
  reject_extension: { party: 'approver', from: ['signed', 'reopened'], next: decideExtension },
  supervise: {
    party: 'leader',
    from: OPEN_STATUSES,
    next: (s, i, _now, cfg) => {
      requireText(i.content, 'content', '督办意见', cfg.maxContentLength);
      return unchanged(s);
    },
  },
  transfer_expert: { party: 'operator', from: OPEN_STATUSES, next: unchanged },
  callback: {
    party: 'operator',
    from: ['replied', 'callback'],
    next: (s, i) => {
      if (typeof i.reached !== 'boolean') fail({ code: 'REACHED_REQUIRED', status: 422, message: '请说明是否联系上来电人', field: 'reached' });
      if (!i.reached) return { ...unchanged(s), status: 'callback' };
      if (!i.result) fail({ code: 'RESULT_REQUIRED', status: 422, message: '请选择回访满意度', field: 'result' });
      return { ...unchanged(s), status: i.result === 'unsatisfied' ? 'reopened' : 'closed' };
    },
  },
  close: { party: 'operator', from: ['replied', 'callback'], next: (s) => ({ ...unchanged(s), status: 'closed' }) },
  reopen: {
    party: 'operator',
    from: ['replied', 'callback', 'closed'],
    next: (s, i, _now, cfg) => {
      requireText(i.reason, 'reason', '重办理由', cfg.maxContentLength);
      return { ...unchanged(s), status: 'reopened' };
    },
  },
};

/** Whether an actor with these roles may take the action (the unit's own department is checked by the service). */
export const mayTake = (roles: readonly Role[], action: Action): boolean => PARTY_ROLES[LIFECYCLE[action].party].some((r) => roles.includes(r));

/**
 * The next state for an action, or a RuleError: 409 when the action is out of order (naming the current
 * state), 422 when an input the rule needs is missing or wrong.
 */
export function transition(state: OrderState, input: ActionInput, now: Date, cfg: RuleConfig): TransitionResult {
  const { action } = input;
  const rule = LIFECYCLE[action];
  if (!rule) return fail({ code: 'ACTION_UNKNOWN', status: 422, message: `未知操作 ${action}`, field: 'action' });
  if (!rule.from.includes(state.status)) {
    fail({ code: 'ORDER_STATE_CONFLICT', status: 409, message: `工单当前状态为「${STATUS_LABELS[state.status]}」，不能执行 ${action}` });
  }
  return rule.next(state, input, now, cfg);
}

// ---------------------------------------------------------------------------------------------------
// Deadlines
// ---------------------------------------------------------------------------------------------------

const HOUR = 3600_000;

/** The last instant of a Shanghai calendar day: a deadline "within N working days" runs to its end. */
export function endOfShanghaiDay(date: string): Date {
  return new Date(`${date}T23:59:59.999+08:00`);
}

/** Sign-for deadline: urgent orders in hours, others at the end of the N-th working day after dispatch. */
export function signDueAt(index: WorkdayIndex, dispatchedAt: Date, urgent: boolean, cfg: Pick<HotlineConfig, 'signWorkdays' | 'urgentSignHours'>): Date {
  if (urgent) return new Date(dispatchedAt.getTime() + cfg.urgentSignHours * HOUR);
  return endOfShanghaiDay(index.addWorkdays(shanghaiDate(dispatchedAt), cfg.signWorkdays));
}

/**
 * Finish deadline counted from dispatch (each dispatch gives the receiving unit its full time, since a
 * unit is measured on its own handling). Deputies' orders are due N working days after signing, so they
 * have none until signed (`null`); urgent orders win over both.
 */
export function finishDueAt(
  index: WorkdayIndex,
  from: Date,
  category: Category,
  urgent: boolean,
  deputy: boolean,
  cfg: Pick<HotlineConfig, 'finishWorkdays' | 'urgentFinishHours'>,
): Date | null {
  if (urgent) return new Date(from.getTime() + cfg.urgentFinishHours * HOUR);
  if (deputy) return null;
  return endOfShanghaiDay(index.addWorkdays(shanghaiDate(from), cfg.finishWorkdays[category]));
}

export function deputyFinishDueAt(index: WorkdayIndex, signedAt: Date, cfg: Pick<HotlineConfig, 'deputyWorkdaysAfterSign'>): Date {
  return endOfShanghaiDay(index.addWorkdays(shanghaiDate(signedAt), cfg.deputyWorkdaysAfterSign));
}

/** An approved extension moves the finish deadline N working days later (to the end of that day). */
export function extendDue(index: WorkdayIndex, due: Date, days: number): Date {
  return endOfShanghaiDay(index.addWorkdays(shanghaiDate(due), days));
}

/** A 督办 letter's own deadline: N working days after it is issued. */
export function supervisionDueAt(index: WorkdayIndex, issuedAt: Date, days: number): Date {
  return endOfShanghaiDay(index.addWorkdays(shanghaiDate(issuedAt), days));
}

export type LateKind = 'sign_late' | 'finish_late';

/** Why an open order is late at `now`, or null. A dispatched order past both deadlines is reported as unsigned first. */
export function lateKinds(o: { status: OrderStatus; signDueAt: string | null; finishDueAt: string | null }, now: Date): LateKind[] {
  const t = now.toISOString();
  const out: LateKind[] = [];
  if (o.status === 'dispatched' && o.signDueAt && o.signDueAt < t) out.push('sign_late');
  if (UNIT_HOLDS.includes(o.status) && o.finishDueAt && o.finishDueAt < t) out.push('finish_late');
  return out;
}

/**
 * The counter of one county's work-order numbers on one day (kernel nextSequence): a row per county and
 * day, so a city's counties taking calls at once never wait on each other's number. The installation's own
 * county keeps the name the single-county versions used (`hotline.order.<day>`), so an upgraded database and
 * the generator continue its counter without a gap; another county counts in `hotline.order:<region>:<day>`.
 * `day` is yyyyMMdd or yyyy-MM-dd.
 */
export function orderSequenceName(region: string, day: string, installationRegion: string): string {
  const d = day.replaceAll('-', '');
  return region === installationRegion ? `hotline.order.${d}` : `hotline.order:${region}:${d}`;
}

/**
 * A work-order number: `GD<yyyyMMdd><seq>` for the installation's own county (the format upgraded
 * databases already hold), `GD<region>-<yyyyMMdd>-<seq>` for another county, so two counties' orders of
 * one day never share a number and the number names the county it was counted in.
 */
export function formatOrderNo(region: string, day: string, seq: number, installationRegion: string): string {
  const d = day.replaceAll('-', '');
  const n = String(seq).padStart(4, '0');
  return region === installationRegion ? `GD${d}${n}` : `GD${region}-${d}-${n}`;
}

/** The county a work-order number was counted in: its region part, else (the old format) the installation's. */
export function regionOfOrderNo(orderNo: string, installationRegion: string): string {
  const m = /^GD(\d{6})-\d{8}-\d+$/.exec(orderNo);
  return m ? m[1] : installationRegion;
}

/**
 * The county a new work order belongs to: the one the centre names (a city centre's operator picks the
 * county; the 市长信箱 or Open311 endpoint names its own), else the county of the line it came in on, else
 * the installation's.
 */
export function orderRegion(named: string | null | undefined, lineRegion: string | null | undefined, installationRegion: string): string {
  return named || lineRegion || installationRegion;
}
