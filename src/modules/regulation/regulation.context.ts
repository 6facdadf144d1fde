import type { AppContext } from '../../kernel/module';
import type { TxHooks } from '../../kernel/hooks';
import type { CaseReads, CasesService } from '../cases';
import type { CatalogService } from '../catalog';
import type { OrgService } from '../org';
import type { LicenseEvent } from './regulation.events';

/**
 * What 互联网+监管 calls: departments; the catalogue (which items exist, for coverage); cases (approvals
 * announce themselves on `cases.hooks.events`; the seed reads finished cases). `licenses` is the e-license
 * module when installed: its `licenseEvents` hook feeds `onLicenseEvent` (issue/change/renew/revoke).
 */
export interface RegulationNeeds {
  org: OrgService;
  catalog: CatalogService;
  cases: CasesService;
  caseReads?: CaseReads;
  licenses?: { licenseEvents: TxHooks<LicenseEvent> };
}

export type RegulationNeedsContext = AppContext<RegulationNeeds>;
