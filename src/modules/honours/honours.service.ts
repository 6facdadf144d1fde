/**
 * Quarterly honours (issue 16 item 4): candidates of 红旗窗口, 服务明星 and 共产党员先锋岗 computed from
 * the quarter's records — ratings and their bad-review loops (evaluations' monthly rankings, summed over
 * the quarter), on-time rates (case facts), supervision cards and, with the hall, tickets served — and
 * the 讲评会's decision with its committee and reasons, a 公示 period, history and counts per year.
 */
import { sql } from 'kysely';
import type { Actor } from '../../kernel/auth/actor';
import { hasRole } from '../../kernel/auth/actor';
import { recordAudit } from '../../kernel/audit/audit';
import { parseJson } from '../../kernel/db/db';
import { AppError, forbidden } from '../../kernel/errors';
import { tablesOf } from '../../kernel/kernel.tables';
import type { Kpi } from '../../shared/kpi.types';
import type { Period } from '../../shared/period';
import type { HonoursNeedsContext } from './honours.context';
import {
  DEFAULT_HONOURS_CONFIG,
  HONOUR_KINDS,
  HONOUR_LABELS,
  meetingProblem,
  parseQuarter,
  rankCandidates,
  type CandidateFigures,
  type HonourKind,
  type HonoursConfig,
  type Quarter,
  type RankedCandidate,
} from './honours.rules';
import type { HonoursDb, HonoursTables } from './honours.tables';
import { departmentInScope, type DepartmentScope } from '../../kernel/db/department-scope';

export interface DecisionInput {
  quarter: string;
  meetingOn: string;
  committee: string;
  awards: Array<{ kind: HonourKind; subjectKey: string; reasons: string }>;
}

export interface AwardView {
  id: number;
  quarter: string;
  kind: HonourKind;
  kindLabel: string;
  subjectKey: string;
  subjectName: string;
  departmentId: number | null;
  departmentName: string | null;
  reasons: string;
  committee: string;
  meetingOn: string;
  publicityUntil: string;
  inPublicity: boolean;
  figures: Partial<RankedCandidate>;
}

export type Candidates = Record<HonourKind, RankedCandidate[]>;

const DECIDERS = ['admin', 'leader'] as const;
const fail = (code: string, status: 404 | 409 | 422, message: string, details?: Record<string, unknown>) => new AppError(code, status, message, details);
const KPI_OF: Record<HonourKind, string> = {
  red_flag_window: 'hall.honours.redFlagWindows',
  service_star: 'hall.honours.serviceStars',
  party_pioneer: 'hall.honours.partyPioneers',
};

export class HonoursService {
  private readonly db: HonoursDb;
  readonly config: HonoursConfig = DEFAULT_HONOURS_CONFIG;

  constructor(private readonly ctx: HonoursNeedsContext) {
    this.db = tablesOf<HonoursTables>(ctx.db);
  }

  quarterOrFail(q: string): Quarter {
    const p = parseQuarter(q);
    if (!p) throw fail('INVALID_QUARTER', 422, `季度“${q}”格式应为 2026Q3`, { field: 'quarter' });
    if (p.from > this.ctx.calendar.today()) throw fail('QUARTER_NOT_STARTED', 422, `${q} 尚未开始`, { field: 'quarter' });
    return p;
  }

  private async deptNames(): Promise<Map<number, string>> {
    return new Map((await this.ctx.services.org.all()).map((d) => [d.id, d.name]));
  }

