/**
 * Prints Intl.Segmenter and jieba segmentations of real item names side by side, with the terms our index
 * keeps (the evidence for the choice in src/kernel/search/tokenize.ts). A research script, not part of the
 * server. Run: npx tsx scripts/research/compare-segmenters.ts [name …]   (no names: the sample below)
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { tokenize } from '../../src/kernel/search/tokenize';

const SAMPLE_NAMES = [
  '食品经营许可新办', '社会保障卡申领（邮寄卡不激活金融账户）', '基本医疗保险关系转移接续', '出生医学证明首次签发', '出生登记',
  '残疾人证新办', '城乡居民基本医疗保险参保登记', '企业职工基本养老保险关系转移接续申请', '公共场所卫生许可（新办）', '户口迁移审批',
  '中国内地公民婚姻登记', '两证整合个体工商户信息变更（县级行使）', '医保电子凭证申领', '建设工程消防设计审核或备案', '企业注销登记',
  '烟草专卖零售许可证核发（新办）', '城乡居民养老保险参保登记', '重度残疾人护理补贴发放', '居民身份证跨省异地办理', '营业执照遗失补领',
];

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  console.log('usage: npx tsx scripts/research/compare-segmenters.ts [name …]\n'
    + 'Prints each name as Intl.Segmenter and plain jieba cut it, and the terms the search index keeps.');
  process.exit(0);
}

const seg = new Intl.Segmenter('zh', { granularity: 'word' });
const plain = Jieba.withDict(dict);
for (const name of args.length > 0 ? args : SAMPLE_NAMES) {
  const intl = [...seg.segment(name)].filter((s) => s.isWordLike).map((s) => s.segment);
  console.log(`${name}\n  Intl.Segmenter: ${intl.join(' / ')}\n  jieba:          ${plain.cut(name, false).join(' / ')}\n  index terms:    ${tokenize(name).join(' / ')}`);
}
