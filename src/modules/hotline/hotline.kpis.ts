/**
 * Hotline and 市长信箱 KPIs (SPEC §3) as pure functions. Each figure is `{ value, numerator, denominator }`
 * (value null when the denominator is 0) so it can be traced back to the records.
 *
 * Definitions (period = Shanghai dates [from, to], inclusive):
 * - calls offered = calls started in the period; connectRate = answered / offered;
 *   answer15Rate = answered with wait ≤ 15 s / offered (15秒接通率, GB/T 33358).
 * - orders finished = dispatched orders (handled by a member unit) closed in the period. Direct answers
 *   are finished at once by the centre and are measured by directAnswerRate instead, so they neither
 *   inflate the units' on-time rate nor deflate the callback rate.
 *   onTimeRate = finished whose last reply came by the finish deadline in force (approved extensions
 *   count, since the bureau granted them) / finished; callbackRate = finished with ≥ 1 callback attempt
 *   / finished.
 * - satisfactionRate = callbacks made in the period that reached the citizen and were rated satisfied or
 *   basically satisfied / callbacks in the period that reached the citizen with a rating.
 * - directAnswerRate = orders received in the period answered directly / orders received in the period.
 * - mailbox.completionRate = letters received in the period that are finished (closed or answered) by the
 *   end of the period / letters received in the period.
 * - mailbox.averageDays = Σ natural days (Shanghai date of finishing − date of receipt) / letters
 *   finished in the period.
 */
import { shanghaiDate } from '../../kernel/clock';
import type { Kpi } from '../../shared/kpi.types';

export type { Kpi } from '../../shared/kpi.types';

export const kpi = (numerator: number, denominator: number): Kpi => ({
  value: denominator === 0 ? null : numerator / denominator,
  numerator,
  denominator,
});

export interface HotlineCounts {
  callsOffered: number;
  callsAnswered: number;
  callsAnsweredWithin: number;
  ordersFinished: number;
  ordersFinishedOnTime: number;
  ordersFinishedWithCallback: number;
  callbacksRated: number;
  callbacksSatisfied: number;
  ordersReceived: number;
  ordersAnsweredDirectly: number;
  lettersReceived: number;
  lettersReceivedFinished: number;
  lettersFinished: number;
  letterDaysSum: number;
}

export const KPI_NAMES = [
  'hotline.connectRate',
  'hotline.answer15Rate',
  'hotline.onTimeRate',
  'hotline.callbackRate',
  'hotline.satisfactionRate',
  'hotline.directAnswerRate',
  'mailbox.completionRate',
  'mailbox.averageDays',
] as const;
export type HotlineKpiName = (typeof KPI_NAMES)[number];

export function hotlineKpis(c: HotlineCounts): Record<HotlineKpiName, Kpi> {
  return {
    'hotline.connectRate': kpi(c.callsAnswered, c.callsOffered),
    'hotline.answer15Rate': kpi(c.callsAnsweredWithin, c.callsOffered),
    'hotline.onTimeRate': kpi(c.ordersFinishedOnTime, c.ordersFinished),
    'hotline.callbackRate': kpi(c.ordersFinishedWithCallback, c.ordersFinished),
    'hotline.satisfactionRate': kpi(c.callbacksSatisfied, c.callbacksRated),
    'hotline.directAnswerRate': kpi(c.ordersAnsweredDirectly, c.ordersReceived),
    'mailbox.completionRate': kpi(c.lettersReceivedFinished, c.lettersReceived),
    'mailbox.averageDays': kpi(c.letterDaysSum, c.lettersFinished),
  };
}

// ---------------------------------------------------------------------------------------------------
// Reference counting over plain rows: the definition the SQL aggregates of the service must agree with.
// ---------------------------------------------------------------------------------------------------

export interface CallRow {
  startedAt: string;
  answered: boolean;
  waitSeconds: number;
}
export interface OrderRow {
  createdAt: string;
  status: string;
  dispatchCount: number;
  finishedAt: string | null;
  onTime: boolean | null;
  callbackAttempts: number;
  channel: string;
}
export interface CallbackRow {
  at: string;
  reached: boolean;
  result: string | null;
}

/** [start, end) instants of a Shanghai date period. */
export function periodInstants(from: string, to: string): { start: string; end: string } {
  const start = new Date(`${from}T00:00:00+08:00`).toISOString();
  const end = new Date(new Date(`${to}T00:00:00+08:00`).getTime() + 86400_000).toISOString();
  return { start, end };
}

const inside = (t: string | null, p: { start: string; end: string }) => t !== null && t >= p.start && t < p.end;

export function naturalDaysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${shanghaiDate(new Date(b))}T00:00:00Z`) - Date.parse(`${shanghaiDate(new Date(a))}T00:00:00Z`)) / 86400_000);
}

export function countRows(rows: { calls: CallRow[]; orders: OrderRow[]; callbacks: CallbackRow[] }, from: string, to: string, answerWithinSeconds = 15): HotlineCounts {
  const p = periodInstants(from, to);
  const calls = rows.calls.filter((c) => inside(c.startedAt, p));
  const finished = rows.orders.filter((o) => o.status === 'closed' && o.dispatchCount > 0 && inside(o.finishedAt, p));
  const received = rows.orders.filter((o) => inside(o.createdAt, p));
  const rated = rows.callbacks.filter((c) => inside(c.at, p) && c.reached && c.result !== null);
  const letters = rows.orders.filter((o) => o.channel === 'mailbox');
  const lettersReceived = letters.filter((o) => inside(o.createdAt, p));
  const lettersFinished = letters.filter((o) => inside(o.finishedAt, p));
  return {
    callsOffered: calls.length,
    callsAnswered: calls.filter((c) => c.answered).length,
    callsAnsweredWithin: calls.filter((c) => c.answered && c.waitSeconds <= answerWithinSeconds).length,
    ordersFinished: finished.length,
    ordersFinishedOnTime: finished.filter((o) => o.onTime === true).length,
    ordersFinishedWithCallback: finished.filter((o) => o.callbackAttempts > 0).length,
    callbacksRated: rated.length,
    callbacksSatisfied: rated.filter((c) => c.result === 'satisfied' || c.result === 'basically').length,
    ordersReceived: received.length,
    ordersAnsweredDirectly: received.filter((o) => o.status === 'answered').length,
    lettersReceived: lettersReceived.length,
    lettersReceivedFinished: lettersReceived.filter((o) => o.finishedAt !== null && o.finishedAt < p.end).length,
    lettersFinished: lettersFinished.length,
    letterDaysSum: lettersFinished.reduce((s, o) => s + naturalDaysBetween(o.createdAt, o.finishedAt!), 0),
  };
}
