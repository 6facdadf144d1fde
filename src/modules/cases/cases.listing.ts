/**
 * 办件清单: the role-scoped, filtered set of cases behind the list page and its Excel export. One filter
 * for both, so the export holds exactly the rows the clerk sees. Bad filters (a department that does
 * not exist, an inverted date range) are refused with 422 before anything is read.
 */
import type { ExpressionBuilder, SelectQueryBuilder } from 'kysely';
import type { Actor } from '../../kernel/auth/actor';
import { hasRole, readsAllDepartments } from '../../kernel/auth/actor';
import { checkDateRange, checkDepartment, checkExportSize, tableWorkbook, type ExportColumn } from '../../kernel/list-export';
import { normalizeCaseNo } from '../../shared/case-no';
import type { Channel } from '../../shared/cases.types';
import type { CasesEnv } from './cases.env';
import { CLOCK_RUNNING_STATUSES } from './cases.queries';
import { bundleAppIdOf, normalizeRow } from './cases.repository';
import { STATUS_LABELS, isCaseStatus } from './cases.rules';
import type { CaseRow, CasesTables } from './cases.tables';

export interface ListQuery {
  status?: string;
  departmentId?: number;
  itemCode?: string;
  /** 办件号 (dashes optional), the applicant's name (or part of it) or the item's name. */
  q?: string;
  greenChannel?: boolean;
  bundleNo?: string;
  channel?: Channel;
  mine?: boolean;
  /** 超期: open past the promised date, or completed after it. */
  overdue?: boolean;
  sort?: 'due' | 'submitted';
  /** Submitted on or after / on or before (Shanghai dates). */
  from?: string;
  to?: string;
  page?: number;
  pageSize?: number;
}

type CaseQuery = SelectQueryBuilder<CasesTables, 'cases_cases', object>;

const CHANNEL_NAMES: Record<string, string> = { window: '窗口', online: '网上', mobile: '移动端', cross_province: '跨省通办' };

const like = (s: string) => `%${s.replace(/[\\%_]/g, '')}%`;

export class CaseListing {
  constructor(private readonly env: CasesEnv) {}

  /** 422 for a filter that cannot mean anything (unknown department, inverted or unreal dates). */
  async check(q: ListQuery): Promise<void> {
    checkDateRange(q.from, q.to);
    await checkDepartment(q.departmentId, async (id) => (await this.env.org.byId(id)) !== null);
  }

  /** The cases `actor` may see that match `q` (null: none can match), without order or paging. */
  async filtered(actor: Actor, q: ListQuery, today: string): Promise<CaseQuery | null> {
    const { db } = this.env;
    let base: CaseQuery = db.selectFrom('cases_cases');
    // Scope first: what a role may see is a filter, never a UI convention.
    if (actor.kind === 'user' && !readsAllDepartments(actor) && !hasRole(actor, 'clerk')) {
      if (hasRole(actor, 'reviewer') && actor.departmentId !== null) base = base.where('department_id', '=', actor.departmentId);
      else if (hasRole(actor, 'citizen') && actor.id !== null) base = base.where('applicant_user_id', '=', actor.id);
      else return null;
    }
    if (q.mine && actor.id !== null) base = hasRole(actor, 'citizen') ? base.where('applicant_user_id', '=', actor.id) : base.where('created_by', '=', actor.id);
    if (q.status) {
      // Unknown statuses match no case.
      const statuses = q.status.split(',').map((s) => s.trim()).filter(isCaseStatus);
      if (statuses.length === 0) return null;
      base = base.where('status', 'in', statuses);
    }
    if (q.departmentId !== undefined) base = base.where('department_id', '=', q.departmentId);
    if (q.itemCode) base = base.where('item_code', '=', q.itemCode);
    if (q.channel) base = base.where('channel', '=', q.channel);
    if (q.greenChannel !== undefined) base = q.greenChannel ? base.where('green_channel', 'is not', null) : base.where('green_channel', 'is', null);
    if (q.from) base = base.where('submitted_on', '>=', q.from);
    if (q.to) base = base.where('submitted_on', '<=', q.to);
    if (q.bundleNo) base = base.where('bundle_app_id', '=', (await bundleAppIdOf(db, q.bundleNo)) ?? -1);
    if (q.overdue !== undefined) {
      const overdue = (eb: ExpressionBuilder<CasesTables, 'cases_cases'>) =>
        eb.or([
          eb.and([eb('status', 'in', [...CLOCK_RUNNING_STATUSES]), eb('promised_due_date', '<', today)]),
          eb.and([eb('status', '=', 'completed'), eb('on_time', '=', 0)]),
        ]);
      base = q.overdue ? base.where(overdue) : base.where((eb) => eb.not(overdue(eb)));
    }
    const term = q.q?.trim();
    if (term) {
      // 办件号 typed without dashes or with full-width ones; a name or an item by any part of it.
      base = base.where((eb) =>
        eb.or([eb('case_no', '=', normalizeCaseNo(term)), eb('case_no', '=', term), eb('applicant_name', 'like', like(term)), eb('item_name', 'like', like(term))]),
      );
    }
    return base;
  }

