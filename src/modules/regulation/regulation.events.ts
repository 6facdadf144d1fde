/**
 * The license step 审管联动 listens to. Declared here so the module stands without 电子证照; the licenses
 * module's `licenseEvents: TxHooks<LicenseEvent>` announces events of this shape (structurally).
 */
export interface LicenseEvent {
  kind: 'issue' | 'change' | 'renew' | 'revoke';
  licenseNo: string;
  typeCode: string;
  holderName: string;
  /** 身份证号 or 统一社会信用代码 of the holder. */
  holderId: string;
  /** The issuing department (supervises the license when no 监管事项 covers its case's item). */
  departmentId: number;
  /** The case that issued it, when any. */
  caseNo: string | null;
  /** ISO instant of the step. */
  at: string;
}
