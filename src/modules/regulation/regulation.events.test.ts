import { describe, expect, it } from 'vitest';
import type { LicenseEvent as LibraryLicenseEvent } from '../../shared/licenses.types';
import { licenseStepOf } from './regulation.events';

const event = (action: LibraryLicenseEvent['action']): LibraryLicenseEvent => ({
  action,
  licenseNo: 'JY4305822026000001',
  typeCode: 'JY',
  typeName: '食品经营许可证',
  holderKind: 'organization',
  holderName: '邵东市某某餐饮店',
  holderId: '91430582MA4L0J3K0X',
  departmentId: 3,
  issuer: '邵东市市场监督管理局',
  issueDate: '2026-11-30',
  validFrom: '2026-11-30',
  validTo: '2031-11-29',
  status: 'valid',
  caseNo: '430582-20261130-000001',
  reason: null,
  at: '2026-11-30T02:00:00.000Z',
  on: '2026-11-30',
});

describe('license library steps as 审管联动 sees them', () => {
  it.each([
    ['issue', 'issue'],
    ['change', 'change'],
    ['renew', 'renew'],
    ['cancel', 'revoke'],
    ['revoke', 'revoke'],
    ['withdraw', 'revoke'],
  ] as const)('%s → %s', (action, kind) => {
    expect(licenseStepOf(event(action))).toEqual({
      kind,
      licenseNo: 'JY4305822026000001',
      typeCode: 'JY',
      holderName: '邵东市某某餐饮店',
      holderId: '91430582MA4L0J3K0X',
      departmentId: 3,
      caseNo: '430582-20261130-000001',
      at: '2026-11-30T02:00:00.000Z',
    });
  });
});
