import { sql, type Selectable } from 'kysely';
import type { SupervisionNeedsContext } from './supervision.context';
import type { Actor } from '../../kernel/auth/actor';
import { hasRole, readsAllDepartments, systemActor } from '../../kernel/auth/actor';
import { recordAudit } from '../../kernel/audit/audit';
import { enqueueNotification } from '../../kernel/outbox/outbox';
import { AppError, forbidden, notFound, unprocessable } from '../../kernel/errors';
import { tablesOf, type ModuleDb, type ModuleTx } from '../../kernel/kernel.tables';
import { SettingStore } from '../../kernel/settings';
import { checkDateRange } from '../../kernel/list-export';
import { rulePanel, type RuleInfo } from './supervision.rule-panel';
import type { OrgService } from '../org';
import type { CaseReads } from '../cases';
import {
  ConfigError,
  RULE_LABELS,
  applyRuleSetting,
  completedLateCandidates,
  daysBefore,
  dueCaseCandidates,
  intakeLateCandidates,
  isMonth,
  mergeConfig,
  monthRange,
  nearDueHorizon,
  sortCandidates,
  type CardCandidate,
  type CardColor,
  type CardSource,
  type CardStatus,
  type SupervisionConfig,
} from './supervision.rules';
import type { Card } from '../../shared/supervision.types';
import type { SupervisionCardsTable, SupervisionTables } from './supervision.tables';
import { compareZh } from '../../shared/zh-collate';
import { inDepartments, type DepartmentScope } from '../../kernel/db/department-scope';

export const SUPERVISION_SETTING_KEY = 'supervision.config';

export type { Card } from '../../shared/supervision.types';

export interface CardFilter {
  color?: CardColor;
  rule?: string;
  department?: number;
  /** A county of the installation (6 digits): cards of its departments only (see list). */
  region?: string;
  month?: string;
  /** Issued on or after / on or before (YYYY-MM-DD). */
  from?: string;
  to?: string;
  status?: CardStatus;
  subjectType?: string;
  subjectId?: string;
  page?: number;
  pageSize?: number;
}

type CardRow = Selectable<SupervisionCardsTable>;

const CHUNK = 200;

/** Cards (红黄牌) of electronic supervision: the sweep, the source registry, lists, 纠错 and counts. */
export class SupervisionService {
  private readonly sources: CardSource[] = [];
  private readonly db: ModuleDb<SupervisionTables>;
  private readonly settings: SettingStore<SupervisionConfig>;
  /** Overdue-card subjects seen closed during the last sweep: stop watching them once it has committed. */
  private closedWatch: string[] = [];
  /** (subject, rule) keys that have a card, as far as this process knows (a cache; see sweep). */
  private readonly known = new Set<string>();
  /** The day whose full sweep has committed in this process (see caseSource). */
  private fullSweepDay: string | null = null;
  private pendingFullDay: string | null = null;

  constructor(private readonly ctx: SupervisionNeedsContext) {
    this.db = tablesOf<SupervisionTables>(ctx.db);
    this.settings = new SettingStore(ctx, { key: SUPERVISION_SETTING_KEY, parse: mergeConfig, auditAction: 'supervision.config_set' });
  }

  private get org(): OrgService {
    return this.ctx.services.org;
  }

  /**
   * Adds a rule set by hand (tests, tools). Modules declare theirs in their manifest (`cardSources`), which
   * the sweep reads from the kernel's extension points.
   */
  registerSource(source: CardSource): void {
    if (this.allSources().some((s) => s.name === source.name)) throw new Error(`supervision source "${source.name}" is already registered`);
    this.sources.push(source);
  }

  /** The built-in case rules, the modules' declared sources, then any added by hand. */
  private allSources(): CardSource[] {
    return [...this.ctx.extensions.cardSources, ...this.sources];
  }

  sourceNames(): string[] {
    return this.allSources().map((s) => s.name);
  }

  // ------------------------------------------------------------------------------------ configuration

  /** The rules in force: the defaults overlaid with the stored override (a broken one falls back to the defaults). */
  async config(): Promise<SupervisionConfig> {
    return this.settings.get();
  }

