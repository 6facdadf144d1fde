/** Auth API types, shared by the server (kernel/auth) and the web app. Plain types only. */
import type { Role } from './roles';

/** The signed-in user as GET /api/v1/auth/me returns it. */
export interface PublicUser {
  id: number;
  username: string;
  name: string;
  roles: Role[];
  departmentId: number | null;
  departmentName: string | null;
  windowNo: string | null;
}

/** What POST /api/v1/auth/login answers. */
export interface SessionInfo {
  token: string;
  csrfToken: string;
  expiresAt: string;
  user: PublicUser;
}
