import { sql } from 'kysely';
import { CUSTOMER_COLUMN_TYPES, pickColumns } from '../../db/columnTypes.js';
import { unnestRows } from '../../db/unnestRows.js';
import { newId } from '../kernel/ids.js';
import type { Tx } from '../kernel/transaction.js';

/** A customer as an order names them; the e-mail (lower case) is who they are. */
export interface CustomerOfOrder {
  email: string;
  firstName?: string | null;
  lastName?: string | null;
  phone?: string | null;
  locale?: string | null;
  country: string;
  postcode: string;
}

/** A customer's row as the upsert writes it. */
type CustomerRow = {
  id: string;
  email: string;
  first_name: string | null;
  last_name: string | null;
  phone: string | null;
  country: string;
  postcode: string;
  locale: string | null;
  tags: string[];
};

const CUSTOMER_ROW_COLUMNS = pickColumns<CustomerRow>()(CUSTOMER_COLUMN_TYPES, [
  'id',
  'email',
  'first_name',
  'last_name',
  'phone',
  'country',
  'postcode',
  'locale',
  'tags',
]);

/** One upsert for every customer of the batch, by e-mail; the last one of an e-mail wins. Rows
 * go in e-mail order, so two batches sharing customers lock them in the same order. */
export async function upsertCustomers(tx: Tx, customers: CustomerOfOrder[]): Promise<Map<string, string>> {
  const byEmail = new Map<string, CustomerOfOrder>();
  for (const c of customers) byEmail.set(c.email, c);
  if (byEmail.size === 0) return new Map();
  const rows = [...byEmail.values()]
    .sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0))
    .map((c) => ({
      id: newId('cus'),
      email: c.email,
      first_name: c.firstName ?? null,
      last_name: c.lastName ?? null,
      phone: c.phone ?? null,
      country: c.country,
      postcode: c.postcode,
      locale: c.locale ?? null,
      tags: [] as string[],
    }));
  // One array parameter per column instead of one per value: a page of a thousand customers stays
  // one short statement to build and send. A customer whose details did not change is not written
  // again (returning shoppers of a backfill); their ids are read beside the upsert, an index probe
  // each (a lateral subquery kept apart by `offset 0`, so no plan reads the whole table).
  const { rows: customerRows } = await sql<{ id: string; email: string }>`
    with given as (select * from ${unnestRows('g', CUSTOMER_ROW_COLUMNS, rows)}),
    written as (
      insert into customers (id, email, first_name, last_name, phone, country, postcode, locale, tags)
      select id, email, first_name, last_name, phone, country, postcode, locale, tags from given
      on conflict (email) do update set
        first_name = coalesce(excluded.first_name, customers.first_name),
        last_name = coalesce(excluded.last_name, customers.last_name),
        country = excluded.country, postcode = excluded.postcode
      where (customers.first_name, customers.last_name, customers.country, customers.postcode)
        is distinct from (coalesce(excluded.first_name, customers.first_name),
          coalesce(excluded.last_name, customers.last_name), excluded.country, excluded.postcode)
      returning id, email)
    select id, email from written
    union all
    select c.id, c.email from given g
      cross join lateral (select id, email from customers where email = g.email offset 0) c
    where not exists (select 1 from written w where w.email = c.email)`.execute(tx);
  // One made by another transaction since this statement's snapshot is neither written nor seen.
  const found = new Set(customerRows.map((c) => c.email));
  const missing = rows.filter((r) => !found.has(r.email)).map((r) => r.email);
  if (missing.length > 0) {
    customerRows.push(...(await tx.selectFrom('customers').select(['id', 'email']).where('email', 'in', missing).execute()));
  }
  return new Map(customerRows.map((c) => [c.email, c.id]));
}