  /** The rule panel: every rule that issues cards, with the colour and switch in force (supervision.rule-panel.ts). */
  async rules(): Promise<RuleInfo[]> {
    const rows = await this.db.selectFrom('supervision_cards').select(['rule', 'color', sql<number>`cast(count(*) as integer)`.as('n')]).groupBy(['rule', 'color']).execute();
    const issued = new Map<string, { color: CardColor; n: number }>();
    for (const r of rows) {
      const had = issued.get(r.rule);
      // A rule whose colour was reconfigured has cards of both: the panel shows the more frequent one.
      if (!had) issued.set(r.rule, { color: r.color as CardColor, n: Number(r.n) });
      else issued.set(r.rule, { color: Number(r.n) > had.n ? (r.color as CardColor) : had.color, n: had.n + Number(r.n) });
    }
    return rulePanel(await this.config(), issued);
  }

  /** Replaces the override: `override` is overlaid on the defaults and checked (422 naming the bad field). */
  async setConfig(actor: Actor, override: unknown): Promise<SupervisionConfig> {
    let merged: SupervisionConfig;
    try {
      merged = mergeConfig(override);
    } catch (err) {
      if (err instanceof ConfigError) throw unprocessable('SUPERVISION_CONFIG_INVALID', err.message, { field: err.field });
      throw err;
    }
    return this.settings.save(actor, merged);
  }

  // ------------------------------------------------------------------------------------ built-in sources

  /** Case rules over the cases module's facts; registered by the module's init when cases is installed. */
  caseSource(caseReads: CaseReads): CardSource {
    return {
      name: 'cases',
      candidates: async (_now, today) => {
        const cfg = await this.config();
        const index = this.ctx.calendar.current;
        const out: CardCandidate[] = [];
        // Only cases at or past the near-due horizon are read, through the (status, promised_due_date) index.
        // The first sweep of a day (per process) reads every open case at or past the horizon and checks the
        // watched overdue cards; the sweeps after it only read cases due since yesterday, so the minute job's
        // work follows what changed, not the size of the overdue backlog.
        const full = this.fullSweepDay !== today;
        const due = await caseReads.dueBy(nearDueHorizon(index, today, cfg), full ? undefined : daysBefore(today, 2));
        out.push(...dueCaseCandidates(due, today, index, cfg));
        out.push(...intakeLateCandidates(await caseReads.intakeLate(today, daysBefore(today, cfg.lookbackDays)), today));
        if (!full) {
          out.push(...completedLateCandidates(await caseReads.completedLate(daysBefore(today, 3), today)));
          return out;
        }
        this.pendingFullDay = today;
        // Late completions: the cases we already hold an overdue card for (proportional to open overdue
        // cards), plus a short look-back for cases that went late between two sweeps.
        const watched = await this.db
          .selectFrom('supervision_cards')
          .select('subject_id')
          .where('rule', '=', 'overdue')
          .where('subject_closed', '=', 0)
          .where('subject_type', '=', 'case')
          .execute();
        // A watched case still open with its clock running cannot have closed: look up only the others.
        const stillOpen = new Set(due.map((d) => d.caseNo));
        const states = await caseReads.states(watched.map((w) => w.subject_id).filter((no) => !stillOpen.has(no)));
        const closed = states.filter((s) => s.closedOn !== null || s.status === 'completed');
        out.push(...completedLateCandidates(closed.filter((s) => s.status === 'completed')));
        out.push(...completedLateCandidates(await caseReads.completedLate(daysBefore(today, cfg.lookbackDays), today)));
        this.closedWatch = closed.map((s) => s.caseNo);
        return out;
      },
    };
  }

  // ------------------------------------------------------------------------------------ the sweep

