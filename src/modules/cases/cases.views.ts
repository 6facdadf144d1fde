/**
 * Reading cases: who may see which case, the case as the API shows it (clock, timeline, materials, the
 * actions the reader may take), the role-scoped list and worklist, and the public progress lookup.
 */
import type { Actor } from '../../kernel/auth/actor';
import { hasRole, readsAllDepartments, systemActor } from '../../kernel/auth/actor';
import { parseJson } from '../../kernel/db/db';
import { maskIdNumber, maskName, maskPhone } from '../../kernel/validators';
import { caseActionLabel } from '../../shared/case-actions';
import type { CaseListItem, CaseMaterial, CaseProgress, CaseView, TimelineEntry } from '../../shared/cases.types';
import type { CasesEnv } from './cases.env';
import { CaseListing, ordered, type ListQuery } from './cases.listing';
import { caseNotFound } from './cases.errors';
import { bundleNoOf, bundleNosOf, caseByNo, clockRecords, eventsOf, normalizeRow, partnerNameOf } from './cases.repository';
import { STATUS_LABELS, allowedActions, extensionRoom, last4, mayAct, missingMaterials, nextStepOf } from './cases.rules';
import type { CaseEventRow, CaseRow, CasesDbOrTx, ExtensionRow, SuspensionRow } from './cases.tables';
import { levelAccountsOf, levelsOf, passesOf } from './review.levels';
import { reviewState } from './review.rules';

export type { ListQuery } from './cases.listing';

/** What a view needs besides the case's own rows. */
export interface ViewOptions {
  actor: Actor;
  departmentName: string;
  /** The detail view: timeline, unmasked applicant for staff. */
  detail: boolean;
  today: string;
  bundleNo: string | null;
  partnerName: string | null;
  /** The item's review levels (detail view): the review state and which level's action the reader sees. */
  reviewLevels?: string[];
  /** Accounts named per level: a level given to others is not this reader's to act on. */
  levelAccounts?: Record<string, number[]>;
}

export class CaseViews {
  readonly listing: CaseListing;

  constructor(private readonly env: CasesEnv) {
    this.listing = new CaseListing(env);
  }

  /** Staff of every department and the clerks see all cases; reviewers their department's; citizens their own. */
  canSee(actor: Actor, row: Pick<CaseRow, 'department_id' | 'applicant_user_id'>): boolean {
    if (actor.kind === 'system') return true;
    if (readsAllDepartments(actor) || hasRole(actor, 'clerk')) return true;
    if (hasRole(actor, 'reviewer') && actor.departmentId !== null && Number(row.department_id) === actor.departmentId) return true;
    if (hasRole(actor, 'citizen') && actor.id !== null && row.applicant_user_id !== null && Number(row.applicant_user_id) === actor.id) return true;
    return false;
  }

  /** Loads a case the actor may see, or 404 (also for another department's or another citizen's case). */
  async loadVisible(db: CasesDbOrTx, actor: Actor, caseNo: string): Promise<CaseRow> {
    const row = await caseByNo(db, caseNo);
    if (!row || !this.canSee(actor, row)) throw caseNotFound();
    return row;
  }

  async get(actor: Actor, caseNo: string): Promise<CaseView> {
    const row = await this.loadVisible(this.env.db, actor, caseNo);
    return this.viewOf(this.env.db, actor, row, true);
  }

  async viewOf(db: CasesDbOrTx, actor: Actor, row: CaseRow, detail: boolean): Promise<CaseView> {
    const { susp, ext } = await clockRecords(db, [row.id]);
    const events = await eventsOf(db, row.id);
    const departmentName = await this.env.departmentName(Number(row.department_id));
    const bundleNo = row.bundle_app_id ? await bundleNoOf(db, row.bundle_app_id) : null;
    const partnerName = row.partner_region_code ? await partnerNameOf(db, row.partner_region_code) : null;
    const reviewLevels = detail ? await levelsOf(db, row.item_code) : undefined;
    const levelAccounts = detail ? await levelAccountsOf(db, row.item_code) : undefined;
    return this.build(row, susp.get(row.id) ?? [], ext.get(row.id) ?? [], events, { actor, departmentName, detail, today: this.env.today(), bundleNo, partnerName, reviewLevels, levelAccounts });
  }

