import type { StaffRole } from '../../domain/access.js';
import type { AppContext } from '../kernel/context.js';
import { newId } from '../kernel/ids.js';
import { randomToken, sha256 } from '../kernel/tokens.js';
import { inUnit } from '../kernel/transaction.js';

export interface StaffSession {
  token: string;
  csrfToken: string;
  expiresAt: Date;
  /** The role requires two-factor sign-in and the user has none yet: the session may only enrol. */
  enrolOnly: boolean;
  user: { id: string; email: string; name: string; role: StaffRole };
}

/** A sign-in through the shop's identity provider: which one, and whether it checked a second factor. */
export interface SignedInVia {
  method: 'sso';
  issuer: string;
  providerMfa: boolean;
}

/** Opens a session for a user whose credentials (and second factor, if on) were checked. */
export async function openStaffSession(
  ctx: AppContext,
  input: { id: string; ttlHours: number; enrolOnly: boolean; factor?: 'totp' | 'recovery'; via?: SignedInVia },
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
    const data = { sessionId, ...(input.factor ? { secondFactor: input.factor } : {}), ...(input.via ? { via: input.via } : {}) };
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
