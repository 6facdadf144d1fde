import { describe, expect, it } from 'vitest';
import { checkReviewStep, reviewState, validateLevelAccounts, validateReviewLevels, type PassRecord } from './review.rules';

const pass = (level: string, actorId: number): PassRecord => ({ level, actorId, actorName: `u${actorId}`, opinion: '同意', date: '2026-09-24' });
const THREE = ['承办', '审核', '签发'];

describe('review level configuration', () => {
  it.each([
    [[], null],
    [['签发'], null],
    [['承办', '签发'], null],
    [['审核', '签发'], null],
    [THREE, null],
    [['复核', '签发'], 'REVIEW_LEVEL_UNKNOWN'],
    [['承办', '承办', '签发'], 'REVIEW_LEVEL_DUPLICATE'],
    [['审核', '承办', '签发'], 'REVIEW_LEVEL_ORDER'],
    [['承办', '审核'], 'REVIEW_LEVEL_SIGN_LAST'],
  ])('%j → %s', (levels, code) => {
    expect(validateReviewLevels(levels)?.code ?? null).toBe(code);
  });
});

describe('review steps', () => {
  it.each([
    // configured, passes, actor, action → level or error code
    [THREE, [], 1, 'review', '承办'],
    [THREE, [pass('承办', 1)], 2, 'review', '审核'],
    [THREE, [pass('承办', 1), pass('审核', 2)], 3, 'approve', '签发'],
    [THREE, [], 1, 'approve', 'REVIEW_LEVELS_PENDING'],
    [THREE, [pass('承办', 1)], 2, 'approve', 'REVIEW_LEVELS_PENDING'],
    [THREE, [pass('承办', 1)], 1, 'review', 'REVIEW_SAME_ACCOUNT'],
    [THREE, [pass('承办', 1), pass('审核', 2)], 2, 'approve', 'REVIEW_SAME_ACCOUNT'],
    [THREE, [pass('承办', 1), pass('审核', 2)], 3, 'review', 'REVIEW_LEVELS_DONE'],
    [[], [], 1, 'approve', '签发'],
    [[], [], 1, 'review', 'REVIEW_NOT_CONFIGURED'],
  ] as const)('%j after %j by %i: %s → %s', (levels, passes, actor, action, expected) => {
    const r = checkReviewStep(levels, passes, actor, action);
    expect('level' in r ? r.level : r.code).toBe(expected);
  });

  it('shows the next level and whether it decides', () => {
    expect(reviewState(THREE, [pass('承办', 1)], false)).toMatchObject({ next: '审核', nextDecides: false, passed: [{ level: '承办', opinion: '同意' }] });
    expect(reviewState(THREE, [pass('承办', 1), pass('审核', 2)], false)).toMatchObject({ next: '签发', nextDecides: true });
    expect(reviewState([], [], false)).toMatchObject({ levels: ['签发'], next: '签发', nextDecides: true });
    expect(reviewState(THREE, [pass('承办', 1)], true).next).toBeNull();
  });
});

describe('accounts named per level', () => {
  const candidates = new Set([1, 2, 3]);
  it.each([
    ['nobody named', THREE, {}, null],
    ['签发 by account 3', THREE, { 签发: [3] }, null],
    ['two accounts for 审核', THREE, { 审核: [1, 2] }, null],
    ['a level that is not configured', ['审核', '签发'], { 承办: [1] }, 'REVIEW_ACCOUNT_LEVEL'],
    ['签发 on an unconfigured item (one level)', [], { 签发: [3] }, null],
    ['an account that is no reviewer of the department', THREE, { 签发: [9] }, 'REVIEW_ACCOUNT_UNKNOWN'],
    ['one account on two levels', THREE, { 审核: [2], 签发: [2] }, 'REVIEW_ACCOUNT_TWICE'],
  ])('%s', (_n, levels, accounts, code) => {
    expect(validateLevelAccounts(levels, accounts, candidates)?.code ?? null).toBe(code);
  });

  it.each([
    ['a named account passes its level', [pass('承办', 1), pass('审核', 2)], 3, 'approve', { level: '签发' }],
    ['another account is refused the named level', [pass('承办', 1), pass('审核', 2)], 4, 'approve', { code: 'REVIEW_LEVEL_NOT_YOURS' }],
    ['a level nobody was named for is open', [], 4, 'review', { level: '承办' }],
  ] as const)('%s', (_n, passes, actorId, action, want) => {
    expect(checkReviewStep(THREE, passes, actorId, action, { 签发: [3] })).toMatchObject(want);
  });
});
