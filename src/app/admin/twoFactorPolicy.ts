import type { StaffRole } from '../../domain/access.js';
import type { AppContext, CommandMeta } from '../kernel/context.js';
import { inUnit } from '../kernel/transaction.js';
import { twoFactorRoles } from './twoFactorSecrets.js';

/** The roles the shop requires two-factor sign-in of. */
export async function getTwoFactorPolicy(ctx: AppContext): Promise<{ roles: StaffRole[] }> {
  return { roles: await twoFactorRoles(ctx.db) };
}

/** Sets the roles that must use two-factor sign-in. Members of a newly required role without it
 * are asked to enrol at their next sign-in (their session may only enrol until they do). */
export async function setTwoFactorPolicy(ctx: AppContext, meta: CommandMeta, input: { roles: StaffRole[] }) {
  return inUnit(ctx, meta, async ({ tx, record }) => {
    const roles = [...new Set(input.roles)];
    await tx
      .updateTable('shop_settings')
      .set({ two_factor_roles: JSON.stringify(roles) })
      .where('id', '=', 'default')
      .execute();
    record({ type: 'settings.two_factor_roles_changed', subjectType: 'shop_settings', subjectId: 'default', data: { roles } });
    return { roles };
  });
}