  /**
   * Collects candidates from every source, drops the (subject, rule) pairs that already have a card, and
   * inserts the rest with `on conflict do nothing` on the unique index: a concurrent sweep on another
   * instance can only lose the race, never duplicate. Each new card is audited and notifies its department
   * through the outbox in the same transaction.
   */
  async sweep(): Promise<{ issued: number }> {
    const now = this.ctx.clock.now();
    const today = this.ctx.calendar.today();
    const cfg = await this.config();
    const all: CardCandidate[] = [];
    for (const s of this.allSources()) {
      for (const c of await s.candidates(now, today)) {
        const applied = applyRuleSetting(c, cfg);
        if (applied) all.push(applied);
      }
    }
    const sorted = sortCandidates(all);
    const keyOf = (c: CardCandidate) => `${c.subjectType}\u0000${c.subjectId}\u0000${c.rule}`;
    // Keys known to have a card already (from earlier sweeps of this process) skip the database check;
    // the unique index stays the guarantee. The set is pruned to this sweep's candidates so it stays small.
    const current = new Set(sorted.map(keyOf));
    for (const k of this.known) if (!current.has(k)) this.known.delete(k);
    const unknown = sorted.filter((c) => !this.known.has(keyOf(c)));
    const fresh = await this.withoutExisting(unknown);
    const freshKeys = new Set(fresh.map(keyOf));
    for (const c of unknown) if (!freshKeys.has(keyOf(c))) this.known.add(keyOf(c));
    let issued = 0;
    const nowIso = now.toISOString();
    const actor = systemActor('supervision.sweep');
    for (let i = 0; i < fresh.length; i += CHUNK) {
      const chunk = fresh.slice(i, i + CHUNK);
      issued += await this.db.transaction().execute(async (tx) => {
        const inserted = await tx
          .insertInto('supervision_cards')
          .values(
            chunk.map((c) => ({
              subject_type: c.subjectType,
              subject_id: c.subjectId,
              subject_label: c.subjectLabel ?? null,
              rule: c.rule,
              color: c.color,
              department_id: c.departmentId,
              issued_at: nowIso,
              issued_on: today,
              due_at: c.dueAt ?? null,
              detail_json: JSON.stringify(c.detail),
              status: 'open',
              subject_closed: 0,
            })),
          )
          .onConflict((oc) => oc.columns(['subject_type', 'subject_id', 'rule']).doNothing())
          .returning(['id', 'subject_type', 'subject_id', 'subject_label', 'rule', 'color', 'department_id', 'due_at'])
          .execute();
        for (const r of inserted) {
          const card = { id: Number(r.id), rule: r.rule, color: r.color, subjectType: r.subject_type, subjectId: r.subject_id, departmentId: r.department_id === null ? null : Number(r.department_id) };
          await recordAudit(tx, this.ctx.clock, actor, { action: 'supervision.card_issued', subjectType: 'supervision_card', subjectId: card.id, after: card });
          if (card.departmentId !== null) {
            await enqueueNotification(tx, this.ctx.clock, {
              channel: 'department',
              recipient: `department:${card.departmentId}`,
              template: 'supervision.card_issued',
              payload: { cardId: card.id, color: card.color, rule: card.rule, ruleLabel: RULE_LABELS[card.rule] ?? card.rule, subject: r.subject_label ?? r.subject_id, dueAt: r.due_at },
              dedupeKey: `supervision.card:${r.subject_type}:${r.subject_id}:${r.rule}`,
            });
          }
        }
        return inserted.length;
      });
      // inserted here or by a concurrent sweep elsewhere: either way the card exists now
      for (const c of chunk) this.known.add(keyOf(c));
    }
    if (this.closedWatch.length > 0) {
      for (let i = 0; i < this.closedWatch.length; i += 500) {
        await this.db
          .updateTable('supervision_cards')
          .set({ subject_closed: 1 })
          .where('subject_type', '=', 'case')
          .where('subject_id', 'in', this.closedWatch.slice(i, i + 500))
          .execute();
      }
      this.closedWatch = [];
    }
    if (this.pendingFullDay) {
      this.fullSweepDay = this.pendingFullDay;
      this.pendingFullDay = null;
    }
    return { issued };
  }

  /** Candidates whose (subject, rule) has no card yet: a read, so a steady-state sweep writes nothing. */
  private async withoutExisting(list: CardCandidate[]): Promise<CardCandidate[]> {
    if (list.length === 0) return list;
    const have = new Set<string>();
    const byType = new Map<string, string[]>();
    for (const c of list) byType.set(c.subjectType, [...(byType.get(c.subjectType) ?? []), c.subjectId]);
    for (const [type, ids] of byType) {
      const uniq = [...new Set(ids)];
      for (let i = 0; i < uniq.length; i += 500) {
        const rows = await this.db
          .selectFrom('supervision_cards')
          .select(['subject_id', 'rule'])
          .where('subject_type', '=', type)
          .where('subject_id', 'in', uniq.slice(i, i + 500))
          .execute();
        for (const r of rows) have.add(`${type}\u0000${r.subject_id}\u0000${r.rule}`);
      }
    }
    return list.filter((c) => !have.has(`${c.subjectType}\u0000${c.subjectId}\u0000${c.rule}`));
  }

