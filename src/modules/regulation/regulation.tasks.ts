/**
 * 审管联动: approvals (and license steps) become 监管任务 of the supervising department, inside the
 * announcing transaction; the department claims (认领) within the configured working days, then closes.
 */
import { sql, type Selectable } from 'kysely';
import type { Actor } from '../../kernel/auth/actor';
import { systemActor } from '../../kernel/auth/actor';
import { recordAudit } from '../../kernel/audit/audit';
import { AppError, notFound } from '../../kernel/errors';
import { txTablesOf, type HookTx } from '../../kernel/hooks';
import { tablesOf } from '../../kernel/kernel.tables';
import { nextSequence, type Tx } from '../../kernel/db/db';
import { markDaysChanged } from '../../kernel/rollup/daily-rollup';
import { refreshSubjects, regulationTasksDaily } from './regulation.rollups';
import { shanghaiDate } from '../../kernel/clock';
import { computeDueDate } from '../../kernel/calendar/calendar.deadlines';
import { pageOf } from '../../kernel/http/schemas';
import { SettingStore } from '../../kernel/settings';
import type { CaseEvent } from '../cases';
import type { RegulationNeedsContext } from './regulation.context';
import type { LicenseEvent } from './regulation.events';
import type { RegulationDb, RegulationDbOrTx, RegulationTables, RegulationTasksTable } from './regulation.tables';
import { maskSubjectKey, ownOrMissing, readScope } from './regulation.access';
import {
  TASK_EVENT_LABELS,
  TASK_RESULT_LABELS,
  TASK_STATUS_LABELS,
  checkTask,
  claimedOnTime,
  mergeConfig,
  type RegulationConfig,
  type TaskAction,
  type TaskEvent,
  type TaskResult,
  type TaskStatus,
} from './regulation.rules';

type TaskRow = Selectable<RegulationTasksTable>;

export interface TaskView {
  taskNo: string;
  source: string;
  event: string;
  eventLabel: string;
  regulationItemCode: string | null;
  regulationItemName: string | null;
  departmentId: number;
  departmentName: string | null;
  caseNo: string | null;
  itemCode: string | null;
  itemName: string | null;
  licenseNo: string | null;
  subjectName: string;
  subjectKey: string;
  status: TaskStatus;
  statusLabel: string;
  createdAt: string;
  createdOn: string;
  claimDue: string;
  /** Pending after its claim due day. */
  overdue: boolean;
  claimedAt: string | null;
  claimedOn: string | null;
  claimedOnTime: boolean | null;
  closedAt: string | null;
  result: string | null;
  resultLabel: string | null;
  note: string | null;
}

export interface NewTask {
  source: 'case' | 'license';
  event: TaskEvent;
  departmentId: number;
  regulationItemId: number | null;
  caseNo: string | null;
  itemCode: string | null;
  itemName: string | null;
  licenseNo: string | null;
  subjectName: string;
  subjectKey: string;
  at: string;
  actor: Actor;
}

export class TasksService {
  private readonly db: RegulationDb;
  readonly settings: SettingStore<RegulationConfig>;

  constructor(private readonly ctx: RegulationNeedsContext) {
    this.db = tablesOf<RegulationTables>(ctx.db);
    this.settings = new SettingStore(ctx, { key: 'regulation.config', parse: mergeConfig, auditAction: 'regulation.config_set' });
  }

