import { z } from 'zod';
import { STAFF_ROLES } from '../../../../domain/access.js';
import { instant, type Wire } from '../../common.js';

export const loginBody = z.strictObject({
  email: z.string().trim().min(3).max(254),
  password: z.string().min(1).max(1024),
});

/** The signed-in staff member as the back office shows them. */
export const sessionUser = z.object({ id: z.string(), email: z.string(), name: z.string(), role: z.enum(STAFF_ROLES) });

/** A session opened: the user, the CSRF token, and whether it may only enrol in two-factor sign-in. */
export const sessionAnswer = z.object({
  user: sessionUser,
  csrfToken: z.string().describe('Send as the x-csrf-token header with every write'),
  expiresAt: instant.describe('When the session ends'),
  enrolOnly: z
    .boolean()
    .optional()
    .describe(
      'The role must use two-factor sign-in and the user has none: only enrolment is open (403 TWO_FACTOR_REQUIRED elsewhere)',
    ),
});
/** The password was right and two-factor sign-in is on: send a code to /auth/login/two-factor. */
export const twoFactorChallengeAnswer = z.object({
  twoFactorRequired: z.literal(true),
  expiresAt: instant.describe('When this sign-in attempt ends'),
});
export const loginAnswer = z.union([sessionAnswer, twoFactorChallengeAnswer]);
export const logoutAnswer = z.object({ loggedOut: z.literal(true) });

/** Who is calling: a signed-in staff member (with the CSRF token for writes) or an API key. */
export const whoAmI = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('staff'), user: sessionUser, csrfToken: z.string(), enrolOnly: z.boolean().optional() }),
  z.object({
    kind: z.literal('api_key'),
    apiKeyId: z.string().nullable(),
    role: z.enum(STAFF_ROLES).nullable(),
    scopes: z.array(z.string()).nullable().describe("The key's scopes; null: every permission of its role"),
    permissions: z.array(z.string()).describe("What the key may do: its role's permissions within its scopes"),
  }),
]);

export type SessionUser = Wire<typeof sessionUser>;
export type LoginAnswer = Wire<typeof loginAnswer>;
export type SessionAnswer = Wire<typeof sessionAnswer>;
export type WhoAmI = Wire<typeof whoAmI>;
