/**
 * One command per action on a case (SPEC §2.3). The frame (cases.actions.ts) has already checked the
 * account, loaded the case and found the transition in the state machine (cases.rules.ts); a command
 * checks what the law asks of its verb, writes the rows only it owns (a suspension, an extension) and
 * says what changes on the case, what the timeline records and whom to tell.
 */
import { AppError } from '../../kernel/errors';
import type { Actor } from '../../kernel/auth/actor';
import { DELIVERY_METHODS, FORWARD_METHODS, SUSPEND_REASONS, type CaseAction } from '../../shared/case-actions';
import type { CaseMaterial, CaseStatus } from '../../shared/cases.types';
import type { CasesEnv } from './cases.env';
import { requireText, unprocessable } from './cases.errors';
import type { CaseChanges } from './cases.repository';
import { applyProvided, extensionRoom, intakeDueDate, materialKey, missingMaterials, unknownMaterials } from './cases.rules';
import { materialsUploadedSince } from './cases.files';
import { hasRole } from '../../kernel/auth/actor';
import { parseJson } from '../../kernel/db/db';
import type { CaseRow, CasesTx, ExtensionRow, SuspensionRow } from './cases.tables';
import { eventsOf } from './cases.repository';
import { levelAccountsOf, levelsOf, passesOf } from './review.levels';
import { checkReviewStep, isRuleError } from './review.rules';

/** The body of POST /cases/:caseNo/actions: the verb and what it may carry. */
export interface ActionInput {
  action: CaseAction;
  reason?: string;
  days?: number;
  notice?: string;
  missing?: string[];
  materials?: { name: string; provided: boolean }[];
  deliveryMethod?: string;
  trackingNo?: string;
  method?: string;
  partnerReference?: string;
  note?: string;
  /** 审查意见 of a review level (review, and approve when the item has levels). */
  opinion?: string;
}

/** What a command works on: the case as loaded in the action's transaction. */
export interface CommandContext {
  env: CasesEnv;
  tx: CasesTx;
  actor: Actor;
  row: CaseRow;
  /** The status the state machine moves the case to. */
  to: CaseStatus;
  susp: SuspensionRow[];
  ext: ExtensionRow[];
  materials: CaseMaterial[];
  today: string;
  now: string;
}

/** A notification to the applicant (kernel/outbox templates, registered in index.ts). */
export interface Notice {
  template: string;
  payload: Record<string, unknown>;
}

export interface CommandResult {
  changes: CaseChanges;
  /** What the timeline event (and the audit row) records. */
  data: Record<string, unknown>;
  notices: Notice[];
  /** The case's suspensions / extensions after the command, when it changed them (the clock reads them). */
  susp?: SuspensionRow[];
  ext?: ExtensionRow[];
}

export type CaseCommand = (c: CommandContext, input: ActionInput) => CommandResult | Promise<CommandResult>;

const SUSPEND_REASON_SET = new Set<string>(SUSPEND_REASONS);
const DELIVERY_SET = new Set<string>(DELIVERY_METHODS);
const FORWARD_SET = new Set<string>(FORWARD_METHODS);

function applyMaterials(materials: CaseMaterial[], given: { name: string; provided: boolean }[]): CaseMaterial[] {
  const unknown = unknownMaterials(materials, given);
  if (unknown.length > 0) throw unprocessable('MATERIAL_UNKNOWN', `材料不在该事项的清单中：${unknown.join('、')}`, 'materials', { unknown });
  return applyProvided(materials, given);
}

/** 一次性告知补正: everything missing, in one notice; the intake window waits for the supplement. */
export function requestCorrection(c: CommandContext, input: Pick<ActionInput, 'materials' | 'missing' | 'note'>): CommandResult {
  const extra = (input.missing ?? []).map((s) => s.trim()).filter(Boolean);
  // A checklist material named in the notice is asked for again (a blurred scan, an expired copy): unticked.
  const named = new Set(extra.map(materialKey));
  const given = input.materials ? applyMaterials(c.materials, input.materials) : c.materials;
  const updated = given.map((m) => (named.has(materialKey(m.name)) && m.provided && !m.servedBy ? { ...m, provided: false } : m));
  const missing = [...new Set([...missingMaterials(updated), ...extra])];
  if (missing.length === 0) throw unprocessable('NOTHING_TO_CORRECT', '材料齐全，无需补正，请直接受理', 'missing');
  const data: Record<string, unknown> = { missing };
  if (input.note) data.note = input.note;
  return {
    // The intake window restarts with the supplement; nothing can be "deemed" meanwhile.
    changes: { materials_json: JSON.stringify(updated), intake_due_date: null },
    data,
    notices: [{ template: 'case.correction_requested', payload: { missing: missing.join('、') } }],
  };
}

