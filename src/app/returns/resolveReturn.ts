import { RetourError } from '../../domain/errors.js';
import { OPEN_REPAIR_STATUSES } from '../../domain/repair.js';
import { resolve } from '../../domain/returnLifecycle.js';
import type { AppContext, CommandMeta } from '../kernel/context.js';
import { inUnit } from '../kernel/transaction.js';
import { loadReturnForUpdate } from './returnStore.js';
import { persistTransition, type TransitionOutcome } from './transitionReturn.js';

/** Resolves an inspected return, or an approved one whose goods the shopper keeps. A repair under
 * way is what the shopper still waits for: it ends first (sent back, or replaced or refunded). */
export function resolveReturn(
  ctx: AppContext,
  meta: CommandMeta,
  input: { returnId: string; returnless?: boolean },
): Promise<TransitionOutcome> {
  return inUnit(ctx, meta, async (unit) => {
    const loaded = await loadReturnForUpdate(unit.tx, input.returnId);
    const open = await unit.tx
      .selectFrom('repairs')
      .select('number')
      .where('return_id', '=', input.returnId)
      .where('status', 'in', OPEN_REPAIR_STATUSES)
      .execute();
    if (open.length > 0)
      throw new RetourError(
        'conflict',
        'REPAIR_UNDER_WAY',
        `Repair ${open.map((r) => r.number).join(', ')} has not ended: send the item back or record that it cannot be repaired`,
        [],
        { repairs: open.map((r) => r.number) },
      );
    const result = resolve(loaded.state, { returnless: input.returnless ?? false });
    await persistTransition(unit, loaded, result);
    return { returnId: input.returnId, status: result.state.status, events: result.events.map((e) => e.type) };
  });
}