  /** The quarter's figures per window, staff member and department, from the owners' reads. */
  async figures(q: Quarter) {
    const s = this.ctx.services;
    const windows = new Map<string, CandidateFigures>();
    const staff = new Map<string, CandidateFigures>();
    const depts = new Map<string, CandidateFigures>();
    const blank = (key: string, name: string, departmentId: number | null): CandidateFigures => ({ key, name, departmentId, active: 0, good: 0, validBad: 0, cards: 0, completed: null, onTime: null, tickets: null });
    const add = (m: Map<string, CandidateFigures>, r: { key: string; name: string; departmentId: number | null; active: number; good: number; validBad: number; cards: number }) => {
      const a = m.get(r.key) ?? blank(r.key, r.name, r.departmentId);
      a.active += r.active;
      a.good += r.good;
      a.validBad += r.validBad;
      a.cards += r.cards;
      m.set(r.key, a);
    };
    for (const month of q.months) {
      if (month > this.ctx.calendar.today().slice(0, 7)) continue;
      const r = await s.evaluations.rankings.compute(month);
      for (const w of r.windows) add(windows, w);
      for (const p of r.staff) {
        add(staff, p);
        if (p.departmentId !== null) add(depts, { ...p, key: String(p.departmentId), name: '' });
      }
    }
    const names = await this.deptNames();
    for (const d of depts.values()) d.name = names.get(Number(d.key)) ?? d.key;
    if (s.hallFigures?.staffFigures) {
      // Tickets a person served; a department's are its people's (the average wait weighted by tickets).
      const deptWait = new Map<string, { served: number; wait: number }>();
      for (const h of await s.hallFigures.staffFigures(q.from, q.to)) {
        const p = staff.get(String(h.userId)) ?? blank(String(h.userId), h.name, h.departmentId);
        p.tickets = h.served;
        p.averageWaitMinutes = h.averageWaitMinutes;
        staff.set(p.key, p);
        if (h.departmentId === null || h.averageWaitMinutes === null) continue;
        const key = String(h.departmentId);
        const d = depts.get(key) ?? blank(key, names.get(h.departmentId) ?? key, h.departmentId);
        depts.set(key, d);
        const a = deptWait.get(key) ?? { served: 0, wait: 0 };
        a.served += h.served;
        a.wait += h.served * h.averageWaitMinutes;
        deptWait.set(key, a);
      }
      for (const [key, a] of deptWait) {
        const d = depts.get(key)!;
        d.tickets = a.served;
        d.averageWaitMinutes = a.served ? Math.round((a.wait / a.served) * 10) / 10 : null;
      }
    }
    // On-time rate: the department's cases completed in the quarter (staff carry their department's).
    if (s.caseReads) {
      const days = await s.caseReads.dayCounts(q.from, q.to);
      const by = new Map<number, { completed: number; onTime: number }>();
      for (const d of days) {
        const a = by.get(d.departmentId) ?? { completed: 0, onTime: 0 };
        a.completed += d.completed;
        a.onTime += d.completedOnTime;
        by.set(d.departmentId, a);
      }
      for (const f of [...staff.values(), ...depts.values()]) {
        const a = f.departmentId === null ? undefined : by.get(f.departmentId);
        f.completed = a?.completed ?? 0;
        f.onTime = a?.onTime ?? 0;
      }
    }
    // Supervision cards issued to the department in the quarter count against its post.
    if (s.supervision) {
      for (const r of await s.supervision.issuedByDay(q.from, q.to)) {
        const d = r.departmentId === null ? undefined : depts.get(String(r.departmentId));
        if (d) d.cards += r.red + r.yellow;
      }
    }
    if (s.hallFigures) {
      for (const h of await s.hallFigures.windowFigures(q.from, q.to)) {
        const w = windows.get(h.windowNo) ?? blank(h.windowNo, `${h.windowNo} 窗口`, null);
        w.tickets = h.served;
        w.averageWaitMinutes = h.averageWaitMinutes;
        windows.set(h.windowNo, w);
      }
    }
    return { windows: [...windows.values()], staff: [...staff.values()], departments: [...depts.values()] };
  }

  /** The quarter's candidates for each honour, ranked, with the ones already decided marked. */
  async candidates(quarter: string): Promise<{ quarter: Quarter; candidates: Candidates; decided: AwardView[] }> {
    const q = this.quarterOrFail(quarter);
    const f = await this.figures(q);
    const c = this.config;
    return {
      quarter: q,
      candidates: {
        red_flag_window: rankCandidates(f.windows, c, c.quotas.red_flag_window),
        service_star: rankCandidates(f.staff, c, c.quotas.service_star),
        party_pioneer: rankCandidates(f.departments, c, c.quotas.party_pioneer),
      },
      decided: await this.awards({ quarter }),
    };
  }

