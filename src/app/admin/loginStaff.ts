import { hash, verify } from '@node-rs/argon2';
import type { StaffRole } from '../../domain/access.js';
import { RetourError } from '../../domain/errors.js';
import type { AppContext } from '../kernel/context.js';
import { newId } from '../kernel/ids.js';
import { randomToken, sha256 } from '../kernel/tokens.js';
import { inUnit } from '../kernel/transaction.js';
import { ARGON2_OPTIONS } from './createStaffUser.js';

export interface StaffSession {
  token: string;
  csrfToken: string;
  expiresAt: Date;
  user: { id: string; email: string; name: string; role: StaffRole };
}

let dummyHash: Promise<string> | undefined;

/** Checks a staff password and opens a session. Unknown e-mail and wrong password answer alike
 * and take as long, so the login cannot be used to find accounts. */
export async function loginStaff(
  ctx: AppContext,
  input: { email: string; password: string; ttlHours: number },
): Promise<StaffSession> {
  const email = input.email.trim().toLowerCase();
  const user = await ctx.db.selectFrom('staff_users').selectAll().where('email', '=', email).executeTakeFirst();
  dummyHash ??= hash('not-a-real-password', ARGON2_OPTIONS);
  const ok = await verify(user?.password_hash ?? (await dummyHash), input.password);
  if (!user || !ok || !user.active) {
    throw new RetourError('unauthorized', 'INVALID_CREDENTIALS', 'E-mail or password is wrong');
  }
  const token = randomToken();
  const csrfToken = randomToken(24);
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
      })
      .execute();
    await tx.updateTable('staff_users').set({ last_login_at: now }).where('id', '=', user.id).execute();
    record({ type: 'staff.logged_in', subjectType: 'staff_user', subjectId: user.id, data: { sessionId } });
    return {
      token,
      csrfToken,
      expiresAt,
      user: { id: user.id, email: user.email, name: user.name, role: user.role as StaffRole },
    };
  });
}
