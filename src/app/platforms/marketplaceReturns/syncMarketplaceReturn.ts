import type { AppContext } from '../../kernel/context.js';
import { isGoingAhead, loadMarketplaceTarget } from './marketplaceTarget.js';
import { registerOnMarketplace } from './registerOnMarketplace.js';
import { reportReceiptToMarketplace, settleAsMarketplace } from './reportToMarketplace.js';

/**
 * Brings the marketplace's copy of a return of a marketplace order in line with Retour's, doing only
 * what is left: a return made in Retour is registered once it is approved (unless the connection
 * says not to, settings.pushReturns); once its lines are graded the receipt is reported, and the
 * refund is recorded as made by the marketplace. Safe to repeat and to run for any of its events.
 */
export async function syncMarketplaceReturn(ctx: AppContext, returnId: string): Promise<void> {
  const target = await loadMarketplaceTarget(ctx.db, returnId);
  if (!target) return;
  const connection = await ctx.shops.connection(target.connectionId);
  if (!connection) return;
  const mayRegister =
    (!target.copy || (target.copy.origin === 'retour' && !target.copy.externalId)) &&
    isGoingAhead(target.status) &&
    target.settings.pushReturns !== false;
  if (mayRegister) await registerOnMarketplace(ctx, target, connection.adapter);
  const registered = await loadMarketplaceTarget(ctx.db, returnId);
  const copy = registered?.copy;
  if (!registered || !copy?.externalId) return;
  await reportReceiptToMarketplace(ctx, registered, connection.adapter, { ...copy, externalId: copy.externalId });
  const reported = await loadMarketplaceTarget(ctx.db, returnId);
  if (reported?.copy) await settleAsMarketplace(ctx, reported, reported.copy.state);
}