  /** Cases' step hook: an approval becomes a 监管任务 in the same transaction. */
  async onCaseEvent(hookTx: HookTx, e: CaseEvent): Promise<void> {
    if (e.action !== 'approve') return;
    const tx = txTablesOf<RegulationTables>(hookTx);
    const cover = await this.coverOf(tx, e.itemCode);
    // The license library is listed before regulation, so a license issued on this approval has already
    // announced itself in this transaction and got a task: that task becomes the approval's (one per approval).
    const issued = await tx
      .selectFrom('regulation_tasks')
      .select(['id', 'task_no', 'department_id', 'license_no', 'created_on', 'subject_key'])
      .where('case_no', '=', e.caseNo)
      .where('source', '=', 'license')
      .where('event', '=', 'issue')
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (issued) {
      const departmentId = cover?.department_id ?? e.departmentId;
      await tx
        .updateTable('regulation_tasks')
        .set({ source: 'case', event: 'approve', department_id: departmentId, regulation_item_id: cover?.id ?? null, item_code: e.itemCode, item_name: e.itemName })
        .where('id', '=', issued.id)
        .execute();
      // The task may move to another department: its claim counts and its subject go with it.
      if (departmentId !== issued.department_id) {
        await markDaysChanged(tx as unknown as Tx, regulationTasksDaily, [issued.created_on]);
        await refreshSubjects(tx, [
          { departmentId: issued.department_id, subjectKey: issued.subject_key },
          { departmentId, subjectKey: issued.subject_key },
        ]);
      }
      await recordAudit(tx, this.ctx.clock, e.actor, {
        action: 'regulation.task_approval',
        subjectType: 'regulation_task',
        subjectId: issued.task_no,
        before: { source: 'license', event: 'issue', departmentId: issued.department_id },
        after: { source: 'case', event: 'approve', departmentId, caseNo: e.caseNo, licenseNo: issued.license_no },
      });
      return;
    }
    await this.createTask(tx, {
      source: 'case',
      event: 'approve',
      // 谁审批谁负责、谁主管谁监管: the 监管事项's department, else the item's own department.
      departmentId: cover?.department_id ?? e.departmentId,
      regulationItemId: cover?.id ?? null,
      caseNo: e.caseNo,
      itemCode: e.itemCode,
      itemName: e.itemName,
      licenseNo: null,
      subjectName: e.applicant.name,
      subjectKey: e.applicant.idNumber,
      at: e.at,
      actor: e.actor,
    });
  }

  /**
   * License step hook (电子证照's `licenseEvents`). A license issued on an approval joins that approval's
   * task (one task per approval); other steps, and licenses without a task, get a task of their own.
   */
  async onLicenseEvent(hookTx: HookTx, e: LicenseEvent): Promise<void> {
    const tx = txTablesOf<RegulationTables>(hookTx);
    const actor = systemActor('licenses');
    const caseTask = e.caseNo
      ? await tx.selectFrom('regulation_tasks').selectAll().where('case_no', '=', e.caseNo).where('event', '=', 'approve').executeTakeFirst()
      : undefined;
    if (e.kind === 'issue' && caseTask && caseTask.license_no === null) {
      await tx.updateTable('regulation_tasks').set({ license_no: e.licenseNo }).where('id', '=', caseTask.id).execute();
      await recordAudit(tx, this.ctx.clock, actor, { action: 'regulation.task_license', subjectType: 'regulation_task', subjectId: caseTask.task_no, before: { licenseNo: null }, after: { licenseNo: e.licenseNo } });
      return;
    }
    const previous = caseTask ?? (await tx.selectFrom('regulation_tasks').selectAll().where('license_no', '=', e.licenseNo).orderBy('id', 'desc').executeTakeFirst());
    await this.createTask(tx, {
      source: 'license',
      event: e.kind,
      departmentId: previous?.department_id ?? e.departmentId,
      regulationItemId: previous?.regulation_item_id ?? null,
      caseNo: e.caseNo,
      itemCode: previous?.item_code ?? null,
      itemName: previous?.item_name ?? null,
      licenseNo: e.licenseNo,
      subjectName: e.holderName,
      subjectKey: e.holderId,
      at: e.at,
      actor,
    });
  }

  private async coverOf(tx: RegulationDbOrTx, itemCode: string) {
    return tx
      .selectFrom('regulation_coverage as c')
      .innerJoin('regulation_items as i', 'i.id', 'c.regulation_item_id')
      .select(['i.id', 'i.department_id'])
      .where('c.item_code', '=', itemCode)
      .where('i.active', '=', 1)
      .executeTakeFirst();
  }

