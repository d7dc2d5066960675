import type { AppContext, CommandMeta } from '../kernel/context.js';
import { inUnit } from '../kernel/transaction.js';
import { forgetStaffSessions } from './staffSessions.js';

/** Ends a staff session: from its commit on, no request of this process gets through with it (and
 * none of the others sharing the database, once they hear of it: see staffSessions.ts). */
export async function logoutStaff(ctx: AppContext, meta: CommandMeta, input: { sessionId: string }) {
  const answer = await inUnit(ctx, meta, async ({ tx, now }) => {
    await tx.updateTable('staff_sessions').set({ revoked_at: now }).where('id', '=', input.sessionId).execute();
    return { loggedOut: true };
  });
  await forgetStaffSessions(ctx.caches);
  return answer;
}
