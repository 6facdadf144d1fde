import type { LicenseEvent as LibraryLicenseEvent } from '../../shared/licenses.types';

/**
 * A license library step as 审管联动 sees it: the library's event (src/shared/licenses.types.ts) with its six
 * actions folded into the four a 监管任务 knows. 注销, 吊销 and 撤销 all end the license: to the
 * supervising department each is the end of what was approved.
 */
export type LicenseEvent = Pick<LibraryLicenseEvent, 'licenseNo' | 'typeCode' | 'holderName' | 'holderId' | 'departmentId' | 'caseNo' | 'at'> & {
  kind: 'issue' | 'change' | 'renew' | 'revoke';
};

export function licenseStepOf(e: LibraryLicenseEvent): LicenseEvent {
  const kind = e.action === 'cancel' || e.action === 'withdraw' ? 'revoke' : e.action;
  return { kind, licenseNo: e.licenseNo, typeCode: e.typeCode, holderName: e.holderName, holderId: e.holderId, departmentId: e.departmentId, caseNo: e.caseNo, at: e.at };
}