  /** GET /cases/export.xlsx: every matching case (up to the export limit), as the list orders them. */
  async export(actor: Actor, q: ListQuery): Promise<{ buffer: Buffer; rows: number }> {
    await this.check(q);
    const today = this.env.today();
    const base = await this.filtered(actor, q, today);
    const total = base ? Number((await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0) : 0;
    checkExportSize(total, this.env.settings.exportMaxRows, '办件');
    const rows = base ? (await ordered(base, q.sort).selectAll().execute()).map(normalizeRow) : [];
    const names = new Map((await this.env.org.all()).map((d) => [d.id, d.name]));
    const columns: ExportColumn<CaseRow>[] = [
      { header: '办件号', width: 24, value: (r) => r.case_no },
      { header: '事项', width: 36, value: (r) => r.item_name },
      { header: '部门', width: 28, value: (r) => names.get(r.department_id) ?? '' },
      // Staff only (the route's access): the name, which the clerk searches by; never ID numbers or phones.
      { header: '申请人', width: 24, value: (r) => r.applicant_name },
      { header: '渠道', width: 10, value: (r) => CHANNEL_NAMES[r.channel] ?? r.channel },
      { header: '状态', width: 10, value: (r) => (isCaseStatus(r.status) ? STATUS_LABELS[r.status] : r.status) },
      { header: '申请日期', width: 12, value: (r) => r.submitted_on },
      { header: '受理日期', width: 12, value: (r) => r.accepted_on },
      { header: '承诺办结日', width: 12, value: (r) => r.promised_due_date },
      { header: '办结日期', width: 12, value: (r) => r.completed_on },
      {
        header: '是否超期',
        width: 10,
        value: (r) =>
          r.status === 'completed' ? (Number(r.on_time) === 0 ? '超期办结' : '按时办结') : (CLOCK_RUNNING_STATUSES as readonly string[]).includes(r.status) && r.promised_due_date && r.promised_due_date < today ? '超期' : '',
      },
    ];
    const caption = `办件清单（导出于 ${today}${q.from || q.to ? `，申请日期 ${q.from ?? '…'} 至 ${q.to ?? '…'}` : ''}），共 ${rows.length} 件`;
    return { buffer: await tableWorkbook('办件清单', caption, columns, rows), rows: rows.length };
  }
}

/** Worklist order (sort=due): the case whose next deadline (intake answer or promised date) comes first; else newest first. */
export function ordered(base: CaseQuery, sort: ListQuery['sort']): CaseQuery {
  if (sort === 'due') return base.orderBy((eb) => eb.fn.coalesce('promised_due_date', 'intake_due_date'), 'asc').orderBy('id', 'asc');
  return base.orderBy('id', 'desc');
}
