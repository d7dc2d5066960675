import { notFound, RetourError } from '../../domain/errors.js';
import { markLost } from '../../domain/returnLifecycle.js';
import type { AppContext, CommandMeta } from '../kernel/context.js';
import { inUnit } from '../kernel/transaction.js';
import { type ClaimDetail, claimOf } from '../logistics/claims/claimViews.js';
import { loadReturnForUpdate } from '../returns/returnStore.js';
import { persistTransition } from '../returns/transitionReturn.js';
import { settleReturn } from './settleReturn.js';

export interface ShopperRefundOutcome {
  claim: ClaimDetail;
  /** The return's status after it. */
  status: string;
  /** Settlements started now; empty when the shopper was paid (or was being paid) already. */
  started: string[];
}

/**
 * The shop bears the risk of a parcel sent with its own label: staff pay the shopper as if the
 * goods had arrived, through the return's own settlement (refund or store credit, as each line was
 * granted), which starts nothing for a line already paid or being paid, so a repeat never pays
 * twice. A lost parcel's return is then marked lost: no goods will come, and staff close it once
 * the claim is dealt with. A parcel sent back to the shopper is not paid for: the goods are theirs
 * again.
 */
export async function refundShopperForClaim(
  ctx: AppContext,
  meta: CommandMeta,
  input: { claimId: string },
): Promise<ShopperRefundOutcome> {
  const claim = await ctx.db
    .selectFrom('parcel_claims')
    .select(['id', 'return_id', 'kind'])
    .where('id', '=', input.claimId)
    .executeTakeFirst();
  if (!claim) throw notFound('Claim', input.claimId);
  if (claim.kind === 'returned_to_sender') {
    throw new RetourError('conflict', 'GOODS_BACK_WITH_SHOPPER', 'The parcel went back to the shopper: nothing is owed for it');
  }
  // Not under the request's idempotency key: the answer stored for it is this command's, below.
  const settled = await settleReturn(ctx, { actor: meta.actor }, { returnId: claim.return_id, trigger: 'parcel_claim' });
  const status = await inUnit(ctx, meta, async (unit) => {
    const loaded = await loadReturnForUpdate(unit.tx, claim.return_id);
    if (settled.started.length > 0) {
      unit.record({
        type: 'claim.shopper_refunded',
        subjectType: 'parcel_claim',
        subjectId: claim.id,
        returnId: claim.return_id,
        data: { number: loaded.row.number, claimId: claim.id, started: settled.started },
      });
    }
    if (claim.kind !== 'lost' || loaded.state.status !== 'in_transit') return loaded.state.status;
    const result = markLost(loaded.state, 'The carrier lost the parcel; the shopper was paid');
    await persistTransition(unit, loaded, result);
    return result.state.status;
  });
  return { claim: await claimOf(ctx.db, claim.id), status, started: settled.started };
}
