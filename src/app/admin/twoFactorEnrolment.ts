import { randomBytes } from 'node:crypto';
import bwipjs from 'bwip-js';
import { RetourError } from '../../domain/errors.js';
import { base32Decode, base32Encode, matchTotp, otpauthUri } from '../../domain/totp.js';
import type { AppContext, CommandMeta } from '../kernel/context.js';
import { inUnit } from '../kernel/transaction.js';
import { forgetStaffSessions } from './staffSessions.js';
import { replaceRecoveryCodes, spendSecondFactor, twoFactorRoles } from './twoFactorSecrets.js';

/** Where a staff member stands with two-factor sign-in. */
export interface TwoFactorStatus {
  enabled: boolean;
  enabledAt: Date | null;
  /** Their role must use it: it cannot be turned off. */
  required: boolean;
  recoveryCodesLeft: number;
}

export async function getTwoFactorStatus(ctx: AppContext, userId: string): Promise<TwoFactorStatus> {
  const user = await ctx.db.selectFrom('staff_users').select('role').where('id', '=', userId).executeTakeFirstOrThrow();
  const row = await ctx.db.selectFrom('staff_two_factor').select('enabled_at').where('user_id', '=', userId).executeTakeFirst();
  const left = await ctx.db
    .selectFrom('staff_recovery_codes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  const roles = await twoFactorRoles(ctx.db);
  return {
    enabled: Boolean(row?.enabled_at),
    enabledAt: row?.enabled_at ?? null,
    required: roles.some((role) => role === user.role),
    recoveryCodesLeft: Number(left.n),
  };
}

/** Starts (or starts again) enrolment: a new secret, not yet in force, with the URI and QR code
 * an authenticator app reads. Refused while two-factor is on (turn it off first). */
export async function startTwoFactorEnrolment(ctx: AppContext, meta: CommandMeta, input: { userId: string }) {
  const secret = base32Encode(randomBytes(20));
  const answer = await inUnit(ctx, meta, async ({ tx, now }) => {
    const user = await tx.selectFrom('staff_users').select('email').where('id', '=', input.userId).executeTakeFirstOrThrow();
    const row = await tx
      .selectFrom('staff_two_factor')
      .select('enabled_at')
      .where('user_id', '=', input.userId)
      .forUpdate()
      .executeTakeFirst();
    if (row?.enabled_at) throw new RetourError('conflict', 'TWO_FACTOR_ALREADY_ON', 'Two-factor sign-in is already on');
    const sealed = ctx.credentialBox.seal(secret);
    await tx
      .insertInto('staff_two_factor')
      .values({ user_id: input.userId, secret_sealed: sealed, created_at: now })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ secret_sealed: sealed, created_at: now, last_used_step: null }))
      .execute();
    return { account: user.email };
  });
  const uri = otpauthUri({ issuer: 'Retour', account: answer.account, secret });
  const qrSvg = bwipjs.toSVG({ bcid: 'qrcode', text: uri, scale: 3 });
  return { secret, otpauthUri: uri, qrSvg };
}

/** Puts two-factor sign-in in force once the user shows a current code from the new secret;
 * returns the recovery codes (shown once). An enrol-only session becomes a full one. */
export async function confirmTwoFactorEnrolment(
  ctx: AppContext,
  meta: CommandMeta,
  input: { userId: string; code: string; sessionId?: string },
) {
  const codes = await inUnit(ctx, meta, async ({ tx, now, record }) => {
    const row = await tx
      .selectFrom('staff_two_factor')
      .selectAll()
      .where('user_id', '=', input.userId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw new RetourError('conflict', 'TWO_FACTOR_NOT_STARTED', 'Start enrolment first');
    if (row.enabled_at) throw new RetourError('conflict', 'TWO_FACTOR_ALREADY_ON', 'Two-factor sign-in is already on');
    const step = matchTotp(base32Decode(ctx.credentialBox.open<string>(row.secret_sealed)), input.code, now, null);
    if (step === null) throw wrongCode();
    await tx
      .updateTable('staff_two_factor')
      .set({ enabled_at: now, last_used_step: step })
      .where('user_id', '=', input.userId)
      .execute();
    if (input.sessionId)
      await tx.updateTable('staff_sessions').set({ enrol_only: false }).where('id', '=', input.sessionId).execute();
    record({ type: 'staff.two_factor_enabled', subjectType: 'staff_user', subjectId: input.userId, data: {} });
    return replaceRecoveryCodes(tx, input.userId, now);
  });
  await forgetStaffSessions(ctx.caches);
  return { recoveryCodes: codes };
}

/** Turns two-factor sign-in off with a current code (or a recovery code); not for a role that
 * must use it. */
export async function disableTwoFactor(ctx: AppContext, meta: CommandMeta, input: { userId: string; code: string }) {
  return inUnit(ctx, meta, async ({ tx, now, record }) => {
    const user = await tx.selectFrom('staff_users').select('role').where('id', '=', input.userId).executeTakeFirstOrThrow();
    if ((await twoFactorRoles(tx)).some((role) => role === user.role)) {
      throw new RetourError('forbidden', 'TWO_FACTOR_REQUIRED_FOR_ROLE', `The role "${user.role}" must use two-factor sign-in`);
    }
    if (!(await spendSecondFactor(tx, ctx.credentialBox, input.userId, input.code, now))) throw wrongCode();
    await tx.deleteFrom('staff_recovery_codes').where('user_id', '=', input.userId).execute();
    await tx.deleteFrom('staff_two_factor').where('user_id', '=', input.userId).execute();
    record({ type: 'staff.two_factor_disabled', subjectType: 'staff_user', subjectId: input.userId, data: {} });
    return { enabled: false as const };
  });
}

/** New recovery codes for a user with two-factor on, after a current code; the old ones stop working. */
export async function regenerateRecoveryCodes(ctx: AppContext, meta: CommandMeta, input: { userId: string; code: string }) {
  return inUnit(ctx, meta, async ({ tx, now, record }) => {
    if ((await spendSecondFactor(tx, ctx.credentialBox, input.userId, input.code, now)) !== 'totp') throw wrongCode();
    record({ type: 'staff.recovery_codes_replaced', subjectType: 'staff_user', subjectId: input.userId, data: {} });
    return { recoveryCodes: await replaceRecoveryCodes(tx, input.userId, now) };
  });
}

/** An admin takes another staff member's two-factor sign-in away (a lost phone and lost codes):
 * they enrol again at their next sign-in if their role requires it. Audited. */
export async function resetTwoFactor(ctx: AppContext, meta: CommandMeta, input: { userId: string }) {
  return inUnit(ctx, meta, async ({ tx, record }) => {
    const user = await tx.selectFrom('staff_users').select('id').where('id', '=', input.userId).executeTakeFirst();
    if (!user) throw new RetourError('not_found', 'STAFF_USER_NOT_FOUND', `Staff user ${input.userId} does not exist`);
    await tx.deleteFrom('staff_recovery_codes').where('user_id', '=', input.userId).execute();
    const removed = await tx.deleteFrom('staff_two_factor').where('user_id', '=', input.userId).executeTakeFirst();
    record({
      type: 'staff.two_factor_reset',
      subjectType: 'staff_user',
      subjectId: input.userId,
      data: { hadTwoFactor: Number(removed.numDeletedRows) > 0 },
    });
    return { reset: true as const };
  });
}

// 422, not 401: the caller is signed in, and a typo must not read as the session ending.
const wrongCode = () =>
  new RetourError('invalid', 'TWO_FACTOR_CODE_INVALID', 'The code is wrong or was already used', [
    { path: 'code', message: 'Wrong or already used' },
  ]);
