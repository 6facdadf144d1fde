/**
 * 分级审查 rules (issue 21 item 11), pure: which level configurations are valid, where a case stands, and
 * whether an account may pass the next level. See src/shared/review-levels.ts for the model.
 */
import { REVIEW_LEVELS, type CaseReviewState, type ReviewPass } from '../../shared/review-levels';

export interface RuleError {
  code: string;
  status: 409 | 422;
  message: string;
}

const ORDER = new Map<string, number>(REVIEW_LEVELS.map((l, i) => [l, i]));
/** An item without configuration: one level, the decision itself. */
export const SINGLE_LEVEL = ['签发'];

/** A configuration is a subsequence of 承办 → 审核 → 签发 ending with 签发 (the deciding level); [] = single level. */
export function validateReviewLevels(levels: readonly string[]): RuleError | null {
  if (levels.length === 0) return null;
  const unknown = levels.filter((l) => !ORDER.has(l));
  if (unknown.length > 0) return { code: 'REVIEW_LEVEL_UNKNOWN', status: 422, message: `审查层级只能是 ${REVIEW_LEVELS.join('、')}：${unknown.join('、')} 不是` };
  if (new Set(levels).size !== levels.length) return { code: 'REVIEW_LEVEL_DUPLICATE', status: 422, message: '审查层级不能重复' };
  for (let i = 1; i < levels.length; i++) {
    if (ORDER.get(levels[i])! < ORDER.get(levels[i - 1])!) return { code: 'REVIEW_LEVEL_ORDER', status: 422, message: `审查层级须按 ${REVIEW_LEVELS.join(' → ')} 的顺序` };
  }
  if (levels[levels.length - 1] !== '签发') return { code: 'REVIEW_LEVEL_SIGN_LAST', status: 422, message: '最后一级须为签发（由签发人作出决定）' };
  return null;
}

/** Named accounts per level must name configured levels, each account once per level, and no account on two levels (one account passes one level). */
export function validateLevelAccounts(levels: readonly string[], accounts: Readonly<Record<string, readonly number[]>>, candidates: ReadonlySet<number>): RuleError | null {
  const effective = levels.length > 0 ? levels : SINGLE_LEVEL;
  const seen = new Set<number>();
  for (const [level, ids] of Object.entries(accounts)) {
    if (!effective.includes(level)) return { code: 'REVIEW_ACCOUNT_LEVEL', status: 422, message: `${level} 不是本事项配置的审查层级` };
    for (const id of ids) {
      if (!candidates.has(id)) return { code: 'REVIEW_ACCOUNT_UNKNOWN', status: 422, message: `账号 ${id} 不是本部门的审查人员` };
      if (seen.has(id)) return { code: 'REVIEW_ACCOUNT_TWICE', status: 422, message: '同一账号不能承担两级审查' };
      seen.add(id);
    }
  }
  return null;
}

/** A level passed, with the account that passed it (the rules compare accounts, the view shows names). */
export interface PassRecord extends ReviewPass {
  actorId: number | null;
}

export function reviewState(configured: readonly string[], passes: readonly PassRecord[], decided: boolean): CaseReviewState {
  const levels = configured.length > 0 ? [...configured] : SINGLE_LEVEL;
  const done = decided || passes.length >= levels.length;
  const next = done ? null : levels[passes.length];
  return {
    levels,
    passed: passes.map(({ actorId: _a, ...p }) => p),
    next,
    nextDecides: next !== null && passes.length === levels.length - 1,
  };
}

/**
 * May `actorId` take `action` (review = pass a level with an opinion; approve = the deciding level) now?
 * Returns the level it passes, or why not: levels go in order, the decision waits for every earlier level,
 * and one account passes at most one level of a case.
 */
export function checkReviewStep(
  configured: readonly string[],
  passes: readonly PassRecord[],
  actorId: number | null,
  action: 'review' | 'approve',
  accounts: Readonly<Record<string, readonly number[]>> = {},
): { level: string } | RuleError {
  const levels = configured.length > 0 ? configured : SINGLE_LEVEL;
  const deciding = levels.length - 1;
  if (action === 'review' && passes.length >= deciding) {
    return levels.length === 1
      ? { code: 'REVIEW_NOT_CONFIGURED', status: 409, message: '本事项为一级审批，请直接作出决定（准予许可或不予许可）' }
      : { code: 'REVIEW_LEVELS_DONE', status: 409, message: `${levels.slice(0, deciding).join('、')}已完成，请由签发人作出决定` };
  }
  if (action === 'approve' && passes.length < deciding) {
    return { code: 'REVIEW_LEVELS_PENDING', status: 409, message: `尚未完成${levels.slice(passes.length, deciding).join('、')}，不能签发` };
  }
  if (actorId !== null && passes.some((p) => p.actorId === actorId)) {
    return { code: 'REVIEW_SAME_ACCOUNT', status: 409, message: `您已作出${passes.find((p) => p.actorId === actorId)!.level}意见，同一账号不能审查两级` };
  }
  const level = levels[passes.length];
  const named = accounts[level] ?? [];
  if (named.length > 0 && (actorId === null || !named.includes(actorId))) {
    return { code: 'REVIEW_LEVEL_NOT_YOURS', status: 409, message: `本事项的${level}由指定人员办理，您不在其中` };
  }
  return { level };
}

export const isRuleError = (x: unknown): x is RuleError => typeof x === 'object' && x !== null && 'code' in x;
