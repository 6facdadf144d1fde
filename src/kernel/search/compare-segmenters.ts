/**
 * Prints Intl.Segmenter and jieba segmentations of real item names side by side (the evidence for the
 * choice in tokenize.ts). Run: node --import tsx src/kernel/search/compare-segmenters.ts
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { tokenize } from './tokenize';

export const SAMPLE_NAMES = [
  '食品经营许可新办', '社会保障卡申领（邮寄卡不激活金融账户）', '基本医疗保险关系转移接续', '出生医学证明首次签发', '出生登记',
  '残疾人证新办', '城乡居民基本医疗保险参保登记', '企业职工基本养老保险关系转移接续申请', '公共场所卫生许可（新办）', '户口迁移审批',
  '中国内地公民婚姻登记', '两证整合个体工商户信息变更（县级行使）', '医保电子凭证申领', '建设工程消防设计审核或备案', '企业注销登记',
  '烟草专卖零售许可证核发（新办）', '城乡居民养老保险参保登记', '重度残疾人护理补贴发放', '居民身份证跨省异地办理', '营业执照遗失补领',
];

export function compare(names = SAMPLE_NAMES): Array<{ name: string; intl: string[]; jieba: string[]; ours: string[] }> {
  const seg = new Intl.Segmenter('zh', { granularity: 'word' });
  const plain = Jieba.withDict(dict);
  return names.map((name) => ({
    name,
    intl: [...seg.segment(name)].filter((s) => s.isWordLike).map((s) => s.segment),
    jieba: plain.cut(name, false),
    ours: tokenize(name),
  }));
}

if (process.argv[1]?.endsWith('compare-segmenters.ts')) {
  for (const r of compare()) {
    console.log(`${r.name}\n  Intl.Segmenter: ${r.intl.join(' / ')}\n  jieba:          ${r.jieba.join(' / ')}\n  index terms:    ${r.ours.join(' / ')}`);
  }
}
