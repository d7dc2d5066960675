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

/** What a customer's row holds of the details an order may change. */
type KnownCustomer = Pick<CustomerRow, 'id' | 'first_name' | 'last_name' | 'country' | 'postcode'>;

/** Whether writing `row` over `known` would change it: a name the order leaves out keeps the one
 * stored (the upsert's `coalesce`), the address is the order's. */
function changes(known: KnownCustomer, row: CustomerRow): boolean {
  return (
    (row.first_name ?? known.first_name) !== known.first_name ||
    (row.last_name ?? known.last_name) !== known.last_name ||
    row.country !== known.country ||
    row.postcode !== known.postcode
  );
}

/**
 * The customers of a batch by e-mail, made or brought up to date; the last one of an e-mail wins.
 * Those Retour has are read first (an index probe each) and only the new and the changed ones are
 * written: an upsert of a customer that has not changed still locks its row and writes that to the
 * log, which cost a backfill more than the read (its returning shoppers are most of its customers).
 * Rows go in e-mail order, so two batches sharing customers lock them in the same order.
 */
export async function upsertCustomers(tx: Tx, customers: CustomerOfOrder[]): Promise<Map<string, string>> {
  const byEmail = new Map<string, CustomerOfOrder>();
  for (const c of customers) byEmail.set(c.email, c);
  if (byEmail.size === 0) return new Map();
  const emails = [...byEmail.keys()].sort();
  // A lateral subquery kept apart by `offset 0`: an index probe per e-mail, whatever the table's
  // statistics say (a plan reading the whole table was chosen while a backfill filled it).
  const { rows: found } = await sql<KnownCustomer & { email: string }>`
    select c.id, c.email, c.first_name, c.last_name, c.country, c.postcode from unnest(${emails}::text[]) as g(email)
      cross join lateral (select * from customers where email = g.email offset 0) c`.execute(tx);
  const known = new Map(found.map((c) => [c.email, c]));
  const ids = new Map<string, string>();
  const toWrite: CustomerRow[] = [];
  for (const email of emails) {
    const c = byEmail.get(email) as CustomerOfOrder;
    const row: CustomerRow = {
      id: '',
      email,
      first_name: c.firstName ?? null,
      last_name: c.lastName ?? null,
      phone: c.phone ?? null,
      country: c.country,
      postcode: c.postcode,
      locale: c.locale ?? null,
      tags: [],
    };
    const stored = known.get(email);
    if (stored && !changes(stored, row)) ids.set(email, stored.id);
    // A new id even for a stored one: the conflict on the e-mail keeps the stored row's, and an id
    // of a row gone since the read cannot meet the primary key, which no conflict clause takes.
    else toWrite.push({ ...row, id: newId('cus') });
  }
  if (toWrite.length === 0) return ids;
  // One array parameter per column instead of one per value: a page of a thousand customers stays
  // one short statement to build and send. One made or changed by another transaction since the
  // read is written over only where it differs.
  const { rows: written } = await sql<{ id: string; email: string }>`
    insert into customers (id, email, first_name, last_name, phone, country, postcode, locale, tags)
    select id, email, first_name, last_name, phone, country, postcode, locale, tags
      from ${unnestRows('g', CUSTOMER_ROW_COLUMNS, toWrite)}
    on conflict (email) do update set
      first_name = coalesce(excluded.first_name, customers.first_name),
      last_name = coalesce(excluded.last_name, customers.last_name),
      country = excluded.country, postcode = excluded.postcode
    where (customers.first_name, customers.last_name, customers.country, customers.postcode)
      is distinct from (coalesce(excluded.first_name, customers.first_name),
        coalesce(excluded.last_name, customers.last_name), excluded.country, excluded.postcode)
    returning id, email`.execute(tx);
  for (const c of written) ids.set(c.email, c.id);
  // One made by another transaction since the read, as this one would write it, is not written.
  const missing = toWrite.filter((r) => !ids.has(r.email)).map((r) => r.email);
  if (missing.length > 0) {
    for (const c of await tx.selectFrom('customers').select(['id', 'email']).where('email', 'in', missing).execute()) {
      ids.set(c.email, c.id);
    }
  }
  return ids;
}
