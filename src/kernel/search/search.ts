import { sql } from 'kysely';
import type { DbOrTx } from '../db/db';
import { escapeLike } from '../db/db';
import { normalizeText, segmentWords, tokenize } from './tokenize';

/**
 * A small inverted index in two tables, for any module's documents (catalogue items, hotline knowledge
 * entries …). Callers index inside their own transaction, so the index never disagrees with the data.
 * Ranking happens in code over the matching (doc, term) rows, so SQLite and PostgreSQL return the same
 * order and scores.
 */

export interface SearchField {
  /** Name of the part of the document ('name', 'keyword', 'material', 'faq' …). */
  field: string;
  /** Text, or several texts (each keyword / material is also indexed as a whole phrase). */
  text: string | readonly string[];
  /** How much a hit in this field counts (e.g. name 10 > keyword 8 > material 3 > faq 2). */
  weight: number;
}

export interface SearchDocument {
  docId: string | number;
  /** The document's title: a query contained in it gets the exact-phrase bonus. */
  title: string;
  fields: readonly SearchField[];
}

export interface SearchHit {
  docId: string;
  score: number;
}

export interface SearchOptions {
  limit?: number;
  offset?: number;
  /** Synonym scope besides the global '*' (default: the doc type). */
  synonymScope?: string;
  /** Drop hits scoring below this share of the best hit (0–1; default 0 keeps every hit). */
  minRelativeScore?: number;
}

export interface SearchResult {
  hits: SearchHit[];
  total: number;
  /** The terms the query was expanded to (for explaining a result). */
  terms: string[];
}

export interface IndexRow {
  term: string;
  field: string;
  weight: number;
}

/** Rows of one document: the best weight per (term, field); whole phrases of list fields are terms too. */
export function indexRowsOf(doc: SearchDocument): IndexRow[] {
  const best = new Map<string, IndexRow>();
  const put = (term: string, field: string, weight: number) => {
    const key = `${field}\u0000${term}`;
    const prev = best.get(key);
    if (!prev || prev.weight < weight) best.set(key, { term, field, weight });
  };
  for (const f of doc.fields) {
    const texts = typeof f.text === 'string' ? [f.text] : f.text;
    for (const text of texts) {
      if (!text) continue;
      for (const term of tokenize(text)) put(term, f.field, f.weight);
      if (typeof f.text !== 'string') {
        const phrase = normalizeText(text).replace(/\s+/g, '');
        if (phrase.length >= 2 && phrase.length <= 60) put(phrase, f.field, f.weight);
      }
    }
  }
  return [...best.values()];
}

const BATCH = 1000;

/** Replaces the index entries of these documents (inside the caller's transaction). */
export async function indexDocuments(tx: DbOrTx, docType: string, docs: readonly SearchDocument[]): Promise<void> {
  if (docs.length === 0) return;
  await removeDocuments(
    tx,
    docType,
    docs.map((d) => d.docId),
  );
  const docRows = docs.map((d) => ({ doc_type: docType, doc_id: String(d.docId), title: normalizeText(d.title).replace(/\s+/g, '') }));
  for (let i = 0; i < docRows.length; i += BATCH) await tx.insertInto('kernel_search_docs').values(docRows.slice(i, i + BATCH)).execute();
  const termRows = docs.flatMap((d) => indexRowsOf(d).map((r) => ({ doc_type: docType, doc_id: String(d.docId), term: r.term, field: r.field, weight: r.weight })));
  for (let i = 0; i < termRows.length; i += BATCH) await tx.insertInto('kernel_search_terms').values(termRows.slice(i, i + BATCH)).execute();
}

export async function removeDocuments(tx: DbOrTx, docType: string, docIds: ReadonlyArray<string | number>): Promise<void> {
  const ids = docIds.map(String);
  for (let i = 0; i < ids.length; i += BATCH) {
    const chunk = ids.slice(i, i + BATCH);
    await tx.deleteFrom('kernel_search_terms').where('doc_type', '=', docType).where('doc_id', 'in', chunk).execute();
    await tx.deleteFrom('kernel_search_docs').where('doc_type', '=', docType).where('doc_id', 'in', chunk).execute();
  }
}

