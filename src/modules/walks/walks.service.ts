/**
 * 走流程 (issue 16 item 6): a leader or department head records a walk through an item — channel, date,
 * steps experienced, time taken — with the 堵点 found and a rectification measure for each, owned by a
 * department and due on a working day. Overdue measures become supervision cards; the campaign view and
 * the KPIs count people, items, 堵点, measures and the rectified share.
 */
import { sql } from 'kysely';
import type { Actor } from '../../kernel/auth/actor';
import { hasRole, readsAllDepartments } from '../../kernel/auth/actor';
import { recordAudit } from '../../kernel/audit/audit';
import { AppError, forbidden, notFound } from '../../kernel/errors';
import { tablesOf } from '../../kernel/kernel.tables';
import type { CardSource, KpiRecords, KpiRecordsQuery } from '../../kernel/module';
import { ratio } from '../../shared/kpi';
import type { Kpi } from '../../shared/kpi.types';
import type { Period } from '../../shared/period';
import type { WalksNeedsContext } from './walks.context';
import {
  CHANNEL_LABELS,
  checkMeasure,
  isOverdue,
  MEASURE_STATUS_LABELS,
  PROBLEM_CATEGORY_LABELS,
  personKey,
  type MeasureStatus,
  type ProblemCategory,
  type WalkChannel,
} from './walks.rules';
import type { WalksDb, WalksTables, WalksTx } from './walks.tables';
import { inDepartments, type DepartmentScope } from '../../kernel/db/department-scope';

export interface MeasureInput {
  description: string;
  ownerDepartmentId?: number;
  /** A working day on or after the walk; or `dueWorkdays` working days after the walk. */
  dueOn?: string;
  dueWorkdays?: number;
}

export interface ProblemInput {
  category: ProblemCategory;
  description: string;
  measures?: MeasureInput[];
}

export interface WalkInput {
  walkerName?: string;
  walkerTitle?: string;
  walkerDepartmentId?: number | null;
  itemName: string;
  channel: WalkChannel;
  walkedOn: string;
  steps: string[];
  minutes: number;
  problems?: ProblemInput[];
}

export interface MeasureView {
  id: number;
  problemId: number;
  walkId: number;
  itemName: string;
  problem: string;
  problemCategory: string;
  problemCategoryLabel: string;
  description: string;
  ownerDepartmentId: number;
  ownerDepartmentName: string | null;
  dueOn: string;
  status: MeasureStatus;
  statusLabel: string;
  overdue: boolean;
  evidence: string | null;
  doneOn: string | null;
}

const RECORDERS = ['admin', 'leader', 'reviewer'] as const;
const KPI_NAMES = ['walks.people', 'walks.items', 'walks.problems', 'walks.measures', 'walks.rectifiedRate'] as const;

const fail = (code: string, status: 409 | 422, message: string, details?: Record<string, unknown>) => new AppError(code, status, message, details);
const count = (n: number, of: number): Kpi => ({ value: n, numerator: n, denominator: of });

export class WalksService {
  private readonly db: WalksDb;

  constructor(private readonly ctx: WalksNeedsContext) {
    this.db = tablesOf<WalksTables>(ctx.db);
  }

  private async deptNames(): Promise<Map<number, string>> {
    return new Map((await this.ctx.services.org.all()).map((d) => [d.id, d.name]));
  }

  /** A due day from the input: a working day, not before the walk. */
  private dueOf(m: MeasureInput, walkedOn: string, field: string): string {
    const cal = this.ctx.calendar.current;
    if (m.dueWorkdays !== undefined) {
      if (!Number.isInteger(m.dueWorkdays) || m.dueWorkdays < 1 || m.dueWorkdays > 250) throw fail('MEASURE_DUE_INVALID', 422, '整改期限须为 1 至 250 个工作日', { field });
      return cal.addWorkdays(walkedOn, m.dueWorkdays);
    }
    if (!m.dueOn) throw fail('MEASURE_DUE_REQUIRED', 422, '整改措施须有整改期限', { field });
    if (m.dueOn < walkedOn) throw fail('MEASURE_DUE_BEFORE_WALK', 422, `整改期限 ${m.dueOn} 早于走流程日期 ${walkedOn}`, { field });
    if (!cal.isWorkday(m.dueOn)) throw fail('MEASURE_DUE_NOT_WORKDAY', 422, `整改期限 ${m.dueOn} 不是工作日，请选择工作日`, { field });
    return m.dueOn;
  }

