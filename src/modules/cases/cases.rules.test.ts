import { describe, expect, it } from 'vitest';
import {
  bundleSequenceName,
  caseSequenceName,
  regionOfCaseNo,
  CASE_ACTIONS,
  CASE_STATUSES,
  allowedActions,
  buildChecklist,
  formatBundleNo,
  formatCaseNo,
  isDeemedAccepted,
  last4,
  mayAct,
  mergeMaterials,
  missingMaterials,
  nextStatus,
  unknownMaterials,
  type CaseAction,
  type CaseStatus,
} from './cases.rules';
import { bundleDueDateOf, bundleStatusOf } from './bundles.service';
import type { ItemMaterial } from '../../shared/catalog.types';

// The whole transition table of SPEC §2.3, written out: every (state, action) pair not listed is invalid.
const VALID: Array<[CaseStatus, CaseAction, CaseStatus]> = [
  ['submitted', 'request_correction', 'correction_requested'],
  ['submitted', 'accept', 'accepted'],
  ['submitted', 'reject', 'rejected'],
  ['submitted', 'withdraw', 'withdrawn'],
  ['correction_requested', 'supplement', 'submitted'],
  ['correction_requested', 'reject', 'rejected'],
  ['correction_requested', 'withdraw', 'withdrawn'],
  ['accepted', 'suspend', 'suspended'],
  ['accepted', 'extend', 'accepted'],
  ['accepted', 'approve', 'approved'],
  ['accepted', 'deny', 'denied'],
  ['accepted', 'withdraw', 'withdrawn'],
  ['accepted', 'forward', 'accepted'],
  ['accepted', 'record_reference', 'accepted'],
  ['accepted', 'review', 'accepted'],
  ['suspended', 'resume', 'accepted'],
  ['suspended', 'extend', 'suspended'],
  ['suspended', 'withdraw', 'withdrawn'],
  ['suspended', 'record_reference', 'suspended'],
  ['approved', 'complete', 'completed'],
  ['approved', 'record_reference', 'approved'],
  ['denied', 'complete', 'completed'],
];

describe('case state machine', () => {
  const table = CASE_STATUSES.flatMap((s) => CASE_ACTIONS.map((a) => [s, a, VALID.find(([vs, va]) => vs === s && va === a)?.[2] ?? null] as const));

  it.each(table)('%s + %s → %s', (from, action, to) => {
    expect(nextStatus(from, action)).toBe(to);
  });

  it.each([['completed'], ['rejected'], ['withdrawn']] as const)('%s is terminal', (s) => {
    expect(allowedActions(s)).toEqual([]);
  });

  it('never decides a suspended case (the clock must run again first)', () => {
    expect(nextStatus('suspended', 'approve')).toBeNull();
    expect(nextStatus('suspended', 'deny')).toBeNull();
  });
});

describe('who may act', () => {
  it.each([
    ['accept', ['clerk'], false, true],
    ['accept', ['reviewer'], false, true],
    ['accept', ['citizen'], true, false],
    ['suspend', ['clerk'], false, false],
    ['suspend', ['reviewer'], false, true],
    ['extend', ['reviewer'], false, false],
    ['extend', ['leader'], false, true],
    ['extend', ['admin'], false, true],
    ['approve', ['clerk'], false, false],
    ['complete', ['clerk'], false, true],
    ['supplement', ['citizen'], true, true],
    ['supplement', ['citizen'], false, false],
    ['withdraw', ['citizen'], true, true],
    ['withdraw', ['reviewer'], false, false],
    ['forward', ['clerk'], false, true],
    ['approve', ['supervisor'], false, false],
  ] as const)('%s by %j (owner %s) → %s', (action, roles, owner, ok) => {
    expect(mayAct(action, roles, owner)).toBe(ok);
  });
});

const mat = (name: string, required = true, extra: Partial<ItemMaterial> = {}): ItemMaterial => ({ name, form: 'original', copies: 1, required, eLicenseReplaceable: false, ...extra });

