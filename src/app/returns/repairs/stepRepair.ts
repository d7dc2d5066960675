import type { AppContext, CommandMeta } from '../../kernel/context.js';
import { inUnit } from '../../kernel/transaction.js';
import { type RepairView, repairOf } from './listRepairs.js';
import { type RepairStep, stepRepair } from './repairs.js';

/** Staff move a repair under the legal guarantee on (sent back repaired, or could not be repaired
 * and replaced or refunded instead). A refund instead is paid by the money context when the return
 * is past the moment its policy pays at (see src/app/money/subscribers.ts). */
export async function moveRepair(ctx: AppContext, meta: CommandMeta, input: RepairStep): Promise<RepairView> {
  await inUnit(ctx, meta, (unit) => stepRepair(unit, input));
  return repairOf(ctx.db, input.repairId);
}
