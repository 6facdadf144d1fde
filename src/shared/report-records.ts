/**
 * A record behind a report figure, whatever module lists it (a case, a card, a license, a post …), read as
 * one line: its number, name, department, date and status. The annex workbook and the web preview's
 * records drawer both use it, so a record reads the same in either.
 */
import { CASE_STATUS_SHORT_LABELS } from './cases.types';

export interface RecordSummary {
  no: string;
  name: string;
  department: string;
  date: string;
  status: string;
}

const pick = (o: Record<string, unknown>, keys: string[]) => {
  for (const k of keys) if (o[k] !== undefined && o[k] !== null && o[k] !== '') return String(o[k]);
  return '';
};

/** Status words of the common records (cases, cards, posts) in Chinese; another status shows as stored. */
const STATUS_LABELS: Readonly<Record<string, string>> = {
  ...CASE_STATUS_SHORT_LABELS,
  open: '待说明',
  acknowledged: '已说明',
  published: '已发布',
  draft: '草稿',
};

export function recordSummary(item: unknown): RecordSummary {
  const o = (item && typeof item === 'object' ? item : {}) as Record<string, unknown>;
  return {
    // A hall ticket or a licence may name the case it served: its own number comes first.
    no: pick(o, ['ticketNo', 'appointmentNo', 'licenseNo', 'orderNo', 'caseNo', 'no', 'code', 'id']),
    name: pick(o, ['itemName', 'subjectLabel', 'title', 'name', 'ruleLabel', 'holderName']),
    department: pick(o, ['departmentName', 'department']),
    date: pick(o, ['completedOn', 'completedAt', 'issuedOn', 'issuedAt', 'publishedAt', 'submittedOn', 'submittedAt', 'date', 'day', 'createdAt']).slice(0, 19).replace('T', ' '),
    status: pick(o, ['statusLabel']) || (STATUS_LABELS[pick(o, ['status'])] ?? pick(o, ['status'])),
  };
}
