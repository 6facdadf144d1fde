/**
 * Catalogue codes and their Chinese labels, shared by the server (Excel, validation messages) and the web
 * pages. Plain data: it imports only shared types, so the web bundle can use it.
 */
import type { Audience, CaseKind, CrossProvinceMode, ItemMaterial, ItemStatus, LimitUnit } from './catalog.types';

/** 事项类型 (DOMAIN §1). */
export const ITEM_TYPES: Record<string, string> = {
  '01': '行政许可',
  '02': '行政处罚',
  '03': '行政强制',
  '04': '行政征收',
  '05': '行政给付',
  '06': '行政检查',
  '07': '行政确认',
  '08': '行政奖励',
  '09': '行政裁决',
  '10': '其他行政权力',
  '20': '公共服务',
};

export const LEVELS: Record<4 | 5 | 6, string> = { 4: '县级', 5: '乡镇级', 6: '村级' };

export const KINDS: Record<CaseKind, string> = { instant: '即办件', promised: '承诺件', reported: '上报件', joint: '联办件' };

export const LIMIT_UNITS: Record<LimitUnit, string> = { workday: '工作日', natural: '自然日' };

export const DEPTHS: Record<1 | 2 | 3 | 4, string> = {
  1: '一级（信息公开/表格下载）',
  2: '二级（原件预审）',
  3: '三级（原件核验，最多跑一次）',
  4: '四级（全程网办）',
};

export const CROSS_PROVINCE_MODES: Record<CrossProvinceMode, string> = { full_online: '全程网办', proxy: '异地代收代办', multi_site: '多地联办' };

export const MATERIAL_FORMS: Record<ItemMaterial['form'], string> = { original: '原件', copy: '复印件', original_and_copy: '原件和复印件', electronic: '电子' };

export const AUDIENCES: Record<Audience, string> = { person: '个人', organization: '法人' };

/** 个人/法人 life-event themes used for browsing the public catalogue. */
export const LIFE_EVENTS = [
  '生育收养', '户籍办理', '教育科研', '就业创业', '婚姻登记', '社会保障', '医疗卫生', '住房保障', '交通出行', '退休养老',
  '残疾人服务', '社会救助', '优待抚恤', '企业开办', '经营许可', '工程建设', '税费办理', '企业注销', '农林牧渔', '其他',
] as const;

export const STATUSES: Record<ItemStatus, string> = {
  draft: '草稿',
  published: '已发布',
  retired: '已停用',
  superseded: '历史版本',
};
