/**
 * Pure rules of 政务公开: the 三审制 state machine, column update rules, attachment checks by content, and
 * the 依申请公开 clock (《政府信息公开条例》 2019 arts. 30, 33). No I/O.
 */
import type sanitizeHtmlType from 'sanitize-html';
import { lazyRequire } from '../../kernel/lazy-require';
import type { WorkdayIndex } from '../../kernel/calendar';
import { computeCaseClock, type CaseClock } from '../../kernel/calendar';
import type { UploadKind } from '../../kernel/validators/upload-sniff';

export const COLUMN_KINDS = ['news', 'notice', 'policy', 'interpretation', 'personnel', 'budget', 'service', 'other'] as const;
export type ColumnKind = (typeof COLUMN_KINDS)[number];
export const COLUMN_KIND_LABELS: Record<ColumnKind, string> = {
  news: '动态要闻',
  notice: '通知公告',
  policy: '政策文件',
  interpretation: '政策解读',
  personnel: '人事信息',
  budget: '财政预决算',
  service: '办事服务',
  other: '其他',
};
/**
 * Default update rules in calendar days, after the national website-inspection rules (《政府网站与政务新媒体
 * 检查指标》): 动态要闻 at least every 2 weeks, 通知公告 and 政策文件 every 6 months, 财政预决算 yearly.
 */
export const DEFAULT_UPDATE_DAYS: Record<ColumnKind, number | null> = {
  news: 14,
  notice: 180,
  policy: 180,
  interpretation: 180,
  personnel: 365,
  budget: 365,
  service: 365,
  other: null,
};

export const ARTICLE_STATUSES = ['draft', 'review1', 'review2', 'review3', 'scheduled', 'published', 'withdrawn'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];
export const ARTICLE_STATUS_LABELS: Record<ArticleStatus, string> = {
  draft: '草稿',
  review1: '待初审',
  review2: '待复审',
  review3: '待终审',
  scheduled: '定时发布',
  published: '已发布',
  withdrawn: '已撤回',
};
export const STEP_LABELS: Record<number, string> = { 1: '初审', 2: '复审', 3: '终审' };

export const ARTICLE_ACTIONS = ['edit', 'submit', 'pass', 'reject', 'withdraw'] as const;
export type ArticleAction = (typeof ARTICLE_ACTIONS)[number];

/** The states each action may start from. */
export const ARTICLE_TRANSITIONS: Record<ArticleAction, readonly ArticleStatus[]> = {
  edit: ['draft'],
  submit: ['draft'],
  pass: ['review1', 'review2', 'review3'],
  reject: ['review1', 'review2', 'review3'],
  withdraw: ['published', 'scheduled'],
};

export function articleActionProblem(action: ArticleAction, status: ArticleStatus): string | null {
  return ARTICLE_TRANSITIONS[action].includes(status) ? null : `稿件状态为“${ARTICLE_STATUS_LABELS[status]}”，不能${ACTION_LABELS[action]}`;
}
export const ACTION_LABELS: Record<ArticleAction, string> = { edit: '修改', submit: '送审', pass: '审核通过', reject: '退回', withdraw: '撤回' };

export const stepOf = (status: ArticleStatus): number | null => (status === 'review1' ? 1 : status === 'review2' ? 2 : status === 'review3' ? 3 : null);

/**
 * 三审制: who may pass or reject the current step. The author never reviews their own draft, and nobody
 * reviews the same round twice. Returns the Chinese reason, or null when the reviewer may act.
 */
export function reviewerProblem(reviewerId: number, authorId: number | null, earlierReviewerIds: readonly number[]): string | null {
  if (authorId !== null && reviewerId === authorId) return '不能审核本人起草的稿件';
  if (earlierReviewerIds.includes(reviewerId)) return '同一稿件的三次审核须由三个不同的账号完成，您已审核过本稿';
  return null;
}

/** The three passes of one round are by three accounts, none of them the author. */
export function threeDistinctPasses(authorId: number | null, passes: ReadonlyArray<{ step: number; reviewerId: number }>): boolean {
  const steps = new Set(passes.map((p) => p.step));
  const ids = new Set(passes.map((p) => p.reviewerId));
  return steps.size === 3 && [1, 2, 3].every((s) => steps.has(s)) && ids.size === 3 && (authorId === null || !ids.has(authorId));
}

/** sanitize-html and its HTML parser are loaded by the first article saved, not at start-up. */
const sanitizeHtml = lazyRequire<typeof sanitizeHtmlType>('sanitize-html');

