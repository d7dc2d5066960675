import { notFound } from '../../../domain/errors.js';
import type { AppContext, CommandMeta } from '../../kernel/context.js';
import { inUnit } from '../../kernel/transaction.js';

/** The queue automation runs are taken from (see src/jobs). */
export const AUTOMATION_QUEUE = 'automation.run';

/** Runs the automation rules for an event again, once what made them fail is fixed: rules that
 * finished for it are not run twice (their runs are done); the others run now. */
export async function replayAutomation(ctx: AppContext, meta: CommandMeta, eventId: string) {
  return inUnit(ctx, meta, async ({ tx, record }) => {
    const event = await tx.selectFrom('events').select(['id', 'type', 'return_id']).where('id', '=', eventId).executeTakeFirst();
    if (!event?.return_id) throw notFound('Event', eventId);
    await ctx.jobs.enqueue(tx, AUTOMATION_QUEUE, [{ data: { eventId: event.id } }]);
    record({
      type: 'automation.replayed',
      subjectType: 'event',
      subjectId: event.id,
      returnId: event.return_id,
      data: { eventType: event.type },
    });
    return { eventId: event.id, queued: true };
  });
}