  // ------------------------------------------------------------------------------------ reading

  private async departmentOrFail(id: number, field = 'department') {
    const d = await this.org.byId(id);
    if (!d) throw unprocessable('DEPARTMENT_UNKNOWN', `部门 ${id} 不存在`, { field });
    return d;
  }

  /** Readers of all departments see every card; reviewer / unit accounts only their department's. */
  private scope(actor: Actor): number | null | 'all' {
    if (readsAllDepartments(actor)) return 'all';
    if (hasRole(actor, 'reviewer', 'unit')) return actor.departmentId;
    throw forbidden();
  }

  private toCard(r: CardRow, names: Map<number, string>): Card {
    const dep = r.department_id === null ? null : Number(r.department_id);
    return {
      id: Number(r.id),
      color: r.color,
      rule: r.rule,
      ruleLabel: RULE_LABELS[r.rule] ?? r.rule,
      subjectType: r.subject_type,
      subjectId: r.subject_id,
      subjectLabel: r.subject_label,
      departmentId: dep,
      departmentName: dep === null ? null : (names.get(dep) ?? null),
      issuedAt: r.issued_at,
      issuedOn: r.issued_on,
      dueAt: r.due_at,
      status: r.status,
      detail: JSON.parse(r.detail_json),
      acknowledgedAt: r.acknowledged_at,
      acknowledgedByName: r.acknowledged_by_name,
      explanation: r.explanation,
    };
  }

  /**
   * The departments of a county the installation serves, as the org module tells it (422 REGION_NOT_FOUND
   * when none belongs to it, the code the statistics routes give). A card counts for the county of the
   * department it went to — the department its subject belongs to — as the card KPIs of `region=` count it;
   * a card that went to no department belongs to no county and shows only in the installation-wide list.
   */
  private async countyOrFail(region: string): Promise<number[]> {
    const departments = await this.org.departmentsOfRegion(region);
    if (departments.length === 0) throw unprocessable('REGION_NOT_FOUND', `没有属于区县 ${region} 的部门`, { field: 'region' });
    return departments;
  }

  private async departmentNames(): Promise<Map<number, string>> {
    return new Map((await this.org.all()).map((d) => [d.id, d.name]));
  }