/** Article bodies: a fixed allow-list; scripts, event handlers and javascript: links are dropped. */
export function sanitizeBody(html: string): string {
  return sanitizeHtml()(html, {
    allowedTags: ['p', 'br', 'strong', 'b', 'em', 'i', 'u', 'h2', 'h3', 'h4', 'ul', 'ol', 'li', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'a', 'img', 'blockquote', 'span'],
    allowedAttributes: { a: ['href', 'title'], img: ['src', 'alt', 'width', 'height'], td: ['colspan', 'rowspan'], th: ['colspan', 'rowspan'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['http', 'https', 'data'] },
  });
}

/** A body that carried script or event handlers is refused outright (nothing is written), not silently cleaned. */
export function hasActiveContent(html: string): boolean {
  return /<\s*script\b|\son[a-z]+\s*=|javascript:|<\s*iframe\b|<\s*object\b|<\s*embed\b/i.test(html);
}

/** Attachments: PDF, pictures and Office files, told by their content (kernel upload-sniff). */
export const ATTACHMENT_KINDS: readonly UploadKind[] = ['pdf', 'png', 'jpeg', 'gif', 'webp', 'docx', 'xlsx', 'doc', 'xls'];
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;

/** A column is stale when it has no article, or its newest is older than its update rule allows. */
export function columnStale(updateDays: number | null, lastPublishedOn: string | null, today: string): 'empty' | 'overdue' | null {
  if (!lastPublishedOn) return 'empty';
  if (updateDays === null) return null;
  const age = (Date.parse(`${today}T00:00:00Z`) - Date.parse(`${lastPublishedOn}T00:00:00Z`)) / 86_400_000;
  return age > updateDays ? 'overdue' : null;
}

// ——— 依申请公开 ———

export const REQUEST_LIMIT_WORKDAYS = 20;
export const EXTENSION_MAX_WORKDAYS = 20;
export const CORRECTION_NOTICE_WORKDAYS = 7;

export const ANSWER_TYPES = ['proactive', 'disclose', 'partial', 'refuse', 'unable', 'not_processed', 'not_held'] as const;
export type AnswerType = (typeof ANSWER_TYPES)[number];
export const ANSWER_TYPE_LABELS: Record<AnswerType, string> = {
  proactive: '已主动公开',
  disclose: '予以公开',
  partial: '部分公开',
  refuse: '不予公开',
  unable: '无法提供',
  not_processed: '不予处理',
  not_held: '非本机关掌握',
};
/** Answers that must name their legal ground (条例 arts. 14–16, 36). */
export const GROUND_REQUIRED: readonly AnswerType[] = ['refuse', 'partial', 'not_processed'];

export const REQUEST_STATUSES = ['received', 'correcting', 'answered'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
export const REQUEST_STATUS_LABELS: Record<RequestStatus, string> = { received: '办理中', correcting: '待补正', answered: '已答复' };
export const DELIVERY_LABELS: Record<string, string> = { email: '电子邮件', post: '邮寄', pickup: '当面领取', online: '网上查看' };

export interface RequestClockInput {
  receivedOn: string;
  correctionFrom: string | null;
  correctionTo: string | null;
  extensionDays: number;
  answeredOn: string | null;
  today: string;
}

/**
 * 条例 art. 33: answer within 20 working days of receipt; one extension of at most 20 with the approver
 * recorded; art. 30: a 补正 notice stops the clock until the supplement arrives. The receipt day does
 * not count (the kernel's case clock, with the limit as both promised and legal limit).
 */
export function requestClock(index: WorkdayIndex, r: RequestClockInput): CaseClock {
  return computeCaseClock(index, {
    acceptedOn: r.receivedOn,
    promisedLimit: REQUEST_LIMIT_WORKDAYS + r.extensionDays,
    legalLimit: REQUEST_LIMIT_WORKDAYS + r.extensionDays,
    unit: 'workday',
    suspensions: r.correctionFrom ? [{ from: r.correctionFrom, to: r.correctionTo, reason: '补正' }] : [],
    extensions: [],
    completedOn: r.answeredOn,
    today: r.today,
  });
}

/** Answered on or before the due date (the due date carries the stop for 补正 and the extension). */
export function isOnTimeAnswer(answeredOn: string, dueOn: string): boolean {
  return answeredOn <= dueOn;
}

/** The clock in plain Chinese, as the applicant and the office read it. */
export function explainRequestClock(r: RequestClockInput, c: CaseClock, index: WorkdayIndex): string {
  const parts = [`${r.receivedOn} 收到申请，收到当日不计，依《政府信息公开条例》第三十三条应在 ${REQUEST_LIMIT_WORKDAYS} 个工作日内答复`];
  if (r.correctionFrom) {
    const stop = r.correctionTo
      ? `${r.correctionFrom} 发出补正通知，${r.correctionTo} 收到补正材料，期间 ${c.suspendedWorkdays} 个工作日不计入答复期限`
      : `${r.correctionFrom} 发出补正通知，等待补正期间不计时（已停 ${c.suspendedWorkdays} 个工作日）`;
    parts.push(stop);
  }
  if (r.extensionDays > 0) parts.push(`经批准延长 ${r.extensionDays} 个工作日`);
  parts.push(`答复期限为 ${c.promisedDueDate}`);
  const holidays = index.holidaysBetween(r.receivedOn, c.promisedDueDate);
  if (holidays.length > 0) parts.push(`其间节假日（${holidays.flatMap((h) => h.names).join('、')}）不计`);
  if (r.answeredOn) parts.push(c.overdue ? `${r.answeredOn} 答复，已超期` : `${r.answeredOn} 答复，未超期`);
  else if (r.correctionFrom && !r.correctionTo) parts.push('补正期间暂停计时');
  else parts.push(c.workdaysLeft >= 0 ? `尚余 ${c.workdaysLeft} 个工作日` : `已超期 ${-c.workdaysLeft} 个工作日`);
  return parts.join('；') + '。';
}
