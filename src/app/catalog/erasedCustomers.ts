import { type Kysely, sql } from 'kysely';
import type { RetourDb } from '../../db/connection.js';
import { keptQuery } from '../../db/keptQuery.js';
import type { Database } from '../../db/schema.js';
import { RetourError } from '../../domain/errors.js';
import type { AppCaches } from '../kernel/context.js';
import { TimedValue } from '../kernel/timedValue.js';
import type { Tx } from '../kernel/transaction.js';

/** Every shopper request asks whether its customer was erased; erasures are rare and never undone. */
const LIFETIME_MS = 5_000;

declare module '../kernel/context.js' {
  interface AppCaches {
    /** The ids of every erased customer. */
    erasedCustomers: TimedValue<ReadonlySet<string>>;
  }
}

export const erasedCustomersCache = () => new TimedValue<ReadonlySet<string>>(LIFETIME_MS);

/** Every erased customer's id, from the erasures (one row each, in the transaction that erased the
 * customers), not from a scan of all customers. */
async function erasedCustomerIds(db: RetourDb): Promise<ReadonlySet<string>> {
  const { rows } = await sql<{ id: string }>`select distinct jsonb_array_elements_text(customer_ids) as id
    from privacy_erasures`.execute(db);
  return new Set(rows.map((r) => r.id));
}

/** Drops the kept ids once an erasure committed (other processes are told within milliseconds). */
export async function forgetErasedCustomers(caches: AppCaches): Promise<void> {
  await caches.erasedCustomers.forget();
}

export const CUSTOMER_ERASED = 'CUSTOMER_ERASED';

/** Built and compiled once (see keptQuery): every return request asks it under the order's lock. */
const erasedAtKept = keptQuery((db: Kysely<Database>, { customerId }: { customerId: string }) =>
  db.selectFrom('customers').select('erased_at').where('id', '=', customerId),
);

/** Whether the customer's personal data was erased (a customer that does not exist counts as not). */
export async function isErasedCustomer(db: Tx | RetourDb, customerId: string): Promise<boolean> {
  const row = await erasedAtKept.executeTakeFirst(db, { customerId });
  return Boolean(row?.erased_at);
}

/**
 * Shopper tokens are stateless and a status link lasts 400 days, so one issued before an erasure
 * still verifies after it: it must open nothing, or the shopper's new photos, requests, comments
 * and messages would be personal data no erasure ever looks at again. 401: the token is spent.
 * Read from the kept ids (no statement per request), so a copy up to a few seconds old (longer
 * than milliseconds only where the word of an erasure is not heard) lets a request through; each
 * shopper write that adds personal data checks again under a lock an erasure also takes
 * (refuseErasedCustomer): a return request (requestReturn) and a photo upload (uploadReturnPhoto)
 * under the order's, feedback with its comment (giveReturnFeedback) under the order's, a dispute
 * with its message (disputeDeduction) under the return's. The other shopper writes add none:
 * cancelling a return and moving or cancelling its pickup change only returns still under way
 * (which block an erasure), and removing a photo not yet sent deletes it.
 */
export async function refuseErasedShopper(db: RetourDb, caches: AppCaches, customerId: string): Promise<void> {
  const erased = await caches.erasedCustomers.get(() => erasedCustomerIds(db));
  if (erased.has(customerId))
    throw new RetourError(
      'unauthorized',
      CUSTOMER_ERASED,
      "This shopper's personal data was erased; the link opens nothing any more",
    );
}

/**
 * The same check inside a command that adds personal data, after it locked the order: an erasure
 * locks the orders first, so one that committed meanwhile is seen here. (A dispute checks under
 * its return's lock instead: a return it may dispute blocks an erasure.) 409, as staff may run the
 * command too and must not be signed out by a 401.
 */
export async function refuseErasedCustomer(tx: Tx, customerId: string): Promise<void> {
  if (await isErasedCustomer(tx, customerId))
    throw new RetourError('conflict', CUSTOMER_ERASED, "This customer's personal data was erased; nothing can be added for them");
}
