import { can, type Permission, type StaffRole } from '../domain/access.js';
import { type ApiKeyScopes, apiKeyMay } from '../domain/apiKeyScopes.js';

/** Who may call a route. Every route declares one; a test checks none is missing. */
export type RouteAccess =
  | { kind: 'public' }
  | { kind: 'shopper' }
  | { kind: 'staff'; permission: Permission }
  | { kind: 'signed_in' };

export type Principal =
  | { kind: 'staff'; userId: string; role: StaffRole; sessionId: string; csrfToken: string; enrolOnly?: boolean }
  | { kind: 'api_key'; apiKeyId: string; role: StaffRole; scopes: ApiKeyScopes }
  | { kind: 'shopper'; customerId: string; orderId: string; returnId?: string };

export const publicAccess: RouteAccess = { kind: 'public' };
export const shopperAccess: RouteAccess = { kind: 'shopper' };
export const signedIn: RouteAccess = { kind: 'signed_in' };
export const staff = (permission: Permission): RouteAccess => ({ kind: 'staff', permission });

/** Whether the caller may use a permission: staff by their role; an API key by its role and, when
 * it has scopes, only within them. Routes that widen their answer for a permission ask this too. */
export function principalMay(p: Principal | null, permission: Permission): boolean {
  if (!p || p.kind === 'shopper') return false;
  return p.kind === 'api_key' ? apiKeyMay(p.role, p.scopes, permission) : can(p.role, permission);
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
    /** False for the few POSTs whose replay would be wrong (login sets a cookie). */
    idempotent?: boolean;
    /** Open to a session that may only enrol in two-factor sign-in (who am I, sign out, enrolment). */
    beforeTwoFactor?: boolean;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}
