import { sql, type RawBuilder } from 'kysely';

/**
 * Which departments a figure counts: all of them (null or undefined), one department, or a set (a
 * county's departments in a province installation). A set is narrowed with `in (…)`; an empty set
 * counts nothing.
 */
export type DepartmentScope = number | readonly number[] | null | undefined;

/** The condition "column is in the scope", for `.where(…)` (1 = 1 for the whole installation). */
export function inDepartments(column: string, scope: DepartmentScope): RawBuilder<boolean> {
  if (scope === null || scope === undefined) return sql<boolean>`1 = 1`;
  if (typeof scope === 'number') return sql<boolean>`${sql.ref(column)} = ${scope}`;
  if (scope.length === 0) return sql<boolean>`1 = 0`;
  return sql<boolean>`${sql.ref(column)} in (${sql.join([...scope])})`;
}

/** The same test in memory, for rows already read. */
export function departmentInScope(id: number | null | undefined, scope: DepartmentScope): boolean {
  if (scope === null || scope === undefined) return true;
  if (id === null || id === undefined) return false;
  return typeof scope === 'number' ? id === scope : scope.includes(id);
}

/** Whether the scope is the whole installation (figures that belong to no department count only then). */
export const isWholeInstallation = (scope: DepartmentScope): scope is null | undefined => scope === null || scope === undefined;
