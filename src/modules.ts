import type { UnmetNeeds } from './kernel/module';
import { orgModule } from './modules/org';
import { catalogModule } from './modules/catalog';
import { casesModule } from './modules/cases';
import { hotlineModule } from './modules/hotline';
import { supervisionModule } from './modules/supervision';
import { statsModule } from './modules/stats';
import { evaluationsModule } from './modules/evaluations';
import { licensesModule } from './modules/licenses';
import { regulationModule } from './modules/regulation';
import { disclosureModule } from './modules/disclosure';
import { hallModule } from './modules/hall';
import { intermediariesModule } from './modules/intermediaries';
import { walksModule } from './modules/walks';
import { honoursModule } from './modules/honours';
import { documentsModule } from './modules/documents';
import { egovModule } from './modules/egov';
import { performanceModule } from './modules/performance';

/**
 * The modules of the platform, in dependency order (migrations, init, routes and seeds follow it). The
 * app's service registry is typed from this list (`ServicesOf<PlatformModules>`).
 */
// stats reads supervision's case KPIs, so it comes after it (stats has no migrations: its place changes no schema).
export const modules = [orgModule, catalogModule, casesModule, hotlineModule, supervisionModule, statsModule, evaluationsModule, licensesModule, regulationModule, disclosureModule, hallModule, intermediariesModule, walksModule, honoursModule, documentsModule, egovModule, performanceModule] as const;
export type PlatformModules = typeof modules;

// Compile-time check: every module's needs are provided by the list (names the module when not).
const everyNeedMet: [UnmetNeeds<PlatformModules>] extends [never] ? true : UnmetNeeds<PlatformModules> = true;
void everyNeedMet;
