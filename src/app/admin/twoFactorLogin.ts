import { RetourError } from '../../domain/errors.js';
import type { AppContext } from '../kernel/context.js';
import { newId } from '../kernel/ids.js';
import { randomToken, sha256 } from '../kernel/tokens.js';
import { inUnit } from '../kernel/transaction.js';
import { openStaffSession, type StaffSession } from './openStaffSession.js';
import { spendSecondFactor } from './twoFactorSecrets.js';

/** How long the second step of a sign-in may take after the password was right. */
export const LOGIN_CHALLENGE_MINUTES = 5;
/** Wrong codes one challenge takes before it is void. */
export const LOGIN_CHALLENGE_ATTEMPTS = 5;
/** Wrong codes one account takes over its challenges of the last LOCK_MINUTES before no new
 * challenge opens: a password known to someone with many IP addresses (the route's rate limit is
 * per address) still gives them about ten guesses of a million per quarter of an hour. */
export const ACCOUNT_WRONG_CODES = 10;
const LOCK_MINUTES = 15;

/** A sign-in waiting for its second factor: the token goes into an httpOnly cookie. */
export interface LoginChallenge {
  twoFactorRequired: true;
  challengeToken: string;
  expiresAt: Date;
}

/** Opens the second step for a user whose password was right. */
export async function openLoginChallenge(ctx: AppContext, userId: string): Promise<LoginChallenge> {
  const token = randomToken();
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + LOGIN_CHALLENGE_MINUTES * 60_000);
  const since = new Date(now.getTime() - LOCK_MINUTES * 60_000);
  // Challenges of this user older than the lock's window are cleared here; the rest count.
  await ctx.db.deleteFrom('staff_login_challenges').where('user_id', '=', userId).where('created_at', '<', since).execute();
  const wrong = await ctx.db
    .selectFrom('staff_login_challenges')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('failed_attempts'), eb.lit(0)).as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  if (Number(wrong.n) >= ACCOUNT_WRONG_CODES) {
    throw new RetourError(
      'rate_limited',
      'TWO_FACTOR_LOCKED',
      `Too many wrong codes for this account: try again in ${LOCK_MINUTES} minutes`,
    );
  }
  await ctx.db
    .insertInto('staff_login_challenges')
    .values({ id: newId('lch'), token_hash: sha256(token), user_id: userId, created_at: now, expires_at: expiresAt })
    .execute();
  return { twoFactorRequired: true, challengeToken: token, expiresAt };
}

/**
 * Completes a sign-in with a TOTP code or a recovery code. A wrong code counts against the
 * challenge (it is void after LOGIN_CHALLENGE_ATTEMPTS) and answers 401 TWO_FACTOR_CODE_INVALID;
 * an unknown, ended or void challenge answers 401 TWO_FACTOR_CHALLENGE_INVALID (sign in again).
 */
export async function completeTwoFactorLogin(
  ctx: AppContext,
  input: { challengeToken: string; code: string; ttlHours: number },
): Promise<StaffSession> {
  const outcome = await inUnit(ctx, { actor: { type: 'system', id: null } }, async ({ tx, now }) => {
    const challenge = await tx
      .selectFrom('staff_login_challenges')
      .selectAll()
      .where('token_hash', '=', sha256(input.challengeToken))
      .forUpdate()
      .executeTakeFirst();
    if (!challenge || challenge.expires_at < now || challenge.failed_attempts >= LOGIN_CHALLENGE_ATTEMPTS) {
      return { kind: 'void' as const };
    }
    const factor = await spendSecondFactor(tx, ctx.credentialBox, challenge.user_id, input.code, now);
    if (!factor) {
      await tx
        .updateTable('staff_login_challenges')
        .set({ failed_attempts: challenge.failed_attempts + 1 })
        .where('id', '=', challenge.id)
        .execute();
      return { kind: 'wrong' as const, left: LOGIN_CHALLENGE_ATTEMPTS - challenge.failed_attempts - 1 };
    }
    await tx.deleteFrom('staff_login_challenges').where('id', '=', challenge.id).execute();
    return { kind: 'right' as const, userId: challenge.user_id, factor };
  });
  if (outcome.kind === 'void') {
    throw new RetourError(
      'unauthorized',
      'TWO_FACTOR_CHALLENGE_INVALID',
      'This sign-in has ended: sign in again with your password',
    );
  }
  if (outcome.kind === 'wrong') {
    throw new RetourError(
      'unauthorized',
      'TWO_FACTOR_CODE_INVALID',
      'The code is wrong or was already used',
      [{ path: 'code', message: 'Wrong or already used' }],
      { attemptsLeft: outcome.left },
    );
  }
  return openStaffSession(ctx, { id: outcome.userId, ttlHours: input.ttlHours, enrolOnly: false, factor: outcome.factor });
}
