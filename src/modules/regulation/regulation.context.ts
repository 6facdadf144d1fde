import type { AppContext } from '../../kernel/module';
import type { TxHooks } from '../../kernel/hooks';
import type { CaseReads, CasesService } from '../cases';
import type { CatalogService } from '../catalog';
import type { OrgService } from '../org';
import type { LicenseEvent as LibraryLicenseEvent, LicenseRiskReads } from '../../shared/licenses.types';

/**
 * What 互联网+监管 calls: departments; the catalogue (which items exist, for coverage); cases (approvals
 * announce themselves on `cases.hooks.events`; the seed reads finished cases). `licenseEvents` is the
 * e-license library's hook when it is installed: its steps feed `onLicenseEvent` (issue/change/renew/end).
 */
export interface RegulationNeeds {
  org: OrgService;
  catalog: CatalogService;
  cases: CasesService;
  caseReads?: CaseReads;
  licenseEvents?: TxHooks<LibraryLicenseEvent>;
  /** The library's reads for 风险核查 (expired licenses still referenced), when it is installed. */
  licenseLibrary?: LicenseRiskReads;
}

export type RegulationNeedsContext = AppContext<RegulationNeeds>;
