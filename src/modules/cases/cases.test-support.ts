/**
 * Test helpers for the cases module: the shared fixtures (test/fixtures.ts: identity numbers, the fake
 * catalogue, instants, applicants) and the module list a cases test runs with.
 */
import { orgModule } from '../org';
import { casesModule } from '.';
import { fakeCatalogModule } from '../../../test/fixtures';

export * from '../../../test/fixtures';

/** The module list a cases test runs with. */
export const testModules = [orgModule, fakeCatalogModule, casesModule] as const;
