import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../../../db/schema.js';
import { inFactTransaction } from './factTransaction.js';
import { MONEY_KINDS } from './returnFactsSql.js';

type Db = Kysely<Database>;

/** Days as 'YYYY-MM-DD' in the shop's time zone, or every day there is. */
export type Days = readonly string[] | 'all';

/** Customers by id, or all of them. */
export type CustomerIds = readonly string[] | 'all';

/** `table` as `alias`, or only its rows whose `column` (a timestamptz) falls on one of the days
 * in the time zone: a range of the column's index per day, never a scan of the whole table. */
function rowsOnDays(table: string, alias: string, column: string, days: Days, timeZone: string): RawBuilder<unknown> {
  const from = sql`${sql.table(table)} as ${sql.raw(alias)}`;
  if (days === 'all') return from;
  const col = sql.ref(`${alias}.${column}`);
  return sql`unnest(${[...new Set(days)]}::date[]) as d(day)
    join ${from} on ${col} >= (d.day::timestamp at time zone ${timeZone})
      and ${col} < ((d.day + 1)::timestamp at time zone ${timeZone})`;
}

/**
 * analytics_sales_days for these days: order lines by the order's placed day, per currency, SKU,
 * channel, shipping country and the customer's segment; cancelled orders are left out. Units are
 * the lines' quantities, value what was paid for them. Delete and insert, in one transaction.
 */
export async function refreshSalesDays(db: Db, days: Days, timeZone: string): Promise<void> {
  if (days !== 'all' && days.length === 0) return;
  await inFactTransaction(
    db,
    async (tx) => {
      if (days === 'all') await sql`truncate analytics_sales_days`.execute(tx);
      else await sql`delete from analytics_sales_days where day = any(${[...days]}::date[])`.execute(tx);
      await sql`insert into analytics_sales_days
        (day, currency, sku, channel_id, country, segment, variant_id, product_id, category_id, units, value_amount, lines)
      select (o.placed_at at time zone ${timeZone})::date, o.currency, ol.sku, o.channel_id, o.shipping_country,
        coalesce(c.segment, ''), max(ol.variant_id), max(v.product_id), max(p.category_id),
        sum(ol.quantity), sum(ol.paid_amount), count(*)
      from ${rowsOnDays('orders', 'o', 'placed_at', days, timeZone)}
      join order_lines ol on ol.order_id = o.id
      left join customers c on c.id = o.customer_id
      left join variants v on v.id = ol.variant_id
      left join products p on p.id = v.product_id
      where o.cancelled_at is null
      group by 1, 2, 3, 4, 5, 6`.execute(tx);
    },
    { exclusive: 'analytics_sales_days' },
  );
}

/**
 * analytics_delivery_days for these days: order-line units by the line's delivery day, per the
 * category of the variant's product ('' when none), channel and shipping country; cancelled orders
 * are left out. Delete and insert, in one transaction.
 */
export async function refreshDeliveryDays(db: Db, days: Days, timeZone: string): Promise<void> {
  if (days !== 'all' && days.length === 0) return;
  await inFactTransaction(
    db,
    async (tx) => {
      if (days === 'all') await sql`truncate analytics_delivery_days`.execute(tx);
      else await sql`delete from analytics_delivery_days where day = any(${[...days]}::date[])`.execute(tx);
      await sql`insert into analytics_delivery_days (day, category_id, channel_id, country, units, lines)
      select (ol.delivered_at at time zone ${timeZone})::date, coalesce(p.category_id, ''), o.channel_id,
        o.shipping_country, sum(ol.quantity), count(*)
      from ${rowsOnDays('order_lines', 'ol', 'delivered_at', days, timeZone)}
      join orders o on o.id = ol.order_id
      left join variants v on v.id = ol.variant_id
      left join products p on p.id = v.product_id
      where o.cancelled_at is null and ol.delivered_at is not null
      group by 1, 2, 3, 4`.execute(tx);
    },
    { exclusive: 'analytics_delivery_days' },
  );
}

/**
 * analytics_customers for these customers, per currency: orders placed (not cancelled), their
 * units and total paid, and the money that went back for their returns (succeeded refunds and the
 * store credit issued, bonus included). Delete and insert, in one transaction.
 */
export async function refreshCustomers(db: Db, customerIds: CustomerIds): Promise<void> {
  if (customerIds !== 'all' && customerIds.length === 0) return;
  const ids = customerIds === 'all' ? [] : [...new Set(customerIds)];
  const orderScope = customerIds === 'all' ? sql`true` : sql`o.customer_id = any(${ids}::text[])`;
  const returnScope = customerIds === 'all' ? sql`true` : sql`r.customer_id = any(${ids}::text[])`;
  // Every order's units in one pass for all customers; a few orders' by their index otherwise.
  const unitsJoin =
    customerIds === 'all'
      ? sql`left join (select order_id, sum(quantity) as units from order_lines group by order_id) l on l.order_id = o.id`
      : sql`left join lateral (select sum(quantity) as units from order_lines where order_id = o.id) l on true`;
  await inFactTransaction(
    db,
    async (tx) => {
      if (customerIds === 'all') await sql`truncate analytics_customers`.execute(tx);
      else await sql`delete from analytics_customers where customer_id = any(${ids}::text[])`.execute(tx);
      await sql`insert into analytics_customers
        (customer_id, currency, orders, units, gross_amount, returned_amount, first_order_at, last_order_at)
      with bought as (
        select o.customer_id, o.currency, count(*) as orders, sum(coalesce(l.units, 0)) as units,
          sum(o.total_amount) as gross, min(o.placed_at) as first_at, max(o.placed_at) as last_at
        from orders o
        ${unitsJoin}
        where o.cancelled_at is null and ${orderScope}
        group by 1, 2
      ),
      back as (
        select r.customer_id, st.currency, sum(st.amount) as returned
        from settlements st join returns r on r.id = st.return_id
        where st.status = 'succeeded' and st.kind = any(${MONEY_KINDS}::text[]) and ${returnScope}
        group by 1, 2
      )
      select coalesce(b.customer_id, k.customer_id), coalesce(b.currency, k.currency), coalesce(b.orders, 0),
        coalesce(b.units, 0), coalesce(b.gross, 0), coalesce(k.returned, 0), b.first_at, b.last_at
      from bought b full join back k on k.customer_id = b.customer_id and k.currency = b.currency`.execute(tx);
    },
    { exclusive: 'analytics_customers' },
  );
}
