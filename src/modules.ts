import type { ModuleManifest } from './kernel/module';
import { orgModule } from './modules/org';
import { catalogModule } from './modules/catalog';
import { casesModule } from './modules/cases';
import { statsModule } from './modules/stats';
import { hotlineModule } from './modules/hotline';
import { supervisionModule } from './modules/supervision';
import { evaluationsModule } from './modules/evaluations';

/** The modules of the platform, in dependency order (migrations, init, routes and seeds follow it). */
export const modules: ModuleManifest[] = [orgModule, catalogModule, casesModule, statsModule, hotlineModule, supervisionModule, evaluationsModule];
