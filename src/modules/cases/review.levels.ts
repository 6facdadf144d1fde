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
import type { ItemReviewLevels } from '../../shared/review-levels';
import type { CasesEnv } from './cases.env';
import type { CaseEventRow, CasesDbOrTx } from './cases.tables';
import { validateReviewLevels, type PassRecord } from './review.rules';

/** The item's configured levels ([] = one level, the decision itself). */
export async function levelsOf(db: CasesDbOrTx, itemCode: string): Promise<string[]> {
  const row = await db.selectFrom('cases_review_levels').select('levels_json').where('item_code', '=', itemCode).executeTakeFirst();
  return parseJson<string[]>(row?.levels_json ?? null, []);
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

  async get(actor: Actor, itemCode: string): Promise<ItemReviewLevels> {
    await this.itemFor(actor, itemCode);
    const row = await this.env.db.selectFrom('cases_review_levels').selectAll().where('item_code', '=', itemCode).executeTakeFirst();
    return { itemCode, levels: parseJson<string[]>(row?.levels_json ?? null, []), updatedAt: row?.updated_at ?? null, updatedByName: row?.updated_by_name ?? null };
  }

  /** PUT: the new levels apply to the item's cases from their next step (levels already passed stay passed). */
  async set(actor: Actor, itemCode: string, levels: string[]): Promise<ItemReviewLevels> {
    const bad = validateReviewLevels(levels);
    if (bad) throw new AppError(bad.code, bad.status, bad.message, { field: 'levels' });
    await this.itemFor(actor, itemCode);
    const now = this.env.nowIso();
    // One level (签发 alone) is the default: stored as no row.
    const stored = levels.length <= 1 ? [] : levels;
    await this.env.db.transaction().execute(async (tx) => {
      const before = await levelsOf(tx, itemCode);
      await tx.deleteFrom('cases_review_levels').where('item_code', '=', itemCode).execute();
      if (stored.length > 0) {
        await tx.insertInto('cases_review_levels').values({ item_code: itemCode, levels_json: JSON.stringify(stored), updated_at: now, updated_by_name: actor.name }).execute();
      }
      await recordAudit(tx, this.env.ctx.clock, actor, { action: 'case.review_levels_set', subjectType: 'item', subjectId: itemCode, before: { levels: before }, after: { levels: stored } });
    });
    return { itemCode, levels: stored, updatedAt: stored.length > 0 ? now : null, updatedByName: stored.length > 0 ? actor.name : null };
  }
}
