/**
 * 好差评 knobs (SPEC §2.5). The rating window and the default level are not fixed by any text we could
 * read (DOMAIN §4: GB/T 39734 §7.2 unread), and the loop's deadlines are local practice, so every figure
 * is configuration: these defaults, overridden by the JSON object stored under the kernel setting
 * `evaluations.config` (any subset of keys; `rankingWeights` and `cardColors` merge per key).
 */
import type { SettingSpec } from '../../kernel/settings';

export const EVALUATIONS_SETTING_KEY = 'evaluations.config';

export interface RankingWeights {
  /** Points for a 100 % active good rate (scaled linearly). */
  goodRate: number;
  /** Points for the month's highest active volume among the ranked (others scaled by their share of it). */
  volume: number;
  /** Points taken off per valid bad review. */
  badReview: number;
  /** Points taken off per overdue step (card) in the bad-review loop of the subject. */
  card: number;
}

export type CardColor = 'yellow' | 'red';

export interface EvaluationsConfig {
  /** Working days after completion in which the applicant may rate; afterwards the system rates. */
  ratingWindowWorkdays: number;
  /** Level of the system's default evaluation (满意 = 4 by local practice, DOMAIN §4 [M]). */
  defaultLevel: number;
  /** 差评 核实: working days after the rating. */
  verifyWorkdays: number;
  /** 申诉复核: working days after the appeal for the supervisor's decision. */
  appealWorkdays: number;
  /** 整改: working days after a valid verdict (四川: 15). */
  rectifyWorkdays: number;
  /** 回访: working days after the rectification. */
  callbackWorkdays: number;
  rankingWeights: RankingWeights;
  /** A subject needs this many active ratings in the month to be a 红旗窗口 / 服务明星 candidate. */
  rankingMinVolume: number;
  redFlagWindows: number;
  serviceStars: number;
  /** Card colour per overdue loop step. */
  cardColors: Record<'verify' | 'appeal' | 'rectify' | 'callback', CardColor>;
  /** Recent comments on the hall display. */
  displayComments: number;
}

export const EVALUATIONS_DEFAULTS: EvaluationsConfig = {
  ratingWindowWorkdays: 5,
  defaultLevel: 4,
  verifyWorkdays: 1,
  appealWorkdays: 2,
  rectifyWorkdays: 15,
  callbackWorkdays: 3,
  rankingWeights: { goodRate: 70, volume: 30, badReview: 5, card: 2 },
  rankingMinVolume: 5,
  redFlagWindows: 1,
  serviceStars: 3,
  cardColors: { verify: 'yellow', appeal: 'yellow', rectify: 'red', callback: 'yellow' },
  displayComments: 10,
};

const posInt = (v: unknown, fallback: number, min = 0, max = 1000) =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : fallback;
const num = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : fallback);
const color = (v: unknown, fallback: CardColor): CardColor => (v === 'yellow' || v === 'red' ? v : fallback);

/** The keys of a JSON object (anything else: none). */
const fields = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' ? Object.fromEntries(Object.entries(v)) : {});

/** Defaults with a stored override laid over them; invalid values keep the default. */
export function mergeEvaluationsConfig(override: unknown): EvaluationsConfig {
  const o = fields(override);
  const d = EVALUATIONS_DEFAULTS;
  const w = fields(o.rankingWeights);
  const c = fields(o.cardColors);
  return {
    ratingWindowWorkdays: posInt(o.ratingWindowWorkdays, d.ratingWindowWorkdays, 1, 60),
    defaultLevel: posInt(o.defaultLevel, d.defaultLevel, 1, 5),
    verifyWorkdays: posInt(o.verifyWorkdays, d.verifyWorkdays, 1, 30),
    appealWorkdays: posInt(o.appealWorkdays, d.appealWorkdays, 1, 30),
    rectifyWorkdays: posInt(o.rectifyWorkdays, d.rectifyWorkdays, 1, 120),
    callbackWorkdays: posInt(o.callbackWorkdays, d.callbackWorkdays, 1, 30),
    rankingWeights: {
      goodRate: num(w.goodRate, d.rankingWeights.goodRate),
      volume: num(w.volume, d.rankingWeights.volume),
      badReview: num(w.badReview, d.rankingWeights.badReview),
      card: num(w.card, d.rankingWeights.card),
    },
    rankingMinVolume: posInt(o.rankingMinVolume, d.rankingMinVolume, 0, 100000),
    redFlagWindows: posInt(o.redFlagWindows, d.redFlagWindows, 0, 50),
    serviceStars: posInt(o.serviceStars, d.serviceStars, 0, 50),
    cardColors: {
      verify: color(c.verify, d.cardColors.verify),
      appeal: color(c.appeal, d.cardColors.appeal),
      rectify: color(c.rectify, d.cardColors.rectify),
      callback: color(c.callback, d.cardColors.callback),
    },
    displayComments: posInt(o.displayComments, d.displayComments, 1, 50),
  };
}

/**
 * The setting in kernel_settings (read, cache and save with audit by the kernel's SettingStore). A stored
 * value is laid over the defaults; a change (`setConfig`) is laid over the value in force first.
 */
export const EVALUATIONS_SETTING: SettingSpec<EvaluationsConfig> = {
  key: EVALUATIONS_SETTING_KEY,
  parse: mergeEvaluationsConfig,
  auditAction: 'evaluations.config_set',
};

/** What a change stores: the override laid over the value in force (top-level keys), then checked. */
export const changedEvaluationsConfig = (current: EvaluationsConfig, override: Record<string, unknown>): EvaluationsConfig =>
  mergeEvaluationsConfig({ ...current, ...override });
