import { RetourError } from '../../domain/errors.js';
import { openDispute } from '../../domain/returnLifecycle.js';
import { refuseErasedCustomer } from '../catalog/erasedCustomers.js';
import type { AppContext, CommandMeta } from '../kernel/context.js';
import { inUnit } from '../kernel/transaction.js';
import { loadReturnForUpdate } from '../returns/returnStore.js';
import { persistTransition } from '../returns/transitionReturn.js';

interface Deductions {
  restockingFees?: number;
  diminishedValue?: number;
  withheld?: number;
  returnShippingFee?: number;
}

/** The shopper disputes what was kept back from the refund (fees, deduction for wear, an item
 * judged not the shop's). Only a return with a deduction can be disputed. */
export async function disputeDeduction(ctx: AppContext, meta: CommandMeta, input: { returnId: string; message: string }) {
  return inUnit(ctx, meta, async (unit) => {
    const loaded = await loadReturnForUpdate(unit.tx, input.returnId);
    // The shopper's token may have been checked against a copy of the erased ids made before an
    // erasure, and the message is personal data. The return's lock is enough here: a return that
    // can be disputed (inspected, resolved) blocks an erasure, which reads that under the orders'
    // locks; taking the order's lock first could deadlock with a settlement of the return (which
    // locks the return, then the order).
    await refuseErasedCustomer(unit.tx, loaded.row.customer_id);
    const settled = await unit.tx
      .selectFrom('settlements')
      .select(['id', 'breakdown'])
      .where('return_id', '=', input.returnId)
      .where('status', '=', 'succeeded')
      .execute();
    const deducted = settled.reduce((sum, s) => {
      const b = (s.breakdown ?? {}) as Deductions;
      return sum + (b.restockingFees ?? 0) + (b.diminishedValue ?? 0) + (b.withheld ?? 0) + (b.returnShippingFee ?? 0);
    }, 0);
    if (deducted === 0) {
      throw new RetourError('conflict', 'NOTHING_TO_DISPUTE', 'Nothing was deducted from the refund of this return');
    }
    const result = openDispute(loaded.state, input.message);
    await persistTransition(unit, loaded, {
      ...result,
      events: result.events.map((e) => (e.type === 'return.dispute_opened' ? { ...e, data: { ...e.data, deducted } } : e)),
    });
    return { returnId: input.returnId, status: result.state.status, onHold: true, deducted };
  });
}
