/**
 * 行政许可法 §32: an application the window neither accepts, asks to correct nor rejects within the intake
 * window counts as accepted from the day it was (re)submitted. The legal fact is recorded on the row by
 * the periodic job, and by any action that finds it first — each time in its own transaction.
 */
import { systemActor } from '../../kernel/auth/actor';
import { toHookTx } from '../../kernel/hooks';
import { caseEventOf } from './cases.hooks';
import { recordAudit } from '../../kernel/audit/audit';
import { AppError } from '../../kernel/errors';
import { markDaysChanged } from '../../kernel/rollup/daily-rollup';
import type { CasesEnv } from './cases.env';
import { CASE_DAILY_ROLLUP, caseDaysTouched } from './cases.queries';
import { caseById, insertEvent, updateCase, type CaseChanges } from './cases.repository';
import { isDeemedAccepted, regionOfCaseNo } from './cases.rules';
import type { CaseRow, CasesTx } from './cases.tables';

/** Someone acted on the case meanwhile: their action already applied §32. */
const isCaseChanged = (err: unknown) => err instanceof AppError && err.code === 'CASE_CHANGED';

export class DeemedAcceptance {
  constructor(private readonly env: CasesEnv) {}

  /** Records a §32 deemed acceptance (system actor) inside the caller's transaction. */
  async record(tx: CasesTx, row: CaseRow, today: string, now: string): Promise<CaseRow> {
    const { env } = this;
    const sys = systemActor('cases.deemed_acceptance');
    const acceptedOn = row.intake_from;
    const next: CaseRow = { ...row, status: 'accepted', accepted_on: acceptedOn, accepted_at: now, deemed_accepted: 1 };
    const stored = env.storedClock(next, [], [], today);
    const changes: CaseChanges = { status: 'accepted', accepted_on: acceptedOn, accepted_at: now, deemed_accepted: 1, ...stored, updated_at: now, row_version: row.row_version + 1 };
    await updateCase(tx, row, changes);
    // The acceptance is dated back to the day the intake window opened: that day may be rolled up already.
    await markDaysChanged(tx, CASE_DAILY_ROLLUP, caseDaysTouched(row, next));
    await insertEvent(tx, {
      case_id: row.id,
      case_submitted_on: row.submitted_on,
      at: now,
      on_date: today,
      action: 'deemed_accept',
      from_status: 'submitted',
      to_status: 'accepted',
      actor_id: null,
      actor_name: sys.name,
      data_json: JSON.stringify({ acceptedOn, intakeDueDate: row.intake_due_date, basis: '行政许可法第三十二条' }),
    });
    await recordAudit(tx, env.ctx.clock, sys, {
      action: 'case.deemed_accepted',
      subjectType: 'case',
      subjectId: row.case_no,
      region: regionOfCaseNo(row.case_no),
      before: { status: 'submitted', intakeDueDate: row.intake_due_date },
      after: { status: 'accepted', acceptedOn, ...stored },
    });
    const after: CaseRow = { ...row, ...changes };
    // The modules after cases see the acceptance like any other step (documents issues its 受理通知书).
    await env.hooks.events.emit(toHookTx(tx), caseEventOf(after, 'deemed_accept', 'submitted', sys, now, today, { deemed: true, acceptedOn, basis: '行政许可法第三十二条' }));
    await env.notify(tx, after, 'case.accepted', { deemed: true }, `${row.case_no}:deemed_accept`);
    return after;
  }

  /**
   * Before an action on `seen`: records §32 if it applies, in its own transaction, so that a refused action
   * (say a late "request_correction", 409) still leaves the legal fact on record.
   */
  async recordIfDue(seen: CaseRow, today: string, now: string): Promise<void> {
    if (!isDeemedAccepted(seen.status, seen.intake_due_date, today)) return;
    await this.env.db
      .transaction()
      .execute(async (tx) => {
        const fresh = await caseById(tx, seen.id);
        if (isDeemedAccepted(fresh.status, fresh.intake_due_date, today)) await this.record(tx, fresh, today, now);
      })
      .catch((err) => {
        if (!isCaseChanged(err)) throw err;
      });
  }

  /**
   * Records every §32 deemed acceptance that is due (the periodic job; also safe to call at any time).
   * Only rows whose intake window has passed are touched, found by the (status, intake_due_date) index.
   */
  async recordDue(): Promise<number> {
    const { env } = this;
    const today = env.today();
    const now = env.nowIso();
    const due = await env.db.selectFrom('cases_cases').select('id').where('status', '=', 'submitted').where('intake_due_date', '<', today).limit(500).execute();
    let n = 0;
    for (const d of due) {
      try {
        await env.db.transaction().execute(async (tx) => {
          const row = await caseById(tx, d.id);
          if (isDeemedAccepted(row.status, row.intake_due_date, today)) {
            await this.record(tx, row, today, now);
            n++;
          }
        });
      } catch (err) {
        if (!isCaseChanged(err)) throw err;
      }
    }
    return n;
  }
}