  /** Writes one task (claim due = the configured working days after the step's day) and its audit row. */
  async createTask(tx: RegulationDbOrTx, t: NewTask): Promise<string> {
    const on = shanghaiDate(new Date(t.at));
    const config = await this.settings.get(tx);
    const claimDue = computeDueDate(this.ctx.calendar.current, { start: on, limit: config.claimWorkdays, unit: 'workday' });
    const year = on.slice(0, 4);
    const taskNo = `JG${year}${String(await nextSequence(tx, `regulation.task.${year}`)).padStart(6, '0')}`;
    await tx
      .insertInto('regulation_tasks')
      .values({
        task_no: taskNo,
        source: t.source,
        event: t.event,
        regulation_item_id: t.regulationItemId,
        department_id: t.departmentId,
        case_no: t.caseNo,
        item_code: t.itemCode,
        item_name: t.itemName,
        license_no: t.licenseNo,
        subject_name: t.subjectName,
        subject_key: t.subjectKey,
        status: 'pending',
        created_at: t.at,
        created_on: on,
        claim_due: claimDue,
      })
      .execute();
    // The day's claim counts (a rolled day only when the step is dated in the past) and the subject's latest task.
    await markDaysChanged(tx as Tx, regulationTasksDaily, [on]);
    await refreshSubjects(tx, [{ departmentId: t.departmentId, subjectKey: t.subjectKey }]);
    await recordAudit(tx, this.ctx.clock, t.actor, {
      action: 'regulation.task_create',
      subjectType: 'regulation_task',
      subjectId: taskNo,
      after: { source: t.source, event: t.event, departmentId: t.departmentId, caseNo: t.caseNo, licenseNo: t.licenseNo, claimDue },
    });
    return taskNo;
  }

  async claim(actor: Actor, taskNo: string): Promise<TaskView> {
    return this.act(actor, taskNo, 'claim', {});
  }

  async close(actor: Actor, taskNo: string, input: { result: TaskResult; note?: string }): Promise<TaskView> {
    return this.act(actor, taskNo, 'close', input);
  }

  private async act(actor: Actor, taskNo: string, action: TaskAction, input: { result?: TaskResult; note?: string }): Promise<TaskView> {
    const now = this.ctx.clock.now();
    await this.db.transaction().execute(async (tx) => {
      const row = await tx.selectFrom('regulation_tasks').selectAll().where('task_no', '=', taskNo).executeTakeFirst();
      if (!row) throw notFound('TASK_NOT_FOUND', `监管任务 ${taskNo} 不存在`);
      // Only the supervising department's regulators act on its tasks; another department's reads as missing.
      if (actor.departmentId !== row.department_id) throw notFound('TASK_NOT_FOUND', `监管任务 ${taskNo} 不存在（或不属于本部门）`);
      const problem = checkTask(action, row.status as TaskStatus);
      if (problem) throw new AppError('TASK_STATE', 409, problem, { status: row.status });
      const patch =
        action === 'claim'
          ? { status: 'claimed', claimed_at: now.toISOString(), claimed_on: shanghaiDate(now), claimed_by: actor.id }
          : { status: 'closed', closed_at: now.toISOString(), result: input.result ?? null, note: input.note?.trim() || null };
      const done = await tx.updateTable('regulation_tasks').set(patch).where('id', '=', row.id).where('status', '=', row.status).executeTakeFirst();
      if (Number(done.numUpdatedRows) !== 1) throw new AppError('TASK_STATE', 409, '监管任务已被他人处理，请刷新', { status: row.status });
      // A claim changes the claim counts of the day the task was created.
      if (action === 'claim') await markDaysChanged(tx as unknown as Tx, regulationTasksDaily, [row.created_on]);
      await recordAudit(tx, this.ctx.clock, actor, {
        action: `regulation.task_${action}`,
        subjectType: 'regulation_task',
        subjectId: taskNo,
        before: { status: row.status },
        after: action === 'claim' ? { status: 'claimed', onTime: claimedOnTime(shanghaiDate(now), row.claim_due) } : { status: 'closed', result: input.result },
      });
    });
    return this.get(actor, taskNo);
  }

  async get(actor: Actor, taskNo: string): Promise<TaskView> {
    const row = await this.db.selectFrom('regulation_tasks').selectAll().where('task_no', '=', taskNo).executeTakeFirst();
    if (!row) throw notFound('TASK_NOT_FOUND', `监管任务 ${taskNo} 不存在`);
    readScope(actor);
    ownOrMissing(actor, row.department_id, 'TASK_NOT_FOUND', `监管任务 ${taskNo} 不存在`);
    return (await this.views([row]))[0];
  }

