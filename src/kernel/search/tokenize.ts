import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Jieba } from '@node-rs/jieba';

/**
 * Chinese word segmentation for search. jieba (dictionary-based, search mode) was chosen over
 * `Intl.Segmenter` after comparing both on real item names (scripts/research/compare-segmenters.ts):
 * ICU splits 医保 → 医/保, 社会保障卡 → 社会/保障/卡, 居民身份证 → 居民/身份/证, 申领 → 申/领, which makes exact
 * government terms unsearchable; jieba's search mode keeps the compound *and* its parts
 * (营业执照 → 营业/执照/营业执照), which is what lets “执照” find 营业执照.
 *
 * HMM (new-word guessing) is off: it invents words such as 证新办 from 残疾人证新办, and the index must
 * be deterministic across processes and releases.
 */

/** Government-service words the general dictionary lacks or ranks too low (word, frequency). */
const DOMAIN_WORDS: Array<[string, number]> = [
  ['营业执照', 5000], ['社保卡', 5000], ['社会保障卡', 5000], ['医保', 5000], ['医保卡', 5000], ['医保电子凭证', 3000],
  ['不动产', 5000], ['不动产权证', 3000], ['食品经营', 4000], ['个体工商户', 4000], ['公积金', 5000], ['住房公积金', 5000],
  ['身份证', 5000], ['居民身份证', 5000], ['户口簿', 4000], ['户口本', 4000], ['驾驶证', 4000], ['行驶证', 4000],
  ['出生医学证明', 4000], ['新办', 3000], ['补办', 3000], ['换领', 3000], ['补领', 3000], ['申领', 3000], ['注销', 3000],
  ['施工许可', 4000], ['施工许可证', 4000], ['低保', 4000], ['最低生活保障', 4000], ['残疾人证', 4000], ['退休', 4000],
  ['跨省通办', 4000], ['全程网办', 4000], ['一件事', 4000], ['电子证照', 4000], ['医疗救助', 4000], ['参保登记', 4000],
  ['异地就医', 4000], ['转移接续', 4000], ['就近办', 3000], ['结婚登记', 4000], ['离婚登记', 4000], ['婚姻登记', 4000],
  ['设立登记', 4000], ['变更登记', 4000], ['注销登记', 4000], ['养老保险', 5000], ['医疗保险', 5000], ['失业保险', 5000],
  ['工伤保险', 5000], ['生育保险', 5000], ['卫生许可', 4000], ['餐饮', 4000], ['餐饮服务', 4000], ['开饭店', 2000],
  ['高龄补贴', 3000], ['护照', 4000], ['港澳通行证', 4000], ['经营许可', 4000], ['预售许可', 3000], ['抵押登记', 3000],
];

/** Function words that carry no meaning in a search for an item (“我要办营业执照需要什么材料”). */
const STOP_WORDS = new Set([
  '我', '我要', '要', '想', '想要', '需要', '什么', '怎么', '怎样', '如何', '哪里', '在哪', '在哪里', '的', '了', '吗', '呢', '和', '与', '及',
  '或', '或者', '是', '在', '去', '到', '把', '给', '对', '有', '该', '请问', '一下', '一个', '可以', '能', '能否', '办', '办理', '手续', '流程',
]);

let jieba: Jieba | null = null;

/**
 * The segmenter is loaded on the first search or index write, not at start-up: an idle server then holds
 * neither the native library nor the dictionary (the package's `dict.js` also reads the 6 MB TF-IDF file,
 * which search never uses, and keeps both Buffers for the life of the process; the 5 MB dict.txt read
 * here is garbage once jieba has built its own tables). Loading costs ≈ 150–250 ms once; see
 * docs/operations.md.
 */
function segmenter(): Jieba {
  if (!jieba) {
    const requireCjs = createRequire(import.meta.url);
    const { Jieba: JiebaClass } = requireCjs('@node-rs/jieba') as typeof import('@node-rs/jieba');
    const created = JiebaClass.withDict(fs.readFileSync(requireCjs.resolve('@node-rs/jieba/dict.txt')));
    created.loadDict(Buffer.from(DOMAIN_WORDS.map(([w, f]) => `${w} ${f} n`).join('\n')));
    jieba = created;
  }
  return jieba;
}

/** Full-width → half-width, lower case, trimmed: the same text always gives the same terms. */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase().trim();
}

const MEANINGFUL = /[\p{L}\p{N}]/u;

function clean(words: string[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const raw of words) {
    const w = raw.trim();
    if (!w || !MEANINGFUL.test(w) || STOP_WORDS.has(w) || w.length > 60 || seen.has(w)) continue;
    seen.add(w);
    out.push(w);
  }
  return out;
}

/**
 * Search-mode terms of a text: every dictionary word and its dictionary sub-words, de-duplicated,
 * without punctuation or stop words. Used for both documents and queries.
 */
export function tokenize(text: string): string[] {
  const t = normalizeText(text);
  if (!t) return [];
  return clean(segmenter().cutForSearch(t, false));
}

/** The non-overlapping words of a text (the query's “concepts”; each may match through its sub-words). */
export function segmentWords(text: string): string[] {
  const t = normalizeText(text);
  if (!t) return [];
  return clean(segmenter().cut(t, false));
}

/** Loads the dictionary now (≈ 150–250 ms) instead of on the first search. */
export function warmUpTokenizer(): void {
  segmenter();
}
