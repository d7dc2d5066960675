import { sql } from 'kysely';
import type { AppContext } from '../../kernel/context.js';
import { insertPendingEmails } from './planShopperEmails.js';

/** How long before the ship-by date the reminder goes. */
export const REMINDER_HOURS_BEFORE = 48;
/** A return approved less than this long ago has just had its approval e-mail: no reminder yet. */
const QUIET_HOURS_AFTER_REQUEST = 24;

export const EMAIL_QUEUE = 'email.send';

/**
 * Reminds shoppers whose approved return has not been sent and whose ship-by date is near: one
 * reminder per return ever (its dedupe key), made with its send job in one transaction. Returns
 * the carrier picks up need no reminder. Runs in rounds of 200 until none are left.
 */
export async function queueShipByReminders(ctx: AppContext): Promise<{ reminded: number }> {
  let reminded = 0;
  for (;;) {
    const n = await ctx.db.transaction().execute(async (tx) => {
      const now = ctx.now();
      const due = await tx
        .selectFrom('returns as r')
        .select('r.id')
        .where('r.status', '=', 'approved')
        .where('r.on_hold', '=', false)
        .where((eb) => eb.or([eb('r.method', 'is', null), eb('r.method', '<>', 'pickup')]))
        .where('r.ship_by', '>', now)
        .where('r.ship_by', '<=', new Date(now.getTime() + REMINDER_HOURS_BEFORE * 3_600_000))
        .where('r.created_at', '<=', new Date(now.getTime() - QUIET_HOURS_AFTER_REQUEST * 3_600_000))
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(selectFrom('emails as e').select('e.id').where('e.dedupe_key', '=', sql<string>`'ship_by_reminder:' || r.id`)),
          ),
        )
        .orderBy('r.id')
        .limit(200)
        .forUpdate()
        .skipLocked()
        .execute();
      if (due.length === 0) return 0;
      const made = await insertPendingEmails(
        tx,
        now,
        due.map((r) => ({ dedupeKey: `ship_by_reminder:${r.id}`, kind: 'ship_by_reminder', returnId: r.id, eventId: null })),
      );
      await ctx.jobs.enqueue(
        tx,
        EMAIL_QUEUE,
        made.map((id) => ({ data: { emailId: id }, singletonKey: id })),
      );
      return due.length;
    });
    reminded += n;
    if (n < 200) return { reminded };
  }
}
