/**
 * The bad-review loop (差评 核实 → 申诉/复核 → 整改 → 回访, SPEC §2.5): one command per step. The pure
 * table in evaluations.rules.ts (REVIEW_TRANSITIONS) decides; a command loads the review, asks it, and
 * writes the new state with its audit row, refusing a review someone else changed meanwhile.
 */
import type { Actor } from '../../kernel/auth/actor';
import { hasRole, readsAllDepartments } from '../../kernel/auth/actor';
import { auditTrailOf, recordAudit } from '../../kernel/audit/audit';
import type { ReviewView } from '../../shared/evaluations.types';
import { fail, type EvaluationsDeps } from './evaluations.deps';
import {
  currentStep,
  transition,
  type AppealInput,
  type CallbackInput,
  type DecideAppealInput,
  type RectifyInput,
  type ReviewAction,
  type ReviewActionInput,
  type ReviewRole,
  type ReviewStatus,
  type VerifyInput,
} from './evaluations.rules';
import type { ReviewRow } from './evaluations.tables';
import { columnsOf, reviewViewOf, stateOf } from './evaluations.views';

/** How the actor stands to a review: 监察 (supervisor or admin), the rated clerk, the department's staff, 12345. */
export function reviewRolesOf(actor: Actor, r: Pick<ReviewRow, 'clerk_id' | 'department_id'>): ReviewRole[] {
  const roles: ReviewRole[] = [];
  if (hasRole(actor, 'supervisor', 'admin')) roles.push('supervisor');
  if (actor.id !== null && r.clerk_id !== null && Number(r.clerk_id) === actor.id) roles.push('rated_clerk');
  if (hasRole(actor, 'reviewer', 'clerk') && actor.departmentId !== null && actor.departmentId === Number(r.department_id)) roles.push('department_staff');
  if (hasRole(actor, 'operator')) roles.push('operator');
  return roles;
}

const mayReadReview = (actor: Actor, r: ReviewRow): boolean => readsAllDepartments(actor) || reviewRolesOf(actor, r).length > 0;

export interface ReviewListQuery {
  status?: ReviewStatus;
  overdue?: boolean;
  page: number;
  pageSize: number;
  offset: number;
}

type StepCommand = (actor: Actor, id: number, input: Omit<ReviewActionInput, 'action'>) => Promise<ReviewView>;

export class ReviewLoop {
  constructor(private readonly deps: EvaluationsDeps) {}

  // --- the steps -----------------------------------------------------------------------------------

  /** 核实: 监察 rules the 差评 valid (整改 follows) or invalid (closed, with a reason). */
  verify(actor: Actor, id: number, input: VerifyInput): Promise<ReviewView> {
    return this.step(actor, id, { ...input, action: 'verify' });
  }

  /** 申诉: the rated clerk contests a valid verdict, once, before the rectification. */
  appeal(actor: Actor, id: number, input: AppealInput): Promise<ReviewView> {
    return this.step(actor, id, { ...input, action: 'appeal' });
  }

  /** 申诉复核: 监察 upholds the appeal (the 差评 becomes invalid) or rejects it (整改 continues). */
  decideAppeal(actor: Actor, id: number, input: DecideAppealInput): Promise<ReviewView> {
    return this.step(actor, id, { ...input, action: 'decide_appeal' });
  }

  /** 整改: the measures taken; the call-back to the rater follows. */
  rectify(actor: Actor, id: number, input: RectifyInput): Promise<ReviewView> {
    return this.step(actor, id, { ...input, action: 'rectify' });
  }

  /** 回访: a call to the rater; reached with their satisfaction closes the loop, an unanswered call is an attempt. */
  callback(actor: Actor, id: number, input: CallbackInput): Promise<ReviewView> {
    return this.step(actor, id, { ...input, action: 'callback' });
  }

  private readonly commands: Record<ReviewAction, StepCommand> = {
    verify: (actor, id, input) => this.verify(actor, id, input),
    appeal: (actor, id, input) => this.appeal(actor, id, input),
    decide_appeal: (actor, id, input) => this.decideAppeal(actor, id, input),
    rectify: (actor, id, input) => this.rectify(actor, id, input),
    callback: (actor, id, input) => this.callback(actor, id, input),
  };

  /** The API's one endpoint for the loop: the body names the step, its command takes the rest. */
  act(actor: Actor, id: number, input: ReviewActionInput): Promise<ReviewView> {
    const { action, ...rest } = input;
    return this.commands[action](actor, id, rest);
  }

