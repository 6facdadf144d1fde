import type { AppContext } from '../../kernel/module';
import type { Actor } from '../../kernel/auth/actor';
import { AppError } from '../../kernel/errors';
import { recordAudit } from '../../kernel/audit/audit';
import type { Department, DepartmentKind } from '../../shared/org.types';

export type { Department, DepartmentKind } from '../../shared/org.types';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const toDepartment = (r: any): Department => ({
  id: Number(r.id),
  code: r.code,
  name: r.name,
  shortName: r.short_name ?? null,
  kind: r.kind,
  parentId: r.parent_id === null ? null : Number(r.parent_id),
  regionCode: r.region_code ?? null,
  hotlineUnit: Number(r.hotline_unit ?? 0) === 1,
  active: Number(r.active) === 1,
});

/** Departments, townships and villages as one tree; other modules ask here for names and scopes. */
export class OrgService {
  private cache: Map<number, Department> | null = null;

  constructor(private readonly ctx: AppContext) {}

  async all(): Promise<Department[]> {
    if (!this.cache) {
      const rows = await this.ctx.db.selectFrom('kernel_departments').selectAll().orderBy('sort').orderBy('id').execute();
      this.cache = new Map(rows.map((r) => [Number(r.id), toDepartment(r)]));
    }
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

  invalidate() {
    this.cache = null;
  }

  async create(actor: Actor, input: { code: string; name: string; shortName?: string | null; kind: DepartmentKind; parentId?: number | null; regionCode?: string | null; hotlineUnit?: boolean }) {
    if (await this.byCode(input.code)) throw new AppError('DEPARTMENT_CODE_TAKEN', 409, `部门编码 ${input.code} 已存在`);
    if (input.parentId != null) await this.byIdOrFail(input.parentId, 'parentId');
    const id = await this.ctx.db.transaction().execute(async (tx) => {
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
      return Number(row.id);
    });
    this.invalidate();
    return (await this.byId(id))!;
  }
}
