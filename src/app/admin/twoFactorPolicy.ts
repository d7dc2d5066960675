import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { StaffRole } from '../../domain/access.js';
import type { AppContext, CommandMeta } from '../kernel/context.js';
import { inUnit } from '../kernel/transaction.js';
import { forgetStaffSessions } from './staffSessions.js';
import { twoFactorRoles } from './twoFactorSecrets.js';

/** The roles the shop requires two-factor sign-in of. */
export async function getTwoFactorPolicy(ctx: AppContext): Promise<{ roles: StaffRole[] }> {
  return { roles: await twoFactorRoles(ctx.db) };
}

/** Sets the roles that must use two-factor sign-in. Members of a newly required role without it
 * are asked to enrol at their next sign-in, and their sessions open now may only enrol from their
 * next request on: a rule for a role that its open sessions escaped until they end would leave
 * the whole working day unguarded. The session that sets the rule (`keepSessionId`) goes on, so
 * the admin is not thrown out of the screen they are saving; they too enrol at their next sign-in. */
export async function setTwoFactorPolicy(
  ctx: AppContext,
  meta: CommandMeta,
  input: { roles: StaffRole[]; keepSessionId?: string },
) {
  const result = await inUnit(ctx, meta, async ({ tx, record }) => {
    const roles = [...new Set(input.roles)];
    await tx
      .updateTable('shop_settings')
      .set({ two_factor_roles: JSON.stringify(roles) })
      .where('id', '=', 'default')
      .execute();
    const held = roles.length === 0 ? [] : await holdSessionsWithoutSecondFactor(tx, roles, input.keepSessionId);
    record({
      type: 'settings.two_factor_roles_changed',
      subjectType: 'shop_settings',
      subjectId: 'default',
      data: { roles, sessionsHeld: held.length },
    });
    return { roles, sessionsHeld: held.length };
  });
  if (result.sessionsHeld > 0) await forgetStaffSessions(ctx.caches);
  return { roles: result.roles };
}

/** Turns the open sessions of members of `roles` without two-factor sign-in on into enrol-only
 * ones (but `keep`); returns their ids. */
function holdSessionsWithoutSecondFactor(tx: Transaction<Database>, roles: StaffRole[], keep: string | undefined) {
  let q = tx
    .updateTable('staff_sessions')
    .set({ enrol_only: true })
    .where('enrol_only', '=', false)
    .where('user_id', 'in', (eb) => eb.selectFrom('staff_users').select('id').where('role', 'in', roles))
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('staff_two_factor')
            .select('staff_two_factor.user_id')
            .whereRef('staff_two_factor.user_id', '=', 'staff_sessions.user_id')
            .where('staff_two_factor.enabled_at', 'is not', null),
        ),
      ),
    );
  if (keep) q = q.where('id', '!=', keep);
  return q.returning('id').execute();
}
