/**
 * Taking an action on a case: permission → load or fail → the state machine (cases.rules.ts) → the verb's
 * command (cases.commands.ts) → one transaction with the change, the stored clock, the timeline event,
 * the audit row and the applicant's notifications.
 */
import type { Actor } from '../../kernel/auth/actor';
import { recordAudit } from '../../kernel/audit/audit';
import { parseJson } from '../../kernel/db/db';
import { AppError } from '../../kernel/errors';
import { markDaysChanged } from '../../kernel/rollup/daily-rollup';
import { toHookTx } from '../../kernel/hooks';
import { CASE_ACTION_LABELS } from '../../shared/case-actions';
import type { CaseMaterial, CaseView } from '../../shared/cases.types';
import { caseEventOf } from './cases.hooks';
import { CASE_COMMANDS, type ActionInput } from './cases.commands';
import type { DeemedAcceptance } from './cases.deemed';
import type { CasesEnv } from './cases.env';
import { CASE_DAILY_ROLLUP, caseDaysTouched } from './cases.queries';
import { casesReceivedDaily, receivedDaysTouched } from './cases.received';
import { clockRecords, insertEvent, updateCase, type CaseChanges } from './cases.repository';
import { STATUS_LABELS, allowedActions, mayAct, nextStatus, regionOfCaseNo } from './cases.rules';
import type { CaseRow } from './cases.tables';
import type { CaseViews } from './cases.views';

export class CaseActions {
  constructor(
    private readonly env: CasesEnv,
    private readonly views: CaseViews,
    private readonly deemed: DeemedAcceptance,
  ) {}

  /** POST /cases/:caseNo/actions: the action, then the case as the actor now sees it. */
  async act(actor: Actor, caseNo: string, input: ActionInput): Promise<CaseView> {
    const row = await this.apply(actor, caseNo, input);
    return this.views.viewOf(this.env.db, actor, row, true);
  }

  /** The action itself (act() without reading the case back): the demo seed replays thousands of these. */
  async apply(actor: Actor, caseNo: string, input: ActionInput): Promise<CaseRow> {
    const { env } = this;
    const today = env.today();
    const now = env.nowIso();
    // §32 first, whatever this action does (cases.deemed.ts).
    await this.deemed.recordIfDue(await this.views.loadVisible(env.db, actor, caseNo), today, now);

    return env.db.transaction().execute(async (tx) => {
      const row = await this.views.loadVisible(tx, actor, caseNo);
      const isOwner = actor.id !== null && row.applicant_user_id !== null && row.applicant_user_id === actor.id;
      if (!mayAct(input.action, actor.roles, isOwner)) {
        throw new AppError('FORBIDDEN', 403, `当前账号不能执行“${CASE_ACTION_LABELS[input.action]}”`);
      }
      const records = await clockRecords(tx, [row.id]);
      const susp = records.susp.get(row.id) ?? [];
      const ext = records.ext.get(row.id) ?? [];
      const to = nextStatus(row.status, input.action);
      if (!to) {
        throw new AppError('CASE_STATE_CONFLICT', 409, `办件当前状态为“${STATUS_LABELS[row.status]}”，不能${CASE_ACTION_LABELS[input.action]}`, {
          status: row.status,
          action: input.action,
          allowed: allowedActions(row.status),
        });
      }
      const materials = parseJson<CaseMaterial[]>(row.materials_json, []);
      const result = await CASE_COMMANDS[input.action]({ env, tx, actor, row, to, susp, ext, materials, today, now }, input);

      // The clock after this action, stored on the row for the supervision sweep.
      const changes: CaseChanges = { status: to, ...result.changes };
      Object.assign(changes, env.storedClock({ ...row, ...changes }, result.susp ?? susp, result.ext ?? ext, today));
      changes.updated_at = now;
      changes.row_version = row.row_version + 1;
      await updateCase(tx, row, changes);
      const after: CaseRow = { ...row, ...changes };
      // A withdrawal or a late fix of an old case changes days the KPI roll-up already holds.
      await markDaysChanged(tx, CASE_DAILY_ROLLUP, caseDaysTouched(row, after));
      await markDaysChanged(tx, casesReceivedDaily, receivedDaysTouched(row, after));
      await insertEvent(tx, {
        case_id: row.id,
        case_submitted_on: row.submitted_on,
        at: now,
        on_date: today,
        action: input.action,
        from_status: row.status,
        to_status: to,
        actor_id: actor.id,
        actor_name: actor.name,
        data_json: JSON.stringify(result.data),
      });
      await recordAudit(tx, env.ctx.clock, actor, {
        action: `case.${input.action}`,
        subjectType: 'case',
        subjectId: row.case_no,
        region: regionOfCaseNo(row.case_no),
        before: { status: row.status, promisedDueDate: row.promised_due_date, legalDueDate: row.legal_due_date },
        after: { status: to, promisedDueDate: changes.promised_due_date ?? null, legalDueDate: changes.legal_due_date ?? null, ...result.data },
      });
      await env.hooks.events.emit(toHookTx(tx), caseEventOf(after, input.action, row.status, actor, now, today, result.data));
      for (const n of result.notices) await env.notify(tx, after, n.template, n.payload, `${row.case_no}:${input.action}:${row.row_version}`);
      return after;
    });
  }
}

