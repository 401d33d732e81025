import type { Me } from '@rexian/contracts';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiError } from '../api/api-error.ts';
import { setApiListeners } from '../api/http-client.ts';
import { authApi } from '../api/resources.ts';

/** Who is signed in. `loading` only while the first GET /auth/me is under way. */
export type SessionState = { status: 'loading' } | { status: 'anonymous' } | { status: 'signed-in'; me: Me };

type Session = {
  state: SessionState;
  login: (username: string, password: string) => Promise<Me>;
  logout: () => Promise<void>;
  refresh: () => Promise<void>;
  replaceMe: (me: Me) => void;
};

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  const refresh = useCallback(async () => {
    try {
      setState({ status: 'signed-in', me: await authApi.me() });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) setState({ status: 'anonymous' });
      else throw error;
    }
  }, []);

  useEffect(() => {
    setApiListeners({
      onSessionLost: () => setState({ status: 'anonymous' }),
      onPasswordChangeRequired: () =>
        setState((s) => (s.status === 'signed-in' ? { status: 'signed-in', me: { ...s.me, mustChangePassword: true } } : s)),
    });
    refresh().catch(() => setState({ status: 'anonymous' }));
  }, [refresh]);

  const login = useCallback(async (username: string, password: string) => {
    const me = await authApi.login(username, password);
    setState({ status: 'signed-in', me });
    return me;
  }, []);

  const logout = useCallback(async () => {
    try {
      await authApi.logout();
    } finally {
      setState({ status: 'anonymous' });
    }
  }, []);

  const replaceMe = useCallback((me: Me) => setState({ status: 'signed-in', me }), []);
  const value = useMemo(() => ({ state, login, logout, refresh, replaceMe }), [state, login, logout, refresh, replaceMe]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in user; only call below the signed-in part of the tree. */
export function useMe(): Me {
  const { state } = useSession();
  if (state.status !== 'signed-in') throw new Error('useMe without a signed-in user');
  return state.me;
}
