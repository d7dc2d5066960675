import { RetourError } from '../../../domain/errors.js';
import type { ShopPlatformAdapter } from '../../catalog/connections/port.js';
import { type AppContext, systemActor } from '../../kernel/context.js';
import { confirmManualSettlement } from '../../money/confirmManualSettlement.js';
import { providerOf } from '../../money/payments/refundRoute.js';
import { settleReturn } from '../../money/settleReturn.js';
import { isFinalFailure } from '../platformFailures.js';
import type { MarketplaceReturnState } from './admitMarketplaceReturn.js';
import { type MarketplaceTarget, saveMarketplaceCopy } from './marketplaceTarget.js';
import { type ReceiptLine, receiptState, recordMarketplaceFailure } from './registerOnMarketplace.js';

/** Statuses in which every line that came back has been graded: the receipt can be reported. */
const GRADED_STATUSES = ['inspected', 'resolved', 'closed'];

/**
 * What came back of each line, as the marketplace's refund decision: units that came back as the
 * item and are not sent back to the shopper are accepted (the marketplace refunds them); units
 * that did not come, a wrong item, goods returned to the shopper and lines staff rejected are
 * rejected. Lines the marketplace does not know are left out.
 */
async function receiptLines(ctx: AppContext, returnId: string): Promise<ReceiptLine[]> {
  const rows = await ctx.db
    .selectFrom('return_lines as rl')
    .innerJoin('order_lines as ol', 'ol.id', 'rl.order_line_id')
    .select(['rl.id', 'rl.quantity', 'rl.quantity_received', 'rl.reception', 'rl.disposition', 'rl.acceptance'])
    .select(['ol.sku', 'ol.external_id', 'ol.external_ref'])
    .where('rl.return_id', '=', returnId)
    .orderBy('rl.id')
    .execute();
  return rows.flatMap((r) => {
    if (!r.external_id) return [];
    const keeps = r.acceptance === 'approved' && r.reception !== 'wrong_item' && r.disposition !== 'return_to_customer';
    const accepted = keeps ? Math.min(r.quantity, r.quantity_received) : 0;
    const ref = (r.external_ref ?? {}) as Record<string, unknown>;
    const sku = typeof ref.merchantProductNo === 'string' ? ref.merchantProductNo : r.sku;
    return [
      {
        returnLineId: r.id,
        lineExternalId: r.external_id,
        sku,
        accepted,
        rejected: r.quantity - accepted,
        restocked: r.disposition === 'restock' && accepted > 0,
      },
    ];
  });
}

/**
 * Reports the receipt of a graded return to the marketplace once (`reportReceipt`: accepted and
 * rejected units per product), which is the marketplace's refund decision. A refusal is kept and
 * shown and not reported again; a platform down throws (the job retries).
 */
export async function reportReceiptToMarketplace(
  ctx: AppContext,
  target: MarketplaceTarget,
  adapter: ShopPlatformAdapter,
  copy: { id: string; externalId: string; state: MarketplaceReturnState },
): Promise<void> {
  const reported = Object.keys(copy.state.receipt ?? {}).length > 0;
  if (!GRADED_STATUSES.includes(target.status) || reported || !adapter.reportReceipt) return;
  const lines = await receiptLines(ctx, target.returnId);
  if (lines.length === 0) return;
  try {
    await adapter.reportReceipt(
      copy.externalId,
      lines.map(({ returnLineId: _id, ...line }) => line),
    );
  } catch (err) {
    await recordMarketplaceFailure(ctx, target, copy.id, 'receipt', err, lines);
    if (!isFinalFailure(err)) throw err;
    return;
  }
  await saveMarketplaceCopy(ctx, copy.id, async (unit, state) => ({
    state: { ...state, receipt: receiptState(lines, unit.now) },
    externalStatus: 'RECEIVED',
    lastError: null,
  }));
}

/**
 * The marketplace refunds its buyer itself: once the receipt is reported, the return's refund lines
 * are settled in Retour as made by the marketplace (a manual settlement, confirmed at once with the
 * marketplace named as its reference), so no money leaves through Retour and the return can close.
 * Safe to repeat: lines settled already are not settled again, and a settlement started by an
 * earlier try is confirmed.
 */
export async function settleAsMarketplace(ctx: AppContext, target: MarketplaceTarget, state: MarketplaceReturnState) {
  const receipt = Object.values(state.receipt ?? {});
  if (receipt.length === 0 || receipt.some((l) => l.failed)) return;
  if (providerOf({ payment_provider: target.paymentProvider, payment_reference: 'marketplace' }) !== 'manual') return;
  const meta = { actor: systemActor };
  // Only refunds: store credit or an exchange the shop gives on top is its own to settle.
  const refundLines = await ctx.db
    .selectFrom('return_lines')
    .select('id')
    .where('return_id', '=', target.returnId)
    .where('acceptance', '=', 'approved')
    .where((eb) => eb.fn.coalesce('granted_resolution', 'requested_resolution'), '=', 'refund')
    .execute();
  try {
    if (refundLines.length > 0)
      await settleReturn(ctx, meta, { returnId: target.returnId, lineIds: refundLines.map((l) => l.id), trigger: 'marketplace' });
  } catch (err) {
    // Nothing (left) to settle: no refund lines, or all of them settled.
    if (!(err instanceof RetourError)) throw err;
  }
  const pending = await ctx.db
    .selectFrom('settlements')
    .select('id')
    .where('return_id', '=', target.returnId)
    .where('provider', '=', 'manual')
    .where('status', '=', 'pending')
    .execute();
  const reference = `Refunded by ${state.marketplace ?? 'the marketplace'} (${target.platform} return ${target.copy?.externalId ?? ''})`;
  for (const s of pending) await confirmManualSettlement(ctx, meta, { settlementId: s.id, reference: reference.trim() });
}