  /** Writes what the loop table decides for this step, with its audit row, if nobody changed the review meanwhile. */
  private async step(actor: Actor, id: number, input: ReviewActionInput): Promise<ReviewView> {
    const { deps } = this;
    const cfg = await deps.config();
    const r = await deps.db.selectFrom('evaluations_reviews').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r || !mayReadReview(actor, r)) throw fail('REVIEW_NOT_FOUND', 404, `差评处理单 ${id} 不存在`);
    const before = stateOf(r);
    const res = transition(before, input, { today: deps.today(), roles: reviewRolesOf(actor, r), addWorkdays: deps.addWorkdays, cfg });
    if (!res.ok) {
      throw fail(res.code, res.status, res.message, { ...(res.field ? { field: res.field } : {}), status: before.status, action: input.action });
    }
    const after = res.state;
    await deps.db.transaction().execute(async (tx) => {
      const upd = await tx
        .updateTable('evaluations_reviews')
        .set({ ...columnsOf(after), updated_at: deps.nowIso(), row_version: Number(r.row_version) + 1 })
        .where('id', '=', id)
        .where('row_version', '=', r.row_version)
        .executeTakeFirst();
      if (Number(upd.numUpdatedRows) !== 1) throw fail('REVIEW_CHANGED', 409, '差评处理单刚被他人处理，请刷新后重试', { status: before.status });
      await recordAudit(tx, deps.ctx.clock, actor, {
        action: `evaluation.review_${input.action}`,
        subjectType: 'evaluation_review',
        subjectId: id,
        before: { status: before.status, verdict: before.verdict },
        after: {
          status: after.status,
          verdict: after.verdict,
          ...(input.reason ? { reason: input.reason } : {}),
          ...(input.measures ? { measures: input.measures } : {}),
          ...(input.action === 'callback' ? { reached: input.reached, satisfaction: input.satisfaction ?? null } : {}),
          ...(input.action === 'decide_appeal' ? { upheld: input.upheld } : {}),
          due: currentStep(after)?.due ?? null,
        },
      });
    });
    const fresh = await deps.db.selectFrom('evaluations_reviews').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    return this.view(fresh, actor);
  }

  // --- reading -------------------------------------------------------------------------------------

  async list(actor: Actor, q: ReviewListQuery) {
    const { deps } = this;
    let base = deps.db.selectFrom('evaluations_reviews');
    if (!readsAllDepartments(actor) && !hasRole(actor, 'operator')) {
      base = base.where((eb) =>
        eb.or([
          eb('clerk_id', '=', actor.id ?? -1),
          ...(hasRole(actor, 'reviewer', 'clerk') && actor.departmentId !== null ? [eb('department_id', '=', actor.departmentId)] : []),
        ]),
      );
    }
    if (q.status) base = base.where('status', '=', q.status);
    let rows = await base.selectAll().orderBy('id', 'desc').execute();
    // Overdue depends on the calendar, so it is filtered here; open reviews are few.
    if (q.overdue !== undefined) {
      const today = deps.today();
      rows = rows.filter((r) => {
        const s = currentStep(stateOf(r));
        return (s !== null && today > s.due) === q.overdue;
      });
    }
    const total = rows.length;
    const page = rows.slice(q.offset, q.offset + q.pageSize);
    const evs = page.length ? await deps.db.selectFrom('evaluations_evaluations').selectAll().where('id', 'in', page.map((r) => r.evaluation_id)).execute() : [];
    const evOf = new Map(evs.map((e) => [Number(e.id), e]));
    const depts = await deps.deptNames();
    return { items: page.map((r) => reviewViewOf(r, evOf.get(Number(r.evaluation_id))!, depts, this.reader(actor, r))), total };
  }

  /** One review with its trail (every step's audit row). */
  async get(actor: Actor, id: number): Promise<ReviewView & { trail: unknown[] }> {
    const r = await this.deps.db.selectFrom('evaluations_reviews').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r || !mayReadReview(actor, r)) throw fail('REVIEW_NOT_FOUND', 404, `差评处理单 ${id} 不存在`);
    const trail = await auditTrailOf(this.deps.db, 'evaluation_review', id);
    return {
      ...(await this.view(r, actor)),
      trail: trail.map((t) => ({ seq: t.seq, at: t.at, actorName: t.actorName, action: t.action, after: t.after })),
    };
  }

  private async view(r: ReviewRow, actor: Actor): Promise<ReviewView> {
    const e = await this.deps.db.selectFrom('evaluations_evaluations').selectAll().where('id', '=', r.evaluation_id).executeTakeFirstOrThrow();
    return reviewViewOf(r, e, await this.deps.deptNames(), this.reader(actor, r));
  }

  private reader(actor: Actor, r: ReviewRow) {
    const calendar = this.deps.ctx.calendar.current;
    return { today: this.deps.today(), workdaysBetween: (a: string, b: string) => calendar.workdaysBetween(a, b), roles: reviewRolesOf(actor, r) };
  }
}
