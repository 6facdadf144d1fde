import { api, type ListResult } from '../../app/request';
import type { PublicUser } from '../../../../src/shared/auth.types';
import type { Role } from '../../../../src/shared/roles';

/** An account as the admin list shows it (contact data masked). */
export interface AccountRow extends PublicUser {
  phone: string | null;
  idNumber: string | null;
  active: boolean;
}

export interface AccountChange {
  roles?: Role[];
  departmentId?: number | null;
  windowNo?: string | null;
}

export interface NewAccount {
  username: string;
  name: string;
  password: string;
  roles: Role[];
  departmentId: number | null;
  windowNo?: string;
  phone?: string | null;
  idNumber?: string | null;
}

export const usersApi = {
  /** GET /api/v1/users (admin): paged, filtered by text, role and department. */
  list: (q: { page: number; pageSize: number; q?: string; role?: Role; departmentId?: number }) => api.get<ListResult<AccountRow>>('/users', q),
  create: (body: NewAccount) => api.post<PublicUser>('/users', body, { handle: ['VALIDATION_FAILED', 'USERNAME_TAKEN', 'PASSWORD_POLICY', 409, 422] }),
  update: (id: number, body: AccountChange) => api.patch<AccountRow>(`/users/${id}`, body, { handle: ['LAST_ADMIN', 'ROLE_UNKNOWN', 'ROLES_EMPTY', 'DEPARTMENT_NOT_FOUND', 409, 422] }),
  deactivate: (id: number, reason?: string) => api.post<AccountRow>(`/users/${id}/deactivate`, { reason }, { handle: ['LAST_ADMIN', 'CANNOT_DEACTIVATE_SELF', 409] }),
  reactivate: (id: number) => api.post<AccountRow>(`/users/${id}/reactivate`, {}),
  resetPassword: (id: number, newPassword: string) => api.post<{ ok: true }>(`/users/${id}/password`, { newPassword }, { handle: ['PASSWORD_POLICY', 422] }),
};