  async list(actor: Actor, f: CardFilter): Promise<{ items: Card[]; total: number }> {
    const scope = this.scope(actor);
    if (f.department !== undefined) await this.departmentOrFail(f.department);
    if (f.month !== undefined && !isMonth(f.month)) throw unprocessable('MONTH_INVALID', `month 须为 YYYY-MM：${f.month}`, { field: 'month' });
    checkDateRange(f.from, f.to);
    const county = f.region === undefined ? null : await this.countyOrFail(f.region);
    let q = this.db.selectFrom('supervision_cards');
    if (scope !== 'all') q = q.where('department_id', '=', scope ?? -1);
    if (f.department !== undefined) q = q.where('department_id', '=', f.department);
    if (county) q = q.where(inDepartments('department_id', county));
    if (f.color) q = q.where('color', '=', f.color);
    if (f.rule) q = q.where('rule', '=', f.rule);
    if (f.status) q = q.where('status', '=', f.status);
    if (f.subjectType) q = q.where('subject_type', '=', f.subjectType);
    if (f.subjectId) q = q.where('subject_id', '=', f.subjectId);
    if (f.month) {
      const m = monthRange(f.month);
      q = q.where('issued_on', '>=', m.from).where('issued_on', '<=', m.to);
    }
    if (f.from) q = q.where('issued_on', '>=', f.from);
    if (f.to) q = q.where('issued_on', '<=', f.to);
    const page = f.page ?? 1;
    const pageSize = Math.min(f.pageSize ?? 20, 100);
    const total = await q.select(sql<number>`cast(count(*) as integer)`.as('n')).executeTakeFirstOrThrow();
    const rows = await q
      .selectAll()
      .orderBy('id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute();
    const names = await this.departmentNames();
    return { items: rows.map((r) => this.toCard(r, names)), total: Number(total.n) };
  }

  private async load(db: ModuleDb<SupervisionTables> | ModuleTx<SupervisionTables>, actor: Actor, id: number): Promise<CardRow> {
    const scope = this.scope(actor);
    const row = await db.selectFrom('supervision_cards').selectAll().where('id', '=', id).executeTakeFirst();
    // Another department's card is "not found", never "forbidden" (no existence leak).
    if (!row || (scope !== 'all' && Number(row.department_id) !== scope)) throw notFound('CARD_NOT_FOUND', `监察牌 ${id} 不存在`);
    return row;
  }

  async get(actor: Actor, id: number): Promise<Card> {
    return this.toCard(await this.load(this.db, actor, id), await this.departmentNames());
  }

  /** 纠错: the department or the supervisor records why; the card stays counted but is no longer open. */
  async acknowledge(actor: Actor, id: number, explanation: string): Promise<Card> {
    await this.acknowledgeMany(actor, [id], explanation);
    return this.get(actor, id);
  }

  /**
   * 批量说明: one explanation for several cards (a department's cards of one cause), all or nothing — a
   * card already explained or not visible to the actor refuses the batch, naming it, and nothing is written.
   */
  async acknowledgeMany(actor: Actor, ids: readonly number[], explanation: string): Promise<{ acknowledged: number }> {
    const text = explanation.trim();
    if (text.length < 2) throw unprocessable('EXPLANATION_REQUIRED', '请填写情况说明（纠错理由）', { field: 'explanation' });
    if (!hasRole(actor, 'admin', 'supervisor', 'reviewer', 'unit')) throw forbidden('只有效能监察人员或责任部门可以说明纠错');
    const unique = [...new Set(ids)];
    if (unique.length === 0) throw unprocessable('CARDS_REQUIRED', '请选择要说明的监察牌', { field: 'ids' });
    const now = this.ctx.clock.now().toISOString();
    await this.db.transaction().execute(async (tx) => {
      for (const id of unique) {
        const row = await this.load(tx, actor, id);
        const label = row.subject_label ?? row.subject_id;
        const already = () => new AppError('CARD_ALREADY_ACKNOWLEDGED', 409, `监察牌 ${id}（${label}）已说明纠错`, { status: 'acknowledged', id });
        if (row.status !== 'open') throw already();
        const res = await tx
          .updateTable('supervision_cards')
          .set({ status: 'acknowledged', acknowledged_at: now, acknowledged_by: actor.id, acknowledged_by_name: actor.name, explanation: text })
          .where('id', '=', id)
          .where('status', '=', 'open')
          .executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) throw already();
        await recordAudit(tx, this.ctx.clock, actor, {
          action: 'supervision.card_acknowledged',
          subjectType: 'supervision_card',
          subjectId: id,
          before: { status: 'open' },
          after: { status: 'acknowledged', explanation: text, ...(unique.length > 1 ? { batch: unique.length } : {}) },
        });
        if (row.department_id !== null) {
          await enqueueNotification(tx, this.ctx.clock, {
            channel: 'department',
            recipient: `department:${Number(row.department_id)}`,
            template: 'supervision.card_acknowledged',
            payload: { cardId: id, ruleLabel: RULE_LABELS[row.rule] ?? row.rule, subject: label, by: actor.name, explanation: text },
            dedupeKey: `supervision.card:${row.subject_type}:${row.subject_id}:${row.rule}:ack`,
          });
        }
      }
    });
    return { acknowledged: unique.length };
  }

