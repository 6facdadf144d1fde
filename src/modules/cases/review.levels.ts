/**
 * 分级审查 (issue 21 item 11): the levels configured per catalogue item (承办 → 审核 → 签发) and the levels a
 * case has passed (its `review` events). The commands (cases.commands.ts) enforce the order; the view
 * (cases.views.ts) shows where the case stands.
 */
import type { Actor } from '../../kernel/auth/actor';
import { hasRole } from '../../kernel/auth/actor';
import { recordAudit } from '../../kernel/audit/audit';
import { parseJson } from '../../kernel/db/db';
import { AppError } from '../../kernel/errors';
import type { ItemReviewLevels, LevelAccounts } from '../../shared/review-levels';
import type { CasesEnv } from './cases.env';
import type { CaseEventRow, CasesDbOrTx } from './cases.tables';
import { validateLevelAccounts, validateReviewLevels, type PassRecord } from './review.rules';

/** The item's configured levels ([] = one level, the decision itself). */
export async function levelsOf(db: CasesDbOrTx, itemCode: string): Promise<string[]> {
  const row = await db.selectFrom('cases_review_levels').select('levels_json').where('item_code', '=', itemCode).executeTakeFirst();
  return parseJson<string[]>(row?.levels_json ?? null, []);
}

/** The accounts named per level ({} = every level open to the department's reviewers). */
export async function levelAccountsOf(db: CasesDbOrTx, itemCode: string): Promise<LevelAccounts> {
  const row = await db.selectFrom('cases_review_levels').select('accounts_json').where('item_code', '=', itemCode).executeTakeFirst();
  return parseJson<LevelAccounts>(row?.accounts_json ?? null, {});
}

/** The levels a case passed, in order, from its timeline. */
export function passesOf(events: readonly Pick<CaseEventRow, 'action' | 'actor_id' | 'actor_name' | 'data_json' | 'on_date'>[]): PassRecord[] {
  return events
    .filter((e) => e.action === 'review')
    .map((e) => {
      const d = parseJson<{ level?: string; opinion?: string }>(e.data_json, {});
      return { level: d.level ?? '', opinion: d.opinion ?? '', actorId: e.actor_id === null ? null : Number(e.actor_id), actorName: e.actor_name, date: e.on_date };
    });
}

export class ReviewLevels {
  constructor(private readonly env: CasesEnv) {}

  /** An admin, or a catalogue editor of the item's own department. */
  private async itemFor(actor: Actor, itemCode: string) {
    const item = await this.env.catalog.getPublished(itemCode);
    if (!item) throw new AppError('ITEM_NOT_FOUND', 404, `事项不存在或未发布：${itemCode}`);
    if (!hasRole(actor, 'admin') && !(hasRole(actor, 'catalog_editor') && actor.departmentId === item.departmentId)) {
      throw new AppError('FORBIDDEN', 403, '只能配置本部门事项的审查层级');
    }
    return item;
  }

  /** The reviewers of the item's department: the accounts a level may be given to. */
  private async candidates(departmentId: number): Promise<Array<{ id: number; name: string }>> {
    const page = await this.env.ctx.auth.listUsers({ role: 'reviewer', departmentId, offset: 0, limit: 500 });
    return page.items.filter((u) => u.active).map((u) => ({ id: u.id, name: u.name }));
  }

  async get(actor: Actor, itemCode: string): Promise<ItemReviewLevels> {
    const item = await this.itemFor(actor, itemCode);
    const row = await this.env.db.selectFrom('cases_review_levels').selectAll().where('item_code', '=', itemCode).executeTakeFirst();
    return {
      itemCode,
      itemName: item.name,
      levels: parseJson<string[]>(row?.levels_json ?? null, []),
      accounts: parseJson<LevelAccounts>(row?.accounts_json ?? null, {}),
      candidates: await this.candidates(item.departmentId),
      updatedAt: row?.updated_at ?? null,
      updatedByName: row?.updated_by_name ?? null,
    };
  }

  /** PUT: the new levels apply to the item's cases from their next step (levels already passed stay passed). */
  async set(actor: Actor, itemCode: string, levels: string[], accounts: LevelAccounts = {}): Promise<ItemReviewLevels> {
    const bad = validateReviewLevels(levels);
    if (bad) throw new AppError(bad.code, bad.status, bad.message, { field: 'levels' });
    const item = await this.itemFor(actor, itemCode);
    const candidates = await this.candidates(item.departmentId);
    // Levels given to nobody are left out (open to the department's reviewers).
    const named: LevelAccounts = Object.fromEntries(Object.entries(accounts).filter(([, ids]) => ids.length > 0).map(([l, ids]) => [l, [...new Set(ids)]]));
    const badAccounts = validateLevelAccounts(levels, named, new Set(candidates.map((c) => c.id)));
    if (badAccounts) throw new AppError(badAccounts.code, badAccounts.status, badAccounts.message, { field: 'accounts' });
    const now = this.env.nowIso();
    // One level (签发 alone) with nobody named is the default: stored as no row.
    const stored = levels.length <= 1 ? [] : levels;
    const keep = stored.length > 0 || Object.keys(named).length > 0;
    await this.env.db.transaction().execute(async (tx) => {
      const before = { levels: await levelsOf(tx, itemCode), accounts: await levelAccountsOf(tx, itemCode) };
      await tx.deleteFrom('cases_review_levels').where('item_code', '=', itemCode).execute();
      if (keep) {
        await tx
          .insertInto('cases_review_levels')
          .values({ item_code: itemCode, levels_json: JSON.stringify(stored), accounts_json: Object.keys(named).length > 0 ? JSON.stringify(named) : null, updated_at: now, updated_by_name: actor.name })
          .execute();
      }
      await recordAudit(tx, this.env.ctx.clock, actor, { action: 'case.review_levels_set', subjectType: 'item', subjectId: itemCode, before, after: { levels: stored, accounts: named } });
    });
    return { itemCode, itemName: item.name, levels: stored, accounts: named, candidates, updatedAt: keep ? now : null, updatedByName: keep ? actor.name : null };
  }
}
