import type { RetourDb } from '../../db/connection.js';
import { RetourError } from '../../domain/errors.js';
import type { Tx } from '../kernel/transaction.js';

export const CUSTOMER_ERASED = 'CUSTOMER_ERASED';

/** Whether the customer's personal data was erased (a customer that does not exist counts as not). */
export async function isErasedCustomer(db: Tx | RetourDb, customerId: string): Promise<boolean> {
  const row = await db.selectFrom('customers').select('erased_at').where('id', '=', customerId).executeTakeFirst();
  return Boolean(row?.erased_at);
}

/**
 * Shopper tokens are stateless and a status link lasts 400 days, so one issued before an erasure
 * still verifies after it: it must open nothing, or the shopper's new photos, requests and
 * messages would be personal data no erasure ever looks at again. 401: the token is spent.
 */
export async function refuseErasedShopper(db: RetourDb, customerId: string): Promise<void> {
  if (await isErasedCustomer(db, customerId))
    throw new RetourError(
      'unauthorized',
      CUSTOMER_ERASED,
      "This shopper's personal data was erased; the link opens nothing any more",
    );
}

/**
 * The same check inside a command that adds personal data, after it locked the order: an erasure
 * locks the orders first, so one that committed meanwhile is seen here. 409, as staff may run the
 * command too and must not be signed out by a 401.
 */
export async function refuseErasedCustomer(tx: Tx, customerId: string): Promise<void> {
  if (await isErasedCustomer(tx, customerId))
    throw new RetourError('conflict', CUSTOMER_ERASED, "This customer's personal data was erased; nothing can be added for them");
}
