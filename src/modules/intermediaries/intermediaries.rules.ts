/**
 * The market's pure rules: project states as a table, who qualifies, the reproducible random draw, the sealed
 * bid and the weighted score. Table-tested in intermediaries.rules.test.ts.
 */
import { createHash } from 'node:crypto';

export const MODES = ['direct', 'random', 'bid', 'merit'] as const;
export type Mode = (typeof MODES)[number];
export const MODE_LABELS: Record<Mode, string> = { direct: '直接选取', random: '随机抽取', bid: '竞价选取', merit: '择优选取' };

export const PROJECT_STATUSES = ['open', 'publicity', 'contracted', 'delivered', 'accepted', 'cancelled'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];
export const STATUS_LABELS: Record<ProjectStatus, string> = {
  open: '报名中',
  publicity: '结果公示',
  contracted: '已签约',
  delivered: '已交付',
  accepted: '已验收',
  cancelled: '已终止',
};

export const AGENCY_STATUSES = ['pending', 'listed', 'rejected', 'suspended', 'unlisted'] as const;
export type AgencyStatus = (typeof AGENCY_STATUSES)[number];
export const AGENCY_STATUS_LABELS: Record<AgencyStatus, string> = { pending: '待审核', listed: '已入驻', rejected: '未通过', suspended: '已暂停', unlisted: '已下架' };

export const PROJECT_ACTIONS = ['signup', 'bid', 'select', 'object', 'contract', 'deliver', 'accept', 'rate', 'cancel'] as const;
export type ProjectAction = (typeof PROJECT_ACTIONS)[number];

/** The project statuses in which each action is allowed. */
export const PROJECT_TRANSITIONS: Record<ProjectAction, readonly ProjectStatus[]> = {
  signup: ['open'],
  bid: ['open'],
  select: ['open'],
  object: ['publicity'],
  contract: ['publicity'],
  deliver: ['contracted'],
  accept: ['delivered'],
  rate: ['accepted'],
  cancel: ['open', 'publicity'],
};

export function projectCheck(action: ProjectAction, status: string): string | null {
  return (PROJECT_TRANSITIONS[action] as readonly string[]).includes(status)
    ? null
    : `项目状态为“${STATUS_LABELS[status as ProjectStatus] ?? status}”，不能${ACTION_LABELS[action]}`;
}

export const ACTION_LABELS: Record<ProjectAction, string> = {
  signup: '报名',
  bid: '报价',
  select: '选取中介机构',
  object: '提出异议',
  contract: '签订合同',
  deliver: '提交成果',
  accept: '验收',
  rate: '评价',
  cancel: '终止项目',
};

/** 资质等级, strongest first: a 甲级 holder qualifies where 乙级 is required. */
export const LEVELS = ['甲级', '乙级', '丙级', '丁级', '不分级'] as const;

export function levelSatisfies(held: string, required: string | null): boolean {
  if (!required || required === '不分级') return true;
  const h = LEVELS.indexOf(held as (typeof LEVELS)[number]);
  const r = LEVELS.indexOf(required as (typeof LEVELS)[number]);
  if (h < 0 || r < 0) return held === required;
  return h <= r;
}

export interface QualificationFacts {
  name: string;
  level: string;
  expiresOn: string;
}

export interface AgencyFacts {
  status: string;
  serviceIds: number[];
  qualifications: QualificationFacts[];
}

export interface Requirement {
  serviceId: number;
  qualification: string | null;
  level: string | null;
}

/** Why an agency cannot serve a project today, or null when it qualifies. */
export function disqualification(a: AgencyFacts, req: Requirement, today: string): string | null {
  if (a.status !== 'listed') return '中介机构未入驻或已暂停、下架';
  if (!a.serviceIds.includes(req.serviceId)) return '中介机构的服务类型不含本项目所需服务';
  const valid = a.qualifications.filter((q) => q.expiresOn >= today);
  if (valid.length === 0) return '中介机构没有有效期内的资质';
  if (req.qualification && !valid.some((q) => q.name === req.qualification && levelSatisfies(q.level, req.level))) {
    return `中介机构不具备有效的“${req.qualification}${req.level ? `（${req.level}及以上）` : ''}”资质`;
  }
  return null;
}

export const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

export interface DrawRecord {
  /** Candidate agency ids in ascending order: the list the draw ran on. */
  candidates: number[];
  seed: string;
  seedHash: string;
  /** sha256(seed + ':' + candidates joined by ','). */
  digest: string;
  /** digest's first 13 hex digits as a number, mod the number of candidates. */
  index: number;
  picked: number;
}

/**
 * 随机抽取, reproducible: anyone holding the revealed seed and the published candidate list recomputes the
 * pick, and sha256(seed) equals the hash published when the project was posted.
 */
export function draw(seed: string, candidateIds: number[]): DrawRecord {
  if (candidateIds.length === 0) throw new RangeError('draw needs candidates');
  const candidates = [...candidateIds].sort((a, b) => a - b);
  const digest = sha256(`${seed}:${candidates.join(',')}`);
  const index = parseInt(digest.slice(0, 13), 16) % candidates.length;
  return { candidates, seed, seedHash: sha256(seed), digest, index, picked: candidates[index] };
}

export interface Bid {
  agencyId: number;
  cents: number;
  at: string;
}

/** 竞价选取: the lowest price wins; equal prices go to the earlier bid, then the smaller id. */
export function lowestBid(bids: Bid[]): Bid | null {
  const sorted = [...bids].sort((a, b) => a.cents - b.cents || a.at.localeCompare(b.at) || a.agencyId - b.agencyId);
  return sorted[0] ?? null;
}

export interface Criterion {
  name: string;
  weight: number;
}

/** 择优选取 criteria: 1–10 named criteria whose weights add up to 100. */
export function criteriaProblem(criteria: Criterion[]): string | null {
  if (criteria.length === 0) return '择优选取须公布评分标准';
  if (new Set(criteria.map((c) => c.name)).size !== criteria.length) return '评分标准的名称不能重复';
  const sum = criteria.reduce((s, c) => s + c.weight, 0);
  return sum === 100 ? null : `评分标准的权重合计应为 100，现为 ${sum}`;
}

/** Weighted total of 0–100 scores per criterion, rounded to a whole point. */
export function weightedScore(criteria: Criterion[], scores: Record<string, number>): number {
  return Math.round(criteria.reduce((s, c) => s + (scores[c.name] ?? 0) * c.weight, 0) / 100);
}

/** Savings of one project: budget minus price (never below 0 is not assumed: an over-budget price counts negative). */
export const saving = (budgetCents: number, priceCents: number) => budgetCents - priceCents;

/**
 * 超期未交付: a contracted project whose delivery deadline (working days from signing, already on the
 * calendar) has passed without delivery. Delivered, accepted or cancelled projects are never late here.
 */
export function deliveryOverdue(p: { status: string; deliveryDue: string | null }, today: string): boolean {
  return p.status === 'contracted' && p.deliveryDue !== null && today > p.deliveryDue;
}