  /** The 讲评会's decision: each honour must go to an eligible candidate of the quarter, with reasons. */
  async decide(actor: Actor, input: DecisionInput): Promise<AwardView[]> {
    if (!hasRole(actor, ...DECIDERS)) throw forbidden('只有局领导可以评定荣誉');
    const today = this.ctx.calendar.today();
    const q = this.quarterOrFail(input.quarter);
    const problem = meetingProblem(q, input.meetingOn, today, this.config.graceDays);
    if (problem) throw fail('HONOUR_OUTSIDE_QUARTER', 422, problem, { field: 'meetingOn' });
    if (!input.committee.trim()) throw fail('COMMITTEE_REQUIRED', 422, '请填写评审委员会成员', { field: 'committee' });
    if (input.awards.length === 0) throw fail('AWARDS_REQUIRED', 422, '请至少评定一项荣誉', { field: 'awards' });
    const { candidates } = await this.candidates(input.quarter);
    const seen = new Set<string>();
    const chosen = input.awards.map((a, i) => {
      const field = `awards.${i}`;
      const c = candidates[a.kind].find((x) => x.key === a.subjectKey);
      if (!c) throw fail('HONOUR_NOT_CANDIDATE', 422, `${a.subjectKey} 不是 ${q.quarter} 的${HONOUR_LABELS[a.kind]}候选对象`, { field: `${field}.subjectKey` });
      if (!c.eligible) throw fail('HONOUR_NOT_ELIGIBLE', 422, `${c.name} 不符合${HONOUR_LABELS[a.kind]}条件：${c.ineligibleReason}`, { field: `${field}.subjectKey` });
      if (!a.reasons.trim()) throw fail('REASONS_REQUIRED', 422, `请填写评定${c.name}的理由`, { field: `${field}.reasons` });
      const k = `${a.kind}|${a.subjectKey}`;
      if (seen.has(k)) throw fail('HONOUR_DUPLICATE', 422, `${c.name} 在本次评定中重复`, { field: `${field}.subjectKey` });
      seen.add(k);
      return { a, c };
    });
    const until = this.ctx.calendar.current.addWorkdays(input.meetingOn, this.config.publicityWorkdays);
    const now = this.ctx.clock.now().toISOString();
    const ids = await this.db.transaction().execute(async (tx) => {
      const existing = await tx.selectFrom('honours_awards').select(['kind', 'subject_key', 'subject_name']).where('quarter', '=', q.quarter).execute();
      const out: number[] = [];
      for (const { a, c } of chosen) {
        const dup = existing.find((e) => e.kind === a.kind && e.subject_key === a.subjectKey);
        if (dup) throw fail('HONOUR_EXISTS', 409, `${dup.subject_name} 已获评 ${q.quarter} ${HONOUR_LABELS[a.kind]}`, { quarter: q.quarter, kind: a.kind, subjectKey: a.subjectKey });
        const r = await tx
          .insertInto('honours_awards')
          .values({
            quarter: q.quarter,
            kind: a.kind,
            subject_key: c.key,
            subject_name: c.name,
            department_id: c.departmentId,
            reasons: a.reasons.trim(),
            committee: input.committee.trim(),
            meeting_on: input.meetingOn,
            publicity_until: until,
            figures_json: JSON.stringify({ active: c.active, good: c.good, goodRate: c.goodRate, onTimeRate: c.onTimeRate, cards: c.cards, tickets: c.tickets, averageWaitMinutes: c.averageWaitMinutes ?? null, score: c.score, rank: c.rank }),
            decided_by: actor.id,
            decided_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        out.push(Number(r.id));
      }
      await recordAudit(tx, this.ctx.clock, actor, {
        action: 'honours.decide',
        subjectType: 'honours_quarter',
        subjectId: q.quarter,
        after: { meetingOn: input.meetingOn, awards: chosen.map(({ a, c }) => ({ kind: a.kind, subject: c.name })) },
      });
      return out;
    });
    return (await this.awards({ quarter: q.quarter })).filter((a) => ids.includes(a.id));
  }

  /** Honours decided, newest quarter first; filtered by quarter, year, kind or subject (history). */
  async awards(f: { quarter?: string; year?: number; kind?: HonourKind; subjectKey?: string; from?: string; to?: string } = {}): Promise<AwardView[]> {
    let q = this.db.selectFrom('honours_awards').selectAll();
    if (f.quarter) q = q.where('quarter', '=', f.quarter);
    if (f.year !== undefined) q = q.where('quarter', '>=', `${f.year}Q1`).where('quarter', '<=', `${f.year}Q4`);
    if (f.kind) q = q.where('kind', '=', f.kind);
    if (f.subjectKey) q = q.where('subject_key', '=', f.subjectKey);
    if (f.from) q = q.where('meeting_on', '>=', f.from);
    if (f.to) q = q.where('meeting_on', '<=', f.to);
    const rows = await q.orderBy('quarter', 'desc').orderBy('kind').orderBy('id').execute();
    const names = await this.deptNames();
    const today = this.ctx.calendar.today();
    return rows.map((r) => ({
      id: Number(r.id),
      quarter: r.quarter,
      kind: r.kind as HonourKind,
      kindLabel: HONOUR_LABELS[r.kind as HonourKind] ?? r.kind,
      subjectKey: r.subject_key,
      subjectName: r.subject_name,
      departmentId: r.department_id === null ? null : Number(r.department_id),
      departmentName: r.department_id === null ? null : (names.get(Number(r.department_id)) ?? null),
      reasons: r.reasons,
      committee: r.committee,
      meetingOn: r.meeting_on,
      publicityUntil: r.publicity_until,
      inPublicity: r.meeting_on <= today && today <= r.publicity_until,
      figures: parseJson(r.figures_json, {}),
    }));
  }

  /** Quarters with honours and their counts per honour, newest first. */
  async quarters() {
    const rows = await this.db
      .selectFrom('honours_awards')
      .select(['quarter', 'kind', sql<string>`max(meeting_on)`.as('meeting_on'), sql<number>`cast(count(*) as integer)`.as('n')])
      .groupBy(['quarter', 'kind'])
      .execute();
    const by = new Map<string, { quarter: string; meetingOn: string; counts: Record<HonourKind, number> }>();
    for (const r of rows) {
      const a = by.get(r.quarter) ?? { quarter: r.quarter, meetingOn: r.meeting_on, counts: { red_flag_window: 0, service_star: 0, party_pioneer: 0 } };
      a.counts[r.kind as HonourKind] = Number(r.n);
      if (r.meeting_on > a.meetingOn) a.meetingOn = r.meeting_on;
      by.set(r.quarter, a);
    }
    return [...by.values()].sort((a, b) => b.quarter.localeCompare(a.quarter));
  }

  /** Counts per honour for a year (红旗窗口, 服务明星, 共产党员先锋岗). */
  async yearCounts(year: number): Promise<Record<HonourKind, number>> {
    const rows = await this.awards({ year });
    return Object.fromEntries(HONOUR_KINDS.map((k) => [k, rows.filter((r) => r.kind === k).length])) as Record<HonourKind, number>;
  }

  /** The public page and the hall display: honours in 公示 now and those of the last four quarters. */
  async publicBoard() {
    const all = await this.awards();
    const quarters = [...new Set(all.map((a) => a.quarter))].slice(0, 4);
    const strip = (a: AwardView) => ({ quarter: a.quarter, kind: a.kind, kindLabel: a.kindLabel, subjectName: a.subjectName, departmentName: a.departmentName, reasons: a.reasons, meetingOn: a.meetingOn, publicityUntil: a.publicityUntil });
    return { inPublicity: all.filter((a) => a.inPublicity).map(strip), recent: all.filter((a) => quarters.includes(a.quarter)).map(strip) };
  }

  /** KPI source: honours decided at 讲评会 held in the period. */
  async kpis(period: Period, departments: DepartmentScope): Promise<Record<string, Kpi>> {
    const rows = (await this.awards({ from: period.from, to: period.to })).filter((a) => departments == null || departmentInScope(a.departmentId, departments));
    const quarters = new Set(rows.map((r) => r.quarter)).size;
    return Object.fromEntries(
      HONOUR_KINDS.map((k) => {
        const n = rows.filter((r) => r.kind === k).length;
        return [KPI_OF[k], { value: n, numerator: n, denominator: quarters }];
      }),
    );
  }
}
