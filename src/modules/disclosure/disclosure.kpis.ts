import { sql } from 'kysely';
import type { CardSource, KpiRecords, KpiRecordsQuery, KpiSource } from '../../kernel/module';
import { ratio } from '../../shared/kpi';
import type { Kpi } from '../../shared/kpi.types';
import type { Period } from '../../shared/period';
import type { CardCandidate } from '../../shared/supervision.types';
import type { DisclosureDeps } from './disclosure.context';
import type { ArticlesService } from './disclosure.articles';
import type { RequestsService } from './disclosure.requests';
import type { ExtrasService } from './disclosure.extras';
import { COLUMN_KIND_LABELS, columnStale, isOnTimeAnswer, type ColumnKind } from './disclosure.rules';
import { inDepartments, type DepartmentScope } from '../../kernel/db/department-scope';

export const DISCLOSURE_KPI_NAMES = [
  'disclosure.published',
  'disclosure.interpretations',
  'disclosure.consultations',
  'disclosure.opinions',
  'disclosure.requestOnTimeRate',
  'disclosure.staleColumns',
  'disclosure.newMediaAccounts',
] as const;

/** KPIs of 政务公开 (issue 15 item 8) and its supervision rules. */
export class DisclosureFigures implements KpiSource {
  constructor(
    private readonly d: DisclosureDeps,
    private readonly articles: ArticlesService,
    private readonly requests: RequestsService,
    private readonly extras: ExtrasService,
  ) {}

  async kpis(period: Period, departments: DepartmentScope): Promise<Record<string, Kpi>> {
    const db = this.d.db;
    const byDept = (col: string) => inDepartments(col, departments);
    const n = async (q: Promise<{ n: number } | undefined>) => Number((await q)?.n ?? 0);

    const published = await n(db.selectFrom('disclosure_articles').select(sql<number>`cast(count(*) as integer)`.as('n')).where('status', 'in', ['published', 'withdrawn']).where('published_on', '>=', period.from).where('published_on', '<=', period.to).where(byDept('department_id')).executeTakeFirst());
    const columns = await this.articles.columns(departments);
    const interpretations = await n(
      db.selectFrom('disclosure_interpretations as i').innerJoin('disclosure_policies as p', 'p.id', 'i.policy_id').select(sql<number>`cast(count(*) as integer)`.as('n')).where('i.published_on', '>=', period.from).where('i.published_on', '<=', period.to).where(byDept('p.department_id')).executeTakeFirst(),
    );
    const policies = await n(db.selectFrom('disclosure_policies').select(sql<number>`cast(count(*) as integer)`.as('n')).where('issued_on', '>=', period.from).where('issued_on', '<=', period.to).where(byDept('department_id')).executeTakeFirst());
    const consultations = await n(db.selectFrom('disclosure_consultations').select(sql<number>`cast(count(*) as integer)`.as('n')).where('opens_on', '>=', period.from).where('opens_on', '<=', period.to).where(byDept('department_id')).executeTakeFirst());
    const opinions = await n(
      db.selectFrom('disclosure_opinions as o').innerJoin('disclosure_consultations as c', 'c.id', 'o.consultation_id').select(sql<number>`cast(count(*) as integer)`.as('n')).where('o.created_on', '>=', period.from).where('o.created_on', '<=', period.to).where(byDept('c.department_id')).executeTakeFirst(),
    );
    const answered = await db.selectFrom('disclosure_requests').select(['answered_on', 'due_on']).where('answered_on', '>=', period.from).where('answered_on', '<=', period.to).where(byDept('department_id')).execute();
    const onTime = answered.filter((r) => isOnTimeAnswer(r.answered_on!, r.due_on)).length;
    const today = this.d.ctx.calendar.today();
    const asOf = period.to < today ? period.to : today;
    const stale = columns.filter((c) => columnStale(c.updateDays, c.lastPublishedOn && c.lastPublishedOn <= asOf ? c.lastPublishedOn : null, asOf) !== null).length;
    const accounts = await this.extras.accounts(departments);
    return {
      'disclosure.published': ratio(published, columns.length),
      'disclosure.interpretations': ratio(interpretations, policies),
      'disclosure.consultations': ratio(consultations, consultations),
      'disclosure.opinions': ratio(opinions, consultations),
      'disclosure.requestOnTimeRate': ratio(onTime, answered.length),
      'disclosure.staleColumns': ratio(stale, columns.length),
      'disclosure.newMediaAccounts': ratio(accounts.length, accounts.length),
    };
  }

