/**
 * The 2022 replay's profile (issue 18 item 8): the raw counts of 邵东市行政审批服务局's 2022 整体支出绩效自评报告
 * (`../shared/data/report-2022-figures.md`), as the targets the replay generator writes records for. Rates
 * the report gives without counts are targets the planners reach with the records they generate (the rate
 * printed later is computed from those records, never typed in).
 */

export type ReplayScale = 'full' | 'small';

/** The report's raw counts and quoted rates, in its own units. */
export const SHAODONG_2022 = {
  region: '430582',
  year: 2022,
  /** The latest "as of" date of the report's flow figures (电子监察, 好差评): the replay's world ends here. */
  asOf: '2022-11-24',
  /** #20 电子监察: cases received and completed 2022-01-01 … 11-24; 45 red and 13 yellow cards. */
  casesReceived: 602_320,
  casesCompleted: 602_270,
  redCards: 45,
  yellowCards: 13,
  /** 法定提速率 (1 − Σ used / Σ legal working days), a rate without counts. */
  statutorySpeedupRate: 0.9733,
  /** #19 好差评: evaluations, of which active, of which good; 2 valid bad reviews, both rectified. */
  evaluations: 982_454,
  activeEvaluations: 982_083,
  goodEvaluations: 982_081,
  validBadReviews: 2,
  /** #9 12345: 6.3万 matters received (the 108 letters of #14 among them) at the quoted rates. */
  hotlineOrders: 63_000,
  connectRate: 0.9999,
  hotlineOnTimeRate: 0.9761,
  callbackRate: 1,
  satisfactionRate: 0.9893,
  /** #14 市长信箱: 108 letters, 104 completed, 5 days on average. */
  letters: 108,
  lettersCompleted: 104,
  letterAverageDays: 5,
  /** #13, #15, #16 政务公开: items published under 三审制; interpretations; consultations and opinions. */
  published: 5_420,
  interpretations: 16,
  consultations: 4,
  opinions: 2,
  /**
   * #2, #3, #6, #7 the catalogue (2022-11): 三化 items per level, the 就近办 list, 跨省通办 items; 网办深度 as
   * rates without counts (三级 23.17 %, 四级 73.7 %: 三级以上 96.87 %, every item online: 网上可办 100 %);
   * 承诺压缩率 82 %. Kept exact at every scale (the rates need the counts).
   */
  catalog: { county: 2_042, township: 147, village: 28, nearby: 23, crossProvince: 136, level3Rate: 0.2317, level4Rate: 0.737, compressionRate: 0.82 },
  /** #8 数据质量: the as-of day of the 实施清单 填报率 / 发布率 (100 % / 100 %). */
  qualityAsOf: '2022-11-18',
  /** #4 一件事一次办: bundles of the three provincial batches in force. */
  bundlesInForce: 245,
  /** #5 特殊群体: 绿色通道, 帮代办, 上门办 served 12万余人次 (at least 120,000 of the year's cases). */
  greenChannelCases: 120_000,
  /** #2 跨省通办: partner counties with a signed agreement — 正安县 and six counties in 贵州 and 湖北. */
  crossProvincePartners: 7,
  /** #10 电子政务外网: townships and villages connected; "100+" attacks handled (the report gives no exact count: 103, all handled). */
  townshipsConnected: 26,
  villagesConnected: 580,
  incidentsHandled: 103,
  /** 乡镇政务中心 业务培训: one session a month, January … November (the report gives no count). */
  trainings: 11,
  /** #11 电子证照: license types produced, and licenses in the library (30余万: at least 300,000 in force). */
  licenseTypes: 20,
  libraryLicenses: 300_000,
} as const;

/** What the replay writes at a scale: counts of records, and the rates its planners aim at. */
export interface ReplayTargets {
  scale: ReplayScale;
  year: number;
  asOf: string;
  casesReceived: number;
  /** Cases still open on the as-of day (received − completed); `nearDue` of them get the yellow cards. */
  casesOpen: number;
  /** Completed after the promised due date: one red card each. */
  casesLate: number;
  nearDue: number;
  statutorySpeedupRate: number;
  evaluations: number;
  activeEvaluations: number;
  validBadReviews: number;
  /** Work orders besides the letters. */
  hotlineOrders: number;
  letters: number;
  lettersCompleted: number;
  letterAverageDays: number;
  connectRate: number;
  hotlineOnTimeRate: number;
  satisfactionRate: number;
  disclosure: { published: number; interpretations: number; consultations: number; opinions: number };
  catalog: { county: number; township: number; village: number; nearby: number; crossProvince: number; level3Rate: number; level4Rate: number; compressionRate: number };
  qualityAsOf: string;
  bundlesInForce: number;
  /** Cases of the year received through the green channel (帮代办 / 上门办). */
  greenChannelCases: number;
  crossProvincePartners: number;
  egov: { townships: number; villages: number; incidentsHandled: number; trainings: number };
  /** Licenses in force in the library at the year's end: this year's issued ones plus earlier years' loaded. */
  libraryLicenses: number;
}

/** The small scale's factor: large counts divided by it, counts under it kept exact. */
export const SMALL_FACTOR = 1000;

/** Scales a count: a large one divided by the factor (rounded), a small one (45 red cards) kept as it is. */
export const scaleCount = (n: number, scale: ReplayScale): number => (scale === 'full' || n < SMALL_FACTOR ? n : Math.round(n / SMALL_FACTOR));

export function replayTargets(scale: ReplayScale): ReplayTargets {
  const p = SHAODONG_2022;
  const s = (n: number) => scaleCount(n, scale);
  const casesOpen = p.casesReceived - p.casesCompleted; // 50: a small count, kept exact at every scale
  return {
    scale,
    year: p.year,
    asOf: p.asOf,
    casesReceived: s(p.casesReceived),
    casesOpen,
    casesLate: p.redCards,
    nearDue: p.yellowCards,
    statutorySpeedupRate: p.statutorySpeedupRate,
    evaluations: s(p.evaluations),
    activeEvaluations: s(p.activeEvaluations),
    validBadReviews: p.validBadReviews,
    hotlineOrders: s(p.hotlineOrders - p.letters),
    letters: p.letters,
    lettersCompleted: p.lettersCompleted,
    letterAverageDays: p.letterAverageDays,
    connectRate: p.connectRate,
    hotlineOnTimeRate: p.hotlineOnTimeRate,
    satisfactionRate: p.satisfactionRate,
    disclosure: { published: s(p.published), interpretations: p.interpretations, consultations: p.consultations, opinions: p.opinions },
    catalog: { ...p.catalog },
    qualityAsOf: p.qualityAsOf,
    bundlesInForce: p.bundlesInForce,
    greenChannelCases: s(p.greenChannelCases),
    crossProvincePartners: p.crossProvincePartners,
    egov: { townships: p.townshipsConnected, villages: p.villagesConnected, incidentsHandled: p.incidentsHandled, trainings: p.trainings },
    libraryLicenses: s(p.libraryLicenses),
  };
}
