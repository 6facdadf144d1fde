/**
 * What every use case of the cases module shares: its tables, its settings, the injected clock and the
 * working-day calendar, its collaborators, the statutory clock of a case and the applicant's notifications.
 */
import { shanghaiDate } from '../../kernel/clock';
import { computeCaseClock, type WorkdayIndex } from '../../kernel/calendar';
import { tablesOf } from '../../kernel/kernel.tables';
import { enqueueNotification } from '../../kernel/outbox/outbox';
import { fromFlag } from '../../kernel/db/db';
import { regionOrDefault } from '../../kernel/region';
import type { CatalogService } from '../catalog';
import type { OrgService } from '../org';
import type { CasesNeedsContext } from './cases.context';
import type { CasesSettings } from './cases.settings';
import type { CaseRow, CasesDb, CasesTables, CasesTx, ExtensionRow, SuspensionRow } from './cases.tables';
import { caseClockView, type CaseClockView } from './cases.clock';
import { clockInput } from './cases.rules';
import { CaseHooks } from './cases.hooks';

/** The clock as stored on the case row whenever it changes, so that supervision sweeps by index. */
export interface StoredClock {
  promised_due_date: string | null;
  legal_due_date: string | null;
  provisional: number;
}

export class CasesEnv {
  readonly db: CasesDb;
  /** Extension points for the modules after cases (cases.hooks.ts). */
  readonly hooks = new CaseHooks();

  constructor(
    readonly ctx: CasesNeedsContext,
    readonly settings: CasesSettings,
    /** silent: no notifications (the demo seed replays months of history nobody should be texted about). */
    private readonly silent = false,
  ) {
    this.db = tablesOf<CasesTables>(ctx.db);
  }

  get catalog(): CatalogService {
    return this.ctx.services.catalog;
  }

  get org(): OrgService {
    return this.ctx.services.org;
  }

  get index(): WorkdayIndex {
    return this.ctx.calendar.current;
  }

  today(): string {
    return shanghaiDate(this.ctx.clock.now());
  }

  nowIso(): string {
    return this.ctx.clock.now().toISOString();
  }

  /** The county a department's cases are numbered and audited in (its region, else the installation's). */
  async regionOf(departmentId: number): Promise<string> {
    return regionOrDefault(await this.org.regionOf(departmentId));
  }

  async departmentName(id: number): Promise<string> {
    return (await this.org.byId(id))?.name ?? '';
  }

  /** The statutory clock of a case as the API shows it (cases.clock.ts), on `today`. */
  clockOf(row: CaseRow, susp: readonly SuspensionRow[], ext: readonly ExtensionRow[], today: string): CaseClockView {
    return caseClockView(this.index, {
      status: row.status,
      submittedOn: row.submitted_on,
      intakeFrom: row.intake_from,
      intakeDueDate: row.intake_due_date,
      acceptedOn: row.accepted_on,
      deemedAccepted: fromFlag(row.deemed_accepted),
      promisedLimit: Number(row.promised_limit),
      legalLimit: Number(row.legal_limit),
      unit: row.limit_unit,
      suspensions: susp.map((s) => ({ reason: s.reason, from: s.from_date, to: s.to_date, noticeNo: s.notice_no })),
      extensions: ext.map((e) => ({ days: e.days, approvedOn: e.approved_on, approverName: e.approver_name, reason: e.reason })),
      completedOn: row.completed_on,
      closedOn: row.closed_on,
      today,
    });
  }

  /** The due dates to store on the row after a change (none before acceptance). */
  storedClock(row: CaseRow, susp: readonly SuspensionRow[], ext: readonly ExtensionRow[], today: string): StoredClock {
    if (!row.accepted_on) return { promised_due_date: null, legal_due_date: null, provisional: 0 };
    const c = computeCaseClock(
      this.index,
      clockInput({
        acceptedOn: row.accepted_on,
        promisedLimit: Number(row.promised_limit),
        legalLimit: Number(row.legal_limit),
        unit: row.limit_unit,
        suspensions: susp.map((s) => ({ from: s.from_date, to: s.to_date, reason: s.reason })),
        extensions: ext.map((e) => ({ days: e.days, approvedOn: e.approved_on })),
        stoppedOn: row.completed_on ?? row.closed_on,
        today,
      }),
    );
    return { promised_due_date: c.promisedDueDate, legal_due_date: c.legalDueDate, provisional: c.provisional ? 1 : 0 };
  }

  /** Tells the applicant (SMS to the phone on file, the inbox of their account) in the caller's transaction. */
  async notify(tx: CasesTx, row: CaseRow, template: string, payload: Record<string, unknown>, dedupe: string): Promise<void> {
    if (this.silent) return;
    const full = {
      caseNo: row.case_no,
      itemName: row.item_name,
      applicantName: row.applicant_name,
      promisedDueDate: row.promised_due_date,
      ...payload,
    };
    if (row.applicant_phone) {
      await enqueueNotification(tx, this.ctx.clock, { channel: 'sms', recipient: row.applicant_phone, template, payload: full, dedupeKey: `sms:${dedupe}` });
    }
    if (row.applicant_user_id !== null) {
      await enqueueNotification(tx, this.ctx.clock, { channel: 'inbox', recipient: `user:${row.applicant_user_id}`, template, payload: full, dedupeKey: `inbox:${dedupe}` });
    }
  }
}