/**
 * 补齐补正材料 (issue 21 item 10): the application is back at the window with a fresh §32 intake window —
 * but only when the supplement carries what the 补正 notice asked for. Every checklist material the last
 * notice named must be provided again: by a file uploaded since the notice (cases.files.ts ticks it), or,
 * at the window, ticked by a clerk who received it. An applicant's own ticks do not count (online, the file
 * is the material). A supplement with nothing submitted since the notice is refused: it would restart the
 * clock on nothing.
 */
export async function supplement(c: CommandContext, input: Pick<ActionInput, 'materials'>): Promise<CommandResult> {
  const applicantOnly = hasRole(c.actor, 'citizen') && !hasRole(c.actor, 'clerk', 'admin');
  const ticks = applicantOnly ? [] : (input.materials ?? []);
  const updated = ticks.length > 0 ? applyMaterials(c.materials, ticks) : c.materials.map((m) => ({ ...m }));
  const notice = await c.tx
    .selectFrom('cases_events')
    .select(['at', 'data_json'])
    .where('case_id', '=', c.row.id)
    .where('action', '=', 'request_correction')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const asked = new Set(parseJson<{ missing?: string[] }>(notice?.data_json ?? null, {}).missing?.map(materialKey) ?? []);
  const stillMissing = updated.filter((m) => asked.has(materialKey(m.name)) && !m.provided && !m.servedBy).map((m) => m.name);
  if (stillMissing.length > 0) {
    throw unprocessable('SUPPLEMENT_INCOMPLETE', `补正告知要求的材料尚未补齐：${stillMissing.join('、')}（请上传或在窗口提交后再确认）`, 'materials', { missing: stillMissing });
  }
  const uploaded = notice ? await materialsUploadedSince(c.tx, c.row.id, notice.at) : [];
  const ticked = ticks.filter((m) => m.provided).map((m) => updated.find((u) => materialKey(u.name) === materialKey(m.name))?.name ?? m.name);
  const provided = [...new Set([...uploaded, ...ticked])];
  if (provided.length === 0) {
    throw unprocessable('SUPPLEMENT_EMPTY', '尚未提交任何补正材料：请先上传补正告知要求的材料（窗口收取纸质材料的，由工作人员勾选）', 'materials');
  }
  return {
    changes: {
      materials_json: JSON.stringify(updated),
      intake_from: c.today,
      intake_due_date: intakeDueDate(c.env.index, c.today, c.env.settings.intakeWindowWorkdays),
    },
    data: { provided },
    notices: [],
  };
}

/** 受理: only with every required material; the clock starts (the day of acceptance does not count). */
export function accept(c: CommandContext, input: Pick<ActionInput, 'materials'>): CommandResult {
  const updated = input.materials ? applyMaterials(c.materials, input.materials) : c.materials;
  const missing = missingMaterials(updated);
  if (missing.length > 0) {
    throw unprocessable('MATERIALS_MISSING', `必要材料不齐，不能受理：${missing.join('、')}（请一次性告知补正）`, 'materials', { missing });
  }
  return {
    changes: { materials_json: JSON.stringify(updated), accepted_at: c.now, accepted_on: c.today },
    data: {},
    notices: [{ template: 'case.accepted', payload: {} }],
  };
}

/** 不予受理, with the reason in writing; the case is closed. */
export function reject(c: CommandContext, input: Pick<ActionInput, 'reason'>): CommandResult {
  const reason = requireText(input.reason, 'reason', '不予受理须写明理由');
  return {
    changes: { decision_reason: reason, decided_at: c.now, closed_at: c.now, closed_on: c.today, intake_due_date: null },
    data: { reason },
    notices: [{ template: 'case.rejected', payload: { reason } }],
  };
}

/** 中止 for one of the §45 special procedures, with a written notice; the clock stops from today. */
export async function suspend(c: CommandContext, input: Pick<ActionInput, 'reason' | 'notice' | 'note'>): Promise<CommandResult> {
  const reason = input.reason ?? '';
  if (!SUSPEND_REASON_SET.has(reason)) {
    throw unprocessable('SUSPEND_REASON_INVALID', `中止理由须为法定特别程序之一：${SUSPEND_REASONS.join('、')}`, 'reason', { allowed: SUSPEND_REASONS });
  }
  const { row, today } = c;
  const noticeNo = `${row.case_no}-TZ${c.susp.length + 1}`;
  const noticeText =
    input.notice?.trim() ||
    `${row.applicant_name}：您申请的“${row.item_name}”（办件号 ${row.case_no}）需进行${reason}，自 ${today} 起中止办理，${reason}所需时间不计入办理时限（《行政许可法》第四十五条），结束后恢复办理并书面告知。`;
  const suspension = { case_id: row.id, case_submitted_on: row.submitted_on, reason, from_date: today, to_date: null, notice_no: noticeNo, notice_text: noticeText, note: input.note ?? null };
  const { id } = await c.tx.insertInto('cases_suspensions').values(suspension).returning('id').executeTakeFirstOrThrow();
  return {
    changes: {},
    data: { reason, noticeNo, notice: noticeText },
    notices: [{ template: 'case.suspended', payload: { reason, noticeNo } }],
    susp: [...c.susp, { id: Number(id), ...suspension }],
  };
}

