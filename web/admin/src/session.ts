import { createContext, useContext } from 'react';
import type { StaffRole } from './access.js';

export interface StaffUser {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
}

export const SessionContext = createContext<StaffUser | null>(null);

/** The signed-in staff user; screens only render inside a session. */
export function useMe(): StaffUser {
  const me = useContext(SessionContext);
  if (!me) throw new Error('no session');
  return me;
}
