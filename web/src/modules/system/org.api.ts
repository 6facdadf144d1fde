import { api, type ListResult } from '../../app/request';
import type { Department, DepartmentKind } from '../../../../src/shared/org.types';

export { DEPARTMENT_KIND_LABELS, type Department, type DepartmentKind } from '../../../../src/shared/org.types';

/** GET /api/v1/departments (public): the bureau, departments, townships and villages. */
export function fetchDepartments(kind?: DepartmentKind): Promise<ListResult<Department>> {
  return api.get<ListResult<Department>>('/departments', { kind });
}
