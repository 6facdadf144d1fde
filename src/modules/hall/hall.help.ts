/**
 * 帮代办 / 上门办 for special groups: a request from or for a citizen (group, item, address), assigned to a
 * staff member, a visit scheduled and recorded with the case it produced.
 */
import type { Actor } from '../../kernel/auth/actor';
import { hasRole } from '../../kernel/auth/actor';
import { recordAudit } from '../../kernel/audit/audit';
import { isValidDateString } from '../../kernel/calendar/calendar.days';
import { nextSequence } from '../../kernel/db/db';
import { maskName, maskPhone } from '../../kernel/validators';
import { fail, type HallDeps } from './hall.deps';
import { checkHelp, HELP_KIND_LABELS, HELP_STATUS_LABELS, HELP_TRANSITIONS, PRIORITY_GROUP_LABELS, type HelpAction, type PriorityGroup } from './hall.rules';
import type { HelpRow } from './hall.tables';

export interface HelpInput {
  kind: 'help' | 'visit';
  groupCode: PriorityGroup;
  citizenName: string;
  phone: string;
  address: string;
  itemName: string;
  note?: string;
}

export interface HelpActionInput {
  action: HelpAction;
  assigneeId?: number;
  day?: string;
  caseNo?: string;
  result?: string;
}

export class HallHelp {
  constructor(private readonly deps: HallDeps) {}

  private async view(r: HelpRow, masked: boolean) {
    return {
      id: Number(r.id),
      requestNo: r.request_no,
      kind: r.kind,
      kindLabel: HELP_KIND_LABELS[r.kind] ?? r.kind,
      groupCode: r.group_code,
      groupLabel: PRIORITY_GROUP_LABELS[r.group_code as PriorityGroup] ?? r.group_code,
      citizenName: masked ? maskName(r.citizen_name) : r.citizen_name,
      phone: masked ? maskPhone(r.phone) : r.phone,
      address: r.address,
      itemName: r.item_name,
      note: r.note,
      status: r.status,
      statusLabel: HELP_STATUS_LABELS[r.status] ?? r.status,
      assigneeId: r.assignee_id === null ? null : Number(r.assignee_id),
      assigneeName: await this.deps.userName(r.assignee_id === null ? null : Number(r.assignee_id)),
      scheduledOn: r.scheduled_on,
      doneOn: r.done_on,
      caseNo: r.case_no,
      result: r.result,
      createdAt: r.created_at,
    };
  }

