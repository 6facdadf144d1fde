import { describe, expect, it } from 'vitest';
import { recordSummary } from './report-records';

describe('recordSummary: a record behind a figure read as one line', () => {
  it.each([
    ['a case', { caseNo: '430582-20261130-000001', itemName: '食品经营许可', departmentName: '市场监督管理局', status: 'completed', completedOn: '2026-11-30' }, { no: '430582-20261130-000001', name: '食品经营许可', department: '市场监督管理局', date: '2026-11-30', status: '已办结' }],
    ['a hall ticket that served a case: the ticket number, not the case', { ticketNo: 'A003', caseNo: '430582-20261130-000001', day: '2026-11-30', status: 'done', statusLabel: '已办结' }, { no: 'A003', name: '', department: '', date: '2026-11-30', status: '已办结' }],
    ['a licence issued on a case: the licence number', { licenseNo: '湘食证-2026-0001', caseNo: '430582-20261130-000001', holderName: '某某餐馆', issuedOn: '2026-11-30', status: 'valid', statusLabel: '有效' }, { no: '湘食证-2026-0001', name: '某某餐馆', department: '', date: '2026-11-30', status: '有效' }],
    ['an appointment', { appointmentNo: 'Y20261130001', day: '2026-11-30', status: 'no_show', statusLabel: '爽约' }, { no: 'Y20261130001', name: '', department: '', date: '2026-11-30', status: '爽约' }],
    ['an unknown status shows as stored', { id: 7, status: 'odd' }, { no: '7', name: '', department: '', date: '', status: 'odd' }],
    ['not an object', null, { no: '', name: '', department: '', date: '', status: '' }],
  ])('%s', (_, item, expected) => {
    expect(recordSummary(item)).toEqual(expected);
  });
});
