import { sql } from 'kysely';
import { ERASED, erasedAddress, erasedEmail } from '../../domain/privacy/erasure.js';
import type { Actor } from '../kernel/context.js';
import type { Tx } from '../kernel/transaction.js';
import type { ErasureScope } from './erasureScope.js';

/** The rows that are the person: their customer rows and orders lose the name, e-mail, phone,
 * address and card fingerprint (ids, countries, amounts and dates stay, so the orders' money and
 * the returns' refunds still add up); photos of them and what the portal saw of their devices go;
 * list entries about them are ended and keep only who made them and when. */
export async function eraseCustomerRows(tx: Tx, scope: ErasureScope, now: Date, actor: Actor): Promise<Record<string, number>> {
  for (const id of scope.customerIds) {
    await tx
      .updateTable('customers')
      .set({
        email: erasedEmail(id),
        first_name: null,
        last_name: null,
        phone: null,
        postcode: null,
        locale: null,
        risk_signals: '[]',
        risk_assessed_at: null,
        erased_at: now,
      })
      .where('id', '=', id)
      .execute();
  }
  if (scope.orderIds.length) {
    const orders = await tx
      .selectFrom('orders')
      .select(['id', 'customer_id', 'shipping_address'])
      .where('id', 'in', scope.orderIds)
      .execute();
    for (const o of orders) {
      await tx
        .updateTable('orders')
        .set({
          email: erasedEmail(o.customer_id),
          shipping_address: JSON.stringify(erasedAddress(o.shipping_address)),
          shipping_postcode: '',
          payment_fingerprint: null,
        })
        .where('id', '=', o.id)
        .execute();
    }
  }
  const photos = scope.photoIds.length
    ? (await tx.deleteFrom('return_photos').where('id', 'in', scope.photoIds).executeTakeFirst()).numDeletedRows
    : 0n;
  const sightings = await tx
    .deleteFrom('portal_sightings')
    .where((eb) =>
      eb.or([
        eb('customer_id', 'in', scope.customerIds),
        ...(scope.orderIds.length ? [eb('order_id', 'in', scope.orderIds)] : []),
      ]),
    )
    .executeTakeFirst();
  if (scope.listEntryIds.length) {
    await sql`update risk_list_entries set value = 'erased:' || id, display = ${ERASED}, reason = ${ERASED},
        removed_at = coalesce(removed_at, ${now}), removed_by = coalesce(removed_by, ${actor.id})
      where id in (${sql.join(scope.listEntryIds)})`.execute(tx);
  }
  return {
    customers: scope.customerIds.length,
    orders: scope.orderIds.length,
    photos: Number(photos),
    portal_sightings: Number(sightings.numDeletedRows),
    risk_list_entries: scope.listEntryIds.length,
  };
}