  async create(actor: Actor, input: HelpInput) {
    const { deps } = this;
    const row = await deps.db.transaction().execute(async (tx) => {
      const today = deps.today();
      const n = await nextSequence(tx, `hall.help:${today}`);
      const now = deps.nowIso();
      const row = await tx
        .insertInto('hall_help_requests')
        .values({
          request_no: `BD${today.replace(/-/g, '')}${String(n).padStart(4, '0')}`,
          kind: input.kind,
          group_code: input.groupCode,
          citizen_name: input.citizenName.trim(),
          phone: input.phone.trim(),
          address: input.address.trim(),
          item_name: input.itemName.trim(),
          note: input.note?.trim() || null,
          status: 'requested',
          assignee_id: null,
          scheduled_on: null,
          done_on: null,
          case_no: null,
          result: null,
          created_by: actor.id,
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(tx, deps.ctx.clock, actor, { action: 'hall.help_requested', subjectType: 'hall_help', subjectId: row.id, after: { requestNo: row.request_no, kind: row.kind, group: row.group_code } });
      return row;
    });
    return this.view(row, false);
  }

  async list(actor: Actor, q: { status?: string; mine?: boolean; offset: number; limit: number }) {
    let base = this.deps.db.selectFrom('hall_help_requests');
    if (hasRole(actor, 'citizen')) base = base.where('created_by', '=', actor.id ?? -1);
    if (q.status) base = base.where('status', '=', q.status);
    if (q.mine) base = base.where('assignee_id', '=', actor.id ?? -1);
    const total = await base.select((eb) => eb.cast<number>(eb.fn.countAll(), 'integer').as('n')).executeTakeFirstOrThrow();
    const rows = await base.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').offset(q.offset).limit(q.limit).execute();
    const items = [];
    for (const r of rows) items.push(await this.view(r, !hasRole(actor, 'citizen')));
    return { items, total: Number(total.n) };
  }

  /** Staff who may be assigned a request (active accounts that are not citizens). */
  async staff() {
    const rows = await this.deps.db.selectFrom('kernel_users').select(['id', 'name', 'roles', 'window_no']).where('active', '=', 1).orderBy('id').execute();
    return rows.filter((r) => !String(r.roles).includes('citizen')).map((r) => ({ id: Number(r.id), name: r.name, windowNo: r.window_no }));
  }

  async act(actor: Actor, id: number, input: HelpActionInput) {
    const { deps } = this;
    // Reads of other tables come before the transaction (SQLite has one connection).
    const caseNo = input.action === 'record' && input.caseNo?.trim() ? await this.checkCase(input.caseNo.trim()) : null;
    const staff = input.action === 'assign' ? (await this.staff()).find((s) => s.id === input.assigneeId) : undefined;
    const updated = await deps.db.transaction().execute(async (tx) => {
      const r = await tx.selectFrom('hall_help_requests').selectAll().where('id', '=', id).executeTakeFirst();
      if (!r) throw fail('HELP_NOT_FOUND', 404, `帮代办申请 ${id} 不存在`);
      const problem = checkHelp(input.action, r.status);
      if (problem) throw fail('HELP_STATE', 409, problem, { status: r.status });
      const set: Partial<HelpRow> = { status: HELP_TRANSITIONS[input.action].to, updated_at: deps.nowIso() };
      if (input.action === 'assign') {
        if (!staff) throw fail('ASSIGNEE_INVALID', 422, '请选择在岗的工作人员', { field: 'assigneeId' });
        set.assignee_id = staff.id;
      }
      if (input.action === 'schedule') {
        if (!input.day || !isValidDateString(input.day)) throw fail('DAY_REQUIRED', 422, '请填写上门日期', { field: 'day' });
        if (input.day < deps.today()) throw fail('DAY_PAST', 422, '上门日期不能早于今天', { field: 'day' });
        set.scheduled_on = input.day;
      }
      if (input.action === 'record') {
        const day = input.day ?? deps.today();
        if (!isValidDateString(day) || day > deps.today()) throw fail('DAY_INVALID', 422, '办结日期不能晚于今天', { field: 'day' });
        if (!input.result?.trim()) throw fail('RESULT_REQUIRED', 422, '请填写办理情况', { field: 'result' });
        set.done_on = day;
        set.case_no = caseNo;
        set.result = input.result.trim();
      }
      const row = await tx.updateTable('hall_help_requests').set(set).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
      await recordAudit(tx, deps.ctx.clock, actor, {
        action: `hall.help_${input.action}`,
        subjectType: 'hall_help',
        subjectId: id,
        before: { status: r.status },
        after: { status: row.status, assigneeId: row.assignee_id, scheduledOn: row.scheduled_on, doneOn: row.done_on, caseNo: row.case_no },
      });
      return row;
    });
    return this.view(updated, false);
  }

  private async checkCase(caseNo: string): Promise<string> {
    const reads = this.deps.ctx.services.caseReads;
    if (!reads) throw fail('CASES_UNAVAILABLE', 422, '办件模块未启用，不能关联办件', { field: 'caseNo' });
    const c = await reads.forRating(caseNo);
    if (!c) throw fail('CASE_NOT_FOUND', 422, `办件 ${caseNo} 不存在`, { field: 'caseNo' });
    return c.caseNo;
  }
}
