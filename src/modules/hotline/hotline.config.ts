import type { SettingSpec } from '../../kernel/settings';

/**
 * Hotline time limits and knobs (SPEC §2.6). Local practice varies (DOMAIN §5: Xiangtan, Beijing … differ),
 * so every figure is configuration: these defaults, overridden by the JSON object stored under the
 * kernel setting `hotline.config` (any subset of keys; nested `finishWorkdays` merges per category).
 */
export const CATEGORIES = ['consult', 'help', 'complaint', 'report', 'suggestion', 'praise'] as const;
export type Category = (typeof CATEGORIES)[number];

export const CATEGORY_LABELS: Record<Category, string> = {
  consult: '咨询',
  help: '求助',
  complaint: '投诉',
  report: '举报',
  suggestion: '建议',
  praise: '表扬',
};

export const CHANNELS = ['phone', 'web', 'mobile', 'mailbox', 'open311', 'banbucheng'] as const;
export type Channel = (typeof CHANNELS)[number];

export const CHANNEL_LABELS: Record<Channel, string> = {
  phone: '电话',
  web: '网站',
  mobile: '移动端',
  mailbox: '市长信箱',
  open311: 'Open311',
  banbucheng: '办不成事窗口',
};

/** Accepts the code or its Chinese label ('投诉'), so phone-system integrations may send either. */
export function normalizeCategory(value: string): Category | null {
  if ((CATEGORIES as readonly string[]).includes(value)) return value as Category;
  const hit = (Object.entries(CATEGORY_LABELS) as Array<[Category, string]>).find(([, label]) => label === value);
  return hit ? hit[0] : null;
}

export interface HotlineConfig {
  /** Sign for within N working days of dispatch (the dispatch day does not count). */
  signWorkdays: number;
  urgentSignHours: number;
  /** Finish (reply) within N working days of dispatch, per category. */
  finishWorkdays: Record<Category, number>;
  urgentFinishHours: number;
  /** 人大代表/政协委员 orders: N working days after signing. */
  deputyWorkdaysAfterSign: number;
  /** The N-th return raises a 督办 automatically. */
  returnsBeforeSupervision: number;
  /** Default deadline of a 督办 letter when the leader gives none (also for automatic ones). */
  supervisionWorkdays: number;
  maxExtensionWorkdays: number;
  /** 15-second answer rate threshold (GB/T 33358). */
  answerWithinSeconds: number;
  maxContentLength: number;
  /** Rows one Excel export of the work-order list may hold; more → 422 EXPORT_TOO_LARGE. */
  exportMaxRows: number;
}

export const HOTLINE_DEFAULTS: HotlineConfig = {
  signWorkdays: 1,
  urgentSignHours: 2,
  // 表扬 has no limit in the SPEC; it is forwarded to the praised unit for the record, 5 days is ample.
  finishWorkdays: { consult: 3, help: 5, complaint: 10, report: 10, suggestion: 10, praise: 5 },
  urgentFinishHours: 24,
  deputyWorkdaysAfterSign: 5,
  returnsBeforeSupervision: 3,
  supervisionWorkdays: 3,
  maxExtensionWorkdays: 10,
  answerWithinSeconds: 15,
  maxContentLength: 4000,
  exportMaxRows: 5000,
};

export const HOTLINE_SETTING_KEY = 'hotline.config';

/** Merges a stored override onto the defaults, ignoring keys and values of the wrong kind. */
export function mergeHotlineConfig(override: unknown): HotlineConfig {
  const out: HotlineConfig = { ...HOTLINE_DEFAULTS, finishWorkdays: { ...HOTLINE_DEFAULTS.finishWorkdays } };
  if (!override || typeof override !== 'object') return out;
  const o = override as Record<string, unknown>;
  for (const key of Object.keys(HOTLINE_DEFAULTS) as Array<keyof HotlineConfig>) {
    if (key === 'finishWorkdays') continue;
    const v = o[key];
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0) (out as unknown as Record<string, number>)[key] = v;
  }
  const f = o.finishWorkdays;
  if (f && typeof f === 'object') {
    for (const c of CATEGORIES) {
      const v = (f as Record<string, unknown>)[c];
      if (typeof v === 'number' && Number.isInteger(v) && v > 0) out.finishWorkdays[c] = v;
    }
  }
  return out;
}

/**
 * The setting in kernel_settings: a save stores the override merged over the defaults (not over the
 * previous value), a read merges what is stored over the defaults again.
 */
export const HOTLINE_SETTING: SettingSpec<HotlineConfig> = {
  key: HOTLINE_SETTING_KEY,
  parse: mergeHotlineConfig,
  auditAction: 'hotline.config_set',
};
