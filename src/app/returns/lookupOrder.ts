import type { Kysely } from 'kysely';
import { keptQuery } from '../../db/keptQuery.js';
import type { Database } from '../../db/schema.js';
import { RetourError } from '../../domain/errors.js';
import type { AppContext } from '../kernel/context.js';

const normalisePostcode = (p: string) => p.replace(/\s+/g, '').toUpperCase();

/** Built and compiled once (see keptQuery): every shopper who opens the portal looks an order up. */
export const orderOfNumberKept = keptQuery((db: Kysely<Database>, { orderNumber }: { orderNumber: string }) =>
  db
    .selectFrom('orders')
    .innerJoin('customers', 'customers.id', 'orders.customer_id')
    .select([
      'orders.id',
      'orders.customer_id',
      'orders.order_number',
      'orders.email',
      'orders.shipping_postcode',
      'customers.erased_at',
    ])
    .where('orders.order_number', '=', orderNumber),
);

/** Finds an order for a shopper by its number and the e-mail address or postcode used on it.
 * A wrong number and a wrong e-mail answer the same, so nothing leaks about other orders. */
export async function lookupOrder(
  ctx: AppContext,
  input: { orderNumber: string; email?: string; postcode?: string },
): Promise<{ orderId: string; customerId: string; orderNumber: string }> {
  const order = await orderOfNumberKept.executeTakeFirst(ctx.db, { orderNumber: input.orderNumber.trim() });
  // An erased shopper's order is not found, told apart from no order by nothing: its e-mail is now
  // `<id>@erased.invalid`, which must not open it, and who was erased is not for anyone to learn.
  const matches =
    order &&
    !order.erased_at &&
    ((input.email && order.email.toLowerCase() === input.email.trim().toLowerCase()) ||
      (input.postcode && normalisePostcode(order.shipping_postcode) === normalisePostcode(input.postcode)));
  if (!order || !matches) {
    throw new RetourError('not_found', 'ORDER_NOT_FOUND', 'No order matches this number and e-mail address or postcode');
  }
  return { orderId: order.id, customerId: order.customer_id, orderNumber: order.order_number };
}