  async records(kpi: string, part: 'numerator' | 'denominator', q: KpiRecordsQuery): Promise<KpiRecords | null> {
    const dept = q.departmentId ?? null;
    if (kpi === 'disclosure.requestOnTimeRate') {
      let sel = this.d.db.selectFrom('disclosure_requests').selectAll().where('answered_on', '>=', q.from).where('answered_on', '<=', q.to);
      if (dept !== null) sel = sel.where(inDepartments('department_id', dept));
      const rows = (await sel.orderBy('id').execute()).filter((r) => part === 'denominator' || isOnTimeAnswer(r.answered_on!, r.due_on));
      return { kind: 'disclosure_request', items: rows.slice(q.offset, q.offset + q.limit).map((r) => this.requests.view(r)), total: rows.length };
    }
    if (kpi === 'disclosure.staleColumns') {
      const today = this.d.ctx.calendar.today();
      const cols = (await this.articles.columns(dept)).filter((c) => part === 'denominator' || columnStale(c.updateDays, c.lastPublishedOn, today) !== null);
      return { kind: 'disclosure_column', items: cols.slice(q.offset, q.offset + q.limit), total: cols.length };
    }
    if (kpi === 'disclosure.published' && part === 'numerator') {
      let sel = this.d.db.selectFrom('disclosure_articles').select(['id', 'title', 'department_id', 'published_on', 'status']).where('status', 'in', ['published', 'withdrawn']).where('published_on', '>=', q.from).where('published_on', '<=', q.to);
      if (dept !== null) sel = sel.where(inDepartments('department_id', dept));
      const rows = await sel.orderBy('published_on').orderBy('id').execute();
      return { kind: 'disclosure_article', items: rows.slice(q.offset, q.offset + q.limit), total: rows.length };
    }
    return null;
  }

  /** 电子监察 over 政务公开: stale columns, late requests, policies without interpretation, silent accounts. */
  cardSource(): CardSource {
    return {
      name: 'disclosure',
      candidates: async (_now, today) => {
        const out: CardCandidate[] = [];
        for (const c of await this.articles.columns(null)) {
          const why = columnStale(c.updateDays, c.lastPublishedOn, today);
          if (why)
            out.push({
              subjectType: 'disclosure_column',
              subjectId: String(c.id),
              subjectLabel: `${c.name}（${COLUMN_KIND_LABELS[c.kind as ColumnKind] ?? c.kind}）`,
              rule: 'disclosure_column_stale',
              color: 'yellow',
              departmentId: c.departmentId,
              dueAt: why === 'empty' ? null : c.lastPublishedOn,
              detail: { reason: why === 'empty' ? '栏目无内容' : `超过 ${c.updateDays} 天未更新`, lastPublishedOn: c.lastPublishedOn, updateDays: c.updateDays },
            });
        }
        for (const l of await this.requests.late(today))
          out.push({
            subjectType: 'disclosure_request',
            subjectId: String(l.row.id),
            subjectLabel: l.row.request_no,
            rule: l.kind === 'late' ? 'disclosure_request_late' : 'disclosure_request_near_due',
            color: l.kind === 'late' ? 'red' : 'yellow',
            departmentId: Number(l.row.department_id),
            dueAt: l.dueOn,
            detail: { requestNo: l.row.request_no, receivedOn: l.row.received_on, dueOn: l.dueOn },
          });
        for (const p of await this.extras.uninterpreted(today))
          out.push({ subjectType: 'disclosure_policy', subjectId: String(p.id), subjectLabel: p.doc_no, rule: 'disclosure_policy_uninterpreted', color: 'yellow', departmentId: Number(p.department_id), dueAt: p.dueOn, detail: { docNo: p.doc_no, title: p.title, issuedOn: p.issued_on } });
        for (const a of await this.extras.accounts(null))
          if (a.overdue)
            out.push({ subjectType: 'disclosure_new_media', subjectId: String(a.id), subjectLabel: a.name, rule: 'disclosure_new_media_stale', color: 'yellow', departmentId: a.departmentId, dueAt: a.lastUpdateOn, detail: { platform: a.platformLabel, lastUpdateOn: a.lastUpdateOn, updateDays: a.updateDays } });
        return out;
      },
    };
  }
}
