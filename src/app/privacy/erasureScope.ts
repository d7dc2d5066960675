import { sql } from 'kysely';
import type { RetourDb } from '../../db/connection.js';
import { type PersonalValues, personalMatcher, personalValues } from '../../domain/privacy/erasure.js';
import type { Tx } from '../kernel/transaction.js';

/** Everything that is one person's, by id, and what they are known by: read before anything is
 * changed, since the values are searched for in the rows afterwards. */
export interface ErasureScope {
  customerIds: string[];
  orderIds: string[];
  returnIds: string[];
  returnNumbers: string[];
  returnLineIds: string[];
  photoIds: string[];
  accountIds: string[];
  /** Risk list entries that name the person (their id, e-mail, phone, address or card). */
  listEntryIds: string[];
  /** The ids events about the person are recorded under, by subject type (customer, order, return …). */
  subjects: Record<string, string[]>;
  values: PersonalValues;
}

/** The customer rows of one person: every row whose e-mail is the same mailbox as the given
 * customer's (compared as risk compares them: case, dots and +tags of Gmail). */
export async function customersOfPerson(
  db: Tx | RetourDb,
  by: { customerId: string } | { email: string },
): Promise<{ id: string; email: string; erased_at: Date | null }[]> {
  const email =
    'email' in by
      ? by.email
      : (await db.selectFrom('customers').select('email').where('id', '=', by.customerId).executeTakeFirst())?.email;
  if (!email) return [];
  const { rows } = await sql<{ id: string; email: string; erased_at: Date | null }>`
    select id, email, erased_at from customers
      where retour_normal_email(email) = retour_normal_email(${email}) or email = ${email}
      order by id`.execute(db);
  return rows;
}

const ids = (rows: { id: string }[]) => rows.map((r) => r.id);

/** The person's orders, returns, lines, photos, credit accounts and risk list entries (those
 * named in what staff typed only when `withListEntries`: the status shown on every customer page
 * needs none). */
export async function erasureScope(tx: Tx | RetourDb, customerIds: string[], withListEntries = true): Promise<ErasureScope> {
  const orders = await tx
    .selectFrom('orders')
    .select(['id', 'shipping_address'])
    .where('customer_id', 'in', customerIds)
    .execute();
  const orderIds = ids(orders);
  const returns = await tx.selectFrom('returns').select(['id', 'number']).where('customer_id', 'in', customerIds).execute();
  const returnIds = ids(returns);
  const returnLineIds = returnIds.length
    ? ids(await tx.selectFrom('return_lines').select('id').where('return_id', 'in', returnIds).execute())
    : [];
  let photos = tx.selectFrom('return_photos').select('id').where('customer_id', 'in', customerIds);
  if (returnLineIds.length)
    photos = photos.union(tx.selectFrom('return_photos').select('id').where('return_line_id', 'in', returnLineIds));
  const photoIds = ids(await photos.execute());
  const accountIds = ids(
    await tx.selectFrom('store_credit_accounts').select('id').where('customer_id', 'in', customerIds).execute(),
  );
  const details = await personalDetails(tx, customerIds, orderIds);
  const listEntryIds = withListEntries ? await listEntriesOf(tx, customerIds, details.identifiers) : [];
  const exchangeIds = returnIds.length
    ? ids(await tx.selectFrom('exchange_orders').select('id').where('return_id', 'in', returnIds).execute())
    : [];
  return {
    customerIds,
    orderIds,
    returnIds,
    returnNumbers: returns.map((r) => r.number),
    returnLineIds,
    photoIds,
    accountIds,
    listEntryIds,
    subjects: {
      customer: customerIds,
      order: orderIds,
      return: returnIds,
      store_credit_account: accountIds,
      risk_list_entry: listEntryIds,
      exchange_order: exchangeIds,
    },
    values: details,
  };
}

/** The names, e-mails, phones and addresses of the customer rows and their orders, with the
 * normal forms the risk checks compare. */
async function personalDetails(tx: Tx | RetourDb, customerIds: string[], orderIds: string[]): Promise<PersonalValues> {
  const { rows: people } = await sql<{
    email: string;
    first_name: string | null;
    last_name: string | null;
    phone: string | null;
    postcode: string | null;
    normal_email: string | null;
  }>`select email, first_name, last_name, phone, postcode, retour_normal_email(email) as normal_email
       from customers where id in (${sql.join(customerIds)})`.execute(tx);
  const { rows: places } = orderIds.length
    ? await sql<{
        email: string;
        line1: string | null;
        line2: string | null;
        postcode: string;
        name: string | null;
        normal: string | null;
      }>`
        select email, shipping_address->>'line1' as line1, shipping_address->>'line2' as line2, shipping_postcode as postcode,
               shipping_address->>'name' as name, retour_normal_address(shipping_address) as normal
          from orders where id in (${sql.join(orderIds)})`.execute(tx)
    : { rows: [] };
  const present = (values: (string | null | undefined)[]) => values.filter((v): v is string => !!v);
  return personalValues({
    emails: present([...people.flatMap((p) => [p.email, p.normal_email]), ...places.map((p) => p.email)]),
    names: present(people.flatMap((p) => [p.first_name, p.last_name])),
    fullNames: present([
      ...people.map((p) => [p.first_name, p.last_name].filter(Boolean).join(' ')),
      ...places.map((p) => p.name),
    ]),
    phones: present(people.map((p) => p.phone)),
    streets: present(places.flatMap((p) => [p.line1, p.line2])),
    otherForms: present([...people.map((p) => p.postcode), ...places.flatMap((p) => [p.postcode, p.normal])]),
  });
}

/** Entries of the block and allow lists about the person: by customer id, or by the normal form
 * of one of their e-mails, phones, addresses or cards, or naming their e-mail or phone in what
 * staff typed (as a whole address or number, however written: the lists are kept by hand and
 * small, so they are read whole). */
async function listEntriesOf(tx: Tx | RetourDb, customerIds: string[], identifiers: string[]): Promise<string[]> {
  const { rows } = await sql<{ id: string; display: string | null; reason: string | null; by_key: boolean }>`
    select e.id, e.display, e.reason, (e.kind = 'customer' and e.value in (${sql.join(customerIds)}))
      or exists (select 1 from customers c where c.id in (${sql.join(customerIds)}) and (
        (e.kind = 'email' and e.value = retour_normal_email(c.email)) or (e.kind = 'phone' and e.value = retour_normal_phone(c.phone))))
      or exists (select 1 from orders o where o.customer_id in (${sql.join(customerIds)}) and (
        (e.kind = 'address' and e.value = retour_normal_address(o.shipping_address))
        or (e.kind = 'payment' and e.value = retour_normal_fingerprint(o.payment_fingerprint)))) as by_key
      from risk_list_entries e`.execute(tx);
  const named = personalMatcher(identifiers);
  return rows
    .filter((r) => r.by_key || (identifiers.length > 0 && (named(r.display ?? '') || named(r.reason ?? ''))))
    .map((r) => r.id);
}
