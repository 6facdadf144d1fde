import type { Actor } from '../../kernel/auth/actor';
import { hasRole, readsAllDepartments } from '../../kernel/auth/actor';
import { AppError, forbidden, notFound } from '../../kernel/errors';
import { maskCreditCode, maskIdNumber, maskName } from '../../kernel/validators/mask';

/** Roles that read 监管 records; regulators only their own department's. */
export const REGULATION_READERS = ['admin', 'leader', 'supervisor', 'regulator'] as const;
/** Roles that change 监管 records: a regulator in their department, the admin in any. */
export const REGULATION_WRITERS = ['admin', 'regulator'] as const;

/** The department a list is scoped to: a regulator's own; cross readers the one asked for, or all (null). */
export function readScope(actor: Actor, asked?: number | null): number | null {
  if (readsAllDepartments(actor)) return asked ?? null;
  if (hasRole(actor, 'regulator') && actor.departmentId !== null) return actor.departmentId;
  throw forbidden();
}

/** The department a write acts for: a regulator's own (another is refused), the admin's the one given. */
export function writeScope(actor: Actor, asked?: number | null): number {
  if (hasRole(actor, 'admin')) {
    if (asked === undefined || asked === null) throw new AppError('DEPARTMENT_REQUIRED', 422, '请选择监管部门', { field: 'departmentId' });
    return asked;
  }
  if (hasRole(actor, 'regulator') && actor.departmentId !== null) {
    if (asked !== undefined && asked !== null && asked !== actor.departmentId) throw forbidden('只能管理本部门的监管记录');
    return actor.departmentId;
  }
  throw forbidden();
}

/** Another department's record reads as missing (404), as elsewhere in the platform. */
export function ownOrMissing(actor: Actor, departmentId: number, code: string, message: string): void {
  if (readsAllDepartments(actor) || hasRole(actor, 'admin')) return;
  if (actor.departmentId !== departmentId) throw notFound(code, message);
}

/** A subject's ID for lists: 身份证号 and 统一社会信用代码 masked; names of persons masked on public pages. */
export function maskSubjectKey(key: string): string {
  return /^\d{17}[\dX]$/.test(key) ? maskIdNumber(key) : maskCreditCode(key);
}

export function publicSubjectName(name: string, key: string): string {
  return /^\d{17}[\dX]$/.test(key) ? maskName(name) : name;
}

/** A write on an existing record: the admin on any, a regulator on their department's; else 404. */
export function writableOrMissing(actor: Actor, departmentId: number | undefined, code: string, message: string): void {
  if (departmentId === undefined) throw notFound(code, message);
  if (hasRole(actor, 'admin')) return;
  if (hasRole(actor, 'regulator') && actor.departmentId === departmentId) return;
  throw notFound(code, message);
}
