import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { ROLE_LABELS, type Role } from '../../../src/shared/roles';
import type { PublicUser, SessionInfo } from '../../../src/shared/auth.types';
import { api, setCsrfToken, setUnauthorizedHandler } from './request';

/** The signed-in user as GET /api/v1/auth/me returns it. */
export type CurrentUser = PublicUser;

export interface AuthState {
  /** undefined while the first /auth/me is in flight, null when signed out. */
  user: CurrentUser | null | undefined;
  login(username: string, password: string): Promise<CurrentUser>;
  logout(): Promise<void>;
  /** Re-reads /auth/me (after a profile change). */
  refresh(): Promise<void>;
  hasRole(...roles: readonly Role[]): boolean;
}

const AuthContext = createContext<AuthState | null>(null);

export function roleLabel(role: string): string {
  return ROLE_LABELS[role as Role] ?? role;
}

/** Safe in-app redirect target from ?next= (never another origin, never back to /login). */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/login')) return '/';
  return next;
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<CurrentUser | null | undefined>(undefined);
  const navigate = useNavigate();

  const refresh = useCallback(async () => {
    try {
      setUser(await api.get<CurrentUser>('/auth/me', undefined, { handle: [401] }));
    } catch {
      // 401 = not signed in; other errors have been reported by the error policy
      setUser(null);
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  // The error policy's 401: forget the user and go to the login page, coming back here afterwards.
  useEffect(() => {
    setUnauthorizedHandler(() => {
      setUser(null);
      setCsrfToken(null);
      const here = window.location.pathname + window.location.search;
      if (!window.location.pathname.startsWith('/login')) navigate(`/login?next=${encodeURIComponent(here)}`, { replace: true });
    });
  }, [navigate]);

  const login = useCallback(async (username: string, password: string) => {
    // The login page shows every error itself (wrong password, throttling…).
    const answer = await api.post<SessionInfo>('/auth/login', { username, password }, { handle: true });
    setCsrfToken(answer.csrfToken);
    setUser(answer.user);
    return answer.user;
  }, []);

  const logout = useCallback(async () => {
    try {
      await api.post('/auth/logout', {}, { handle: true });
    } catch {
      // already signed out on the server: fine
    }
    setCsrfToken(null);
    setUser(null);
    navigate('/login', { replace: true });
  }, [navigate]);

  const hasRole = useCallback((...roles: readonly Role[]) => !!user && user.roles.some((r) => roles.includes(r)), [user]);

  const value = useMemo<AuthState>(() => ({ user, login, logout, refresh, hasRole }), [user, login, logout, refresh, hasRole]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth must be used inside <AuthProvider>');
  return ctx;
}

/** The signed-in user; only for pages rendered inside the authenticated layout. */
export function useUser(): CurrentUser {
  const { user } = useAuth();
  if (!user) throw new Error('useUser needs a signed-in user');
  return user;
}
