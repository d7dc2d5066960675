import { momentOf } from '../../../domain/refundMoment.js';
import type { AppContext, CommandMeta } from '../../kernel/context.js';
import { inUnit } from '../../kernel/transaction.js';
import type { PaymentGateway } from '../../money/payments/gateway.js';
import { settleDueLines } from '../../money/settleDueLines.js';
import { persistTransition } from '../transitionReturn.js';
import { type RepairView, repairOf } from './listRepairs.js';
import { type RepairStep, stepRepair } from './repairs.js';

/** Staff move a repair under the legal guarantee on (sent back repaired, or could not be repaired
 * and replaced or refunded instead). A refund instead is paid at once when the return is past the
 * moment its policy pays at (no later transition would). */
export async function moveRepair(
  ctx: AppContext,
  payments: PaymentGateway,
  meta: CommandMeta,
  input: RepairStep,
): Promise<RepairView> {
  const { returnId } = await inUnit(ctx, meta, (unit) => stepRepair(unit, input, persistTransition));
  if (input.action === 'fail' && input.fallback === 'refund') {
    const row = await ctx.db.selectFrom('returns').select('status').where('id', '=', returnId).executeTakeFirstOrThrow();
    const moment = momentOf(row.status);
    if (moment) await settleDueLines(ctx, payments, returnId, moment);
  }
  return repairOf(ctx.db, input.repairId);
}
