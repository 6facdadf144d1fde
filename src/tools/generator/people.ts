/**
 * Applicants and callers of a county in Hunan (region 430582): names, 18-digit ID numbers and USCCs with
 * valid check characters, mobile numbers — plausible, never real, drawn from the seeded `Rng`.
 */
import { computeIdCheckChar } from '../../kernel/validators/idcard';
import type { PlannedCase } from '../../modules/cases';
import type { Rng } from './rng';

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力德成志国庆春梅林海燕晓东雪琴宏丹斌波';
const COMPANY = ['湘中', '邵东', '宝庆', '昭阳', '资江', '双清', '金龙', '廉桥', '火厂坪', '仙槎桥'];
const COMPANY_KIND = ['五金制品有限公司', '商贸有限公司', '药材专业合作社', '打火机厂', '建材经营部', '餐饮店', '箱包有限公司', '物流有限公司'];
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** 统一社会信用代码 with its GB 32100 check character (the embedded 组织机构代码 is random, its own check not kept). */
function uscc(rng: Rng): string {
  let s = '91430582';
  for (let i = 0; i < 9; i++) s += USCC_CHARS[rng.int(0, 30)];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARS.indexOf(s[i]) * USCC_W[i];
  return s + USCC_CHARS[(31 - (sum % 31)) % 31];
}

/** A resident's ID number (aged 18–75 in `year`) with its GB 11643 check character. */
function idNumber(rng: Rng, year: number): string {
  const by = year - rng.int(18, 75);
  const first17 = `430582${by}${String(rng.int(1, 12)).padStart(2, '0')}${String(rng.int(1, 28)).padStart(2, '0')}${String(rng.int(0, 999)).padStart(3, '0')}`;
  return first17 + computeIdCheckChar(first17);
}

export const personName = (rng: Rng): string => rng.pick<string>(SURNAMES) + rng.pick<string>(GIVEN) + (rng.chance(0.6) ? rng.pick<string>(GIVEN) : '');
export const mobile = (rng: Rng) => `1${rng.pick(['38', '39', '58', '59', '86', '87', '35', '36'])}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`;

/** An applicant: a local business (≈ 22 %) or a resident, most residents with a mobile number. */
export function applicant(rng: Rng, year: number): PlannedCase['applicant'] {
  return rng.chance(0.22)
    ? { type: 'organization', name: `邵东市${rng.pick(COMPANY)}${rng.pick(COMPANY_KIND)}`, idNumber: uscc(rng), phone: mobile(rng) }
    : { type: 'person', name: personName(rng), idNumber: idNumber(rng, year), phone: rng.chance(0.95) ? mobile(rng) : null };
}
