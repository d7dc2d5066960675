import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { ListMatch } from '../../domain/risk/facts.js';

/** The active block and allow entries that match one customer. */
export interface CustomerListMatches {
  block: ListMatch[];
  allow: ListMatch[];
}

export const noListMatches = (): CustomerListMatches => ({ block: [], allow: [] });

export interface MatchRow {
  customer_id: string;
  id: string;
  list: 'block' | 'allow';
  kind: ListMatch['kind'];
  reason: string;
}

/**
 * The block and allow list entries that match each customer of `ids` (an SQL text[]), as rows of
 * (customer_id, id, list, kind, reason): the customer's id, the normal e-mail of the customer and
 * of their orders, the normal address their orders went to, the customer's normal phone and the
 * payment fingerprints of their orders. The normal forms are worked out by the same SQL functions
 * the entries were stored through, so an entry matches exactly when staff would say it is the same
 * e-mail, door, phone or card. Active: not removed, and its `until` still ahead of `now`. A
 * fragment, so the risk facts and the policy's facts read it inside their own statement.
 */
export function listMatchesSql(ids: RawBuilder<string[]>, now: Date): RawBuilder<MatchRow> {
  // Each kind is looked up through the value index of the entries; the customer's own keys come
  // from their row and their orders, each customer's probed by their key (orders_customer_idx)
  // whatever the statistics say: `= any(...)` over orders, in a plan kept from when the table was
  // small, read every order on each call as the shop grew.
  return sql<MatchRow>`
    with c as (select id, email, phone from customers where id = any(${ids})),
    o as (select x.customer_id, x.email, x.shipping_address, x.payment_fingerprint from unnest(${ids}) as k(id)
      cross join lateral (select customer_id, email, shipping_address, payment_fingerprint from orders
        where customer_id = k.id offset 0) x),
    keys as (
      select id as customer_id, 'customer'::text as kind, id as value from c
      union select id, 'email', retour_normal_email(email) from c
      union select id, 'phone', retour_normal_phone(phone) from c where phone is not null
      union select customer_id, 'email', retour_normal_email(email) from o
      union select customer_id, 'address', retour_normal_address(shipping_address) from o
      union select customer_id, 'payment', retour_normal_fingerprint(payment_fingerprint) from o
        where payment_fingerprint is not null
    )
    select distinct k.customer_id, e.id, e.list, e.kind, e.reason
    from keys k
    join risk_list_entries e on e.kind = k.kind and e.value = k.value
    where e.removed_at is null and (e.until is null or e.until > ${now}::timestamptz)`;
}

/** Sorts match rows (listMatchesSql) by customer. */
export function groupListMatches(rows: readonly MatchRow[]): Map<string, CustomerListMatches> {
  const found = new Map<string, CustomerListMatches>();
  for (const r of [...rows].sort((a, b) => a.id.localeCompare(b.id))) {
    let m = found.get(r.customer_id);
    if (!m) {
      m = noListMatches();
      found.set(r.customer_id, m);
    }
    m[r.list].push({ entryId: r.id, kind: r.kind, reason: r.reason });
  }
  return found;
}

/** The block and allow list entries that match each of these customers, in one statement
 * (see listMatchesSql). */
export async function findListMatches(
  db: Kysely<Database>,
  customerIds: readonly string[],
  now: Date,
): Promise<Map<string, CustomerListMatches>> {
  if (customerIds.length === 0) return new Map();
  const ids = [...new Set(customerIds)];
  const { rows } = await listMatchesSql(sql<string[]>`${ids}::text[]`, now).execute(db);
  return groupListMatches(rows);
}

/** The block and allow entries that match one customer (see findListMatches). */
export async function listMatchesOf(db: Kysely<Database>, customerId: string, now: Date): Promise<CustomerListMatches> {
  return (await findListMatches(db, [customerId], now)).get(customerId) ?? noListMatches();
}