/** 恢复办理: the open suspension ends today; its working days do not count. */
export async function resume(c: CommandContext): Promise<CommandResult> {
  const open = c.susp.find((s) => s.to_date === null);
  if (!open) throw new AppError('CASE_STATE_CONFLICT', 409, '没有进行中的中止', { status: c.row.status });
  await c.tx.updateTable('cases_suspensions').set({ to_date: c.today }).where('id', '=', open.id).execute();
  return {
    changes: {},
    data: { reason: open.reason, from: open.from_date },
    notices: [{ template: 'case.resumed', payload: { reason: open.reason } }],
    susp: c.susp.map((s) => (s.id === open.id ? { ...s, to_date: c.today } : s)),
  };
}

/** 延长办理期限 (§42): a leader grants working days within the item's allowance, before the legal date passes. */
export async function extend(c: CommandContext, input: Pick<ActionInput, 'days' | 'reason'>): Promise<CommandResult> {
  const { row, today, actor } = c;
  const days = input.days;
  const room = extensionRoom(Number(row.extension_allowance), c.ext);
  if (days === undefined || !Number.isInteger(days) || days < 1) throw unprocessable('EXTENSION_DAYS_INVALID', '延长天数须为正整数（工作日）', 'days');
  if (days > room) {
    throw unprocessable('EXTENSION_EXCEEDS_ALLOWANCE', `延长天数超过本事项可延长期限：最多还可延长 ${room} 个工作日`, 'days', { allowance: Number(row.extension_allowance), remaining: room });
  }
  const reason = requireText(input.reason, 'reason', '延长办理期限须写明理由');
  const current = c.env.clockOf(row, c.susp, c.ext, today);
  if (current.legalDueDate && today > current.legalDueDate) {
    throw unprocessable('EXTENSION_TOO_LATE', `法定办结日 ${current.legalDueDate} 已过，不能再批准延期`, 'days');
  }
  const extension = { case_id: row.id, case_submitted_on: row.submitted_on, days, approved_on: today, approver_id: actor.id, approver_name: actor.name, reason };
  const { id } = await c.tx.insertInto('cases_extensions').values(extension).returning('id').executeTakeFirstOrThrow();
  return {
    changes: {},
    data: { days, reason, approver: actor.name },
    notices: [],
    ext: [...c.ext, { id: Number(id), ...extension }],
  };
}

/** The level this review or approval passes, or the refusal (levels in order, one account per level). */
async function reviewLevel(c: CommandContext, action: 'review' | 'approve'): Promise<{ level: string; levels: string[] }> {
  const levels = await levelsOf(c.tx, c.row.item_code);
  const passes = passesOf(await eventsOf(c.tx, c.row.id));
  const step = checkReviewStep(levels, passes, c.actor.id, action, await levelAccountsOf(c.tx, c.row.item_code));
  if (isRuleError(step)) throw new AppError(step.code, step.status, step.message, { field: 'action' });
  return { level: step.level, levels };
}

/** 审查意见: a level before the decision (承办, 审核) passes with its opinion; the case stays 受理. */
export async function review(c: CommandContext, input: Pick<ActionInput, 'opinion'>): Promise<CommandResult> {
  const opinion = requireText(input.opinion, 'opinion', '请填写审查意见');
  const { level } = await reviewLevel(c, 'review');
  return { changes: {}, data: { level, opinion }, notices: [] };
}

/**
 * 准予许可; the result is then made and delivered (complete). With review levels it is the last level (签发):
 * every earlier level must have passed, by other accounts, and it carries its 审查意见.
 */
export async function approve(c: CommandContext, input: Pick<ActionInput, 'reason' | 'opinion'>): Promise<CommandResult> {
  const { level, levels } = await reviewLevel(c, 'approve');
  const opinion = levels.length > 1 ? requireText(input.opinion, 'opinion', '签发须填写审查意见') : input.opinion?.trim() || null;
  const data: Record<string, unknown> = {};
  if (opinion) Object.assign(data, { level, opinion });
  return {
    changes: { decided_at: c.now, decision_reason: input.reason?.trim() || opinion || null },
    data,
    notices: [{ template: 'case.approved', payload: {} }],
  };
}

