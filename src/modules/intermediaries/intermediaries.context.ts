import type { AppContext } from '../../kernel/module';
import type { CatalogService } from '../catalog';
import type { CasesService } from '../cases';
import type { OrgService } from '../org';

/**
 * What the market calls: departments (project owners), the catalogue (the items of the 中介服务事项清单), and
 * cases when installed: the 体外循环 check subscribes to their intake (without cases there is nothing to check).
 */
export interface IntermediariesNeeds {
  org: OrgService;
  catalog: CatalogService;
  cases?: CasesService;
}

export type IntermediariesNeedsContext = AppContext<IntermediariesNeeds>;
