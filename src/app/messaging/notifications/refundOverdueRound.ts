import type { AppContext } from '../../kernel/context.js';
import { overdueRefundReturns } from '../../returns/listReturns.js';
import { notifyStaff } from './notifyStaff.js';

/** Tells staff, once per return, that a refund is past its legal date (see refundBy). */
export async function notifyOverdueRefunds(ctx: AppContext): Promise<{ notified: number }> {
  const now = ctx.now();
  const overdue = await overdueRefundReturns(ctx.db, now);
  if (overdue.length === 0) return { notified: 0 };
  const made = await ctx.db.transaction().execute((tx) =>
    notifyStaff(
      ctx,
      tx,
      overdue.map((r) => ({
        kind: 'refund_overdue' as const,
        dedupeKey: `refund_overdue:${r.id}`,
        returnId: r.id,
        subjectType: 'return',
        subjectId: r.id,
        facts: { number: r.number, due: r.refundBy.slice(0, 10) },
      })),
      now,
    ),
  );
  return { notified: made.length };
}
