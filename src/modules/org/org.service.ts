import type { Selectable } from 'kysely';
import type { AppContext } from '../../kernel/module';
import type { Actor } from '../../kernel/auth/actor';
import { AppError } from '../../kernel/errors';
import type { HookTx } from '../../kernel/hooks';
import { primaryReads } from '../../kernel/db/read-replica';
import { recordAudit } from '../../kernel/audit/audit';
import { countyOf, installationRegion } from '../../kernel/region';
import { regionName } from '../../kernel/validators/region';
import { tablesOf, type KernelDepartmentsTable, type ModuleDb } from '../../kernel/kernel.tables';
import { DEPARTMENT_KIND_LABELS, type Department, type DepartmentKind } from '../../shared/org.types';

export type { Department } from '../../shared/org.types';

/** Org owns no tables: departments live in the kernel's kernel_departments (users and scopes refer to them). */
type OrgTables = Record<never, never>;

const isDepartmentKind = (k: string): k is DepartmentKind => Object.hasOwn(DEPARTMENT_KIND_LABELS, k);

function toDepartment(r: Selectable<KernelDepartmentsTable>): Department {
  // Only create() writes departments, with a DepartmentKind: any other kind is a damaged row.
  if (!isDepartmentKind(r.kind)) throw new Error(`department ${r.id} has an unknown kind '${r.kind}'`);
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    shortName: r.short_name,
    kind: r.kind,
    parentId: r.parent_id,
    regionCode: r.region_code,
    hotlineUnit: r.hotline_unit === 1,
    active: r.active === 1,
  };
}

/** Departments, townships and villages as one tree; other modules ask here for names and scopes. */
export class OrgService {
  private cache: Map<number, Department> | null = null;
  private readonly db: ModuleDb<OrgTables>;

  constructor(private readonly ctx: AppContext) {
    this.db = tablesOf<OrgTables>(ctx.db);
  }

  async all(): Promise<Department[]> {
    if (!this.cache) {
      // The cache lives until a write drops it: fill it from the primary, never a lagging replica.
      const rows = await primaryReads(() => this.db.selectFrom('kernel_departments').selectAll().orderBy('sort').orderBy('id').execute());
      this.cache = new Map(rows.map((r) => [r.id, toDepartment(r)]));
    }
    return [...this.cache.values()];
  }

  /**
   * Every organisation read inside the caller's transaction (a hook that must not touch the connection
   * outside it on SQLite); the cache is filled from it when empty.
   */
  async allIn(tx: HookTx): Promise<Department[]> {
    if (this.cache) return [...this.cache.values()];
    const rows = await tx.selectFrom('kernel_departments').selectAll().orderBy('sort').orderBy('id').execute();
    this.cache = new Map(rows.map((r) => [r.id, toDepartment(r)]));
    return [...this.cache.values()];
  }

  async byId(id: number): Promise<Department | null> {
    await this.all();
    return this.cache!.get(id) ?? null;
  }

  async byIdOrFail(id: number, field = 'departmentId'): Promise<Department> {
    const d = await this.byId(id);
    if (!d) throw new AppError('DEPARTMENT_NOT_FOUND', 422, `部门 ${id} 不存在`, { field });
    return d;
  }

  async byCode(code: string): Promise<Department | null> {
    return (await this.all()).find((d) => d.code === code) ?? null;
  }

  async byName(name: string): Promise<Department | null> {
    return (await this.all()).find((d) => d.name === name || d.shortName === name) ?? null;
  }

  /**
   * The county-level region code a department's writes belong to (its audit chain and daily counters):
   * its own region code's county part, else its nearest ancestor's; null when none has one.
   */
  async regionOf(id: number): Promise<string | null> {
    await this.all();
    const seen = new Set<number>();
    for (let d = this.cache!.get(id); d && !seen.has(d.id); d = d.parentId === null ? undefined : this.cache!.get(d.parentId)) {
      seen.add(d.id);
      const county = countyOf(d.regionCode);
      if (county) return county;
    }
    return null;
  }

  /**
   * The departments, townships and villages whose region is this county, by id — those with no region
   * code on their line belong to the installation's county, as their writes do (kernel/region.ts); empty
   * when none is (an unknown county, or a 9- or 12-digit code: only a county is a region).
   */
  async departmentsOfRegion(county: string): Promise<number[]> {
    const all = await this.all();
    const ids: number[] = [];
    for (const d of all) if (((await this.regionOf(d.id)) ?? installationRegion()) === county) ids.push(d.id);
    return ids;
  }

  /**
   * The counties the installation serves: its own first, then every county a department belongs to, each
   * named by the 行政区划 table or else by its bureau (a province's counties each have their own); the
   * statistics take any of them as `region`.
   */
  async regions(): Promise<Array<{ code: string; name: string; installation: boolean; departments: number }>> {
    const counts = new Map<string, number>([[installationRegion(), 0]]);
    const bureaus = new Map<string, string>();
    for (const d of await this.all()) {
      const county = (await this.regionOf(d.id)) ?? installationRegion();
      counts.set(county, (counts.get(county) ?? 0) + 1);
      if (d.kind === 'bureau' && !bureaus.has(county)) bureaus.set(county, d.name);
    }
    return [...counts].filter(([code, n]) => n > 0 || code === installationRegion()).map(([code, departments]) => ({ code, name: regionName(code) ?? bureaus.get(code) ?? code, installation: code === installationRegion(), departments }));
  }

  invalidate() {
    this.cache = null;
  }

  async create(actor: Actor, input: { code: string; name: string; shortName?: string | null; kind: DepartmentKind; parentId?: number | null; regionCode?: string | null; hotlineUnit?: boolean }) {
    if (await this.byCode(input.code)) throw new AppError('DEPARTMENT_CODE_TAKEN', 409, `部门编码 ${input.code} 已存在`);
    if (input.parentId != null) await this.byIdOrFail(input.parentId, 'parentId');
    const id = await this.db.transaction().execute(async (tx) => {
      const row = await tx
        .insertInto('kernel_departments')
        .values({
          code: input.code,
          name: input.name,
          short_name: input.shortName ?? null,
          kind: input.kind,
          parent_id: input.parentId ?? null,
          region_code: input.regionCode ?? null,
          hotline_unit: input.hotlineUnit ? 1 : 0,
          sort: 0,
          active: 1,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(tx, this.ctx.clock, actor, { action: 'department.created', subjectType: 'department', subjectId: Number(row.id), after: input });
      return row.id;
    });
    this.invalidate();
    return (await this.byId(id))!;
  }
}
