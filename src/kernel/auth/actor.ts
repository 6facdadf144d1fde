import type { Role } from '../../shared/roles';
import { CROSS_DEPARTMENT_READERS } from '../../shared/roles';

/** Who is acting: a signed-in account, a background job, a window rating device or an anonymous visitor. */
export interface Actor {
  kind: 'user' | 'system' | 'anonymous' | 'device';
  id: number | null;
  username: string;
  name: string;
  roles: Role[];
  departmentId: number | null;
  ip?: string;
}

export const systemActor = (job: string): Actor => ({
  kind: 'system',
  id: null,
  username: `system:${job}`,
  name: '系统',
  roles: [],
  departmentId: null,
});

export const anonymousActor = (ip?: string): Actor => ({
  kind: 'anonymous',
  id: null,
  username: 'anonymous',
  name: '访客',
  roles: [],
  departmentId: null,
  ip,
});

export const hasRole = (actor: Actor, ...roles: Role[]) => actor.roles.some((r) => roles.includes(r));

/** Admin, leader and supervisor read every department's records. */
export const readsAllDepartments = (actor: Actor) => hasRole(actor, ...CROSS_DEPARTMENT_READERS);