/** Synonyms: a query word also looks for these words (scope '*' = every doc type). */
export async function setSynonyms(tx: DbOrTx, scope: string, term: string, synonyms: readonly string[]): Promise<void> {
  const t = normalizeText(term);
  await tx.deleteFrom('kernel_search_synonyms').where('scope', '=', scope).where('term', '=', t).execute();
  const uniq = [...new Set(synonyms.map(normalizeText).filter((s) => s && s !== t))];
  if (uniq.length) await tx.insertInto('kernel_search_synonyms').values(uniq.map((s) => ({ scope, term: t, synonym: s }))).execute();
}

export async function listSynonyms(db: DbOrTx, scope: string): Promise<Array<{ term: string; synonyms: string[] }>> {
  const rows = await db.selectFrom('kernel_search_synonyms').select(['term', 'synonym']).where('scope', 'in', [scope, '*']).execute();
  const map = new Map<string, Set<string>>();
  for (const r of rows) map.set(r.term as string, (map.get(r.term as string) ?? new Set()).add(r.synonym as string));
  // Code-point order in code: the two databases collate Chinese text differently.
  const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...map.entries()].sort((a, b) => byCodePoint(a[0], b[0])).map(([term, set]) => ({ term, synonyms: [...set].sort(byCodePoint) }));
}

/**
 * A query concept: the terms that count as a hit for it, each with how much it is worth, and the synonyms
 * that are phrases of several dictionary words (设立登记 = 设立 + 登记): their parts count only together.
 */
export interface QueryGroup {
  word: string;
  terms: Map<string, number>;
  /** Per multi-word synonym: its parts and their factors. A document matching only some parts of a
   * synonym (设立 alone, in 广播电台设立初审) is about something else and gets nothing from it. */
  phraseParts: Array<Map<string, number>>;
}

/** Factors: the word itself 1, a synonym 0.9, a dictionary sub-word of either ≤ 0.6, a lone character 0.25. */
export function planQuery(query: string, synonyms: ReadonlyMap<string, readonly string[]>): QueryGroup[] {
  const phrase = normalizeText(query).replace(/\s+/g, '');
  const words = segmentWords(query);
  if (phrase && synonyms.has(phrase) && !words.includes(phrase)) words.push(phrase);
  const groups: QueryGroup[] = [];
  for (const word of words) {
    const terms = new Map<string, number>();
    const add = (t: string, f: number) => {
      if ((terms.get(t) ?? 0) < f) terms.set(t, f);
    };
    add(word, word.length === 1 ? 0.4 : 1);
    for (const sub of tokenize(word)) if (sub !== word) add(sub, sub.length === 1 ? 0.25 : 0.6);
    const phraseParts: Array<Map<string, number>> = [];
    for (const syn of synonyms.get(word) ?? []) {
      add(syn, 0.9);
      const parts = new Map<string, number>();
      for (const sub of tokenize(syn)) if (sub !== syn && sub.length > 1 && !terms.has(sub)) parts.set(sub, 0.5);
      if (parts.size > 0) phraseParts.push(parts);
    }
    groups.push({ word, terms, phraseParts });
  }
  // A word whose whole meaning lives in a longer word of the query (开 in 开饭店) adds nothing.
  return groups;
}

async function synonymMap(db: DbOrTx, scope: string, words: string[]): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>();
  if (words.length === 0) return map;
  const rows = await db
    .selectFrom('kernel_search_synonyms')
    .select(['term', 'synonym'])
    .where('scope', 'in', [scope, '*'])
    .where('term', 'in', words)
    .execute();
  for (const r of rows) map.set(r.term as string, [...(map.get(r.term as string) ?? []), r.synonym as string]);
  return map;
}

const round = (n: number) => Math.round(n * 10000) / 10000;

/**
 * Ranked documents for a query. Score = Σ over the query's words of the best (field weight × term factor
 * × idf) among the terms that stand for that word, scaled by the share of words matched, plus a bonus
 * when the title contains the whole query (exact phrase) and more when it equals it.
 */
