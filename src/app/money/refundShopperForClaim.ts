import { notFound } from '../../domain/errors.js';
import { markLost } from '../../domain/returnLifecycle.js';
import type { AppContext, CommandMeta } from '../kernel/context.js';
import { inUnit, type Unit } from '../kernel/transaction.js';
import type { RecordedEvent } from '../kernel/unit.js';
import { type ClaimDetail, claimInUnit } from '../logistics/claims/claimViews.js';
import { type LoadedReturn, loadReturnForUpdate } from '../returns/returnStore.js';
import { persistTransition } from '../returns/transitionReturn.js';
import { otherParcelsComing, requireParcelWithCarrier } from './claimPayability.js';
import { settleReturn } from './settleReturn.js';

export interface ShopperRefundOutcome {
  claim: ClaimDetail;
  /** The return's status after it. */
  status: string;
  /** Settlements started now; empty when the shopper was paid (or was being paid) already. */
  started: string[];
  /** Every approved line is paid or being paid; false when the provider refused (staff pay again). */
  paid: boolean;
}

/**
 * The shop bears the risk of a parcel sent with its own label: staff pay the shopper as if the
 * goods had arrived, through the return's own settlement (refund or store credit, as each line was
 * granted), which starts nothing for a line already paid or being paid, so a repeat never pays
 * twice. Only a parcel the carrier had is paid for (see requireParcelWithCarrier).
 *
 * `claim.shopper_refunded` is recorded, and a lost parcel's return marked lost, only once every
 * approved line is paid or being paid: a refund the provider refused leaves the return settleable,
 * so pressing again pays. Both are decided on what the lines say, not on what this call started,
 * so a call that died after starting the money records them on the retry. The return is marked lost
 * only when no other parcel of it can still arrive; otherwise it stays receivable for those.
 */
export async function refundShopperForClaim(
  ctx: AppContext,
  meta: CommandMeta,
  input: { claimId: string },
): Promise<ShopperRefundOutcome> {
  const claim = await ctx.db
    .selectFrom('parcel_claims')
    .select(['id', 'return_id', 'kind', 'parcel_id'])
    .where('id', '=', input.claimId)
    .executeTakeFirst();
  if (!claim) throw notFound('Claim', input.claimId);
  await requireParcelWithCarrier(ctx.db, claim);
  // Not under the request's idempotency key: the answer stored for it is this command's, below.
  const settled = await settleReturn(ctx, { actor: meta.actor }, { returnId: claim.return_id, trigger: 'parcel_claim' });
  return inUnit(ctx, meta, async (unit) => {
    const loaded = await loadReturnForUpdate(unit.tx, claim.return_id);
    const paid = linesPaid(loaded);
    let status = loaded.state.status;
    const recorded = paid ? await recordPaidOnce(unit, loaded, claim.id, settled.started) : [];
    if (paid) {
      if (
        claim.kind === 'lost' &&
        status === 'in_transit' &&
        !(await otherParcelsComing(unit.tx, claim.return_id, claim.parcel_id))
      ) {
        const result = markLost(loaded.state, 'The carrier lost the parcel; the shopper was paid');
        await persistTransition(unit, loaded, result);
        status = result.state.status;
      }
    }
    // Built here, so a replay under the Idempotency-Key answers the same body.
    return { claim: await claimInUnit(unit, claim.id, meta.actor, recorded), status, started: settled.started, paid };
  });
}

/** Every approved line of the return is paid or being paid. */
function linesPaid(loaded: LoadedReturn): boolean {
  const approved = loaded.lines.filter((l) => l.acceptance === 'approved');
  return approved.length > 0 && approved.every((l) => l.settlement === 'pending' || l.settlement === 'succeeded');
}

/** The claim's `claim.shopper_refunded`, once (the return is locked, so two calls do not both write it). */
async function recordPaidOnce(unit: Unit, loaded: LoadedReturn, claimId: string, started: string[]): Promise<RecordedEvent[]> {
  const recorded = await unit.tx
    .selectFrom('events')
    .select('id')
    .where('subject_type', '=', 'parcel_claim')
    .where('subject_id', '=', claimId)
    .where('type', '=', 'claim.shopper_refunded')
    .executeTakeFirst();
  if (recorded) return [];
  const settlements = await unit.tx
    .selectFrom('settlements')
    .select('id')
    .where('return_id', '=', loaded.row.id)
    .where('status', 'in', ['pending', 'succeeded'])
    .orderBy('id')
    .execute();
  const event = {
    type: 'claim.shopper_refunded',
    subjectType: 'parcel_claim',
    subjectId: claimId,
    returnId: loaded.row.id,
    data: { number: loaded.row.number, claimId, started, settlements: settlements.map((s) => s.id) },
  };
  unit.record(event);
  return [event];
}
