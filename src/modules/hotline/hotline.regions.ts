/**
 * The counties a hotline centre takes work orders for (issue 19): the installation's own county, the
 * counties of its departments (a city or province installation moves each county's departments to that
 * county's 行政区划代码) and the counties of its lines. A work order names one of them; anything else is a
 * 422, not a new counter.
 */
import { AppError } from '../../kernel/errors';
import type { HookTx } from '../../kernel/hooks';
import { countyOf, installationRegion } from '../../kernel/region';
import type { WorkOrderDeps } from './hotline.context';
import type { HotlineTx } from './hotline.tables';

/** The counties in use, the installation's first; `tx` reads inside the caller's transaction (SQLite has one connection). */
export async function hotlineRegions(deps: Pick<WorkOrderDeps, 'ctx' | 'db'>, tx?: HotlineTx): Promise<string[]> {
  const org = deps.ctx.services.org;
  // The hotline's transaction is a kernel transaction with more tables (Kysely's types are invariant in them).
  const departments = tx ? await org.allIn(tx as unknown as HookTx) : await org.all();
  const lines = await (tx ?? deps.db).selectFrom('hotline_lines').select('region').where('region', 'is not', null).execute();
  const counties = new Set<string>([installationRegion()]);
  for (const d of departments) {
    const c = countyOf(d.regionCode);
    if (c) counties.add(c);
  }
  for (const l of lines) if (l.region) counties.add(l.region);
  return [...counties];
}

/** A county code a request names: six digits (REGION_INVALID) of a county the centre serves (REGION_UNKNOWN). */
export async function checkRegion(deps: Pick<WorkOrderDeps, 'ctx' | 'db'>, region: string, field = 'region', tx?: HotlineTx): Promise<string> {
  if (!/^\d{6}$/.test(region)) throw new AppError('REGION_INVALID', 422, `区县代码须为 6 位行政区划代码：${region}`, { field });
  if (!(await hotlineRegions(deps, tx)).includes(region)) throw new AppError('REGION_UNKNOWN', 422, `本平台未设区县 ${region}`, { field });
  return region;
}
