import type { RetourDb } from '../../../db/connection.js';
import type { AppContext } from '../../kernel/context.js';

/** A staff member's mark of what they have seen, and whether they want notifications by e-mail. */
export async function notificationSettingsOf(db: RetourDb, userId: string) {
  const row = await db
    .selectFrom('staff_users')
    .select(['notifications_seen_at', 'notify_by_email'])
    .where('id', '=', userId)
    .executeTakeFirst();
  return { seenAt: row?.notifications_seen_at ?? null, byEmail: row?.notify_by_email ?? false };
}

/** Everything so far counts as seen by this staff member. */
export async function markNotificationsSeen(ctx: AppContext, userId: string) {
  const now = ctx.now();
  await ctx.db.updateTable('staff_users').set({ notifications_seen_at: now }).where('id', '=', userId).execute();
  return { seenAt: now.toISOString() };
}

/** Whether this staff member also gets notifications by e-mail (a personal preference, not an
 * audited change of the shop). */
export async function setNotificationsByEmail(ctx: AppContext, userId: string, byEmail: boolean) {
  await ctx.db.updateTable('staff_users').set({ notify_by_email: byEmail }).where('id', '=', userId).execute();
  return { byEmail };
}
