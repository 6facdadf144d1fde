/**
 * Reading ratings: the list (each reader sees their scope), the rating page of one case, and the
 * citizen's completed cases with their rating state.
 */
import type { Actor } from '../../kernel/auth/actor';
import { hasRole, readsAllDepartments } from '../../kernel/auth/actor';
import type { EvaluationView } from '../../shared/evaluations.types';
import { fail, type EvaluationsDeps } from './evaluations.deps';
import { indicatorsFor, isOnlineChannel, ratingDeadline, type Channel, type StoredChannel } from './evaluations.rules';
import { evaluationViewOf, type Device } from './evaluations.views';

export interface ListQuery {
  from?: string;
  to?: string;
  department?: number;
  channel?: StoredChannel;
  level?: number;
  bad?: boolean;
  caseNo?: string;
  page: number;
  pageSize: number;
  offset: number;
}

export class EvaluationReads {
  constructor(private readonly deps: EvaluationsDeps) {}

  async view(id: number): Promise<EvaluationView> {
    const { db } = this.deps;
    const r = await db.selectFrom('evaluations_evaluations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const rev = await db.selectFrom('evaluations_reviews').select('id').where('evaluation_id', '=', id).executeTakeFirst();
    return evaluationViewOf(r, await this.deps.deptNames(), rev ? Number(rev.id) : null);
  }

  /** Evaluations the actor may see: all for bureau readers, the department's for its reviewers, own for clerks and citizens. */
  private scoped(actor: Actor) {
    const q = this.deps.db.selectFrom('evaluations_evaluations');
    if (readsAllDepartments(actor)) return q;
    if (hasRole(actor, 'reviewer') && actor.departmentId !== null) return q.where('department_id', '=', actor.departmentId);
    if (hasRole(actor, 'clerk')) return q.where('clerk_id', '=', actor.id);
    if (hasRole(actor, 'citizen')) return q.where('rater_user_id', '=', actor.id).where('is_default', '=', 0);
    return q.where('id', '=', -1);
  }

  async list(actor: Actor, q: ListQuery): Promise<{ items: EvaluationView[]; total: number }> {
    let base = this.scoped(actor);
    if (q.from) base = base.where('rated_on', '>=', q.from);
    if (q.to) base = base.where('rated_on', '<=', q.to);
    if (q.department !== undefined) base = base.where('department_id', '=', q.department);
    if (q.channel) base = base.where('channel', '=', q.channel);
    if (q.level !== undefined) base = base.where('level', '=', q.level);
    if (q.bad !== undefined) base = base.where('bad', '=', q.bad ? 1 : 0);
    if (q.caseNo) base = base.where('case_no', '=', q.caseNo);
    const total = Number((await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const rows = await base.selectAll().orderBy('rated_at', 'desc').orderBy('id', 'desc').limit(q.pageSize).offset(q.offset).execute();
    const revs = rows.length
      ? await this.deps.db.selectFrom('evaluations_reviews').select(['id', 'evaluation_id']).where('evaluation_id', 'in', rows.map((r) => r.id)).execute()
      : [];
    const revOf = new Map(revs.map((r) => [Number(r.evaluation_id), Number(r.id)]));
    const depts = await this.deps.deptNames();
    return { items: rows.map((r) => evaluationViewOf(r, depts, revOf.get(Number(r.id)) ?? null)), total };
  }

  /** The rating page of one case: what was rated already and whether (and on which channels) the actor may rate. */
  async forCase(actor: Actor, device: Device | null, caseNo: string) {
    const { deps } = this;
    const cfg = await deps.config();
    const c = (await deps.caseReads?.forRating(caseNo)) ?? null;
    const mayRead = c && (device || readsAllDepartments(actor) || hasRole(actor, 'clerk', 'operator') || (hasRole(actor, 'citizen') && c.applicantUserId === actor.id) ||
      (hasRole(actor, 'reviewer') && actor.departmentId === c.departmentId));
    if (!c || !mayRead) throw fail('CASE_NOT_FOUND', 404, `办件 ${caseNo} 不存在`, { field: 'caseNo' });
    const rows = await deps.db.selectFrom('evaluations_evaluations').selectAll().where('case_id', '=', c.id).orderBy('id').execute();
    const depts = await deps.deptNames();
    const deadline = c.completedOn ? ratingDeadline(deps.addWorkdays, c.completedOn, cfg) : null;
    const open = c.status === 'completed' && deadline !== null && deps.today() <= deadline;
    const used = new Set(rows.map((r) => r.channel));
    const channels: Channel[] = device ? ['window_device'] : hasRole(actor, 'citizen') ? ['web', 'mobile', 'sms'] : hasRole(actor, 'operator') ? ['hotline'] : [];
    return {
      caseNo: c.caseNo,
      itemName: c.itemName,
      departmentName: depts.get(c.departmentId) ?? null,
      status: c.status,
      completedOn: c.completedOn,
      ratingDeadline: deadline,
      ratingOpen: open,
      channelsAvailable: open ? channels.filter((ch) => !used.has(ch)) : [],
      indicators: { online: indicatorsFor('web'), offline: indicatorsFor('window_device') },
      evaluations: rows.map((r) => evaluationViewOf(r, depts, null)),
    };
  }

  /** The citizen's completed cases with their rating state (for "my cases"). */
  async mine(actor: Actor) {
    const { deps } = this;
    const caseReads = deps.caseReads;
    if (!hasRole(actor, 'citizen') || actor.id === null || !caseReads) return { items: [], total: 0 };
    const cfg = await deps.config();
    const cases = await caseReads.completedOfApplicant(actor.id);
    const rated = cases.length
      ? await deps.db.selectFrom('evaluations_evaluations').select(['case_id', 'level', 'channel', 'is_default']).where('case_id', 'in', cases.map((c) => c.id)).execute()
      : [];
    const today = deps.today();
    const items = cases.map((c) => {
      const mineRows = rated.filter((r) => Number(r.case_id) === c.id);
      const deadline = ratingDeadline(deps.addWorkdays, c.completedOn!, cfg);
      const own = mineRows.find((r) => Number(r.is_default) === 0 && isOnlineChannel(r.channel));
      return {
        caseNo: c.caseNo,
        itemName: c.itemName,
        completedOn: c.completedOn,
        ratingDeadline: deadline,
        ratingOpen: today <= deadline && !own,
        myLevel: own ? Number(own.level) : null,
        defaulted: mineRows.some((r) => Number(r.is_default) === 1),
      };
    });
    return { items, total: items.length };
  }
}