/** 不予许可, with the reason in writing (and the right to review or sue, in the notice). */
export function deny(c: CommandContext, input: Pick<ActionInput, 'reason'>): CommandResult {
  const reason = requireText(input.reason, 'reason', '不予许可须写明理由');
  return {
    changes: { decision_reason: reason, decided_at: c.now },
    data: { reason },
    notices: [{ template: 'case.denied', payload: { reason } }],
  };
}

/** 办结送达: the decision reaches the applicant; the clock stops and the on-time KPI fields are fixed. */
export function complete(c: CommandContext, input: Pick<ActionInput, 'deliveryMethod' | 'trackingNo'>): CommandResult {
  const method = input.deliveryMethod ?? '';
  if (!DELIVERY_SET.has(method)) {
    throw unprocessable('DELIVERY_METHOD_INVALID', `送达方式须为 ${DELIVERY_METHODS.join('、')}`, 'deliveryMethod', { allowed: DELIVERY_METHODS });
  }
  if (method === '邮寄' && !input.trackingNo?.trim()) throw unprocessable('TRACKING_NO_REQUIRED', '邮寄送达须填写邮件单号', 'trackingNo');
  const trackingNo = input.trackingNo?.trim() || null;
  const changes: CaseChanges = { delivery_method: method, delivery_tracking_no: trackingNo, completed_on: c.today, closed_at: c.now, closed_on: c.today };
  // On time = delivered on or before the promised due date, on the clock as it stands after delivery.
  const clock = c.env.clockOf({ ...c.row, ...changes, status: c.to }, c.susp, c.ext, c.today);
  changes.on_time = clock.promisedDueDate ? (c.today <= clock.promisedDueDate ? 1 : 0) : null;
  changes.workdays_used = clock.workdaysUsed;
  const data: Record<string, unknown> = { deliveryMethod: method };
  if (trackingNo) data.trackingNo = trackingNo;
  return { changes, data, notices: [{ template: 'case.completed', payload: { deliveryMethod: method } }] };
}

/** 撤回申请: the case closes; an open suspension ends today (its days up to today stay excluded). */
export async function withdraw(c: CommandContext, input: Pick<ActionInput, 'reason'>): Promise<CommandResult> {
  const data: Record<string, unknown> = {};
  if (input.reason) data.reason = input.reason.trim();
  const result: CommandResult = { changes: { closed_at: c.now, closed_on: c.today, intake_due_date: null }, data, notices: [] };
  const open = c.susp.find((s) => s.to_date === null);
  if (open) {
    await c.tx.updateTable('cases_suspensions').set({ to_date: c.today }).where('id', '=', open.id).execute();
    result.susp = c.susp.map((s) => (s.id === open.id ? { ...s, to_date: c.today } : s));
  }
  return result;
}

/** 异地代收代办: the application received here goes to the partner region that decides it. */
export function forward(c: CommandContext, input: Pick<ActionInput, 'method' | 'trackingNo' | 'partnerReference'>): CommandResult {
  if (c.row.cross_mode !== 'proxy') throw unprocessable('NOT_A_PROXY_CASE', '只有异地代收代办的办件需要转递', 'action');
  const method = input.method ?? '';
  if (!FORWARD_SET.has(method)) {
    throw unprocessable('FORWARD_METHOD_INVALID', `转递方式须为 ${FORWARD_METHODS.join('、')}`, 'method', { allowed: FORWARD_METHODS });
  }
  if (method === '邮寄' && !input.trackingNo?.trim()) throw unprocessable('TRACKING_NO_REQUIRED', '邮寄转递须填写邮件单号', 'trackingNo');
  const changes: CaseChanges = { forwarded_on: c.today, forward_method: method, forward_tracking_no: input.trackingNo?.trim() || null };
  if (input.partnerReference) changes.partner_reference = input.partnerReference.trim();
  return {
    changes,
    data: { method, trackingNo: changes.forward_tracking_no, partnerReference: changes.partner_reference ?? null },
    notices: [],
  };
}

/** 登记对方受理号: the partner region's number for a 跨省通办 case. */
export function recordReference(c: CommandContext, input: Pick<ActionInput, 'partnerReference'>): CommandResult {
  if (c.row.cross_mode === null) throw unprocessable('NOT_A_CROSS_PROVINCE_CASE', '不是跨省通办办件', 'action');
  const partnerReference = requireText(input.partnerReference, 'partnerReference', '请填写合作地区的受理编号');
  return { changes: { partner_reference: partnerReference }, data: { partnerReference }, notices: [] };
}

/** The command of each verb: every action of the state machine has exactly one. */
export const CASE_COMMANDS: Record<CaseAction, CaseCommand> = {
  request_correction: requestCorrection,
  supplement,
  accept,
  reject,
  suspend,
  resume,
  extend,
  approve,
  deny,
  complete,
  withdraw,
  forward,
  record_reference: recordReference,
  review,
};