  /** The case as the API shows it to `o.actor` on `o.today` (§32 applied: a silent intake reads as accepted). */
  build(row: CaseRow, susp: SuspensionRow[], ext: ExtensionRow[], events: CaseEventRow[], o: ViewOptions): CaseView {
    const clock = this.env.clockOf(row, susp, ext, o.today);
    const status = clock.effectiveStatus;
    const materials = parseJson<CaseMaterial[]>(row.materials_json, []);
    const missing = missingMaterials(materials);
    const staff = !hasRole(o.actor, 'citizen') && o.actor.kind === 'user' || o.actor.kind === 'system';
    const unmasked = o.detail && staff;
    const idKey = row.applicant_type === 'person' ? 'idNumber' : 'creditCode';
    // Credit codes are public registry data; ID numbers and phones are personal and masked outside the detail view.
    const idValue = unmasked || row.applicant_type === 'organization' ? row.applicant_id_number : maskIdNumber(row.applicant_id_number);
    const openSusp = susp.find((s) => s.to_date === null);
    const lastCorrection = [...events].reverse().find((e) => e.action === 'request_correction');
    const correctionMissing = lastCorrection ? parseJson<{ missing?: string[] }>(lastCorrection.data_json, {}).missing : undefined;
    const isOwner = o.actor.id !== null && row.applicant_user_id !== null && Number(row.applicant_user_id) === o.actor.id;
    const passes = passesOf(events);
    const review = o.reviewLevels ? reviewState(o.reviewLevels, passes, row.decided_at !== null) : undefined;
    // One account passes one level: once it has, the next level is someone else's.
    const named = review?.next ? (o.levelAccounts?.[review.next] ?? []) : [];
    const passedByMe = (o.actor.id !== null && passes.some((p) => p.actorId === o.actor.id)) || (named.length > 0 && (o.actor.id === null || !named.includes(o.actor.id)));
    const actions = allowedActions(status).filter((a) => {
      if (!mayAct(a, o.actor.roles, isOwner)) return false;
      if (a === 'review') return review !== undefined && review.next !== null && !review.nextDecides && !passedByMe;
      if (a === 'approve' && review && (!review.nextDecides || passedByMe)) return false;
      if ((a === 'forward' || a === 'record_reference') && row.cross_mode !== 'proxy') return false;
      if (a === 'extend' && extensionRoom(Number(row.extension_allowance), ext) === 0) return false;
      return true;
    });
    const completedOn = row.status === 'completed' ? row.completed_on : null;
    return {
      caseNo: row.case_no,
      status,
      statusLabel: STATUS_LABELS[status],
      itemCode: row.item_code,
      itemName: row.item_name,
      versionId: Number(row.version_id),
      departmentId: Number(row.department_id),
      departmentName: o.departmentName,
      channel: row.channel,
      applicant: {
        type: row.applicant_type,
        name: unmasked || row.applicant_type === 'organization' ? row.applicant_name : maskName(row.applicant_name),
        [idKey]: idValue,
        phone: row.applicant_phone ? (unmasked ? row.applicant_phone : maskPhone(row.applicant_phone)) : null,
        masked: !unmasked,
      },
      submittedAt: row.submitted_at,
      acceptedAt: row.accepted_at ?? (clock.deemedAccepted ? row.submitted_at : null),
      acceptedOn: clock.acceptedOn,
      deemedAccepted: clock.deemedAccepted,
      promisedDueDate: clock.promisedDueDate,
      legalDueDate: clock.legalDueDate,
      workdaysUsed: clock.workdaysUsed,
      workdaysLeft: clock.workdaysLeft,
      onTime: completedOn && clock.promisedDueDate ? completedOn <= clock.promisedDueDate : null,
      clock,
      explanation: clock.explanation,
      timeline: o.detail ? events.map(toTimeline) : [],
      materials,
      missingMaterials: missing,
      nextStep: nextStepOf(status, { missing: correctionMissing ?? missing, deliveryMethod: row.delivery_method, suspendReason: openSusp?.reason ?? null }),
      allowedActions: actions,
      ...(review ? { review } : {}),
      decision: row.decided_at ? { reason: row.decision_reason, decidedAt: row.decided_at } : null,
      delivery: row.delivery_method ? { method: row.delivery_method, trackingNo: row.delivery_tracking_no, completedOn: row.completed_on } : null,
      bundleNo: o.bundleNo,
      greenChannel: row.green_channel,
      crossProvince:
        row.cross_mode && row.partner_region_code
          ? {
              mode: row.cross_mode,
              partnerRegionCode: row.partner_region_code,
              partnerRegionName: o.partnerName,
              partnerReference: row.partner_reference,
              forwardedOn: row.forwarded_on,
              forwardMethod: row.forward_method,
              trackingNo: row.forward_tracking_no,
            }
          : null,
    };
  }

