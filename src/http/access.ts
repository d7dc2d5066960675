import type { Permission, StaffRole } from '../domain/access.js';

/** Who may call a route. Every route declares one; a test checks none is missing. */
export type RouteAccess =
  | { kind: 'public' }
  | { kind: 'shopper' }
  | { kind: 'staff'; permission: Permission }
  | { kind: 'signed_in' };

export type Principal =
  | { kind: 'staff'; userId: string; role: StaffRole; sessionId: string; csrfToken: string }
  | { kind: 'api_key'; apiKeyId: string; role: StaffRole }
  | { kind: 'shopper'; customerId: string; orderId: string; returnId?: string };

export const publicAccess: RouteAccess = { kind: 'public' };
export const shopperAccess: RouteAccess = { kind: 'shopper' };
export const signedIn: RouteAccess = { kind: 'signed_in' };
export const staff = (permission: Permission): RouteAccess => ({ kind: 'staff', permission });

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
    /** False for the few POSTs whose replay would be wrong (login sets a cookie). */
    idempotent?: boolean;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}
