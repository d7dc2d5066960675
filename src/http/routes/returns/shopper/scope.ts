import type { AppContext } from '../../../../app/kernel/context.js';
import { getShopperReturnDetail } from '../../../../app/views/returnDetail.js';
import { RetourError } from '../../../../domain/errors.js';

/** The claims of a shopper's token: an order lookup opens the order, a status link one return. */
export function shopperOf(req: { principal: unknown }) {
  const p = req.principal as { kind: string; customerId: string; orderId: string; returnId?: string };
  return { customerId: p.customerId, orderId: p.orderId, returnId: p.returnId };
}

/** The order a token opens. A status link opens one return only: it can follow, cancel and rate
 * that return but not start new ones or look through the order. */
export function orderOf(req: { principal: unknown }) {
  const { customerId, orderId, returnId } = shopperOf(req);
  if (returnId)
    throw new RetourError('forbidden', 'STATUS_LINK_SCOPE', 'A status link opens one return; look up the order to do more');
  return { customerId, orderId };
}

/** One of the token's own returns (of its order and customer); any other is "not found". */
export async function ownReturn(ctx: AppContext, req: { principal: unknown }, returnId: string) {
  const { orderId, customerId, returnId: scope } = shopperOf(req);
  const detail =
    scope && scope !== returnId
      ? null
      : await getShopperReturnDetail(ctx.db, returnId, { customerId, now: ctx.now() }).catch(() => null);
  if (!detail || detail.order.id !== orderId)
    throw new RetourError('not_found', 'RETURN_NOT_FOUND', `Return ${returnId} does not exist`);
  return detail;
}
