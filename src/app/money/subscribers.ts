import type { RefundTiming } from '../../domain/policy/vocabulary.js';
import { momentOf, momentReached, timingOf } from '../../domain/refundMoment.js';
import { SETTLEMENT_STARTABLE } from '../../domain/returnLine.js';
import type { AppContext } from '../kernel/context.js';
import type { AfterCommitSubscriber, PublishedEvent } from '../kernel/subscribers.js';
import { settleDueLines } from './settleDueLines.js';

/** The moment ("when money moves") an event of a return's lifecycle reaches. */
const MOMENT_OF: Readonly<Record<string, RefundTiming>> = {
  'return.approved': 'approval',
  'return.lines_decided': 'approval',
  'return.in_transit': 'first_scan',
  'return.lines_received': 'receipt',
  'return.lines_inspected': 'inspection',
};

/** Lines that wait for money again (a called-off exchange, a repair that could not be done and is
 * refunded instead, a risky return whose score a person cleared) are settled at the moment the return has reached: no later transition would. */
const MONEY_DUE_AGAIN = ['exchange_order.cancelled', 'repair.failed', 'return.risk_reviewed'];

/** A decision approves something (a rejection alone moves no money). */
const approves = (e: PublishedEvent) =>
  ((e.data.decisions ?? []) as { decision?: string }[]).some((d) => d.decision === 'approve');

async function reachedMoment(ctx: AppContext, returnId: string): Promise<RefundTiming | null> {
  const row = await ctx.db.selectFrom('returns').select('status').where('id', '=', returnId).executeTakeFirst();
  return row ? momentOf(row.status) : null;
}

/** Settles the lines whose moment came, as the policy set it per line, whoever moved the return
 * there: staff, the shopper, an automation rule, the CLI. */
const settleDue: AfterCommitSubscriber = {
  name: 'money.settle-due-lines',
  on: [...Object.keys(MOMENT_OF), ...MONEY_DUE_AGAIN],
  handle: async (ctx, event) => {
    const returnId = event.returnId;
    if (!returnId) return;
    if (event.type === 'return.lines_decided' && !approves(event)) return;
    if (event.type === 'repair.failed' && event.data.fallback !== 'refund') return;
    // A person who cleared a return's score lets its money follow the policy's timing again.
    if (event.type === 'return.risk_reviewed' && event.data.outcome !== 'cleared') return;
    const moment = MOMENT_OF[event.type] ?? (await reachedMoment(ctx, returnId));
    if (moment) await settleDueLines(ctx, returnId, moment);
  },
  // Most moments find nothing due (a policy that pays at inspection has nothing to pay on
  // approval): one read of the returns' unsettled approved lines tells which events to follow.
  narrow: async (_ctx, tx, events) => {
    const atMoment = events.filter((e) => e.returnId && MOMENT_OF[e.type]);
    if (atMoment.length === 0) return events;
    const waiting = await tx
      .selectFrom('return_lines')
      .select(['return_id', 'verdict'])
      .where('return_id', 'in', [...new Set(atMoment.map((e) => e.returnId as string))])
      .where('acceptance', '=', 'approved')
      .where('settlement', 'in', SETTLEMENT_STARTABLE)
      .execute();
    const dueAt = (returnId: string, moment: RefundTiming) =>
      waiting.some((l) => l.return_id === returnId && momentReached(moment, timingOf(l)));
    return events.filter((e) => {
      const moment = MOMENT_OF[e.type];
      return !moment || !e.returnId || dueAt(e.returnId, moment);
    });
  },
};

export const moneySubscribers = { afterCommit: [settleDue] };
