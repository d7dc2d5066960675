import { z } from 'zod';
import { STAFF_ROLES } from '../../../../domain/access.js';
import { instant, type Wire } from '../../common.js';

export const loginBody = z.strictObject({
  email: z.string().trim().min(3).max(254),
  password: z.string().min(1).max(1024),
});

/** The signed-in staff member as the back office shows them. */
export const sessionUser = z.object({ id: z.string(), email: z.string(), name: z.string(), role: z.enum(STAFF_ROLES) });

export const loginAnswer = z.object({
  user: sessionUser,
  csrfToken: z.string().describe('Send as the x-csrf-token header with every write'),
  expiresAt: instant.describe('When the session ends'),
});
export const logoutAnswer = z.object({ loggedOut: z.literal(true) });

/** Who is calling: a signed-in staff member (with the CSRF token for writes) or an API key. */
export const whoAmI = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('staff'), user: sessionUser, csrfToken: z.string() }),
  z.object({ kind: z.literal('api_key'), apiKeyId: z.string().nullable(), role: z.enum(STAFF_ROLES).nullable() }),
]);

export type SessionUser = Wire<typeof sessionUser>;
export type LoginAnswer = Wire<typeof loginAnswer>;
export type WhoAmI = Wire<typeof whoAmI>;
