import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { LinkedCustomer } from '../../domain/risk/facts.js';
import { listMatchesSql } from './listMatches.js';

/** How many linked customers are read: the strongest first, enough for the signal and the page. */
export const LINKED_LIMIT = 50;

/** Customers sharing one key beyond whom it links no one (see linkedCustomersSql). */
export const SHARED_MOST = 20;
/** Rows read of one key at most: enough to count SHARED_MOST customers with several orders each. */
const SHARED_READ = 200;

/** Portal sightings older than this link no one: an IP changes hands, a device is passed on. */
const SIGHTING_DAYS = 90;

export interface LinkedRow {
  customer_id: string;
  via: string[];
  score: number;
  blocked: boolean;
}

/** The hashes (clientHash) of the device and IP the current request came from, if any. */
export interface ClientHashes {
  device: string | null;
  ip: string | null;
}

/**
 * Other customers linked to one: sharing the normal address, e-mail or payment fingerprint of an
 * order, the normal phone, or a device or IP seen in the portal (the current request's included),
 * each through its index. Each with what links them, their latest risk score and whether they are
 * blocked (segment, or a block-list entry of theirs); the highest scores first, at most
 * LINKED_LIMIT. A fragment, so the risk facts read it inside their own statement.
 */
export function linkedCustomersSql(customerId: string, client: ClientHashes, now: Date): RawBuilder<LinkedRow> {
  const since = new Date(now.getTime() - SIGHTING_DAYS * 86_400_000);
  return sql<LinkedRow>`
    with me as (select id, email, phone from customers where id = ${customerId}),
    mo as (select email, shipping_address, payment_fingerprint from orders where customer_id = ${customerId}),
    ms as (
      select device, ip from portal_sightings where customer_id = ${customerId} and at >= ${since}::timestamptz
      union select ${client.device}::text, ${client.ip}::text
    ),
    keys as (
      select 'address'::text as via, retour_normal_address(shipping_address) as v from mo
      union select 'email', retour_normal_email(email) from mo
      union select 'email', retour_normal_email(email) from me
      union select 'phone', retour_normal_phone(phone) from me where phone is not null
      union select 'payment', retour_normal_fingerprint(payment_fingerprint) from mo where payment_fingerprint is not null
      union select 'device', device from ms where device is not null
      union select 'ip', ip from ms where ip is not null
    ),
    -- Who else has each key, through its index, reading at most SHARED_READ rows of it: a key
    -- shared by many is read no further than needed to see that.
    found as (
      select k.via, array(
        select x.customer_id from (
          select o.customer_id from orders o where k.via = 'address' and retour_normal_address(o.shipping_address) = k.v
          union all select o.customer_id from orders o where k.via = 'email' and retour_normal_email(o.email) = k.v
          union all select c2.id from customers c2
            where k.via = 'phone' and c2.phone is not null and retour_normal_phone(c2.phone) = k.v
          union all select o.customer_id from orders o
            where k.via = 'payment' and o.payment_fingerprint is not null and retour_normal_fingerprint(o.payment_fingerprint) = k.v
          union all select s.customer_id from portal_sightings s
            where k.via = 'device' and s.device = k.v and s.at >= ${since}::timestamptz and s.customer_id is not null
          union all select s.customer_id from portal_sightings s
            where k.via = 'ip' and s.ip = k.v and s.at >= ${since}::timestamptz and s.customer_id is not null
        ) x limit ${SHARED_READ}) as cs
      from keys k where k.v is not null
    ),
    -- A door, e-mail, phone, card or device shared by more than SHARED_MOST customers is a pick-up
    -- point, an office, a marketplace's relay address or a shop's kiosk, not a ring: it links no one.
    hits as (
      select distinct c as customer_id, f.via from found f, unnest(f.cs) c
      where (select count(distinct x) from unnest(f.cs) x) <= ${SHARED_MOST}
    ),
    linked as (
      select h.customer_id, array_agg(distinct h.via order by h.via) as via, c.risk_score as score,
        c.segment = 'blocked' as blocked_segment
      -- Each by its key: joined, a plan without statistics (PGlite never gathers any) hashed every
      -- customer for a handful of hits.
      from hits h cross join lateral (select risk_score, segment from customers where id = h.customer_id offset 0) c
      where h.customer_id <> ${customerId}
      group by h.customer_id, c.risk_score, c.segment
      -- An IP alone links no one: a carrier's or an office's address is shared by strangers.
      having bool_or(h.via <> 'ip')
      order by c.risk_score desc, h.customer_id
      limit ${LINKED_LIMIT}
    ),
    listed as (${listMatchesSql(sql<string[]>`array(select customer_id from linked)`, now)})
    select l.customer_id, l.via, l.score,
      l.blocked_segment or exists (select 1 from listed m where m.customer_id = l.customer_id and m.list = 'block') as blocked
    from linked l
    order by l.score desc, l.customer_id`;
}

export const toLinkedCustomer = (r: LinkedRow): LinkedCustomer => ({
  customerId: r.customer_id,
  via: r.via,
  score: Number(r.score),
  blocked: r.blocked,
});

/** The customers linked to one (see linkedCustomersSql), in one statement. */
export async function linkedCustomers(
  db: Kysely<Database>,
  customerId: string,
  now: Date,
  client: ClientHashes = { device: null, ip: null },
): Promise<LinkedCustomer[]> {
  const { rows } = await linkedCustomersSql(customerId, client, now).execute(db);
  return rows.map(toLinkedCustomer);
}
