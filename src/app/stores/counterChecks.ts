import type { RetourDb } from '../../db/connection.js';
import { categoryChain, suggestDisposition } from '../../domain/disposition.js';
import { RetourError } from '../../domain/errors.js';
import { providerOf, requireProviderReady } from '../money/payments/refundRoute.js';
import { loadInspectionRules } from '../returns/inspection/inspectionRules.js';
import type { TakeBackInput } from './takeBackInput.js';

/**
 * What would stop a take-back halfway, refused before anything is written: a line whose grade no
 * disposition rule covers and that names none, and a refund through a provider the shop has not
 * set up. The shopper is still at the counter; they get the answer now, not after their goods
 * were booked in.
 */
export async function checkBeforeTakingBack(db: RetourDb, input: TakeBackInput): Promise<void> {
  const [rules, lines, order] = await Promise.all([
    loadInspectionRules(db),
    db
      .selectFrom('order_lines as ol')
      .leftJoin('variants as v', 'v.id', 'ol.variant_id')
      .leftJoin('products as p', 'p.id', 'v.product_id')
      .select(['ol.id', 'p.category_id'])
      .where('ol.order_id', '=', input.orderId)
      .execute(),
    db.selectFrom('orders').select(['payment_provider', 'payment_reference']).where('id', '=', input.orderId).executeTakeFirst(),
  ]);
  if (!order)
    throw new RetourError('not_found', 'ORDER_NOT_FOUND', `Order ${input.orderId} does not exist`, [
      { path: 'orderId', message: 'unknown order' },
    ]);
  input.lines.forEach((l, i) => {
    const line = lines.find((o) => o.id === l.orderLineId);
    if (!line) {
      throw new RetourError('invalid', 'LINE_NOT_OF_ORDER', 'This item is not part of the order', [
        { path: `lines.${i}.orderLineId`, message: 'not a line of this order' },
      ]);
    }
    if (l.disposition) return;
    const suggested = suggestDisposition(rules.rules, l.grade, categoryChain(line.category_id ?? null, rules.parentOf));
    if (!suggested) {
      throw new RetourError('invalid', 'DISPOSITION_REQUIRED', `No rule suggests a disposition for grade ${l.grade}`, [
        { path: `lines.${i}.disposition`, message: 'choose a disposition' },
      ]);
    }
  });
  if (!input.returnId && (input.resolution ?? 'refund') === 'refund') {
    await db.transaction().execute((tx) => requireProviderReady(tx, providerOf(order), order.payment_reference));
  }
}
