import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiError, http, onUnauthenticated, setCsrfToken } from '../api/client';
import type { Me } from '../api/types';

export type AuthState = { status: 'loading' } | { status: 'anonymous' } | { status: 'signed-in'; me: Me };

export interface Auth {
  state: AuthState;
  login: (login: string, password: string) => Promise<void>;
  logout: (everywhere?: boolean) => Promise<void>;
  refresh: () => Promise<void>;
}

const AuthContext = createContext<Auth | null>(null);

async function fetchMe(): Promise<Me | null> {
  try {
    return await http.get<Me>('/api/me', { expectUnauthenticated: true });
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: 'loading' });

  const apply = useCallback((me: Me | null) => {
    setCsrfToken(me?.csrfToken ?? null);
    setState(me ? { status: 'signed-in', me } : { status: 'anonymous' });
  }, []);

  const refresh = useCallback(async () => apply(await fetchMe()), [apply]);

  useEffect(() => {
    onUnauthenticated(() => apply(null));
    refresh().catch(() => apply(null));
  }, [apply, refresh]);

  const login = useCallback(
    async (login: string, password: string) => {
      await http.post('/api/auth/login', { login, password }, { expectUnauthenticated: true });
      apply(await fetchMe());
    },
    [apply],
  );

  const logout = useCallback(
    async (everywhere = false) => {
      try {
        await http.post(everywhere ? '/api/auth/logout-all' : '/api/auth/logout');
      } finally {
        apply(null);
      }
    },
    [apply],
  );

  const value = useMemo(() => ({ state, login, logout, refresh }), [state, login, logout, refresh]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const v = useContext(AuthContext);
  if (!v) throw new Error('useAuth outside AuthProvider');
  return v;
}

/** The signed-in user; screens render only inside the signed-in shell. */
export function useMe(): Me {
  const { state } = useAuth();
  if (state.status !== 'signed-in') throw new Error('useMe while signed out');
  return state.me;
}

export function can(me: Me, permission: string): boolean {
  return me.permissions.includes(permission);
}
