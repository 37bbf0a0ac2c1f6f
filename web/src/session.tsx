/** The signed-in user (from /api/me), shared with every page. */
import { createContext, useContext } from 'react';
import type { CallOutput } from './api/client.js';

export type Me = CallOutput<'me'>;

export const SessionCtx = createContext<{ me: Me; refresh(): void } | null>(null);

export function useMe(): Me {
  const v = useContext(SessionCtx);
  if (!v) throw new Error('useMe outside the signed-in app');
  return v.me;
}