  async list(actor: Actor, q: ListQuery): Promise<{ items: CaseListItem[]; total: number }> {
    const { db } = this.env;
    const today = this.env.today();
    await this.listing.check(q);
    const base = await this.listing.filtered(actor, q, today);
    if (!base) return { items: [], total: 0 };
    const totalRow = await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
    const page = Math.max(1, q.page ?? 1);
    const pageSize = Math.min(100, q.pageSize ?? 20);
    const query = ordered(base, q.sort).selectAll();
    const rows = (await query.limit(pageSize).offset((page - 1) * pageSize).execute()).map(normalizeRow);
    const { susp, ext } = await clockRecords(db, rows.map((r) => r.id));
    const bundleNos = await bundleNosOf(db, [...new Set(rows.map((r) => r.bundle_app_id).filter((x): x is number => x !== null))]);
    const items: CaseListItem[] = [];
    for (const r of rows) {
      const view = this.build(r, susp.get(r.id) ?? [], ext.get(r.id) ?? [], [], {
        actor,
        departmentName: await this.env.departmentName(r.department_id),
        detail: false,
        today,
        bundleNo: r.bundle_app_id ? (bundleNos.get(r.bundle_app_id) ?? null) : null,
        partnerName: null,
      });
      const { timeline: _t, materials: _m, clock, ...rest } = view;
      items.push({ ...rest, clock: { phase: clock.phase, provisional: clock.provisional, overdue: clock.overdue, intakeDueDate: clock.intakeDueDate, intakeWorkdaysLeft: clock.intakeWorkdaysLeft } });
    }
    return { items, total: Number(totalRow?.n ?? 0) };
  }

  /** Case number + last 4 of the ID/USCC → status, clock and next step; never personal data. */
  async progress(caseNo: string, last4Input: string): Promise<CaseProgress | null> {
    const { db } = this.env;
    const r = await caseByNo(db, caseNo.trim());
    // One answer for "no such case" and "wrong digits", so the lookup cannot probe case numbers.
    if (!r || r.applicant_last4 !== last4(last4Input)) return null;
    const { susp, ext } = await clockRecords(db, [r.id]);
    const events = await eventsOf(db, r.id);
    const view = this.build(r, susp.get(r.id) ?? [], ext.get(r.id) ?? [], events, {
      actor: systemActor('progress'),
      departmentName: await this.env.departmentName(r.department_id),
      detail: false,
      today: this.env.today(),
      bundleNo: null,
      partnerName: null,
    });
    const { clock } = view;
    return {
      caseNo: view.caseNo,
      itemName: view.itemName,
      departmentName: view.departmentName,
      status: view.status,
      statusLabel: view.statusLabel,
      submittedOn: r.submitted_on,
      acceptedOn: view.acceptedOn,
      promisedDueDate: view.promisedDueDate,
      legalDueDate: view.legalDueDate,
      workdaysUsed: view.workdaysUsed,
      workdaysLeft: view.workdaysLeft,
      deemedAccepted: view.deemedAccepted,
      clock: {
        phase: clock.phase,
        intakeDueDate: clock.intakeDueDate,
        promisedDueDate: clock.promisedDueDate,
        legalDueDate: clock.legalDueDate,
        workdaysUsed: clock.workdaysUsed,
        workdaysLeft: clock.workdaysLeft,
        suspendedWorkdays: clock.suspendedWorkdays,
        extensionWorkdays: clock.extensionWorkdays,
        overdue: clock.overdue,
        provisional: clock.provisional,
      },
      explanation: view.explanation,
      nextStep: view.nextStep,
      missingMaterials: view.status === 'correction_requested' ? view.missingMaterials : [],
      timeline: events.map((e) => ({ date: e.on_date, label: caseActionLabel(e.action) })),
    };
  }
}

function toTimeline(e: CaseEventRow): TimelineEntry {
  const data = parseJson<Record<string, unknown> | null>(e.data_json, null);
  const level = typeof data?.level === 'string' ? data.level : null;
  // A review level reads as its own step: 承办意见, 审核意见, 签发：准予许可.
  const label = level && e.action === 'review' ? `${level}意见` : level && e.action === 'approve' ? `${level}：${caseActionLabel(e.action)}` : caseActionLabel(e.action);
  return {
    at: e.at,
    date: e.on_date,
    action: e.action,
    label,
    fromStatus: e.from_status,
    toStatus: e.to_status,
    actorName: e.actor_name,
    data,
  };
}
