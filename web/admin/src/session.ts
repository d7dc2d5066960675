import { createContext, useContext } from 'react';
import type { SessionUser as StaffUser } from '../../../src/http/routes/admin/auth/schema.js';

/** The signed-in staff member, as the API answers sign-in and GET /auth/me. */
export type { StaffUser };

export const SessionContext = createContext<StaffUser | null>(null);

/** The signed-in staff user; screens only render inside a session. */
export function useMe(): StaffUser {
  const me = useContext(SessionContext);
  if (!me) throw new Error('no session');
  return me;
}
