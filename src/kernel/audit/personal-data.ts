import type { Clock } from '../clock';
import type { DbOrTx } from '../db/db';
import type { Actor } from '../auth/actor';
import { hasRole } from '../auth/actor';
import type { Role } from '../../shared/roles';
import { recordAudit } from './audit';

/**
 * Personal data (ID numbers, phones, addresses of citizens) is masked in lists and exports. A screen that
 * shows it unmasked — because the role needs it to do the job (the window clerk checking an ID card, the
 * operator calling a citizen back) — records that view in the audit trail: who saw which fields of whom,
 * when and from which IP. The values themselves are never written to the audit row.
 */
export interface PersonalDataView {
  /** What kind of record was opened: 'case', 'workorder', 'user', … */
  subjectType: string;
  subjectId: string | number;
  /** Which fields were shown unmasked: ['applicant.idNumber', 'applicant.phone']. */
  fields: readonly string[];
  /** Optional purpose ('callback', 'intake check'). */
  purpose?: string;
}

export async function recordPersonalDataView(tx: DbOrTx, clock: Clock, actor: Actor, view: PersonalDataView): Promise<number> {
  return recordAudit(tx, clock, actor, {
    action: 'personal_data.viewed',
    subjectType: view.subjectType,
    subjectId: view.subjectId,
    after: { fields: [...view.fields], ...(view.purpose ? { purpose: view.purpose } : {}) },
  });
}

/** Whether an actor's roles justify seeing a record's personal data unmasked. */
export function mayViewPersonalData(actor: Actor, roles: readonly Role[]): boolean {
  return actor.kind === 'user' && hasRole(actor, ...roles);
}
