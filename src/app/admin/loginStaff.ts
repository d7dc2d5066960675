import { hash, verify } from '@node-rs/argon2';
import type { StaffRole } from '../../domain/access.js';
import { RetourError } from '../../domain/errors.js';
import type { AppContext } from '../kernel/context.js';
import { ARGON2_OPTIONS } from './createStaffUser.js';
import { openStaffSession, type StaffSession } from './openStaffSession.js';
import { passwordLoginClosed } from './sso/ssoSettings.js';
import { type LoginChallenge, openLoginChallenge } from './twoFactorLogin.js';
import { twoFactorEnabled, twoFactorRoles } from './twoFactorSecrets.js';

let dummyHash: Promise<string> | undefined;

/** Checks a staff password and opens a session, or, for a user with two-factor sign-in on, a
 * challenge for the second step. Unknown e-mail and wrong password answer alike and take as long,
 * so the login cannot be used to find accounts. */
export async function loginStaff(
  ctx: AppContext,
  input: { email: string; password: string; ttlHours: number },
): Promise<StaffSession | LoginChallenge> {
  const email = input.email.trim().toLowerCase();
  const user = await ctx.db.selectFrom('staff_users').selectAll().where('email', '=', email).executeTakeFirst();
  dummyHash ??= hash('not-a-real-password', ARGON2_OPTIONS);
  const ok = await verify(user?.password_hash ?? (await dummyHash), input.password);
  if (!user || !ok || !user.active) {
    throw new RetourError('unauthorized', 'INVALID_CREDENTIALS', 'E-mail or password is wrong');
  }
  // Checked after the password, so it tells nothing about accounts to someone without one.
  if (await passwordLoginClosed(ctx, user.role as StaffRole)) {
    throw new RetourError(
      'forbidden',
      'PASSWORD_LOGIN_CLOSED',
      'Sign in with single sign-on: password sign-in is for admins only',
    );
  }
  if (await twoFactorEnabled(ctx.db, user.id)) return openLoginChallenge(ctx, user.id);
  // A role that must use two-factor, and a user without it yet: a session that may only enrol.
  const enrolOnly = (await twoFactorRoles(ctx.db)).some((role) => role === user.role);
  return openStaffSession(ctx, { id: user.id, ttlHours: input.ttlHours, enrolOnly });
}

export type { StaffSession } from './openStaffSession.js';
