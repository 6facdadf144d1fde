import type { AppContext } from '../../kernel/module';
import type { CasesService } from '../cases';
import type { CatalogService } from '../catalog';
import type { OrgService } from '../org';

/**
 * What 电子证照 calls: the departments (issuers); the catalogue to check the items a type is issued by; cases
 * when installed (licenses are issued on a case's approval and stand in for materials at intake).
 */
export interface LicensesNeeds {
  org: OrgService;
  catalog?: CatalogService;
  cases?: CasesService;
}

export type LicensesNeedsContext = AppContext<LicensesNeeds>;
