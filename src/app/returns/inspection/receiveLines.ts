import { type LineReceipt, receive } from '../../../domain/returnLifecycle.js';
import { arrivedEmpty } from '../../../domain/risk/findings.js';
import type { AppContext, CommandMeta } from '../../kernel/context.js';
import { inUnit } from '../../kernel/transaction.js';
import { loadReturnForUpdate } from '../returnStore.js';
import { persistTransition, type TransitionOutcome } from '../transitionReturn.js';
import { reassessAtInspection } from './reassessRisk.js';
import { recheckReturnPolicy } from './recheckReturnPolicy.js';

/** Records what arrived at the dock per line: full, partial, missing or the wrong item. On the
 * first arrival the policy version that judged the request checks the return again. */
export function receiveLines(
  ctx: AppContext,
  meta: CommandMeta,
  input: { returnId: string; lines: LineReceipt[]; extras?: { description: string; quantity: number }[] },
): Promise<TransitionOutcome> {
  return inUnit(ctx, meta, async (unit) => {
    const loaded = await loadReturnForUpdate(unit.tx, input.returnId);
    const received = receive(loaded.state, input.lines);
    // Extra items are noted for staff to send back or keep; they change no line.
    const result = input.extras?.length
      ? {
          ...received,
          events: [...received.events, { type: 'return.extra_items_received', data: { extras: input.extras } }],
        }
      : received;
    // An empty box has nothing to inspect: it is scored with what was found when it is opened.
    const scored = arrivedEmpty(result.state.lines) ? await reassessAtInspection(unit, meta.actor, loaded, result, []) : result;
    await persistTransition(unit, loaded, scored);
    const firstArrival = result.state.status === 'received' && loaded.state.status !== 'received';
    if (firstArrival) await recheckReturnPolicy(unit, loaded);
    const events = scored.events.map((e) => e.type);
    return {
      returnId: input.returnId,
      status: scored.state.status,
      events: firstArrival ? [...events, 'return.policy_rechecked'] : events,
    };
  });
}
