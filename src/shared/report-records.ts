/**
 * A record behind a report figure, whatever module lists it (a case, a card, a license, a post …), read as
 * one line: its number, name, department, date and status. The annex workbook and the web preview's
 * records drawer both use it, so a record reads the same in either.
 */
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

export function recordSummary(item: unknown): RecordSummary {
  const o = (item && typeof item === 'object' ? item : {}) as Record<string, unknown>;
  return {
    no: pick(o, ['caseNo', 'licenseNo', 'no', 'code', 'id']),
    name: pick(o, ['itemName', 'subjectLabel', 'title', 'name', 'ruleLabel', 'holderName']),
    department: pick(o, ['departmentName', 'department']),
    date: pick(o, ['completedAt', 'issuedOn', 'issuedAt', 'publishedAt', 'submittedAt', 'date', 'createdAt']).slice(0, 19).replace('T', ' '),
    status: pick(o, ['statusLabel', 'status']),
  };
}