  /** Records a walk with its 堵点 and measures in one transaction. */
  async recordWalk(actor: Actor, input: WalkInput): Promise<{ id: number }> {
    if (!hasRole(actor, ...RECORDERS)) throw forbidden('只有局领导或部门负责人可以登记走流程');
    const today = this.ctx.calendar.today();
    if (input.walkedOn > today) throw fail('WALK_IN_FUTURE', 422, '走流程日期不能晚于今天', { field: 'walkedOn' });
    if (!input.itemName.trim()) throw fail('WALK_ITEM_REQUIRED', 422, '请填写所走的事项', { field: 'itemName' });
    const steps = input.steps.map((s) => s.trim()).filter(Boolean);
    if (steps.length === 0) throw fail('WALK_STEPS_REQUIRED', 422, '请填写体验的环节', { field: 'steps' });
    if (!Number.isInteger(input.minutes) || input.minutes < 1) throw fail('WALK_MINUTES_INVALID', 422, '用时须为正整数分钟', { field: 'minutes' });
    const deptIsOwn = !readsAllDepartments(actor);
    const walkerDept = deptIsOwn ? actor.departmentId : (input.walkerDepartmentId ?? actor.departmentId ?? null);
    if (walkerDept !== null) await this.ctx.services.org.byIdOrFail(walkerDept, 'walkerDepartmentId');
    const problems = (input.problems ?? []).map((p, i) => {
      if (!p.description.trim()) throw fail('PROBLEM_DESCRIPTION_REQUIRED', 422, `第 ${i + 1} 个堵点未填写描述`, { field: `problems.${i}.description` });
      return { ...p, measures: (p.measures ?? []).map((m, j) => ({ m, field: `problems.${i}.measures.${j}` })) };
    });
    const depts = await this.deptNames();
    const measures = problems.map((p) =>
      p.measures.map(({ m, field }) => {
        if (!m.description.trim()) throw fail('MEASURE_DESCRIPTION_REQUIRED', 422, '整改措施未填写内容', { field: `${field}.description` });
        if (m.ownerDepartmentId === undefined) throw fail('MEASURE_OWNER_REQUIRED', 422, '整改措施须指定责任部门', { field: `${field}.ownerDepartmentId` });
        if (!depts.has(m.ownerDepartmentId)) throw fail('MEASURE_OWNER_NOT_FOUND', 422, '责任部门不存在', { field: `${field}.ownerDepartmentId` });
        return { description: m.description.trim(), owner: m.ownerDepartmentId, dueOn: this.dueOf(m, input.walkedOn, `${field}.dueOn`) };
      }),
    );
    const now = this.ctx.clock.now().toISOString();
    const id = await this.db.transaction().execute(async (tx) => {
      const w = await tx
        .insertInto('walks_walks')
        .values({
          walker_name: (input.walkerName ?? actor.name).trim() || actor.name,
          walker_title: (input.walkerTitle ?? '').trim() || (hasRole(actor, 'leader') ? '局领导' : '部门负责人'),
          walker_department_id: walkerDept,
          item_name: input.itemName.trim(),
          channel: input.channel,
          walked_on: input.walkedOn,
          steps: steps.join('\n'),
          minutes: input.minutes,
          recorded_by: actor.id,
          created_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const walkId = Number(w.id);
      for (const [i, p] of problems.entries()) {
        const pr = await tx.insertInto('walks_problems').values({ walk_id: walkId, category: p.category, description: p.description.trim(), created_at: now }).returning('id').executeTakeFirstOrThrow();
        for (const m of measures[i]) {
          await tx
            .insertInto('walks_measures')
            .values({ problem_id: Number(pr.id), description: m.description, owner_department_id: m.owner, due_on: m.dueOn, status: 'open', evidence: null, done_on: null, created_at: now })
            .execute();
        }
      }
      await recordAudit(tx, this.ctx.clock, actor, {
        action: 'walks.record',
        subjectType: 'walk',
        subjectId: walkId,
        after: { itemName: input.itemName, channel: input.channel, walkedOn: input.walkedOn, problems: problems.length, measures: measures.flat().length },
      });
      return walkId;
    });
    return { id };
  }

  /** Adds a measure to a 堵点 found earlier (the owner department may be decided after the walk). */
  async addMeasure(actor: Actor, problemId: number, m: MeasureInput): Promise<MeasureView> {
    if (!hasRole(actor, ...RECORDERS)) throw forbidden('只有局领导或部门负责人可以提出整改措施');
    const p = await this.db
      .selectFrom('walks_problems as p')
      .innerJoin('walks_walks as w', 'w.id', 'p.walk_id')
      .select(['p.id', 'w.walked_on', 'w.walker_department_id'])
      .where('p.id', '=', problemId)
      .executeTakeFirst();
    if (!p || (!readsAllDepartments(actor) && p.walker_department_id !== actor.departmentId)) throw notFound('PROBLEM_NOT_FOUND', '堵点不存在');
    if (!m.description.trim()) throw fail('MEASURE_DESCRIPTION_REQUIRED', 422, '整改措施未填写内容', { field: 'description' });
    if (m.ownerDepartmentId === undefined) throw fail('MEASURE_OWNER_REQUIRED', 422, '整改措施须指定责任部门', { field: 'ownerDepartmentId' });
    if (!(await this.ctx.services.org.byId(m.ownerDepartmentId))) throw fail('MEASURE_OWNER_NOT_FOUND', 422, '责任部门不存在', { field: 'ownerDepartmentId' });
    const dueOn = this.dueOf(m, p.walked_on, 'dueOn');
    const id = await this.db.transaction().execute(async (tx) => {
      const r = await tx
        .insertInto('walks_measures')
        .values({ problem_id: problemId, description: m.description.trim(), owner_department_id: m.ownerDepartmentId!, due_on: dueOn, status: 'open', evidence: null, done_on: null, created_at: this.ctx.clock.now().toISOString() })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(tx, this.ctx.clock, actor, { action: 'walks.measure_add', subjectType: 'walk_measure', subjectId: Number(r.id), after: { problemId, ownerDepartmentId: m.ownerDepartmentId, dueOn } });
      return Number(r.id);
    });
    return this.measure(id);
  }

  private mayAct(actor: Actor, ownerDepartmentId: number) {
    return readsAllDepartments(actor) || (hasRole(actor, 'reviewer', 'unit') && actor.departmentId === ownerDepartmentId);
  }

  private async loadMeasure(db: WalksDb | WalksTx, actor: Actor, id: number) {
    const m = await db.selectFrom('walks_measures').selectAll().where('id', '=', id).executeTakeFirst();
    if (!m || !this.mayAct(actor, Number(m.owner_department_id))) throw notFound('MEASURE_NOT_FOUND', '整改措施不存在');
    return m;
  }

  /** The owner department reports the measure done, with its evidence. */
  async completeMeasure(actor: Actor, id: number, evidence: string): Promise<MeasureView> {
    if (!evidence.trim()) throw fail('MEASURE_EVIDENCE_REQUIRED', 422, '请填写整改成效或佐证材料', { field: 'evidence' });
    const today = this.ctx.calendar.today();
    await this.db.transaction().execute(async (tx) => {
      const m = await this.loadMeasure(tx, actor, id);
      const problem = checkMeasure('complete', m.status);
      if (problem) throw fail('MEASURE_STATE', 409, problem, { status: m.status });
      await tx.updateTable('walks_measures').set({ status: 'done', evidence: evidence.trim(), done_on: today }).where('id', '=', id).execute();
      await recordAudit(tx, this.ctx.clock, actor, { action: 'walks.measure_complete', subjectType: 'walk_measure', subjectId: id, before: { status: m.status }, after: { status: 'done', doneOn: today } });
    });
    return this.measure(id);
  }

  /** A leader who finds the evidence wanting sends the measure back. */
  async reopenMeasure(actor: Actor, id: number, reason: string): Promise<MeasureView> {
    if (!readsAllDepartments(actor)) throw forbidden('只有局领导或监察人员可以退回整改');
    if (!reason.trim()) throw fail('REASON_REQUIRED', 422, '请填写退回原因', { field: 'reason' });
    await this.db.transaction().execute(async (tx) => {
      const m = await this.loadMeasure(tx, actor, id);
      const problem = checkMeasure('reopen', m.status);
      if (problem) throw fail('MEASURE_STATE', 409, problem, { status: m.status });
      await tx.updateTable('walks_measures').set({ status: 'open', done_on: null }).where('id', '=', id).execute();
      await recordAudit(tx, this.ctx.clock, actor, { action: 'walks.measure_reopen', subjectType: 'walk_measure', subjectId: id, before: { status: m.status }, after: { status: 'open', reason: reason.trim() } });
    });
    return this.measure(id);
  }

  // --- reads -----------------------------------------------------------------------------------------

  private measuresQuery() {
    return this.db
      .selectFrom('walks_measures as m')
      .innerJoin('walks_problems as p', 'p.id', 'm.problem_id')
      .innerJoin('walks_walks as w', 'w.id', 'p.walk_id')
      .select([
        'm.id',
        'm.problem_id',
        'p.walk_id',
        'w.item_name',
        'p.description as problem',
        'p.category',
        'm.description',
        'm.owner_department_id',
        'm.due_on',
        'm.status',
        'm.evidence',
        'm.done_on',
      ]);
  }

  private measureViews(rows: Awaited<ReturnType<ReturnType<WalksService['measuresQuery']>['execute']>>, depts: Map<number, string>): MeasureView[] {
    const today = this.ctx.calendar.today();
    return rows.map((r) => ({
      id: Number(r.id),
      problemId: Number(r.problem_id),
      walkId: Number(r.walk_id),
      itemName: r.item_name,
      problem: r.problem,
      problemCategory: r.category,
      problemCategoryLabel: PROBLEM_CATEGORY_LABELS[r.category as ProblemCategory] ?? r.category,
      description: r.description,
      ownerDepartmentId: Number(r.owner_department_id),
      ownerDepartmentName: depts.get(Number(r.owner_department_id)) ?? null,
      dueOn: r.due_on,
      status: r.status as MeasureStatus,
      statusLabel: MEASURE_STATUS_LABELS[r.status as MeasureStatus] ?? r.status,
      overdue: isOverdue({ status: r.status, dueOn: r.due_on }, today),
      evidence: r.evidence,
      doneOn: r.done_on,
    }));
  }

  async measure(id: number): Promise<MeasureView> {
    const rows = await this.measuresQuery().where('m.id', '=', id).execute();
    if (rows.length === 0) throw notFound('MEASURE_NOT_FOUND', '整改措施不存在');
    return this.measureViews(rows, await this.deptNames())[0];
  }

  /** The measures board: open first by due day; member departments see their own. */
  async measures(actor: Actor, f: { status?: MeasureStatus; overdue?: boolean; department?: number; offset: number; limit: number }) {
    let q = this.measuresQuery();
    if (!readsAllDepartments(actor)) q = q.where('m.owner_department_id', '=', actor.departmentId ?? -1);
    else if (f.department !== undefined) q = q.where('m.owner_department_id', '=', f.department);
    if (f.status) q = q.where('m.status', '=', f.status);
    if (f.overdue) q = q.where('m.status', '=', 'open').where('m.due_on', '<', this.ctx.calendar.today());
    const total = Number((await q.clearSelect().select(sql<number>`cast(count(*) as integer)`.as('n')).executeTakeFirstOrThrow()).n);
    const rows = await q.orderBy('m.status', 'desc').orderBy('m.due_on').orderBy('m.id').limit(f.limit).offset(f.offset).execute();
    return { items: this.measureViews(rows, await this.deptNames()), total };
  }

  /** Walks, newest first, with their counts of 堵点 and measures. */
  async walks(actor: Actor, f: { from?: string; to?: string; offset: number; limit: number }) {
    let q = this.db.selectFrom('walks_walks as w');
    if (!readsAllDepartments(actor)) q = q.where('w.walker_department_id', '=', actor.departmentId ?? -1);
    if (f.from) q = q.where('w.walked_on', '>=', f.from);
    if (f.to) q = q.where('w.walked_on', '<=', f.to);
    const total = Number((await q.select(sql<number>`cast(count(*) as integer)`.as('n')).executeTakeFirstOrThrow()).n);
    const rows = await q.selectAll('w').orderBy('w.walked_on', 'desc').orderBy('w.id', 'desc').limit(f.limit).offset(f.offset).execute();
    const ids = rows.map((r) => Number(r.id));
    const probs = ids.length
      ? await this.db
          .selectFrom('walks_problems as p')
          .leftJoin('walks_measures as m', 'm.problem_id', 'p.id')
          .select(['p.walk_id', sql<number>`cast(count(distinct p.id) as integer)`.as('problems'), sql<number>`cast(count(m.id) as integer)`.as('measures')])
          .where('p.walk_id', 'in', ids)
          .groupBy('p.walk_id')
          .execute()
      : [];
    const of = new Map(probs.map((p) => [Number(p.walk_id), p]));
    const depts = await this.deptNames();
    return {
      items: rows.map((r) => ({
        id: Number(r.id),
        walkerName: r.walker_name,
        walkerTitle: r.walker_title,
        walkerDepartmentName: r.walker_department_id === null ? null : (depts.get(Number(r.walker_department_id)) ?? null),
        itemName: r.item_name,
        channel: r.channel,
        channelLabel: CHANNEL_LABELS[r.channel as WalkChannel] ?? r.channel,
        walkedOn: r.walked_on,
        steps: r.steps.split('\n'),
        minutes: Number(r.minutes),
        problems: Number(of.get(Number(r.id))?.problems ?? 0),
        measures: Number(of.get(Number(r.id))?.measures ?? 0),
      })),
      total,
    };
  }

  /** One walk with its 堵点 and their measures. */
  async walk(actor: Actor, id: number) {
    const w = await this.db.selectFrom('walks_walks').selectAll().where('id', '=', id).executeTakeFirst();
    if (!w || (!readsAllDepartments(actor) && w.walker_department_id !== actor.departmentId)) throw notFound('WALK_NOT_FOUND', '走流程记录不存在');
    const problems = await this.db.selectFrom('walks_problems').selectAll().where('walk_id', '=', id).orderBy('id').execute();
    const depts = await this.deptNames();
    const measures = this.measureViews(await this.measuresQuery().where('p.walk_id', '=', id).orderBy('m.id').execute(), depts);
    return {
      id,
      walkerName: w.walker_name,
      walkerTitle: w.walker_title,
      walkerDepartmentName: w.walker_department_id === null ? null : (depts.get(Number(w.walker_department_id)) ?? null),
      itemName: w.item_name,
      channel: w.channel,
      channelLabel: CHANNEL_LABELS[w.channel as WalkChannel] ?? w.channel,
      walkedOn: w.walked_on,
      steps: w.steps.split('\n'),
      minutes: Number(w.minutes),
      problems: problems.map((p) => ({
        id: Number(p.id),
        category: p.category,
        categoryLabel: PROBLEM_CATEGORY_LABELS[p.category as ProblemCategory] ?? p.category,
        description: p.description,
        measures: measures.filter((m) => m.problemId === Number(p.id)),
      })),
    };
  }

  /** The campaign's counts over a period (people, items walked, 堵点, measures, rectified) and by channel. */
  async counts(period: Period, departments: DepartmentScope = null) {
    let wq = this.db.selectFrom('walks_walks').where('walked_on', '>=', period.from).where('walked_on', '<=', period.to);
    wq = wq.where(inDepartments('walker_department_id', departments));
    const walks = await wq.select(['id', 'walker_name', 'walker_department_id', 'channel', 'minutes']).execute();
    const people = new Set(walks.map((w) => personKey({ walkerName: w.walker_name, walkerDepartmentId: w.walker_department_id === null ? null : Number(w.walker_department_id) })));
    let pq = this.db
      .selectFrom('walks_problems as p')
      .innerJoin('walks_walks as w', 'w.id', 'p.walk_id')
      .where('w.walked_on', '>=', period.from)
      .where('w.walked_on', '<=', period.to);
    pq = pq.where(inDepartments('w.walker_department_id', departments));
    const problems = Number((await pq.select(sql<number>`cast(count(*) as integer)`.as('n')).executeTakeFirstOrThrow()).n);
    const ms = await pq.innerJoin('walks_measures as m', 'm.problem_id', 'p.id').select(['m.status', sql<number>`cast(count(*) as integer)`.as('n')]).groupBy('m.status').execute();
    const measures = ms.reduce((s, r) => s + Number(r.n), 0);
    const rectified = Number(ms.find((r) => r.status === 'done')?.n ?? 0);
    const byChannel = Object.fromEntries(Object.keys(CHANNEL_LABELS).map((c) => [c, walks.filter((w) => w.channel === c).length]));
    const avg = walks.length ? Math.round(walks.reduce((s, w) => s + Number(w.minutes), 0) / walks.length) : null;
    return { people: people.size, items: walks.length, problems, measures, rectified, byChannel, averageMinutes: avg };
  }

  /** The campaign view: the counts and the open and overdue measures by owner department. */
  async campaign(period: Period) {
    const c = await this.counts(period);
    const today = this.ctx.calendar.today();
    const rows = await this.db
      .selectFrom('walks_measures as m')
      .innerJoin('walks_problems as p', 'p.id', 'm.problem_id')
      .innerJoin('walks_walks as w', 'w.id', 'p.walk_id')
      .where('w.walked_on', '>=', period.from)
      .where('w.walked_on', '<=', period.to)
      .select(['m.owner_department_id', 'm.status', 'm.due_on'])
      .execute();
    const depts = await this.deptNames();
    const by = new Map<number, { departmentId: number; departmentName: string | null; measures: number; done: number; overdue: number }>();
    for (const r of rows) {
      const id = Number(r.owner_department_id);
      const a = by.get(id) ?? { departmentId: id, departmentName: depts.get(id) ?? null, measures: 0, done: 0, overdue: 0 };
      a.measures++;
      if (r.status === 'done') a.done++;
      if (isOverdue({ status: r.status, dueOn: r.due_on }, today)) a.overdue++;
      by.set(id, a);
    }
    const rectifiedRate = ratio(c.rectified, c.measures).value;
    return { period, ...c, rectifiedRate, departments: [...by.values()].sort((a, b) => b.measures - a.measures) };
  }

  /** KPI source (manifest `kpiSources`). */
  async kpis(period: Period, departments: DepartmentScope): Promise<Record<string, Kpi>> {
    const c = await this.counts(period, departments);
    return {
      'walks.people': count(c.people, c.people),
      'walks.items': count(c.items, c.people),
      'walks.problems': count(c.problems, c.items),
      'walks.measures': count(c.measures, c.problems),
      'walks.rectifiedRate': ratio(c.rectified, c.measures),
    };
  }

  /** The rows behind a walks KPI: walks for people/items, measures for measures and the rectified rate. */
  async records(kpi: string, part: 'numerator' | 'denominator', q: KpiRecordsQuery): Promise<KpiRecords | null> {
    if (!(KPI_NAMES as readonly string[]).includes(kpi)) return null;
    const actor = { kind: 'system', id: null, username: 'stats', name: 'stats', roles: ['admin'], departmentId: null } as Actor;
    if (kpi === 'walks.people' || kpi === 'walks.items' || (kpi === 'walks.problems' && part === 'denominator')) {
      const r = await this.walks(actor, { from: q.from, to: q.to, offset: q.offset, limit: q.limit });
      return { kind: 'walk', ...r };
    }
    let mq = this.measuresQuery().where('w.walked_on', '>=', q.from).where('w.walked_on', '<=', q.to);
    if (kpi === 'walks.rectifiedRate' && part === 'numerator') mq = mq.where('m.status', '=', 'done');
    const all = await mq.orderBy('m.id').execute();
    return { kind: 'walk_measure', items: this.measureViews(all.slice(q.offset, q.offset + q.limit), await this.deptNames()), total: all.length };
  }

  /** Open measures past their due day, for the supervision sweep. */
  async overdueMeasures(today: string) {
    return this.measuresQuery().where('m.status', '=', 'open').where('m.due_on', '<', today).orderBy('m.id').execute();
  }

  cardSource(): CardSource {
    return {
      name: 'walks',
      candidates: async (_now, today) =>
        (await this.overdueMeasures(today)).map((r) => ({
          subjectType: 'walk_measure',
          subjectId: String(r.id),
          subjectLabel: `走流程整改：${r.item_name}`,
          rule: 'walk_measure_overdue',
          color: 'yellow' as const,
          departmentId: Number(r.owner_department_id),
          dueAt: r.due_on,
          detail: { itemName: r.item_name, problem: r.problem, measure: r.description, dueOn: r.due_on },
        })),
    };
  }
}
