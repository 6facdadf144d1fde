import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, dialects, type TestApp } from '../../../test/harness';
import { indexDocuments, indexRowsOf, removeDocuments, search, setSynonyms, listSynonyms } from './search';
import { tokenize } from './tokenize';

describe('tokenize', () => {
  it.each([
    ['营业执照遗失补领', ['营业执照', '执照', '补领']],
    ['社会保障卡申领', ['社会保障卡', '申领']],
    ['医保电子凭证', ['医保']],
    ['不动产登记', ['不动产', '登记']],
    ['居民身份证换领', ['身份证', '居民身份证']],
  ])('%s keeps the compound and its parts', (text, expected) => {
    expect(tokenize(text)).toEqual(expect.arrayContaining(expected));
  });

  it('drops punctuation and stop words, normalizes full-width text', () => {
    expect(tokenize('我要办理营业执照，需要什么材料？')).not.toEqual(expect.arrayContaining(['我要', '，', '什么']));
    expect(tokenize('ＡＢＣ１２３')).toEqual(['abc123']);
  });

  it('beats Intl.Segmenter on government compounds (the comparison behind the choice)', () => {
    // The full side-by-side is scripts/research/compare-segmenters.ts.
    const seg = new Intl.Segmenter('zh', { granularity: 'word' });
    const intl = (name: string) => [...seg.segment(name)].filter((s) => s.isWordLike).map((s) => s.segment);
    const keeps = (words: string[], w: string) => words.includes(w);
    // ICU breaks these; jieba keeps them
    expect(keeps(intl('医保电子凭证申领'), '医保')).toBe(false);
    expect(keeps(tokenize('医保电子凭证申领'), '医保')).toBe(true);
    expect(keeps(intl('企业注销登记'), '注销')).toBe(false);
    expect(keeps(tokenize('企业注销登记'), '注销')).toBe(true);
    expect(keeps(tokenize('营业执照遗失补领'), '执照')).toBe(true);
  });
});

describe('indexRowsOf', () => {
  it('keeps the best weight per term and field and indexes list entries as phrases', () => {
    const rows = indexRowsOf({ docId: 1, title: 'x', fields: [{ field: 'name', text: '营业执照', weight: 10 }, { field: 'keyword', text: ['开饭店'], weight: 8 }] });
    expect(rows).toEqual(expect.arrayContaining([{ term: '营业执照', field: 'name', weight: 10 }, { term: '开饭店', field: 'keyword', weight: 8 }]));
  });
});

describe.each(dialects)('search index on %s', (dialect) => {
  let t: TestApp<[]>;
  const doc = (id: string, name: string, extra: { keywords?: string[]; materials?: string[]; faqs?: string[] } = {}) => ({
    docId: id,
    title: name,
    fields: [
      { field: 'name', text: name, weight: 10 },
      { field: 'keyword', text: extra.keywords ?? [], weight: 8 },
      { field: 'material', text: extra.materials ?? [], weight: 3 },
      { field: 'faq', text: extra.faqs ?? [], weight: 2 },
    ],
  });
  beforeAll(async () => {
    t = await buildTestApp({ dialect, modules: [], seed: [] });
    await t.ctx.db.transaction().execute(async (tx) => {
      await indexDocuments(tx, 'test.doc', [
        doc('a', '个体工商户设立登记', { keywords: ['营业执照'], materials: ['经营者身份证明'] }),
        doc('b', '营业执照遗失补领'),
        doc('c', '食品经营许可（餐饮服务）', { materials: ['营业执照复印件'] }),
        doc('d', '公共场所卫生许可（新办）', { materials: ['营业执照复印件'], faqs: ['开饭店要办卫生许可吗'] }),
        doc('e', '基本医疗保险关系转移接续'),
        doc('f', '伤残抚恤关系转移办理'),
      ]);
      await indexDocuments(tx, 'other.doc', [doc('z', '营业执照')]);
      await setSynonyms(tx, 'test.doc', '开饭店', ['餐饮', '食品经营']);
      await setSynonyms(tx, '*', '医保', ['医疗保险']);
    });
  });
  afterAll(async () => t?.close());

  it('ranks a name hit above a material hit, and the exact title highest', async () => {
    const r = await search(t.ctx.db, 'test.doc', '营业执照');
    expect(r.hits.map((h) => h.docId).slice(0, 2)).toEqual(['b', 'a']);
    expect(r.hits.map((h) => h.docId)).toEqual(expect.arrayContaining(['c', 'd']));
    expect(r.hits.map((h) => h.docId)).not.toContain('z');
  });

  it('finds a compound through its part', async () => {
    const r = await search(t.ctx.db, 'test.doc', '执照');
    expect(r.hits[0].docId).toBe('b');
  });

  it('expands synonyms of the scope and the global ones', async () => {
    expect((await search(t.ctx.db, 'test.doc', '开饭店')).hits[0].docId).toBe('c');
    expect((await search(t.ctx.db, 'test.doc', '医保转移')).hits[0].docId).toBe('e');
    expect(await listSynonyms(t.ctx.db, 'test.doc')).toEqual([
      { term: '医保', synonyms: ['医疗保险'] },
      { term: '开饭店', synonyms: ['食品经营', '餐饮'] },
    ]);
  });

  it('pages the ranked list and reports the total', async () => {
    const all = await search(t.ctx.db, 'test.doc', '许可');
    const page = await search(t.ctx.db, 'test.doc', '许可', { limit: 1, offset: 1 });
    expect(page.total).toBe(all.total);
    expect(page.hits).toEqual([all.hits[1]]);
  });

  it('re-indexing replaces and removing forgets a document', async () => {
    await t.ctx.db.transaction().execute(async (tx) => indexDocuments(tx, 'test.doc', [doc('b', '营业执照补办')]));
    expect((await search(t.ctx.db, 'test.doc', '遗失')).total).toBe(0);
    await t.ctx.db.transaction().execute(async (tx) => removeDocuments(tx, 'test.doc', ['b']));
    expect((await search(t.ctx.db, 'test.doc', '补办')).total).toBe(0);
  });

  it('answers an empty or meaningless query with nothing', async () => {
    expect((await search(t.ctx.db, 'test.doc', '  ')).total).toBe(0);
    expect((await search(t.ctx.db, 'test.doc', '？？')).total).toBe(0);
  });
});
