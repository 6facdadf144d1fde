/**
 * The hotline's reach figures (issue 18 item 4; the 2022 report's 12345 paragraph: 专家坐席, 并入专线, 知识库
 * 成员单位, 受理 6.3万件, 办不成事), as pure counting over plain rows. The SQL of hotline.reach.ts must agree.
 *
 * Definitions (period = Shanghai dates [from, to]; "as of" = the end of `to`):
 * - received = work orders received in the period on every channel but 市长信箱 (letters have their own
 *   figures): the directAnswerRate denominator less the letters received;
 * - expertSeats = expert seats in force at the period end (active, and in force since a day ≤ `to` or
 *   since before the records) / seats registered by then; a retired seat keeps no retirement date, so it
 *   drops out of every period's numerator;
 * - lines = merged lines (专线) in force at the period end / lines registered by then, likewise;
 * - linesMerged = lines in force at the period end that came into force within the period (the report's
 *   "未成年人保护 and 基金监督举报 merged") / lines in force at the period end;
 * - kbUnits = member units with at least one entry published by the period end and not retired or
 *   expired at it / active member units;
 * - blockedMatters = 办不成事 orders received in the period / all orders received in the period;
 * - blockedFinishedRate = 办不成事 orders received in the period finished (closed or answered) by its end
 *   / 办不成事 orders received in the period.
 */
import type { Kpi } from '../../shared/kpi.types';
import { kpi, periodInstants } from './hotline.kpis';

export const REACH_KPI_NAMES = ['hotline.received', 'hotline.expertSeats', 'hotline.lines', 'hotline.linesMerged', 'hotline.kbUnits', 'hotline.blockedMatters', 'hotline.blockedFinishedRate'] as const;
export type ReachKpiName = (typeof REACH_KPI_NAMES)[number];

export interface ReachCounts {
  received: number;
  seatsActive: number;
  seatsAll: number;
  linesActive: number;
  linesAll: number;
  linesMerged: number;
  kbUnits: number;
  memberUnits: number;
  blocked: number;
  blockedFinished: number;
}

export function reachKpis(c: ReachCounts): Record<ReachKpiName, Kpi> {
  return {
    'hotline.received': kpi(c.received, c.received),
    'hotline.expertSeats': kpi(c.seatsActive, c.seatsAll),
    'hotline.lines': kpi(c.linesActive, c.linesAll),
    'hotline.linesMerged': kpi(c.linesMerged, c.linesActive),
    'hotline.kbUnits': kpi(c.kbUnits, c.memberUnits),
    'hotline.blockedMatters': kpi(c.blocked, c.received),
    'hotline.blockedFinishedRate': kpi(c.blockedFinished, c.blocked),
  };
}

export interface ReachOrderRow {
  createdAt: string;
  channel: string;
  finishedAt: string | null;
}
export interface ReachKbRow {
  departmentId: number;
  status: string;
  publishedAt: string | null;
  expiresOn: string | null;
}

/** A roster row (seat or line) registered by the end of `to`: in force since that day or earlier, or undated. */
export const registeredBy = (r: { since: string | null }, to: string) => r.since === null || r.since <= to;

/** Lines in force at the end of `to` that came into force within [from, to]. */
export const mergedWithin = (l: { active: boolean; since: string | null }, from: string, to: string) => l.active && l.since !== null && l.since >= from && l.since <= to;

/** Member units (active ids) with an entry published by the end of `to`, still published and unexpired on `to`. */
export function kbUnitIds(entries: readonly ReachKbRow[], memberUnitIds: ReadonlySet<number>, to: string): Set<number> {
  const { end } = periodInstants(to, to);
  const out = new Set<number>();
  for (const e of entries) {
    if (e.status !== 'published' || e.publishedAt === null || e.publishedAt >= end) continue;
    if (e.expiresOn !== null && e.expiresOn < to) continue;
    if (memberUnitIds.has(e.departmentId)) out.add(e.departmentId);
  }
  return out;
}

/** The reference counting over plain rows. */
export function countReach(
  rows: { orders: readonly ReachOrderRow[]; seats: ReadonlyArray<{ active: boolean; since: string | null }>; lines: ReadonlyArray<{ active: boolean; since: string | null }>; kb: readonly ReachKbRow[]; memberUnitIds: ReadonlySet<number> },
  from: string,
  to: string,
): ReachCounts {
  const p = periodInstants(from, to);
  const received = rows.orders.filter((o) => o.channel !== 'mailbox' && o.createdAt >= p.start && o.createdAt < p.end);
  const blocked = received.filter((o) => o.channel === 'banbucheng');
  const seats = rows.seats.filter((r) => registeredBy(r, to));
  const lines = rows.lines.filter((r) => registeredBy(r, to));
  return {
    received: received.length,
    seatsActive: seats.filter((s) => s.active).length,
    seatsAll: seats.length,
    linesActive: lines.filter((l) => l.active).length,
    linesAll: lines.length,
    linesMerged: lines.filter((l) => mergedWithin(l, from, to)).length,
    kbUnits: kbUnitIds(rows.kb, rows.memberUnitIds, to).size,
    memberUnits: rows.memberUnitIds.size,
    blocked: blocked.length,
    blockedFinished: blocked.filter((o) => o.finishedAt !== null && o.finishedAt < p.end).length,
  };
}
