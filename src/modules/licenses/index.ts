import { defineModule } from '../../kernel/module';
import { SigningKeyStore, signingKeyDir } from '../../kernel/signing';
import type { LicensesNeedsContext } from './licenses.context';
import { licensesMigrations } from './licenses.migrations';
import { licensesImportRoutes, licensesRoutes, wellKnownRoutes } from './licenses.routes';
import { LicensesService } from './licenses.service';
import { LicenseLibrary } from './licenses.library';
import { LicensesImporter } from './licenses.import';
import { seedLicenses } from './licenses.seed';
import type { App } from '../../kernel/module';

export { LicensesService } from './licenses.service';
export { LicenseLibrary, LICENSE_KPI_NAMES } from './licenses.library';
export { LicensesImporter, IMPORT_COLUMNS } from './licenses.import';
export type { LicenseEvent, LicenseView, LicenseTypeView, LicenseVerification } from '../../shared/licenses.types';
export { bulkInsertLicenses } from './licenses.bulk';
export { licenseSequences } from './licenses.bulk';
export type { PlannedLicense, BulkLicensesResult, BulkLicensesContext } from './licenses.bulk';

/**
 * 电子证照 (issue 14): the license types, licenses issued in the approving case's transaction and signed by
 * the platform (Ed25519, kernel/signing.ts), public verification, 变更/延续/注销/吊销/撤销, 证照免提交 at
 * intake, bulk import of an existing library.
 */
export const licensesModule = defineModule({
  name: 'licenses',
  needs: ['org'],
  migrations: licensesMigrations,
  roles: ['admin', 'leader', 'supervisor', 'clerk', 'reviewer'],
  init(ctx: LicensesNeedsContext) {
    // Tests keep an ephemeral key in memory (their databases are thrown away too).
    const dir = ctx.config.env === 'test' && !process.env.ONEWINDOW_SIGNING_KEYS_DIR ? null : signingKeyDir(ctx.config);
    const signer = new SigningKeyStore({ dir, now: () => ctx.clock.now() });
    const licenses = new LicensesService(ctx, signer);
    const licenseLibrary = new LicenseLibrary(licenses);
    const cases = ctx.services.cases;
    if (cases) {
      cases.hooks.events.on('licenses', async (tx, e) => {
        if (e.action === 'approve') await licenses.onCaseApproved(tx, e);
        if (e.action === 'submit') await licenseLibrary.recordReuse(tx, e);
      });
      cases.hooks.beforeSubmit.on('licenses', async (tx) => void (await licenseLibrary.replaceable(tx)));
      cases.hooks.materialSources.on('licenses', (tx, q) => licenseLibrary.materialSources(tx, q));
    }
    return {
      licenses,
      licenseLibrary,
      /** 证照颁发、变更、延续、注销/吊销/撤销 inside the license's transaction (审管联动 subscribes). */
      licenseEvents: licenses.events,
      licensesImport: new LicensesImporter(licenses),
      signingKeys: signer,
    };
  },
  async routes(app, ctx) {
    licensesRoutes(app, ctx.services.licenses, ctx.services.licenseLibrary);
    await app.register(async (sub) => licensesImportRoutes(sub as unknown as App, ctx.services.licensesImport));
  },
  rootRoutes(app, ctx) {
    wellKnownRoutes(app, ctx.services.signingKeys);
  },
  kpiSources: (ctx) => [ctx.services.licenseLibrary],
  seed: (ctx) => seedLicenses(ctx, ctx.services.licenses),
});