describe('materials', () => {
  it('builds the checklist from the version, matching provided names loosely', () => {
    const list = buildChecklist([mat('申请书'), mat('营业执照（副本）', true, { eLicenseReplaceable: true }), mat('照片', false)], [{ name: ' 申请书 ', provided: true }]);
    expect(list.map((m) => m.provided)).toEqual([true, false, false]);
    expect(missingMaterials(list)).toEqual([]);
    expect(unknownMaterials(list, [{ name: '营业执照(副本)' }, { name: '户口簿' }])).toEqual(['户口簿']);
  });

  it('merges a bundle list: a shared material is asked once, required if any item requires it', () => {
    const merged = mergeMaterials([
      { code: 'A', materials: [mat('父母身份证', false), mat('出生医学记录')] },
      { code: 'B', materials: [mat('父母身份证', true, { copies: 2 }), mat('居民户口簿')] },
      { code: 'C', materials: [mat('居民户口簿', true, { form: 'copy' })] },
    ]);
    expect(merged.map((m) => [m.name, m.required, m.copies, m.itemCodes.join(',')])).toEqual([
      ['父母身份证', true, 2, 'A,B'],
      ['出生医学记录', true, 1, 'A'],
      ['居民户口簿', true, 1, 'B,C'],
    ]);
    expect(merged[2].form).toBe('original_and_copy');
  });
});

describe('numbers and lookups', () => {
  it.each([
    ['430582', '2026-09-30', 1, '430582-20260930-000001'],
    ['430582', '2026-01-04', 123456, '430582-20260104-123456'],
    ['430582', '2026-01-04', 1234567, '430582-20260104-1234567'],
  ])('case number %s %s #%i = %s', (region, date, seq, no) => {
    expect(formatCaseNo(region, date, seq)).toBe(no);
  });

  it.each([
    // region, day, installation's region → counter
    ['430582', '2026-09-30', '430582', 'case:20260930', 'bundle:20260930'],
    ['430581', '2026-09-30', '430582', 'case:430581:20260930', 'bundle:430581:20260930'],
    ['430582', '2026-09-30', '430581', 'case:430582:20260930', 'bundle:430582:20260930'],
  ])('counts %s on %s (installation %s) in %s and %s', (region, day, installation, caseSeq, bundleSeq) => {
    expect(caseSequenceName(region, day, installation)).toBe(caseSeq);
    expect(bundleSequenceName(region, day, installation)).toBe(bundleSeq);
  });

  it.each([
    ['430582-20260930-000001', '430582'],
    ['430581-20261009-000060', '430581'],
  ])('case %s belongs to county %s', (no, region) => {
    expect(regionOfCaseNo(no)).toBe(region);
  });

  it('bundle numbers are distinguishable from case numbers', () => {
    expect(formatBundleNo('430582', '2026-09-30', 7)).toBe('430582-YJS-20260930-0007');
  });

  it('takes the last 4 characters of an ID in upper case', () => {
    expect(last4('43058219900307123x')).toBe('123X');
    expect(last4('91430582MA4L0J3K9X ')).toBe('3K9X');
  });

  it.each([
    ['submitted', '2026-10-09', '2026-10-09', false],
    ['submitted', '2026-10-09', '2026-10-10', true],
    ['correction_requested', '2026-10-09', '2026-10-20', false],
    ['submitted', null, '2026-10-20', false],
  ] as const)('%s with intake due %s read on %s is deemed accepted: %s', (status, due, today, deemed) => {
    expect(isDeemedAccepted(status, due, today)).toBe(deemed);
  });
});

describe('bundle status follows its cases', () => {
  it.each([
    [['submitted', 'submitted'], 'submitted'],
    [['submitted', 'accepted'], 'processing'],
    [['correction_requested', 'accepted'], 'correction_requested'],
    [['completed', 'approved'], 'processing'],
    [['completed', 'completed'], 'completed'],
    [['completed', 'withdrawn'], 'closed'],
  ])('%j → %s', (statuses, status) => {
    expect(bundleStatusOf(statuses)).toBe(status);
  });

  it('is due when its last live case is due', () => {
    expect(bundleDueDateOf([{ status: 'accepted', promisedDueDate: '2026-10-12' }, { status: 'accepted', promisedDueDate: '2026-10-20' }])).toBe('2026-10-20');
    expect(bundleDueDateOf([{ status: 'accepted', promisedDueDate: '2026-10-12' }, { status: 'submitted', promisedDueDate: null }])).toBeNull();
    expect(bundleDueDateOf([{ status: 'accepted', promisedDueDate: '2026-10-12' }, { status: 'withdrawn', promisedDueDate: null }])).toBe('2026-10-12');
  });
});
