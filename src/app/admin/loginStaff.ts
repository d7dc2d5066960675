import { hash, verify } from '@node-rs/argon2';
import type { StaffRole } from '../../domain/access.js';
import { RetourError } from '../../domain/errors.js';
import type { AppContext } from '../kernel/context.js';
import { newId } from '../kernel/ids.js';
import { randomToken, sha256 } from '../kernel/tokens.js';
import { inUnit } from '../kernel/transaction.js';
import { ARGON2_OPTIONS } from './createStaffUser.js';
import { type LoginChallenge, openLoginChallenge } from './twoFactorLogin.js';
import { twoFactorEnabled, twoFactorRoles } from './twoFactorSecrets.js';

export interface StaffSession {
  token: string;
  csrfToken: string;
  expiresAt: Date;
  /** The role requires two-factor sign-in and the user has none yet: the session may only enrol. */
  enrolOnly: boolean;
  user: { id: string; email: string; name: string; role: StaffRole };
}

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
  if (await twoFactorEnabled(ctx.db, user.id)) return openLoginChallenge(ctx, user.id);
  // A role that must use two-factor, and a user without it yet: a session that may only enrol.
  const enrolOnly = (await twoFactorRoles(ctx.db)).some((role) => role === user.role);
  return openStaffSession(ctx, { id: user.id, ttlHours: input.ttlHours, enrolOnly });
}

/** Opens a session for a user whose credentials (and second factor, if on) were checked. */
export async function openStaffSession(
  ctx: AppContext,
  input: { id: string; ttlHours: number; enrolOnly: boolean; factor?: 'totp' | 'recovery' },
): Promise<StaffSession> {
  const token = randomToken();
  const csrfToken = randomToken(24);
  const user = await ctx.db.selectFrom('staff_users').selectAll().where('id', '=', input.id).executeTakeFirstOrThrow();
  return inUnit(ctx, { actor: { type: 'staff', id: user.id, role: user.role as StaffRole } }, async ({ tx, now, record }) => {
    const expiresAt = new Date(now.getTime() + input.ttlHours * 3_600_000);
    const sessionId = newId('ses');
    await tx
      .insertInto('staff_sessions')
      .values({
        id: sessionId,
        token_hash: sha256(token),
        user_id: user.id,
        csrf_token: csrfToken,
        created_at: now,
        expires_at: expiresAt,
        enrol_only: input.enrolOnly,
      })
      .execute();
    await tx.updateTable('staff_users').set({ last_login_at: now }).where('id', '=', user.id).execute();
    const data = { sessionId, ...(input.factor ? { secondFactor: input.factor } : {}) };
    record({ type: 'staff.logged_in', subjectType: 'staff_user', subjectId: user.id, data });
    return {
      token,
      csrfToken,
      expiresAt,
      enrolOnly: input.enrolOnly,
      user: { id: user.id, email: user.email, name: user.name, role: user.role as StaffRole },
    };
  });
}