export async function search(db: DbOrTx, docType: string, query: string, opts: SearchOptions = {}): Promise<SearchResult> {
  const limit = opts.limit ?? 20;
  const offset = opts.offset ?? 0;
  const phrase = normalizeText(query).replace(/\s+/g, '');
  if (!phrase) return { hits: [], total: 0, terms: [] };

  const words = [...new Set([...segmentWords(query), phrase])];
  const syn = await synonymMap(db, opts.synonymScope ?? docType, words);
  const groups = planQuery(query, syn);
  const allTerms = [...new Set(groups.flatMap((g) => [...g.terms.keys(), ...g.phraseParts.flatMap((p) => [...p.keys()])]))];

  const rows = allTerms.length
    ? await db
        .selectFrom('kernel_search_terms')
        .select(['doc_id', 'term', (eb) => eb.fn.max('weight').as('w')])
        .where('doc_type', '=', docType)
        .where('term', 'in', allTerms)
        .groupBy(['doc_id', 'term'])
        .execute()
    : [];
  const titleHits = await db
    .selectFrom('kernel_search_docs')
    .select(['doc_id', 'title'])
    .where('doc_type', '=', docType)
    .where(sql<boolean>`title like ${`%${escapeLike(phrase)}%`} escape '\\'`)
    .execute();
  const countRow = await db
    .selectFrom('kernel_search_docs')
    .select(sql<number>`cast(count(*) as integer)`.as('n'))
    .where('doc_type', '=', docType)
    .executeTakeFirst();
  const n = Math.max(1, Number(countRow?.n ?? 0));

  const byDoc = new Map<string, Map<string, number>>();
  const df = new Map<string, number>();
  for (const r of rows) {
    const doc = String(r.doc_id);
    const term = r.term as string;
    if (!byDoc.has(doc)) byDoc.set(doc, new Map());
    byDoc.get(doc)!.set(term, Number(r.w));
    df.set(term, (df.get(term) ?? 0) + 1);
  }
  const idf = (t: string) => Math.log(1 + n / Math.max(1, df.get(t) ?? 1));

  const scores = new Map<string, number>();
  for (const [doc, terms] of byDoc) {
    let sum = 0;
    let matched = 0;
    for (const g of groups) {
      // The word itself or a synonym counts once at its best; its parts add up (施工 + 许可 beat 施工
      // alone) but never beyond what the whole word would have scored.
      let whole = 0;
      let parts = 0;
      let partsCap = 0;
      for (const [t, factor] of g.terms) {
        const w = terms.get(t);
        if (w === undefined) continue;
        if (factor >= 0.9) whole = Math.max(whole, w * factor * idf(t));
        else {
          parts += w * factor * idf(t);
          partsCap = Math.max(partsCap, w * 0.85 * idf(t));
        }
      }
      // a multi-word synonym found in pieces counts only when every piece is there
      for (const phraseParts of g.phraseParts) {
        if (![...phraseParts.keys()].every((t) => terms.has(t))) continue;
        for (const [t, factor] of phraseParts) {
          const w = terms.get(t)!;
          parts += w * factor * idf(t);
          partsCap = Math.max(partsCap, w * 0.85 * idf(t));
        }
      }
      const best = Math.max(whole, Math.min(parts, partsCap));
      if (best > 0) matched++;
      sum += best;
    }
    if (sum > 0) scores.set(doc, sum * (0.5 + (0.5 * matched) / Math.max(1, groups.length)));
  }
  const maxScore = Math.max(1, ...scores.values());
  for (const r of titleHits) {
    const doc = String(r.doc_id);
    const bonus = maxScore * (r.title === phrase ? 0.8 : 0.5);
    scores.set(doc, (scores.get(doc) ?? 0) + bonus);
  }

  const top = Math.max(0, ...scores.values());
  const floor = top * (opts.minRelativeScore ?? 0);
  const ranked = [...scores.entries()]
    .filter(([, score]) => score >= floor)
    .map(([docId, score]) => ({ docId, score: round(score) }))
    .sort((a, b) => b.score - a.score || (a.docId < b.docId ? -1 : a.docId > b.docId ? 1 : 0));
  return { hits: ranked.slice(offset, offset + limit), total: ranked.length, terms: allTerms };
}