  /** Cards issued in [from, to] by department and by month (with colours and how many are still open). */
  /** Cards per department and per month of [from, to]; `region`: one county's departments (422 REGION_NOT_FOUND otherwise). */
  async counts(actor: Actor, from: string, to: string, department?: number, region?: string) {
    const scope = this.scope(actor);
    if (department !== undefined) await this.departmentOrFail(department);
    const county = region === undefined ? null : await this.countyOrFail(region);
    let q = this.db.selectFrom('supervision_cards').where('issued_on', '>=', from).where('issued_on', '<=', to);
    if (scope !== 'all') q = q.where('department_id', '=', scope ?? -1);
    if (department !== undefined) q = q.where('department_id', '=', department);
    if (county) q = q.where(inDepartments('department_id', county));
    const int = (expr: string) => sql<number>`cast(coalesce(sum(case when ${sql.raw(expr)} then 1 else 0 end), 0) as integer)`;
    const cols = [int(`color = 'red'`).as('red'), int(`color = 'yellow'`).as('yellow'), int(`status = 'open'`).as('open')] as const;
    const byDep = await q.select(['department_id', ...cols]).groupBy('department_id').execute();
    const byMonth = await q
      .select([sql<string>`substr(issued_on, 1, 7)`.as('month'), ...cols])
      .groupBy(sql`substr(issued_on, 1, 7)`)
      .orderBy(sql`substr(issued_on, 1, 7)`)
      .execute();
    const names = await this.departmentNames();
    const num = (r: { red: number; yellow: number; open: number }) => ({ red: Number(r.red), yellow: Number(r.yellow), open: Number(r.open) });
    return {
      from,
      to,
      byDepartment: byDep
        .map((r) => ({ departmentId: r.department_id === null ? null : Number(r.department_id), departmentName: r.department_id === null ? '（未指定部门）' : (names.get(Number(r.department_id)) ?? String(r.department_id)), ...num(r) }))
        .sort((a, b) => b.red - a.red || b.yellow - a.yellow || compareZh(a.departmentName, b.departmentName)),
      byMonth: byMonth.map((r) => ({ month: String(r.month), ...num(r) })),
    };
  }

  /** Cards issued in [from, to] per colour (the supervision KPIs' numerators); no actor scoping (stats checks roles). */
  async issuedCounts(from: string, to: string, departments?: DepartmentScope): Promise<{ red: number; yellow: number }> {
    let q = this.db.selectFrom('supervision_cards').where('issued_on', '>=', from).where('issued_on', '<=', to);
    if (departments != null) q = q.where(inDepartments('department_id', departments));
    const r = await q
      .select([
        sql<number>`cast(coalesce(sum(case when color = 'red' then 1 else 0 end), 0) as integer)`.as('red'),
        sql<number>`cast(coalesce(sum(case when color = 'yellow' then 1 else 0 end), 0) as integer)`.as('yellow'),
      ])
      .executeTakeFirstOrThrow();
    return { red: Number(r.red), yellow: Number(r.yellow) };
  }

  /** Cards per day × department × colour over [from, to] (series and roll-ups). */
  async issuedByDay(from: string, to: string, departmentId?: DepartmentScope): Promise<Array<{ day: string; departmentId: number | null; red: number; yellow: number }>> {
    let q = this.db.selectFrom('supervision_cards').where('issued_on', '>=', from).where('issued_on', '<=', to);
    if (departmentId != null) q = q.where(inDepartments('department_id', departmentId));
    const rows = await q
      .select([
        'issued_on',
        'department_id',
        sql<number>`cast(coalesce(sum(case when color = 'red' then 1 else 0 end), 0) as integer)`.as('red'),
        sql<number>`cast(coalesce(sum(case when color = 'yellow' then 1 else 0 end), 0) as integer)`.as('yellow'),
      ])
      .groupBy(['issued_on', 'department_id'])
      .execute();
    return rows.map((r) => ({ day: r.issued_on, departmentId: r.department_id === null ? null : Number(r.department_id), red: Number(r.red), yellow: Number(r.yellow) }));
  }

  /** A page of the cards behind a supervision KPI (drill-down). */
  async issuedRecords(color: CardColor, from: string, to: string, departmentId: DepartmentScope, offset: number, limit: number) {
    let q = this.db.selectFrom('supervision_cards').where('issued_on', '>=', from).where('issued_on', '<=', to).where('color', '=', color);
    if (departmentId != null) q = q.where(inDepartments('department_id', departmentId));
    const total = await q.select(sql<number>`cast(count(*) as integer)`.as('n')).executeTakeFirstOrThrow();
    const rows = await q.selectAll().orderBy('id', 'desc').limit(limit).offset(offset).execute();
    const names = await this.departmentNames();
    return { total: Number(total.n), items: rows.map((r) => this.toCard(r, names)) };
  }

  /** Open cards by colour (for /metrics and the dashboard). */
  async openCounts(): Promise<{ red: number; yellow: number }> {
    const rows = await this.db
      .selectFrom('supervision_cards')
      .where('status', '=', 'open')
      .select(['color', sql<number>`cast(count(*) as integer)`.as('n')])
      .groupBy('color')
      .execute();
    const m = new Map(rows.map((r) => [r.color, Number(r.n)]));
    return { red: m.get('red') ?? 0, yellow: m.get('yellow') ?? 0 };
  }
}
