/**
 * Quarterly honours (issue 16 item 4) as pure functions: quarters, the three honours, the candidate score
 * and eligibility, and the 公示 window. No I/O.
 */
import { fromDayNumber, toDayNumber } from '../../kernel/calendar/calendar.days';

export const HONOUR_KINDS = ['red_flag_window', 'service_star', 'party_pioneer'] as const;
export type HonourKind = (typeof HONOUR_KINDS)[number];
export const HONOUR_LABELS: Record<HonourKind, string> = { red_flag_window: '红旗窗口', service_star: '服务明星', party_pioneer: '共产党员先锋岗' };
/** What each honour is given to. */
export const HONOUR_SUBJECTS: Record<HonourKind, string> = { red_flag_window: '窗口', service_star: '工作人员', party_pioneer: '进驻部门窗口' };

export interface Quarter {
  quarter: string;
  from: string;
  to: string;
  months: string[];
}

/** '2026Q3' → its days and months; null for anything else. */
export function parseQuarter(q: string): Quarter | null {
  const m = /^(\d{4})Q([1-4])$/.exec(q);
  if (!m) return null;
  const y = Number(m[1]);
  const n = Number(m[2]);
  if (y < 2000 || y > 2100) return null;
  const first = (n - 1) * 3 + 1;
  const months = [first, first + 1, first + 2].map((mm) => `${y}-${String(mm).padStart(2, '0')}`);
  const last = first + 2;
  const lastDay = fromDayNumber(toDayNumber(last === 12 ? `${y + 1}-01-01` : `${y}-${String(last + 1).padStart(2, '0')}-01`) - 1);
  return { quarter: q, from: `${months[0]}-01`, to: lastDay, months };
}

