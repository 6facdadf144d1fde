/**
 * Who may see and edit which items: editors, reviewers and units work for one department; the other staff
 * roles see every item. An item out of the actor's reach answers 404, as if it did not exist.
 */
import type { Actor } from '../../kernel/auth/actor';
import { hasRole, readsAllDepartments } from '../../kernel/auth/actor';
import { AppError, forbidden } from '../../kernel/errors';
import type { Department, OrgService } from '../org';
import { LEVELS } from '../../shared/catalog.labels';
import { departmentKindForLevel, type FieldError, type ItemFields } from './catalog.rules';
import type { CatalogDbOrTx, ItemRow } from './catalog.tables';

/** The department the actor's item lists are limited to, or null for every department. */
export function scopedDepartment(actor: Actor): number | null {
  if (readsAllDepartments(actor) || hasRole(actor, 'clerk', 'operator')) return null;
  if (hasRole(actor, 'catalog_editor', 'reviewer', 'unit')) return actor.departmentId ?? -1;
  return null;
}

export function canEdit(actor: Actor, departmentId: number): boolean {
  if (hasRole(actor, 'admin') || actor.kind === 'system') return true;
  return hasRole(actor, 'catalog_editor') && actor.departmentId === departmentId;
}

/** The item row, or 404 when it does not exist or belongs to a department the actor may not touch. */
export async function itemFor(db: CatalogDbOrTx, actor: Actor, code: string, mode: 'read' | 'edit'): Promise<ItemRow> {
  const item = await db.selectFrom('catalog_items').selectAll().where('code', '=', code).executeTakeFirst();
  const notFound = new AppError('ITEM_NOT_FOUND', 404, `事项 ${code} 不存在`);
  if (!item) throw notFound;
  const dept = item.department_id;
  if (mode === 'edit' && !canEdit(actor, dept)) throw notFound;
  if (mode === 'read') {
    const scope = scopedDepartment(actor);
    if (scope !== null && scope !== dept) throw notFound;
  }
  return item;
}

/** The 实施主体 of these fields: it exists, suits the item's level, and the actor maintains its items. */
export async function checkDepartment(org: OrgService, actor: Actor, f: ItemFields): Promise<Department> {
  const dept = await org.byId(f.departmentId);
  if (!dept) throw new AppError('ITEM_INVALID', 422, `实施主体 ${f.departmentId} 不存在`, { field: 'departmentId' });
  if (!departmentKindForLevel(f.level).includes(dept.kind)) {
    throw new AppError('ITEM_INVALID', 422, `${dept.name} 不能实施${LEVELS[f.level]}事项`, { field: 'departmentId' });
  }
  if (!canEdit(actor, dept.id)) throw forbidden('只能维护本部门的事项');
  return dept;
}

export function itemInvalid(errors: FieldError[]): AppError {
  return new AppError('ITEM_INVALID', 422, errors[0].message, { field: errors[0].field, errors });
}
