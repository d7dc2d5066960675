import { sql } from 'kysely';
import type { RetourDb } from '../../db/connection.js';
import { notFound } from '../../domain/errors.js';
import { CALLED_OFF_STATUSES } from '../../domain/returnStatus.js';
import { decodeCursor, toPage } from '../kernel/pagination.js';
import { likeLiteral } from '../kernel/searchText.js';

function presentCustomer(c: {
  id: string;
  email: string;
  first_name: string | null;
  last_name: string | null;
  country: string | null;
  postcode: string | null;
  segment: string;
  tags: string[];
  created_at: Date;
}) {
  return {
    id: c.id,
    email: c.email,
    firstName: c.first_name,
    lastName: c.last_name,
    country: c.country,
    postcode: c.postcode,
    segment: c.segment,
    tags: c.tags,
    createdAt: c.created_at.toISOString(),
  };
}

/** Customers by e-mail prefix or name, newest first. */
export async function listCustomers(db: RetourDb, f: { q?: string; cursor?: string; limit: number }) {
  let q = db.selectFrom('customers').selectAll();
  if (f.q) {
    const like = `${likeLiteral(f.q.trim().toLowerCase())}%`;
    q = q.where((eb) =>
      eb.or([eb('email', 'like', like), eb(sql`lower(last_name)`, 'like', like), eb(sql`lower(first_name)`, 'like', like)]),
    );
  }
  if (f.cursor) q = q.where('id', '<', decodeCursor(f.cursor));
  const rows = await q
    .orderBy('id', 'desc')
    .limit(f.limit + 1)
    .execute();
  const page = toPage(rows, f.limit);
  return { items: page.items.map(presentCustomer), nextCursor: page.nextCursor };
}

/** The page shows the most recent orders and returns; the counts and rates cover all of them. */
const LIST_LIMIT = 100;

/** What a returned line is worth: the order line's paid amount per unit, times the units asked
 * back, rounded down as settlements are, so it never exceeds what was paid. */
const lineValue = sql<number>`order_lines.paid_amount * return_lines.quantity / nullif(order_lines.quantity, 0)`;

/** A customer with their orders and returns, and how much of what they bought came back.
 * Four queries, whatever the number of orders and returns. */
export async function getCustomerDetail(db: RetourDb, customerId: string) {
  const c = await db.selectFrom('customers').selectAll().where('id', '=', customerId).executeTakeFirst();
  if (!c) throw notFound('Customer', customerId);
  const [stats, orders, returns] = await Promise.all([
    customerStats(db, customerId),
    recentOrders(db, customerId),
    recentReturns(db, customerId),
  ]);
  const bought = stats.bought ?? 0;
  const returned = stats.returned ?? 0;
  return {
    ...presentCustomer(c),
    orderCount: stats.orders ?? 0,
    returnCount: stats.returns ?? 0,
    unitsOrdered: bought,
    unitsReturned: returned,
    /** Share of the units bought that were asked back, 0–1. */
    returnRate: bought > 0 ? Math.min(returned / bought, 1) : 0,
    /** What the returned units were paid, in minor units. */
    valueReturned: stats.value ?? 0,
    orders: orders.map((o) => ({
      id: o.id,
      orderNumber: o.order_number,
      placedAt: o.placed_at.toISOString(),
      totalAmount: o.total_amount,
      currency: o.currency,
      lineCount: o.line_count,
      units: o.units,
    })),
    returns: returns.map((r) => ({
      id: r.id,
      number: r.number,
      status: r.status,
      orderId: r.order_id,
      orderNumber: r.order_number,
      currency: r.currency,
      createdAt: r.created_at.toISOString(),
      units: r.units,
      value: r.value,
    })),
  };
}

/** Counts of the customer's orders, returns and units, and what the returned units were worth. */
function customerStats(db: RetourDb, customerId: string) {
  return db
    .selectNoFrom((eb) => [
      eb.selectFrom('orders').select(sql<number>`count(*)::int`.as('n')).where('customer_id', '=', customerId).as('orders'),
      eb.selectFrom('returns').select(sql<number>`count(*)::int`.as('n')).where('customer_id', '=', customerId).as('returns'),
      eb
        .selectFrom('order_lines')
        .innerJoin('orders', 'orders.id', 'order_lines.order_id')
        .select(sql<number>`coalesce(sum(order_lines.quantity), 0)::int8`.as('n'))
        .where('orders.customer_id', '=', customerId)
        .as('bought'),
      eb
        .selectFrom('return_lines')
        .innerJoin('returns', 'returns.id', 'return_lines.return_id')
        .select(sql<number>`coalesce(sum(return_lines.quantity), 0)::int8`.as('n'))
        .where('returns.customer_id', '=', customerId)
        .where('returns.status', 'not in', CALLED_OFF_STATUSES)
        .as('returned'),
      eb
        .selectFrom('return_lines')
        .innerJoin('returns', 'returns.id', 'return_lines.return_id')
        .innerJoin('order_lines', 'order_lines.id', 'return_lines.order_line_id')
        .select(sql<number>`coalesce(sum(${lineValue}), 0)::int8`.as('n'))
        .where('returns.customer_id', '=', customerId)
        .where('returns.status', 'not in', CALLED_OFF_STATUSES)
        .as('value'),
    ])
    .executeTakeFirstOrThrow();
}

function recentOrders(db: RetourDb, customerId: string) {
  return db
    .selectFrom('orders')
    .leftJoin('order_lines', 'order_lines.order_id', 'orders.id')
    .select([
      'orders.id',
      'orders.order_number',
      'orders.placed_at',
      'orders.total_amount',
      'orders.currency',
      sql<number>`count(order_lines.id)::int`.as('line_count'),
      sql<number>`coalesce(sum(order_lines.quantity), 0)::int8`.as('units'),
    ])
    .where('orders.customer_id', '=', customerId)
    .groupBy('orders.id')
    .orderBy('orders.placed_at', 'desc')
    .orderBy('orders.id', 'desc')
    .limit(LIST_LIMIT)
    .execute();
}

function recentReturns(db: RetourDb, customerId: string) {
  return db
    .selectFrom('returns')
    .innerJoin('orders', 'orders.id', 'returns.order_id')
    .leftJoin('return_lines', 'return_lines.return_id', 'returns.id')
    .leftJoin('order_lines', 'order_lines.id', 'return_lines.order_line_id')
    .select([
      'returns.id',
      'returns.number',
      'returns.status',
      'returns.currency',
      'returns.created_at',
      'orders.id as order_id',
      'orders.order_number',
      sql<number>`coalesce(sum(return_lines.quantity), 0)::int8`.as('units'),
      sql<number>`coalesce(sum(${lineValue}), 0)::int8`.as('value'),
    ])
    .where('returns.customer_id', '=', customerId)
    .groupBy(['returns.id', 'orders.id'])
    .orderBy('returns.created_at', 'desc')
    .orderBy('returns.id', 'desc')
    .limit(LIST_LIMIT)
    .execute();
}