export function quarterOf(day: string): string {
  return `${day.slice(0, 4)}Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;
}

export function previousQuarter(q: string): string {
  const y = Number(q.slice(0, 4));
  const n = Number(q.slice(5));
  return n === 1 ? `${y - 1}Q4` : `${y}Q${n - 1}`;
}

/** The 讲评会 may meet from the quarter's first day until `graceDays` after its end. */
export function meetingProblem(q: Quarter, meetingOn: string, today: string, graceDays: number): string | null {
  if (meetingOn > today) return '讲评会日期不能晚于今天';
  const latest = fromDayNumber(toDayNumber(q.to) + graceDays);
  if (meetingOn < q.from || meetingOn > latest) return `${q.quarter} 的荣誉须在 ${q.from} 至 ${latest} 之间评定`;
  return null;
}

export interface CandidateFigures {
  key: string;
  name: string;
  departmentId: number | null;
  /** Active ratings, good ones and valid bad reviews of the quarter. */
  active: number;
  good: number;
  validBad: number;
  /** Cards: late steps of the bad-review loop, and (departments) supervision cards issued in the quarter. */
  cards: number;
  /** Cases completed and completed on time (department figures; null when cases are not installed). */
  completed: number | null;
  onTime: number | null;
  /** Hall tickets served (windows, when the hall is installed). */
  tickets: number | null;
  /** Average minutes the window's tickets waited to be called (windows, when the hall is installed). */
  averageWaitMinutes?: number | null;
}

export interface HonoursConfig {
  /** Minimum active ratings for a candidate. */
  minRatings: number;
  /** Minimum good rate of the active ratings. */
  minGoodRate: number;
  /** Most valid bad reviews and cards, each as a share of the active ratings (a busy window meets a rare complaint). */
  maxBadShare: number;
  maxCardShare: number;
  /** Minimum on-time rate (where known). */
  minOnTimeRate: number;
  /**
   * A window without enough ratings may stand on its 叫号 record instead: at least this many tickets
   * served in the quarter, with an average wait of at most `maxAverageWaitMinutes` (which any window with
   * hall figures must meet).
   */
  minTicketsServed: number;
  maxAverageWaitMinutes: number;
  /** How many candidates each honour proposes per quarter (the committee decides). */
  quotas: Record<HonourKind, number>;
  /** Days after a quarter's end its 讲评会 may still decide. */
  graceDays: number;
  /** Working days of 公示 after the 讲评会. */
  publicityWorkdays: number;
}

export const DEFAULT_HONOURS_CONFIG: HonoursConfig = {
  minRatings: 3,
  minGoodRate: 0.9,
  maxBadShare: 0.05,
  maxCardShare: 0.05,
  minOnTimeRate: 0.8,
  minTicketsServed: 100,
  maxAverageWaitMinutes: 20,
  quotas: { red_flag_window: 7, service_star: 7, party_pioneer: 4 },
  graceDays: 31,
  publicityWorkdays: 5,
};

export interface RankedCandidate extends CandidateFigures {
  rank: number;
  score: number;
  goodRate: number | null;
  onTimeRate: number | null;
  eligible: boolean;
  /** Why not eligible, in Chinese; null when eligible. */
  ineligibleReason: string | null;
  proposed: boolean;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * score = 50·goodRate + 40·onTimeRate (or 40·goodRate when unknown) + 10·volume/max − 10·validBad − 2·cards; a window
 * without ratings scores its 叫号 record instead of the good rate (short waits) and its tickets as volume.
 * Eligible: at least `minRatings` active ratings, good rate ≥ `minGoodRate`, valid bad reviews and cards each
 * at most their share of the ratings, on-time rate ≥ the minimum where known; a window's average wait at most the bar, and
 * a window short of ratings stands on `minTicketsServed` tickets. The best `quota` eligible subjects are proposed.
 */
export function rankCandidates(rows: readonly CandidateFigures[], cfg: HonoursConfig, quota: number): RankedCandidate[] {
  const maxVol = Math.max(0, ...rows.map((r) => r.active));
  const maxTickets = Math.max(0, ...rows.map((r) => r.tickets ?? 0));
  const scored = rows.map((r) => {
    const goodRate = r.active === 0 ? null : r.good / r.active;
    const onTimeRate = r.completed ? (r.onTime ?? 0) / r.completed : null;
    const wait = r.averageWaitMinutes ?? null;
    // The hall's record of a window: short waits score like a good rate (no wait 1, twice the bar 0).
    const hallRate = r.tickets !== null && wait !== null ? Math.max(0, 1 - wait / (2 * cfg.maxAverageWaitMinutes)) : null;
    const base = goodRate ?? hallRate ?? 0;
    const volume = maxVol ? r.active / maxVol : maxTickets && r.tickets ? r.tickets / maxTickets : 0;
    const score = round2(base * 50 + (onTimeRate ?? base) * 40 + volume * 10 - r.validBad * 10 - r.cards * 2);
    const onHallRecord = r.active < cfg.minRatings && (r.tickets ?? 0) >= cfg.minTicketsServed && wait !== null;
    const ineligibleReason =
      wait !== null && r.tickets !== null && wait > cfg.maxAverageWaitMinutes
        ? `平均等候 ${wait} 分钟，超过 ${cfg.maxAverageWaitMinutes} 分钟`
        : r.active < Math.max(cfg.minRatings, 1) && !onHallRecord
          ? `评价不足 ${cfg.minRatings} 次`
          : r.active > 0 && (goodRate ?? 0) < cfg.minGoodRate
            ? `好评率低于 ${Math.round(cfg.minGoodRate * 100)}%`
            : r.validBad > r.active * cfg.maxBadShare
              ? `有效差评 ${r.validBad} 个，超过评价数的 ${Math.round(cfg.maxBadShare * 100)}%`
              : r.cards > r.active * cfg.maxCardShare
                ? `督办牌 ${r.cards} 张，超过评价数的 ${Math.round(cfg.maxCardShare * 100)}%`
                : onTimeRate !== null && onTimeRate < cfg.minOnTimeRate
                  ? `按时办结率低于 ${Math.round(cfg.minOnTimeRate * 100)}%`
                  : null;
    return { ...r, goodRate, onTimeRate, score, ineligibleReason, eligible: ineligibleReason === null };
  });
  scored.sort((a, b) => b.score - a.score || b.active - a.active || a.key.localeCompare(b.key));
  let proposed = 0;
  return scored.map((r, i) => {
    const p = r.eligible && proposed < quota;
    if (p) proposed++;
    return { ...r, rank: i + 1, proposed: p };
  });
}

/** The reasons a demo decision or the page's suggestion writes from the figures. */
export function reasonsFrom(c: RankedCandidate): string {
  const parts = c.active > 0 || c.tickets === null ? [`本季度主动评价 ${c.active} 次`] : [];
  if (c.goodRate !== null) parts.push(`好评率 ${(c.goodRate * 100).toFixed(1)}%`);
  if (c.onTimeRate !== null) parts.push(`按时办结率 ${(c.onTimeRate * 100).toFixed(1)}%`);
  if (c.tickets !== null) parts.push(`服务群众 ${c.tickets} 人次`);
  if (c.averageWaitMinutes != null) parts.push(`平均等候 ${c.averageWaitMinutes} 分钟`);
  parts.push(c.validBad === 0 && c.cards === 0 ? '无有效差评、无督办牌' : `有效差评 ${c.validBad} 个、督办牌 ${c.cards} 张均已整改`);
  return parts.join('，');
}