  /** The department's queue: pending first (most urgent claim due first), then claimed, then closed. */
  async list(actor: Actor, q: { status?: TaskStatus; overdue?: boolean; departmentId?: number; q?: string; page?: number; pageSize?: number }) {
    const dept = readScope(actor, q.departmentId);
    const today = this.ctx.calendar.today();
    let base = this.db.selectFrom('regulation_tasks');
    if (dept !== null) base = base.where('department_id', '=', dept);
    if (q.status) base = base.where('status', '=', q.status);
    if (q.overdue) base = base.where('status', '=', 'pending').where('claim_due', '<', today);
    if (q.q) {
      const like = `%${q.q.trim()}%`;
      base = base.where((eb) => eb.or([eb('subject_name', 'like', like), eb('task_no', 'like', like), eb('case_no', 'like', like), eb('item_name', 'like', like)]));
    }
    const { pageSize, offset } = pageOf(q);
    const total = Number((await base.select(sql<number>`cast(count(*) as integer)`.as('n')).executeTakeFirstOrThrow()).n);
    const rows = await base
      .selectAll()
      .orderBy(sql`case status when 'pending' then 0 when 'claimed' then 1 else 2 end`)
      .orderBy('claim_due', 'asc')
      .orderBy('id', 'desc')
      .limit(pageSize)
      .offset(offset)
      .execute();
    return { items: await this.views(rows), total };
  }

  /** Counts per status of a department (the queue's header). */
  async counts(actor: Actor, departmentId?: number) {
    const dept = readScope(actor, departmentId);
    const today = this.ctx.calendar.today();
    let base = this.db.selectFrom('regulation_tasks');
    if (dept !== null) base = base.where('department_id', '=', dept);
    const rows = await base
      .select(['status', sql<number>`cast(count(*) as integer)`.as('n'), sql<number>`cast(sum(case when status = 'pending' and claim_due < ${today} then 1 else 0 end) as integer)`.as('late')])
      .groupBy('status')
      .execute();
    const n = (s: string) => Number(rows.find((r) => r.status === s)?.n ?? 0);
    return { pending: n('pending'), claimed: n('claimed'), closed: n('closed'), overdue: rows.reduce((a, r) => a + Number(r.late ?? 0), 0) };
  }

  /** Pending tasks past their claim due day (the late-claim cards and the 风险核查 list). */
  async unclaimedLate(today: string, onlyLicensed = false) {
    let q = this.db.selectFrom('regulation_tasks').selectAll().where('status', '=', 'pending').where('claim_due', '<', today);
    if (onlyLicensed) q = q.where('license_no', 'is not', null);
    return q.orderBy('claim_due').execute();
  }

  async views(rows: TaskRow[]): Promise<TaskView[]> {
    const today = this.ctx.calendar.today();
    const itemIds = [...new Set(rows.map((r) => r.regulation_item_id).filter((x): x is number => x !== null))];
    const items = itemIds.length ? await this.db.selectFrom('regulation_items').select(['id', 'code', 'name']).where('id', 'in', itemIds).execute() : [];
    const depts = new Map((await this.ctx.services.org.all()).map((d) => [d.id, d.shortName ?? d.name]));
    return rows.map((r) => {
      const item = items.find((i) => i.id === r.regulation_item_id);
      return {
        taskNo: r.task_no,
        source: r.source,
        event: r.event,
        eventLabel: TASK_EVENT_LABELS[r.event as TaskEvent] ?? r.event,
        regulationItemCode: item?.code ?? null,
        regulationItemName: item?.name ?? null,
        departmentId: r.department_id,
        departmentName: depts.get(r.department_id) ?? null,
        caseNo: r.case_no,
        itemCode: r.item_code,
        itemName: r.item_name,
        licenseNo: r.license_no,
        subjectName: r.subject_name,
        subjectKey: maskSubjectKey(r.subject_key),
        status: r.status as TaskStatus,
        statusLabel: TASK_STATUS_LABELS[r.status as TaskStatus] ?? r.status,
        createdAt: r.created_at,
        createdOn: r.created_on,
        claimDue: r.claim_due,
        overdue: r.status === 'pending' && r.claim_due < today,
        claimedAt: r.claimed_at,
        claimedOn: r.claimed_on,
        claimedOnTime: r.claimed_on ? claimedOnTime(r.claimed_on, r.claim_due) : null,
        closedAt: r.closed_at,
        result: r.result,
        resultLabel: r.result ? (TASK_RESULT_LABELS[r.result as TaskResult] ?? r.result) : null,
        note: r.note,
      };
    });
  }
}
