/**
 * The replay's 电子证照 library (issue 18 item 8): the report's 30余万 licenses are the whole library — this
 * year's, issued on the replayed approvals, and those of earlier years loaded from the departments' own
 * systems. The earlier ones are written through the licenses module's bulk writer as `import` rows (not
 * counted as issued by the platform), each still in force at the year's end, until the library holds the
 * profile's count in force.
 */
import { bulkInsertLicenses, type PlannedLicense } from '../../modules/licenses';
import { applicant } from './people';
import type { World } from './world';

const BATCH = 20_000;

export async function writeReplayLibrary(w: World, target: number): Promise<{ inForce: number; loaded: number }> {
  const year = w.opts.year;
  const end = `${year}-12-31`;
  const kpi = async () => (await w.ctx.services.licenseLibrary.kpis({ from: `${year}-01-01`, to: end }, null))['licenses.inLibrary'].numerator;
  const before = await kpi();
  const missing = Math.max(0, target - before);
  // Types whose licenses issued before this year can still be in force at its end (a 1-year license cannot).
  const types = (await w.ctx.services.licenses.listTypes()).filter((t) => t.active && (t.validityYears === null || t.validityYears >= 2));
  if (missing > 0 && types.length === 0) throw new Error('replay: no license type outlives a year');
  w.progress.phase('library', missing);
  let plans: PlannedLicense[] = [];
  const flush = async () => {
    if (plans.length === 0) return;
    const batch = plans;
    plans = [];
    await w.sink.batch(() => bulkInsertLicenses(w.sink, { signer: w.issue.signer, regionCode: w.ctx.config.regionCode, counters: w.issue.counters }, batch));
  };
  for (let k = 0; k < missing; k++) {
    const t = types[k % types.length];
    // Issued in one of the five years before, no earlier than its validity lets it reach this year's end.
    const first = t.validityYears === null ? year - 5 : Math.max(year - 5, year + 1 - t.validityYears);
    const y = w.rng.int(first, year - 1);
    const day = `${y}-${String(w.rng.int(1, 12)).padStart(2, '0')}-${String(w.rng.int(1, 28)).padStart(2, '0')}`;
    const a = applicant(w.rng, y);
    plans.push({
      type: { code: t.code, name: t.name, departmentId: t.departmentId, issuer: t.issuer, validityYears: t.validityYears },
      holder: { kind: a.type, name: a.name, id: a.idNumber },
      caseId: null,
      caseNo: null,
      issueDate: day,
      at: new Date(`${day}T10:00:00+08:00`).toISOString(),
      source: 'import',
    });
    if (plans.length >= BATCH) {
      await flush();
      w.progress.set(k + 1);
    }
  }
  await flush();
  if (missing > 0) await w.audit({ action: 'generator.licenses_loaded', subjectType: 'license_library', subjectId: `${year - 5}…${year - 1}`, after: { count: missing, profile: 'shaodong-2022' } });
  return { inForce: before + missing, loaded: missing };
}
