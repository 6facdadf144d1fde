/**
 * The catalogue in the kernel's search index: what a published version contributes (its document), the
 * relevance scores of a query, and the synonyms admins keep for what citizens type (defaults in
 * catalog.synonyms.ts).
 */
import type { Clock } from '../../kernel/clock';
import type { Actor } from '../../kernel/auth/actor';
import { AppError } from '../../kernel/errors';
import { recordAudit } from '../../kernel/audit/audit';
import { listSynonyms, search, setSynonyms, type SearchDocument } from '../../kernel/search';
import type { ItemFields } from './catalog.rules';
import type { CatalogDb } from './catalog.tables';

/** The search index's document type of published items, and the scope of their synonyms. */
export const SEARCH_DOC_TYPE = 'catalog.item';

/** What the search index holds of a published version: name > keywords > life events > materials > FAQs. */
export function searchDocOf(code: string, f: ItemFields): SearchDocument {
  return {
    docId: code,
    title: f.name,
    fields: [
      { field: 'name', text: f.name, weight: 10 },
      { field: 'keyword', text: f.keywords, weight: 8 },
      { field: 'theme', text: f.lifeEvents, weight: 4 },
      { field: 'material', text: f.materials.map((m) => m.name), weight: 3 },
      { field: 'faq', text: f.faqs.map((q) => `${q.question} ${q.answer}`), weight: 2 },
    ],
  };
}

/** Relevance by item code, or null without a query. */
export async function searchScores(db: CatalogDb, q: string | undefined): Promise<Map<string, number> | null> {
  if (!q?.trim()) return null;
  // hits far below the best one are matches on a stray character or a common word: noise to a citizen
  const r = await search(db, SEARCH_DOC_TYPE, q, { limit: 5000, minRelativeScore: 0.12 });
  return new Map(r.hits.map((h) => [h.docId, h.score]));
}

export type SynonymList = Array<{ term: string; synonyms: string[] }>;

export function catalogSynonyms(db: CatalogDb): Promise<SynonymList> {
  return listSynonyms(db, SEARCH_DOC_TYPE);
}

/** Sets one term's synonyms (an empty list deletes the term), with its audit row; answers the whole list. */
export async function setCatalogSynonyms(db: CatalogDb, clock: Clock, actor: Actor, term: string, synonyms: string[]): Promise<SynonymList> {
  if (!term.trim()) throw new AppError('TERM_REQUIRED', 422, '请填写搜索词', { field: 'term' });
  await db.transaction().execute(async (tx) => {
    await setSynonyms(tx, SEARCH_DOC_TYPE, term, synonyms);
    await recordAudit(tx, clock, actor, { action: 'catalog.synonyms.set', subjectType: 'search_synonym', subjectId: term, after: synonyms });
  });
  return catalogSynonyms(db);
}
