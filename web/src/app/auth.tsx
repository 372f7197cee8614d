import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiError, http, onUnauthenticated, setCsrfToken } from '../api/client';
import type { Me } from '../api/types';
import { setServerTime } from '../lib/format';

export type AuthState = { status: 'loading' } | { status: 'anonymous' } | { status: 'signed-in'; me: Me };

export interface Auth {
  state: AuthState;
  login: (login: string, password: string) => Promise<void>;
  logout: (everywhere?: boolean) => Promise<void>;
  refresh: () => Promise<void>;
}

const AuthContext = createContext<Auth | null>(null);

/**
 * Whether this browser signed in before. The session cookie is HttpOnly, so the page cannot see it;
 * without this hint every fresh visit would ask /api/me and get a 401 just to show the sign-in form.
 */
const HINT_KEY = 'huikuan.session';

function hinted(): boolean {
  try {
    return localStorage.getItem(HINT_KEY) === '1';
  } catch {
    return true;
  }
}

function setHint(on: boolean): void {
  try {
    if (on) localStorage.setItem(HINT_KEY, '1');
    else localStorage.removeItem(HINT_KEY);
  } catch {
    // storage refused: the app asks /api/me on every visit instead
  }
}

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
    setHint(me !== null);
    setCsrfToken(me?.csrfToken ?? null);
    if (me) setServerTime(me.serverTime);
    setState(me ? { status: 'signed-in', me } : { status: 'anonymous' });
  }, []);

  const refresh = useCallback(async () => apply(await fetchMe()), [apply]);

  useEffect(() => {
    onUnauthenticated(() => apply(null));
    if (hinted()) refresh().catch(() => apply(null));
    else apply(null);
  }, [apply, refresh]);

  const login = useCallback(
    async (login: string, password: string) => {
      apply(await http.post<Me>('/api/auth/login', { login, password }, { expectUnauthenticated: true }));
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
