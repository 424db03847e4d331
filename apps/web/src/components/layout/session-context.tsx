'use client';

import { createContext, useContext } from 'react';

import type { RouterOutputs } from '@/trpc/router-types';

export type SessionUser = NonNullable<RouterOutputs['auth']['me']>;

export const SessionContext = createContext<SessionUser | null>(null);

/** The signed-in user; only valid below the console shell. */
export function useSessionUser(): SessionUser {
  const user = useContext(SessionContext);
  if (!user) throw new Error('useSessionUser outside the console shell');

  return user;
}
