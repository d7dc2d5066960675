import type { AppContext, CommandMeta } from '../kernel/context.js';
import { inUnit } from '../kernel/transaction.js';

/** Ends a staff session. */
export async function logoutStaff(ctx: AppContext, meta: CommandMeta, input: { sessionId: string }) {
  return inUnit(ctx, meta, async ({ tx, now }) => {
    await tx.updateTable('staff_sessions').set({ revoked_at: now }).where('id', '=', input.sessionId).execute();
    return { loggedOut: true };
  });
}
